"""Plan rows + normalizers → the records of SCHEMA.md (activities, indicators, document info).

This is the only stage that calls the normalizers: deadlines (`normalizers.deadlines`),
responsible parties (`normalizers.parties`) and document metadata (`normalizers.metadata`).
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import field, replace

from extractors.model import Document, Paragraph, Table
from normalizers import deadlines as deadline_rules
from normalizers import metadata as metadata_rules
from normalizers import parties as party_rules
from normalizers.text import fold

from . import schema
from .structure import DocumentStructure, PlanRow, full_width, parse_section
from .i18n import _, ngettext

from .schema import ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS  # noqa: F401 (re-exported)

ActivityRecord = schema.record_class(
    "ActivityRecord", __name__, schema.ACTIVITY, "One activity record (a row of activities.csv), typed.")
IndicatorRecord = schema.record_class(
    "IndicatorRecord", __name__, schema.INDICATOR, "One target indicator's value for one year.")
DocumentRecord = schema.record_class(
    "DocumentRecord", __name__, tuple(f for f in schema.DOCUMENT if f.source == "record"),
    "One file's document fields (its row of documents.csv with `meta`), plus its records.",
    extra=[("meta", metadata_rules.DocumentMetadata),
           ("activities", list[ActivityRecord]),
           ("indicators", list[IndicatorRecord]),
           # table rows per outcome (structure.ROW_KINDS); texts of rows that could not be placed
           ("row_counts", dict, field(default_factory=dict)),
           ("unplaced", list[str], field(default_factory=list))])


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def row_context(row: PlanRow, plan: deadline_rules.PlanContext | None) -> deadline_rules.PlanContext | None:
    """The plan's period, plus the month heading row the row sits under (nearest first)."""
    if row.heading_month:             # the structure stage read the heading as a period
        return replace(plan or deadline_rules.PlanContext(), month=row.heading_month,
                       month_year=row.heading_year)
    for heading in (row.section_title, getattr(row, "section_parent", "")):
        found = deadline_rules.heading_month(heading or "")
        if found:
            base = plan or deadline_rules.PlanContext()
            return replace(base, month=found[0], month_year=found[1])
    return plan


def deadline_fields(row: PlanRow, plan: deadline_rules.PlanContext | None = None
                    ) -> tuple[str, deadline_rules.Deadline]:
    """(deadline_raw, parsed) for a plan row: the deadline cell (only its date phrases when it
    holds something else too), or the date phrases of a year cell. `plan` completes deadlines
    printed without their year (or month)."""
    if row.deadline_from_year_cell:
        phrases = deadline_rules.find_deadline_phrases(row.deadline_text)
        raw = "; ".join(phrases)
        if not phrases:
            return "", deadline_rules.Deadline(intervals=[], recurrence="", months=[], warnings=[])
        parsed = [deadline_rules.parse_deadline(p) for p in phrases]
        return raw, merge_deadlines(raw, parsed)
    phrases = deadline_rules.deadline_phrases(row.deadline_text)
    if not phrases:
        return "", deadline_rules.Deadline(intervals=[], recurrence="", months=[], warnings=[])
    ctx = row_context(row, plan)
    raw = "; ".join(phrases)
    if len(phrases) == 1:
        return raw, deadline_rules.parse_deadline(raw, context=ctx)
    parsed = [deadline_rules.parse_deadline(p, context=ctx) for p in phrases]
    return raw, merge_deadlines(raw, parsed, ctx)


def report_after_slash(text: str, from_year_cell: bool) -> str:
    """The report form printed after the deadline in a «Срок / форма отчета» cell."""
    if from_year_cell or not text:
        return ""
    from normalizers.deadline_cells import report_after_slash as after
    return after(text)


def merge_deadlines(raw: str, parts: list, context: deadline_rules.PlanContext | None = None
                    ) -> "deadline_rules.Deadline":
    """Several phrases of one year cell read as one deadline (recurrence decided on the whole)."""
    whole = deadline_rules.parse_deadline(raw.replace("; ", ", "), context=context)
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


def notes_text(extra: dict[str, str]) -> str:
    """A row's note columns as one text: «header: text», joined by « | » (a header the
    table did not print: the text alone)."""
    return " | ".join(f"{fold(k)}: {v}" if k and not k.startswith("col") else v
                      for k, v in extra.items() if v)


def build_activity(doc_id: str, seq: int, row: PlanRow, glossary: dict,
                   plan: deadline_rules.PlanContext | None = None) -> ActivityRecord:
    """One PlanRow → one ActivityRecord with deadlines and parties normalized."""
    raw, parsed = deadline_fields(row, plan)
    parties = (party_rules.parse_parties(row.responsible_text or row.responsible_raw, glossary)
               if row.responsible_raw else [])
    return ActivityRecord(
        doc_id=doc_id, seq=seq, table=row.table, section_no=row.section_no,
        section_title=row.section_title, item_no=row.item_no, activity=row.activity,
        year=row.year, expected_result=row.expected_result, deadline_raw=raw,
        deadlines=[i.iso() for i in parsed.intervals], months=list(parsed.months),
        recurrence=parsed.recurrence, responsible_raw=row.responsible_raw,
        responsible=[p.text for p in parties],
        report_form=row.report_form or report_after_slash(row.deadline_text, row.deadline_from_year_cell),
        source_page=row.page,
        responsible_expanded=[p.expanded or p.text for p in parties],
        responsible_kinds=[p.kind for p in parties],
        responsible_normal=[p.normal or p.text for p in parties],
        deadline_warning="; ".join(parsed.warnings),
        section_parent=row.section_parent, check_reasons=list(row.check), confidence=row.confidence,
        notes=notes_text(row.extra),
        table_index=row.table_index, row_index=row.row_index,
        intervals=list(parsed.intervals), boxes=list(row.boxes),
    )


