"""The quote rules' view of a document: computed once per text and tokens, never stale."""
from __future__ import annotations

import dataclasses
import json

from vezha import text as text_stage
from vezha.model import Article, Doc, Entity, Mention, from_dict, to_dict
from vezha.quote_text import TextKey, _text_context, build_context

TEXT = "«Укриття працюють цілодобово», – заявив мер Києва Віталій Кличко."


def tokenised(resources, text: str = TEXT) -> Doc:
    return text_stage.run(Doc(Article(id="t", text=text, source="t", language="uk")), resources)


def test_stages_of_one_document_share_the_text_part(resources):
    doc = tokenised(resources)
    first = build_context(doc, debug=True)
    again = build_context(dataclasses.replace(doc, quotes=()))
    assert again.words is first.words and again.units is first.units
    assert (first.debug, again.debug) == (True, False)


def test_an_equal_document_from_elsewhere_finds_the_same_text_part(resources):
    doc = tokenised(resources)
    copy = from_dict(Doc, json.loads(json.dumps(to_dict(doc))))
    _text_context.cache_clear()
    fresh = build_context(doc)
    assert copy.sentences is not doc.sentences
    assert build_context(copy).words is fresh.words and build_context(copy) == fresh


def test_other_tokens_of_the_same_text_are_read_afresh(resources):
    doc = tokenised(resources)
    bare = dataclasses.replace(doc, sentences=())
    with_readings, without = build_context(doc), build_context(bare)
    assert any(w.lemma for w in with_readings.words)
    assert not any(w.lemma for w in without.words)


def test_mentions_and_entity_names_are_the_documents_own(resources):
    doc = tokenised(resources)
    start = TEXT.index("Віталій")
    named = dataclasses.replace(
        doc, mentions=(Mention(start, start + 14, "Віталій Кличко", "PER", entity_id="per:k"),),
        entities=(Entity("per:k", "Віталій Кличко", "PER"),))
    assert build_context(doc).mentions == ()
    ctx = build_context(named)
    assert ctx.mentions_at[start][0].entity_id == "per:k"
    assert ctx.entity_names == {"per:k": "Віталій Кличко"}


def test_text_keys_compare_by_value():
    assert TextKey("a b", "uk", ()) == TextKey("a b", "uk", ())
    assert hash(TextKey("a b", "uk", ())) == hash(TextKey("a b", "ru", ()))
    assert TextKey("a b", "uk", ()) != TextKey("a b", "ru", ())
