"""What `roadmaps compare` reads from the store, and the analysts' overrides it keeps."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import schema
from .tables import utcnow, DocumentRow, ActivityRow, DeadlineInterval, CompareOverride

if TYPE_CHECKING:
    from .core import Store


def compare_documents(store: Store) -> list[dict]:
    """One row per current plan version, for `roadmaps compare`: the rendition read is the
    DOCX when there is one (else the first imported), `aliases` the doc_ids of all its
    renditions (the PDF of a DOCX is the same plan version, never a second municipality)."""
    by_version: dict[tuple, list[dict]] = {}
    for d in store.document_rows(current_only=True):
        key = (d["plan_id"], d["version"]) if d["plan_id"] is not None else ("doc", d["doc_id"])
        by_version.setdefault(key, []).append(d)
    with Session(store.engine) as s:
        pks = dict(s.execute(select(DocumentRow.sha256, DocumentRow.id)).all())
    out = []
    for docs in by_version.values():
        chosen = min(docs, key=lambda d: (str(d["format"]).lower() != "docx", pks.get(d["sha256"], 0)))
        out.append(dict(chosen, document_pk=pks.get(chosen["sha256"]),
                        aliases=[d["doc_id"] for d in docs]))
    return out


def compare_activities(store: Store, document_pks: list[int]) -> dict[int, list[dict]]:
    """Typed activity records of the given documents, in seq order, each with its stored
    deadline intervals [(start, end)] (open ends None) and its lists as lists."""
    out: dict[int, list[dict]] = {pk: [] for pk in document_pks}
    if not document_pks:
        return out
    with Session(store.engine) as s:
        acts = s.scalars(select(ActivityRow).where(ActivityRow.document_id.in_(document_pks))
                         .order_by(ActivityRow.document_id, ActivityRow.seq)).all()
        ivs: dict[int, list[tuple]] = {}
        ids = [a.id for a in acts]
        for chunk in range(0, len(ids), 900):
            for aid, start, end in s.execute(
                    select(DeadlineInterval.activity_id, DeadlineInterval.start_date,
                           DeadlineInterval.end_date)
                    .where(DeadlineInterval.activity_id.in_(ids[chunk:chunk + 900]))
                    .order_by(DeadlineInterval.activity_id, DeadlineInterval.position)):
                ivs.setdefault(aid, []).append((start, end))
        for a in acts:
            row = {f.name: _typed(f, getattr(a, f.name)) for f in _COMPARED}
            out[a.document_id].append(dict(row, intervals=ivs.get(a.id, [])))
    return out


_COMPARED = [f for f in schema.ACTIVITY if f.name in (
    "seq", "table", "section_no", "section_title", "item_no", "activity", "expected_result",
    "deadline_raw", "deadlines", "months", "recurrence", "responsible")]


def _typed(f: "schema.Field", value):
    """A stored value as its record type: a list as a list, a missing text as ''."""
    if f.type is list:
        return list(value or [])
    return "" if value is None and f.type is str else value


def save_compare_override(store: Store, regional_plan_id: int, municipal_plan_id: int,
                          regional_item: str, regional_activity: str, status: str | None,
                          note: str = "") -> None:
    """Set (replace) the analyst's status of one regional item for one municipal plan;
    status None removes it (the method's status applies again)."""
    with Session(store._writer) as s, s.begin():
        s.execute(delete(CompareOverride).where(
            CompareOverride.regional_plan_id == regional_plan_id,
            CompareOverride.municipal_plan_id == municipal_plan_id,
            CompareOverride.regional_item == regional_item))
        if status is None:
            return
        s.add(CompareOverride(regional_plan_id=regional_plan_id, municipal_plan_id=municipal_plan_id,
                              regional_item=regional_item, regional_activity=regional_activity,
                              status=status, note=note, created_at=utcnow()))


def compare_overrides(store: Store, regional_plan_id: int) -> list[dict]:
    """The analyst's statuses for items of this regional plan, oldest first."""
    with Session(store.engine) as s:
        rows = s.scalars(select(CompareOverride).where(
            CompareOverride.regional_plan_id == regional_plan_id).order_by(CompareOverride.id))
        return [{"municipal_plan_id": r.municipal_plan_id, "regional_item": r.regional_item,
                 "regional_activity": r.regional_activity, "status": r.status, "note": r.note or ""}
                for r in rows]
