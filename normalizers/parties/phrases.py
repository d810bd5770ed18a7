"""Nominal phrases of a cell: adjectives agreeing with a head noun of the lexicon."""
from __future__ import annotations

from dataclasses import dataclass

from normalizers.lang.morph import gender as _gender, has_adj_reading, parses
from normalizers.parties.glossary import _Glossary
from normalizers.parties.lexicon import _lex
from normalizers.parties.shapes import _is_abbr, _is_conj, _is_prep
from normalizers.parties.tokens import _Tok


@dataclass
class _Phrase:
    kind: str  # 'role', 'group', 'org', 'school'
    head: int  # index of the head token
    nominative: bool  # a nominative reading agrees
    unambiguous: bool  # every agreeing reading is nominative (or accusative)
    has_adj: bool


def _readings(word: str, want: set[str], lemmas: frozenset[str] | None = None) -> set[tuple]:
    out = set()
    for p in parses(word):
        if p.tag.POS not in want:
            continue
        if lemmas is not None and p.normal_form.replace("ё", "е") not in lemmas and word.lower() not in lemmas:
            continue
        if p.tag.case is None:
            continue
        num = str(p.tag.number or "sing")
        gender = _gender(p) if num == "sing" else None
        out.add((str(p.tag.case), str(num), gender))
    return out


def _agree(a: set[tuple], b: set[tuple]) -> set[tuple]:
    out = set()
    for ca, na, ga in a:
        for cb, nb, gb in b:
            if ca == cb and na == nb and (ga is None or gb is None or ga == gb or "ms-f" in (ga, gb)):
                out.add((ca, na, ga or gb))
    return out


def _phrase_at(toks: list[_Tok], i: int, gloss: _Glossary | None = None) -> _Phrase | None:
    """A nominal phrase starting at toks[i]: adjectives, then a head from the lexicon."""
    lex = _lex()
    combos: set[tuple] | None = None
    j = i
    has_adj = False
    while j < len(toks) and j < i + 5:
        t = toks[j]
        if t.kind != "word":
            return None
        if _is_abbr(t):
            if t.text in lex.school_types or (gloss is not None and t.key and gloss.kind(t.key) == "org" and j > i):
                if not has_adj:
                    return None
                nominative = any(c[0] in ("nomn", "accs") for c in combos or ())
                unamb = bool(combos) and all(c[0] in ("nomn", "accs") for c in combos)
                return _Phrase("school", j, nominative, unamb, has_adj)
            return None
        kind = lex.head_kind(t.text)
        if kind:
            lem = {"role": lex.role_heads, "group": lex.group_heads, "org": lex.org_heads}[kind]
            head = _readings(t.text, {"NOUN", "ADJF", "PRTF"}, lem)
            agreed = head if combos is None else _agree(combos, head)
            if not agreed:
                return None
            nominative = any(c[0] in ("nomn",) for c in agreed)
            unamb = all(c[0] in ("nomn", "accs") for c in agreed) and nominative
            return _Phrase(kind, j, nominative, unamb, has_adj)
        if has_adj_reading(t.text) and not _is_prep(t) and not _is_conj(t):
            adj = _readings(t.text, {"ADJF", "PRTF"})
            combos = adj if combos is None else _agree(combos, adj)
            if not combos:
                return None
            has_adj = True
            j += 1
            continue
        return None
    return None
