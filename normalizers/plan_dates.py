"""The year (and month) a deadline printed without them takes from its plan.

SCHEMA.md, «A deadline printed without its year (or month)»: a work plan prints «сентябрь»,
«до 15.09», «осень» or only a day («1-10», «25») under a month heading row; a reader takes
what is missing from the plan itself. This module holds that reasoning as pure functions over
plain numbers; :mod:`normalizers.deadlines` calls it while it reads a deadline.

* :class:`PlanContext`: what the plan settles: its period (first and last year), whether that
  period is an academic year (1 September – 31 August), and the month heading row (month, and
  its year when printed) the row sits under.
* :func:`year_of_month`: the year a month of the plan falls in, or None when the plan does
  not settle it (several calendar years, no heading).
* :func:`fill_years`: the years of a yearless date or range (day/month → day/month).
* :func:`day_spans`: a cell that holds only days («1-10», «25», «2, 3») → (first, last) days.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

__all__ = ["PlanContext", "year_of_month", "fill_years", "day_spans", "week_span",
           "ACADEMIC_START_MONTH"]

ACADEMIC_START_MONTH = 9


@dataclass(frozen=True)
class PlanContext:
    """What the plan says about time: ``period`` (first year, last year), ``academic`` (that
    period is one academic year, September–August), and the month heading row the deadline
    sits under: ``month`` (1–12) and ``month_year`` (its printed year, or None)."""

    period: tuple[int, int] | None = None
    academic: bool = False
    month: int | None = None
    month_year: int | None = None

    @property
    def single_year(self) -> int | None:
        """The one calendar year the plan covers, else None."""
        if self.period and not self.academic and self.period[0] == self.period[1]:
            return self.period[0]
        return None

    @property
    def academic_year(self) -> int | None:
        """The first year of the one academic year the plan covers, else None."""
        if self.period and self.academic and self.period[1] - self.period[0] <= 1:
            return self.period[0]
        return None

    @property
    def several_years(self) -> bool:
        return bool(self.period) and self.single_year is None and self.academic_year is None

    def settles_years(self) -> bool:
        return (self.single_year is not None or self.academic_year is not None
                or (self.month is not None and self.month_year is not None))


def year_of_month(month: int, ctx: PlanContext) -> int | None:
    """The year `month` falls in for this plan: the heading's own year for its month; the
    plan's one calendar year; in an academic year September–December the first year and
    January–August the second; else, under a heading with a year, the year that puts the
    month nearest the heading month. None when nothing settles it."""
    if ctx.month_year is not None and ctx.month == month:
        return ctx.month_year
    if ctx.single_year is not None:
        return ctx.single_year
    first = ctx.academic_year
    if first is not None:
        return first if month >= ACADEMIC_START_MONTH else first + 1
    if ctx.month_year is not None and ctx.month is not None:
        return min((ctx.month_year + k for k in (-1, 0, 1)),
                   key=lambda y: abs((y * 12 + month) - (ctx.month_year * 12 + ctx.month)))
    return None


def _bounds(ctx: PlanContext) -> tuple[datetime.date, datetime.date] | None:
    if ctx.single_year is not None:
        return datetime.date(ctx.single_year, 1, 1), datetime.date(ctx.single_year, 12, 31)
    if ctx.academic_year is not None:
        y = ctx.academic_year
        return datetime.date(y, ACADEMIC_START_MONTH, 1), datetime.date(y + 1, 8, 31)
    return None


def _overlap(y1: int, m1: int, d1: int, y2: int, m2: int, d2: int | None,
             bounds: tuple[datetime.date, datetime.date] | None) -> int:
    if bounds is None:
        return 0
    try:
        start = datetime.date(y1, m1, d1)
        end = datetime.date(y2, m2, d2 if d2 is not None else calendar.monthrange(y2, m2)[1])
    except ValueError:
        return -1
    lo, hi = max(start, bounds[0]), min(end, bounds[1])
    return (hi - lo).days + 1 if hi >= lo else 0


def fill_years(m1: int, d1: int, m2: int, d2: int | None,
               ctx: PlanContext) -> tuple[int, int] | None:
    """(first year, last year) for the yearless date or range d1.m1 – d2.m2 (d2 None: the
    month's last day), or None when the plan does not settle them. A range crossing the new
    year or the academic year's start is read so that most of it lies inside the plan."""
    if not ctx.settles_years():
        return None
    ya, yb = year_of_month(m1, ctx), year_of_month(m2, ctx)
    if ya is None or yb is None:
        return None
    backwards = (m2, d2 if d2 is not None else 31) < (m1, d1)
    if (m1, d1) == (m2, d2) or (not backwards and ya == yb) or (backwards and yb == ya + 1):
        return ya, yb
    bounds = _bounds(ctx)
    step = 1 if backwards else 0
    from_start = (ya, ya + step)
    from_end = (yb - step, yb)
    a = _overlap(from_start[0], m1, d1, from_start[1], m2, d2, bounds)
    b = _overlap(from_end[0], m1, d1, from_end[1], m2, d2, bounds)
    return from_start if a >= b else from_end


_DAYS_RE = re.compile(r"^\s*\d{1,2}(?:\s*[-\u2010-\u2015\u2212]\s*\d{1,2})?"
                      r"(?:\s*(?:[,;]|\bи\b)\s*\d{1,2}(?:\s*[-\u2010-\u2015\u2212]\s*\d{1,2})?)*"
                      r"\s*(?:-?(?:го|е|ое|ого))?\s*(?:числ[оа])?\s*[.,;]?\s*$", re.I)
_SPAN_RE = re.compile(r"(\d{1,2})(?:\s*[-\u2010-\u2015\u2212]\s*(\d{1,2}))?")


def day_spans(text: str) -> list[tuple[int, int]]:
    """A cell holding only days of a month: «1-10» → [(1, 10)], «25» → [(25, 25)],
    «2, 3» → [(2, 2), (3, 3)]; anything else (or a day beyond 31) → []."""
    if not isinstance(text, str) or not _DAYS_RE.match(text):
        return []
    out = []
    for m in _SPAN_RE.finditer(text):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if not (1 <= a <= 31 and 1 <= b <= 31) or b < a:
            return []
        out.append((a, b))
    return out


_ORDINAL_WORDS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "последн": 4}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_ORD = r"(?:\d|iv|v|i{1,3}|перв\w*|втор\w*|трет\w*|четверт\w*|последн\w*)"
_PART_RE = re.compile(
    rf"^(?:в\s+течени[еи]\s+)?(?P<list>{_ORD}(?:\s*(?:-|–|—|,|и)\s*{_ORD})*)\s*(?:-?(?:я|й|ая|ей|ую)\s*)?"
    r"(?P<unit>недел\w*|нед\.?|половин\w*|пол\.)(?:\s+месяца)?\s*[.;,]?$", re.I)


def _ordinal(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    if w in _ROMAN:
        return _ROMAN[w]
    return next((n for stem, n in _ORDINAL_WORDS.items() if w.startswith(stem)), None)


def week_span(text: str) -> tuple[int, int | None] | None:
    """Weeks or halves of a month as (first day, last day or None for the month's end):
    «1 неделя» → (1, 7), «II–III недели» → (8, 21), «4 неделя» → (22, None),
    «1 половина месяца» → (1, 15), «2 половина месяца» → (16, None)."""
    if not isinstance(text, str):
        return None
    m = _PART_RE.match(re.sub(r"\s+", " ", text.strip()))
    if not m:
        return None
    nums = [_ordinal(w) for w in re.findall(_ORD, m.group("list"), re.I)]
    if not nums or None in nums:
        return None
    a, b = min(nums), max(nums)
    if m.group("unit").lower().startswith("пол"):
        if b > 2:
            return None
        return (1 if a == 1 else 16), (15 if b == 1 else None)
    if b > 5:
        return None
    return 7 * (a - 1) + 1, (7 * b if b < 4 else None)
