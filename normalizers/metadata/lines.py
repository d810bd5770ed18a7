"""Lines and words of the text around the tables."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from normalizers.text import fold


_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*")


_SPACED = re.compile(r"(?<![^\s«\"“(])(?:[А-ЯЁ] ){3,}[А-ЯЁ](?![^\s»\"”),.:])")


def unspace_letters(text: str) -> str:
    """A heading typed with a space between its capitals («П Р О Г Р А М М А», «П Л А Н»)
    as its word: runs of four or more single capitals one space apart are joined; a wider
    white run stays the gap between two such words («П Л А Н  Р А Б О Т Ы» → «ПЛАН  РАБОТЫ»)."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


def join_lines(lines: Iterable[str]) -> str:
    """Lines (or paragraphs) → one string: a space between them, none after an in-word
    hyphen at the end of a line («план-» + «графика» → «план-графика»)."""
    return fold("\n".join(lines))


def _most_common(items: list[str]) -> str:
    if not items:
        return ""
    counts = Counter(items)
    best = max(counts.values())
    return next(i for i in items if counts[i] == best)
