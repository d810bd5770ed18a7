"""File → format-free `Document`. One backend per input format, chosen by content.

    from extractors import extract
    doc = extract("data/raw/kedrovy_2022.docx")

The format is sniffed from the file's first bytes (and, for zip and OLE containers, from
the names inside), not trusted from its name, so a .doc renamed to .docx or a PDF saved as
.bin gets the right backend or a clear reason.

| sniffed  | backend                                   | needs                          |
| -------- | ----------------------------------------- | ------------------------------ |
| pdf      | pdf.py (ruled tables; borderless fallback; | OCR: tesseract-ocr(-rus)       |
|          | OCR of image-only pages, ocr.py)          |                                |
| docx     | docx.py                                   |                                |
| xlsx     | xlsx.py (openpyxl)                        |                                |
| doc, rtf, odt | office.py: LibreOffice → docx → docx.py | libreoffice-writer          |
| xls, ods | office.py: LibreOffice → xlsx → xlsx.py   | libreoffice-calc               |

OCR mode (scanned PDF pages): `extract(path, ocr=...)`, else "auto" (the command line reads
`--ocr` / `$ROADMAPS_OCR` once and passes the mode down). The knobs of every backend come in
`settings` (`extractors.settings.Settings`; default: `extractors/settings.yaml`).
"auto" OCRs image-only pages when Tesseract with Russian data is installed; "on" requires
it (a clear failure otherwise); "off" never OCRs (a PDF without text fails «scanned: no text
layer», image-only pages of a mixed PDF are skipped with a warning).
"""
from __future__ import annotations

import codecs
import os
import re
import zipfile

from .model import Cell, Document, ExtractionError, Paragraph, Table
from .settings import Settings, defaults
from pipeline.i18n import _

__all__ = ["extract", "sniff_format", "Cell", "Document", "ExtractionError", "Paragraph",
           "Table", "SUPPORTED_SUFFIXES", "OCR_MODES"]

SUPPORTED_SUFFIXES = {".docx", ".docm", ".pdf", ".doc", ".rtf", ".odt", ".xlsx", ".xlsm",
                      ".xls", ".ods"}
OCR_MODES = ("auto", "on", "off")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(path: str) -> str:
    """'pdf', 'docx', 'xlsx', 'odt', 'ods', 'rtf', 'doc', 'xls', 'encrypted' (an OOXML file
    protected with a password), 'ole' (another OLE file), 'zip' (another zip), 'empty' or
    'unknown'."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        return "empty"
    if head.startswith(b"%PDF") or b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    return "unknown"


def _sniff_zip(path: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mime = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mime == "application/vnd.oasis.opendocument.text":
                    return "odt"
                if mime == "application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
    except (zipfile.BadZipFile, OSError, KeyError):
        return "docx"   # a damaged package: the DOCX reader gives the precise reason
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "docx" if not names else "zip"


def _sniff_ole(path: str) -> str:
    """Which OLE compound file: the directory's UTF-16 stream names tell (the directory may
    sit anywhere in the file, so the file is scanned, up to 64 MiB)."""
    with open(path, "rb") as fh:
        data = fh.read(64 * 1024 * 1024)

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "encrypted"
    if has("WordDocument"):
        return "doc"
    if has("Workbook") or has("Book\x00"):
        return "xls"
    return "ole"


def ocr_mode(value: str | None = None) -> str:
    """The OCR mode named by `value` (None: 'auto'); ExtractionError for an unknown one."""
    mode = (value or "auto").strip().lower()
    if mode not in OCR_MODES:
        raise ExtractionError(_("unknown OCR mode {mode}: expected one of {modes}").format(
            mode=repr(mode), modes=", ".join(OCR_MODES)))
    return mode


def extract(path: str, ocr: str | None = None, settings: Settings | None = None) -> Document:
    """Parse one file; raises ExtractionError with a one-line reason when it cannot."""
    settings = settings or defaults()
    if not os.path.isfile(path):
        raise ExtractionError(_("no such file"))
    kind = sniff_format(path)
    if kind == "empty":
        raise ExtractionError(_("empty file"))
    if kind == "pdf":
        from .pdf import extract_pdf
        return extract_pdf(path, ocr=ocr_mode(ocr), settings=settings)
    if kind == "docx":
        from .docx import extract_docx
        from .word_scans import read_word
        return read_word(path, ocr_mode(ocr), settings, lambda p: extract_docx(p, settings.docx))
    if kind == "xlsx":
        from .xlsx import extract_xlsx
        return extract_xlsx(path, settings.xlsx)
    if kind in ("doc", "rtf", "odt"):
        from .office import extract_office
        return extract_office(path, kind, settings, ocr_mode(ocr))
    if kind in ("xls", "ods"):
        from .office import extract_spreadsheet
        return extract_spreadsheet(path, kind, settings)
    if kind == "encrypted":
        raise ExtractionError(_("encrypted Office file (password protected)"))
    if kind == "ole":
        raise ExtractionError(_("an OLE compound file that is neither a Word nor an Excel "
                                "document"))
    suffix = os.path.splitext(path)[1].lower()
    if kind == "zip":
        raise ExtractionError(_("zip archive ({suffix}) that is not a Word, Excel or OpenDocument "
                                "file").format(suffix=suffix or _("no extension")))
    if suffix in (".doc", ".rtf", ".odt") and _looks_like_markup(path):
        from .office import extract_office
        return extract_office(path, "doc", settings, ocr_mode(ocr))   # HTML or Word 2003 XML saved with a .doc name
    content = describe_content(path)
    if suffix in SUPPORTED_SUFFIXES:
        raise ExtractionError(_("not a {kind} file: the content is {content} under a {suffix} name")
                              .format(kind=suffix.lstrip(".").upper(), content=_(content), suffix=suffix))
    raise ExtractionError(_("unsupported file type ({suffix}, the content is {content}): expected "
                            "{expected}").format(suffix=suffix or _("no extension"), content=_(content),
                                                 expected=", ".join(sorted(SUPPORTED_SUFFIXES))))


_MAGIC = [   # (first bytes, what the file is): for the reason given when no backend reads it
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"%!PS", "PostScript"),
]


def describe_content(path: str) -> str:
    """What the bytes of a file no backend reads look like, in a few words."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    low = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if re.match(rb"<!doctype html|<html|<head|<body", low) or b"<html" in low:
        return "an HTML page"
    if low.startswith(b"<?xml"):
        return "XML"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # may end mid-letter
        return "plain text"
    except UnicodeDecodeError:
        pass
    if not any(c < 9 or 13 < c < 32 for c in head if c != 27):
        return "text in a single-byte encoding"
    return "unrecognised binary data"


def _looks_like_markup(path: str) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(2048).lower()
    return bool(re.search(rb"<html|<\?xml[^>]*>\s*(<\?mso[^>]*>\s*)?<w:worddocument", head))
