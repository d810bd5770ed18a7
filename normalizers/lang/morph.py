"""The one pymorphy3 analyzer of the process, its readings and the lemmas read from them."""
from __future__ import annotations

import functools
import re

__all__ = ["morph", "parses", "name_tags", "lemma", "lemmas", "all_lemmas", "nominal_lemmas", "gender",
           "noun_parses", "adj_parses", "has_adj_reading", "NOMINAL_POS"]

NOMINAL_POS = frozenset({"NOUN", "ADJF", "PRTF"})


@functools.lru_cache(maxsize=1)
def morph():
    """The one pymorphy3 analyzer of the process (its dictionaries take ~15 MB and ~0.2 s
    to load: every stage shares this one)."""
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    """pymorphy3's readings of a word (lowercased), cached for the process."""
    return tuple(morph().parse(word.lower()))


def name_tags(word: str, top: int | None = None) -> set[str]:
    """The person-name grammemes (Surn, Name, Patr) among a word's readings (the first `top`
    of them, or all)."""
    return {g for p in parses(word)[:top] for g in ("Surn", "Name", "Patr") if g in p.tag}


def _yo(text: str) -> str:
    return text.replace("ё", "е")


@functools.lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """Normal form of one word by its best reading (lowercase, «ё» → «е»); a word without
    Cyrillic letters comes back lowercased as it is."""
    word = _yo(word.lower())
    if not re.search(r"[а-я]", word):
        return word
    return _yo(parses(word)[0].normal_form)


def lemmas(text: str) -> list[str]:
    """`lemma` of every word (and of «№») in a text, in order."""
    return [lemma(w) for w in re.findall(r"№|[A-Za-zА-Яа-яЁё]+", text or "")]


@functools.lru_cache(maxsize=100_000)
def all_lemmas(word: str) -> frozenset[str]:
    """Normal forms of every reading of a word («ё» → «е»): any of them may be meant."""
    return frozenset(_yo(p.normal_form) for p in parses(word))


def nominal_lemmas(word: str) -> frozenset[str]:
    """The word itself (lowercased) and the normal forms of its noun, adjective and
    participle readings («ё» → «е»)."""
    return _nominal_lemmas(word.lower())


@functools.lru_cache(maxsize=200_000)
def _nominal_lemmas(word: str) -> frozenset[str]:
    out = {word}
    for p in parses(word):
        if p.tag.POS in NOMINAL_POS:
            out.add(_yo(p.normal_form))
    return frozenset(out)


def gender(p) -> str | None:
    """A reading's gender as a plain string ('masc', 'femn', 'neut', 'ms-f') or None."""
    if "ms-f" in p.tag:
        return "ms-f"
    g = p.tag.gender
    return str(g) if g else None


def noun_parses(word: str) -> list:
    return [p for p in parses(word) if p.tag.POS == "NOUN"]


def adj_parses(word: str) -> list:
    """Adjective and participle readings (full forms)."""
    return [p for p in parses(word) if p.tag.POS in ("ADJF", "PRTF")]


def has_adj_reading(word: str) -> bool:
    """The word can be a (non-possessive) adjective or participle."""
    for p in parses(word):
        if p.tag.POS in ("ADJF", "PRTF") and "Poss" not in p.tag:
            return True
    return False
