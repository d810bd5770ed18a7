"""Deadlines of Russian education roadmaps: printed phrase → intervals, recurrence, months.

The output contract is SCHEMA.md, section «Deadline conventions». The public functions:

* :func:`parse_deadline` reads one deadline cell («Май, ноябрь 2020-2022г.», «Ежегодно
  (сентябрь, май)», «до 01.09.2023») into a :class:`Deadline`: explicit intervals, a recurrence
  code, the months named without a year, and human-readable warnings.
* :func:`find_deadline_phrases` finds, inside the longer text of a year cell, the date
  phrases that say when that cell's work happens, as printed.
* :func:`deadline_phrases` gives a deadline cell whole, or only its date phrases when it holds
  something else too (a venue, a report form); :func:`heading_month` reads a month heading
  row (both in :mod:`normalizers.deadline_cells`).

How it works, and why each part is built the way it is
------------------------------------------------------
1. **Lexicons are data** (``normalizers/data/deadline_lexicon.yaml``: month names and all
   their forms, year words, ordinals, prepositions…; ``deadline_recurrence.yaml``: phrase →
   recurrence code, frequency words). They are loaded once, lazily, and cached.
2. **Tokenizer** (one compiled regular expression): full dates ``14.01.2022``, day.month
   ``21.03``, numbers (``1-й``), words, dashes (hyphen, en and em dash, minus…) and
   punctuation, each with its character offsets in the original text. Every word is then
   classed through the lexicon (month, year word, «учебный», «квартал», ordinal, «с», «до»…),
   which gives a one-letter *shape* per token (``Май- июнь 2022`` → ``MdMY``).
3. **Grammar**: the date constructs are regular expressions over that shape string
   (``MONTHS YEARS``, ``DAY-DAY.MONTH.YEAR``, ``ORDINAL квартал YEAR``, academic years,
   decades…), tried at every token, longest match first. A second pass joins constructs
   into ranges (``A – B``, ``с A по B``: a day or month without a year borrows the year of
   the other end), open starts (``с 2022 года``) and end-only deadlines (``до 01.09.2023``).
4. **Interpretation** turns each construct into calendar periods (whole month, year,
   quarter, half-year, decade, academic year 1 Sep – 31 Aug) and then ISO intervals.
5. **Recurrence** comes from the recurrence lexicon and the frequency rule («не менее 2 раз
   в год» → 2 a year → semiannual) and, where no frequency word is printed, from the
   intervals themselves: the same months repeated over two or more years are ``annual``
   (one a year), ``semiannual`` (two a year)…; anything else dated is ``once``.
6. **dateparser** (``DATE_ORDER='DMY'``) is the fallback for a single date in a format the
   grammar does not know («January 14, 2022»). It is only asked when the grammar found
   nothing (or only a year next to a number it could not place), and only with ``REQUIRE_PARTS`` (otherwise it fills a missing day or month
   with today's), with relative dates switched off («завтра» must not become a date), and a
   result with a time of day («21.03–27.03.2022» → 27 March 21:03) is refused.

Why a hand-written grammar and not yargy or dateparser
------------------------------------------------------
dateparser reads one date at a time: it has no notion of ranges, lists of months over lists
of years, academic years, quarters, recurrences or open ends, and silently fills missing
parts from today («Февраль 2022» → 2022-02-<today>), so it can only be the fallback above
(bench/dateparser_baseline.py measures how far plain dateparser gets on the gold).

yargy 0.16 was tried first: it imports and runs on Python 3.11 (through its pymorphy2
hot-fix) and expresses this grammar well, but its Earley parser builds every partial tree
at every start position in pure Python: a *one-rule* month-range grammar already costs
0.5 ms per phrase and 1.2 ms for «Май, ноябрь 2020-2022г.», and the full grammar several
times more, against a budget of well under 1 ms per phrase for thousands of cells per
batch. Matching regular expressions over a shape string of classed tokens keeps the same
structure (tokens → word classes from lexicons → grammar rules → interpretation) in linear
time: on the test table 0.04 ms median, 0.1 ms mean, 0.3 ms at most per phrase uncached,
and a phrase seen before comes from an LRU cache in ~5 µs. Morphology is not lost: the
month, ordinal and period word forms in the lexicon are pymorphy3's lexemes, checked
against pymorphy3 by the tests.

Conventions decided here (SCHEMA.md leaves them open)
-----------------------------------------------------
* **End-only deadlines** («до 01.09.2023», «не позднее 1 сентября 2023 г.», «по 31.12.2022»,
  «к концу 2023 года»): ISO output cannot have an open start, so the interval is the due
  period itself: the day (``2023-09-01/2023-09-01``), or the whole month or year named.
  Recurrence ``once``.
* **Open start** («С 2022 года», «начиная с 01.09.2022»): ``2022-01-01/..``, recurrence
  ``continuous`` (as the gold has it), unless a frequency word says otherwise.
* A **year range after months** repeats the months in every year of the range
  («Июнь 2020 - 2022г.» → June of 2020, 2021 and 2022, ``annual``), as the gold has it.
* Two **month-year groups printed side by side** with nothing between them, different months
  in different years («январь 2024 август 2025») are read as one span (the dash lost).
* **Whole years and academic years** listed over several years («2021, 2022 гг.») stay
  ``once``: recurrence says how often the work repeats, a whole year every year is duration.
* A **deadline without a year** («Сентябрь-декабрь», «до 1 сентября», «осень», «4 квартал»)
  takes its year from the plan where the plan settles it (SCHEMA.md «A deadline printed
  without its year»; :mod:`normalizers.plan_dates`): one calendar year; one academic year
  (``academic=True``: September–December the first year, January–August the second); the
  month heading row's year; else a dated phrase before it in the same cell («29 июня 2020 г.,
  до 01 июля»). Days alone («1-10», «25») take the month heading row's month. Otherwise (a
  plan of several years, no plan known) it gets no interval: its months go to ``months``
  and, with no frequency word, its recurrence is unknown: ``""`` with a warning. A frequency
  word keeps the months without intervals («ежегодно (май)»).
* Printed **frequency words** (ежегодно, ежеквартально…) beat the frequency inferred from
  dates; ``continuous`` words keep the dates; ``per_schedule`` and ``on_demand`` give way to
  a printed date («В соответствии с графиком … октябрь 2023 г.» → ``once``).
* Reversed ranges («2021-2020г.») are put in order, with a warning; a month range across the
  new year («ноябрь-февраль 2022») runs into the next year, with a warning.
* ``period`` supplies a year only as said above; it also adds a warning for an interval that
  lies outside the plan's period.
* **Seasons** (``seasons`` in the lexicon): autumn September–November, winter December–February,
  spring March–May, summer June–August; «зима 2020» runs December 2020 – February 2021.
* A line that starts with a capital letter starts a new phrase: no construct runs across
  such a line break («… № 5⏎Август 2023» is not 5 August), while «Сентябрь-декабрь⏎2022» is
  one phrase. A number after «№» is never a day.
* ``find_deadline_phrases`` returns each phrase's own characters with white space folded to
  one space (SCHEMA.md's text convention: a line break after an in-word hyphen joins without a
  space). A date after «от», «за», «с учетом», «по итогам» names another time and is skipped;
  a bare year («2022 год») counts only where it starts a line or sentence («Анализа 2022
  года», «выявленных в 2020 году» do not; «В 2022 году» at a line start gives «2022 году»,
  the locative «в» left out as the gold's alternatives do); a phrase without a year is not
  returned; «с …», «до …», «не позднее …», «начиная с …» keep their preposition (it changes the
  reading); a line that is only a recurrence («Ежегодно (сентябрь)») is a phrase too.
"""
from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from normalizers.plan_dates import PlanContext, day_spans, fill_years, week_span
from normalizers.lang.fold import fold_hyphen_wraps as _fold
from normalizers.text import load_yaml
from pipeline.i18n import _, language

