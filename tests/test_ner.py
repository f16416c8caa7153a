"""Recognition with the shipped model: types and exact spans on self-written sentences."""
from __future__ import annotations

import pytest

from vezha import ner, text
from vezha import ner_features as features
from vezha import ner_places as places
from vezha import ner_rules as rules
from vezha.model import Article, Doc, Token
from vezha.ner import bio_labels, shape, spans_from_labels, strip_quotes
from vezha.model import Mention


def found(sentence: str, resources, lang: str = "uk") -> set[tuple[str, str]]:
    doc = text.run(Doc(article=Article(id="t", text=sentence, source="t", language=lang)), resources)
    return {(m.text, m.type) for m in ner.recognize(doc, resources["ner"])}


FOUND = [
    ("Про це розповів військовий експерт Олег Жданов.", ("Олег Жданов", "PER")),
    ("Путін збирається до Лукашенка у Мінськ.", ("Путін", "PER")),
    ("Путін збирається до Лукашенка у Мінськ.", ("Лукашенка", "PER")),
    ("Путін збирається до Лукашенка у Мінськ.", ("Мінськ", "LOC")),
    ("Білорусь може оголосити про вихід з ОДКБ.", ("ОДКБ", "ORG")),
    ("Удари завдавали з території Білорусі по Україні.", ("Білорусі", "LOC")),
    ("Удари завдавали з території Білорусі по Україні.", ("Україні", "LOC")),
    ("Про це повідомили в Генштабі ЗСУ у неділю.", ("Генштабі ЗСУ", "ORG")),
    ("Путин встретился с Лукашенко в Минске.", ("Минске", "LOC")),
]

NOT_ENTITIES = [
    ("Українці та росіяни читають новини щодня.", "Українці"),
    ("Українці та росіяни читають новини щодня.", "росіяни"),
    ("Російські війська відступили, а білоруські залишилися.", "Російські"),
    ("Вчора ввечері почався дощ.", "Вчора"),
]


@pytest.mark.parametrize("sentence, expected", FOUND)
def test_names_are_found_with_type_and_exact_span(sentence, expected, resources):
    lang = "ru" if "Путин" in sentence else "uk"
    assert expected in found(sentence, resources, lang)


@pytest.mark.parametrize("sentence, word", NOT_ENTITIES)
def test_lowercase_demonyms_and_capitalised_common_words_are_not_entities(sentence, word, resources):
    assert all(word not in t for t, _ in found(sentence, resources))


def test_quoted_company_keeps_or_drops_quotes_in_pairs(resources):
    spans = found("Керівник компанії «Укртрансгаз» подав у відставку.", resources)
    names = {t for t, _ in spans}
    assert names & {"«Укртрансгаз»", "Укртрансгаз"}


@pytest.mark.parametrize("word, expected", [("Путін", "Xx"), ("ЗСУ", "X"), ("А-50У", "X-dX"), ("iPhone", "xXx")])
def test_word_shape(word, expected):
    assert shape(word) == expected


def test_bio_labels_round_trip_to_spans():
    toks = (Token(0, 4, "Олег"), Token(5, 11, "Жданов"), Token(12, 17, "прибув"), Token(18, 20, "до"),
            Token(21, 26, "Києва"))
    mentions = [Mention(0, 11, "Олег Жданов", "PER"), Mention(21, 26, "Києва", "LOC")]
    labels = bio_labels(toks, mentions)
    assert labels == ["B-PER", "I-PER", "O", "O", "B-LOC"]
    assert spans_from_labels(toks, labels) == [(0, 11, "PER"), (21, 26, "LOC")]


@pytest.mark.parametrize("text_, span, expected", [
    ("«Укртрансгаз»", (0, 13), (0, 13)), ("«Укртрансгаз", (0, 12), (1, 12)), ("Нафтогаз»", (0, 9), (0, 8)),
])
def test_unbalanced_quotes_are_left_out_of_spans(text_, span, expected):
    assert strip_quotes(text_, *span) == expected


@pytest.mark.parametrize("word, expected", [("Ryanair", "L"), ("Путін", "C"), ("Boeing-737", "L"),
                                            ("ТОВ-Ltd", "M"), ("2024", "N")])
