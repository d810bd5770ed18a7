"""Plan rows + normalizers → the records of SCHEMA.md (activities, indicators, document info).

This is the only stage that calls the normalizers: deadlines (`normalizers.deadlines`),
responsible parties (`normalizers.parties`) and document metadata (`normalizers.metadata`).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass, field

from extractors.model import Document, Paragraph
from normalizers import deadlines as deadline_rules
from normalizers import metadata as metadata_rules
from normalizers import parties as party_rules
from normalizers.text import fold

from .structure import DocumentStructure, PlanRow

ACTIVITY_COLUMNS = [
    "doc_id", "seq", "table", "section_no", "section_title", "item_no", "activity", "year",
    "expected_result", "deadline_raw", "deadlines", "months", "recurrence", "responsible_raw",
    "responsible", "report_form", "source_page",
    # beyond SCHEMA.md's required set: normalizer detail an analyst can filter on
    "responsible_expanded", "responsible_kinds", "deadline_warning", "confidence",
]
DOCUMENT_COLUMNS = [
    "doc_id", "source_file", "sha256", "title", "level", "region", "municipality", "issuer",
    "approved_date", "approved_number", "period_start", "period_end",
    "format", "pages", "tables", "records", "indicators", "warnings",
]
INDICATOR_COLUMNS = ["doc_id", "indicator", "unit", "year", "value"]


@dataclass
class ActivityRecord:
    """One row of activities.csv."""

    doc_id: str
    seq: int
    table: str
    section_no: str
    section_title: str
    item_no: str
    activity: str
    year: str
    expected_result: str
    deadline_raw: str
    deadlines: list[str]
    months: list[int]
    recurrence: str
    responsible_raw: str
    responsible: list[str]
    report_form: str
    source_page: int | None
    responsible_expanded: list[str] = field(default_factory=list)
    responsible_kinds: list[str] = field(default_factory=list)
    responsible_normal: list[str] = field(default_factory=list)
    deadline_warning: str = ""
    confidence: float | None = None   # OCR'd rows: the mean confidence of their cells
    # provenance for the store
    table_index: int = 0
    row_index: int = 0
    intervals: list = field(default_factory=list)

    def as_row(self) -> dict:
        """The CSV form: lists joined by '; '."""
        row = {}
        for name in ACTIVITY_COLUMNS:
            value = getattr(self, name)
            if isinstance(value, list):
                value = "; ".join(str(v) for v in value)
            row[name] = "" if value is None else value
        return row


@dataclass
class IndicatorRecord:
    doc_id: str
    indicator: str
    unit: str
    year: str
    value: str

    def as_row(self) -> dict:
        return asdict(self)


@dataclass
class DocumentRecord:
    """One row of documents.csv, plus the document's records."""

    doc_id: str
    source_file: str
    sha256: str
    format: str
    pages: int | None
    size: int
    meta: metadata_rules.DocumentMetadata
    activities: list[ActivityRecord]
    indicators: list[IndicatorRecord]
    tables: int
    warnings: list[str]

    def as_row(self) -> dict:
        m = self.meta
        return {
            "doc_id": self.doc_id, "source_file": self.source_file, "sha256": self.sha256,
            "title": m.title, "level": m.level, "region": m.region,
            "municipality": m.municipality, "issuer": m.issuer,
            "approved_date": m.approved_date, "approved_number": m.approved_number,
            "period_start": m.period_start if m.period_start is not None else "",
            "period_end": m.period_end if m.period_end is not None else "",
            "format": self.format, "pages": self.pages if self.pages is not None else "",
            "tables": self.tables, "records": len(self.activities),
            "indicators": len(self.indicators), "warnings": " | ".join(self.warnings),
        }


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def deadline_fields(row: PlanRow) -> tuple[str, deadline_rules.Deadline]:
    """(deadline_raw, parsed) for a plan row: the deadline cell, or the date phrases of a year cell."""
    if row.deadline_from_year_cell:
        phrases = deadline_rules.find_deadline_phrases(row.deadline_text)
        raw = "; ".join(phrases)
        if not phrases:
            return "", deadline_rules.Deadline(intervals=[], recurrence="", months=[], warnings=[])
        parsed = [deadline_rules.parse_deadline(p) for p in phrases]
        return raw, merge_deadlines(raw, parsed)
    raw = fold(row.deadline_text)
    if not raw:
        return "", deadline_rules.Deadline(intervals=[], recurrence="", months=[], warnings=[])
    return raw, deadline_rules.parse_deadline(raw)


