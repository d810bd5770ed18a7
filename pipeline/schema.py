"""The output schema, each field declared once: record type, CSV column, store column, workbook label.

SCHEMA.md (../shared/spec) is the contract; its column order is the CSV order, and the order
of the fields below. Everything else reads from here:

* `pipeline.records`: the record dataclasses (`record_class`); the CSV column lists are
  below (`ACTIVITY_COLUMNS`, …, and the batch report's `REPORT_COLUMNS`, `pipeline.batch`);
* `pipeline.store`: the SQL columns of the tables (`sql_columns`), what a load inserts
  (`sql_value`) and what the CSVs show when read back (`csv_row`, the one CSV row maker);
* `pipeline.export.workbook`: the column labels of the analysts' workbook (`label`);
* `pipeline.evaluate`: which fields are scored, and how (`SCORED_TEXT`, `scored`).

A field's CSV form (`csv_value`): None is empty, a list is its items joined by `sep`
(`; ` unless said otherwise), anything else is written as is (dates are ISO strings already,
numbers are written by the csv module). A field with `sql=None` is not a column of its
table (the document's doc_id of an activity is its document's; counts are counted).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from .i18n import _


REQUIRED = object()                # a field the record must be given


@dataclass(frozen=True)
class Field:
    """One output field."""

    name: str                      # record attribute, CSV column, key of the rows' dicts
    type: Any                      # the record's Python type (str, int, float, list, …)
    nullable: bool = False         # the record may hold None (shown empty in the CSV)
    default: Any = REQUIRED        # the record's default
    csv: bool = True               # a column of the CSV (in declaration order)
    sep: str = "; "                # how the CSV joins a list
    sql: str | None = "Text"       # SQL column type (sqlalchemy's); None: not a column
    column: str | None = None      # the SQL column's name when it is not `name`
    sql_kw: dict | None = None     # Column() options: nullable, index, unique, default
    empty_null: bool = False       # an empty list is stored as NULL
    source: str = "record"         # documents: "record", "meta" (DocumentMetadata), "count"
    xlsx: Callable[[], str] | None = None   # the workbook's column label (lazy: language)
    editable: bool = False         # an analyst may correct it in the workbench
    fingerprint: bool = False      # compared when telling renditions of one version apart
    scored: str = ""               # how `roadmaps evaluate` scores it: "text", "set"

    @property
    def sql_name(self) -> str:
        return self.column or self.name


EMPTY = dataclasses.field(default_factory=list)     # the default of a list field: a new []


# ----------------------------------------------------------------------------- activities

ACTIVITY: tuple[Field, ...] = (
    Field("doc_id", str, sql=None, xlsx=lambda: _("Document")),
    Field("seq", int, sql="Integer", sql_kw={"nullable": False}),
    Field("table", str, column="table_id", fingerprint=True),
    Field("section_no", str, editable=True, fingerprint=True, scored="text"),
    Field("section_title", str, editable=True, scored="text"),
    Field("section_parent", str, default=""),
    Field("item_no", str, editable=True, fingerprint=True, scored="text", xlsx=lambda: _("No.")),
    Field("activity", str, editable=True, fingerprint=True, scored="text",
          xlsx=lambda: _("Activity")),
    Field("year", str, editable=True, fingerprint=True, scored="text"),
    Field("expected_result", str, editable=True, fingerprint=True, scored="text",
          xlsx=lambda: _("Expected result")),
    Field("deadline_raw", str, editable=True, fingerprint=True, scored="text",
          xlsx=lambda: _("Deadline as printed")),
    Field("deadlines", list, sql="JSON", editable=True, scored="set"),        # ISO start/end
    Field("months", list, sql="JSON", editable=True, scored="set"),
    Field("recurrence", str, sql_kw={"index": True}, editable=True, scored="text",
          xlsx=lambda: _("Recurrence")),
    Field("responsible_raw", str, editable=True, fingerprint=True, scored="text",
          xlsx=lambda: _("Responsible")),
    Field("responsible", list, sql="JSON", editable=True, scored="set"),
    Field("report_form", str, editable=True, fingerprint=True, scored="text",
          xlsx=lambda: _("Report form")),
    Field("source_page", int, nullable=True, sql="Integer", xlsx=lambda: _("Page or table")),
    # beyond SCHEMA.md's required set: normalizer detail an analyst can filter on
    Field("responsible_expanded", list, sql="JSON", default=EMPTY),
    Field("responsible_kinds", list, sql="JSON", default=EMPTY),
    Field("deadline_warning", str, default="", editable=True),
    Field("check_reasons", list, sql="JSON", default=EMPTY),   # why an analyst should check it
    Field("confidence", float, nullable=True, default=None, sql="Float"),   # OCR: mean cell confidence
    # the row's cells under headers of no role («Категория участников», «Отметка о
    # выполнении»): «header: text», joined by « | » — read, and shown, not dropped
    Field("notes", str, default="", xlsx=lambda: _("Other columns")),
    # not in the CSV: the parties' normal form (stored as parties), provenance
    Field("responsible_normal", list, csv=False, sql=None, default=EMPTY),
    Field("table_index", int, default=0, csv=False, sql="Integer"),
    Field("row_index", int, default=0, csv=False, sql="Integer"),
    Field("col_index", int, nullable=True, default=None, csv=False, sql="Integer"),
    Field("intervals", list, csv=False, sql=None, default=EMPTY),  # normalizers.deadlines.Interval
    Field("boxes", list, csv=False, sql="JSON", empty_null=True,
          default=EMPTY),                                   # [page, x0, top, x1, bottom] of its cells
)

# ----------------------------------------------------------------------------- documents

DOCUMENT: tuple[Field, ...] = (
    Field("doc_id", str, sql_kw={"nullable": False, "index": True}, xlsx=lambda: _("Document")),
    Field("source_file", str, sql_kw={"nullable": False}, xlsx=lambda: _("File")),
    Field("sha256", str, sql="String(64)", sql_kw={"nullable": False, "unique": True}),
    Field("title", str, source="meta", scored="text", xlsx=lambda: _("Title")),
    Field("level", str, source="meta", scored="text", xlsx=lambda: _("Level")),
    Field("region", str, source="meta", sql_kw={"index": True}, scored="text",
          xlsx=lambda: _("Region")),
    Field("municipality", str, source="meta", sql_kw={"index": True}, scored="text",
          xlsx=lambda: _("Municipality")),
    Field("issuer", str, source="meta", xlsx=lambda: _("Approved by")),
    Field("approved_date", str, source="meta", scored="text",             # ISO date
          xlsx=lambda: _("Approved on")),
    Field("approved_number", str, source="meta", scored="text", xlsx=lambda: _("Act number")),
    Field("period_start", int, nullable=True, source="meta", sql="Integer", scored="text",
          xlsx=lambda: _("Period from")),
    Field("period_end", int, nullable=True, source="meta", sql="Integer", scored="text",
          xlsx=lambda: _("Period to")),
    Field("format", str, sql="String(10)", xlsx=lambda: _("Format")),
    Field("pages", int, nullable=True, sql="Integer", xlsx=lambda: _("Pages")),
    Field("tables", int, sql="Integer", xlsx=lambda: _("Tables")),
    Field("records", int, source="count", sql=None, xlsx=lambda: _("Activities")),     # activities
    Field("indicators", int, source="count", sql=None, xlsx=lambda: _("Indicators")),  # indicators
    Field("warnings", list, sep=" | ", sql_kw={"default": ""}, xlsx=lambda: _("Warnings")),
    Field("size", int, csv=False, sql="Integer"),            # the file's bytes
)

# ----------------------------------------------------------------------------- indicators

INDICATOR: tuple[Field, ...] = (
    Field("doc_id", str, sql=None, xlsx=lambda: _("Document")),
    Field("indicator", str, xlsx=lambda: _("Indicator")),
    Field("unit", str, xlsx=lambda: _("Unit")),
    Field("year", str, xlsx=lambda: _("Year")),
    Field("value", str, xlsx=lambda: _("Value")),   # as printed
)

# ----------------------------------------------------------------------------- the ingest report

# ingest_report.csv: a row per file of a batch (`pipeline.batch.FileOutcome`); not stored
REPORT: tuple[Field, ...] = (
    Field("file", str, sql=None),                     # as shown to the user (display_path)
    Field("doc_id", str, sql=None),
    Field("status", str, sql=None),                   # imported / already imported / failed / …
    Field("records", int, sql=None),
    Field("indicators", int, sql=None),
    Field("pages", int, nullable=True, sql=None),
    Field("seconds", str, sql=None),                  # reading time, two decimals
    Field("warnings", list, sep=" | ", sql=None),
    Field("error", str, sql=None),
    Field("table_rows", int, nullable=True, sql=None),   # table rows read (empty: none)
    Field("row_classes", list, sql=None),             # "kind count" per outcome kind of a row
)

# the order in which `roadmaps evaluate` reports the scored fields (the shared scorer's)
SCORED_TEXT = ("section_no", "section_title", "item_no", "activity", "year", "expected_result",
               "deadline_raw", "report_form", "responsible_raw", "recurrence")
SCORED_DOCUMENT = ("level", "region", "municipality", "approved_date", "approved_number",
                   "period_start", "period_end", "title")


# ----------------------------------------------------------------------------- reading it

def by_name(fields: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for f in fields}


def names(fields: tuple[Field, ...], **where) -> list[str]:
    """Names of the fields (in declaration order) whose attributes equal `where`."""
    return [f.name for f in fields if all(getattr(f, k) == v for k, v in where.items())]


def csv_columns(fields: tuple[Field, ...]) -> list[str]:
    return names(fields, csv=True)


def scored(fields: tuple[Field, ...], how: str, order: tuple[str, ...] | None = None) -> list[str]:
    """The fields scored as `how`, in `order` where given (every one must be declared so)."""
    found = names(fields, scored=how)
    if order is None:
        return found
    if sorted(order) != sorted(found):
        raise ValueError(f"scored fields {sorted(found)} differ from the order {sorted(order)}")
    return list(order)


def label(fields: tuple[Field, ...], name: str) -> str:
    """The workbook's column label of a field, in the current language."""
    return by_name(fields)[name].xlsx()