def test_word_script(word, expected):
    assert ner.script(word) == expected


def _toks(words: str) -> tuple[Token, ...]:
    out, at = [], 0
    for w in words.split():
        out.append(Token(at, at + len(w), w))
        at += len(w) + 1
    return tuple(out)


@pytest.mark.parametrize("words, i, expected", [
    ("рейси Ryanair скасовано", 1, True), ("Ryanair скасував рейси", 0, False),
    ("сказав : Ryanair", 2, False), ("рейси ryanair", 1, False)])
def test_capitalised_mid_sentence(words, i, expected):
    assert ner.capitalised_mid(_toks(words), i) is expected


class _Marginals:
    """A stand-in for a pycrfsuite tagger: fixed marginals per token."""
    def __init__(self, rows):
        self.rows = rows

    def labels(self):
        return sorted({lab for row in self.rows for lab in row})

    def marginal(self, label, k):
        return self.rows[k].get(label, 0.0)


@pytest.mark.parametrize("p_o, expected", [(0.55, "B-ORG"), (0.8, "O")])
def test_unsure_capitalised_word_takes_its_most_probable_type(p_o, expected):
    rest = 1 - p_o
    rows = [{"O": 1.0}, {"O": p_o, "B-ORG": rest * 0.6, "B-LOC": rest * 0.4}, {"O": 1.0}]
    tagger = ner.NerTagger(_Marginals(rows))
    assert ner.unsure(tagger, _toks("як Ryanair скасував"), ["O", "O", "O"])[1] == expected


# --- the rules after the CRF, on token chunks (first token, last token, type) ----------------

@pytest.mark.parametrize("words, chunk, expected", [
    ("ТОВ « Авангард 10 » купило", (0, 3, "ORG"), (0, 4, "ORG")),      # the open quote is closed
    ("ТОВ « Авангард 10 » купило", (0, 4, "ORG"), (0, 4, "ORG")),      # already balanced
    ("компанія Авангард » купила", (1, 1, "ORG"), (1, 1, "ORG")),       # nothing open: stays
    ('НАК " Нафтогаз України " заявив', (0, 3, "ORG"), (0, 4, "ORG")),  # straight quotes
])
def test_close_quotes_takes_the_closing_quote_of_a_name(words, chunk, expected):
    assert rules.close_quotes(_toks(words), chunk) == expected


@pytest.mark.parametrize("words, chunk, expected", [
    ("склад на вул. Хрещатик , 30 у", (3, 3, "LOC"), (2, 5, "LOC")),         # street word and number
    ("на вул. Лумумби , 4 / 6 ,", (1, 2, "LOC"), (1, 6, "LOC")),             # "4 / 6"
    ("вулиця Московська закрита", (1, 1, "LOC"), (0, 1, "LOC")),
    ("на проспекті Карла Маркса", (2, 3, "PER"), (1, 3, "LOC")),             # a street named after a man
    ("з Києва , 30 років", (1, 1, "LOC"), (1, 1, "LOC")),                    # no street word: no number
    ("на Оболонському проспекті , 6 .", (1, 2, "LOC"), (1, 4, "LOC")),      # the street word last
    ("на вул. Лумумби , 4 / 6 ,", (1, 4, "LOC"), (1, 6, "LOC")),           # the CRF took "4" already
    ("у провулку 1-й Польовий , 8 .", (3, 3, "LOC"), (1, 5, "LOC")),       # street word, ordinal, name
    ("( Кіпр , 36 % )", (1, 3, "LOC"), (1, 1, "LOC")),                     # a share is no house number
    ("на вул. Хрещатик , 36 % площі", (1, 2, "LOC"), (1, 2, "LOC")),
])
def test_address_takes_the_street_word_and_the_house_number(words, chunk, expected):
    lemmas = {"вулиця": "вулиця", "проспекті": "проспект", "провулку": "провулок"}
    toks = tuple(Token(t.start, t.end, t.text, lemmas.get(t.text, "")) for t in _toks(words))
    assert places.address(toks, chunk) == expected


