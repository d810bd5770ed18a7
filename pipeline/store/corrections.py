"""The analysts' corrections of records (kept apart, overlaid on reading) and the users."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from normalizers.lang.fold import fold_key as _fold

from .. import schema
from .tables import utcnow, DocumentRow, ActivityRow, User, Correction

if TYPE_CHECKING:
    from .core import Store


# ----------------------------------------------------------------------------- corrections, users
# (the analyst's workbench, pipeline/web): a correction is kept apart from the extracted value,
# with who and when; `activity_rows()` overlays the latest correction of each field, so the
# CSVs, the workbook, `roadmaps export` and the comparison all read corrected values.


EDITABLE_FIELDS = tuple(schema.names(schema.ACTIVITY, editable=True))
EXCLUDED = "__excluded__"      # new_value "1": the record is not an activity (left out of outputs)
ADDED = "__added__"            # the record was added by an analyst (new_value: its fields, JSON)


def _anchor(activity: str | None, year: str | None) -> str:
    return _fold(activity) + "\x1f" + _fold(year)


def _as_text(a: "ActivityRow", name: str):
    """A stored field of a record as the CSV shows it."""
    return schema.csv_value(_ACTIVITY_FIELDS[name], getattr(a, name))


_ACTIVITY_FIELDS = schema.by_name(schema.ACTIVITY)


def overlay_corrections(store: "Store", rows: list[dict], ids: list[int]) -> list[dict]:
    """`rows` (activity_rows() dicts, `ids` their activities.id) with the analysts'
    corrections applied; records marked «not an activity» left out."""
    carry_corrections(store)
    with Session(store.engine) as s:
        found = s.execute(select(Correction.activity_id, Correction.field, Correction.new_value)
                          .where(Correction.status == "active", Correction.activity_id.isnot(None))
                          .order_by(Correction.id)).all()
    if not found:
        return rows
    latest: dict[int, dict] = {}
    for activity_id, field, value in found:
        latest.setdefault(activity_id, {})[field] = value
    out = []
    for row, activity_id in zip(rows, ids):
        changes = latest.get(activity_id)
        if changes:
            if changes.get(EXCLUDED) == "1":
                continue
            row = dict(row, **{f: v or "" for f, v in changes.items() if f in EDITABLE_FIELDS})
        out.append(row)
    return out


def record_corrections(store: "Store", activity_id: int) -> dict[str, str]:
    """{field: corrected value} of one record (latest active correction per field)."""
    with Session(store.engine) as s:
        found = s.execute(select(Correction.field, Correction.new_value)
                          .where(Correction.activity_id == activity_id,
                                 Correction.status == "active").order_by(Correction.id)).all()
    return {f: v or "" for f, v in found}


def correct_record(store: "Store", activity_id: int, changes: dict[str, str], user: str) -> int:
    """Store the fields of `changes` that differ from the record's current value; how many."""
    current = record_corrections(store, activity_id)
    n = 0
    with Session(store._writer) as s, s.begin():
        a = s.get(ActivityRow, activity_id)
        if a is None:
            raise KeyError(activity_id)
        for field, new in changes.items():
            if field not in EDITABLE_FIELDS and field != EXCLUDED:
                continue
            old = current[field] if field in current else (
                "0" if field == EXCLUDED else _as_text(a, field))
            new = "" if new is None else str(new)
            if new == old:
                continue
            s.add(Correction(activity_id=a.id, document_id=a.document_id, table_index=a.table_index,
                             row_index=a.row_index, anchor=_anchor(a.activity, a.year), field=field,
                             old_value=old, new_value=new, username=user))
            n += 1
    return n


def add_record(store: "Store", document_pk: int, fields: dict[str, str], user: str) -> int:
    """A record the extractor missed, added to a document; its activities.id."""
    import json
    with Session(store._writer) as s, s.begin():
        return _insert_added(s, document_pk, fields, user, json.dumps(fields, ensure_ascii=False))


def _insert_added(s: Session, document_pk: int, fields: dict, user: str, payload: str,
                  when=None, carried_from: int | None = None) -> int:
    seq = (s.scalar(select(func.max(ActivityRow.seq)).where(ActivityRow.document_id == document_pk))
           or 0) + 1
    values = {f: fields.get(f, "") for f in EDITABLE_FIELDS
              if f not in ("deadlines", "months", "responsible")}
    values["responsible"] = [p.strip() for p in str(fields.get("responsible", "")).split(";")
                             if p.strip()]
    values["deadlines"] = [p.strip() for p in str(fields.get("deadlines", "")).split(";") if p.strip()]
    a = ActivityRow(document_id=document_pk, seq=seq, table="", **values)
    s.add(a)
    s.flush()
    s.add(Correction(activity_id=a.id, document_id=document_pk, anchor=_anchor(a.activity, a.year),
                     field=ADDED, old_value="", new_value=payload, username=user,
                     created_at=when or utcnow(), carried_from=carried_from))
    return a.id


