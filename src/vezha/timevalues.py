"""Values of time expressions: the resolver of each rule of ``vezha.timegrammar``.

``resolve(rule, groups, ctx)`` turns one grammar match into an ISO value, a granularity and the
rule that decided (``...:no-published-date`` when a relative expression has no publication date
to lean on). Conventions: ``/work/shared/eval/TIMES.md``; see ``vezha.times`` for the tense rule
and ``vezha.timecalendar`` for the calendar arithmetic.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from . import timegrammar as g
from .timecalendar import Range, format_range, value_range
from .timecalendar import last_day as _last_day, month_days as _month, safe_date as _safe_date

__all__ = ["Context", "resolve", "format_range", "value_range", "NoPublished", "RESOLVERS", "Range"]


@dataclass(frozen=True, slots=True)
class Context:
    published: dt.date | None
    tense: str = ""             # past, future or "" (present, none found)
    year: int | None = None     # an explicit year elsewhere in the sentence
    weekday: int | None = None  # the weekday a date stands in apposition to ("у середу, 21 листопада")


def resolve(rule: str, groups: dict[str, str], ctx: Context, dates: Any = None) -> tuple[str | None, str, str]:
    """(value, granularity, rule) of one grammar match; the rule says why a value is None."""
    resolver, granularity = RESOLVERS[rule]
    try:
        found = resolver(groups, ctx, dates)
    except NoPublished:
        return None, granularity, f"{rule}:no-published-date"
    if found is None:
        return None, granularity, f"{rule}:unresolved"
    return (found if isinstance(found, str) else format_range(*found)), granularity, rule


class NoPublished(Exception):
    """The expression is relative and the article has no publication date."""


def _pub(ctx: Context) -> dt.date:
    if ctx.published is None:
        raise NoPublished
    return ctx.published


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


def _date(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    month, day = g.month_number(gr["m1"]), _day(gr["d1"])
    year = _year(gr.get("y1") or gr.get("ry"), ctx)
    if g.SCHEDULED in gr:
        ctx = dataclasses.replace(ctx, tense="future")

    def build(y: int) -> Range | None:
        d = _safe_date(y, month, day)
        return (d, d) if d and (ctx.weekday is None or d.weekday() == ctx.weekday) else None
    return _pick(build, ctx, year)


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


def _part_range(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    """"наприкінці березня – на початку квітня 2018 року": from the first part to the second."""
    first = _part_of_month({"part": gr["part"], "m1": gr["m1"], **({"y1": gr["y1"]} if "y1" in gr else {})}, ctx)
    second = _part_of_month({"part": gr["part2"], "m1": gr["m2"], **({"y1": gr["y1"]} if "y1" in gr else {})}, ctx)
    return (first[0], second[1]) if first and second and first[0] <= second[1] else None


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
    """A qualified weekday ("минулої п'ятниці") lies strictly before or after publication; a bare
    one follows the tense and may be the publication day itself ("у понеділок" in a Monday paper)."""
    pub, wd = _pub(ctx), g.weekday_number(gr["wd"])
    q = gr.get("q") or gr.get("q2")
    if q:
        step = 1 if g.qualifier(q) > 0 else -1
        return pub + dt.timedelta(days=step * ((step * (wd - pub.weekday()) - 1) % 7 + 1))
    if _forward(gr, ctx):
        return pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    return pub - dt.timedelta(days=(pub.weekday() - wd) % 7)


def _forward(gr: dict[str, str], ctx: Context) -> bool:
    return ctx.tense == "future" or g.SCHEDULED in gr


def _weekday(gr: dict[str, str], ctx: Context, *_: Any) -> Range:
    day = _weekday_date(gr, ctx)
    return day, day


def _night(gr: dict[str, str], ctx: Context, *_: Any) -> Range | None:
    """The night ending on a date, or on a weekday ("у ніч на суботу, 24 листопада": that date)."""
    if "d2" in gr:
        ctx = dataclasses.replace(ctx, weekday=g.weekday_number(gr["wd"]))
        gr = {"d1": gr["d2"], "m1": gr["m2"]}
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


def _absolute(gr: dict[str, str], ctx: Context, dates: Any, *_: Any) -> Range | None:
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
    "part_of_month": (_part_of_month, "interval"), "part_range": (_part_range, "interval"), "part_of_season": (_part_of_season, "month"),
    "part_of_year": (_part_of_year, "interval"), "month": (_month_expr, "month"),
    "coordinated_month": (_month_expr, "month"), "season": (_season, "season"),
    "year": (_year_expr, "year"), "relative_year": (_relative_year, "year"),
    "relative_month": (_relative_month, "month"), "relative_week": (_relative_week, "week"),
    "weekday": (_weekday, "day"), "days_ago": (_days_ago, "day"),
    "relative_day": (_relative_day, "day"),
    "en_date": (_date, "day"), "en_year": (_year_expr, "year"), "en_days_ago": (_days_ago, "day"),
}