__all__ = ["Interval", "Deadline", "parse_deadline", "find_deadline_phrases", "RECURRENCES",
           "PlanContext", "heading_month", "deadline_phrases"]

RECURRENCES = ("once", "annual", "semiannual", "quarterly", "monthly", "continuous",
               "per_schedule", "on_demand")

_DATA_DIR = Path(__file__).resolve().parent / "data"
_MIN_YEAR, _MAX_YEAR = 1900, 2099


# --------------------------------------------------------------------------- public types

@dataclass(frozen=True)
class Interval:
    """A closed interval of days; ``end=None`` is an open end (``..`` in ISO 8601)."""

    start: datetime.date | None
    end: datetime.date | None

    def iso(self) -> str:
        s = self.start.isoformat() if self.start else ".."
        e = self.end.isoformat() if self.end else ".."
        return f"{s}/{e}"


@dataclass
class Deadline:
    """One deadline read: ``intervals`` as printed (no year invented), ``recurrence`` (one of
    RECURRENCES, ``""`` when unknown), ``months`` named without a year in a recurring deadline
    (printed order), and ``warnings`` for whatever was not fully understood."""

    intervals: list[Interval] = field(default_factory=list)
    recurrence: str = ""
    months: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- lexicons

def _norm_word(w: str) -> str:
    return w.lower().replace("ё", "е")


def _load_yaml(name: str) -> dict:
    return load_yaml(_DATA_DIR / name)


class _Lexicon:
    """The YAML lexicons, compiled once (see :func:`_lexicon`)."""

    def __init__(self) -> None:
        lex = _load_yaml("deadline_lexicon.yaml")
        rec = _load_yaml("deadline_recurrence.yaml")
        # word -> (shape letter, value)
        words: dict[str, tuple[str, object]] = {}

        def add(forms, letter, value=None):
            for f in forms:
                words.setdefault(_norm_word(str(f)), (letter, value))

        for num, forms in lex["months"].items():
            add(forms, "M", int(num))
        add(lex["year_words"], "G")
        add(lex["academic_words"], "U")
        add(lex["quarter_words"], "Q")
        add(lex["half_year_words"], "H")
        add(lex["decade_words"], "K")
        add(lex["school_term_words"], "C")
        for num, forms in lex["ordinals"].items():
            add(forms, "O", int(num))
        for season in lex.get("seasons") or []:
            add(season["forms"], "V", tuple(int(m) for m in season["months"]))
        add(lex["start_prepositions"], "S")
        add(lex["end_prepositions"], "E")
        add(lex["modifiers"], "Z")
        add(lex["conjunctions"], "a")
        self.words = words
        self.month_words = {w for w, (k, _) in words.items() if k == "M"}
        # abbreviations keep their trailing period inside the token («г.», «сент.», «уч.»)
        self.abbrev = {_norm_word(w) for w in lex["abbreviations"]}
        self.roman = {str(k): int(v) for k, v in lex["roman"].items()}
        self.leads = {_norm_word(w) for w in lex["preposition_leads"]}
        self.reference = {_norm_word(w) for w in lex["reference_markers"]}
        self.weak_preps = {_norm_word(w) for w in lex["weak_prepositions"]}
        self.heading_month_re = re.compile("|".join(f"(?:{p})" for p in lex.get("heading_month_phrases") or ["(?!)"]))
        ay = lex["academic_year"]
        self.acad = (int(ay["start_month"]), int(ay["start_day"]), int(ay["end_month"]), int(ay["end_day"]))

        self.priority = list(rec["priority"])
        self.rec_patterns = [(code, re.compile("|".join(f"(?:{p})" for p in pats)))
                             for code, pats in rec["phrases"].items()]
        freq = rec["frequency"]
        self.numbers = {_norm_word(k): int(v) for k, v in freq["numbers"].items()}
        self.units = {_norm_word(k): float(v) for k, v in freq["units"].items()}
        self.freq_codes = [(float(b), str(c)) for b, c in freq["codes"]]
        num_alt = "|".join(sorted(map(re.escape, self.numbers), key=len, reverse=True))
        unit_alt = "|".join(sorted(map(re.escape, self.units), key=len, reverse=True))
        self.freq_re = re.compile(
            rf"(?:не (?:менее|реже|более|чаще) )?"
            rf"(?:(?:(?P<n>\d+|{num_alt}) )?(?:раза?|р\.?)|(?P<adv>{num_alt})) в (?:(?P<k>\d+|{num_alt}) )?"
            rf"(?P<unit>{unit_alt})(?!\w)")


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


# --------------------------------------------------------------------------- tokenizer

