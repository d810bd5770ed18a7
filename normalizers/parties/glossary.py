"""Glossaries of abbreviations compiled for matching: the built-in one and a document's own over it."""
from __future__ import annotations

import functools
import re
from typing import Mapping

from normalizers.lang.abbreviations import builtin_items
from normalizers.lang.caps import is_abbreviation_caps, looks_acronym
from normalizers.lang.fold import fold_unified
from normalizers.lang.morph import has_adj_reading, nominal_lemmas, parses
from normalizers.parties.chars import _DASH_CLS, _L
from normalizers.parties.lexicon import _lex


def _is_acronym_key(key: str) -> bool:
    """«ОО», «КК ИПК», «СКИРО ПК и ПРО», «ВсОШ»: matched anywhere in a text, case-sensitively."""
    words = key.split()
    if not words or not is_abbreviation_caps(words[0]) and not (len(words) == 1 and looks_acronym(words[0])):
        return False
    for w in words:
        if not (is_abbreviation_caps(w) or looks_acronym(w) or w.lower() in ("и", "по", "при", "в", "на")):
            return False
    return True


class _Glossary:
    def __init__(self, items: tuple[tuple[str, str], ...]):
        self.map: dict[str, str] = {}
        for k, v in items:
            k = fold_unified(str(k))
            v = fold_unified(str(v))
            if k and v:
                self.map[k] = v
        self.acronyms = {k: v for k, v in self.map.items() if _is_acronym_key(k)}
        self.word_keys = {k.lower(): v for k, v in self.map.items() if k not in self.acronyms}
        self.multi: dict[tuple[str, ...], str] = {}
        self.max_words = 1
        for k in self.map:
            parts = tuple(k.split())
            if len(parts) > 1:
                self.multi[parts] = k
                self.max_words = max(self.max_words, len(parts))
        if self.acronyms:
            alts = sorted(self.acronyms, key=len, reverse=True)
            body = "|".join(r"\s+".join(re.escape(p) for p in k.split()) for k in alts)
            self.acr_re = re.compile(rf"(?<![{_L}])(?:{body})(?![{_L}])(?![{_DASH_CLS}][{_L}])")
        else:
            self.acr_re = None
        self._kinds: dict[str, str] = {}

    def kind(self, key: str) -> str | None:
        """What a key names, from its expansion's head noun: 'role', 'group', 'org',
        'territory', 'thing', or 'other'; None when it is no key."""
        value = self.map.get(key)
        if value is None:
            return None
        kind = self._kinds.get(key)
        if kind is None:
            kind = self._kinds[key] = _phrase_kind(value)
        return kind


def _phrase_kind(value: str) -> str:
    lex = _lex()
    for w in re.findall(rf"[{_L}]+(?:-[{_L}]+)*", value)[:6]:
        head = lex.head_kind(w)
        if head == "org":          # «учреждения»: several organisations are a group
            numbers = {p.tag.number for p in parses(w) if p.tag.POS == "NOUN" and p.tag.case == "nomn"}
            return "group" if "plur" in numbers and "sing" not in numbers else "org"
        if head:
            return head
        lem = nominal_lemmas(w)
        if lem & lex.territory_heads:
            return "territory"
        if lem & lex.thing_heads:
            return "thing"
        if any(p.tag.POS == "NOUN" for p in parses(w)) and not has_adj_reading(w):
            return "other"
    return "other"


@functools.lru_cache(maxsize=64)
def _compile_glossary(items: tuple[tuple[str, str], ...]) -> _Glossary:
    return _Glossary(items)


def builtin_glossary() -> dict[str, str]:
    """The built-in glossary of the field (``data/glossary.yaml``): abbreviation -> expansion."""
    return dict(builtin_items())


def _glossary_for(glossary: Mapping[str, str] | None, merge_builtin: bool = True) -> _Glossary:
    if glossary is None:
        return _compile_glossary(builtin_items())
    items = dict(builtin_items()) if merge_builtin else {}
    items.update(glossary)  # the document's own entries win
    return _compile_glossary(tuple(sorted(items.items())))
