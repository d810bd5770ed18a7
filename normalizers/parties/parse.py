"""A responsible cell → parties (split, classified, expanded); warming up before workers fork."""
from __future__ import annotations

from dataclasses import dataclass

from normalizers.lang import ner as lang_ner
from normalizers.parties.classify import _classify
from normalizers.parties.expand import _expand
from normalizers.parties.glossary import _glossary_for
from normalizers.parties.lexicon import _lex
from normalizers.parties.split import _split_cached


@dataclass(frozen=True)
class Party:
    text: str  # as printed (white space folded)
    kind: str  # "person", "organization", "role", "group"
    normal: str  # a person's «Фамилия И.О.» in the nominative; else the text
    expanded: str  # the text with abbreviations expanded ("" if nothing to expand)


def parse_parties(text: str, glossary: dict[str, str] | None = None) -> list[Party]:
    """Split a responsible cell into parties, classify them and expand abbreviations.

    `glossary` is the document's own glossary (see `document_glossary`); its entries
    override the built-in ones. None: the built-in glossary alone.
    """
    if not text or not text.strip():
        return []
    gloss = _glossary_for(glossary)
    out = []
    for s, toks in _split_cached(text, gloss):
        kind, normal = _classify(toks, s, gloss)
        expanded = _expand(s, gloss)
        out.append(Party(s, kind, normal, expanded if expanded != s else ""))
    return out


def warm_up(ner: bool = False) -> None:
    """Load the lexicon, the built-in glossary and pymorphy3 once (before forking
    workers); with `ner`, natasha's NER too (otherwise it loads on first need)."""
    _lex()
    _glossary_for(None).kind("ОО")
    _split_cached("Отдел образования, руководители ОО", _glossary_for(None))
    if ner:
        lang_ner.tagger()
