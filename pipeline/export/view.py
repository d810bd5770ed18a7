"""What the outputs show: the current plans of the store, one rendition per plan version.

The store keeps the DOCX and the PDF of one plan version as two renditions of that version
(same plan, same version, both current). An analyst must see the plan once: the richer
rendition (more records and indicator values; the DOCX on a tie, its text is exact) is
kept, the others are listed as `also_as` of the kept one, for the check sheet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FORMAT_PREFERENCE = {"docx": 0, "xlsx": 1, "odt": 2, "doc": 3, "rtf": 4, "pdf": 5}


@dataclass
class View:
    """Rows of the current plans, renditions folded: what the CSVs and the workbook show."""

    documents: list[dict]
    activities: list[dict]
    indicators: list[dict]
    also_as: dict[str, list[dict]] = field(default_factory=dict)   # kept doc_id → other renditions


def _richness(doc: dict, position: int) -> tuple:
    records = int(doc.get("records") or 0) + int(doc.get("indicators") or 0)
    return (-records, FORMAT_PREFERENCE.get(str(doc.get("format") or "").lower(), 9), position)


def fold_renditions(documents: list[dict]) -> tuple[list[dict], dict[str, list[dict]]]:
    """(the documents to show, in their order; kept doc_id → the renditions left out)."""
    groups: dict[tuple, list[tuple[int, dict]]] = {}
    for k, d in enumerate(documents):
        plan, version = d.get("plan_id"), d.get("version")
        key = (plan, version) if plan is not None and version is not None else ("doc", k)
        groups.setdefault(key, []).append((k, d))
    keep: set[int] = set()
    also_as: dict[str, list[dict]] = {}
    for members in groups.values():
        best_k, best = min(members, key=lambda kd: _richness(kd[1], kd[0]))
        keep.add(best_k)
        others = [d for k, d in members if k != best_k]
        if others:
            also_as[best["doc_id"]] = others
    return [d for k, d in enumerate(documents) if k in keep], also_as


def current_view(store, fold: bool = True) -> View:
    """The store's current plans (overrides applied by the store), renditions folded."""
    documents = store.document_rows()
    also_as: dict[str, list[dict]] = {}
    if fold:
        documents, also_as = fold_renditions(documents)
    shown = {d["doc_id"] for d in documents}
    activities = [a for a in store.activity_rows() if a["doc_id"] in shown]
    indicators = [i for i in store.indicator_rows() if i["doc_id"] in shown]
    return View(documents, activities, indicators, also_as)
