"""A responsible cell cut into parties: at separators, and where a new party starts with none."""
from __future__ import annotations

import functools
import re

from normalizers.lang import ner
from normalizers.lang.caps import is_capitalized
from normalizers.lang.fold import fold_unified, unify_breaks
from normalizers.lang.morph import parses
from normalizers.parties.chars import _DASH_CLS, _DASHES, _WS_RE
from normalizers.parties.glossary import _Glossary, _glossary_for
from normalizers.parties.lexicon import _lex
from normalizers.parties.persons import _person_at
from normalizers.parties.phrases import _phrase_at
from normalizers.parties.shapes import _conj_len, _expects_more, _has_role, _is_abbr, _is_marker, _is_prep, _is_role_word, _last_content, _needs_ner, _nominative_score
from normalizers.parties.tokens import _match_close, _OPENERS, _Tok, _tokenize


def _ner_type_at(text: str, offset: int, start: int) -> str | None:
    for s, _e, typ in ner.spans(text):
        if s + offset == start:
            return typ
    return None


_BULLET_RE = re.compile(rf"^[ ]*(?:[•·▪●◦*‣⁃]|[{_DASH_CLS}](?=[ ]*\S)|\d{{1,2}}[.)](?=[ ]+\S))[ ]*", re.M)


def _pieces(text: str) -> list[tuple[int, int, bool]]:
    """Top-level pieces of a prepared cell: cut at ',' and ';' (outside quotes and
    parentheses) and at list bullets; (start, end, after_comma)."""
    pieces: list[tuple[int, int, bool]] = []
    n = len(text)
    start = 0
    i = 0
    line_start = True
    after_comma = False
    while i < n:
        c = text[i]
        if line_start:
            m = _BULLET_RE.match(text, i)
            prev = text[:i].rstrip()
            if m and m.end() > i and not prev.endswith(("№", "#")):
                if text[start:i].strip():
                    pieces.append((start, i, after_comma))
                after_comma = False
                start = i = m.end()
                line_start = False
                continue
        line_start = False
        if c in _OPENERS or c == '"':
            j = _match_close(text, i)
            if j is not None:
                i = j + 1
                continue
        if c in ",;":
            pieces.append((start, i, after_comma))
            after_comma = c == ","
            start = i + 1
        elif c == "\n":
            line_start = True
        i += 1
    pieces.append((start, n, after_comma))
    return [p for p in pieces if text[p[0] : p[1]].strip()]


def _continues_previous(toks: list[_Tok]) -> bool:
    """A piece after a comma that cannot begin a party: it continues the previous one
    («Управление образования, молодежной политики и спорта», «…, по согласованию»,
    «МБОУ СОШ № 1, 2»)."""
    words = [t for t in toks if t.kind != "punct"]
    if words and all(t.kind == "word" and t.text.isdigit() for t in words):
        return True  # «МБОУ СОШ № 1, 2, 5»
    if not words or words[0].kind != "word":
        return False
    t = words[0]
    if not t.text[:1].islower():
        return False
    if _is_prep(t):
        return True
    if _conj_len(words, 0) or _lex().head_kind(t.text):
        return False
    if _nominative_score(t.text) < 0.05:
        return True
    # a participial phrase about the previous party («…, осуществляющие управление в сфере образования»)
    return any(p.tag.POS == "PRTF" for p in parses(t.text)) and _phrase_at(toks, toks.index(t)) is None


def _key_only(cur: list[_Tok], gloss: _Glossary) -> bool:
    words = [t for t in cur if t.kind != "punct"]
    return bool(words) and all(t.kind == "word" and t.key is not None for t in words)


def _party_key(t: _Tok, gloss: _Glossary) -> bool:
    if t.key is None or t.text in _lex().qualifiers:
        return False
    return gloss.kind(t.key) in ("org", "group", "role")


def _person_only(cur: list[_Tok]) -> bool:
    p = _person_at(cur, 0)
    return p is not None and p.end == len(cur)  # nothing after the name


def _nl_abbr_split(cur: list[_Tok], t: _Tok, gloss: _Glossary) -> bool:
    """A line break, then an abbreviation naming a party: a new party (lesnoy «Отдел⏎РМК»),
    unless the line before cannot end a party («руководители⏎ОО», «образования⏎КК»)."""
    if t.text in _lex().qualifiers:
        return False
    kind = gloss.kind(t.key) if t.key else None
    if kind in ("territory", "thing", "other"):
        return False
    lc = _last_content(cur)
    if lc is None:
        return False
    _, last = lc
    if last.kind in ("quote", "paren") or last.kind == "word" and last.text.isdigit():
        return True
    if last.kind == "init":
        return True
    if _has_role(cur):
        return False
    if last.kind != "word":
        return False
    if _is_abbr(last) and last.text not in _lex().org_forms:
        return True
    if is_capitalized(last.text) and _lex().head_kind(last.text) in ("org", "group"):
        return any(p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in parses(last.text))
    return False


