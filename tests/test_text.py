"""The text stage: blocks, sentences and tokens with exact offsets on news punctuation."""
import pytest

from vezha.model import Article, Paragraph
from vezha.text import segment, split_blocks

ARTICLE = (
    "Про це виданню розповів аналітик Андрій Коваль. На його думку, наступ можливий.\n\n"
    "За словами аналітика, Кремль хоче трьох речей:\n\n"
    "  • щоб Мінськ підтримав наступ;\n"
    "  • щоб кордон лишався відкритим;\n\n"
    "\"Ми бачимо підготовку, але не бачимо ударних груп\",\n"
    "– розповів він.\n\n"
    "Речник зазначив: «Ситуація під контролем». Дивіться також відео."
)


def sentences_of(text, morph, **kw):
    return [text[s.start:s.end] for s in segment(text, morph, **kw)]


@pytest.fixture(scope="module")
def morph():
    from vezha.morph import load_morph
    return load_morph()


def test_sentences_keep_a_lost_quote_tail_with_its_quote(morph):
    sents = sentences_of(ARTICLE, morph)
    assert "\"Ми бачимо підготовку, але не бачимо ударних груп\",\n– розповів він." in sents


@pytest.mark.parametrize("expected", [
    "Про це виданню розповів аналітик Андрій Коваль.",
    "На його думку, наступ можливий.",
    "За словами аналітика, Кремль хоче трьох речей:",
    "щоб Мінськ підтримав наступ;",                  # bullet mark dropped, item is its own block
    "щоб кордон лишався відкритим;",
    "Речник зазначив: «Ситуація під контролем».",
])
def test_sentences_of_a_news_article(morph, expected):
    assert expected in sentences_of(ARTICLE, morph)


@pytest.mark.parametrize("text, blocks", [
    ("Перший абзац.\n\nДругий абзац.", ["Перший абзац.", "Другий абзац."]),
    ("Вони назвали три цілі:\n- перша;\n- друга;\nДалі текст.", ["Вони назвали три цілі:", "- перша;", "- друга;\nДалі текст."]),
    ("\"Цитата\",\n– сказав він.", ["\"Цитата\",\n– сказав він."]),
    ("• один\n• два", ["один", "два"]),
])
def test_blocks_split_paragraphs_and_bullets_but_not_quote_tails(text, blocks):
    assert [text[s:e] for s, e in split_blocks(text)] == blocks


def test_token_offsets_index_the_text(morph):
    for sent in segment(ARTICLE, morph):
        for tok in sent.tokens:
            assert ARTICLE[tok.start:tok.end] == tok.text
            assert tok.start >= sent.start and tok.end <= sent.end


@pytest.mark.parametrize("surface, lemma", [
    ("Коваль", "коваль"), ("експерта", "експерт"), ("розповів", "розповісти"),
    ("Мінськ", "мінськ"), ("А-50У", "а-50у"), ("Су-34", "су-34"),
])
def test_tokens_carry_lemmas(morph, surface, lemma):
    text = f"Аналітик бачив, як {surface} і {surface} з'явилися."
    toks = [t for s in segment(text, morph) for t in s.tokens if t.text == surface]
    assert toks and all(t.lemma == lemma for t in toks)


def test_paragraph_language_picks_russian_rules(morph):
    text = "Киев сообщил об ударе.\n\nКиїв повідомив про удар."
    paras = (Paragraph(0, 22, "ru"), Paragraph(24, len(text), "uk"))
    sents = list(segment(text, morph, language="uk", paragraphs=paras))
    assert [s.language for s in sents] == ["ru", "uk"]
    assert sents[0].tokens[1].lemma == "сообщить"


def test_stage_adds_sentences_to_the_doc(pipeline, resources):
    doc = pipeline(Article(id="t", text=ARTICLE, source="t", language="uk"), resources)
    assert doc.sentences and doc.article.text == ARTICLE


@pytest.mark.parametrize("text, first", [
    ("\"Угода буде\", - сказала Т.Мей. Далі текст.", "\"Угода буде\", - сказала Т.Мей."),
    ("Прем'єр Т. Мей заявила, що угода буде. Інше речення.", "Прем'єр Т. Мей заявила, що угода буде."),
    ("Заявив О. Жданов. Потім інше.", "Заявив О. Жданов."),
])
def test_a_name_initial_does_not_end_the_sentence(morph, text, first):
    assert sentences_of(text, morph)[0] == first
