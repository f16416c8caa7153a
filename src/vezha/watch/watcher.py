"""The watcher: evaluates the active watchlists on each stored document and records alerts.

``load_watcher(store, settings)`` reads the active watchlists from the store, resolves their
names once and returns a ``Watcher`` (None when no watchlist is active). Called with a stored
``Doc`` (``vezha.runner.ingest_into(on_stored=...)``), it runs every rule, adds each hit to
its alert (``vezha.store.alerts.record_hit``) and then, when a delivery is configured
(the ``alert_webhook_url`` setting), delivers what is pending. ``evaluate_run`` does the same
for every article a batch run stored.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from sqlalchemy import select

from ..dedup import THRESHOLD, fingerprint, shingles
from ..kb import KB, load_kb
from ..model import Claim, Doc
from ..store import alerts as alert_store
from ..store.schema import articles
from ..store.store import transaction
from . import history
from .burst import detect_burst
from .change import compare_claims
from .evaluate import (Compiled, Evidence, Hit, about_matches, claim_evidence, compile_watchlist,
                       match_doc, speaker_matches)
from .resolve import store_finder
from .rules import Watchlist, parse_watchlist

__all__ = ["Watcher", "load_watcher", "evaluate_doc", "stored_watchlist"]

Deliver = Callable[[Any], Any]


@dataclass
class Watcher:
    """Compiled rules over one store; call it with each stored Doc."""
    store: Any
    rules: tuple[Compiled, ...]
    deliver: Deliver | None = None
    alert_ids: list[int] = field(default_factory=list)     # alerts touched, in order

    def __call__(self, doc: Doc) -> list[int]:
        touched = self.record(doc)
        if touched and self.deliver is not None:
            self.deliver(self.store)
        return touched

    def record(self, doc: Doc) -> list[int]:
        hits = evaluate_doc(self.store, doc, self.rules)
        if not hits:
            return []
        mark = alert_store.encode_fingerprint(fingerprint(doc.article).minhash.hashvalues)
        touched = [alert_store.record_hit(self.store, h, mark, doc.article.published)[0]
                   for h in hits]
        self.alert_ids.extend(touched)
        return touched

    def evaluate_run(self, run_id: int) -> list[int]:
        """Evaluate every article stored by run ``run_id`` (batch runs); alerts touched."""
        query = select(articles.c.id).where(articles.c.run_id == run_id).order_by(
            articles.c.published, articles.c.id)
        with transaction(self.store.engine, "read", write=False) as conn:
            ids = list(conn.execute(query).scalars())
        return [a for aid in ids for a in self(self.store.get_doc(aid))]


def load_watcher(store: Any, settings: Any = None, *, kb: KB | None = None,
                 deliver: Deliver | None = None, names: tuple[str, ...] = ()) -> Watcher | None:
    """A Watcher over the active watchlists (or those in ``names``), None when there are none."""
    rows = [r for r in alert_store.watchlist_rows(store, active_only=True)
            if not names or r["name"] in names]
    if not rows:
        return None
    kb = kb if kb is not None else load_kb(settings)
    find = store_finder(store, kb)
    rules = tuple(c for r in rows for c in compile_watchlist(
        parse_watchlist(r["text"], r["format"], r["name"]), kb, find))
    return Watcher(store, rules, deliver)


def stored_watchlist(store: Any, name: str, kb: KB) -> tuple[Watchlist, tuple[Compiled, ...]]:
    """The stored watchlist ``name`` and its compiled rules (StoreError V504 when unknown)."""
    row = alert_store.watchlist_row(store, name)
    watchlist = parse_watchlist(row["text"], row["format"], name)
    return watchlist, compile_watchlist(watchlist, kb, store_finder(store, kb))


def evaluate_doc(store: Any, doc: Doc, rules: tuple[Compiled, ...]) -> list[Hit]:
    """Every hit of ``rules`` on ``doc``: the document's own rules, claim changes, bursts."""
    hits = match_doc(doc, rules)
    for c in rules:
        if c.rule.kind == "claims":
            hits += list(_changes(store, doc, c))
        elif c.rule.kind == "burst":
            hits += list(_burst(store, doc, c))
    return hits


def _changes(store: Any, doc: Doc, c: Compiled) -> Iterator[Hit]:
    for claim in doc.claims:
        if not (speaker_matches(claim, c.speaker) and about_matches(doc, claim, c.about)):
            continue
        earlier = history.earlier_claims(store, claim.speaker_id, doc.article.id,
                                         doc.article.published)
        change = _first_change(store, doc, claim, earlier, c)
        if change is not None:
            verb = "repeats" if change.kind == "repeat" else "contradicts"
            e = change.earlier
            detail = f"{change.kind} of {e.id} ({e.published or '?'}): «{e.text[:200]}»"
            yield Hit(c.watchlist, c.rule.id, c.rule.kind, e.id,
                      f"{claim.speaker_name} {verb} {e.published or 'an earlier claim'}: "
                      f"«{claim.text[:150]}» vs «{e.text[:150]}»",
                      claim_evidence(doc, claim, detail))


def _first_change(store: Any, doc: Doc, claim: Claim, earlier: list[Claim], c: Compiled):
    changes = [ch for e in earlier
               if (ch := compare_claims(claim, e, c.rule.params.get("similarity", 0.6),
                                        c.rule.changes))]
    if not changes:
        return None
    texts = history.article_texts(store, {ch.earlier.article_id for ch in changes})
    mine = shingles(doc.text)
    return next((ch for ch in changes
                 if _jaccard(mine, shingles(texts.get(ch.earlier.article_id, ""))) < THRESHOLD),
                None)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _burst(store: Any, doc: Doc, c: Compiled) -> Iterator[Hit]:
    day = (doc.article.published or "")[:10]
    found = next((m for m in doc.mentions if c.entity.mentioned(m)), None)
    if not day or found is None or not c.entity.ids:
        return
    days = int(c.rule.params["baseline_days"])
    counts = history.daily_mentions(store, c.entity.ids, day, days)
    baseline = [counts.get(d, 0) for d in _previous_days(day, days)]
    burst = detect_burst(counts.get(day, 0), baseline, c.rule.params["alpha"],
                         int(c.rule.params["min_count"]))
    if burst is None:
        return
    ev = Evidence(doc.article.id, "mention", found.start, found.end, found.text,
                  detail=burst.describe())
    subject = ", ".join(sorted(c.entity.ids))
    yield Hit(c.watchlist, c.rule.id, "burst", subject,
              f"burst of {', '.join(c.entity.names)} on {day}",
              ev, statistic=burst.describe(), story=f"burst:{day}")


def _previous_days(day: str, days: int) -> list[str]:
    d = dt.date.fromisoformat(day)
    return [(d - dt.timedelta(days=k)).isoformat() for k in range(days, 0, -1)]
