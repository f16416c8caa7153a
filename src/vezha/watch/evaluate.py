"""Rules against one document: which rules it hits and with what evidence (pure functions).

``compile_watchlist`` resolves every name of a watchlist once; ``match_doc`` runs the rules
that need nothing but the document (entity, speaker, event). Claims rules (``change.py``) and
bursts (``burst.py``) also need the store's history and are run by ``watcher.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from ..kb import KB, alias_key
from ..model import Claim, Doc, Event
from .resolve import Finder, Target, resolve_names
from .rules import Rule, Watchlist

__all__ = ["Evidence", "Hit", "Compiled", "compile_watchlist", "match_doc", "quote_index",
           "claim_evidence", "speaker_matches", "about_matches", "MATCHERS"]

SNIPPET = 300


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a rule hit: the article, the span, the quote (for ``#q{n}`` links) and what it was."""
    article_id: str
    kind: str               # mention, claim, event
    start: int
    end: int
    text: str
    quote: int = -1         # index in Doc.quotes, -1 if none
    detail: str = ""        # e.g. "repeats <claim id>: «...»"


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule hitting one document."""
    watchlist: str
    rule: str
    kind: str
    subject: str            # what it is about: entity ids, the earlier claim, the day
    summary: str
    evidence: Evidence
    statistic: str = ""
    story: str = ""         # set for hits that are not per story (bursts: "day:ID:DATE")


@dataclass(frozen=True, slots=True)
class Compiled:
    """A rule with its names resolved."""
    watchlist: str
    rule: Rule
    entity: Target
    speaker: Target
    about: Target
    place: Target
    participant: Target


def compile_watchlist(watchlist: Watchlist, kb: KB, find: Finder | None = None
                      ) -> tuple[Compiled, ...]:
    def target(names: tuple[str, ...]) -> Target:
        return resolve_names(names, kb, find) if names else Target()
    return tuple(Compiled(watchlist.name, r, target(r.entity), target(r.speaker),
                          target(r.about), target(r.place), target(r.participant))
                 for r in watchlist.rules)


def match_doc(doc: Doc, rules: tuple[Compiled, ...]) -> list[Hit]:
    """The hits of the rules that need only ``doc``."""
    return [hit for c in rules if c.rule.kind in MATCHERS for hit in MATCHERS[c.rule.kind](doc, c)]


def _entity(doc: Doc, c: Compiled) -> Iterator[Hit]:
    found = next((m for m in doc.mentions if c.entity.mentioned(m)), None)
    if found is None:
        return
    count = sum(c.entity.mentioned(m) for m in doc.mentions)
    ev = Evidence(doc.article.id, "mention", found.start, found.end,
                  _sentence_text(doc, found.start), detail=f"{count} mention(s) of {found.text}")
    yield _hit(c, ", ".join(sorted(c.entity.ids)) or found.text,
               f"{found.text} in «{doc.article.title or doc.article.id}»", ev)


def _speaker(doc: Doc, c: Compiled) -> Iterator[Hit]:
    for claim in doc.claims:
        if speaker_matches(claim, c.speaker) and about_matches(doc, claim, c.about):
            about = ", ".join(c.about.names) or "anything"
            yield _hit(c, claim.speaker_id, f"{claim.speaker_name} about {about}: «{claim.text}»",
                       claim_evidence(doc, claim))


def _event(doc: Doc, c: Compiled) -> Iterator[Hit]:
    for event in doc.events:
        if c.rule.event and event.type not in c.rule.event:
            continue
        if event.confidence < c.rule.params.get("min_confidence", 0.0):
            continue
        if _event_place(doc, event, c.place) and _event_participant(event, c.participant):
            ev = Evidence(doc.article.id, "event", event.start, event.end,
                          _sentence_text(doc, event.start),
                          detail=f"{event.type} «{event.trigger}» {event.time or ''}".strip())
            yield _hit(c, event.type, f"{event.type}: «{event.trigger}» — "
                                      f"{_sentence_text(doc, event.start)[:120]}", ev)


MATCHERS: dict[str, Callable[[Doc, Compiled], Iterator[Hit]]] = {
    "entity": _entity, "speaker": _speaker, "event": _event,
}


def _hit(c: Compiled, subject: str, summary: str, evidence: Evidence) -> Hit:
    return Hit(c.watchlist, c.rule.id, c.rule.kind, subject, summary, evidence)


def speaker_matches(claim: Claim, target: Target) -> bool:
    if not target:
        return True
    name = claim.speaker_name
    return (target.has(claim.speaker_id) or alias_key(name) in target.keys
            or alias_key(name.split()[-1] if name.split() else name) in target.keys)


def about_matches(doc: Doc, claim: Claim, target: Target) -> bool:
    """The claim is about the target: an ``about`` id, or a mention of it inside the claim."""
    if not target:
        return True
    return any(target.has(e) for e in claim.about) or any(
        target.mentioned(m) for m in doc.mentions if claim.start <= m.start < claim.end)


def _event_place(doc: Doc, event: Event, target: Target) -> bool:
    if not target:
        return True
    if target.has(event.place or "") or any(target.has(p) for p in event.participants):
        return True
    places = {p.entity_id: p for p in doc.places}
    ids = [event.place or "", *event.participants]
    return any(i in places and places[i].country in target.countries for i in ids)


def _event_participant(event: Event, target: Target) -> bool:
    return not target or any(target.has(p) for p in event.participants) or target.has(
        event.place or "")


def quote_index(doc: Doc, start: int, end: int) -> int:
    """The index in ``doc.quotes`` of the quote with this span (the web app's ``#q{n}``), or -1."""
    return next((i for i, q in enumerate(doc.quotes) if q.start == start and q.end == end), -1)


def claim_evidence(doc: Doc, claim: Claim, detail: str = "") -> Evidence:
    return Evidence(doc.article.id, "claim", claim.start, claim.end, claim.text[:SNIPPET],
                    quote_index(doc, claim.start, claim.end), detail or claim.speaker_name)


def _sentence_text(doc: Doc, at: int) -> str:
    sent = next((s for s in doc.sentences if s.start <= at < s.end), None)
    start, end = (sent.start, sent.end) if sent else (max(0, at - 100), at + 200)
    return doc.text[start:end].strip()[:SNIPPET]
