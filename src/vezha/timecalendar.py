"""Calendar arithmetic of time values: ISO values of day ranges and back, month lengths.

Shared by ``vezha.timevalues`` (which turns grammar matches into values) and the consumers of
stored values (``value_range``). Conventions: ``/work/shared/eval/TIMES.md``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["Range", "format_range", "value_range", "last_day", "month_days", "safe_date"]

Range = tuple[dt.date, dt.date]


def format_range(a: dt.date, b: dt.date) -> str:
    """The shortest ISO value for the days a..b: a day, a month, a year or an interval."""
    if a == b:
        return a.isoformat()
    if a.day == 1 and b.day == last_day(b.year, b.month):
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
            return month_days(int(v[:4]), int(v[5:]))
        if re.fullmatch(r"\d{4}", v):
            return dt.date(int(v), 1, 1), dt.date(int(v), 12, 31)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", v):
            first = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return first, first + dt.timedelta(days=6)
    except ValueError:
        return None
    return None


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_days(year: int, month: int) -> Range:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, 1), dt.date(year, month, last_day(year, month))


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
