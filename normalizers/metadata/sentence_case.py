"""A name printed in capitals put in sentence case from the spellings the text uses."""
from __future__ import annotations

import functools
import re
from typing import Iterable

from normalizers.lang.caps import cap_first
from normalizers.lang.lexicon import region_words
from normalizers.lang.morph import all_lemmas, parses
from normalizers.metadata.lines import _WORD
from normalizers.metadata.municipalities import _title_word
from normalizers.metadata.regions import _region_index, find_regions


def _word_cases(words: Iterable[str]) -> dict[str, str]:
    """{lowercased word: its mixed-case spelling} seen in the text outside capitals-only
    runs: lower-case wins (a common word), then a capitalised spelling (a proper name)."""
    seen: dict[str, str] = {}
    for w in words:
        if w.isupper() or not w[:1].isalpha():
            continue
        key = w.lower()
        if w.islower():
            seen[key] = w
        elif key not in seen:
            seen[key] = w
    return seen


@functools.lru_cache(maxsize=1)
def _region_name_lemmas() -> frozenset[str]:
    """Lemmas of the proper words of the subjects' names («красноярский», «башкортостан»)."""
    generic = region_words("generic_words")
    out = set()
    for name in _region_index()[0]:
        for w in _WORD.findall(name):
            lem = all_lemmas(w)
            if not lem & generic:
                out |= lem
    return frozenset(out)


def restore_case(caps: str, context: str = "") -> str:
    """A name printed in capitals, in sentence case with its proper words capitalised the way
    `context` spells them («АДМИНИСТРАЦИЯ ПОСЕЛКА КЕДРОВЫЙ» → «Администрация поселка
    Кедровый»); without evidence, geographic names and region words are capitalised."""
    seen = _word_cases(_WORD.findall(context))
    name_lemmas = _region_name_lemmas()
    # words inside a region's name take the capitals of the canonical name
    in_region: dict[int, bool] = {}
    for canon, rs, re_ in find_regions(caps):
        core = re.split(r"\s+[—–-]\s+|\s*\(", canon)[0].split()
        span_words = list(re.finditer(r"\S+", caps[rs:re_]))
        for n, sw in enumerate(span_words):
            upper = core[n][:1].isupper() if len(span_words) == len(core) else \
                not (all_lemmas(sw.group(0)) & region_words("type_words"))
            in_region[rs + sw.start()] = upper
    out = []
    for k, m in enumerate(re.finditer(r"\S+", caps)):
        tok = m.group(0)
        wm = _WORD.search(tok)
        if not wm:
            out.append(tok)
            continue
        w = wm.group(0)
        key = w.lower()
        if m.start() in in_region:
            new = _title_word(key) if in_region[m.start()] or k == 0 else key
        elif key in seen and not (k == 0 and seen[key].islower()):
            new = seen[key]
        elif k == 0:
            new = cap_first(key)
        elif len(w) <= 4 and not parses(w)[0].is_known:
            new = w                                       # an abbreviation: МКУ, РФ
        elif any(g in parses(w)[0].tag for g in ("Geox", "Name", "Surn", "Patr")) or \
                all_lemmas(w) & name_lemmas:
            new = _title_word(key)
        else:
            new = key
        if tok.startswith("«") or tok.startswith('"'):
            new = cap_first(new)
        out.append(tok[:wm.start()] + new + tok[wm.end():])
    return " ".join(out)
