"""One file → its DocumentRecord: the single entry point of "parse one file".

    from pipeline.parse import parse, ParseSettings
    record = parse("data/raw/kedrovy_2022.docx", ParseSettings(ocr="off"))
    small = ParseSettings(stages=replace(defaults(), pdf=replace(defaults().pdf, max_pages=50)))

Extraction (`extractors.extract`), plan structure (`structure.structure`) and the records
with their normalized fields (`records.build_document`), nothing more: the batch runs it in
its worker processes, tests and the web app call it directly. Every knob travels down in
`ParseSettings` (the OCR mode and the stages' `Settings`); nothing is read from globals or
the environment below this point (`ParseSettings.from_environment` is for the edges: the
command line, the batch, the web app).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from extractors import ExtractionError, extract

from .i18n import _, ngettext
from .records import DocumentRecord, build_document
from .settings import Settings, defaults, ocr_from_environment, settings_from_environment
from .structure import structure


@dataclass(frozen=True)
class ParseSettings:
    """What a caller may choose for one file (passed down, never read from globals)."""

    ocr: str | None = None     # scanned pages: "auto", "on", "off"; None = auto
    stages: Settings = field(default_factory=defaults)  # every stage's knobs (settings.yaml)

    @classmethod
    def from_environment(cls, ocr: str | None = None,
                         settings_file: str | None = None) -> "ParseSettings":
        """The edge's settings: `ocr` else $ROADMAPS_OCR; the packaged knobs with
        `settings_file` else $ROADMAPS_SETTINGS on top (SettingsError names a bad key)."""
        return cls(ocr=ocr_from_environment(ocr), stages=settings_from_environment(settings_file))


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
    doc = extract(path, ocr=settings.ocr, settings=settings.stages)
    found = structure(doc, settings.stages.structure)
    if not found.rows and not found.indicators:
        n = len(doc.tables)
        detail = (_("the document has no tables") if n == 0 else
                  ngettext("{n} table, none with an activity or indicator column",
                           "{n} tables, none with an activity or indicator column", n).format(n=n))
        raise NoPlanTable(_("no activity table found ({detail})").format(detail=detail),
                          pages=doc.pages, warnings=list(doc.warnings) + found.skipped_tables)
    return build_document(doc, found, doc_id or default_doc_id(path), source_file=path,
                          metadata_settings=settings.stages.metadata)
