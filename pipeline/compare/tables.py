"""The comparison as table rows and CSV files (coverage, links, sections, local initiatives)."""
from __future__ import annotations

import os
from collections import Counter

import numpy as np

from pipeline.export import write_csv

from .evidence import COVERED, NOT_COVERED, PARTLY, REGIONAL_ONLY
from .items import Item
from .matching import Comparison, Link
from .periods import EARLIER, LATE, NO_DATE, ON_TIME, fmt_interval, fmt_intervals

COVERAGE_COLUMNS = [
    "regional_doc", "regional_item", "section_no", "section_title", "regional_activity",
    "regional_deadline_raw", "regional_deadlines", "municipal_doc", "municipality", "status",
    "score", "best_match", "best_match_item", "best_match_section", "best_match_responsible",
    "best_match_deadline_raw", "best_match_deadlines", "lag_status", "lag_days", "links",
    "auto_status", "override_note", "evidence_action", "evidence_object", "object_score",
]
LINK_COLUMNS = [
    "regional_doc", "regional_item", "section_no", "regional_activity", "municipal_doc",
    "municipality", "municipal_item", "municipal_section", "municipal_activity", "score",
    "rank", "method_scores", "shared_terms", "regional_deadlines", "municipal_deadlines",
    "municipal_deadline_raw", "municipal_responsible", "lag_status", "lag_days",
    "regional_interval", "municipal_interval", "evidence", "evidence_action", "evidence_object",
    "object_score", "evidence_basis",
]
SECTION_COLUMNS = [
    "regional_doc", "section_no", "section_title", "municipal_doc", "municipality", "items",
    "covered", "partly", "not_covered", "coverage", "linked_activities", "matched_sections",
    "regional_only",
]
LOCAL_COLUMNS = [
    "municipal_doc", "municipality", "municipal_item", "section_no", "section_title",
    "activity", "deadline_raw", "responsible", "best_score", "best_regional_item",
]


def _r(x: float) -> str:
    return f"{x:.3f}"


def _evidence(l: Link | None) -> dict:
    e = l.evidence if l is not None else None
    if e is None:
        return {"evidence_action": "", "evidence_object": "", "object_score": ""}
    return {"evidence_action": "; ".join(e.actions), "evidence_object": "; ".join(e.object_terms),
            "object_score": _r(e.object_score)}


def coverage_rows(c: Comparison) -> list[dict]:
    rows = []
    for r in c.regional.items:
        for p in c.municipal:
            m, score = c.best[(r.key, p.doc_id)]
            ls = c.links_of(r, p.doc_id)
            top = ls[0] if ls else None
            o = c.overrides.get((r.key, p.doc_id))
            rows.append({
                "regional_doc": c.regional.doc_id, "regional_item": r.key,
                "section_no": r.section_no, "section_title": r.section_title,
                "regional_activity": r.activity, "regional_deadline_raw": r.deadline_text(),
                "regional_deadlines": fmt_intervals(r.intervals, 20),
                "municipal_doc": p.doc_id, "municipality": p.name,
                "status": c.status_of(r, p.doc_id), "score": _r(score),
                "best_match": m.activity if m is not None else "",
                "best_match_item": m.key if m is not None else "",
                "best_match_section": (m.section_title if m is not None else ""),
                "best_match_responsible": "; ".join(m.responsible) if m is not None else "",
                "best_match_deadline_raw": m.deadline_text() if m is not None else "",
                "best_match_deadlines": fmt_intervals(m.intervals) if m is not None else "",
                "lag_status": top.lag_status if top else "",
                "lag_days": top.lag_days if top and top.lag_days is not None else "",
                "links": len(ls), "auto_status": c.auto.get((r.key, p.doc_id), ""),
                "override_note": (o.get("note") or "override") if o else "",
                **_evidence(top),
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
                "evidence": COVERED if l.evidence and l.evidence.level == 2 else PARTLY,
                **_evidence(l),
                "evidence_basis": l.evidence.basis if l.evidence else "",
            })
    return rows


