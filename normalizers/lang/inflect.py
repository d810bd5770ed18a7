"""A nominative phrase put into another case. Two inflectors, for two kinds of phrase:

* `inflect_name`: a proper name («Республика Марий Эл», «Красноярский край»): the head noun and
  the adjectives before it agree, the words after it stay; None when it cannot be done;
* `inflect_expansion`: a glossary expansion («Районный методический кабинет», «школы,
  функционирующие …»): the adjectives before the head, the head and a participle right
  after it; the phrase unchanged when it cannot be done.
"""
from __future__ import annotations

import re
from typing import Callable

from normalizers.lang.caps import apply_case, match_case
from normalizers.lang.morph import adj_parses, gender as _gender, noun_parses, parses

__all__ = ["inflect_name", "inflect_expansion"]


def inflect_name(phrase: str, case: str) -> str | None:
    """A nominative name put into `case`: the head noun and the adjectives before it agree,
    words after the head stay («Республика Марий Эл» → «Республики Марий Эл»)."""
    words = phrase.split()
    head = None
    # the head is the last word of the leading run that can be a nominative noun, with every
    # word before it a nominative adjective («Тверская область»: «Тверская» is no head)
    for i, w in enumerate(words):
        if any(p.tag.case == "nomn" for p in noun_parses(w)):
            head = i
        if not any(p.tag.case == "nomn" for p in adj_parses(w)):
            break
    if head is None:
        return None
    noun = max((p for p in noun_parses(words[head]) if p.tag.case == "nomn"),
               key=lambda p: (p.tag.number == "sing", p.score))
    number = noun.tag.number or "sing"
    out = []
    for i, w in enumerate(words):
        if i < head:
            adj = [p for p in adj_parses(w) if p.tag.case == "nomn"
                   and (p.tag.number == "plur" if number == "plur" else p.tag.gender == noun.tag.gender)]
            if not adj:
                return None
            grams = {case, "plur"} if number == "plur" else {case, noun.tag.gender, "sing"}
            if case == "accs" and number == "sing" and noun.tag.gender == "masc":
                grams.add("anim" if "anim" in noun.tag else "inan")
            form = adj[0].inflect(grams)
        elif i == head:
            form = noun.inflect({case, number})
        else:
            out.append(w)
            continue
        if form is None:
            return None
        out.append(apply_case(w, form.word))
    return " ".join(out)


def inflect_expansion(value: str, case: str, is_head: Callable[[str], object]) -> str:
    """Put a nominative phrase («Районный методический кабинет») into `case`: the
    adjectives before the head noun, the head, and a participle right after it.
    `is_head(word)`: the word is a head noun of the caller's lexicon (an adjective-looking
    word that still heads the phrase)."""
    if case == "nomn":
        return value
    parts = re.split(r"(\s+)", value)
    idx = [k for k in range(0, len(parts), 2) if parts[k]]
    adjs: list[tuple[int, object]] = []
    head = None
    pos = 0
    for pos, k in enumerate(idx):
        w = parts[k]
        core = w.strip(",.;:«»\"()")
        if not core or not core[0].isalpha() or w != core and not w.endswith(","):
            return value
        ps = parses(core)
        adj = [p for p in ps if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn"]
        noun = [p for p in ps if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        is_last = pos == len(idx) - 1
        if adj and (not noun or not is_last and not w.endswith(",") and not is_head(core)):
            adjs.append((k, adj))
            continue
        if noun:
            head = (k, noun)
        break
    if head is None:
        return value
    k, nouns = head
    hp = max(nouns, key=lambda p: p.score)  # type: ignore[attr-defined]
    number = str(hp.tag.number or "sing")
    gender = _gender(hp)
    out = list(parts)

    def put(k: int, p) -> None:
        w = parts[k]
        core = w.strip(",")
        grams = {case, number}
        if number == "sing" and p.tag.POS != "NOUN" and gender in ("masc", "femn", "neut"):
            grams.add(gender)
        infl = p.inflect(grams)
        if infl is not None:
            new = infl.word if "ё" in core.lower() else infl.word.replace("ё", "е")
            out[k] = match_case(new, core) + w[len(core):]

    put(k, hp)
    for ak, aps in adjs:
        cands = [p for p in aps if (p.tag.number or "sing") == number and (number == "plur" or _gender(p) in (gender, None))]
        if cands:
            put(ak, cands[0])
    # «школы, функционирующие …»: a participle agreeing with the head
    rest = [kk for kk in idx if kk > k]
    if rest and parts[k].endswith(","):
        w = parts[rest[0]]
        prt = [p for p in parses(w) if p.tag.POS in ("PRTF", "ADJF") and p.tag.case == "nomn"
               and (p.tag.number or "sing") == number]
        if prt:
            put(rest[0], prt[0])
    return "".join(out)
