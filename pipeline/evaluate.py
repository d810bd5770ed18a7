"""`roadmaps evaluate`: score an output folder against hand-checked gold files.

An analyst who has hand-checked a few plans (gold JSON in the format of the shared
`gold/FORMAT.md`) measures the pipeline on their own files:

    roadmaps evaluate --gold GOLD_DIR --pred OUT_DIR [-v]

The rules are those of the shared scorer's README (`tools/README.md`); this module is an
independent implementation of them:

* Scored documents: every gold document whose doc_id (the gold file's stem) occurs in
  `documents.csv` or `activities.csv` (plus any named in `docs=`); a predicted doc_id without
  a gold file is only warned about.
* Rows are matched within a document by `difflib.SequenceMatcher(None, gold, pred,
  autojunk=False).ratio()` of the activity in matching form (white space folded, case folded,
  punctuation replaced by spaces); a pair is a candidate at ratio >= 0.85 and, when the gold
  record has a year, the same year. Candidates are taken greedily by descending activity
  ratio, then expected_result ratio, then number of fields in exact agreement, then the
  closer position (row index within the document), then document order. Each record is used
  at most once.
* Matched pairs: the ten text fields exactly (after white-space folding and the in-word
  hyphen rule), `deadlines` and `months` as sets, `responsible` as a per-pair set F1;
  gold `accept` alternatives count as right.
* Document fields, the docs share, and indicator triples (indicator in matching form, year,
  value).

Unusable input raises `EvaluationError` (one line, meant for stderr, exit status 2).
"""
from __future__ import annotations

import csv
import heapq
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from normalizers.lang.fold import fold_hyphen_gaps as fold   # the comparison form of a cell

from . import schema
from .export import ACTIVITIES, DOCUMENTS, INDICATORS

THRESHOLD = 0.85

# the scored fields and how each is scored: pipeline/schema.py
TEXT_FIELDS = schema.scored(schema.ACTIVITY, "text", schema.SCORED_TEXT)
SET_FIELDS = schema.scored(schema.ACTIVITY, "set")
ACTIVITY_OPTIONAL = [f for f in TEXT_FIELDS + SET_FIELDS if f != "activity"]
DOC_FIELDS = schema.scored(schema.DOCUMENT, "text", schema.SCORED_DOCUMENT)
PAIR_FIGURES = TEXT_FIELDS + ["deadlines", "deadlines_any", "months", "responsible_f1"]
MIN_KEYS = (["rows_p", "rows_r", "rows_f1"] + TEXT_FIELDS + ["deadlines", "months", "deadlines_any",
            "responsible_f1", "docs"] + [f"doc_{f}" for f in DOC_FIELDS]
            + ["indicators_p", "indicators_r", "indicators_f1"])
SUMMARY_KEYS = ["rows_f1", "deadlines", "responsible_f1", "docs"]
NO_DOC_ROW = "<no row in documents.csv>"
NO_COLUMN = "<column missing>"



class EvaluationError(Exception):
    """Unusable input: missing directory or file, a required column absent, broken gold JSON,
    an unknown --min key. The message is one line, ready for stderr."""


# --------------------------------------------------------------------------- text forms

_WS = re.compile(r"\s+")
_FLOAT_YEAR = re.compile(r"^\d{4}\.0+$")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


_PUNCT_CACHE: dict[str, bool] = {}


def matching_form(value) -> str:
    """Folded, case-folded, every punctuation character (Unicode category P*) replaced by a
    space, white space folded again: the form rows are matched on."""
    text = fold(value).casefold()
    out = []
    for ch in text:
        p = _PUNCT_CACHE.get(ch)
        if p is None:
            p = _PUNCT_CACHE[ch] = _is_punct(ch)
        out.append(" " if p else ch)
    return " ".join("".join(out).split())


def party_form(value) -> str:
    """A responsible party for set comparison: folded, case ignored, trailing punctuation
    (and the spaces around it) dropped."""
    text = fold(value).casefold()
    end = len(text)
    while end and (text[end - 1].isspace() or _is_punct(text[end - 1])):
        end -= 1
    return text[:end]