_TOKEN_RE = re.compile(r"""
  (?P<iso>(?<![\d.])(?:19|20)\d\d-\d\d-\d\d(?!\d))
 |(?P<date>(?<![\d.])(?:\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d|\d\d\.\d\d\.\d\d)(?![\d]))
 |(?P<dm>(?<![\d.])\d{1,2}\.\d{1,2}(?!\d|[./]\d))
 |(?P<num>(?<!\d)\d+(?:[ \t]?-[ \t]?(?:го|ый|ий|ой|ом|ая|ое|ые|й|я|е|м|х)(?![^\W\d_]))?(?!\d))
 |(?P<word>[^\W\d_]+)
 |(?P<dash>[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212])
 |(?P<nl>\n)
 |(?P<punct>[^\s\w])
""", re.X)

_PUNCT_SHAPE = {",": "c", ";": "s", ".": "p", "(": "l", ")": "r", "/": "x", ":": "k"}


class _Tok(NamedTuple):
    shape: str      # one letter, see _classify
    start: int      # offsets in the original text
    end: int
    text: str       # normalized text (lower case, ё → е)
    value: object   # month / number / (d, m, y) / None


def _tokenize(text: str) -> list[_Tok]:
    """Tokens with their shape letter. Newlines are dropped (phrases may span lines)."""
    lex = _lexicon()
    toks: list[_Tok] = []
    n = len(text)
    newline = False
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        raw = m.group()
        s, e = m.span()
        if kind == "nl":
            newline = True
            continue
        if newline and raw[:1].isupper():
            # a line that starts with a capital starts a new phrase: no construct runs into it
            toks.append(_Tok("n", s, s, "\n", None))
        newline = False
        if kind == "num" and toks and toks[-1].text == "№":
            toks.append(_Tok("o", s, e, raw, None))     # «№ 5» is a number, not a day
            continue
        if kind == "iso":
            y, mo, d = raw.split("-")
            toks.append(_Tok("D", s, e, raw, (int(d), int(mo), int(y))))
        elif kind == "date":
            d, mo, y = re.split(r"[./]", raw)
            yy = int(y) if len(y) == 4 else 2000 + int(y)
            toks.append(_Tok("D", s, e, raw, (int(d), int(mo), yy)))
        elif kind == "dm":
            d, mo = raw.split(".")
            toks.append(_Tok("P", s, e, raw, (int(d), int(mo))))
        elif kind == "num":
            digits = re.match(r"\d+", raw).group()
            v = int(digits)
            if len(digits) == 4 and _MIN_YEAR <= v <= _MAX_YEAR:
                toks.append(_Tok("Y", s, e, raw, v))
            elif len(digits) <= 2:
                toks.append(_Tok("N", s, e, raw, v))
            else:
                toks.append(_Tok("o", s, e, raw, v))
        elif kind == "word":
            w = _norm_word(raw)
            if raw in lex.roman:
                toks.append(_Tok("R", s, e, w, lex.roman[raw]))
                continue
            letter, value = lex.words.get(w, ("W", None))
            if w in lex.abbrev and e < n and text[e] == ".":
                e += 1
            toks.append(_Tok(letter, s, e, w, value))
        elif kind == "dash":
            toks.append(_Tok("d", s, e, "-", None))
        else:
            toks.append(_Tok(_PUNCT_SHAPE.get(raw, "o"), s, e, raw, None))
    # an abbreviation that swallowed a period: drop the period token that follows it
    out: list[_Tok] = []
    for t in toks:
        if out and t.shape == "p" and t.start < out[-1].end:
            continue
        out.append(t)
    return out


# --------------------------------------------------------------------------- periods

class _Per(NamedTuple):
    """A calendar period; y1/y2 None = no year printed; d2 None = last day of the month."""

    kind: str           # day, month, year, acad, quarter, half, decade, span
    y1: int | None
    m1: int
    d1: int
    y2: int | None
    m2: int
    d2: int | None

    @property
    def yearless(self) -> bool:
        return self.y1 is None or self.y2 is None


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month_per(y, m1, m2=None, warn=None, academic=False) -> _Per:
    m2 = m1 if m2 is None else m2
    y2 = y
    if y is not None and m2 < m1:
        y2 = y + 1
        if warn is not None and not academic:
            warn.append(_("month range {m1}-{m2} crosses the new year: read as {y1}-{y2}").format(
                m1=f"{m1:02d}", m2=f"{m2:02d}", y1=y, y2=y + 1))
    return _Per("month", y, m1, 1, y2, m2, None)


def _per_to_interval(p: _Per, warn: list[str]) -> Interval | None:
    if p.y1 is None or p.y2 is None:
        return None
    try:
        start = datetime.date(p.y1, p.m1, p.d1)
        end = datetime.date(p.y2, p.m2, p.d2 if p.d2 is not None else _last_day(p.y2, p.m2))
    except ValueError:
        first = f"{p.d1:02d}.{p.m1:02d}.{p.y1}"
        last = f"{p.d2 or 0:02d}.{p.m2:02d}.{p.y2}"
        warn.append(_("invalid date {date}").format(date=first) if first == last else
                    _("invalid date in {first} – {last}").format(first=first, last=last))
        return None
    if end < start:
        warn.append(_("reversed range {start} – {end}: swapped").format(start=start.isoformat(),
                                                                       end=end.isoformat()))
        start, end = end, start
    return Interval(start, end)


def _months_of(p: _Per) -> list[int]:
    """The months a period covers (for a yearless period: the months named)."""
    if p.kind in ("year", "quarter", "half", "acad"):
        return []
    out, m = [], p.m1
    for _ in range(12):
        out.append(m)
        if m == p.m2:
            break
        m = m % 12 + 1
    return out


# --------------------------------------------------------------------------- grammar

_YS = r"YG*(?:[dca]YG*)*"                     # 2022 | 2020-2022 гг. | 2021,2022 | 2021 г. и 2022 г.
_AC = r"(?:Y[dx][YN]G*UG*|UG*Y[dx][YN]G*)"     # 2022-2023 учебный год | учебный год 2022/23
_ML = r"M(?:dM)?(?:[ca]?M(?:dM)?)*"            # май | май-июнь | май, ноябрь | июнь и декабрь
_ORD = r"[RNO](?:[dca][RNO])*"                 # I | 1-й | первый | I-II | 1 и 3