@pytest.mark.parametrize("text_, spans, expected", [
    ("про це пишуть «Наші гроші. Львів» з посиланням", [(15, 26, "PRO"), (27, 32, "LOC")], [(15, 32, "PRO")]),
    ("«Наші гроші.\nЛьвів» в публікації", [(1, 12, "PRO"), (13, 18, "LOC")], [(1, 18, "PRO")]),
    ("у Києві. Львів теж", [(2, 7, "LOC"), (9, 14, "LOC")], [(2, 7, "LOC"), (9, 14, "LOC")]),   # no quotes
    ("«Київ». «Львів»", [(1, 5, "LOC"), (9, 14, "LOC")], [(1, 5, "LOC"), (9, 14, "LOC")]),    # two quotes
    ("«Наші гроші. Львів", [(1, 12, "PRO"), (13, 18, "LOC")], [(1, 12, "PRO"), (13, 18, "LOC")]),  # never closed
])
def test_a_quoted_name_cut_at_its_full_stop_is_one_name(text_, spans, expected):
    assert rules.dotted_names(text_, spans) == expected


@pytest.mark.parametrize("words, found, expected", [
    ("вул. Ірпінська , 64 і Донецька , 7 .", [(0, 3, "LOC"), (5, 5, "LOC")], [(0, 3, "LOC"), (5, 7, "LOC")]),
    ("у Києві і Львові , 7 років", [(1, 1, "LOC"), (3, 3, "LOC")], [(1, 1, "LOC"), (3, 3, "LOC")]),
])
def test_streets_listed_after_a_street_take_their_house_numbers(words, found, expected):
    lemmas = {"вул.": "вул."}
    toks = tuple(Token(t.start, t.end, t.text, lemmas.get(t.text, "")) for t in _toks(words))
    assert places.street_list(toks, found) == expected


@pytest.mark.parametrize("text_, expected", [("Донецька обл.", 12), ("Донецьк.", 8), ("м. Київ", 7)])
def test_final_dot_of_obl_is_left_out(text_, expected):
    assert rules.drop_final_dot(text_, 0, len(text_)) == expected


def test_surname_of_a_tagged_full_name_is_tagged_alone(resources):
    spans = found("Тереза Мей прибула до Брюсселя. Там Мей зустрілася з колегами.", resources)
    assert ("Мей", "PER") in spans


def test_word_features_are_cached_per_form():
    toks = _toks("Олег Жданов прибув")
    first = features.sentence_features(toks, "uk")
    assert features.sentence_features(toks, "uk") == first
    assert features._word.cache_info().hits > 0


@pytest.mark.parametrize("types, probs, expected", [
    # one name typed two ways: the type with the most probability over all its mentions wins
    (["ORG", "PRO", "ORG"], [{"ORG": 0.6, "PRO": 0.4}, {"ORG": 0.3, "PRO": 0.5}, {"ORG": 0.5, "PRO": 0.4}],
     ["ORG", "ORG", "ORG"]),
    (["ORG", "PRO"], [{"ORG": 0.4, "PRO": 0.3}, {"ORG": 0.1, "PRO": 0.9}], ["PRO", "PRO"]),   # sure beats many
    (["LOC"], [{"LOC": 0.4, "ORG": 0.6}], ["LOC"]),                                         # one mention: kept
])
def test_one_type_per_article(types, probs, expected):
    found = [(10 * k, 10 * k + 7, t) for k, t in enumerate(types)]
    keys = [("ryanair",)] * len(types)
    assert [t for _, _, t in rules.one_type(found, keys, probs)] == expected


def test_type_probabilities_are_the_mean_over_a_chunks_tokens():
    rows = [{"B-ORG": 0.8, "B-LOC": 0.2}, {"I-ORG": 0.4, "I-LOC": 0.6}]
    probs = rules.type_probabilities(ner.NerTagger(_Marginals(rows)), 0, 1)
    assert probs["ORG"] == pytest.approx(0.6) and probs["LOC"] == pytest.approx(0.4) and probs["PER"] == 0


