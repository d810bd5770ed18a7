"""Deadlines of items as date intervals, and how late a municipal interval is."""
from __future__ import annotations

import calendar
import datetime as dt
import re

from .items import Item

ON_TIME, LATE, EARLIER, NO_DATE = "on time", "late", "earlier", "no date"

def _date(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def parse_intervals(deadlines: list[str], period_end: int | None) -> list[tuple[dt.date, dt.date]]:
    """`start/end` strings → date pairs; an open end (`..`) closes at the period's end."""
    out = []
    for d in deadlines:
        start, _, end = d.partition("/")
        a = _date(start)
        if a is None:
            continue
        b = _date(end) if end and end != ".." else None
        if b is None:
            b = dt.date(max(period_end or a.year, a.year), 12, 31)
        out.append((min(a, b), max(a, b)))
    return out


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def spread(recurrence: list[str], months: list[int], period: tuple[int, int] | None
           ) -> list[tuple[dt.date, dt.date]]:
    """Intervals of a recurring deadline that names no year, over the plan's period."""
    if not period:
        return []
    y0, y1 = period
    years = range(y0, y1 + 1)
    kinds = set(recurrence)
    out: list[tuple[dt.date, dt.date]] = []
    if "continuous" in kinds:
        return [(dt.date(y0, 1, 1), dt.date(y1, 12, 31))]
    for y in years:
        if months and kinds & {"annual", "semiannual", "quarterly", "once"}:
            out += [_month(y, m) for m in months if 1 <= m <= 12]
        elif "monthly" in kinds:
            out += [_month(y, m) for m in range(1, 13)]
        elif "quarterly" in kinds:
            out += [(dt.date(y, m, 1), _month(y, m + 2)[1]) for m in (1, 4, 7, 10)]
        elif "semiannual" in kinds:
            out += [(dt.date(y, 1, 1), dt.date(y, 6, 30)), (dt.date(y, 7, 1), dt.date(y, 12, 31))]
        elif "annual" in kinds:
            out.append((dt.date(y, 1, 1), dt.date(y, 12, 31)))
    return out


def document_period(doc: dict, items: list[Item]) -> tuple[int, int] | None:
    """The plan's period: period_start/period_end of documents.csv, else the years of its
    explicit deadlines."""
    try:
        a, b = int(doc.get("period_start") or 0), int(doc.get("period_end") or 0)
    except (TypeError, ValueError):
        a = b = 0
    if a and b:
        return min(a, b), max(a, b)
    years = []
    for it in items:
        for start, end in it.stored_intervals:
            years += [d.year for d in (start, end) if d is not None]
        for d in it.deadlines:
            years += [int(y) for y in re.findall(r"\b(20\d\d)-", d)]
    if years:
        return (a or min(years), b or max(years)) if not (a and b) else (a, b)
    return None


def closed_intervals(stored: list[tuple], period: tuple[int, int] | None
                     ) -> list[tuple[dt.date, dt.date]]:
    """The store's deadline intervals with open ends closed by the plan's period."""
    out = []
    for a, b in stored:
        if a is None and b is None:
            continue
        if a is None:
            a = dt.date(min(period[0] if period else b.year, b.year), 1, 1)
        if b is None:
            b = dt.date(max(period[1] if period else a.year, a.year), 12, 31)
        out.append((min(a, b), max(a, b)))
    return out


def attach_intervals(items: list[Item], period: tuple[int, int] | None) -> None:
    """Each item's intervals: the store's (or its ISO strings'), else its recurrence spread
    over the period."""
    for it in items:
        ivs = (closed_intervals(it.stored_intervals, period) if it.stored_intervals
               else parse_intervals(it.deadlines, period[1] if period else None))
        if not ivs:
            ivs = spread(it.recurrence, it.months, period)
        it.intervals = sorted(set(ivs))


def interval_lag(r: tuple[dt.date, dt.date], m: tuple[dt.date, dt.date], earlier_days: int
                 ) -> tuple[str, int]:
    """How municipal interval `m` meets regional interval `r`: (status, days). Late: `m`
    starts after `r` ends, days = m.end − r.end. Earlier: `m` ended more than a cycle before
    `r` began. Otherwise on time (days ≤ 0: how much before r's end m ends)."""
    if m[0] > r[1]:
        return LATE, (m[1] - r[1]).days
    if (r[0] - m[1]).days > earlier_days:
        return EARLIER, (m[1] - r[1]).days
    return ON_TIME, min(0, (m[1] - r[1]).days)


def item_lag(reg: Item, mun: Item, earlier_days: int):
    """(status, days, regional interval, municipal interval) of the worst regional interval,
    each met by its best municipal interval."""
    if not reg.intervals or not mun.intervals:
        return NO_DATE, None, None, None
    rank = {ON_TIME: 0, LATE: 1, EARLIER: 2}
    worst = None
    for r in reg.intervals:
        best = None
        for m in mun.intervals:
            status, days = interval_lag(r, m, earlier_days)
            key = (rank[status], days if status == LATE else -days if status == ON_TIME else abs(days))
            if best is None or key < best[0]:
                best = (key, status, days, r, m)
        if worst is None or best[0] > worst[0]:
            worst = best
    _, status, days, r, m = worst
    return status, days, r, m


def fmt_interval(iv) -> str:
    return f"{iv[0].isoformat()}/{iv[1].isoformat()}" if iv else ""


def fmt_intervals(ivs, limit: int = 6) -> str:
    parts = [fmt_interval(iv) for iv in ivs[:limit]]
    if len(ivs) > limit:
        parts.append(f"… (+{len(ivs) - limit})")
    return "; ".join(parts)

