"""Property: any Doc saved comes back equal, and saving another under the same id replaces it."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vezha.model import (Alias, Article, Claim, Doc, Entity, Event, Mention, Paragraph, Place,
                         Quote, Segment, Sentence, Speaker, TimeExpr, Token)
from vezha.store import open_store

words = st.text(max_size=12)
ints = st.integers(-1, 10_000)
scores = st.floats(0, 1, allow_nan=False)
small = st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=2)
ids = st.sampled_from(["Q1", "Q2", "Q3", ""])

tokens = st.builds(Token, ints, ints, words, words, words, words, st.booleans())
sentences = st.builds(Sentence, ints, ints, st.tuples(tokens) | st.just(()), st.sampled_from(["uk", "ru"]))
speakers = st.builds(Speaker, words, ids, words, ints, ints, words)
mentions = st.builds(Mention, ints, ints, words, st.sampled_from(["PER", "LOC"]), words, ids,
                     scores, small)
quotes = st.builds(Quote, ints, ints, words, words, st.none() | speakers, words, ints, ints,
                   st.lists(speakers, max_size=2).map(tuple), ints,
                   st.lists(words, max_size=2).map(tuple), words)
entities = st.builds(Entity, st.sampled_from(["Q1", "Q2", "Q3"]), words, words,
                     st.lists(st.builds(Alias, words, words), max_size=2).map(tuple), small)


@st.composite
def docs(draw) -> Doc:
    text = draw(st.text(max_size=80))
    article = Article(id="same", text=text, source=draw(words), title=draw(st.none() | words),
                      url=draw(st.none() | words), published=draw(st.none() | words),
                      language=draw(words), content_hash=draw(words),
                      segments=tuple(draw(st.lists(st.builds(Segment, ints, ints, words, words),
                                                   max_size=2))),
                      paragraphs=tuple(draw(st.lists(st.builds(Paragraph, ints, ints, words),
                                                     max_size=2))),
                      meta=draw(small))
    claims = tuple(Claim(f"same:{i}", "same", draw(words), draw(words), draw(ints), draw(ints),
                         draw(words), draw(words), about=tuple(draw(st.lists(ids, max_size=2))))
                   for i in range(draw(st.integers(0, 2))))
    unique_entities = {e.id: e for e in draw(st.lists(entities, max_size=3))}
    return Doc(article=article, sentences=tuple(draw(st.lists(sentences, max_size=2))),
               mentions=tuple(draw(st.lists(mentions, max_size=3))),
               entities=tuple(unique_entities.values()),
               quotes=tuple(draw(st.lists(quotes, max_size=2))), claims=claims,
               times=tuple(draw(st.lists(st.builds(TimeExpr, ints, ints, words,
                                                   st.none() | words, words, words), max_size=2))),
               places=tuple(draw(st.lists(st.builds(Place, ids, words, scores, scores, words,
                                                    words, scores), max_size=2))),
               events=tuple(draw(st.lists(st.builds(Event, words, ints, ints, words,
                                                    st.none() | words, st.none() | ids,
                                                    st.lists(ids, max_size=2).map(tuple),
                                                    scores, ints), max_size=2))))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=docs())
def test_any_doc_round_trips_through_the_store(tmp_path, doc):
    with open_store(f"sqlite:///{tmp_path / 'prop.db'}") as store:
        store.save_doc(doc)
        assert store.get_doc("same") == doc
