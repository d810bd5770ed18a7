"""The SQL store (SQLAlchemy 2.x): every plan ever received, queryable across plans.

SQLite file by default (`data/processed/roadmaps.db`), any server through `DATABASE_URL`
or `--db` (PostgreSQL in production). The schema is created on start.
"""
from __future__ import annotations

import datetime as dt
import os

from sqlalchemy import (JSON, Column, Date, DateTime, ForeignKey, Integer, String, Text,
                        create_engine, select)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, relationship

DEFAULT_URL_TEMPLATE = "sqlite:///{out}/roadmaps.db"


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"
    id = Column(Integer, primary_key=True)
    doc_id = Column(String(200), nullable=False, index=True)
    source_file = Column(Text, nullable=False)
    sha256 = Column(String(64), nullable=False, unique=True)
    size = Column(Integer)
    format = Column(String(10))
    pages = Column(Integer)
    title = Column(Text)
    level = Column(String(20))
    region = Column(String(200), index=True)
    municipality = Column(String(300), index=True)
    issuer = Column(Text)
    approved_date = Column(String(10))
    approved_number = Column(String(100))
    period_start = Column(Integer)
    period_end = Column(Integer)
    status = Column(String(20), default="imported")
    error = Column(Text, default="")
    warnings = Column(Text, default="")
    imported_at = Column(DateTime, default=dt.datetime.utcnow)
    activities = relationship("ActivityRow", back_populates="document", cascade="all, delete-orphan")
    indicators = relationship("IndicatorRow", back_populates="document", cascade="all, delete-orphan")


class ActivityRow(Base):
    __tablename__ = "activities"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False)
    seq = Column(Integer, nullable=False)
    table = Column("table_id", String(50))
    section_no = Column(String(20))
    section_title = Column(Text)
    item_no = Column(String(30))
    activity = Column(Text)
    year = Column(String(10))
    expected_result = Column(Text)
    deadline_raw = Column(Text)
    deadlines = Column(JSON)
    months = Column(JSON)
    recurrence = Column(String(20), index=True)
    responsible_raw = Column(Text)
    responsible = Column(JSON)
    responsible_expanded = Column(JSON)
    responsible_kinds = Column(JSON)
    report_form = Column(Text)
    source_page = Column(Integer)
    deadline_warning = Column(Text)
    table_index = Column(Integer)
    row_index = Column(Integer)
    document = relationship("DocumentRow", back_populates="activities")


class IndicatorRow(Base):
    __tablename__ = "indicators"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False)
    indicator = Column(Text)
    unit = Column(String(50))
    year = Column(String(10))
    value = Column(String(100))
    document = relationship("DocumentRow", back_populates="indicators")


def default_url(out_dir: str) -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL_TEMPLATE.format(out=os.path.abspath(out_dir))


class Store:
    """Open (and create) the store at `url`."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = create_engine(url, future=True)
        Base.metadata.create_all(self.engine)

    def has_sha(self, sha256: str) -> bool:
        with Session(self.engine) as s:
            return s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256)) is not None

    def load(self, rec) -> str:
        """Store one DocumentRecord in one transaction; 'imported' or 'already imported'."""
        with Session(self.engine) as s, s.begin():
            if s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == rec.sha256)) is not None:
                return "already imported"
            m = rec.meta
            d = DocumentRow(doc_id=rec.doc_id, source_file=rec.source_file, sha256=rec.sha256,
                            size=rec.size, format=rec.format, pages=rec.pages, title=m.title,
                            level=m.level, region=m.region, municipality=m.municipality,
                            issuer=m.issuer, approved_date=m.approved_date,
                            approved_number=m.approved_number, period_start=m.period_start,
                            period_end=m.period_end, warnings=" | ".join(rec.warnings))
            for a in rec.activities:
                d.activities.append(ActivityRow(
                    seq=a.seq, table=a.table, section_no=a.section_no, section_title=a.section_title,
                    item_no=a.item_no, activity=a.activity, year=a.year,
                    expected_result=a.expected_result, deadline_raw=a.deadline_raw,
                    deadlines=a.deadlines, months=a.months, recurrence=a.recurrence,
                    responsible_raw=a.responsible_raw, responsible=a.responsible,
                    responsible_expanded=a.responsible_expanded, responsible_kinds=a.responsible_kinds,
                    report_form=a.report_form, source_page=a.source_page,
                    deadline_warning=a.deadline_warning, table_index=a.table_index,
                    row_index=a.row_index))
            for i in rec.indicators:
                d.indicators.append(IndicatorRow(indicator=i.indicator, unit=i.unit, year=i.year, value=i.value))
            s.add(d)
        return "imported"

    # ------------------------------------------------------------------ reading back

    def document_rows(self) -> list[dict]:
        """documents.csv rows, in import order."""
        with Session(self.engine) as s:
            out = []
            for d in s.scalars(select(DocumentRow).order_by(DocumentRow.id)):
                out.append({
                    "doc_id": d.doc_id, "source_file": d.source_file, "sha256": d.sha256,
                    "title": d.title or "", "level": d.level or "", "region": d.region or "",
                    "municipality": d.municipality or "", "issuer": d.issuer or "",
                    "approved_date": d.approved_date or "", "approved_number": d.approved_number or "",
                    "period_start": d.period_start if d.period_start is not None else "",
                    "period_end": d.period_end if d.period_end is not None else "",
                    "format": d.format or "", "pages": d.pages if d.pages is not None else "",
                    "tables": "", "records": len(d.activities), "indicators": len(d.indicators),
                    "warnings": d.warnings or "",
                })
            return out

    def activity_rows(self) -> list[dict]:
        """activities.csv rows: documents in import order, records in seq order."""
        def joined(v):
            return "; ".join(str(x) for x in v) if v else ""
        with Session(self.engine) as s:
            q = (select(ActivityRow, DocumentRow.doc_id).join(DocumentRow)
                 .order_by(DocumentRow.id, ActivityRow.seq))
            out = []
            for a, doc_id in s.execute(q):
                out.append({
                    "doc_id": doc_id, "seq": a.seq, "table": a.table or "",
                    "section_no": a.section_no or "", "section_title": a.section_title or "",
                    "item_no": a.item_no or "", "activity": a.activity or "", "year": a.year or "",
                    "expected_result": a.expected_result or "", "deadline_raw": a.deadline_raw or "",
                    "deadlines": joined(a.deadlines), "months": joined(a.months),
                    "recurrence": a.recurrence or "", "responsible_raw": a.responsible_raw or "",
                    "responsible": joined(a.responsible), "report_form": a.report_form or "",
                    "source_page": a.source_page if a.source_page is not None else "",
                    "responsible_expanded": joined(a.responsible_expanded),
                    "responsible_kinds": joined(a.responsible_kinds),
                    "deadline_warning": a.deadline_warning or "",
                })
            return out

    def indicator_rows(self) -> list[dict]:
        with Session(self.engine) as s:
            q = (select(IndicatorRow, DocumentRow.doc_id).join(DocumentRow)
                 .order_by(DocumentRow.id, IndicatorRow.id))
            return [{"doc_id": doc_id, "indicator": i.indicator, "unit": i.unit, "year": i.year,
                     "value": i.value} for i, doc_id in s.execute(q)]