def _pieces(value) -> list:
    """A list-valued cell as its items: a list as is, a string split at ';'."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return value.split(";")
    return [value]


def interval_set(value) -> frozenset:
    """Deadline intervals (`start/end`), order and duplicates ignored, white space removed."""
    out = set()
    for item in _pieces(value):
        s = _WS.sub("", "" if item is None else str(item))
        if s:
            out.add(s)
    return frozenset(out)


def _month(item):
    s = ("" if item is None else str(item)).strip()
    if s.isdigit():
        try:
            return int(s)
        except ValueError:
            return s
    return s


def month_set(value) -> frozenset:
    return frozenset(m for m in (_month(i) for i in _pieces(value)) if m != "")


def party_set(value) -> frozenset:
    return frozenset(p for p in (party_form(i) for i in _pieces(value)) if p)


def set_f1(gold: frozenset, pred: frozenset) -> float:
    if not gold and not pred:
        return 1.0
    return 2 * len(gold & pred) / (len(gold) + len(pred))


def _alternatives(accept, name) -> list:
    """The gold `accept` alternatives for one field, as a list (a scalar is one alternative)."""
    if not isinstance(accept, dict) or name not in accept:
        return []
    alts = accept[name]
    if alts is None:
        return []
    if isinstance(alts, (list, tuple)):
        return list(alts)
    return [alts]


def _set_alternatives(accept, name, to_set) -> list[frozenset]:
    """Alternatives of a set field: each element of the list is one alternative set; a scalar
    element is a one-item set."""
    out = []
    for alt in _alternatives(accept, name):
        out.append(to_set(alt if isinstance(alt, (list, tuple)) else [alt]))
    return out


# --------------------------------------------------------------------------- figures

@dataclass
class Ratio:
    """num/den; for a mean (responsible_f1) num is a sum of per-pair scores, kept exact and
    taken to 6 decimals for the value, as the shared scorer does."""
    num: float = 0
    den: int = 0
    mean: bool = False

    @property
    def value(self) -> float | None:
        if not self.den:
            return None
        return (round(self.num, 6) if self.mean else self.num) / self.den

    def add(self, other: "Ratio") -> None:
        self.num += other.num
        self.den += other.den

    def as_dict(self) -> dict:
        num = round(self.num, 6) if self.mean else self.num
        return {"value": self.value, "num": num, "den": self.den}


@dataclass
class F1:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def value(self) -> float | None:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else None

    @property
    def precision(self) -> Ratio:
        return Ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> Ratio:
        return Ratio(self.tp, self.tp + self.fn)

    def add(self, other: "F1") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"value": self.value, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _new_figures() -> dict:
    figs = {"rows": F1()}
    for name in PAIR_FIGURES:
        figs[name] = Ratio(mean=name == "responsible_f1")
    figs["docs"] = Ratio()
    for name in DOC_FIELDS:
        figs[f"doc_{name}"] = Ratio()
    figs["indicators"] = F1()
    return figs


def flat_figures(figs: dict, indicators: bool) -> dict:
    """The figures under their public names (rows_p, …, doc_title, indicators_f1)."""
    out = {"rows_p": figs["rows"].precision, "rows_r": figs["rows"].recall, "rows_f1": figs["rows"]}
    for name in PAIR_FIGURES + ["docs"] + [f"doc_{f}" for f in DOC_FIELDS]:
        out[name] = figs[name]
    if indicators:
        ind = figs["indicators"]
        out.update(indicators_p=ind.precision, indicators_r=ind.recall, indicators_f1=ind)
    return out


# --------------------------------------------------------------------------- report

@dataclass
class DocReport:
    doc_id: str
    in_predictions: bool
    gold_rows: int
    pred_rows: int
    figures: dict = field(default_factory=_new_figures)
    indicators_shown: bool = False
    missing_rows: list = field(default_factory=list)     # {"seq", "year", "activity"}
    extra_rows: list = field(default_factory=list)       # {"line", "year", "activity"}
    wrong_fields: list = field(default_factory=list)     # {"seq", "line", "field", "gold", "pred"[, "f1"]}
    wrong_doc_fields: list = field(default_factory=list)  # {"field", "gold", "pred"}
    missing_indicators: list = field(default_factory=list)
    extra_indicators: list = field(default_factory=list)


@dataclass
class Report:
    gold_dir: str
    pred_dir: str
    docs: dict                       # doc_id → DocReport, in scoring order
    overall: dict                    # internal figures (see _new_figures)
    warnings: list
    indicators_scored: bool
    indicators_note: str = ""        # why not scored, when not

    def figures(self) -> dict:
        """Overall figures by public name."""
        return flat_figures(self.overall, self.indicators_scored)

    def doc_figures(self, doc_id: str) -> dict:
        """One document's figures by public name (indicators only where it has any)."""
        dr = self.docs[doc_id]
        return flat_figures(dr.figures, self.indicators_scored and dr.indicators_shown)

    def value(self, key: str) -> float | None:
        return self.figures()[key].value

    def summary(self) -> dict:
        return {k: self.value(k) for k in SUMMARY_KEYS}

    def to_dict(self) -> dict:
        def figs(d):
            return {k: v.as_dict() for k, v in d.items()}
        docs = {}
        for doc_id, dr in self.docs.items():
            docs[doc_id] = {
                "in_predictions": dr.in_predictions, "gold_rows": dr.gold_rows,
                "pred_rows": dr.pred_rows, "figures": figs(self.doc_figures(doc_id)),
                "errors": {"missing_rows": dr.missing_rows, "extra_rows": dr.extra_rows,
                           "fields": dr.wrong_fields, "doc_fields": dr.wrong_doc_fields,
                           "missing_indicators": dr.missing_indicators,
                           "extra_indicators": dr.extra_indicators}}
        return {"gold_dir": self.gold_dir, "pred_dir": self.pred_dir, "threshold": THRESHOLD,
                "docs_scored": list(self.docs), "warnings": list(self.warnings), "docs": docs,
                "overall": figs(self.figures()), "summary": self.summary()}