def test_one_type_keeps_the_type_the_knowledge_base_gave():
    """"HIMARS" typed PRO by the KB in one sentence stays PRO in all, however the CRF leans."""
    found = [(0, 6, "PRO"), (40, 46, "ORG"), (80, 86, "ORG")]
    keys = [("himars",)] * 3
    probs = [{"ORG": 0.9, "PRO": 0.1}] * 3
    assert [t for _, _, t in rules.one_type(found, keys, probs, [True, False, False])] == ["PRO"] * 3
    assert [t for _, _, t in rules.one_type(found, keys, probs)] == ["ORG"] * 3


def test_one_type_a_surname_alone_is_the_person_of_the_full_name():
    found = [(0, 10, "PER"), (20, 23, "ORG"), (30, 35, "LOC")]
    keys = [("тереза", "мей"), ("мей",), ("брюссель",)]
    probs = [{"PER": 0.9}, {"ORG": 0.6, "PER": 0.4}, {"LOC": 1.0}]
    assert [t for _, _, t in rules.one_type(found, keys, probs)] == ["PER", "PER", "LOC"]


@pytest.mark.parametrize("share, expected", [(1.0, [True] * 4), (0.5, [False, True, False, True])])
def test_training_sees_the_gazetteer_in_a_share_of_the_documents(share, expected, resources):
    from vezha.corpora import Annotated
    from vezha.train import segmented, sequences
    docs = [Annotated(f"d{k}", "Марія поїхала до Львова.", "uk", ()) for k in range(4)]
    texts = segmented(docs, resources["morph"])
    gaz = {"львова": "LOC", "львів": "LOC"}
    seqs = sequences(texts, resources["morph"], gaz, gazetteer_share=share)
    assert [any(f.startswith("gaz=") for tok in xs for f in tok) for xs, _ in seqs] == expected


@pytest.mark.parametrize("words, chunk, expected", [
    ("на вулицях Броварська , Головатого і", (2, 4, "LOC"), [(2, 2, "LOC"), (4, 4, "LOC")]),
    ("склад на Хрещатик , 30 у", (2, 4, "LOC"), [(2, 4, "LOC")]),         # a house number stays
    ("фірма Роги , Копита і", (1, 3, "ORG"), [(1, 3, "ORG")]),           # only places are split
])
def test_list_of_places_is_split_at_commas(words, chunk, expected):
    assert places.split_list(_toks(words), chunk) == expected


@pytest.mark.parametrize("words, lemma, found, expected", [
    ("напад на Північ України .", "північ", [(2, 2, "LOC"), (3, 3, "LOC")], [(2, 3, "LOC")]),
    ("вітер з півночі України .", "північ", [(3, 3, "LOC")], [(3, 3, "LOC")]),     # lowercase: no name
    ("Захід і Україна .", "захід", [(0, 0, "LOC"), (2, 2, "LOC")], [(0, 0, "LOC"), (2, 2, "LOC")]),
])
def test_compass_point_and_the_place_after_it_are_one_place(words, lemma, found, expected):
    toks = tuple(Token(t.start, t.end, t.text, lemma if k == 0 or t.text.lower().startswith(lemma[:4]) else "")
                 for k, t in enumerate(_toks(words)))
    assert places.compass(toks, found) == expected


@pytest.mark.parametrize("words, chunk, expected", [
    ("у смт Саврань відкрили", (2, 2, "ORG"), (2, 2, "LOC")),
    ("у м. Києву надали", (2, 2, "ORG"), (2, 2, "LOC")),
    ("у фірмі Саврань відкрили", (2, 2, "ORG"), (2, 2, "ORG")),        # no settlement word
])
def test_name_after_a_settlement_word_is_a_place(words, chunk, expected):
    assert places.settlement(_toks(words), chunk) == expected


@pytest.mark.parametrize("words, found, expected", [
    ("вул. Горького , Якубовського та Шевченка", [(0, 1, "LOC"), (3, 3, "PER"), (5, 5, "PER")],
     [(0, 1, "LOC"), (3, 3, "LOC"), (5, 5, "LOC")]),
    ("Київ і Олег Жданов", [(0, 0, "LOC"), (2, 3, "PER")], [(0, 0, "LOC"), (2, 3, "PER")]),   # no street
])
def test_names_listed_after_a_street_are_streets(words, found, expected):
    assert places.street_list(_toks(words), found) == expected