# (name, shape regex); the longest match at a token wins, ties by order
_CONSTRUCTS = [
    ("drange", r"[DP]p?dDG*"),                                # 21.03–27.03.2022
    ("drange", r"NdDG*"),                                     # 21-27.03.2022
    ("drange", r"Pp?dPp?"),                                   # 18.01-23.01 (no year)
    ("drange", rf"NdNM(?:{_YS})?"),                         # 21–27 марта 2022
    ("drange_sp", r"SZ*[PN]EZ*DG*"),                          # с 21.03 по 27.03.2022
    ("drange_sp", rf"SZ*NEZ*NM(?:{_YS})?"),                 # с 21 по 27 марта 2022
    ("date", r"DG*"),                                         # 14.01.2022
    ("date", r"Pp?"),                                         # 30.10 (no year)
    ("date", rf"N(?:[ca]N)*M(?:{_YS})?"),                   # 14 января 2022 г. | 14, 15 мая 2022
    ("decade", rf"[ON]KM(?:{_YS})?"),                       # первая декада сентября 2022
    ("quarter", rf"{_ORD}Q(?:{_YS})?"),                     # I квартал 2023
    ("half", rf"{_ORD}H(?:{_AC}|{_YS})?"),                  # первое полугодие 2023
    ("acad", _AC),
    ("season", rf"V(?:{_AC}|{_YS})?"),                     # осень | зима 2020 | весна 2021 года
    ("mgroup", rf"{_ML}(?:{_AC}|{_YS})"),                   # Май, ноябрь 2020-2022г.
    ("mlist", _ML),                                         # (сентябрь, май) — no year
    ("years", _YS),                                         # 2020-2022г.
]
_CONSTRUCT_RES = [(name, re.compile(pat)) for name, pat in _CONSTRUCTS]


@dataclass
class _Item:
    kind: str
    i: int                  # first token (inclusive)
    j: int                  # last token (exclusive)
    periods: list[_Per]
    open_start: bool = False
    p0: int | None = None   # phrase start token incl. prepositions (for find_deadline_phrases)

    @property
    def dated(self) -> bool:
        return any(not p.yearless for p in self.periods)


def _years_of(toks: list[_Tok], warn: list[str], expand: bool) -> list[tuple[int, int]]:
    """Year spec tokens → list of (from, to). expand=True: every year of a range separately."""
    items: list[tuple[int, int]] = []
    k = 0
    ys = [t for t in toks if t.shape in "Ydca"]
    while k < len(ys):
        t = ys[k]
        if t.shape == "Y":
            if k + 2 < len(ys) and ys[k + 1].shape == "d" and ys[k + 2].shape == "Y":
                a, b = t.value, ys[k + 2].value
                if b < a:
                    warn.append(_("reversed year range {a}-{b}").format(a=a, b=b))
                    a, b = b, a
                if expand:
                    items.extend((y, y) for y in range(a, min(b, a + 50) + 1))
                else:
                    items.append((a, b))
                k += 3
                continue
            items.append((t.value, t.value))
        k += 1
    return items


def _academic_years(toks: list[_Tok], warn: list[str]) -> tuple[int, int] | None:
    nums = [t for t in toks if t.shape in "YN"]
    if len(nums) < 2:
        return None
    a = nums[0].value
    b = nums[1].value
    if nums[1].shape == "N":               # 2022/23
        b = a - a % 100 + b
        if b < a:
            b += 100
    if b < a:
        warn.append(_("reversed year range {a}-{b}").format(a=a, b=b))
        a, b = b, a
    if b == a:
        b = a + 1
    return a, b


