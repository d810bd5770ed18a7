"""Section headings of a plan table on one or two levels, carried down to its rows.

    heading row text → its kind (a period: «Сентябрь, 2016 год», «ЯНВАРЬ», «II четверть»; or a
    topic: «Методическая работа») → SectionState: the nearest heading (`title`), the one above
    it (`parent`) and the month a period heading sets for day-only deadlines below it

The kind of the first heading of a table is the upper level; a heading of the other kind
under it is the lower level («Сентябрь» → «Методическая работа»), and one of the same kind
replaces the upper level and clears the lower one. A plan whose headings are all of one
kind has one level and an empty `parent`. A heading's trailing «Цель: …» or «Задачи: …»
paragraph is not part of its title.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from normalizers import deadlines as deadline_rules
from normalizers.text import fold

# «Цель: …», «Задачи: …» after a heading's own words (a new line, or a sentence end)
TRAILING_AIM = re.compile(r"(?:\n|(?<=[.!?])\s+|\s+(?=(?:Цель|Цели|Задачи|Задача)\s*:))"
                          r"\s*(?:Цель|Цели|Задачи|Задача)\s*:.*$", re.S | re.I)


_YEAR_WORDS = frozenset({"год", "года", "г", "гг"})


@dataclass(frozen=True)
class SectionState:
    """The headings in force at a row."""

    no: str = ""
    title: str = ""
    parent: str = ""
    parent_no: str = ""
    top_kind: str = ""           # 'period' or 'topic': the kind of the upper level
    lower: bool = False          # the title is a lower-level heading
    month: int | None = None     # month and year a period heading sets
    year: int | None = None


@functools.lru_cache(maxsize=5000)
def period_of(text: str) -> tuple[int | None, int | None] | None:
    """(month, year) of a heading that names a period («Сентябрь, 2016 год» → (9, 2016),
    «ЯНВАРЬ» → (1, None), «II четверть» → (None, None)); None for any other heading."""
    found = deadline_rules.heading_month(text)
    if found:
        return found
    letters = re.findall(r"[А-Яа-яЁё]+", fold(text))
    if 2 <= len(letters) <= 4 and all(deadline_rules.heading_month(w) or w.lower() in _YEAR_WORDS
                                      for w in letters):
        return None, None                                  # «август - сентябрь»: months
    words = re.findall(r"\w+", fold(text))
    if 0 < len(words) <= 3 and any(w.lower() in _period_words() for w in words):
        return None, None                                  # «II четверть», «1 квартал»
    return None


@functools.lru_cache(maxsize=1)
def _period_words() -> frozenset[str]:
    """Words that make a short heading a period («четверть», «квартал»): header_roles.yaml."""
    from .structure import lexicon
    return frozenset(lexicon()["period_headings"])


def clean_title(raw: str) -> str:
    """A heading's text without its trailing «Цель: …» paragraph."""
    return fold(TRAILING_AIM.sub("", raw or "")) or fold(raw)


def enter(state: SectionState, no: str, title: str) -> SectionState:
    """The state after a heading row (its number and title already parsed)."""
    period = period_of(title)
    kind = "period" if period is not None else "topic"
    month, year = period if period is not None else (None, None)
    if not state.top_kind or kind == state.top_kind:
        return SectionState(no=no, title=title, top_kind=state.top_kind or kind,
                            month=month, year=year)
    top_no, top_title = (state.parent_no, state.parent) if state.lower else (state.no, state.title)
    return replace(state, no=no, title=title, parent=top_title, parent_no=top_no, lower=True,
                   month=month if kind == "period" else state.month,
                   year=year if kind == "period" else state.year)
