"""The events stage: typed events with participants, place, time and confidence."""
import dataclasses

import pytest

from vezha.events import parse_events
from vezha.model import Article, Doc, Mention, Place
from vezha.times import parse_times

PLACES = {
    "Харків": Place("LOC-Kharkiv", "Харків", 49.99, 36.23, "UA", "Kharkiv Oblast"),
    "Мінськ": Place("LOC-Minsk", "Мінськ", 53.9, 27.57, "BY", "BY.04"),
    "Білорусь": Place("LOC-Belarus", "Білорусь", 53.7, 27.9, "BY", ""),
    "Росія": Place("LOC-Russia", "Росія", 61.5, 105.3, "RU", ""),
    "Ізюм": Place("LOC-Izium", "Ізюм", 49.21, 37.27, "UA", "Kharkiv Oblast"),
}


@pytest.fixture(scope="module")
def morph():
    from vezha.morph import load_morph
    return load_morph()


def analyse(text, mentions, morph, published="2022-12-20"):
    """A Doc with sentences, the given mentions [(surface, type, lemma)], times and places."""
    from vezha.text import segment
    ms = tuple(_mention(text, surface, kind, lemma) for surface, kind, lemma in mentions)
    sents = tuple(segment(text, morph, "uk"))
    doc = Doc(Article("t", text, "test", published=published, language="uk"), sents, ms)
    places = tuple(PLACES[m.lemma] for m in ms if m.type == "LOC" and m.lemma in PLACES)
    return dataclasses.replace(doc, times=parse_times(text, sents, published), places=places)


def _mention(text, surface, kind, lemma):
    start = text.index(surface)
    eid = PLACES[lemma].entity_id if lemma in PLACES else f"{kind}-{lemma}"
    return Mention(start, start + len(surface), surface, kind, lemma, eid)


def summary(doc):
    return [(e.type, e.trigger, e.time, e.place, set(e.participants)) for e in parse_events(doc)]


def test_a_strike_takes_its_target_as_place_and_its_day(morph):
    doc = analyse("Вчора російські війська обстріляли Харків.", [("Харків", "LOC", "Харків")], morph)
    assert summary(doc) == [("strike", "обстріляли", "2022-12-19", "LOC-Kharkiv", set())]


def test_a_meeting_has_participants_place_and_date(morph):
    doc = analyse("У Мінську Путін і Лукашенко провели переговори 19 грудня.",
                  [("Мінську", "LOC", "Мінськ"), ("Путін", "PER", "Путін"), ("Лукашенко", "PER", "Лукашенко")],
                  morph)
    assert summary(doc) == [("meeting", "переговори", "2022-12-19", "LOC-Minsk", {"PER-Путін", "PER-Лукашенко"})]


def test_a_movement_to_a_country_adjective_place(morph):
    text = "З Росії на білоруський аеродром перемістили літак А-50У."
    doc = analyse(text, [("Росії", "LOC", "Росія"), ("А-50У", "PRO", "А-50У")], morph)
    doc = dataclasses.replace(doc, places=doc.places + (PLACES["Білорусь"],))
    (event,) = parse_events(doc)
    assert (event.type, event.place, set(event.participants)) == ("movement", "LOC-Belarus",
                                                                   {"LOC-Russia", "PRO-А-50У"})
    assert event.time is None           # past, no date in the sentence: not guessed
    assert event.confidence >= 0.8


@pytest.mark.parametrize("text,mentions,kind", [
    ("ЄС запровадив нові санкції проти Росії.", [("ЄС", "ORG", "ЄС"), ("Росії", "LOC", "Росія")], "sanctions"),
    ("Росія оголосила мобілізацію 21 вересня.", [("Росія", "LOC", "Росія")], "mobilisation"),
    ("ЗСУ звільнили Ізюм у вересні.", [("ЗСУ", "ORG", "ЗСУ"), ("Ізюм", "LOC", "Ізюм")], "territory"),
    ("Запеклі бої тривають біля Харкова.", [("Харкова", "LOC", "Харків")], "battle"),
    ("Речник Пентагону заявив про нову допомогу.", [("Пентагону", "ORG", "Пентагон")], "statement"),
])
def test_event_types_from_trigger_lemmas(text, mentions, kind, morph):
    assert kind in {e.type for e in parse_events(analyse(text, mentions, morph))}


@pytest.mark.parametrize("text,mentions", [
    ("Жодного удару з території Білорусі не завдавалось.", [("Білорусі", "LOC", "Білорусь")]),
    ("Міністра звільнили з посади.", []),                     # "звільнити" without a place
    ("І удари раптово припинилися.", []),                     # nothing to anchor it
])
def test_negated_or_unanchored_triggers_give_no_event(text, mentions, morph):
    assert parse_events(analyse(text, mentions, morph)) == ()


def test_hedged_future_events_have_lower_confidence(morph):
    mentions = [("Путін", "PER", "Путін"), ("Білорусі", "LOC", "Білорусь")]
    hedged = parse_events(analyse("Путін, можливо, завдасть удару з Білорусі.", mentions, morph))
    plain = parse_events(analyse("Путін завдав удару з Білорусі.", mentions, morph))
    assert hedged[0].confidence < plain[0].confidence


def test_reference_article_events(shared_dir, morph):
    """The A-50U moved to a Belarusian airfield; a planned visit to Minsk; July strikes from Belarus."""
    import json
    from vezha.text import segment
    gold = json.loads((shared_dir / "eval" / "gold" / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
    text = gold["text"]
    ms = tuple(Mention(e["start"], e["end"], e["text"], e["type"], e["lemma"],
                       PLACES[e["lemma"]].entity_id if e["lemma"] in PLACES else "") for e in gold["entities"])
    sents = tuple(segment(text, morph, "uk"))
    doc = Doc(Article("seed", text, "seed", published=gold["published"], language="uk"), sents, ms,
              times=parse_times(text, sents, gold["published"]), places=tuple(PLACES.values()))
    events = parse_events(doc)
    found = {(e.type, e.trigger, e.time, e.place) for e in events}
    assert ("movement", "перемістили", None, "LOC-Belarus") in found
    assert ("meeting", "збирається", None, "LOC-Minsk") in found
    assert ("strike", "удари", "2022-07", None) in found
    assert not any(e.trigger == "удару" for e in events)     # "жодного удару ... не завдавалось"


def test_labour_strikes_are_protests(morph):
    doc = analyse("Пілоти Ryanair у Німеччині проголосували за страйк.", [("Німеччині", "LOC", "Німеччина")], morph)
    assert [e.type for e in parse_events(doc)] == ["protest"]


def test_english_trigger_words(morph):
    from vezha.text import segment
    text = "Russian forces shelled Kharkiv yesterday."
    ms = (Mention(22, 29, "Kharkiv", "LOC", "Kharkiv", "LOC-Kharkiv"),)
    sents = tuple(segment(text, morph, "en"))
    doc = Doc(Article("en", text, "test", published="2022-12-18", language="en"), sents, ms,
              times=parse_times(text, sents, "2022-12-18"), places=(PLACES["Харків"],))
    assert [(e.type, e.time, e.place) for e in parse_events(doc)] == [("strike", "2022-12-17", "LOC-Kharkiv")]
