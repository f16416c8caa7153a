"""The events stage: typed events in an ACLED-like scheme, from trigger words, in uk and ru.

A trigger is a token whose lemma is in ``TRIGGERS`` (or a two-word phrase of
``PHRASE_TRIGGERS``: "збирається до" = a visit). The event takes from the trigger's clause
(the sentence cut at ";", ":" and before subordinate conjunctions such as ", коли"):

* ``participants``: entity ids of the PER, ORG, PRO and LOC mentions in the clause;
* ``place``: the Place of a LOC mention after a preposition of location ("у Мінську", "на
  Донбасі"; ``AT_PREPOSITIONS``) or right after a strike/battle/territory verb ("обстріляли
  Харків"), or of a country adjective ("на білоруський аеродром");
  a place of origin ("з Білорусі") is a participant, not the place;
* ``time``: the value of a TimeExpr in the clause, else (not for statements) in the sentence;
  without one, a present-tense event or a past statement takes the publication date, and a
  past or future event has no time (never guessed);
* ``confidence``: ``BASE`` by trigger kind (verb, noun), lowered for hedged or future events
  (``HEDGES``, a future or modal verb) and raised when it has participants and a place.

A statement that announces sanctions, mobilisation or an invasion in the same clause is that
event ("оголосила мобілізацію"). A negated trigger ("жодного удару ... не завдавалось") and an event with neither participants,
place nor time ("удари припинилися") give no event.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable

from .model import Doc, Event, Mention, Place, Sentence, TimeExpr, Token
from .pipeline import Resources, Stage
from .times import clause_tense, verb_tense

__all__ = ["STAGE", "run", "parse_events", "sentence_events", "TRIGGERS", "EN_TRIGGERS", "PHRASE_TRIGGERS",
           "EVENT_TYPES", "clause_span"]

TRIGGERS: dict[str, tuple[str, ...]] = {
    "strike": ("удар", "обстріл", "обстріляти", "обстрілювати", "атакувати", "атака", "бомбардування",
               "бомбардувати", "вдарити", "обстрел", "обстрелять", "обстреливать", "атаковать",
               "бомбардировка", "вибух", "взрыв", "приліт"),
    "battle": ("бій", "штурм", "штурмувати", "наступ", "контрнаступ", "бой", "штурмовать",
               "наступление", "контрнаступление", "боєзіткнення"),
    "movement": ("перемістити", "переміщення", "перекинути", "перекидання", "передислокувати",
                 "передислокація", "відвести", "переместить", "перебросить", "переброска",
                 "передислоцировать", "передислокация"),
    "meeting": ("зустріч", "переговори", "перемовини", "візит", "саміт", "зустрітися", "відвідати",
                "поїздка", "встреча", "переговоры", "визит", "саммит", "встретиться", "посетить"),
    "statement": ("заявити", "заява", "оголосити", "заявить", "заявление", "объявить"),
    "sanctions": ("санкція", "санкції", "санкция", "санкции"),
    "mobilisation": ("мобілізація", "мобілізувати", "мобилизация", "мобилизовать"),
    "invasion": ("вторгнення", "вторгнутися", "напад", "вторжение", "нападение", "напасть"),
    "protest": ("протест", "мітинг", "страйк", "страйкувати", "демонстрація", "протестувати",
                "митинг", "забастовка", "бастовать", "демонстрация", "протестовать"),
    "territory": ("окупувати", "захопити", "звільнити", "оккупировать", "захватить", "освободить"),
}
# English has no lemmas here: its trigger words are listed in their frequent forms.
EN_TRIGGERS: dict[str, tuple[str, ...]] = {
    "strike": ("strike", "strikes", "airstrike", "airstrikes", "shelled", "shelling", "attacked",
               "attack", "attacks", "bombed", "bombing", "explosion", "explosions"),
    "battle": ("battle", "battles", "fighting", "clashes", "assault", "offensive", "counteroffensive"),
    "movement": ("redeployed", "moved", "relocated", "withdrew", "withdrawal", "deployed"),
    "meeting": ("talks", "meeting", "met", "visit", "visited", "summit", "negotiations"),
    "statement": ("said", "announced", "declared", "stated"),
    "sanctions": ("sanctions",),
    "mobilisation": ("mobilisation", "mobilization", "mobilised", "mobilized"),
    "invasion": ("invasion", "invaded"),
    "protest": ("protest", "protests", "rally", "demonstration"),
    "territory": ("captured", "occupied", "liberated", "seized"),
}
EVENT_TYPES = tuple(TRIGGERS)
TRIGGER_OF = {lemma: kind for table in (TRIGGERS, EN_TRIGGERS) for kind, lemmas in table.items() for lemma in lemmas}
# (lemma, next word) -> type: "Путін збирається до Лукашенка" is a visit.
PHRASE_TRIGGERS: dict[tuple[str, str], str] = {("збиратися", "до"): "meeting", ("собираться", "к"): "meeting",
                                               ("прилетіти", "до"): "meeting", ("приїхати", "до"): "meeting"}
# First words of the phrase triggers: only they need the next word looked at.
PHRASE_FIRST = frozenset(lemma for lemma, _ in PHRASE_TRIGGERS)
# Events a statement verb may announce: then the announcement is that event, not a statement.
ANNOUNCED = frozenset({"sanctions", "mobilisation", "invasion"})
# Types whose verb's direct object is the place ("обстріляли Харків", "захопили Ізюм").
TARGETED = frozenset({"strike", "battle", "territory"})
# "звільнити" is also "to dismiss": a territory event needs a LOC in its clause.
NEEDS_PLACE = frozenset({"territory"})
BASE = {"verb": 0.8, "noun": 0.7}
HEDGES = frozenset({"можливо", "мабуть", "ймовірно", "нібито", "може", "можуть", "возможно",
                    "вероятно", "якобы", "якщо", "если"})
NEGATIONS = frozenset({"не", "жодного", "жодних", "ні", "ни", "никаких", "no", "not", "never"})
AT_PREPOSITIONS = frozenset({"в", "у", "на", "під", "біля", "поблизу", "під", "над", "во", "под",
                             "около", "возле", "по", "in", "at", "near", "on"})
CLAUSE_CUTS = frozenset({";", ":", "•"})
SUBORDINATORS = frozenset({"що", "коли", "який", "яка", "які", "яке", "де", "щоб", "что", "когда",
                           "который", "которая", "которые", "где", "чтобы"})
COUNTRY_ADJECTIVES = {"білоруський": "BY", "російський": "RU", "український": "UA", "польський": "PL",
                      "белорусский": "BY", "российский": "RU", "украинский": "UA", "американський": "US"}


def run(doc: Doc, resources: Resources) -> Doc:
    """Add the events of ``doc``."""
    return dataclasses.replace(doc, events=parse_events(doc))


STAGE = Stage(name="events", run=run, needs=frozenset({"sentences", "mentions", "times", "places"}),
              provides=frozenset({"events"}))


def parse_events(doc: Doc) -> tuple[Event, ...]:
    out: list[Event] = []
    for i, sent in enumerate(doc.sentences):
        out.extend(sentence_events(doc, sent, i))
    return tuple(out)


def sentence_events(doc: Doc, sent: Sentence, index: int) -> list[Event]:
    seen: set[tuple[str, int]] = set()
    out = []
    kinds = _triggers(sent.tokens)
    announced = _announced_clauses(sent, kinds)
    for k, kind in enumerate(kinds):
        if kind is None or _negated(sent.tokens, k):
            continue
        lo, hi = clause_span(sent, k)
        if (kind, lo) in seen or (kind == "statement" and lo in announced):
            continue
        event = _event(doc, sent, index, k, kind, lo, hi)
        if event is not None:
            seen.add((kind, lo))
            out.append(event)
    return out


def _announced_clauses(sent: Sentence, kinds: list[str | None]) -> set[int]:
    """Clauses where a statement verb announces another event ("оголосила мобілізацію")."""
    return {clause_span(sent, k)[0] for k, kind in enumerate(kinds) if kind is not None and kind in ANNOUNCED}


def _triggers(tokens: tuple[Token, ...]) -> list[str | None]:
    """The event kind each token triggers (None for most)."""
    lemmas = [t.lemma.lower() for t in tokens]
    return [_phrase_trigger(tokens, k, lemma) if lemma in PHRASE_FIRST else TRIGGER_OF.get(lemma)
            for k, lemma in enumerate(lemmas)]


def _phrase_trigger(tokens: tuple[Token, ...], k: int, lemma: str) -> str | None:
    nxt = tokens[k + 1].text.lower() if k + 1 < len(tokens) else ""
    return PHRASE_TRIGGERS.get((lemma, nxt)) or TRIGGER_OF.get(lemma)


def _negated(tokens: tuple[Token, ...], k: int) -> bool:
    """"не" right before the trigger, or "жодного" + trigger ... "не" (a negated noun)."""
    before = {t.text.lower() for t in tokens[max(0, k - 2):k]}
    return bool(before & NEGATIONS)


def clause_span(sent: Sentence, k: int) -> tuple[int, int]:
    """Character span of the clause around token ``k``."""
    toks = sent.tokens
    lo = k
    while lo > 0 and not _cut_before(toks, lo):
        lo -= 1
    hi = k + 1
    while hi < len(toks) and not _cut_before(toks, hi):
        hi += 1
    return toks[lo].start, toks[hi - 1].end


def _cut_before(toks: tuple[Token, ...], i: int) -> bool:
    prev, here = toks[i - 1].text, toks[i].text.lower()
    return prev in CLAUSE_CUTS or (prev == "," and here in SUBORDINATORS)


def _event(doc: Doc, sent: Sentence, index: int, k: int, kind: str, lo: int, hi: int) -> Event | None:
    trigger = sent.tokens[k]
    mentions = [m for m in doc.mentions if lo <= m.start and m.end <= hi]
    place = _place(doc, sent, mentions, lo, hi)
    if kind in NEEDS_PLACE and place is None:
        return None
    by_id = _places_by_id(doc.places)
    ids = [mention_id(m, by_id) for m in mentions]
    participants = tuple(dict.fromkeys(i for i in ids if i != place))
    is_verb = trigger.pos in ("VERB", "INFN")
    tense = verb_tense(sent.tokens, k) if is_verb else clause_tense(sent.tokens, trigger.start, trigger.end)
    time = _time(doc, sent, lo, hi, kind, tense)
    if not participants and place is None and time is None:
        return None
    conf = _confidence(sent, k, lo, hi, tense, bool(participants) and place is not None)
    return Event(kind, trigger.start, trigger.end, doc.text[trigger.start:trigger.end], time, place,
                 participants, conf, index)


def mention_id(m: Mention, places: dict[str, Place] | None = None) -> str:
    """The mention's entity id, else its Place's id, else a stand-in of its type and base form."""
    if m.entity_id:
        return m.entity_id
    found = (places or {}).get(m.lemma or m.text) if m.type == "LOC" else None
    return found.entity_id if found is not None else f"{m.type}-{m.lemma or m.text}"


def _place(doc: Doc, sent: Sentence, mentions: Iterable[Mention], lo: int, hi: int) -> str | None:
    """The place of the first LOC mention after a preposition of location, else a country adjective."""
    by_id = _places_by_id(doc.places)
    for m in mentions:
        before = _preposition_before(sent, m.start)
        if m.type == "LOC" and (before in AT_PREPOSITIONS or TRIGGER_OF.get(_lemma_before(sent, m.start)) in TARGETED):
            found = by_id.get(m.entity_id) or by_id.get(m.lemma or m.text)
            if found is not None:
                return found.entity_id
    return _adjective_place(doc.places, sent, lo, hi)


def _places_by_id(places: Iterable[Place]) -> dict[str, Place]:
    out = {}
    for p in places:
        out.setdefault(p.name, p)
        out[p.entity_id] = p
    return out


def _lemma_before(sent: Sentence, start: int) -> str:
    before = [t for t in sent.tokens if t.end <= start]
    return before[-1].lemma.lower() if before else ""


def _preposition_before(sent: Sentence, start: int) -> str:
    before = [t for t in sent.tokens if t.end <= start]
    return before[-1].text.lower() if before else ""


def _adjective_place(places: Iterable[Place], sent: Sentence, lo: int, hi: int) -> str | None:
    """"на білоруський аеродром": the country Place of a country adjective after "на"/"в"."""
    for tok in sent.tokens:
        country = COUNTRY_ADJECTIVES.get(tok.lemma.lower())
        if country and lo <= tok.start < hi and _preposition_before(sent, tok.start) in AT_PREPOSITIONS:
            found = next((p for p in places if p.country == country and not p.admin1), None)
            if found is not None:
                return found.entity_id
    return None


def _time(doc: Doc, sent: Sentence, lo: int, hi: int, kind: str, tense: str) -> str | None:
    in_clause = [t for t in doc.times if lo <= t.start and t.end <= hi and t.value]
    if in_clause:
        return in_clause[0].value
    if kind != "statement":
        in_sentence = _sentence_times(doc.times, sent)
        if in_sentence:
            return in_sentence[0].value
    if tense == "" or (kind == "statement" and tense == "past"):
        return doc.article.published
    return None


def _sentence_times(times: Iterable[TimeExpr], sent: Sentence) -> list[TimeExpr]:
    return [t for t in times if sent.start <= t.start and t.end <= sent.end and t.value]


def _confidence(sent: Sentence, k: int, lo: int, hi: int, tense: str, complete: bool) -> float:
    trigger = sent.tokens[k]
    conf = BASE["verb" if trigger.pos in ("VERB", "INFN") else "noun"]
    words = {t.text.lower() for t in sent.tokens if lo <= t.start and t.end <= hi}
    if words & HEDGES or tense == "future":
        conf -= 0.2
    if complete:
        conf += 0.1
    return round(conf, 2)