def merge_deadlines(raw: str, parts: list) -> "deadline_rules.Deadline":
    """Several phrases of one year cell read as one deadline (recurrence decided on the whole)."""
    whole = deadline_rules.parse_deadline(raw.replace("; ", ", "))
    if whole.intervals or whole.recurrence:
        intervals = whole.intervals
        seen = {i.iso() for i in intervals}
        for p in parts:
            for i in p.intervals:
                if i.iso() not in seen:
                    intervals.append(i)
                    seen.add(i.iso())
        return deadline_rules.Deadline(intervals=intervals, recurrence=whole.recurrence,
                                       months=whole.months, warnings=whole.warnings)
    intervals, months, warnings, recurrences = [], [], [], []
    for p in parts:
        intervals += p.intervals
        months += [m for m in p.months if m not in months]
        warnings += p.warnings
        recurrences.append(p.recurrence)
    rec = next((r for r in recurrences if r and r != "once"), "once" if intervals else "")
    return deadline_rules.Deadline(intervals=intervals, recurrence=rec, months=months, warnings=warnings)


def build_activity(doc_id: str, seq: int, row: PlanRow, glossary: dict) -> ActivityRecord:
    """One PlanRow → one ActivityRecord with deadlines and parties normalized."""
    raw, parsed = deadline_fields(row)
    parties = (party_rules.parse_parties(row.responsible_text or row.responsible_raw, glossary)
               if row.responsible_raw else [])
    return ActivityRecord(
        doc_id=doc_id, seq=seq, table=row.table, section_no=row.section_no,
        section_title=row.section_title, item_no=row.item_no, activity=row.activity,
        year=row.year, expected_result=row.expected_result, deadline_raw=raw,
        deadlines=[i.iso() for i in parsed.intervals], months=list(parsed.months),
        recurrence=parsed.recurrence, responsible_raw=row.responsible_raw,
        responsible=[p.text for p in parties], report_form=row.report_form,
        source_page=row.page,
        responsible_expanded=[p.expanded or p.text for p in parties],
        responsible_kinds=[p.kind for p in parties],
        responsible_normal=[p.normal or p.text for p in parties],
        deadline_warning="; ".join(parsed.warnings), confidence=row.confidence,
        table_index=row.table_index, row_index=row.row_index,
        intervals=list(parsed.intervals),
    )


def build_document(doc: Document, found: DocumentStructure, doc_id: str,
                   source_file: str | None = None) -> DocumentRecord:
    """Everything one file yields, normalized and ready for the store and the CSVs."""
    paragraphs = [fold(b.text) for b in doc.blocks if isinstance(b, Paragraph)]
    glossary = dict(party_rules.builtin_glossary())
    glossary.update(party_rules.document_glossary(paragraphs))
    activities = [build_activity(doc_id, k, row, glossary) for k, row in enumerate(found.rows, start=1)]
    years = sorted({i.start.year for a in activities for i in a.intervals if i.start} |
                   {i.end.year for a in activities for i in a.intervals if i.end})
    table_text = "\n".join(c.text for t in doc.tables for c in t.cells)
    meta = metadata_rules.extract_metadata(paragraphs, deadline_years=years, table_text=table_text)
    indicators = [IndicatorRecord(doc_id, i.indicator, i.unit, i.year, i.value) for i in found.indicators]
    warnings = list(doc.warnings) + list(found.skipped_tables) + list(meta.warnings)
    unreadable = [a for a in activities if a.deadline_warning]
    if unreadable:
        examples = list(dict.fromkeys(f"«{a.deadline_raw}» ({a.deadline_warning})" for a in unreadable))
        more = f" and {len(examples) - 2} more" if len(examples) > 2 else ""
        warnings.append(f"{len(unreadable)} deadline(s) not fully understood: "
                        f"{'; '.join(examples[:2])}{more}")
    path = source_file or doc.path
    return DocumentRecord(
        doc_id=doc_id, source_file=path, sha256=file_sha256(doc.path), format=doc.format,
        pages=doc.pages, size=os.path.getsize(doc.path), meta=meta, activities=activities,
        indicators=indicators, tables=len(doc.tables), warnings=warnings,
    )
