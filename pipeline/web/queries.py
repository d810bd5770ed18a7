"""Paged, filtered reads of the store for the pages (SQL does the paging and sorting)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Text, and_, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from pipeline.store import ActivityRow, DeadlineInterval, DocumentRow

A, D, I = ActivityRow.__table__, DocumentRow.__table__, DeadlineInterval.__table__
PER_PAGE = 50
RECORD_SORTS = {"doc": (D.c.id, A.c.seq), "activity": (A.c.activity, A.c.id),
                "deadline": (A.c.deadline_raw, A.c.id), "responsible": (A.c.responsible_raw, A.c.id),
                "section": (A.c.section_no, A.c.seq), "municipality": (D.c.municipality, D.c.id, A.c.seq)}
DOCUMENT_SORTS = {"imported": D.c.id, "municipality": D.c.municipality, "level": D.c.level,
                  "period": D.c.period_start, "format": D.c.format}


def contains(store, column, needle: str):
    """Case-insensitive search that also folds Cyrillic on SQLite: the words of `needle` by
    prefix for the indexed record columns (search.py), a substring elsewhere."""
    needle = " ".join(needle.split()).lower()
    if store.backend == "sqlite":
        return func.instr(func.roadmaps_fold(column), needle) > 0
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike("%" + escaped + "%", escape="\\")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip()) if value else None
    except ValueError:
        return None


@dataclass
class RecordFilter:
    """The records table's filters, as read from the query string."""

    q: str = ""
    municipality: str = ""
    section: str = ""
    responsible: str = ""
    recurrence: str = ""
    date_from: str = ""
    date_to: str = ""
    check: bool = False
    document: int | None = None
    sort: str = "doc"
    desc: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, params) -> "RecordFilter":
        def num(name, default):
            try:
                return max(1, int(params.get(name) or default))
            except ValueError:
                return default
        doc = params.get("document") or ""
        return cls(q=params.get("q", "").strip(), municipality=params.get("municipality", "").strip(),
                   section=params.get("section", "").strip(),
                   responsible=params.get("responsible", "").strip(),
                   recurrence=params.get("recurrence", "").strip(),
                   date_from=params.get("date_from", "").strip(),
                   date_to=params.get("date_to", "").strip(), check=params.get("check") == "1",
                   document=int(doc) if doc.isdigit() else None,
                   sort=params.get("sort") if params.get("sort") in RECORD_SORTS else "doc",
                   desc=params.get("desc") == "1", page=num("page", 1))

    def params(self, **change) -> dict:
        """The query string for this filter with `change` applied (links for paging and sorting)."""
        d = {"q": self.q, "municipality": self.municipality, "section": self.section,
             "responsible": self.responsible, "recurrence": self.recurrence,
             "date_from": self.date_from, "date_to": self.date_to, "check": "1" if self.check else "",
             "document": self.document or "", "sort": self.sort, "desc": "1" if self.desc else "",
             "page": self.page}
        d.update(change)
        return {k: v for k, v in d.items() if v not in ("", None)}


def needs_checking_sql():
    """The records `pipeline.review.check_reasons` flags, as far as SQL can tell."""
    from pipeline.review import CONFIDENCE_THRESHOLD
    unsplit = and_(func.coalesce(A.c.responsible_raw, "") != "",
                   func.coalesce(cast(A.c.responsible, Text), "[]").in_(["[]", "null"]))
    found = [func.coalesce(A.c.deadline_warning, "") != "", unsplit]
    if "confidence" in A.c:            # columns other stages may add
        found.append(A.c.confidence < CONFIDENCE_THRESHOLD)
    if "check_reasons" in A.c:
        found.append(func.coalesce(cast(A.c.check_reasons, Text), "").not_in(["", "[]", "null"]))
    return or_(*found)


def _record_where(store, f: RecordFilter) -> tuple[list, object]:
    """(conditions, FROM clause) of the filter; word searches join the SQLite index."""
    from . import search
    where = [D.c.status == "imported"]
    where.append(D.c.id == f.document if f.document else D.c.is_current.is_(True))
    source = A.join(D, A.c.document_id == D.c.id)
    texts = [(c, n) for c, n in ((A.c.activity, f.q), (A.c.responsible_raw, f.responsible),
                                 (A.c.section_title, f.section)) if n]
    if texts and search.available(store):
        search.ensure_index(store)
        found = search.matching_ids([(c.name, n) for c, n in texts])
        if found is not None:
            source = source.join(found, found.c.id == A.c.id)
        texts = []
    for column, needle in texts:
        if column is A.c.section_title:
            where.append(or_(A.c.section_no == needle, contains(store, column, needle)))
        else:
            where.append(contains(store, column, needle))
    if f.municipality:
        where.append(contains(store, D.c.municipality, f.municipality))
    if f.recurrence:
        where.append(A.c.recurrence == f.recurrence)
    start, end = _date(f.date_from), _date(f.date_to)
    if start or end:
        cond = [I.c.activity_id == A.c.id]
        if start:
            cond.append(or_(I.c.end_date >= start, I.c.end_date.is_(None)))
        if end:
            cond.append(or_(I.c.start_date <= end, I.c.start_date.is_(None)))
        where.append(exists(select(I.c.id).where(*cond)))
    if f.check:
        where.append(needs_checking_sql())
    return where, source


