"""The times stage: time expressions in uk and ru, resolved against the publication date.

Detection is the grammar of ``vezha.timegrammar`` (longest non-overlapping matches per
sentence, plus months coordinated with a matched one; an open interval such as "після грудня
2020 року" blocks its span); values come from ``vezha.timevalues`` and follow
``/work/shared/eval/TIMES.md``. A date or month without a year takes the clause's verb tense
(``clause_tense``): past → the latest occurrence starting on or before publication, future or
a modal of future → the earliest ending on or after it. Absolute dates in numeric or English
form go to dateparser (``load_dates``). Without a publication date, relative expressions get
``value=None`` and the rule says ``...:no-published-date``; they are never guessed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from . import timegrammar as g
from .errors import ModelError
from .model import Doc, Sentence, TimeExpr, Token
from .pipeline import Resources, Stage
from .prefilter import may_match
from .timevalues import Context, format_range, resolve, value_range

__all__ = ["STAGE", "run", "parse_times", "sentence_times", "clause_tense", "verb_tense", "load_dates",
           "DateParser", "parse_published", "format_range", "value_range"]

CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—", "-", "(", ")", "\"", "«", "»", "“", "”"})
RANGE_RULES = frozenset({"day_range", "month_range", "year_range", "night"})
# "у порівнянні з 2017 роком": "з" with the instrumental compares, it opens no interval.
COMPARISON_ENDINGS = ("роком", "годом")
MONTH_RULES = frozenset({"month", "coordinated_month"})
UNTIL_END = re.compile(r"(?:до|к)\s+(?:кінця|конца)(?:\s+(?:дня|тижня|місяця|дня|недели|месяца))?\s*$",
                       re.IGNORECASE)
PREV_WORD = re.compile(r"([\w'’ʼ]+)\s*$")
RULE_ORDER = {name: i for i, (name, _) in enumerate(g.RULES)}    # priority among equal lengths


@dataclass(frozen=True, slots=True)
class Hit:
    """A grammar match inside a sentence (offsets into the document)."""
    rule: str
    start: int
    end: int
    groups: dict[str, str] = field(default_factory=dict)


# dateparser builds its time-zone and locale patterns on the first call (~0.1-1 s): load does it.
WARM_UP = ("24.02.2022", "February 24, 2022")
DATE_CACHE_SIZE = 4096      # phrases remembered: the rules hand over only full dates with a year


class DateParser:
    """dateparser adapted at the boundary: text -> date or None (uk, ru, en; offline).

    The phrases it gets (numeric and English dates with a year) do not depend on the
    publication date, so answers are remembered by phrase."""

    def __init__(self, parser: Any) -> None:
        self._parser = parser
        self.parse = functools.lru_cache(maxsize=DATE_CACHE_SIZE)(self._parse)

    def __reduce__(self):  # picklable for Dask: rebuild from the installed package
        return (load_dates, ())

    def _parse(self, text: str) -> dt.date | None:
        found = self._parser.get_date_data(text)
        return found.date_obj.date() if found and found.date_obj else None


def load_dates(settings: Any = None) -> DateParser:
    """dateparser restricted to uk/ru/en, day-first; no network; warmed up."""
    try:
        import dateparser
        dates = DateParser(dateparser.DateDataParser(
            languages=["uk", "ru", "en"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}))
        for text in WARM_UP:
            dates.parse(text)
        return dates
    except Exception as exc:  # missing or broken package
        raise ModelError(f"cannot load dateparser: {exc}", code="V402", stage="times") from exc


def run(doc: Doc, resources: Resources) -> Doc:
    """Add the time expressions of ``doc``."""
    times = parse_times(doc.text, doc.sentences, doc.article.published, resources.get("dates"))
    return dataclasses.replace(doc, times=times)


STAGE = Stage(name="times", run=run, needs=frozenset({"sentences"}), provides=frozenset({"times"}),
              resources=frozenset({"dates"}))


def parse_times(text: str, sentences: Iterable[Sentence], published: str | None,
                dates: DateParser | None = None) -> tuple[TimeExpr, ...]:
    """Every time expression of ``text``, sentence by sentence."""
    pub = parse_published(published)
    return tuple(t for s in sentences for t in sentence_times(text, s, pub, dates))


def parse_published(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def sentence_times(text: str, sent: Sentence, pub: dt.date | None,
                   dates: DateParser | None = None) -> list[TimeExpr]:
    candidates = _candidates(text, sent)
    if not candidates:
        return []
    hits = _coordinate(text, _select(candidates))
    year = _sentence_year(hits)
    out = []
    for i, hit in enumerate(hits):
        weekday = _apposed_weekday(text, hits[i - 1], hit) if i else None
        ctx = Context(pub, clause_tense(sent.tokens, hit.start, hit.end), year, weekday)
        value, gran, rule = resolve(hit.rule, hit.groups, ctx, dates)
        out.append(TimeExpr(hit.start, hit.end, text[hit.start:hit.end], value, gran, rule))
    return _weekdays_take_their_dates(text, hits, out)


def _weekdays_take_their_dates(text: str, hits: list[Hit], times: list[TimeExpr]) -> list[TimeExpr]:
    """"Во вторник, 26 июня": the weekday is the date it stands with, not the last Tuesday."""
    for i in range(len(hits) - 1):
        if _apposed_weekday(text, hits[i], hits[i + 1]) is not None and times[i + 1].value:
            times[i] = dataclasses.replace(times[i], value=times[i + 1].value, rule="weekday:apposed_date")
    return times


def _apposed_weekday(text: str, prev: Hit, hit: Hit) -> int | None:
    """The weekday of "у середу, 21 листопада" for the date after it."""
    if prev.rule == "weekday" and hit.rule == "date" and re.fullmatch(r"\s*,\s*", text[prev.end:hit.start]):
        return g.weekday_number(prev.groups["wd"])
    return None


# --- detection ---------------------------------------------------------------------------------

def _candidates(text: str, sent: Sentence) -> list[Hit]:
    """Every rule's matches; an open interval ("після грудня 2020 року") blocks its whole span."""
    chunk = text[sent.start:sent.end]
    hits, blocked = [], []
    for name in may_match(g.RULE_FILTER, chunk):       # the rules that can match it, in order
        for m in g.RULE_PATTERNS[name].finditer(chunk):
            if _capitalised_month(chunk, m):
                continue
            if name in RANGE_RULES or m.group().endswith(COMPARISON_ENDINGS) \
                    or not _after_open_preposition(chunk, m.start()):
                groups = {k: v for k, v in m.groupdict().items() if v} | {"text": m.group()}
                hits.append(Hit(name, sent.start + m.start(), sent.start + m.end(), groups))
            else:
                blocked.append((sent.start + m.start(), sent.start + m.end()))
    return [h for h in hits if h.rule in RANGE_RULES or not any(h.start < e and s < h.end for s, e in blocked)]


