"""Lines and words of the text around the tables."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from normalizers.text import fold


_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*")


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
