"""Predicates on tokens: abbreviation, preposition, conjunction, name marker, role word, an unfinished party."""
from __future__ import annotations

from normalizers.lang.caps import is_abbreviation_caps, is_capitalized, looks_acronym
from normalizers.lang.morph import has_adj_reading, nominal_lemmas, NOMINAL_POS, parses
from normalizers.parties.glossary import _is_acronym_key
from normalizers.parties.lexicon import _lex
from normalizers.parties.tokens import _Tok


def _nominative_score(word: str) -> float:
    return sum(p.score for p in parses(word) if p.tag.POS in NOMINAL_POS and p.tag.case == "nomn")


def _is_abbr(t: _Tok) -> bool:
    return t.kind == "word" and (t.key is not None and _is_acronym_key(t.key) or is_abbreviation_caps(t.text) or looks_acronym(t.text))


def _is_prep(t: _Tok) -> bool:
    return t.kind == "word" and t.low in _lex().prepositions and not is_abbreviation_caps(t.text)


def _is_conj(t: _Tok) -> bool:
    return t.kind == "word" and t.low in _lex().conjunctions and not is_abbreviation_caps(t.text)


def _conj_len(toks: list[_Tok], i: int) -> int:
    """Number of tokens of a conjunction at toks[i] («и»: 1, «а также»: 2), 0 if none."""
    for words in _lex().multi_conjunctions:
        seq = toks[i : i + len(words)]
        if len(seq) == len(words) and all(t.kind == "word" and t.low == w for t, w in zip(seq, words)):
            return len(words)
    return 1 if i < len(toks) and _is_conj(toks[i]) else 0


def _is_marker(toks: list[_Tok], i: int) -> bool:
    """«им.», «имени», «с.», «г.»: a name follows."""
    t = toks[i]
    if t.kind != "word":
        return False
    lex = _lex()
    if t.low in lex.name_markers:
        return True
    if t.low in lex.locality_markers and t.text.islower():
        return i + 1 < len(toks) and toks[i + 1].text == "."
    return False


def _is_role_word(t: _Tok) -> bool:
    return t.kind == "word" and not is_abbreviation_caps(t.text) and bool(nominal_lemmas(t.text) & _lex().role_heads)


def _has_role(cur: list[_Tok]) -> bool:
    return any(_is_role_word(t) for t in cur)


def _last_content(cur: list[_Tok]) -> tuple[int, _Tok] | None:
    for j in range(len(cur) - 1, -1, -1):
        if cur[j].kind != "punct" or cur[j].text in "№#":
            return j, cur[j]
    return None


def _expects_more(cur: list[_Tok]) -> bool:
    """The party so far cannot end here: a legal form, «им.», «№», a preposition, an adjective…"""
    body = cur
    k = _conj_len(body, 0)
    while k and len(body) > k:
        body = body[k:]
        k = _conj_len(body, 0)
    if k or not any(any(c.isalnum() for c in t.text) for t in body):
        return True  # nothing but punctuation (or a leading conjunction) so far
    last = cur[-1]
    lex = _lex()
    if last.kind == "punct":
        if last.text in "№#-‐‑‒–—/+&([«„“\"'":
            return True
        if last.text == "." and len(cur) >= 2 and _is_marker(cur, len(cur) - 2):
            return True
        if last.text == "." and len(cur) >= 2 and cur[-2].kind == "word" and cur[-2].low in lex.post_abbreviations:
            return True                  # «Мед. работник», «соц. педагог»
        return False
    if last.kind != "word":
        return False
    if last.text in lex.org_forms or last.text in lex.org_form_suffixes:
        return True
    if last.low in lex.name_markers:
        return True
    if _is_prep(last) or _is_conj(last):
        return True
    if is_abbreviation_caps(last.text) or last.key is not None:
        return False
    if last.text.isdigit():
        return False
    if _lex().head_kind(last.text):
        return False
    return has_adj_reading(last.text) and not _is_surname_like(last.text)


def _is_surname_like(word: str) -> bool:
    return any("Surn" in p.tag for p in parses(word)) and is_capitalized(word) and not any(
        p.tag.POS == "ADJF" and "Poss" not in p.tag and p.score >= 0.15 for p in parses(word)
    )


def _needs_ner(t: _Tok) -> bool:
    """A capitalized word the lexicon and morphology cannot place (could start a party)."""
    if t.kind != "word" or not is_capitalized(t.text) or t.key is not None:
        return False
    if _is_prep(t) or _is_conj(t):
        return False
    ps = parses(t.text)
    if has_adj_reading(t.text):
        return False
    known_nom = any(p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.score >= 0.1 for p in ps)
    unknown = all(p.methods_stack[0][0].__class__.__name__ != "DictionaryAnalyzer" for p in ps)
    return known_nom or unknown