def _capitalised_month(chunk: str, m: re.Match[str]) -> bool:
    """Cyrillic month names are lower case: "на Марту" inside a sentence is a name, not March."""
    for group in ("m1", "m2"):
        word = m.group(group) if group in m.re.groupindex else None
        if word and word[0].isupper() and not word.isascii() and chunk[:m.start(group)].strip(" «\"("):
            return True
    return False


def _after_open_preposition(chunk: str, start: int) -> bool:
    """An open interval ("з 2014 року", "до 15 грудня") has no agreed value: skip it."""
    prev = PREV_WORD.search(chunk, 0, start)
    return bool(prev) and prev.group(1).lower() in g.OPEN_PREPOSITIONS or bool(UNTIL_END.search(chunk, 0, start))


def _select(hits: list[Hit]) -> list[Hit]:
    """Longest first (then rule priority); no overlaps."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, RULE_ORDER[h.rule], h.start)):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _coordinate(text: str, hits: list[Hit]) -> list[Hit]:
    """Add months coordinated with a month hit and days with a date ("25 і 26 липня"); a year at
    the end applies to the whole chain."""
    out: list[Hit] = []
    for hit in hits:
        out.extend(_coordinated_day(text, hit, out[-1].end if out else 0))
        out.append(hit)
        while out[-1].rule in ("month", "coordinated_month"):
            m = g.COORDINATED_MONTH.match(text, out[-1].end)
            if not m or any(h.start < m.end("span") and m.start("span") < h.end for h in hits):
                break
            groups = {k: v for k, v in m.groupdict().items() if v and k != "span"}
            out.append(Hit("coordinated_month", m.start("span"), m.end("span"), groups))
    return _share_years(text, out)


def _coordinated_day(text: str, hit: Hit, floor: int) -> list[Hit]:
    """"25 і 26 липня": the 25th is a date of its own, with the month and year of the 26th."""
    if hit.rule != "date" or "on" in hit.groups:
        return []
    shared = {k: v for k, v in hit.groups.items() if k in ("m1", "y1", "ry")}
    days, start = [], hit.start
    while m := g.COORDINATED_DAY.search(text, max(floor, start - 12), start):
        days.insert(0, Hit("date", m.start("d1"), m.end("d1"), shared | {"d1": m.group("d1")}))
        start = m.start("d1")
    return days


def _share_years(text: str, hits: list[Hit]) -> list[Hit]:
    """Right to left: a month without a year takes the year of the coordinated month after it."""
    out = list(hits)
    for i in range(len(out) - 2, -1, -1):
        here, nxt = out[i], out[i + 1]
        year = nxt.groups.get("y1") or nxt.groups.get("y2")
        if (here.rule in MONTH_RULES and nxt.rule in MONTH_RULES and year and not _year_text(here)
                and g.COORDINATION_GAP.fullmatch(text, here.end, nxt.start)):
            out[i] = dataclasses.replace(here, groups={**here.groups, "y1": year})
    return out


def _year_text(hit: Hit) -> str:
    return hit.groups.get("y1") or hit.groups.get("y2") or hit.groups.get("ry") or ""


def _sentence_year(hits: list[Hit]) -> int | None:
    years = {int(h.groups["y1"]) for h in hits if h.rule == "year"}
    return years.pop() if len(years) == 1 else None


# --- tense of the clause ---------------------------------------------------------------------

def clause_tense(tokens: tuple[Token, ...], start: int, end: int) -> str:
    """past / future / "" from the verb nearest the expression, its clause first."""
    inside = [i for i, t in enumerate(tokens) if start <= t.start < end]
    if not inside:
        return ""
    lo, hi = _clause_bounds(tokens, inside[0], inside[-1])
    verbs = [i for i in range(lo, hi) if _is_verb(tokens[i]) and i not in inside]
    if not verbs:
        verbs = [i for i in range(len(tokens)) if _is_verb(tokens[i]) and i not in inside]
    if not verbs:
        return _english_tense(tokens[lo:hi]) or _english_tense(tokens)
    nearest = min(verbs, key=lambda i: (abs(i - inside[0]), i > inside[0]))
    return verb_tense(tokens, nearest)


def _english_tense(tokens: tuple[Token, ...]) -> str:
    """English has no tags here: "will"/"plans" say future, "was"/"-ed" forms say past."""
    words = [t.text.lower() for t in tokens]
    if any(w in g.EN_FUTURE for w in words):
        return "future"
    if any(w in g.EN_PAST or (w.endswith("ed") and len(w) > 4) for w in words):
        return "past"
    return ""


def _clause_bounds(tokens: tuple[Token, ...], first: int, last: int) -> tuple[int, int]:
    lo = first
    while lo > 0 and tokens[lo - 1].text not in CLAUSE_BREAKS:
        lo -= 1
    hi = last + 1
    while hi < len(tokens) and tokens[hi].text not in CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def _is_verb(tok: Token) -> bool:
    return tok.pos in ("VERB", "INFN") and tok.lemma not in g.DISCOURSE_VERBS


def verb_tense(tokens: tuple[Token, ...], i: int) -> str:
    tag, lemma = tokens[i].tag, tokens[i].lemma
    if "infn" in tag or tokens[i].pos == "INFN":
        governor = next((j for j in range(i - 1, max(i - 4, -1), -1) if _is_verb(tokens[j])), None)
        if governor is not None:
            return verb_tense(tokens, governor)
        # an ungoverned perfective "infinitive" in -ть is a future form ("президент виступить")
        return "future" if "perf" in tag and tokens[i].text.lower().endswith("ть") else ""
    if "past" in tag or "impers" in tag:
        return "past"
    if "futr" in tag or lemma in g.MODAL_FUTURE:
        return "future"
    return ""