# --------------------------------------------------------------------------- input

def _read_csv(path: str, required: list[str]) -> tuple[list[dict], set[str]]:
    """Rows of a CSV as dicts keyed by lower-cased, trimmed header names, each with its
    line number (`_line`, the header being line 1), plus the set of columns present."""
    csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            try:
                header = next(reader)
            except StopIteration:
                raise EvaluationError(f"{path}: empty file, no header row") from None
            names = [h.strip().lower() for h in header]
            missing = [c for c in required if c not in names]
            if missing:
                raise EvaluationError(
                    f"{path}: missing required column(s) {', '.join(missing)} "
                    f"(is it comma-separated?); header is {','.join(header)}")
            index = {}
            for i, n in enumerate(names):
                index.setdefault(n, i)
            rows = []
            for line, cells in enumerate(reader, start=2):
                if not cells:
                    continue
                row = {n: (cells[i] if i < len(cells) else "") for n, i in index.items()}
                row["_line"] = line
                rows.append(row)
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise EvaluationError(f"{path}: unreadable CSV ({exc})") from None
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return rows, set(index)


def _load_gold(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not isinstance(data, dict):
        raise EvaluationError(f"{path}: top level is not an object")
    if not isinstance(data.get("records"), list):
        raise EvaluationError(f"{path}: no 'records' list")
    if not isinstance(data.get("document"), dict):
        raise EvaluationError(f"{path}: no 'document' object")
    if any(not isinstance(r, dict) for r in data["records"]):
        raise EvaluationError(f"{path}: a record is not an object")
    inds = data.get("indicators") or []
    if not isinstance(inds, list) or any(not isinstance(i, dict) for i in inds):
        raise EvaluationError(f"{path}: 'indicators' is not a list of objects")
    return data


def _float_year_warning(name: str, rows: list[dict], columns: list[str], warnings: list) -> None:
    hits = [(r["_line"], c, r[c].strip()) for r in rows for c in columns
            if c in r and _FLOAT_YEAR.match(r[c].strip())]
    if hits:
        line, col, val = hits[0]
        warnings.append(f"{name}: {len(hits)} year value(s) like '{val}' (line {line}, {col}) "
                        "look float-formatted and do not match")


# --------------------------------------------------------------------------- matching

class _Gold:
    __slots__ = ("i", "seq", "rec", "text", "year", "m_act", "m_er", "deadlines", "dl_alts",
                 "months", "month_alts", "parties", "party_alts", "accept")

    def __init__(self, i: int, rec: dict):
        self.i = i
        self.rec = rec
        self.seq = rec.get("seq", i + 1)
        self.accept = rec.get("accept") or {}
        self.text = {f: fold(rec.get(f)) for f in TEXT_FIELDS}
        self.year = self.text["year"]
        self.m_act = matching_form(rec.get("activity"))
        self.m_er = matching_form(rec.get("expected_result"))
        self.deadlines = interval_set(rec.get("deadlines"))
        self.dl_alts = _set_alternatives(self.accept, "deadlines", interval_set)
        self.months = month_set(rec.get("months"))
        self.month_alts = _set_alternatives(self.accept, "months", month_set)
        self.parties = party_set(rec.get("responsible"))
        self.party_alts = _set_alternatives(self.accept, "responsible", party_set)

    def accepts(self, name: str, value: str) -> bool:
        if value == self.text[name]:
            return True
        return any(value == fold(a) for a in _alternatives(self.accept, name))


class _Pred:
    __slots__ = ("j", "line", "text", "year", "m_act", "m_er", "deadlines", "months", "parties")

    def __init__(self, j: int, row: dict, columns: set):
        self.j = j
        self.line = row["_line"]
        self.text = {f: (fold(row[f]) if f in columns else None) for f in TEXT_FIELDS}
        self.year = self.text["year"] or ""
        self.m_act = matching_form(row.get("activity"))
        self.m_er = matching_form(row.get("expected_result"))
        self.deadlines = interval_set(row["deadlines"]) if "deadlines" in columns else None
        self.months = month_set(row["months"]) if "months" in columns else None
        self.parties = party_set(row["responsible"]) if "responsible" in columns else None


class _RatioCache:
    """SequenceMatcher ratios of matching forms, gold as the first sequence, memoized; the
    second sequence's index is built once per distinct predicted text (set_seq2 caches it,
    set_seq1 is cheap)."""

    def __init__(self):
        self.memo: dict[tuple[str, str], float] = {}
        self.quick: dict[tuple[str, str], float] = {}
        self.counts: dict[str, dict] = {}
        self.matchers: dict[str, SequenceMatcher] = {}

    def _matcher(self, a: str, b: str) -> SequenceMatcher:
        sm = self.matchers.get(b)
        if sm is None:
            sm = self.matchers[b] = SequenceMatcher(None, "", b, autojunk=False)
        sm.set_seq1(a)
        return sm

    def _counts(self, text: str) -> dict:
        c = self.counts.get(text)
        if c is None:
            c = self.counts[text] = Counter(text)
        return c

    def quick_ratio(self, a: str, b: str) -> float:
        """An upper bound of ratio() from character counts (SequenceMatcher.quick_ratio's
        value, computed from per-text counts kept across pairs)."""
        key = (a, b)
        r = self.quick.get(key)
        if r is None:
            ca, cb = self._counts(a), self._counts(b)
            if len(ca) > len(cb):
                ca, cb = cb, ca
            get = cb.get
            m = 0
            for ch, n in ca.items():
                k = get(ch)
                if k:
                    m += n if n < k else k
            total = len(a) + len(b)
            r = self.quick[key] = 2.0 * m / total if total else 1.0
        return r

    def ratio(self, a: str, b: str) -> float:
        key = (a, b)
        r = self.memo.get(key)
        if r is None:
            r = self.memo[key] = 1.0 if a == b else self._matcher(a, b).ratio()
        return r


def _real_quick_ratio(a: str, b: str) -> float:
    """SequenceMatcher.real_quick_ratio without building one: an upper bound from lengths."""
    la, lb = len(a), len(b)
    return 2.0 * min(la, lb) / (la + lb) if la + lb else 1.0


def _agreement(g: _Gold, p: _Pred) -> int:
    """Fields in exact agreement (accept alternatives not counted): the tie-breaker."""
    n = sum(1 for f in TEXT_FIELDS if p.text[f] is not None and p.text[f] == g.text[f])
    n += p.deadlines is not None and p.deadlines == g.deadlines
    n += p.months is not None and p.months == g.months
    n += p.parties is not None and p.parties == g.parties
    return n


# the largest ratio two different texts can have is below 1.0: bounds are capped here so that
# pairs of equal texts (ratio exactly 1.0) are taken before any bound is refined
_BELOW_ONE = math.nextafter(1.0, 0.0)


def _exact_key(r: float, g: _Gold, p: _Pred, cache: _RatioCache) -> tuple:
    return (-r, 1, -cache.ratio(g.m_er, p.m_er), -_agreement(g, p), abs(g.i - p.j), g.i, p.j)


def match_rows(golds: list[_Gold], preds: list[_Pred], use_year: bool,
               cache: _RatioCache | None = None) -> list[tuple[_Gold, _Pred]]:
    """The README's greedy one-to-one matching; pairs in gold order.

    The greedy takes, while both records are free, the candidate pair (activity ratio >= 0.85,
    year condition met) with the highest key (activity ratio, expected_result ratio, fields in
    exact agreement, closer position, earlier gold, earlier prediction). It is run best-first
    on a heap: a pair enters with a cheap upper bound of its ratio (lengths, then character
    counts) and is refined only when it reaches the top, so pairs whose records were taken
    meanwhile are never compared in full. At equal values a bound sorts before an exact
    ratio, so a pair is taken only once no unrefined pair could still beat or tie it."""
    cache = cache or _RatioCache()
    heap = []
    for p in preds:
        for g in golds:
            if use_year and g.year and p.year != g.year:
                continue
            if g.m_act == p.m_act:            # ratio 1.0 exactly, and only for equal texts
                heap.append(_exact_key(1.0, g, p, cache))
                continue
            bound = min(_real_quick_ratio(g.m_act, p.m_act), _BELOW_ONE)
            if bound >= THRESHOLD:
                heap.append((-bound, 0, 0, g.i, p.j))
    heapq.heapify(heap)
    used_g, used_p, pairs = set(), set(), []
    while heap:
        entry = heapq.heappop(heap)
        gi, pj = entry[-2], entry[-1]
        if gi in used_g or pj in used_p:
            continue
        g, p = golds[gi], preds[pj]
        if entry[1] == 1:                     # exact key: the greedy's next pair
            used_g.add(gi)
            used_p.add(pj)
            pairs.append((g, p))
        elif entry[2] == 0:                   # length bound → character-count bound
            bound = cache.quick_ratio(g.m_act, p.m_act)
            bound = min(bound, _BELOW_ONE)
            if bound >= THRESHOLD:
                heapq.heappush(heap, (-bound, 0, 1, gi, pj))
        else:                                 # character-count bound → the ratio and full key
            r = cache.ratio(g.m_act, p.m_act)
            if r >= THRESHOLD:
                heapq.heappush(heap, _exact_key(r, g, p, cache))
    pairs.sort(key=lambda gp: gp[0].i)
    return pairs


# --------------------------------------------------------------------------- scoring

def _show_set(s: frozenset) -> str:
    return "; ".join(sorted(str(x) for x in s))


def _score_pair(g: _Gold, p: _Pred, figs: dict, dr: DocReport) -> None:
    def wrong(name, gold, pred, **extra):
        dr.wrong_fields.append(dict(seq=g.seq, line=p.line, field=name, gold=gold, pred=pred, **extra))

    for name in TEXT_FIELDS:
        ok = p.text[name] is not None and g.accepts(name, p.text[name])
        figs[name].num += ok
        figs[name].den += 1
        if not ok:
            wrong(name, g.text[name], p.text[name] if p.text[name] is not None else NO_COLUMN)
    # deadlines
    ok = p.deadlines is not None and (p.deadlines == g.deadlines or p.deadlines in g.dl_alts)
    figs["deadlines"].num += ok
    figs["deadlines"].den += 1
    if g.deadlines:
        figs["deadlines_any"].num += ok
        figs["deadlines_any"].den += 1
    if not ok:
        wrong("deadlines", _show_set(g.deadlines),
              _show_set(p.deadlines) if p.deadlines is not None else NO_COLUMN)
    # months
    ok = p.months is not None and (p.months == g.months or p.months in g.month_alts)
    figs["months"].num += ok
    figs["months"].den += 1
    if not ok:
        wrong("months", _show_set(g.months), _show_set(p.months) if p.months is not None else NO_COLUMN)
    # responsible
    if p.parties is None:
        f1 = 0.0
    else:
        f1 = max([set_f1(g.parties, p.parties)] + [set_f1(a, p.parties) for a in g.party_alts])
    figs["responsible_f1"].num += f1
    figs["responsible_f1"].den += 1
    if f1 < 1.0:
        wrong("responsible", _show_set(g.parties),
              _show_set(p.parties) if p.parties is not None else NO_COLUMN, f1=round(f1, 6))


def _score_document(gdoc: dict, drow: dict | None, doc_columns: set, figs: dict, dr: DocReport) -> None:
    accept = gdoc.get("accept") or {}
    for name in DOC_FIELDS:
        gold = fold(gdoc.get(name))
        if drow is None:
            ok, pred = False, NO_DOC_ROW
        elif name not in doc_columns:
            ok, pred = False, NO_COLUMN
        else:
            pred = fold(drow.get(name))
            ok = pred == gold or any(pred == fold(a) for a in _alternatives(accept, name))
        for key in (f"doc_{name}", "docs"):
            figs[key].num += ok
            figs[key].den += 1
        if not ok:
            dr.wrong_doc_fields.append({"field": name, "gold": gold, "pred": pred})


def evaluate(gold_dir: str, pred_dir: str, docs: list[str] | str | None = None) -> Report:
    """Score the CSVs in pred_dir against the gold JSON files in gold_dir.

    docs: doc ids to score even if absent from the predictions (zero recall then);
    "all" or ["all"] = every gold file."""
    if not os.path.isdir(gold_dir):
        raise EvaluationError(f"gold directory not found: {gold_dir}")
    if not os.path.isdir(pred_dir):
        raise EvaluationError(f"prediction directory not found: {pred_dir}")
    gold_files = {os.path.splitext(n)[0]: os.path.join(gold_dir, n)
                  for n in sorted(os.listdir(gold_dir))
                  if n.endswith(".json") and os.path.isfile(os.path.join(gold_dir, n))}
    if not gold_files:
        raise EvaluationError(f"no gold *.json files in {gold_dir}")

    paths = {n: os.path.join(pred_dir, n) for n in (ACTIVITIES, DOCUMENTS, INDICATORS)}
    for n in (ACTIVITIES, DOCUMENTS):
        if not os.path.isfile(paths[n]):
            raise EvaluationError(f"{n} not found: {paths[n]}")
    warnings: list[str] = []
    act_rows, act_cols = _read_csv(paths[ACTIVITIES], ["doc_id", "activity"])
    doc_rows, doc_cols = _read_csv(paths[DOCUMENTS], ["doc_id"])
    ind_rows, ind_cols = None, set()
    if os.path.isfile(paths[INDICATORS]):
        ind_rows, ind_cols = _read_csv(paths[INDICATORS], ["doc_id", "indicator"])

    missing = [c for c in ACTIVITY_OPTIONAL if c not in act_cols]
    if missing:
        warnings.append(f"{ACTIVITIES} has no column(s) {', '.join(missing)}: scored 0 where used")
    use_year = "year" in act_cols
    if not use_year:
        warnings.append(f"{ACTIVITIES} has no year column: rows are matched without the year condition")
    missing = [c for c in DOC_FIELDS if c not in doc_cols]
    if missing:
        warnings.append(f"{DOCUMENTS} has no column(s) {', '.join(missing)}: scored 0 where used")
    if ind_rows is not None:
        missing = [c for c in ("year", "value") if c not in ind_cols]
        if missing:
            warnings.append(f"{INDICATORS} has no column(s) {', '.join(missing)}: scored 0 where used")
    _float_year_warning(ACTIVITIES, act_rows, ["year"], warnings)
    _float_year_warning(DOCUMENTS, doc_rows, ["period_start", "period_end"], warnings)
    if ind_rows:
        _float_year_warning(INDICATORS, ind_rows, ["year"], warnings)

    acts_by_doc: dict[str, list[dict]] = {}
    for row in act_rows:
        acts_by_doc.setdefault(row["doc_id"].strip(), []).append(row)
    docrow_by_doc: dict[str, dict] = {}
    for row in doc_rows:
        did = row["doc_id"].strip()
        if did in docrow_by_doc:
            warnings.append(f"{DOCUMENTS} line {row['_line']}: second row for {did}, ignored")
            continue
        docrow_by_doc[did] = row
    inds_by_doc: dict[str, list[dict]] = {}
    for row in ind_rows or []:
        inds_by_doc.setdefault(row["doc_id"].strip(), []).append(row)

    predicted = [d for d in dict.fromkeys(list(acts_by_doc) + list(docrow_by_doc)) if d]
    unknown = [d for d in predicted if d not in gold_files]
    for d in unknown:
        warnings.append(f"no gold file for {d}: not scored")
    named: list[str] = []
    if docs:
        if isinstance(docs, str):
            docs = [d for d in docs.split(",") if d.strip()]
        docs = [d.strip() for d in docs]
        if "all" in docs:
            named = list(gold_files)
        else:
            for d in docs:
                if d not in gold_files:
                    raise EvaluationError(f"--docs names '{d}' but {gold_dir} has no {d}.json")
            named = docs
    scored = sorted({d for d in predicted if d in gold_files} | set(named))
    if not scored:
        raise EvaluationError(f"nothing to score: no doc_id of the predictions has a gold file in "
                              f"{gold_dir} (predicted: {', '.join(predicted) or 'none'})")

    gold = {d: _load_gold(gold_files[d]) for d in scored}
    gold_has_indicators = any(g.get("indicators") for g in gold.values())
    indicators_scored = gold_has_indicators and ind_rows is not None
    note = ""
    if not indicators_scored:
        note = ("no indicators.csv" if ind_rows is None
                else "the scored gold has no indicators")
        if gold_has_indicators:
            warnings.append("the gold has indicators but there is no indicators.csv: "
                            "indicators not scored")

    overall = _new_figures()
    reports: dict[str, DocReport] = {}
    for doc_id in scored:
        g = gold[doc_id]
        golds = [_Gold(i, r) for i, r in enumerate(g["records"])]
        preds = [_Pred(j, row, act_cols) for j, row in enumerate(acts_by_doc.get(doc_id, []))]
        dr = DocReport(doc_id, doc_id in acts_by_doc or doc_id in docrow_by_doc, len(golds), len(preds))
        figs = dr.figures
        pairs = match_rows(golds, preds, use_year)
        figs["rows"] = F1(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))
        for gr, pr in pairs:
            _score_pair(gr, pr, figs, dr)
        matched_g = {gr.i for gr, _ in pairs}
        matched_p = {pr.j for _, pr in pairs}
        dr.missing_rows = [{"seq": gr.seq, "year": gr.year, "activity": gr.text["activity"]}
                           for gr in golds if gr.i not in matched_g]
        dr.extra_rows = [{"line": pr.line, "year": pr.year, "activity": pr.text["activity"]}
                         for pr in preds if pr.j not in matched_p]
        _score_document(g["document"], docrow_by_doc.get(doc_id), doc_cols, figs, dr)
        if indicators_scored:
            gold_t = Counter()
            for ind in g.get("indicators") or []:
                name = matching_form(ind.get("indicator"))
                values = ind.get("values") or {}
                if isinstance(values, dict):
                    for year, value in values.items():
                        gold_t[(name, fold(year), fold(value))] += 1
            pred_t = Counter()
            for row in inds_by_doc.get(doc_id, []):
                year = fold(row["year"]) if "year" in ind_cols else None
                value = fold(row["value"]) if "value" in ind_cols else None
                pred_t[(matching_form(row["indicator"]), year, value)] += 1
            tp = sum((gold_t & pred_t).values())
            figs["indicators"] = F1(tp, sum(pred_t.values()) - tp, sum(gold_t.values()) - tp)
            dr.indicators_shown = bool(gold_t or pred_t)
            dr.missing_indicators = [list(t) for t in sorted((gold_t - pred_t).elements())]
            dr.extra_indicators = [[x if x is not None else NO_COLUMN for x in t]
                                   for t in (pred_t - gold_t).elements()]     # file order
        for key, fig in figs.items():
            overall[key].add(fig)
        reports[doc_id] = dr
    return Report(gold_dir, pred_dir, reports, overall, warnings, indicators_scored, note)


