"""Letter case: what a word's capitals say (abbreviation, capitalized name, caps header), and
putting one word's case onto another.

Two «caps» predicates answer two different questions and are kept apart:
`is_abbreviation_caps` (a short word all in capitals: «ОО», «ГИА-9») and `is_caps_line`
(a line set in capitals, a few lower-case letters allowed: «ПОСТАНОВЛЕНИЕ», «АДМИНИСТРАЦИЯ
Лесного МО»).
"""
from __future__ import annotations

__all__ = ["is_abbreviation_caps", "is_caps_line", "looks_acronym", "is_capitalized",
           "match_case", "apply_case", "cap_first"]


def is_abbreviation_caps(word: str) -> bool:
    """An abbreviation printed in capitals: «ОО», «ЦНППМ», «ГИА-9» (two letters or more,
    every letter upper-case)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_caps_line(text: str) -> bool:
    """A text set in capitals: three letters or more, at least 80 % of them upper-case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def looks_acronym(word: str) -> bool:
    """Mixed-case abbreviations like «ВсОШ», «КДНиЗП»: at least two capitals, not a title-cased word."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def is_capitalized(word: str) -> bool:
    """A word starting with a capital that is no all-caps abbreviation («Отдел», «Петрова»)."""
    return bool(word) and word[0].isupper() and not is_abbreviation_caps(word)


def match_case(new: str, model: str) -> str:
    """`new` in the case of `model` as a whole: all capitals, capitalized, or as it is."""
    if model.isupper() and len(model) > 1:
        return new.upper()
    if model[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def apply_case(template: str, word: str) -> str:
    """`word` with the letter case of `template` (per hyphen-separated part), and without
    «ё» when the template had none."""
    if "ё" not in template.lower():
        word = word.replace("ё", "е").replace("Ё", "Е")
    tparts, wparts = template.split("-"), word.split("-")
    if len(tparts) != len(wparts):
        tparts = [template] * len(wparts)
    out = []
    for t, w in zip(tparts, wparts):
        if len(t) > 1 and t.isupper():
            out.append(w.upper())
        elif t[:1].isupper():
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
    return "-".join(out)


def cap_first(text: str) -> str:
    """The text with its first letter upper-case."""
    return text[:1].upper() + text[1:] if text else text