def _starts_new(cur: list[_Tok], toks: list[_Tok], i: int, gloss: _Glossary, text: str, offset: int,
                after_conj: bool = False) -> bool:
    """Does a new party begin at toks[i], given the party `cur` gathered so far?"""
    if not cur or _expects_more(cur):
        return False
    t = toks[i]
    if t.kind != "word":
        return False
    lex = _lex()
    if t.text in lex.org_forms:
        if after_conj:
            return not _has_role(cur)
        lc = _last_content(cur)
        return not (lc and _is_role_word(lc[1]))
    person = _person_at(toks, i)
    if person is not None:
        return not _has_role(cur)
    if _is_abbr(t) or t.key is not None and not is_capitalized(t.text):
        if _party_key(t, gloss) and cur[-1].kind == "word" and _party_key(cur[-1], gloss) and (
                _key_only(cur, gloss) or not _has_role(cur)):
            return True  # «РМК ОО», «ЦНППМ ЦОКО»
        if _person_only(cur):
            return True
        lc = _last_content(cur)
        if lc and lc[1].kind == "word" and lc[1].text.isdigit() and (
                t.text in lex.school_types or _party_key(t, gloss)):
            return True  # «СОШ № 1 СОШ № 2»
        if after_conj:
            return False
        return t.nl and _nl_abbr_split(cur, t, gloss)
    if t.key is not None and _key_only(cur, gloss) and _party_key(t, gloss):
        return True
    ph = _phrase_at(toks, i, gloss)
    if ph is not None:
        if not ph.nominative:
            return False
        lc = _last_content(cur)
        last = lc[1] if lc else None
        if is_capitalized(t.text):
            if ph.unambiguous:
                return True
            # «Отдел образования Администрации …» is a genitive; after a finished name
            # («МКУ «АМЦСО» Администрация») a nominative.
            return last is not None and (last.kind in ("quote", "paren", "init") or _is_abbr(last)
                                         or last.text.isdigit())
        if not ph.unambiguous:
            return False
        if ph.kind == "role" and last is not None and _is_role_word(last) and not after_conj \
                and not (t.nl and ph.has_adj):
            return False  # «педагог психолог»; but «Воспитатели⏎социальный педагог …» are two
        if ph.kind in ("org", "group", "school") and not (ph.has_adj or after_conj) and last is not None \
                and last.kind == "word" and not _is_abbr(last):
            return False
        return True
    if after_conj:
        return False
    if is_capitalized(t.text) and _needs_ner(t):
        typ = _ner_type_at(text, offset, t.start)
        if typ == "PER":
            return not _has_role(cur)
        return typ == "ORG"
    return False


def _split_piece(toks: list[_Tok], gloss: _Glossary, text: str, offset: int) -> list[list[_Tok]]:
    parties: list[list[_Tok]] = []
    cur: list[_Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        # a conjunction between two parties is a separator
        skip = _conj_len(toks, i)
        if skip and not cur:  # a leading conjunction («…, а также ОО»): dropped with the party's edges
            cur.extend(toks[i : i + skip])
            i += skip
            continue
        if skip:
            if i + skip < n and _starts_new(cur, toks, i + skip, gloss, text, offset, after_conj=True):
                parties.append(cur)
                cur = []
                i += skip
                continue
        if not skip and cur and _starts_new(cur, toks, i, gloss, text, offset):
            parties.append(cur)
            cur = []
        cur.append(t)
        i += 1
    if cur:
        parties.append(cur)
    return parties


_EDGE_PUNCT = ".,;:•·*▪●◦‣⁃" + _DASHES  # dropped at the ends of a party


_TRAIL_RE = re.compile(rf"[\s,;:{_DASH_CLS}•·*]+$")


_LEAD_RE = re.compile(rf"^[\s,;:.{_DASH_CLS}•·*]+")


def _party_text(text: str, toks: list[_Tok]) -> str:
    # drop leading conjunctions and trailing punctuation tokens
    while toks:
        if toks[0].kind == "punct" and toks[0].text in _EDGE_PUNCT:
            toks = toks[1:]
            continue
        k = _conj_len(toks, 0)
        if k and len(toks) > k:
            toks = toks[k:]
            continue
        break
    while toks and toks[-1].kind == "punct" and toks[-1].text in _EDGE_PUNCT:
        if toks[-1].text == "." and len(toks) >= 2 and toks[-2].kind == "word" and (
            _is_marker(toks, len(toks) - 2) or toks[-2].low in ("др", "пр", "т", "п", "д")
        ):
            break
        toks = toks[:-1]
    if not toks:
        return ""
    s = fold_unified(text[toks[0].start : toks[-1].end])
    s = _LEAD_RE.sub("", s)
    s = _TRAIL_RE.sub("", s)
    return s


@functools.lru_cache(maxsize=50_000)
def _split_cached(text: str, gloss: _Glossary) -> tuple[tuple[str, tuple[_Tok, ...]], ...]:
    prepared = unify_breaks(text)
    groups: list[tuple[list[_Tok], int, int]] = []
    for start, end, after_comma in _pieces(prepared):
        toks = _tokenize(prepared[start:end], gloss)
        for t in toks:
            t.start += start
            t.end += start
        if not toks:
            continue
        if groups and after_comma and _continues_previous(toks):
            prev_toks, pstart, _ = groups[-1]
            groups[-1] = (prev_toks + [_Tok("punct", ",", toks[0].start - 1, toks[0].start - 1)] + toks, pstart, end)
            continue
        groups.append((toks, start, end))
    out: list[tuple[str, tuple[_Tok, ...]]] = []
    seen: set[str] = set()
    for toks, start, end in groups:
        for party in _split_piece(toks, gloss, prepared[start:end], start):
            s = _party_text(prepared, party)
            if not s or not any(c.isalnum() for c in s):
                continue
            k = _party_key_text(s)
            if k in seen:
                continue
            seen.add(k)
            out.append((s, tuple(party)))
    return tuple(out)


def _party_key_text(s: str) -> str:
    return _WS_RE.sub(" ", s).strip().rstrip(".,;:").lower()


def split_parties(text: str) -> list[str]:
    """The parties of a responsible cell, as printed (white space folded), in order.

    Splits at commas, semicolons, list bullets and line breaks that start a new party,
    and where a new party begins with no separator; never inside «…», "…" or (…), nor
    at a person's initials. Uses the built-in glossary.
    """
    if not text or not text.strip():
        return []
    return [s for s, _ in _split_cached(text, _glossary_for(None))]
