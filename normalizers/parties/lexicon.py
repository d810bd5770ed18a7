"""The lexicon of roles, organization forms and heads (``data/party_lexicon.yaml``), with head lemmas."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable

from normalizers.lang.lexicon import DATA_DIR, load_yaml
from normalizers.lang.morph import nominal_lemmas, NOMINAL_POS, parses


_LEXICON_FILE = Path(DATA_DIR) / "party_lexicon.yaml"


class _Lexicon:
    def __init__(self, raw: dict):
        def words(key: str) -> list[str]:
            return [str(w) for w in (raw.get(key) or [])]

        self.org_forms = frozenset(words("org_forms"))
        self.org_form_suffixes = frozenset(words("org_form_suffixes"))
        self.school_types = frozenset(words("school_types"))
        self.qualifiers = frozenset(words("qualifier_abbreviations"))
        self.org_heads = self._lemma_set(words("org_heads"))
        self.group_heads = self._lemma_set(words("group_heads"))
        self.role_heads = self._lemma_set(words("role_heads"))
        self.territory_heads = self._lemma_set(words("territory_heads"))
        self.thing_heads = self._lemma_set(words("thing_heads"))
        self.name_markers = frozenset(w.lower() for w in words("name_markers"))
        self.post_abbreviations = frozenset(w.lower() for w in words("post_abbreviations"))
        self.locality_markers = frozenset(w.lower() for w in words("locality_markers"))
        self.prepositions = frozenset(w.lower() for w in words("prepositions"))
        self.conjunctions = frozenset(w.lower() for w in words("conjunctions") if " " not in w)
        self.multi_conjunctions = tuple(tuple(w.lower().split()) for w in words("conjunctions") if " " in w)
        self.preposition_cases = {str(k).lower(): str(v) for k, v in (raw.get("preposition_cases") or {}).items()}

    @staticmethod
    def _lemma_set(items: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for w in items:
            w = w.lower().replace("ё", "е")
            out.add(w)
            for p in parses(w):
                if p.tag.POS in NOMINAL_POS and p.word == w:
                    out.add(p.normal_form.replace("ё", "е"))
                    break
        return frozenset(out)

    def head_kind(self, word: str) -> str | None:
        """'role', 'group' or 'org' when the word (any form) is a head noun of the lexicon."""
        lem = nominal_lemmas(word)
        if lem & self.role_heads:
            return "role"
        if lem & self.group_heads:
            return "group"
        if lem & self.org_heads:
            return "org"
        return None


@functools.lru_cache(maxsize=1)
def _lex() -> _Lexicon:
    return _Lexicon(load_yaml(_LEXICON_FILE) or {})
