"""Responsible parties of a roadmap's plan table: split, classify, normalize, expand.

A «Ответственный» / «Исполнители» cell lists one or more parties::

    Отдел образования, МКУ «АМЦСО», руководители МБОУ СОШ № 2
    МКОУ Межовская СОШ Муниципальный координатор        (two parties, no separator)
    Зубарева Л.Ф., директор СОШ.

`split_parties` cuts such a cell into parties (at commas, semicolons and line breaks,
and where a new party starts with no separator, but never inside «…», "…" or (…), nor at a
person's initials); `parse_parties` also classifies each party (person, organization,
role, group), gives a person's name in a normal form («Зубареву Л.Ф.» -> «Зубарева Л.Ф.»,
«Иванов Иван Иванович» -> «Иванов И.И.») and expands abbreviations through a glossary
(the document's own list of abbreviations, `document_glossary`, over the built-in one,
`builtin_glossary`).

The decisions come from a lexicon of roles, organization forms and heads
(``data/party_lexicon.yaml``) and pymorphy3's morphology; natasha's NER is loaded lazily,
once per process, and consulted only for capitalized words that the lexicon and the
morphology cannot place (a bare surname, an organization's proper name).

The package, in the order a cell goes through it (morphology, case, folding and NER come
from the language layer, `normalizers.lang`):

    lexicon            roles, organization forms, heads (``data/party_lexicon.yaml``)
    glossary           the built-in glossary and a document's own, compiled for matching
    abbreviation_list  a document's own list of abbreviations → glossary
    tokens             a cell → tokens (words, initials, «…» and (…) groups, glossary keys)
    shapes             predicates on tokens (abbreviation, preposition, unfinished party …)
    phrases, persons   nominal phrases headed by a lexicon word; persons' names
    split              tokens → parties (separators, and a new party starting with none)
    classify           one party → kind and normal form
    expand             abbreviations → expansions in the case they stand in
    parse              `parse_parties`, `Party`, `warm_up`
"""
from __future__ import annotations

from normalizers.lang import ner as _ner
from normalizers.parties.abbreviation_list import document_glossary
from normalizers.parties.expand import expand_abbreviations
from normalizers.parties.glossary import builtin_glossary
from normalizers.parties.parse import Party, parse_parties, warm_up
from normalizers.parties.split import split_parties

__all__ = [
    "Party",
    "warm_up",
    "split_parties",
    "parse_parties",
    "document_glossary",
    "builtin_glossary",
    "expand_abbreviations",
]

_NER_STATS = _ner.STATS  # natasha loads and NER runs (tests check the common path needs none)
