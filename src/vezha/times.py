"""The times stage: time expressions in uk and ru, resolved against the publication date.

Detection is the grammar of ``vezha.timegrammar`` (longest non-overlapping matches per
sentence, plus months coordinated with a matched one); resolution follows
``/work/shared/eval/TIMES.md``. A date or month without a year takes the clause's verb tense
(``clause_tense``): past → the latest occurrence starting on or before publication, future or
a modal of future → the earliest ending on or after it. Absolute dates in numeric or English
form go to dateparser (``load_dates``). Without a publication date, relative expressions get
``value=None`` and the rule says ``...:no-published-date``; they are never guessed.
"""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from . import timegrammar as g
from .errors import ModelError
from .model import Doc, Sentence, TimeExpr, Token
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "parse_times", "sentence_times", "clause_tense", "verb_tense", "load_dates",
           "DateParser", "parse_published", "format_range", "value_range"]

CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—", "-", "(", ")", "\"", "«", "»", "“", "”"})
RANGE_RULES = frozenset({"day_range", "month_range", "year_range", "night"})
MONTH_RULES = frozenset({"month", "coordinated_month"})
PREV_WORD = re.compile(r"([\w'’ʼ]+)\s*$")
Range = tuple[dt.date, dt.date]


@dataclass(frozen=True, slots=True)
class Hit:
    """A grammar match inside a sentence (offsets into the document)."""
    rule: str
    start: int
    end: int
    groups: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Context:
    published: dt.date | None
    tense: str = ""             # past, future or "" (present, none found)
    year: int | None = None     # an explicit year elsewhere in the sentence


class DateParser:
    """dateparser adapted at the boundary: text -> date or None (uk, ru, en; offline)."""

    def __init__(self, parser: Any) -> None:
        self._parser = parser

    def parse(self, text: str) -> dt.date | None:
        found = self._parser.get_date_data(text)
        return found.date_obj.date() if found and found.date_obj else None


def load_dates(settings: Any = None) -> DateParser:
    """dateparser restricted to uk/ru/en, day-first; no network."""
    try:
        import dateparser
        return DateParser(dateparser.DateDataParser(
            languages=["uk", "ru", "en"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}))
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
    hits = _coordinate(text, _select(_candidates(text, sent)))
    year = _sentence_year(hits)
    out = []
    for hit in hits:
        ctx = Context(pub, clause_tense(sent.tokens, hit.start, hit.end), year)
        value, gran, rule = _resolve(hit, ctx, dates)
        out.append(TimeExpr(hit.start, hit.end, text[hit.start:hit.end], value, gran, rule))
    return out


# --- detection ---------------------------------------------------------------------------------

def _candidates(text: str, sent: Sentence) -> list[Hit]:
    chunk = text[sent.start:sent.end]
    hits = []
    for name, pattern in g.RULES:
        for m in pattern.finditer(chunk):
            if name in RANGE_RULES or not _after_open_preposition(chunk, m.start()):
                groups = {k: v for k, v in m.groupdict().items() if v} | {"text": m.group()}
                hits.append(Hit(name, sent.start + m.start(), sent.start + m.end(), groups))
    return hits


def _after_open_preposition(chunk: str, start: int) -> bool:
    """An open interval ("з 2014 року", "до 15 грудня") has no agreed value: skip it."""
    prev = PREV_WORD.search(chunk, 0, start)
    return bool(prev) and prev.group(1).lower() in g.OPEN_PREPOSITIONS


def _select(hits: list[Hit]) -> list[Hit]:
    """Longest first (then rule priority); no overlaps."""
    order = {name: i for i, (name, _) in enumerate(g.RULES)}
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, order[h.rule], h.start)):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _coordinate(text: str, hits: list[Hit]) -> list[Hit]:
    """Add months coordinated with a month hit; a year at the end applies to the whole chain."""
    out: list[Hit] = []
    for hit in hits:
        out.append(hit)
        while out[-1].rule in ("month", "coordinated_month"):
            m = g.COORDINATED_MONTH.match(text, out[-1].end)
            if not m or any(h.start < m.end("span") and m.start("span") < h.end for h in hits):
                break
            groups = {k: v for k, v in m.groupdict().items() if v and k != "span"}
            out.append(Hit("coordinated_month", m.start("span"), m.end("span"), groups))
    return _share_years(text, out)


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
        return ""
    nearest = min(verbs, key=lambda i: (abs(i - inside[0]), i > inside[0]))
    return verb_tense(tokens, nearest)