def records_page(store, f: RecordFilter, per_page: int = PER_PAGE) -> tuple[list[dict], int]:
    """(rows of the page, total matching)."""
    where, source = _record_where(store, f)
    base = select(A.c.id).select_from(source).where(*where)
    keys = RECORD_SORTS[f.sort]
    order = [k.desc() for k in keys] if f.desc else list(keys)
    q = (select(A.c.id, A.c.seq, A.c.activity, A.c.deadline_raw, A.c.deadlines, A.c.recurrence,
                A.c.responsible_raw, A.c.responsible, A.c.section_no, A.c.section_title,
                A.c.deadline_warning, A.c.expected_result, A.c.source_page,
                D.c.id.label("doc_pk"), D.c.doc_id, D.c.municipality, D.c.format)
         .select_from(source).where(*where)
         .order_by(*order).limit(per_page).offset((f.page - 1) * per_page))
    with Session(store.engine) as s:
        total = s.scalar(select(func.count()).select_from(base.subquery()))
        rows = [dict(r._mapping) for r in s.execute(q)]
    return rows, total or 0


def corrections_of(store, ids: list[int]) -> dict[int, dict[str, str]]:
    """{activity id: {field: corrected value}} for the records `ids` (one query)."""
    from pipeline.store import Correction
    if not ids:
        return {}
    out: dict[int, dict[str, str]] = {}
    with Session(store.engine) as s:
        for aid, field, value in s.execute(
                select(Correction.activity_id, Correction.field, Correction.new_value)
                .where(Correction.activity_id.in_(ids), Correction.status == "active")
                .order_by(Correction.id)):
            out.setdefault(aid, {})[field] = value or ""
    return out


def municipalities(store) -> list[str]:
    with Session(store.engine) as s:
        return [m for m in s.scalars(select(D.c.municipality).where(D.c.status == "imported")
                                     .distinct().order_by(D.c.municipality)) if m]


DOCS_PER_PAGE = 100


def documents(store, params, page: int = 1, per_page: int = 2000) -> list[dict]:
    """Every document (all versions, failed ones too) with its record count, filtered; the
    `page`-th `per_page` of them."""
    q = select(D)
    if params.get("municipality"):
        q = q.where(contains(store, D.c.municipality, params["municipality"]))
    if params.get("level"):
        q = q.where(D.c.level == params["level"])
    if params.get("status"):
        q = q.where(D.c.status == params["status"])
    if params.get("format"):
        q = q.where(D.c.format == params["format"])
    if params.get("current") == "1":
        q = q.where(D.c.is_current.is_(True))
    key = DOCUMENT_SORTS.get(params.get("sort", ""), D.c.id)
    q = q.order_by(key.desc() if params.get("desc") == "1" else key, D.c.id)
    docs = q.limit(per_page).offset((page - 1) * per_page).subquery()
    n_act = select(func.count(A.c.id)).where(A.c.document_id == docs.c.id).scalar_subquery()
    with Session(store.engine) as s:
        return [dict(r._mapping) for r in s.execute(select(docs, n_act.label("records")))]



def document(store, pk: int) -> dict | None:
    with Session(store.engine) as s:
        r = s.execute(select(D).where(D.c.id == pk)).first()
        return dict(r._mapping) if r else None


def record(store, pk: int) -> dict | None:
    """One record with its document's columns (doc_* names)."""
    with Session(store.engine) as s:
        r = s.execute(select(A, D.c.doc_id.label("doc_doc_id"), D.c.format.label("doc_format"),
                             D.c.source_file.label("doc_source_file"), D.c.sha256.label("doc_sha256"),
                             D.c.municipality.label("doc_municipality"), D.c.status.label("doc_status"))
                      .join(D, A.c.document_id == D.c.id).where(A.c.id == pk)).first()
        return dict(r._mapping) if r else None


def document_records(store, pk: int) -> list[dict]:
    with Session(store.engine) as s:
        return [dict(r._mapping) for r in s.execute(select(A).where(A.c.document_id == pk)
                                                    .order_by(A.c.seq))]


def renditions(store, doc: dict) -> list[dict]:
    """The document and the other renditions of its plan version (the DOCX and its PDF):
    a correction of one holds for the others (`pipeline.overrides.apply`)."""
    if doc.get("plan_id") is None:
        return [dict(doc)]
    with Session(store.engine) as s:
        rows = [dict(r._mapping) for r in s.execute(
            select(D).where(D.c.plan_id == doc["plan_id"], D.c.status == "imported",
                            D.c.version == doc.get("version") if doc.get("version") is not None
                            else D.c.version.is_(None)).order_by(D.c.id))]
    if not any(r["id"] == doc["id"] for r in rows):
        rows.append(dict(doc))
    return rows
