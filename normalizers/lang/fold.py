"""White-space folding variants, each under its own name (they differ on purpose).

* `normalizers.text.fold` (not here: it joins soft-hyphen breaks through the dictionary):
  the text of a cell as the records carry it.
* `unify_breaks`: line breaks and exotic spaces unified, invisible characters dropped, a
  break right after an in-word hyphen joined; lines kept (a party cell's lines matter).
* `fold_unified`: `unify_breaks`, then every white-space run → one space, trimmed.
* `fold_hyphen_wraps`: a break after a hyphen between letters joined, white space folded.
* `fold_spaces`: any value as text (a false one empty), white-space runs → one space,
  trimmed; nothing else touched (the comparison's items).
* `fold_key`: `fold_spaces`, casefolded (the store's identity keys of plans and renditions).
* `fold_hyphen_gaps`: white space folded, then a gap after an in-word hyphen joined
  («август- сентябрь» → «август-сентябрь»); None empty, other values as `str` (the
  evaluation's comparison form).
* `match_form`: lowercase, «ё» → «е», dashes → «-», each white-space character → « »; the
  same length as the text, so positions found in it carry over.
"""
from __future__ import annotations

import re

__all__ = ["unify_breaks", "fold_unified", "fold_hyphen_wraps", "fold_spaces", "fold_key",
           "fold_hyphen_gaps", "match_form", "WORD_CHARS", "DASHES"]

WORD_CHARS = "0-9A-Za-zА-Яа-яЁё"  # for use inside [...]
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # the dashes `match_form` reads as «-»

_WS_RE = re.compile(r"\s+")
_HYPHEN_BREAK_RE = re.compile(rf"(?<=[{WORD_CHARS}])-[ \t]*\r?\n\s*(?=[{WORD_CHARS}])")
_LETTER_HYPHEN_BREAK_RE = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n\s*(?=[^\W\d_])")
_IN_WORD_HYPHEN_GAP_RE = re.compile(r"(?<=\w)- (?=\w)")


def unify_breaks(text: str) -> str:
    """Unify line breaks and spaces; join a line break right after an in-word hyphen."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x0b", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f\u2009\u200a\t\f]", " ", text)
    text = text.replace("\u200b", "").replace("\u00ad", "").replace("\ufeff", "")
    return _HYPHEN_BREAK_RE.sub("-", text)


def fold_unified(text: str) -> str:
    """`unify_breaks`, then white space folded to single spaces and trimmed."""
    return _WS_RE.sub(" ", unify_breaks(text)).strip()


def fold_hyphen_wraps(s: str) -> str:
    """A line break after a hyphen between letters joined («август-⏎сентябрь»), white space
    folded, trimmed."""
    s = _LETTER_HYPHEN_BREAK_RE.sub("-", s)
    return _WS_RE.sub(" ", s).strip()


def fold_spaces(value) -> str:
    """`value` as text (None or another false value: empty), every white-space run (line
    breaks, no-break spaces) → one space, trimmed."""
    return " ".join(str(value or "").split())


def fold_key(value) -> str:
    """`fold_spaces`, casefolded: the form two texts are told equal in as keys."""
    return fold_spaces(value).casefold()


def fold_hyphen_gaps(value) -> str:
    """White-space runs (line breaks included) folded to one space, ends trimmed, then a gap
    after an in-word hyphen joined (`август-⏎сентябрь` → `август-сентябрь`). None is empty;
    any other value is read as `str(value)`."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = _WS_RE.sub(" ", text).strip()
    if "- " in text:
        text = _IN_WORD_HYPHEN_GAP_RE.sub("-", text)
    return text


def match_form(text: str) -> str:
    """Lowercase, «ё» → «е», dashes → «-», each white-space character → « »: the form names
    are matched in (same length as the text, so positions carry over)."""
    text = text.lower().replace("ё", "е")
    for d in DASHES:
        text = text.replace(d, "-")
    return re.sub(r"\s", " ", text)
