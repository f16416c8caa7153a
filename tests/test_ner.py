"""Recognition with the shipped model: types and exact spans on self-written sentences."""
from __future__ import annotations

import pytest

from vezha import ner, text
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