# --------------------------------------------------------------------------- output

def _num(x) -> str:
    return str(int(x)) if isinstance(x, bool) or float(x).is_integer() else f"{x}"


def _val(v: float | None) -> str:
    return "  n/a" if v is None else f"{v:.3f}"


def _ratio(r: Ratio, mean: bool = False) -> str:
    num = f"{r.num:.2f}" if mean else _num(r.num)
    return f"{_val(r.value)} ({num}/{r.den})"


def _f1_line(label: str, f: F1) -> str:
    return (f"{label:<18}P {_ratio(f.precision)}  R {_ratio(f.recall)}  "
            f"F1 {_val(f.value)} (tp {f.tp}, fp {f.fp}, fn {f.fn})")


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _block(figs: dict, lines: list, doc: DocReport | None, indicators_scored: bool, note: str) -> None:
    lines.append(_f1_line("rows", figs["rows"]))
    lines.append(f"fields over {figs['rows'].tp} matched pairs")
    for name in PAIR_FIGURES:
        r = figs[name]
        text = f"  {name:<16}{_ratio(r, mean=name == 'responsible_f1')}"
        if name == "deadlines_any":
            text += "   (pairs whose gold has deadlines)"
        elif name == "responsible_f1":
            text += "   (mean set F1 per pair)"
        lines.append(text)
    lines.append(f"{'document fields':<18}{_ratio(figs['docs'])}")
    wrong = {w["field"]: w for w in doc.wrong_doc_fields} if doc else {}
    for name in DOC_FIELDS:
        text = f"  {name:<16}{_ratio(figs['doc_' + name])}"
        if name in wrong:
            text += f"   gold «{_short(wrong[name]['gold'])}» pred «{_short(wrong[name]['pred'])}»"
        lines.append(text)
    if doc is None:
        if indicators_scored:
            lines.append(_f1_line("indicators", figs["indicators"]))
        else:
            lines.append(f"{'indicators':<18}not scored ({note})")
    elif indicators_scored and doc.indicators_shown:
        lines.append(_f1_line("indicators", figs["indicators"]))


