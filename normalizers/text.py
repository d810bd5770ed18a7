"""White space, line-wrap hyphens and other text clean-up shared by every stage."""
from __future__ import annotations

import re

_WS = re.compile(r"\s+")
_WRAP_HYPHEN = re.compile(r"(?<=\w)([-\u2010\u2011\u2013\u2014])[ \t]*\n\s*(?=\w)")


def fold(text: str | None) -> str:
    """Fold every white-space run (line breaks too) to one space and trim; a line break
    right after an in-word hyphen or dash joins without a space (`август-⏎сентябрь` → `август-сентябрь`,
    `21.03–⏎27.03.2022` → `21.03–27.03.2022`): a line wrap, not a word gap."""
    if not text:
        return ""
    text = text.replace("\u00a0", " ").replace("\u00ad", "")
    text = _WRAP_HYPHEN.sub(r"\1", text)
    return _WS.sub(" ", text).strip()


def lines(text: str | None) -> list[str]:
    """Non-empty lines of a cell, each folded."""
    return [fold(line) for line in (text or "").split("\n") if line.strip()]
