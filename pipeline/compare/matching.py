"""The comparison: plans from the store, scores, evidence, statuses, links and deadline lags."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipeline.i18n import _

from .evidence import (COVERED, NOT_COVERED, PARTLY, REGIONAL_ONLY, STATUSES, Evidence,
                       PairEvidence)
from .items import Item, fold, items_of
from .periods import attach_intervals, document_period, item_lag
from .scoring import Matcher, make_matcher
from .settings import load_settings


class CompareError(Exception):
    """A comparison that cannot run, with a message for the analyst."""


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
    evidence: PairEvidence | None = None


@dataclass
class Comparison:
    regional: Plan
    municipal: list[Plan]
    settings: dict
    links: dict[str, list[Link]]                  # municipal doc_id → links
    best: dict[tuple[str, str], tuple[Item | None, float]]   # (reg key, mun doc) → closest item, score
    local: dict[str, list[tuple[Item, float, Item | None]]]  # mun doc → unmatched items
    statuses: dict[tuple[str, str], str] = field(default_factory=dict)
    auto: dict[tuple[str, str], str] = field(default_factory=dict)      # before overrides
    overrides: dict[tuple[str, str], dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    matrices: dict[str, tuple] = field(default_factory=dict)   # mun doc → (score, object, level)
    _index: dict = field(default_factory=dict, repr=False)
    def status_of(self, reg: Item, mun_doc: str) -> str:
        return self.statuses[(reg.key, mun_doc)]

    def links_of(self, reg: Item, mun_doc: str) -> list[Link]:
        index = self._index.get(mun_doc)
        if index is None or index[0] != len(self.links[mun_doc]):
            by_item: dict[int, list[Link]] = {}
            for l in self.links[mun_doc]:
                by_item.setdefault(id(l.reg), []).append(l)
            index = self._index[mun_doc] = (len(self.links[mun_doc]), by_item)
        return index[1].get(id(reg), [])

    def must_act(self, mun_doc: str) -> list[Item]:
        """Regional items the municipality has to act on (all but «regional only»)."""
        return [it for it in self.regional.items if self.status_of(it, mun_doc) != REGIONAL_ONLY]


@dataclass
class Plans:
    """What a comparison reads from the store."""

    regional: Plan
    municipal: list[Plan]
    background: list[Item]          # every item of every plan in the store (for IDF)
    warnings: list[str]


def _find(docs: list[dict], doc_id: str) -> dict | None:
    return next((d for d in docs if doc_id in d["aliases"]), None)


def _choose_municipal(docs, reg: dict, municipal: list[str] | None, warnings: list[str]) -> list[dict]:
    region = reg.get("region") or ""
    if municipal:
        missing = [m for m in municipal if _find(docs, m) is None]
        if missing:
            raise CompareError(_("municipal plan(s) not in the store: {ids}").format(ids=", ".join(missing)))
        chosen = []
        for m in municipal:
            d = _find(docs, m)
            if d is not reg and all(d is not c for c in chosen):
                chosen.append(d)
        other = [d["doc_id"] for d in chosen if region and d.get("region") not in ("", region)]
        if other:
            warnings.append(_("not in {region}: {ids} (compared as asked)").format(
                region=region, ids=", ".join(other)))
        return chosen
    candidates = [d for d in docs if d is not reg and d.get("level") != "regional"]
    chosen = [d for d in candidates if not region or d.get("region") in ("", region)]
    other = [d for d in candidates if all(d is not c for c in chosen)]
    if other:
        warnings.append(_("left out, not in {region}: {ids}; name them with --municipal to compare "
                          "them anyway").format(region=region, ids=", ".join(
                              f"{d['doc_id']} ({d.get('region')})" for d in other)))
    return chosen


def load_plans(store, regional: str, municipal: list[str] | None = None) -> Plans:
    """The regional plan and the municipal plans from the store: current versions, one
    rendition each. Without `municipal`, every other plan whose level is not «regional» and
    whose region is the regional plan's (or unknown)."""
    from pipeline.store import compare_activities, compare_documents

    docs = compare_documents(store)
    reg_doc = _find(docs, regional)
    if reg_doc is None:
        raise CompareError(_("regional plan {id} is not in the store (has: {ids})").format(
            id=regional, ids=", ".join(d["doc_id"] for d in docs) or "—"))
    warnings: list[str] = []
    mun_docs = _choose_municipal(docs, reg_doc, municipal, warnings)
    if reg_doc.get("level") not in ("regional", ""):
        warnings.append(_("{id} is not a regional plan (level {level}); compared as the regional "
                          "plan").format(id=reg_doc["doc_id"], level=reg_doc["level"]))
    records = compare_activities(store, [d["document_pk"] for d in docs])
    items = {d["doc_id"]: items_of(d["doc_id"], records[d["document_pk"]]) for d in docs}
    plans = []
    for d in [reg_doc] + mun_docs:
        its = items[d["doc_id"]]
        if not its:
            warnings.append(_("{id}: no activity records in the store").format(id=d["doc_id"]))
        plans.append(Plan(d, its, document_period(d, its)))
    reg, muns = plans[0], plans[1:]
    for p in muns:
        p.period = p.period or reg.period
    for p in plans:
        attach_intervals(p.items, p.period)
    background = [it for its in items.values() for it in its]
    return Plans(reg, muns, background, warnings)


