"""Tokens per chunk (vezha.tokens) and sentences without choppa (vezha.sentences): exactly
tokenize-uk's output, on the rules that read across whitespace and on the bundled samples."""
import pytest
from tokenize_uk import tokenize_sents_with_spans

from vezha import tokens
from vezha.sentences import one_sentence, sentence_spans
from vezha.text import split_blocks

# One sentence of our own per CROSSING rule, where the rule reads across whitespace.
CROSSING_CASES = {
    "digit groups": "Збитки сягнули 5 000 гривень.",
    "n-dash and space": "Київ– та Львів готуються.",
    "в. о.": "Призначено в. о. міністра.",
    "к. с.": "Вони грали рок. с. Коваль.",
    "ч. л.": "Див. ч. л. 5.",
    "5 тис.": "Там було 5 тис. осіб.",
    "тис. грн": "Ціна 12 тис. грн за тонну.",
    "арт. 5": "Згідно з арт. 5 договору.",
    "Ман. Сіті": "Гравець Ман. Сіті забив гол.",
    "лат. word": "Назва походить від лат. natio.",
    "проф. Name": "Лекцію читав проф. Коваль.",
    "губ.": "Він жив у Київської губ. довго.",
    "А. Коваль": "Про це заявив А. Коваль.",
    "Коваль А.": "Про це заявив Коваль А. учора.",
    "кв. м": "Об'єм 50 куб. м води.",
    "н. е.": "Це сталося у 50 році до н. е. вперше.",
    "і т. д.": "Хліб, сіль і т. д.",
    "т. зв.": "Це т. зв. гібридна війна.",
    "ред.)": "Фото авт. статті.",
    "м. Київ": "Подія сталася в м. Київ учора.",
    "рік нар.": "Коваль (1990 р. нар.) виступив.",
    "нар. 1990": "Коваль, нар. 1990 року, виступив.",
    "млн. грн": "Бюджет 5 млн. грн на рік.",
    "та ін.": "Київ, Львів та ін. міста.",
}


def surfaces(sentence, spans):
    return [sentence[s:e] for s, e in spans]


def library_sentences(block):
    return [(s, e) for _, s, e in tokenize_sents_with_spans(block, language_code="uk_two")]


def framed_only(sentence):
    """Each chunk tokenized in its frame, the CROSSING rules ignored."""
    out = []
    for start, key in tokens.chunk_keys(sentence):
        out.extend((start + s, start + e) for s, e in tokens.framed_spans(*key))
    return out


def test_every_crossing_rule_has_a_case():
    assert set(CROSSING_CASES) == set(tokens.CROSSING)


@pytest.mark.parametrize("rule, sentence", CROSSING_CASES.items())
def test_a_rule_across_whitespace_sends_the_sentence_to_the_library(rule, sentence):
    library = tokens.library_spans(sentence)
    assert framed_only(sentence) != library           # chunk by chunk would be wrong here
    assert not tokens.chunkable(sentence)
    assert tokens.word_spans(sentence) == library


@pytest.mark.parametrize("sentence, expected", [
    ("Він пішов, див. нижче.", ["Він", "пішов", ",", "див.", "нижче", "."]),  # "див." inside
    ("Дивіться там, див.", ["Дивіться", "там", ",", "див", "."]),            # and at the end
    ("–Київ відповів.", ["–", "Київ", "відповів", "."]),           # a leading dash, first chunk
    ("Сказав він\n–Київ.", ["Сказав", "він", "–Київ", "."]),       # after a line break: kept
    ("Сказав він –Київ.", ["Сказав", "він", "–", "Київ", "."]),    # after a space: split
    ("Ціна 3,5 грн., а не 4.", ["Ціна", "3,5", "грн", ".", ",", "а", "не", "4", "."]),
    ("«Так», – сказав він.", ["«", "Так", "»", ",", "–", "сказав", "він", "."]),
])
def test_chunks_in_their_frames_give_the_library_tokens(sentence, expected):
    assert tokens.chunkable(sentence)
    assert surfaces(sentence, framed_only(sentence)) == expected
    assert surfaces(sentence, tokens.word_spans(sentence)) == expected
    assert tokens.library_spans(sentence) == tokens.word_spans(sentence)


@pytest.mark.parametrize("sentence", [
    "Див. сайт www.example.ua і пишіть на a@b.ua.",     # URLs are found in the whole text
    "Сло\u00adво\nпереноситься.",                         # a soft hyphen joins a line break
    "Тонкий\u2009пробіл тут.",                            # whitespace split otherwise
])
def test_unmodelled_chunks_send_the_sentence_to_the_library(sentence):
    assert not tokens.chunkable(sentence)
    assert tokens.word_spans(sentence) == tokens.library_spans(sentence)


def test_the_same_tokens_with_a_cold_or_a_warm_cache():
    sentence = "«Ми бачимо», – сказав Коваль-молодший у п'ятницю (12.05) о 10:30."
    tokens.CACHE.known.clear()
    cold = tokens.word_spans(sentence)           # many new chunks: the library's whole sentence
    assert ("сказав", " ", " ") in tokens.CACHE.known              # letters only: no library
    warm = tokens.word_spans(sentence)           # from the cache
    assert cold == warm == tokens.library_spans(sentence)
    tokens.CACHE.known.pop(("(12.05)", " ", " "))
    assert tokens.word_spans(sentence) == cold   # one new chunk: tokenized in its frame


@pytest.mark.parametrize("block, one", [
    ("Кремль заперечує свою участь.", True),
    ("\"Ми бачимо підготовку\",\n– розповів він.", False),   # a line break: choppa decides
    ("Це так. Це інакше.", False),
    ("Заголовок без крапки", True),
    ("Що далі?!»)", True),
    ("Вибухи ... і тиша", False),
    ("Перший пункт]] другий", False),
])
def test_a_block_without_a_possible_break_is_one_sentence(block, one):
    assert one_sentence(block) is one
    assert sentence_spans(block, "uk_two") == library_sentences(block)


@pytest.fixture(scope="module")
def sample_texts():
    from conftest import EXAMPLES
    from vezha.ingest import parse_html, parse_text
    texts = [parse_text(p.read_bytes(), p.name) for p in sorted(EXAMPLES.glob("articles/*.txt"))]
    texts += [parse_html(p.read_bytes(), p.name) for p in sorted(EXAMPLES.glob("pages/*.html"))]
    return [article.text for article in texts]


def test_samples_give_the_library_sentences_and_tokens(sample_texts):
    assert sample_texts
    for text in sample_texts:
        for start, end in split_blocks(text):
            block = text[start:end]
            library = library_sentences(block)
            assert sentence_spans(block, "uk_two") == library
            for s, e in library:
                assert tokens.word_spans(block[s:e]) == tokens.library_spans(block[s:e])
