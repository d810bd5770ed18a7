"""The plan's period: years in the title or a sentence about the plan, an academic year, or the deadlines' span."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from normalizers.metadata.document import DocumentMetadata
from normalizers.metadata.resources import lexicon
from extractors.settings import MetadataSettings, defaults
from normalizers.metadata.title import _title_re


_YEAR = r"(?:19|20)\d{2}"


_RANGE = re.compile(
    rf"(?<!\d)(?P<a>{_YEAR})\s*(?:г(?:ода|г)?\.?\s*)?(?:[-–—/]|\s+по\s+)\s*(?P<b>{_YEAR})(?!\d)"
    r"(?:\s*(?:гг?\.?|годы|годов|год[а-я]*|уч\.?\s*г|учебн[а-я]*\s+год[а-я]*))?", re.I)


# «на 2022 год», and a season or part of it between («на летний период 2018 год», «на лето
# 2020 г.», «на I полугодие 2021 года»)
_SINGLE = re.compile(rf"\bна\s+(?:[а-яёA-Z]+\s+){{0,2}}(?P<a>{_YEAR})\s*(?:год|г\.|г\b)", re.I)


def find_period(text: str, cfg: MetadataSettings | None = None) -> tuple[int | None, int | None]:
    """«на 2022-2025 гг.» → (2022, 2025); «с 2021 по 2023 годы», «на 2022 год», «на летний
    период 2018 год»; the range
    after «на» wins over another one, else the last range."""
    best = None
    for m in _RANGE.finditer(text or ""):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > b:
            a, b = b, a
        if b - a > (cfg or defaults().metadata).period_max_span:
            continue
        on = bool(re.search(r"\b(?:на|период|с)\s*(?:период\s*)?$", text[:m.start()][-20:], re.I))
        if best is None or on or not best[2]:
            best = (a, b, on)
    if best:
        return best[0], best[1]
    m = _SINGLE.search(text or "")
    if m:
        return int(m.group("a")), int(m.group("a"))
    return None, None


def is_academic_period(text: str, start: int | None, end: int | None) -> bool:
    """Does `text` call the period start–end an academic year («на 2019-2020 учебный год»,
    «2015/2016 уч. г.»)?"""
    if start is None or end is None or end - start > 1:
        return False
    words = "|".join(lexicon().get("academic_year_words") or ["учебн"])
    tail = rf"\s*(?:гг?\.?|годы?)?\s*(?:{words})"
    years = rf"{start}\s*(?:г\.?\s*)?[-–—/]\s*(?:{end}|{end % 100:02d})" if end != start else str(start)
    return bool(re.search(rf"(?<!\d){years}(?!\d){tail}", text or "", re.I) or
                re.search(rf"(?:{words})[а-яё]*\s+(?:год[а-яё]*\s+)?{years}(?!\d)", text or "", re.I))


def period_from_deadlines(meta: DocumentMetadata, deadline_years: Iterable[int]) -> None:
    """A plan whose text names no period: the span of its deadlines' years (with a warning)."""
    if meta.period_start is not None:
        return
    years = sorted({int(y) for y in deadline_years if y and 1990 <= int(y) <= 2100})
    if not years:
        return
    meta.period_start, meta.period_end = years[0], years[-1]
    meta.warnings = [w for w in meta.warnings if w != "metadata: no period found"]
    meta.warnings.append("metadata: period taken from the span of the deadlines")


_ACADEMIC_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)?\d\d)(?!\d)\s*(?:гг?\.?\s*)?"
                          r"(?:уч\.|учебн)", re.I)


def _academic_year_in_prose(flow: str) -> tuple[int | None, int | None]:
    """The academic year the prose names most («… на 2013-2014 учебный год»): a school plan
    whose title names no period works in it."""
    years = []
    for m in _ACADEMIC_RE.finditer(flow or ""):
        a, b = int(m.group(1)), int(m.group(2))
        b = b if b >= 100 else a - a % 100 + b
        if b == a + 1:
            years.append((a, b))
    if not years:
        return None, None
    return Counter(years).most_common(1)[0][0]


def _plan_sentences(flow: str) -> list[str]:
    """Sentences that speak about the plan itself («Комплекс мер является … 2020-2022 годы»)."""
    out = []
    rx = _title_re()
    for s in re.split(r"(?<=[.!?])\s+(?=[А-ЯЁ])", flow):
        s2 = re.sub(r"^(?:настоящ|данн)[а-яё]+\s+", "", s, flags=re.I)
        if rx.match(s2):
            out.append(s[:400])
    return out
