"""One file → its DocumentRecord: the single entry point of "parse one file".

    from pipeline.parse import parse, ParseSettings
    record = parse("data/raw/kedrovy_2022.docx", ParseSettings(ocr="off"))

Extraction (`extractors.extract`), plan structure (`structure.structure`) and the records
with their normalized fields (`records.build_document`), nothing more: the batch runs it in
its worker processes, tests and the web app call it directly.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from extractors import ExtractionError, extract

from .i18n import _, ngettext
from .records import DocumentRecord, build_document
from .structure import structure


@dataclass(frozen=True)
class ParseSettings:
    """What a caller may choose for one file (passed down, never read from globals)."""

    ocr: str | None = None     # scanned pages: "auto", "on", "off"; None = $ROADMAPS_OCR, else auto


class NoPlanTable(ExtractionError):
    """The file was read, but holds no plan table: still a one-line reason, with the pages."""

    def __init__(self, message: str, pages: int | None = None, warnings: list[str] | None = None):
        super().__init__(message)
        self.pages = pages
        self.warnings = warnings or []


def default_doc_id(path: str) -> str:
    """A file's doc_id when the caller gives none: its name without the suffix."""
    return os.path.splitext(os.path.basename(path))[0]


def parse(path: str, settings: ParseSettings | None = None,
          doc_id: str | None = None) -> DocumentRecord:
    """One file → DocumentRecord; raises ExtractionError (NoPlanTable when the file was read
    but has no plan table) with a one-line reason."""
    settings = settings or ParseSettings()
    doc = extract(path, ocr=settings.ocr)
    found = structure(doc)
    if not found.rows and not found.indicators:
        n = len(doc.tables)
        detail = (_("the document has no tables") if n == 0 else
                  ngettext("{n} table, none with an activity or indicator column",
                           "{n} tables, none with an activity or indicator column", n).format(n=n))
        raise NoPlanTable(_("no activity table found ({detail})").format(detail=detail),
                          pages=doc.pages, warnings=list(doc.warnings) + found.skipped_tables)
    return build_document(doc, found, doc_id or default_doc_id(path), source_file=path)