def _clause_bounds(tokens: tuple[Token, ...], first: int, last: int) -> tuple[int, int]:
    lo = first
    while lo > 0 and tokens[lo - 1].text not in CLAUSE_BREAKS:
        lo -= 1
    hi = last + 1
    while hi < len(tokens) and tokens[hi].text not in CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def _is_verb(tok: Token) -> bool:
    return tok.pos in ("VERB", "INFN")


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


# --- resolution ----------------------------------------------------------------------------------

def _resolve(hit: Hit, ctx: Context, dates: DateParser | None) -> tuple[str | None, str, str]:
    resolver, granularity = RESOLVERS[hit.rule]
    try:
        found = resolver(hit.groups, ctx, dates)
    except NoPublished:
        return None, granularity, f"{hit.rule}:no-published-date"
    if found is None:
        return None, granularity, f"{hit.rule}:unresolved"
    return (found if isinstance(found, str) else format_range(*found)), granularity, hit.rule


class NoPublished(Exception):
    """The expression is relative and the article has no publication date."""


def _pub(ctx: Context) -> dt.date:
    if ctx.published is None:
        raise NoPublished
    return ctx.published


def format_range(a: dt.date, b: dt.date) -> str:
    """The shortest ISO value for the days a..b: a day, a month, a year or an interval."""
    if a == b:
        return a.isoformat()
    if a.day == 1 and b.day == _last_day(b.year, b.month):
        if (a.month, b.month) == (1, 12):
            return str(a.year) if a.year == b.year else f"{a.year}/{b.year}"
        if (a.year, a.month) == (b.year, b.month):
            return f"{a:%Y-%m}"
        return f"{a:%Y-%m}/{b:%Y-%m}"
    return f"{a.isoformat()}/{b.isoformat()}"


def value_range(value: str | None) -> Range | None:
    """The first and last day a value covers ("2022-07", "2022-W49", "a/b"), None if unreadable."""
    parts = (value or "").split("/")
    ends = [_unit_range(p.strip()) for p in parts] if len(parts) <= 2 else [None]
    if not ends or any(e is None for e in ends):
        return None
    return ends[0][0], ends[-1][1]


def _unit_range(v: str) -> Range | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            day = dt.date.fromisoformat(v)
            return day, day
        if re.fullmatch(r"\d{4}-\d{2}", v):
            return _month(int(v[:4]), int(v[5:]))
        if re.fullmatch(r"\d{4}", v):
            return dt.date(int(v), 1, 1), dt.date(int(v), 12, 31)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", v):
            first = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return first, first + dt.timedelta(days=6)
    except ValueError:
        return None
    return None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month(year: int, month: int) -> Range:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))


def _pick(build: Callable[[int], Range | None], ctx: Context, year: int | None) -> Range | None:
    """An explicit year, else the sentence's year, else the tense rule around publication."""
    if year or ctx.year:
        return build(year or ctx.year)
    pub = _pub(ctx)
    found = [r for r in (build(y) for y in range(pub.year - 2, pub.year + 2)) if r]
    past = [r for r in found if r[0] <= pub]
    future = [r for r in found if r[1] >= pub]
    if ctx.tense == "past" and past:
        return max(past)
    if ctx.tense == "future" and future:
        return min(future)
    return min(found, key=lambda r: (0 if r[0] <= pub <= r[1] else min(abs((r[0] - pub).days),
                                                                        abs((r[1] - pub).days)), r))