def record_history(store: "Store", activity_id: int) -> list[dict]:
    """Every change of one record, oldest first (carried ones keep their first author)."""
    with Session(store.engine) as s:
        return [{"field": c.field, "old": c.old_value, "new": c.new_value, "user": c.username,
                 "when": c.created_at, "carried": c.carried_from is not None}
                for c in s.scalars(select(Correction).where(Correction.activity_id == activity_id)
                                   .order_by(Correction.id))]


def unplaced_corrections(store: "Store", document_pk: int) -> list[dict]:
    """Corrections of an older version that found no record in this document."""
    with Session(store.engine) as s:
        return [{"field": c.field, "old": c.old_value, "new": c.new_value, "user": c.username,
                 "when": c.created_at, "anchor": (c.anchor or "").split("\x1f")[0],
                 "table_index": c.table_index, "row_index": c.row_index}
                for c in s.scalars(select(Correction).where(Correction.carried_to == document_pk,
                                                            Correction.status == "unplaced")
                                   .order_by(Correction.id))]


def carry_corrections(store: "Store") -> int:
    """Carry the active corrections of superseded versions to their plan's current document(s),
    matching records by table position and text (else by text alone, when unique); those that
    find no record are kept as «unplaced» on the new document. Idempotent; how many moved."""
    with Session(store.engine) as s:
        stale = s.execute(select(Correction.id, Correction.document_id)
                          .join(DocumentRow, DocumentRow.id == Correction.document_id)
                          .where(Correction.status == "active", DocumentRow.is_current.is_(False),
                                 DocumentRow.status == "imported")).all()
    if not stale:
        return 0
    moved = 0
    with Session(store._writer) as s, s.begin():
        for old_doc in sorted({d for _, d in stale}):
            plan_id = s.scalar(select(DocumentRow.plan_id).where(DocumentRow.id == old_doc))
            targets = s.scalars(select(DocumentRow.id).where(
                DocumentRow.plan_id == plan_id, DocumentRow.is_current.is_(True),
                DocumentRow.status == "imported", DocumentRow.id != old_doc)).all()
            corrections = s.scalars(select(Correction).where(Correction.document_id == old_doc,
                                                             Correction.status == "active")
                                    .order_by(Correction.id)).all()
            for target in targets:
                moved += _carry_into(s, corrections, target)
            for c in corrections:
                if c.status == "active":
                    c.status = "carried" if targets else c.status
    return moved


def _carry_into(s: Session, corrections: list, target: int) -> int:
    rows = s.execute(select(ActivityRow.id, ActivityRow.table_index, ActivityRow.row_index,
                            ActivityRow.activity, ActivityRow.year)
                     .where(ActivityRow.document_id == target)).all()
    by_place = {(r.table_index, r.row_index, _anchor(r.activity, r.year)): r.id for r in rows}
    by_text = Counter(_anchor(r.activity, r.year) for r in rows)
    text_id = {_anchor(r.activity, r.year): r.id for r in rows}
    placed, moved = {}, 0
    for c in corrections:
        if c.field == ADDED:
            import json
            new_id = _insert_added(s, target, json.loads(c.new_value or "{}"), c.username,
                                   c.new_value, when=c.created_at, carried_from=c.id)
            placed[c.activity_id] = new_id
            c.status, c.carried_to = "carried", target
            moved += 1
            continue
        new_id = placed.get(c.activity_id) or by_place.get((c.table_index, c.row_index, c.anchor))
        if new_id is None and by_text.get(c.anchor) == 1:
            new_id = text_id[c.anchor]
        c.carried_to = target
        if new_id is None:
            c.status = "unplaced"
            continue
        s.add(Correction(activity_id=new_id, document_id=target, table_index=c.table_index,
                         row_index=c.row_index, anchor=c.anchor, field=c.field,
                         old_value=c.old_value, new_value=c.new_value, username=c.username,
                         created_at=c.created_at, carried_from=c.id))
        c.status = "carried"
        moved += 1
    return moved


def add_user(store: "Store", name: str, password_hash: str, role: str) -> None:
    """Create or update a user (the hash made by pipeline.web.auth)."""
    with Session(store._writer) as s, s.begin():
        user = s.scalar(select(User).where(User.name == name))
        if user is None:
            s.add(User(name=name, password_hash=password_hash, role=role))
        else:
            user.password_hash, user.role = password_hash, role


def get_user(store: "Store", name: str) -> dict | None:
    with Session(store.engine) as s:
        u = s.scalar(select(User).where(User.name == name))
        return None if u is None else {"name": u.name, "role": u.role, "hash": u.password_hash}


def count_users(store: "Store") -> int:
    with Session(store.engine) as s:
        return s.scalar(select(func.count(User.id))) or 0