def render(report: Report, verbose: bool = False, warnings: bool = True) -> str:
    """The text report: warnings (unless warnings=False, e.g. when they go to stderr), one
    block per document, OVERALL, and the summary line
    `rows_f1=… deadlines=… responsible_f1=… docs=…` last. verbose adds, under each document,
    its missing rows, extra rows, wrong fields and missing/extra indicators."""
    lines = [f"warning: {w}" for w in report.warnings] if warnings else []
    if lines:
        lines.append("")
    for doc_id, dr in report.docs.items():
        head = f"=== {doc_id}   (gold {dr.gold_rows} rows, predicted {dr.pred_rows})"
        if not dr.in_predictions:
            head += "   NOT IN PREDICTIONS"
        lines.append(head)
        _block(dr.figures, lines, dr, report.indicators_scored, report.indicators_note)
        if verbose:
            for m in dr.missing_rows:
                lines.append(f"  MISSING gold seq {m['seq']} year {m['year'] or '-'}: "
                             f"{_short(m['activity'])}")
            for x in dr.extra_rows:
                lines.append(f"  EXTRA   pred line {x['line']} year {x['year'] or '-'}: "
                             f"{_short(x['activity'])}")
            for w in dr.wrong_fields:
                where = f"(gold seq {w['seq']}, pred line {w['line']})"
                if "f1" in w:
                    lines.append(f"  WRONG   responsible f1={round(w['f1'], 3)} {where}: "
                                 f"gold «{w['gold']}» pred «{w['pred']}»")
                else:
                    gold, pred = w["gold"], w["pred"]
                    if w["field"] in TEXT_FIELDS:
                        gold, pred = _short(gold), _short(pred)
                    lines.append(f"  WRONG   {w['field']} {where}: gold «{gold}» pred «{pred}»")
            for t in dr.missing_indicators:
                lines.append(f"  MISSING indicator {t}")
            for t in dr.extra_indicators:
                lines.append(f"  EXTRA   indicator {t}")
        lines.append("")
    lines.append("=== OVERALL (micro-averaged over records)")
    lines.append(f"{'documents scored':<18}{len(report.docs)}")
    _block(report.overall, lines, None, report.indicators_scored, report.indicators_note)
    lines.append(" ".join(f"{k}={_val(v).strip()}" for k, v in report.summary().items()))
    return "\n".join(lines)