def _year(text: str | None, ctx: Context) -> int | None:
    """A year from "2022 року", "минулого року" or "торік"."""
    if not text:
        return None
    digits = re.match(r"\d{4}", text)
    if digits:
        return int(digits.group())
    low = text.lower()
    shift = -2 if low.startswith("позаторік") else -1 if low.startswith("торік") else g.qualifier(low.split()[0])
    return _pub(ctx).year + shift


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    month, day = g.month_number(gr["m1"]), _day(gr["d1"])
    year = _year(gr.get("y1") or gr.get("ry"), ctx)
    return _pick(lambda y: (lambda d: (d, d) if d else None)(_safe_date(y, month, day)), ctx, year)


def _day_range(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    m2 = g.month_number(gr["m2"])
    m1 = g.month_number(gr["m1"]) if "m1" in gr else m2
    year = _year(gr.get("y2") or gr.get("y1"), ctx)

    def build(y: int) -> Range | None:
        a, b = _safe_date(y - (m1 > m2), m1, _day(gr["d1"])), _safe_date(y, m2, _day(gr["d2"]))
        return (a, b) if a and b and a <= b else None
    return _pick(build, ctx, year)


def _month_range(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    m1, m2 = g.month_number(gr["m1"]), g.month_number(gr["m2"])
    year = _year(gr.get("y2") or gr.get("y1"), ctx)
    return _pick(lambda y: (_month(y - (m1 > m2), m1)[0], _month(y, m2)[1]), ctx, year)


def _year_range(gr: dict[str, str], *_: Any) -> Range:
    return dt.date(int(gr["y1"]), 1, 1), dt.date(int(gr["y2"]), 12, 31)


def _month_expr(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    month = g.month_number(gr.get("m1") or gr["m2"])
    year = _year(gr.get("y1") or gr.get("y2") or gr.get("ry"), ctx)
    return _pick(lambda y: _month(y, month), ctx, year)


THIRDS = {"start": (1, 10), "middle": (11, 20), "end": (21, 31)}


def _part_of_month(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    month, (a, b) = g.month_number(gr["m1"]), THIRDS[g.part_name(gr["part"])]
    year = _year(gr.get("y1") or gr.get("ry"), ctx)
    return _pick(lambda y: (dt.date(y, month, a), dt.date(y, month, min(b, _last_day(y, month)))), ctx, year)


def _season_range(season: str, year: int) -> Range:
    first = g.SEASON_START[season]
    return _month(year, first)[0], _month(year, first + 2)[1]


def _season_with(season: str, q: str | None, y: str | None, ctx: Context) -> Range | None:
    if y:
        year = _year(y, ctx)
        return _season_range(season, year - 1 if season == "winter" else year)
    if not q:
        return _pick(lambda yr: _season_range(season, yr), ctx, None)
    pub, shift = _pub(ctx), g.qualifier(q)
    seasons = [_season_range(season, yr) for yr in range(pub.year - 3, pub.year + 3)]
    if shift == 0:   # the season containing publication, else the coming one ("цієї зими" in October)
        return next((r for r in seasons if r[1] >= pub), None)
    if shift < 0:
        return max(r for r in seasons if r[1] < pub and not r[0] <= pub <= r[1])
    return min(r for r in seasons if r[0] > pub)


def _season(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    season = g.season_name(gr.get("season") or gr.get("season2") or gr["season3"])
    return _season_with(season, gr.get("q"), gr.get("y1") or gr.get("y2"), ctx)


def _part_of_season(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    whole = _season_with(g.season_name(gr["season"]), gr.get("q"), gr.get("y1"), ctx)
    if whole is None:
        return None
    index = ("start", "middle", "end").index(g.part_name(gr["part"]))
    return _month(whole[0].year, whole[0].month + index)


YEAR_SLICES = {"start": (1, 4), "middle": (5, 8), "end": (9, 12), "h1": (1, 6), "h2": (7, 12)}


def _part_of_year(gr: dict[str, str], ctx: Context, *_: Any) -> Range:
    year = _year(gr.get("y1"), ctx) if "y1" in gr else None
    if year is None:
        year = _pub(ctx).year + (g.qualifier(gr["q"]) if "q" in gr else 0)
    a, b = YEAR_SLICES[g.part_name(gr.get("part") or gr["half"])]
    return _month(year, a)[0], _month(year, b)[1]


def _year_expr(gr: dict[str, str], *_: Any) -> Range:
    return dt.date(int(gr["y1"]), 1, 1), dt.date(int(gr["y1"]), 12, 31)


def _relative_year(gr: dict[str, str], ctx: Context, *_: Any) -> Range:
    year = _year(gr.get("q") or gr["text"], ctx)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _relative_month(gr: dict[str, str], ctx: Context, *_: Any) -> Range:
    pub = _pub(ctx)
    return _month(pub.year, pub.month + g.qualifier(gr["q"]))


def _relative_week(gr: dict[str, str], ctx: Context, *_: Any) -> str:
    iso = (_pub(ctx) + dt.timedelta(weeks=g.qualifier(gr["q"]))).isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _weekday_date(gr: dict[str, str], ctx: Context) -> dt.date:
    pub, wd = _pub(ctx), g.weekday_number(gr["wd"])
    q = gr.get("q") or gr.get("q2")
    forward = g.qualifier(q) > 0 if q else ctx.tense == "future"
    if forward:
        return pub + dt.timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
    return pub - dt.timedelta(days=(pub.weekday() - wd - 1) % 7 + 1)


def _weekday(gr: dict[str, str], ctx: Context, *_: Any) -> Range:
    day = _weekday_date(gr, ctx)
    return day, day


def _night(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    end = _weekday_date(gr, ctx) if "wd" in gr else (_date(gr, ctx) or (None,))[0]
    return (end - dt.timedelta(days=1), end) if end else None


def _night_relative(gr: dict[str, str], ctx: Context, *_: Any) -> Range:
    end = _pub(ctx) + dt.timedelta(days=max(0, g.qualifier(gr["q"])))
    return end - dt.timedelta(days=1), end


def _relative_day(gr: dict[str, str], ctx: Context, *_: Any) -> Range:
    day = _pub(ctx) + dt.timedelta(days=g.RELATIVE_DAYS[gr["rel"].lower()])
    return day, day


def _days_ago(gr: dict[str, str], ctx: Context, *_: Any) -> Range:
    n = gr["n"].lower()
    day = _pub(ctx) - dt.timedelta(days=int(n) if n.isdigit() else g.NUMBER_WORDS[n])
    return day, day


NUMERIC = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _absolute(gr: dict[str, str], ctx: Context, dates: DateParser | None, *_: Any) -> Range | None:
    """Numeric and English dates: dateparser, or the numeric pattern when it is not loaded."""
    text = re.sub(r"^(?:в|у|во|на)\s+|\s+(?:року|года|г\.|р\.)$", "", gr["text"])
    day = dates.parse(text) if dates is not None else None
    if day is None and (m := NUMERIC.search(text)):
        day = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return (day, day) if day else None

RESOLVERS: dict[str, tuple[Callable[..., Any], str]] = {
    "night": (_night, "interval"), "night_relative": (_night_relative, "interval"),
    "day_range": (_day_range, "interval"), "month_range": (_month_range, "interval"),
    "year_range": (_year_range, "interval"), "english_date": (_absolute, "day"),
    "numeric_date": (_absolute, "day"), "date": (_date, "day"),
    "part_of_month": (_part_of_month, "interval"), "part_of_season": (_part_of_season, "month"),
    "part_of_year": (_part_of_year, "interval"), "month": (_month_expr, "month"),
    "coordinated_month": (_month_expr, "month"), "season": (_season, "season"),
    "year": (_year_expr, "year"), "relative_year": (_relative_year, "year"),
    "relative_month": (_relative_month, "month"), "relative_week": (_relative_week, "week"),
    "weekday": (_weekday, "day"), "days_ago": (_days_ago, "day"),
    "relative_day": (_relative_day, "day"),
}
