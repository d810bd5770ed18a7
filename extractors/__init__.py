"""File → format-free `Document`. One backend per input format, chosen by content.

    from extractors import extract
    doc = extract("data/raw/kedrovy_2022.docx")

The format is sniffed from the file's first bytes, not trusted from its name, so a .doc
renamed to .docx or a PDF saved as .bin gets the right backend or a clear reason.
"""
from __future__ import annotations

import os

from .model import Cell, Document, ExtractionError, Paragraph, Table

__all__ = ["extract", "sniff_format", "Cell", "Document", "ExtractionError", "Paragraph",
           "Table", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = {".docx", ".pdf"}


def sniff_format(path: str) -> str:
    """'docx', 'pdf', 'ole' (legacy .doc/.xls or encrypted Office), 'empty' or 'unknown'."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        return "empty"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "unknown"


def extract(path: str) -> Document:
    """Parse one file; raises ExtractionError with a one-line reason when it cannot."""
    if not os.path.isfile(path):
        raise ExtractionError("no such file")
    kind = sniff_format(path)
    if kind == "empty":
        raise ExtractionError("empty file")
    if kind == "pdf":
        from .pdf import extract_pdf
        return extract_pdf(path)
    if kind == "docx":
        from .docx import extract_docx
        return extract_docx(path)
    if kind == "ole":
        raise ExtractionError("legacy Word 97-2003 (.doc) or encrypted Office file: "
                              "save it as .docx (LibreOffice conversion is not available)")
    suffix = os.path.splitext(path)[1].lower()
    raise ExtractionError(f"unsupported file type ({suffix or 'no extension'}): "
                          "expected .docx or .pdf")