def _month_spans(toks: list[_Tok]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.shape == "M":
            if k + 2 < len(toks) and toks[k + 1].shape == "d" and toks[k + 2].shape == "M":
                spans.append((t.value, toks[k + 2].value))
                k += 3
                continue
            spans.append((t.value, t.value))
        k += 1
    return spans


def _ordinals(toks: list[_Tok]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    vals = [t for t in toks if t.shape in "RNOdca"]
    k = 0
    while k < len(vals):
        t = vals[k]
        if t.shape in "RNO":
            if k + 2 < len(vals) and vals[k + 1].shape == "d" and vals[k + 2].shape in "RNO":
                out.append((t.value, vals[k + 2].value))
                k += 3
                continue
            out.append((t.value, t.value))
        k += 1
    return out


def _split_year_part(toks: list[_Tok], head: str) -> tuple[list[_Tok], list[_Tok]]:
    """Tokens of the head (months/ordinals) and of the year spec that follows."""
    k = 0
    while k < len(toks) and toks[k].shape in head:
        k += 1
    return toks[:k], toks[k:]


def _day_month_ok(d: int, m: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= (29 if m == 2 else _last_day(2001, m))


def _interpret(kind: str, toks: list[_Tok], warn: list[str]) -> list[_Per]:
    lex = _lexicon()
    if kind == "date":
        if toks[0].shape == "D":
            d, m, y = toks[0].value
            return [_Per("day", y, m, d, y, m, d)]
        if toks[0].shape == "P":
            d, m = toks[0].value
            return [_Per("day", None, m, d, None, m, d)] if _day_month_ok(d, m) else []
        days = [t.value for t in toks if t.shape == "N"]
        month = next(t.value for t in toks if t.shape == "M")
        rest = toks[next(k for k, t in enumerate(toks) if t.shape == "M") + 1:]
        years = [a for a, _ in _years_of(rest, warn, expand=True)] or [None]
        return [_Per("day", y, month, d, y, month, d) for y in years for d in days]
    if kind == "drange":
        a = toks[0]
        ps = [t for t in toks if t.shape == "P"]
        if len(ps) == 2:                     # day.month – day.month, no year
            (d1, m1), (d2, m2) = ps[0].value, ps[1].value
            ok = _day_month_ok(d1, m1) and _day_month_ok(d2, m2)
            return [_Per("span", None, m1, d1, None, m2, d2)] if ok else []
        b = next((t for t in reversed(toks) if t.shape == "D"), toks[-1])
        if b.shape == "D":
            d2, m2, y2 = b.value
            if a.shape == "D":
                d1, m1, y1 = a.value
            elif a.shape == "P":
                d1, m1 = a.value
                y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
            else:
                d1, m1, y1 = a.value, m2, y2
            return [_Per("span", y1, m1, d1, y2, m2, d2)]
        # N - N month [years]
        d1, d2 = toks[0].value, toks[2].value
        month = toks[3].value
        years = [x for x, _ in _years_of(toks[4:], warn, expand=True)] or [None]
        return [_Per("span", y, month, d1, y, month, d2) for y in years]
    if kind == "drange_sp":
        core = [t for t in toks if t.shape not in "SZEG"]
        a = core[0]
        if core[-1].shape == "D":
            d2, m2, y2 = core[-1].value
            if a.shape == "P":
                d1, m1 = a.value
                y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
            else:
                d1, m1, y1 = a.value, m2, y2
            return [_Per("span", y1, m1, d1, y2, m2, d2)]
        d1, d2, month = core[0].value, core[1].value, core[2].value
        years = [x for x, _ in _years_of(core[3:], warn, expand=True)] or [None]
        return [_Per("span", y, month, d1, y, month, d2) for y in years]
    if kind == "decade":
        nth = toks[0].value
        month = toks[2].value
        years = [x for x, _ in _years_of(toks[3:], warn, expand=True)] or [None]
        if nth not in (1, 2, 3):
            warn.append(_("no decade number {n}").format(n=nth))
            return []
        d1, d2 = (1, 10) if nth == 1 else (11, 20) if nth == 2 else (21, None)
        return [_Per("decade", y, month, d1, y, month, d2) for y in years]
    if kind in ("quarter", "half"):
        head, rest = _split_year_part(toks, "RNOdca")
        size = 3 if kind == "quarter" else 6
        top = 4 if kind == "quarter" else 2
        pers: list[_Per] = []
        ords = _ordinals(head)
        if any(not (1 <= a <= top and 1 <= b <= top) for a, b in ords):
            text = repr(" ".join(t.text for t in head))
            warn.append(_("no quarter number in {text}").format(text=text) if kind == "quarter"
                        else _("no half-year number in {text}").format(text=text))
            return []
        rest = rest[1:]  # the period noun
        if kind == "half" and any(t.shape == "U" for t in rest):
            ay = _academic_years(rest, warn)
            if ay:
                sm, sd, em, ed = lex.acad
                for a, b in ords:
                    s = (ay[0], sm, sd) if a == 1 else (ay[1], 1, 1)
                    e = (ay[0], 12, 31) if b == 1 else (ay[1], em, ed)
                    pers.append(_Per("half", s[0], s[1], s[2], e[0], e[1], e[2]))
                return pers
        years = [x for x, _ in _years_of(rest, warn, expand=True)] or [None]
        for y in years:
            for a, b in ords:
                if b < a:
                    a, b = b, a
                pers.append(_Per(kind, y, (a - 1) * size + 1, 1, y, b * size, None))
        return pers
    if kind == "acad":
        ay = _academic_years(toks, warn)
        if not ay:
            return []
        sm, sd, em, ed = lex.acad
        return [_Per("acad", ay[0], sm, sd, ay[1], em, ed)]
    if kind in ("mgroup", "mlist"):
        head, rest = _split_year_part(toks, "Mdca")
        spans = _month_spans(head)
        if kind == "mlist":
            return [_month_per(None, a, b) for a, b in spans]
        if any(t.shape == "U" for t in rest):
            ay = _academic_years(rest, warn)
            if not ay:
                return []
            sm = lex.acad[0]
            pers = []
            for y0 in range(ay[0], max(ay[1], ay[0] + 1)):
                for a, b in spans:
                    ya = y0 if a >= sm else y0 + 1
                    yb = y0 if b >= sm else y0 + 1
                    pers.append(_Per("month", ya, a, 1, yb, b, None))
            return pers
        years = [x for x, _ in _years_of(rest, warn, expand=True)]
        return [_month_per(y, a, b, warn) for y in years for a, b in spans]
    if kind == "years":
        return [_Per("year", a, 1, 1, b, 12, 31) for a, b in _years_of(toks, warn, expand=False)]
    if kind == "season":
        return _season_periods(toks, warn)
    return []


def _season_periods(toks: list[_Tok], warn: list[str]) -> list[_Per]:
    """«осень» (no year), «зима 2020» (December 2020 – February 2021), «весна 2019-2020
    учебного года» (in the academic year's own calendar year)."""
    m1, m2 = toks[0].value
    rest = toks[1:]
    if not rest:
        return [_month_per(None, m1, m2)]
    if any(t.shape == "U" for t in rest):
        ay = _academic_years(rest, warn)
        if not ay:
            return []
        y = ay[0] if m1 >= _lexicon().acad[0] else ay[0] + 1
        return [_month_per(y, m1, m2, academic=True)]
    return [_month_per(y, m1, m2, academic=True) for y, _ in _years_of(rest, warn, expand=True)]


def _scan(toks: list[_Tok], warn: list[str]) -> list[_Item]:
    """All constructs, left to right, longest first; then ranges and prepositions."""
    shape = "".join(t.shape for t in toks)
    items: list[_Item] = []
    pos = 0
    while pos < len(shape):
        best = None
        for name, rx in _CONSTRUCT_RES:
            m = rx.match(shape, pos)
            if m and m.end() > pos and (best is None or m.end() > best[1]):
                best = (name, m.end())
        if best is None:
            pos += 1
            continue
        name, end = best
        pers = _interpret(name, toks[pos:end], warn)
        kind = "drange" if name == "drange_sp" else name
        items.append(_Item(kind, pos, end, pers, p0=pos))
        pos = end
    return _link(items, toks, shape, warn)


def _before(shape: str, i: int) -> int:
    """Index of the first token of the preposition group right before token i (skipping modifiers)."""
    k = i
    while k > 0 and shape[k - 1] == "Z":
        k -= 1
    return k


def _complete_start(a: _Per, b: _Per) -> _Per:
    """A range's first end without a year borrows it from the second end."""
    if a.y1 is not None or b.y1 is None:
        return a
    y = b.y1
    if (a.m1, a.d1) > (b.m1, b.d1):
        y -= 1
    return a._replace(y1=y, y2=y)


def _link(items: list[_Item], toks: list[_Tok], shape: str, warn: list[str]) -> list[_Item]:
    """Ranges «A – B» / «с A по B», open starts «с A», end-only «до A»."""
    lex = _lexicon()
    out: list[_Item] = []
    k = 0
    while k < len(items):
        it = items[k]
        b = _before(shape, it.i)
        prep = shape[b - 1] if b > 0 and shape[b - 1] in "SE" else ""
        nxt = items[k + 1] if k + 1 < len(items) else None
        merged = False
        if nxt is not None and len(it.periods) == 1 and len(nxt.periods) == 1:
            gap = shape[it.j:nxt.i].replace("Z", "")
            if gap == "d" or (prep == "S" and gap == "E"):
                a = _complete_start(it.periods[0], nxt.periods[0])
                z = nxt.periods[0]
                span = _Per("span", a.y1, a.m1, a.d1, z.y2, z.m2, z.d2)
                it = _Item("span", it.i, nxt.j, [span], p0=b - 1 if prep == "S" else it.i)
                merged = True
        if not merged and prep:
            it.open_start = prep == "S"
            it.p0 = b - 1
        if it.p0 is not None and 0 < it.p0 < it.i and toks[it.p0 - 1].text in lex.leads:
            it.p0 -= 1
        out.append(it)
        k += 2 if merged else 1
    return out


# --------------------------------------------------------------------------- recurrence

def _normalize(text: str) -> str:
    t = _norm_word(text)
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", t)
    return re.sub(r"\s+", " ", t).strip()


def _word_recurrences(norm: str, warn: list[str]) -> tuple[set[str], list[tuple[int, int]]]:
    """Recurrence codes named in the text, and the character spans that named them."""
    lex = _lexicon()
    codes: set[str] = set()
    spans: list[tuple[int, int]] = []
    for m in lex.freq_re.finditer(norm):
        spans.append(m.span())
        def num(s):
            if s is None:
                return 1
            return int(s) if s.isdigit() else lex.numbers.get(s, 1)
        n = num(m.group("n") or m.group("adv"))
        k = num(m.group("k"))
        per_year = n / (k * lex.units[m.group("unit")])
        if per_year < 1 - 1e-6:
            warn.append(_("less often than once a year ({text}): no recurrence code").format(text=repr(m.group())))
            continue
        for bound, code in lex.freq_codes:
            if per_year <= bound + 1e-6:
                if abs(per_year - bound) > 1e-3 and not any(abs(per_year - b) < 1e-3 for b, _ in lex.freq_codes):
                    warn.append(_("{text} ({n} a year) read as {code}").format(text=repr(m.group()), n=f"{per_year:g}",
                                                                            code=code))
                codes.add(code)
                break
    for code, rx in lex.rec_patterns:
        for m in rx.finditer(norm):
            codes.add(code)
            spans.append(m.span())
    return codes, spans


_FREQUENCIES = {1: "annual", 2: "semiannual", 4: "quarterly", 12: "monthly"}


def _inferred(intervals: list[Interval], periods: list[_Per], warn: list[str]) -> str:
    """once / annual / semiannual … from the intervals themselves."""
    if all(p.kind in ("year", "acad") for p in periods):
        return "once"
    by_year: dict[int, set] = {}
    for iv in intervals:
        key = (iv.start.month, iv.start.day, iv.end.month, iv.end.day, iv.end.year - iv.start.year)
        by_year.setdefault(iv.start.year, set()).add(key)
    if len(by_year) < 2:
        return "once"
    patterns = list(by_year.values())
    if any(p != patterns[0] for p in patterns[1:]):
        return "once"
    n = len(patterns[0])
    if n in _FREQUENCIES:
        return _FREQUENCIES[n]
    code = "quarterly" if n < 4 else "monthly"
    warn.append(_("{n} dates a year read as {code}").format(n=n, code=code))
    return code


# --------------------------------------------------------------------------- dateparser fallback

_DP_SETTINGS_DAY = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"],
                    "PARSERS": ["custom-formats", "absolute-time"], "PREFER_DAY_OF_MONTH": "first"}
_DP_SETTINGS_MONTH = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["month", "year"],
                      "PARSERS": ["custom-formats", "absolute-time"], "PREFER_DAY_OF_MONTH": "first"}


def _dateparser_fallback(text: str) -> Interval | None:
    """One date in a format the grammar does not know, read by dateparser (never guessed)."""
    if len(text) > 64 or not re.search(r"\d", text) or not re.search(r"[^\W\d_]|\d\D+\d", text):
        return None
    try:
        import dateparser  # lazy: heavy import, rarely needed
    except ImportError:  # pragma: no cover
        return None
    for settings, whole_month in ((_DP_SETTINGS_DAY, False), (_DP_SETTINGS_MONTH, True)):
        try:
            dt = dateparser.parse(text, languages=["ru", "en"], settings=settings)
        except Exception:  # dateparser raises on odd input; the fallback must not
            dt = None
        if dt is None or dt.hour or dt.minute or dt.second or not (_MIN_YEAR <= dt.year <= _MAX_YEAR):
            continue
        d = dt.date()
        if whole_month:
            return Interval(d.replace(day=1), d.replace(day=_last_day(d.year, d.month)))
        return Interval(d, d)
    return None


# --------------------------------------------------------------------------- public API

def parse_deadline(text: str, period: tuple[int, int] | None = None, *, academic: bool = False,
                   month: int | None = None, month_year: int | None = None,
                   context: PlanContext | None = None) -> Deadline:
    """Read one printed deadline. Never raises; what it cannot read is said in ``warnings``.

    ``period`` (the plan's first and last year) warns about intervals outside it and, as
    SCHEMA.md's «A deadline printed without its year» says, supplies the year a deadline does
    not print when it settles it: one calendar year, or one academic year with
    ``academic=True`` (September–December the first year, January–August the second).
    ``month`` / ``month_year``: the month heading row («Сентябрь, 2016 год») the row sits
    under; a cell of days only («1-10», «25») takes its month (and year) from it.
    A frequency word («ежегодно (май)») keeps its months without intervals. ``context`` (a
    :class:`PlanContext`) may be given instead of the keywords.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text.strip():
        return Deadline()
    try:
        period = (int(period[0]), int(period[1])) if period else None
    except (TypeError, ValueError, IndexError):
        period = None
    if context is None:
        context = _context(period, academic, month, month_year)
    # warnings in the reader's language: the language is part of the cache key
    return _parse_cached(text, period, context, language()).copy()


def _context(period, academic, month, month_year) -> PlanContext:
    """A PlanContext from loose arguments (bad values are dropped, never raised)."""
    def as_int(v, lo, hi):
        try:
            v = int(v)
        except (TypeError, ValueError):
            return None
        return v if lo <= v <= hi else None
    m = as_int(month, 1, 12)
    return PlanContext(period=period, academic=bool(academic) and period is not None, month=m,
                       month_year=as_int(month_year, _MIN_YEAR, _MAX_YEAR) if m else None)


class _Parsed(NamedTuple):
    intervals: tuple
    recurrence: str
    months: tuple
    warnings: tuple

    def copy(self) -> Deadline:
        return Deadline(list(self.intervals), self.recurrence, list(self.months), list(self.warnings))


def _days_under_heading(text: str, ctx: PlanContext) -> _Parsed | None:
    """«1-10», «25» under a month heading row: days of that month; «в течение месяца»
    (``deadline_lexicon.yaml``, ``heading_month_phrases``) there: the whole month."""
    spans = day_spans(text) if ctx.month else []
    if ctx.month and not spans and _lexicon().heading_month_re.fullmatch(_normalize(text).rstrip(" .;,")):
        spans = [(1, None)]
    if ctx.month and not spans:
        week = week_span(text)                     # «2 неделя», «1 половина месяца»
        spans = [week] if week else []
    if not spans:
        return None
    years = fill_years(ctx.month, 1, ctx.month, 1, ctx)
    if years is None:
        return _Parsed((), "", (ctx.month,), (_("no year in deadline {text}: {tail}").format(
            text=repr(text.strip()), tail=_("recurrence unknown")),))
    warn: list[str] = []
    intervals = []
    for a, b in spans:
        iv = _per_to_interval(_Per("span", years[0], ctx.month, a, years[0], ctx.month, b), warn)
        if iv is not None and iv not in intervals:
            intervals.append(iv)
    return _Parsed(tuple(intervals), "once" if intervals else "", (), tuple(warn))


def _completed(p: _Per, ctx: PlanContext, anchor: _Per | None) -> _Per:
    """A yearless period with the year the plan (or the cell's own dated phrase before it,
    «29 июня 2020 г., до 01 июля») settles; unchanged when nothing settles it."""
    if p.y1 is not None or p.y2 is not None:
        return p
    first = ctx.academic_year
    if p.kind == "half" and first is not None:
        # a school year's half-years: the first September–December, the second from January
        # (as «I полугодие 2024-2025 уч. года» reads), not the calendar's
        sm, sd, em, ed = _lexicon().acad
        start = (first, sm, sd) if p.m1 == 1 else (first + 1, 1, 1)
        end = (first, 12, 31) if p.m2 == 6 else (first + 1, em, ed)
        return _Per("half", start[0], start[1], start[2], end[0], end[1], end[2])
    years = fill_years(p.m1, p.d1, p.m2, p.d2, ctx)
    if years is None and anchor is not None and anchor.y2 is not None:
        y = anchor.y2 + (1 if (p.m1, p.d1) < (anchor.m2, anchor.d2 or 1) else 0)
        years = (y, y + (1 if (p.m2, p.d2 or 31) < (p.m1, p.d1) else 0))
    return p if years is None else p._replace(y1=years[0], y2=years[1])


_FREQUENCY_CODES = ("monthly", "quarterly", "semiannual", "annual")


@functools.lru_cache(maxsize=8192)
def _parse_cached(text: str, period: tuple[int, int] | None,
                  ctx: PlanContext = PlanContext(), lang: str = "") -> _Parsed:
    days = _days_under_heading(text, ctx)
    if days is not None:
        return days
    warn: list[str] = []
    toks = _tokenize(text)
    items = _scan(toks, warn)
    norm = _normalize(text)
    codes, _spans = _word_recurrences(norm, warn)

    # the only two constructs: «январь 2024 август 2025» — one span, its dash lost
    if (len(items) == 2 and all(it.kind == "mgroup" and len(it.periods) == 1 for it in items)
            and items[0].j == items[1].i):
        a, b = items[0].periods[0], items[1].periods[0]
        if not a.yearless and not b.yearless and a.y2 < b.y1 and (a.m1, a.m2) != (b.m1, b.m2):
            items = [_Item("span", items[0].i, items[1].j, [_Per("span", a.y1, a.m1, a.d1, b.y2, b.m2, b.d2)])]

    intervals: list[Interval] = []
    dated_periods: list[_Per] = []
    months: list[int] = []
    open_start = False
    yearless = False
    complete = not any(c in codes for c in _FREQUENCY_CODES)
    anchor = None
    for it in items:
        for p in it.periods:
            if p.yearless and complete:
                p = _completed(p, ctx, anchor)
            if not p.yearless:
                anchor = p
            if p.yearless:
                yearless = True
                for m in _months_of(p):
                    if m not in months:
                        months.append(m)
                continue
            iv = _per_to_interval(p, warn)
            if iv is None:
                continue
            if it.open_start:
                iv = Interval(iv.start, None)
                open_start = True
            if iv not in intervals:
                intervals.append(iv)
                dated_periods.append(p)

    frequency = [c for c in ("monthly", "quarterly", "semiannual", "annual") if c in codes]
    lex = _lexicon()
    worded = next((c for c in lex.priority if c in codes), "")
    if intervals:
        if frequency:
            recurrence = frequency[0]
        elif open_start or "continuous" in codes:
            recurrence = "continuous"
        else:
            recurrence = _inferred([i for i in intervals if i.end is not None], dated_periods, warn)
    else:
        recurrence = worded

    if yearless and not codes:
        tail = _("recurrence unknown") if not intervals else _("that part gives no interval")
        warn.append(_("no year in deadline {text}: {tail}").format(text=repr(text.strip()), tail=tail))
    covered = {k for it in items for k in range(it.p0 if it.p0 is not None else it.i, it.j)}
    stray_number = any(t.shape == "N" and k not in covered for k, t in enumerate(toks))
    if ((not items and not codes) or (stray_number and items and all(it.kind == "years" for it in items))) \
            and not yearless:
        # a date in a format the grammar does not know («January 14, 2022»): ask dateparser
        iv = _dateparser_fallback(text.strip())
        if iv is not None:
            intervals, months = [iv], []
            recurrence = next((c for c in ("monthly", "quarterly", "semiannual", "annual") if c in codes), "once")
    if not intervals and not recurrence and not months and not warn:
        warn.append(_("unreadable deadline: {text}").format(text=repr(text.strip())))
    if period:
        p0, p1 = period
        for iv in intervals:
            lo = iv.start.year if iv.start else None
            hi = iv.end.year if iv.end else None
            if (lo is not None and lo > p1) or (hi is not None and hi < p0):
                warn.append(_("deadline {interval} outside the plan period {p0}-{p1}").format(
                    interval=iv.iso(), p0=p0, p1=p1))
    return _Parsed(tuple(intervals), recurrence, tuple(months), tuple(dict.fromkeys(warn)))


# --------------------------------------------------------------------------- find_deadline_phrases

_BOUNDARY_BEFORE = set(".;:!?()[]«»\"–—-•*\u2010\u2011\u2012\u2015\u2212")
_BOUNDARY_AFTER = set(".;:!?()[]«»\",–—-\u2010\u2011\u2012\u2015\u2212")


def _at_boundary_before(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\xa0":
        k -= 1
    return k < 0 or text[k] in "\r\n" or text[k] in _BOUNDARY_BEFORE


def _wrapped_line_start(text: str, start: int) -> bool:
    """`start` begins a line that only goes on with the previous one (a narrow column's wrap:
    «…выявленных в ходе идентификации ШНРО и ШНСУ⏎в 2020 году, с использованием»)."""
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == 0 or text[line_start:start].strip() or not text[start:start + 1].islower():
        return False                 # «2022 год» or «В 2022 году» opening a line: an entry
    previous = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1]
    line_end = text.find("\n", start)
    return _continues_sentence(previous, text[start:line_end if line_end >= 0 else len(text)])


def _at_boundary_after(text: str, end: int) -> bool:
    k = end
    while k < len(text) and text[k] in " \t\xa0":
        k += 1
    return k >= len(text) or text[k] in "\r\n" or text[k] in _BOUNDARY_AFTER


def _continues_sentence(previous: str, line: str) -> bool:
    """A line that goes on with the previous one: it starts in lowercase after a line that
    did not end a sentence, or closes a bracket it never opened (a PDF line wrap)."""
    if line.count(")") > line.count("("):
        return True
    first = next((ch for ch in line if ch.isalpha()), "")
    prev = previous.rstrip()
    return bool(prev) and first.islower() and not prev.endswith((".", ":", ";", "!", "?")) \
        and not re.search(r"\d{4}\s*(г\.?|года?|гг\.?)?$", prev)


def _recurrence_lines(text: str) -> list[tuple[int, int]]:
    """Lines that are only a recurrence («Ежегодно», «постоянно», «ежегодно (август)»)."""
    lex = _lexicon()
    out = []
    pos = 0
    previous = ""
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        norm = _normalize(line)
        if not norm:
            continue
        if _continues_sentence(previous, line):
            previous = line
            continue  # a wrapped line («…не реже 1 раз в⏎полугодие»), not an entry of its own
        previous = line
        codes, spans = _word_recurrences(norm, [])
        if not codes:
            continue
        rest = list(norm)
        for a, b in spans:
            rest[a:b] = " " * (b - a)
        leftover = [w for w in re.findall(r"[^\W\d_]+", "".join(rest))
                    if w not in lex.month_words and lex.words.get(w, ("W",))[0] not in "GaZEM"]
        if leftover:
            continue
        # trim bullets / numbering before and sentence punctuation after
        m = re.match(r"^[\s\-\u2013\u2014•*\d.)]*", line)
        s = start + (m.end() if m else 0)
        e = end
        while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:"):
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def find_deadline_phrases(text: str) -> list[str]:
    """The date phrases of a year cell that say when its work happens, in order, as printed.

    ``"1. Создана рабочая группа.\\nФевраль 2022\\n2. Анализ …\\nМай- июнь 2022"`` →
    ``["Февраль 2022", "Май- июнь 2022"]``. See the module docstring for what is skipped.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    lex = _lexicon()
    warn: list[str] = []
    toks = _tokenize(text)
    items = _scan(toks, warn)
    rec_lines = _recurrence_lines(text)
    found: list[tuple[int, int]] = list(rec_lines)
    for it in items:
        if not it.dated:
            continue
        i0 = it.p0 if it.p0 is not None else it.i
        start, end = toks[i0].start, toks[it.j - 1].end
        if any(a <= start < b for a, b in rec_lines):
            continue
        prev = toks[i0 - 1] if i0 > 0 else None
        if prev is not None and prev.text in lex.weak_preps:
            weak = prev
            prev = toks[i0 - 2] if i0 > 1 else None
        else:
            weak = None
        if prev is not None and prev.text in lex.reference and prev.end <= start:
            continue
        bare_year = all(p.kind in ("year", "acad") for p in it.periods) and i0 == it.i
        if bare_year:
            # «2022 год» on its own line or sentence, also «В 2022 году» there (the «в» left
            # out of the phrase); not «Анализа 2022 года», «выявленных в 2020 году»
            lead = weak.start if weak is not None else start
            if not _at_boundary_before(text, lead) or _wrapped_line_start(text, lead):
                continue
            if toks[it.j - 1].shape == "Y" and not _at_boundary_after(text, end):
                continue
        found.append((start, end))
    found.sort()
    return [_fold(text[a:b]) for a, b in found]


# --------------------------------------------------------------------------- deadline cells

def deadline_phrases(cell_text: str) -> list[str]:
    """The date phrases of a deadline cell: the whole cell when it is only a deadline, only
    its date phrases when it holds a venue or a report form too (see
    :mod:`normalizers.deadline_cells`)."""
    from normalizers.deadline_cells import deadline_phrases as phrases
    return phrases(cell_text)


def heading_month(text: str) -> tuple[int, int | None] | None:
    """(month, year or None) for a month heading row («Сентябрь, 2016 год», «ЯНВАРЬ»)."""
    from normalizers.deadline_cells import heading_month as month
    return month(text)
