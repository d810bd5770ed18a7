"""What one party is: a person, an organization, a role or a group, and its normal form."""
from __future__ import annotations

from normalizers.lang import ner
from normalizers.lang.caps import is_capitalized
from normalizers.lang.fold import fold_unified, unify_breaks
from normalizers.lang.morph import has_adj_reading, parses
from normalizers.lang.nominative import surname_nominative
from normalizers.parties.glossary import _Glossary
from normalizers.parties.lexicon import _lex
from normalizers.parties.persons import _person_at, _person_normal
from normalizers.parties.shapes import _is_abbr, _is_conj, _is_prep, _is_surname_like
from normalizers.parties.tokens import _Tok, _tokenize


def _classify(toks: tuple[_Tok, ...], text: str, gloss: _Glossary) -> tuple[str, str]:
    """(kind, normal) of one party."""
    toks_l = list(toks)
    # a named person, possibly with a role («супервизор (Пылова Л.Ю.)»); an organization
    # with a contact person («Отдел образования (Петрова А.С.)») stays an organization
    person = None
    pos = 0
    for i in range(len(toks_l)):
        person = _person_at(toks_l, i)
        if person is not None:
            pos = i
            break
    if person is None:
        for k, t in enumerate(toks_l):
            if t.kind == "paren":
                inner = _tokenize(unify_breaks(t.text[1:-1]), gloss)
                for i in range(len(inner)):
                    person = _person_at(inner, i)
                    if person is not None:
                        pos = k
                        break
            if person is not None:
                break
    if person is not None:
        first = _head_kind_of(toks_l[:pos], gloss) if pos else None
        if first in ("organization", "group"):
            return first, text
        return "person", _person_normal(person)
    kind = _head_kind_of(toks_l, gloss)
    if kind is not None:
        return kind, text
    # nothing in the lexicon: ask natasha about capitalized words
    if any(is_capitalized(t.text) for t in toks_l if t.kind == "word"):
        for s, e, typ in ner.spans(text):
            if typ == "PER":
                sub = _tokenize(unify_breaks(text[s:e]), gloss)
                p = _person_at(sub, 0) if sub else None
                if p is not None:
                    return "person", _person_normal(p)
                words = [w.text for w in sub if w.kind == "word"]
                if len(words) == 1:
                    return "person", surname_nominative(words[0])
                return "person", fold_unified(text[s:e])
            if typ == "ORG":
                return "organization", text
    return "organization", text


def _head_kind_of(toks: list[_Tok], gloss: _Glossary) -> str | None:
    """Kind named by the first head of a run of tokens (adjectives skipped), from the
    lexicon and the glossary alone; None when they do not know it."""
    lex = _lex()
    for t in toks:
        if t.kind == "quote":
            return "organization"
        if t.kind != "word":
            continue
        if _is_prep(t) or _is_conj(t):
            return None
        if t.text in lex.org_forms or t.text in lex.school_types:
            return "organization"
        if t.key is not None:
            k = gloss.kind(t.key)
            if k in ("role", "group"):
                return k
            if k == "org":
                return "organization"
        hk = lex.head_kind(t.text)
        if hk in ("role", "group"):
            return hk
        if hk == "org":
            nom = [p for p in parses(t.text) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
            return "group" if nom and all(p.tag.number == "plur" for p in nom) else "organization"
        if _is_abbr(t):
            return "organization"
        if has_adj_reading(t.text) and not _is_surname_like(t.text):
            continue
        return None
    return None