# --------------------------------------------------------------------------- CI helpers

def parse_minimums(specs: list[str] | None) -> dict[str, float]:
    """`--min key=value` options → {key: value}; EvaluationError on a bad one."""
    out = {}
    for spec in specs or []:
        key, sep, raw = spec.partition("=")
        key = key.strip()
        if not sep:
            raise EvaluationError(f"--min '{spec}': expected KEY=VALUE")
        if key not in MIN_KEYS:
            raise EvaluationError(f"--min '{spec}': unknown key '{key}'; known: {', '.join(MIN_KEYS)}")
        try:
            value = float(raw)
        except ValueError:
            raise EvaluationError(f"--min '{spec}': '{raw}' is not a number") from None
        if not (0.0 <= value <= 1.0) or math.isnan(value):
            raise EvaluationError(f"--min '{spec}': minimum must lie in 0..1")
        out[key] = value
    return out


def unmet_minimums(report: Report, minimums: dict[str, float]) -> list[str]:
    """One message per overall figure below its minimum (an n/a figure fails)."""
    figs = report.figures()
    out = []
    for key, floor in minimums.items():
        fig = figs.get(key)
        value = fig.value if fig is not None else None
        if value is None:
            out.append(f"{key}=n/a, minimum {floor:g}")
        elif value < floor:
            out.append(f"{key}={value:.3f} below minimum {floor:g}")
    return out


def write_json(report: Report, path: str, minimums: dict[str, float] | None = None) -> None:
    """Every figure (value, num/den or tp/fp/fn), per document and overall, with each
    document's missing rows, extra rows and wrong fields (full values, not shortened)."""
    data = report.to_dict()
    if minimums is not None:
        data["min"] = minimums
        data["min_failures"] = unmet_minimums(report, minimums)
    try:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    except OSError as exc:
        raise EvaluationError(f"cannot write {path}: {exc.strerror or exc}") from None