def head_paragraphs(doc: Document, found: DocumentStructure) -> list[str]:
    """The document's text outside its plan tables, in reading order: its paragraphs, the
    lines of the tables above the first plan table that are no plan (a letterhead's date and
    number, an «УТВЕРЖДАЮ» block, laid out in a table without borders), and the title rows
    across the first plan table above its header."""
    out: list[str] = []
    tables = iter(found.layouts)
    in_head = True
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(fold(block.text))
            continue
        layout = next(tables, None)
        if layout is None or layout.kind != "other":
            if in_head and layout is not None:    # the plan's title typed into its first row
                out += title_rows(block, layout.header_rows)
            in_head = False
        elif in_head:
            cells = sorted({id(c): c for c in block.cells}.values(), key=lambda c: (c.row, c.col))
            out += [fold(line) for c in cells for line in c.text.split("\n") if fold(line)]
    return out


def title_rows(table: Table, header_rows: int) -> list[str]:
    """The lines of the header rows above a table's header that are one cell across the whole
    table (a plan's title typed into the table's first row), not a numbered section."""
    grid = table.grid()
    out = []
    for r in range(max(0, min(header_rows, len(grid)) - 1)):
        text = grid[r][0].text if full_width(grid[r]) else ""
        if text and not parse_section(text)[0]:          # (a numbered section is no title)
            out += [fold(line) for line in text.split("\n") if fold(line)]
    return out


def build_document(doc: Document, found: DocumentStructure, doc_id: str,
                   source_file: str | None = None,
                   metadata_settings: metadata_rules.MetadataSettings | None = None) -> DocumentRecord:
    """Everything one file yields, normalized and ready for the store and the CSVs."""
    paragraphs = head_paragraphs(doc, found)
    glossary = dict(party_rules.builtin_glossary())
    glossary.update(party_rules.document_glossary(paragraphs))
    table_text = "\n".join(c.text for t in found.tables for c in t.cells)
    meta = metadata_rules.extract_metadata(paragraphs, table_text=table_text,
                                           settings=metadata_settings)
    plan = None
    if meta.period_start is not None:
        plan = deadline_rules.PlanContext(period=(meta.period_start, meta.period_end),
                                          academic=meta.academic)
    activities = [build_activity(doc_id, k, row, glossary, plan)
                  for k, row in enumerate(found.rows, start=1)]
    years = sorted({i.start.year for a in activities for i in a.intervals if i.start} |
                   {i.end.year for a in activities for i in a.intervals if i.end})
    metadata_rules.period_from_deadlines(meta, years)
    indicators = [IndicatorRecord(doc_id=doc_id, indicator=i.indicator, unit=i.unit, year=i.year,
                                  value=i.value) for i in found.indicators]
    warnings = list(doc.warnings) + list(found.skipped_tables) + [_(w) for w in meta.warnings]
    unreadable = [a for a in activities if a.deadline_warning]
    if unreadable:
        examples = list(dict.fromkeys(f"«{a.deadline_raw}» ({a.deadline_warning})" for a in unreadable))
        more = _(" and {n} more").format(n=len(examples) - 2) if len(examples) > 2 else ""
        warnings.append(ngettext("{n} deadline not fully understood: {examples}",
                                 "{n} deadlines not fully understood: {examples}",
                                 len(unreadable)).format(n=len(unreadable),
                                                         examples="; ".join(examples[:2]) + more))
    path = source_file or doc.path
    return clean_record(DocumentRecord(
        doc_id=doc_id, source_file=path, sha256=file_sha256(doc.path), format=doc.format,
        pages=doc.pages, size=os.path.getsize(doc.path), meta=meta, activities=activities,
        indicators=indicators, tables=len(doc.tables), warnings=warnings,
        row_counts=found.row_counts(), unplaced=[o.text for o in found.unplaced],
    ))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(value):
    """Text any store and workbook accept: NUL and the other control characters a PDF's
    text layer may carry (PostgreSQL refuses NUL, XLSX every one of them) dropped, and bytes
    of a file name that were not UTF-8 (lone surrogates) shown as U+FFFD."""
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
        if not value.isascii() and any("\ud800" <= ch <= "\udfff" for ch in value):
            try:
                raw = value.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                raw = value.encode("utf-8", "surrogatepass")
            value = raw.decode("utf-8", "replace")
        return value
    if isinstance(value, list):
        return [clean_text(v) for v in value]
    return value


def clean_record(rec: "DocumentRecord") -> "DocumentRecord":
    """Every text field of a record (its activities, indicators and metadata too) through
    `clean_text`, in place; returns the record."""
    for obj in [rec, rec.meta, *rec.activities, *rec.indicators]:
        for name, value in list(vars(obj).items()):
            if isinstance(value, (str, list)):
                setattr(obj, name, clean_text(value))
    return rec
