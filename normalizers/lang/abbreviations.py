"""The one built-in glossary of abbreviations (``normalizers/data/glossary.yaml``):
abbreviation → nominative expansion, as a document's own list of abbreviations would print it."""
from __future__ import annotations

import functools

from normalizers.lang.lexicon import data_file

__all__ = ["builtin_items", "expansion"]


@functools.lru_cache(maxsize=1)
def builtin_items() -> tuple[tuple[str, str], ...]:
    """(abbreviation, expansion) pairs in file order."""
    raw = data_file("glossary.yaml") or {}
    if not isinstance(raw, dict):
        raise ValueError("glossary.yaml: a mapping of abbreviation -> expansion expected")
    return tuple((str(k), str(v)) for k, v in raw.items())


def expansion(abbreviation: str) -> str | None:
    """The expansion of an abbreviation (exact spelling, or its upper-case form)."""
    items = dict(builtin_items())
    return items.get(abbreviation) or items.get(abbreviation.upper())
