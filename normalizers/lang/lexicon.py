"""Data files of the normalizers (``normalizers/data/*.yaml``) and the word lists read from them,
each loaded once and checked for its shape (a malformed file fails loudly, not silently)."""
from __future__ import annotations

import functools
import os

__all__ = ["DATA_DIR", "load_yaml", "data_file", "month_forms", "month_prefixes", "region_words"]

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")


def load_yaml(path) -> object:
    """A data file (lexicons, settings) read with libyaml's C loader where it is built in."""
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 (a safe loader)


@functools.lru_cache(maxsize=32)
def data_file(name: str):
    """A file of ``normalizers/data`` by name, loaded once (do not mutate the result)."""
    return load_yaml(os.path.join(DATA_DIR, name))


@functools.lru_cache(maxsize=1)
def month_forms() -> dict[int, tuple[str, ...]]:
    """{month number: its name's forms and abbreviations} from ``deadline_lexicon.yaml``."""
    raw = data_file("deadline_lexicon.yaml").get("months")
    if not isinstance(raw, dict) or sorted(int(k) for k in raw) != list(range(1, 13)):
        raise ValueError("deadline_lexicon.yaml: `months` must map 1..12 to lists of forms")
    out = {}
    for k, forms in raw.items():
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
            raise ValueError(f"deadline_lexicon.yaml: month {k}: a list of word forms expected")
        out[int(k)] = tuple(forms)
    return out


@functools.lru_cache(maxsize=1)
def month_prefixes() -> dict[str, int]:
    """{first three letters of a month name's form: month number} («янв» → 1, «мая» → 5)."""
    out: dict[str, int] = {}
    for n, forms in month_forms().items():
        for f in forms:
            if len(f) >= 3:
                out.setdefault(f[:3].lower(), n)
    return out


@functools.lru_cache(maxsize=16)
def region_words(key: str) -> frozenset[str]:
    """A word list of the `words` section of ``regions.yaml`` (lemmas, lowercase)."""
    raw = (data_file("regions.yaml").get("words") or {}).get(key)
    if not isinstance(raw, list) or not raw or not all(isinstance(w, str) and w == w.lower() for w in raw):
        raise ValueError(f"regions.yaml: words.{key} must be a list of lower-case lemmas")
    return frozenset(raw)
