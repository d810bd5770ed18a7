"""One root of a word across parts of speech: «кадровый» ~ «кадры», «методический» ~
«методист», «обеспеченность» ~ «обеспечить» (``normalizers/data/derivation.yaml``)."""
from __future__ import annotations

import functools

from .lexicon import data_file
from .morph import parses

__all__ = ["root"]


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    raw = data_file("derivation.yaml")
    lists = {"verb": (raw.get("endings") or {}).get("verb"), "other": (raw.get("endings") or {}).get("other"),
             "adjective": raw.get("adjective_suffixes"), "any": raw.get("suffixes")}
    for name, words in lists.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"derivation.yaml: {name}: a list of strings expected")
    out = {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in lists.items()}
    out["min_root"] = int(raw.get("min_root") or 4)
    return out


def _cut(w: str, ends: tuple[str, ...], least: int) -> str | None:
    for e in ends:
        if w.endswith(e) and len(w) - len(e) >= least:
            return w[:-len(e)]
    return None


@functools.lru_cache(maxsize=100_000)
def root(lemma: str) -> str:
    """The lemma (a normal form) without its ending and its derivational suffixes, never
    shorter than `min_root` letters; a word that is not all Cyrillic letters comes back as
    it is (lowercased)."""
    r = _rules()
    least = r["min_root"]
    w = lemma.lower().replace("ё", "е")
    if len(w) <= least or not all("а" <= ch <= "я" for ch in w):
        return w
    pos = parses(w)[0].tag.POS
    w = _cut(w, r["verb"] if pos == "INFN" else r["other"], least) or w
    if pos in ("ADJF", "PRTF"):
        w = _cut(w, r["adjective"], least) or w
    while (cut := _cut(w, r["any"], least)) is not None:
        w = cut
    return w
