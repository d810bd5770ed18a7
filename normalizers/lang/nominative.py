"""An oblique phrase or surname put into the nominative.

* `phrase_nominative`: «Саянского района» → «Саянский район»: the leading adjectives and the
  first noun agree and go to the nominative; the words after that noun stay;
* `surname_nominative`: «Зубареву» → «Зубарева» (a surname reading of pymorphy3, the
  feminine preferred when the case alone cannot tell).
"""
from __future__ import annotations

import re

from normalizers.lang.caps import apply_case, match_case
from normalizers.lang.morph import adj_parses, gender as _gender, noun_parses, parses

__all__ = ["agreeing_head", "phrase_nominative", "surname_nominative"]

_CASE_PREF = ("nomn", "gent", "loct", "datv", "ablt", "accs", "loc2", "gen2")


def agreeing_head(words: list[str]) -> tuple[int, str, str, str] | None:
    """For words «adj* noun …»: (head index, case, gender, number) read from the agreement of
    the leading adjectives with a noun; the longest agreeing adjective run wins («Лесного
    муниципального округа»: the head is «округа»), singular readings are preferred."""
    found = None
    for h, w in enumerate(words):
        if not re.search(r"[А-Яа-яЁё]", w):
            break
        combos = []
        for noun in noun_parses(w):
            t = noun.tag
            if all(any(p.tag.case == t.case and p.tag.number == t.number
                       and (t.number == "plur" or p.tag.gender in (t.gender, None))
                       for p in adj_parses(a)) for a in words[:h]):
                combos.append(noun)
        if combos:
            def key(p):
                c = p.tag.case
                return (p.tag.number != "sing", _CASE_PREF.index(c) if c in _CASE_PREF else 99,
                        -p.score)
            best = sorted(combos, key=key)[0]
            found = (h, best.tag.case, best.tag.gender or "masc", best.tag.number or "sing")
        if not adj_parses(w):
            break
    return found


def phrase_nominative(phrase: str) -> str:
    """«Саянского района» → «Саянский район», «Андроповском муниципальном округе» →
    «Андроповский муниципальный округ», «Отдела образования Администрации …» → «Отдел
    образования Администрации …»: the leading adjectives and the first noun go to the
    nominative singular, the words after that noun (its genitive dependents) stay."""
    words = phrase.split()
    if not words:
        return phrase
    found = agreeing_head(words)
    if found is None:
        return phrase
    head, case, gender, number = found
    if case == "nomn":
        return phrase
    out = []
    for i, w in enumerate(words):
        if i > head:
            out.append(w)
            continue
        cands = noun_parses(w) if i == head else adj_parses(w)
        cands = [p for p in cands if p.tag.case == case and p.tag.number == number
                 and (i == head or number == "plur" or p.tag.gender in (gender, None))]
        if not cands:
            out.append(w)
            continue
        grams = {"nomn", number} if i == head else ({"nomn", "plur"} if number == "plur"
                                                     else {"nomn", gender, "sing"})
        form = cands[0].inflect(grams)
        out.append(apply_case(w, form.word) if form else w)
    return " ".join(out)


_CASE_ORDER = ("nomn", "accs", "gent", "datv", "ablt", "loct")


def surname_nominative(word: str, gender: str | None = None, case: str | None = None) -> str:
    """A surname in the nominative; `gender` and `case`, when known (from the name and
    patronymic beside it), pick the reading. A word with no surname reading stays."""
    parts = word.split("-")
    if len(parts) > 1:
        return "-".join(surname_nominative(p, gender, case) for p in parts)
    readings = [p for p in parses(word) if "Surn" in p.tag]
    if not readings:
        return word
    if gender:
        readings = [p for p in readings if _gender(p) in (gender, "ms-f")] or readings
    if case:
        readings = [p for p in readings if p.tag.case == case] or readings
    if any(p.tag.case == "nomn" for p in readings):
        return word
    best = None
    for c in _CASE_ORDER:
        cands = [p for p in readings if p.tag.case == c]
        if cands:
            cands.sort(key=lambda p: (_gender(p) != "femn",))  # «Зубареву» -> «Зубарева»
            best = cands[0]
            break
    if best is None:
        return word
    infl = best.inflect({"nomn", "sing"}) or best.inflect({"nomn"})
    if infl is None:
        return word
    return match_case(infl.word, word)