def compare(store, regional: str, municipal: list[str] | None = None,
            settings: dict | None = None, matcher: Matcher | None = None) -> Comparison:
    """Read the plans and the analyst's overrides from `store` and compare them."""
    from pipeline.store import compare_overrides

    settings = settings or load_settings()
    plans = load_plans(store, regional, municipal)
    c = compare_plans(plans.regional, plans.municipal, settings, matcher=matcher,
                      background=plans.background, warnings=plans.warnings)
    plan_id = plans.regional.doc.get("plan_id")
    if plan_id is not None:
        apply_overrides(c, compare_overrides(store, plan_id))
    return c


def apply_overrides(c: Comparison, overrides: list[dict]) -> None:
    """Put the analyst's statuses over the computed ones (the item found by its text, else
    by its key); `c.auto` keeps what the method said."""
    by_plan = {p.doc.get("plan_id"): p for p in c.municipal}
    for o in overrides:
        p = by_plan.get(o["municipal_plan_id"])
        if p is None or o["status"] not in STATUSES:
            continue
        text = fold(o["regional_activity"]).lower()
        it = (next((i for i in c.regional.items if text and i.activity.lower() == text), None)
              or next((i for i in c.regional.items if i.key == o["regional_item"]), None))
        if it is not None:
            c.statuses[(it.key, p.doc_id)] = o["status"]
            c.overrides[(it.key, p.doc_id)] = o


def compare_plans(reg: Plan, muns: list[Plan], settings: dict, matcher: Matcher | None = None,
                  background: list[Item] | None = None, warnings: list[str] | None = None
                  ) -> Comparison:
    """Score, judge and link every regional item against every municipal plan."""
    matcher = matcher or make_matcher(settings, [reg.doc] + [p.doc for p in muns])
    every = background or (reg.items + [it for p in muns for it in p.items])
    matcher.fit(every)
    ev = Evidence(matcher.settings)
    compared = reg.items + [it for p in muns for it in p.items]
    ev.fit(compared if ev.conf.get("idf_scope") == "compared" else every)
    reg_only = np.array([ev.regional_only(it) for it in reg.items], dtype=bool)
    c = Comparison(regional=reg, municipal=muns, settings=settings, links={}, best={}, local={},
                   warnings=list(warnings or []))
    for p in muns:
        _compare_one(c, p, matcher, ev, reg_only)
    c.auto = dict(c.statuses)
    return c


def _compare_one(c: Comparison, p: Plan, matcher: Matcher, ev: Evidence, reg_only: np.ndarray) -> None:
    reg, settings = c.regional, c.settings
    k = int(settings.get("max_links_per_item") or 0) or 10 ** 6
    earlier = int(settings.get("earlier_cycle_days") or 366)
    c.links[p.doc_id] = []
    if not reg.items or not p.items:
        for i, it in enumerate(reg.items):
            c.best[(it.key, p.doc_id)] = (None, 0.0)
            c.statuses[(it.key, p.doc_id)] = REGIONAL_ONLY if reg_only[i] else NOT_COVERED
        c.local[p.doc_id] = [(it, 0.0, None) for it in p.items]
        return
    s, comps = matcher.score(reg.items, p.items)
    level, obj, basis = ev.judge(reg.items, p.items, s, reg_only,
                                 same_level=matcher.level_factor(reg.items, p.items) >= 1.0)
    c.matrices[p.doc_id] = (s, obj, level)
    rank_key = level * 10.0 + s + obj
    linked = set()
    for i, r in enumerate(reg.items):
        j0 = int(np.argmax(s[i]))
        c.best[(r.key, p.doc_id)] = (p.items[j0], float(s[i, j0]))
        order = [int(j) for j in np.argsort(-rank_key[i], kind="stable")[:k] if level[i, j] > 0]
        top = level[i, order[0]] if order else 0
        c.statuses[(r.key, p.doc_id)] = (COVERED if top == 2 else PARTLY if top == 1 else
                                         REGIONAL_ONLY if reg_only[i] else NOT_COVERED)
        if order:
            c.best[(r.key, p.doc_id)] = (p.items[order[0]], float(s[i, order[0]]))
        for rank, j in enumerate(order, 1):
            m = p.items[j]
            status, days, riv, miv = item_lag(r, m, earlier)
            e = ev.explain(r, m, int(level[i, j]), obj[i, j], s[i, j], basis[i, j])
            c.links[p.doc_id].append(Link(
                reg=r, mun=m, score=float(s[i, j]), rank=rank,
                components={name: float(v[i, j]) for name, v in comps.items()},
                shared=matcher.shared_terms(r, m), lag_status=status, lag_days=days,
                reg_interval=riv, mun_interval=miv, evidence=e))
            linked.add(j)
    c.local[p.doc_id] = []
    for j, m in enumerate(p.items):
        if j not in linked:
            i = int(np.argmax(s[:, j]))
            c.local[p.doc_id].append((m, float(s[i, j]), reg.items[i]))