def regional_sections(c: Comparison) -> list[tuple[str, str, list[Item]]]:
    out: dict[str, tuple[str, list[Item]]] = {}
    for it in c.regional.items:
        sec = out.setdefault(it.section, (it.section_title, []))
        sec[1].append(it)
    return [(no, title, its) for no, (title, its) in out.items()]


def share(covered: int, partly: int, must_act: int) -> float:
    """Coverage in 0..1: covered items count 1, partly ½, of the items to act on."""
    return (covered + 0.5 * partly) / must_act if must_act else 0.0


def section_rows(c: Comparison) -> list[dict]:
    rows = []
    for no, title, its in regional_sections(c):
        for p in c.municipal:
            st = Counter(c.status_of(it, p.doc_id) for it in its)
            linked = [l for l in c.links[p.doc_id] if l.reg.section == no]
            secs = Counter(l.mun.section_title or "—" for l in linked)
            rows.append({
                "regional_doc": c.regional.doc_id, "section_no": no, "section_title": title,
                "municipal_doc": p.doc_id, "municipality": p.name, "items": len(its),
                "covered": st[COVERED], "partly": st[PARTLY], "not_covered": st[NOT_COVERED],
                "coverage": _r(share(st[COVERED], st[PARTLY], len(its) - st[REGIONAL_ONLY])),
                "linked_activities": len({id(l.mun) for l in linked}),
                "matched_sections": "; ".join(f"{s} ({n})" for s, n in secs.most_common(3)),
                "regional_only": st[REGIONAL_ONLY],
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
    for p in c.municipal:
        st = Counter(c.status_of(it, p.doc_id) for it in c.regional.items)
        tops = [ls[0] for it in c.regional.items
                if c.status_of(it, p.doc_id) in (COVERED, PARTLY) and (ls := c.links_of(it, p.doc_id))]
        lag = Counter(l.lag_status for l in tops)
        late_days = [l.lag_days for l in tops if l.lag_status == LATE]
        must = len(c.regional.items) - st[REGIONAL_ONLY]
        rows.append({
            "municipal_doc": p.doc_id, "municipality": p.name,
            "period": f"{p.period[0]}–{p.period[1]}" if p.period else "",
            "activities": len(p.items), "covered": st[COVERED], "partly": st[PARTLY],
            "not_covered": st[NOT_COVERED], "regional_only": st[REGIONAL_ONLY], "must_act": must,
            "coverage": round(100 * share(st[COVERED], st[PARTLY], must), 1),
            "links": len(c.links[p.doc_id]), "local_initiatives": len(c.local[p.doc_id]),
            "on_time": lag[ON_TIME], "late": lag[LATE], "earlier": lag[EARLIER],
            "no_date": lag[NO_DATE],
            "median_late_days": int(np.median(late_days)) if late_days else "",
        })
    return rows


def write_outputs(c: Comparison, out_dir: str) -> dict[str, int]:
    """coverage.csv, links.csv, sections.csv, local_initiatives.csv (the shared CSV writer)
    and report.html; returns the row count of each CSV (and 1 for the report)."""
    from .report import render_report

    os.makedirs(out_dir, exist_ok=True)
    counts = {}
    for name, columns, rows in (("coverage.csv", COVERAGE_COLUMNS, coverage_rows(c)),
                                ("links.csv", LINK_COLUMNS, link_rows(c)),
                                ("sections.csv", SECTION_COLUMNS, section_rows(c)),
                                ("local_initiatives.csv", LOCAL_COLUMNS, local_rows(c))):
        counts[name] = write_csv(os.path.join(out_dir, name), columns, rows)
    path = os.path.join(out_dir, "report.html")
    with open(path + ".part", "w", encoding="utf-8") as fh:
        fh.write(render_report(c))
    os.replace(path + ".part", path)
    counts["report.html"] = 1
    return counts
