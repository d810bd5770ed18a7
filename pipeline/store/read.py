"""Reading the store back: the rows of the CSVs (current versions), plan versions, counts."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import schema
from .tables import Base, Plan, DocumentRow, ActivityRow, IndicatorRow
from .corrections import overlay_corrections


class _WithDocId:
    """A stored activity or indicator row seen with its document's doc_id (for `csv_row`)."""

    def __init__(self, row, doc_id: str):
        self._row, self.doc_id = row, doc_id

    def __getattr__(self, name):
        return getattr(self._row, name)


class Reading:
    """The store's part that reads documents, activities and indicators back."""

    # ------------------------------------------------------------------ reading back

    def _documents_query(self, current_only: bool):
        q = select(DocumentRow).where(DocumentRow.status == "imported")
        if current_only:
            q = q.where(DocumentRow.is_current.is_(True))
        return q

    def document_rows(self, current_only: bool = True) -> list[dict]:
        """documents.csv rows, in import order: the current version of each plan (or all);
        `plan_id`, `version` and `current` come after the CSV's columns."""
        docs = self._documents_query(current_only).subquery()
        n_act = (select(func.count(ActivityRow.id)).where(ActivityRow.document_id == docs.c.id)
                 .scalar_subquery())
        n_ind = (select(func.count(IndicatorRow.id)).where(IndicatorRow.document_id == docs.c.id)
                 .scalar_subquery())
        with Session(self.engine) as s:
            out = []
            for d in s.execute(select(docs, n_act.label("records"), n_ind.label("indicators"))
                               .order_by(docs.c.id)):
                out.append(dict(schema.csv_row(schema.DOCUMENT, d), plan_id=d.plan_id,
                                version=d.version, current=int(bool(d.is_current))))
            from ..overrides import apply as apply_overrides   # the analyst's corrections
            return apply_overrides(out)

    def activity_rows(self, current_only: bool = True) -> list[dict]:
        """activities.csv rows: documents in import order, records in seq order."""
        docs = self._documents_query(current_only).subquery()
        with Session(self.engine) as s:
            q = (select(ActivityRow, docs.c.doc_id).join(docs, ActivityRow.document_id == docs.c.id)
                 .order_by(docs.c.id, ActivityRow.seq))
            out, ids = [], []
            for a, doc_id in s.execute(q):
                ids.append(a.id)
                out.append(schema.csv_row(schema.ACTIVITY, _WithDocId(a, doc_id)))
        return overlay_corrections(self, out, ids)

    def indicator_rows(self, current_only: bool = True) -> list[dict]:
        docs = self._documents_query(current_only).subquery()
        with Session(self.engine) as s:
            q = (select(IndicatorRow, docs.c.doc_id).join(docs, IndicatorRow.document_id == docs.c.id)
                 .order_by(docs.c.id, IndicatorRow.position, IndicatorRow.id))
            return [schema.csv_row(schema.INDICATOR, _WithDocId(i, doc_id)) for i, doc_id in s.execute(q)]

    def plan_versions(self) -> list[dict]:
        """Every plan with its versions (all files, old versions included), for inspection."""
        with Session(self.engine) as s:
            out = []
            for p in s.scalars(select(Plan).order_by(Plan.id)):
                docs = s.execute(select(DocumentRow.doc_id, DocumentRow.sha256, DocumentRow.version,
                                        DocumentRow.is_current, DocumentRow.imported_at)
                                 .where(DocumentRow.plan_id == p.id, DocumentRow.status == "imported")
                                 .order_by(DocumentRow.version, DocumentRow.id)).all()
                out.append({"plan_id": p.id, "level": p.level, "region": p.region,
                            "municipality": p.municipality, "period_start": p.period_start,
                            "period_end": p.period_end, "current_version": p.current_version,
                            "documents": [dict(r._mapping) for r in docs]})
            return out

    def counts(self) -> dict[str, int]:
        """Rows per table (for reports and tests)."""
        with Session(self.engine) as s:
            return {t.name: s.scalar(select(func.count()).select_from(t))
                    for t in Base.metadata.sorted_tables}
