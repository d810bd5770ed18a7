"""Persons named in a cell: surname and initials, or a full name, in the nominative."""
from __future__ import annotations

from dataclasses import dataclass

from normalizers.lang.caps import is_capitalized
from normalizers.lang.morph import gender as _gender, name_tags, parses
from normalizers.lang.nominative import surname_nominative
from normalizers.parties.lexicon import _lex
from normalizers.parties.shapes import _is_conj, _is_marker, _is_prep
from normalizers.parties.tokens import _Tok


def _name_tags(word: str) -> set[str]:
    return name_tags(word)


def _could_be_surname(t: _Tok) -> bool:
    if t.kind != "word" or not is_capitalized(t.text) or t.key is not None:
        return False
    if _is_prep(t) or _is_conj(t) or _lex().head_kind(t.text) or t.low in _lex().name_markers:
        return False
    return not t.text.isdigit()


@dataclass
class _Person:
    start: int
    end: int  # exclusive
    surname: str
    initials: str
    gender: str | None
    case: str | None


def _initials_of(text: str) -> str:
    return "".join(c + "." for c in text if c.isalpha())


def _person_at(toks: list[_Tok], i: int) -> _Person | None:
    """Surname + initials, initials + surname, or a full name from pymorphy's name tags."""
    if i > 0 and _is_marker(toks, i - 1) or i > 1 and toks[i - 1].text == "." and _is_marker(toks, i - 2):
        return None
    t = toks[i]
    n = len(toks)
    if t.kind == "word" and _could_be_surname(t):
        if i + 1 < n and toks[i + 1].kind == "init":
            j = i + 1
            inits = ""
            while j < n and toks[j].kind == "init" and len(_initials_of(inits)) < 6:
                inits += toks[j].text
                j += 1
            return _Person(i, j, t.text, _initials_of(inits), None, None)
        tags = _name_tags(t.text)
        w = toks[i + 1] if i + 1 < n else None
        w2 = toks[i + 2] if i + 2 < n else None
        if w is not None and w.kind == "word" and is_capitalized(w.text):
            t1 = _name_tags(w.text)
            t2 = _name_tags(w2.text) if w2 is not None and w2.kind == "word" and is_capitalized(w2.text) else set()
            # Фамилия Имя Отчество
            if "Surn" in tags and "Name" in t1 and "Patr" in t2:
                return _full_person(i, i + 3, t.text, w.text, w2.text)
            # Имя Отчество Фамилия
            if "Name" in tags and "Patr" in t1 and w2 is not None and "Surn" in t2:
                return _full_person(i, i + 3, w2.text, t.text, w.text)
            # Имя Отчество
            if "Name" in tags and "Patr" in t1:
                return None
            # Фамилия Имя
            if "Surn" in tags and "Name" in t1 and _name_score(w.text) >= 0.5 and _could_be_surname(w):
                return _full_person(i, i + 2, t.text, w.text, None)
    if t.kind == "init" and i + 1 < n and _could_be_surname(toks[i + 1]):
        nxt = toks[i + 1]
        if _name_tags(nxt.text) & {"Surn"} or not _lex().head_kind(nxt.text):
            return _Person(i, i + 2, nxt.text, _initials_of(t.text), None, None)
    return None


def _name_score(word: str) -> float:
    return sum(p.score for p in parses(word) if "Name" in p.tag)


def _full_person(start: int, end: int, surname: str, name: str, patr: str | None) -> _Person:
    gender = None
    case = None
    for w, g in ((patr, "Patr"), (name, "Name")):
        if not w:
            continue
        ps = [p for p in parses(w) if g in p.tag]
        if ps:
            gender = gender or _gender(ps[0])
            case = case or ps[0].tag.case
    initials = name[0].upper() + "." + (patr[0].upper() + "." if patr else "")
    return _Person(start, end, surname, initials, gender, case)


def _person_normal(p: _Person) -> str:
    return f"{surname_nominative(p.surname, p.gender, p.case)} {p.initials}".strip()
