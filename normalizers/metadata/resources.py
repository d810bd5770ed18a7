"""The metadata lexicon (``data/metadata_lexicon.yaml``), its word lists, and natasha's spans."""
from __future__ import annotations

import functools
import os

from normalizers.lang import ner as lang_ner
from normalizers.lang.lexicon import DATA_DIR, load_yaml
from extractors.settings import MetadataSettings, defaults


def word_set(key: str) -> frozenset[str]:
    """A word list of the metadata lexicon (a non-empty list of strings)."""
    raw = lexicon().get(key)
    if not isinstance(raw, list) or not raw or not all(isinstance(w, str) for w in raw):
        raise ValueError(f"metadata_lexicon.yaml: {key} must be a list of words")
    return frozenset(raw)


def _load_yaml(name: str) -> dict:
    return load_yaml(os.path.join(DATA_DIR, name))


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    return _load_yaml("metadata_lexicon.yaml")


def ner_spans(text: str, cfg: MetadataSettings | None = None) -> list[tuple[str, str, str]]:
    """(type, text, nominative) of the PER/LOC/ORG spans natasha finds in a short text."""
    return lang_ner.normal_spans(text[:(cfg or defaults().metadata).ner_max_chars])