def csv_value(f: Field, value):
    """A field's value as the CSV shows it."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return f.sep.join(str(v) for v in value)
    return value


def csv_row(fields: tuple[Field, ...], values) -> dict:
    """The CSV row (columns in order) of a record, a stored row or a dict (`values`:
    anything with the fields as attributes, or a mapping)."""
    get = values.get if isinstance(values, dict) else (lambda n: getattr(values, n))
    return {f.name: csv_value(f, get(f.name)) for f in fields if f.csv}


def document_values(rec) -> dict:
    """{field: value} of a `records.DocumentRecord` for every field of DOCUMENT: its own,
    its metadata's, and its counts of records and indicators."""
    out = {}
    for f in DOCUMENT:
        if f.source == "meta":
            out[f.name] = getattr(rec.meta, f.name)
        elif f.source == "count":
            out[f.name] = len(rec.activities if f.name == "records" else rec.indicators)
        else:
            out[f.name] = getattr(rec, f.name)
    return out


def sql_value(f: Field, value):
    """A field's value as its SQL column holds it: lists of a JSON column as lists (NULL for
    an empty one where `empty_null`), of a text column joined as in the CSV."""
    if f.type is list:
        items = list(value or [])
        if f.sql == "JSON":
            return items or None if f.empty_null else items
        return f.sep.join(str(v) for v in items)
    if f.sql == "Integer" and f.nullable and not isinstance(value, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    return value


def sql_type(f: Field):
    """The SQLAlchemy type of a stored field ("String(64)" → String(64))."""
    import sqlalchemy
    name, _, length = f.sql.partition("(")
    kind = getattr(sqlalchemy, name)
    return kind(int(length.rstrip(")"))) if length else kind


def sql_columns(fields: tuple[Field, ...]) -> dict:
    """{attribute: sqlalchemy Column} of the fields stored as columns of their table."""
    from sqlalchemy import Column
    return {f.name: Column(f.sql_name, sql_type(f), **(f.sql_kw or {}))
            for f in fields if f.sql is not None}


def columns_mixin(name: str, fields: tuple[Field, ...]) -> type:
    """A declarative mixin holding the SQL columns of `fields` (SQLAlchemy copies a mixin's
    plain columns into each model)."""
    return type(name, (), sql_columns(fields))


def record_class(name: str, module: str, fields: tuple[Field, ...], doc: str,
                 extra: list | None = None) -> type:
    """The record dataclass `module.name` of `fields` (keyword-only), `extra` (name, type,
    field) after them; picklable (the batch's workers send records to their parent)."""
    spec = []
    for f in fields:
        t = f.type | None if f.nullable else f.type
        if f.default is REQUIRED:
            spec.append((f.name, t))
        elif isinstance(f.default, dataclasses.Field):
            spec.append((f.name, t, dataclasses.field(default_factory=f.default.default_factory)))
        else:
            spec.append((f.name, t, dataclasses.field(default=f.default)))
    cls = dataclasses.make_dataclass(name, spec + list(extra or []), kw_only=True,
                                     namespace={"__module__": module, "__doc__": doc})
    return cls


# ----------------------------------------------------------------------------- the CSV columns

ACTIVITY_COLUMNS = csv_columns(ACTIVITY)
DOCUMENT_COLUMNS = csv_columns(DOCUMENT)
INDICATOR_COLUMNS = csv_columns(INDICATOR)
REPORT_COLUMNS = csv_columns(REPORT)
