"""A Word document that holds its plan as page scans: the signed, stamped plan scanned and
pasted into Word (each page one picture), sent as .doc or .docx.

    doc = extract_docx(path)                 # the typed text: no table, at most a title
    images = page_images(path, cfg)          # the pictures that look like scanned pages
    doc = read_page_images(doc, images, ocr, settings)

The pictures are laid out as the pages of an image-only PDF (pypdfium2 embeds a JPEG as it
is, without re-encoding) and that PDF goes through the scanned-PDF reader (`pdf.py`,
`ocr.py`): the same cleaning, ruling lines, cell OCR and page stitching as a scan sent as
PDF, so a scan is read alike whichever file it came in. Before this, such a file had
no table and was reported as «таблица мероприятий не найдена», the plan lost.

A picture is taken for a page when it is large (`docx.scan_min_px` on its long side), shaped
like a sheet (`docx.scan_aspect`) and mostly paper (`docx.scan_white_share` of its pixels
near white): photographs of events are not read. Nothing here runs when the document has
a table of its own (more than an approval block laid out in a table).
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass

from pipeline.i18n import _

from .model import Document, ExtractionError
from .settings import DocxSettings, Settings

_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class ScannedPagesError(ExtractionError):
    """The document's pages are pictures and they could not be read: the reason as it is
    (not «converted by LibreOffice, but the result is unreadable»)."""


@dataclass
class PageImage:
    """One picture of the document that looks like a scanned page."""

    data: bytes            # the picture's bytes as stored in the package
    width: int             # px
    height: int            # px
    dpi: float             # the scan's resolution (its own, or taken from an A4 sheet)
    is_jpeg: bool


def wants_ocr(doc: Document) -> bool:
    """A Word document without a table of its own (an approval block laid out in a table,
    «СОГЛАСОВАНО | УТВЕРЖДАЮ» over one or two rows, is none): its plan may be pictures of
    pages. A table with three rows or more of two cells of text or more is the plan's, typed."""
    return not any(_rows_of_text(t) >= 3 for t in doc.tables)


def _rows_of_text(table) -> int:
    """The rows of a table that hold text in two different cells or more."""
    filled: dict[int, set[int]] = {}
    for cell in table.cells:
        if cell.text.strip():
            filled.setdefault(cell.row, set()).add(id(cell))
    return sum(1 for cells in filled.values() if len(cells) >= 2)


def page_images(path: str, cfg: DocxSettings) -> list[PageImage]:
    """The pictures of the package's body that look like scanned pages, in reading order."""
    from docx import Document as open_word
    word = open_word(path)
    part = word.part
    seen: set[bytes] = set()
    found: list[PageImage] = []
    for el in word.element.body.iter(_BLIP, _IMAGEDATA):
        rid = el.get(_R + "embed") or el.get(_R + "id")
        if not rid or rid not in part.related_parts:
            continue
        blob = part.related_parts[rid].blob
        digest = hashlib.sha256(blob).digest()
        if digest in seen:     # one picture drawn twice (a VML fallback copy, a repeat)
            continue
        seen.add(digest)
        image = _as_page(blob, cfg)
        if image is not None:
            found.append(image)
    return found


def _as_page(blob: bytes, cfg: DocxSettings) -> PageImage | None:
    """The picture as a scanned page, or None when it does not look like one (small, not
    sheet-shaped, not mostly paper, or a format PIL does not read: EMF, WMF)."""
    from PIL import Image, UnidentifiedImageError
    import numpy as np

    try:
        im = Image.open(io.BytesIO(blob))
        im.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    w, h = im.size
    long_side, short_side = max(w, h), min(w, h)
    if long_side < cfg.scan_min_px or not short_side:
        return None
    lo, hi = cfg.scan_aspect
    if not lo <= long_side / short_side <= hi:
        return None
    thumb = im.convert("L")
    thumb.thumbnail((400, 400))
    pixels = np.asarray(thumb)
    if float((pixels >= 200).mean()) < cfg.scan_white_share:
        return None
    dpi = _resolution(im, long_side)
    return PageImage(blob, w, h, dpi, (im.format or "").upper() == "JPEG" and im.mode in ("L", "RGB"))


def _resolution(im, long_side: int) -> float:
    """The scan's own resolution when it states a plausible one (its long side then 8–17
    inches: A5 to A3), else the resolution of an A4 sheet that fills the picture."""
    stated = im.info.get("dpi") or ()
    try:
        dpi = float(stated[0]) if stated else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if dpi > 0 and 8.0 <= long_side / dpi <= 17.0:
        return dpi
    return long_side / 11.69


def as_scan_pdf(images: list[PageImage]) -> bytes:
    """An image-only PDF with one page per picture, each page the picture's size at its
    resolution (a JPEG embedded as it is; other pictures as a bitmap)."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument.new()
    try:
        for image in images:
            w_pt, h_pt = image.width * 72.0 / image.dpi, image.height * 72.0 / image.dpi
            page = pdf.new_page(w_pt, h_pt)
            obj = pdfium.PdfImage.new(pdf)
            if image.is_jpeg:
                obj.load_jpeg(io.BytesIO(image.data), inline=True)
            else:
                pil = Image.open(io.BytesIO(image.data)).convert("L")
                obj.set_bitmap(pdfium.PdfBitmap.from_pil(pil))
            obj.set_matrix(pdfium.PdfMatrix().scale(w_pt, h_pt))
            page.insert_obj(obj)
            page.gen_content()
            page.close()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()


def read_page_images(doc: Document, images: list[PageImage], ocr: str,
                     settings: Settings) -> Document:
    """The Word document with its page pictures read as a scan: the typed blocks first (a
    title typed above the pictures, an approval block), then what OCR found on the pages."""
    from .pdf import _ocr_state, _page_list, extract_pdf

    ocr_ok, why = _ocr_state(ocr)
    if not ocr_ok:
        raise ScannedPagesError(_("the Word document holds its pages as pictures (a scan, "
                                "{n} page(s)), not read: {why}").format(
            n=len(images), why=why))
    with tempfile.TemporaryDirectory(prefix="roadmaps-word-scan-") as tmp:
        path = os.path.join(tmp, "pages.pdf")
        with open(path, "wb") as fh:
            fh.write(as_scan_pdf(images))
        try:
            scan = extract_pdf(path, ocr=ocr, settings=settings)
        except ExtractionError as exc:
            raise ScannedPagesError(_("the Word document holds its pages as pictures (a scan, "
                                      "{n} page(s)): {error}").format(n=len(images), error=exc)) from exc
    n_typed = len(doc.tables)                 # an approval block's layout table stays first
    for table in scan.tables:
        table.index += n_typed
    doc.blocks = list(doc.blocks) + scan.blocks
    doc.pages = len(images)
    said = _("page(s) {pages} read by OCR: check the text").format(
        pages=_page_list(list(range(1, len(images) + 1))))
    doc.warnings += [w for w in scan.warnings if w != said]
    doc.warnings.append(_("the Word document holds its pages as pictures (a scan): "
                          "{n} page(s) read by OCR, check the text").format(n=len(images)))
    return doc


def read_word(path: str, ocr: str, settings: Settings, read_docx) -> Document:
    """`read_docx(path)`'s Document, or, when it has no table and its pictures look like
    scanned pages, the Document with those pages read by OCR."""
    doc = read_docx(path)
    if not wants_ocr(doc):
        return doc
    try:
        images = page_images(path, settings.docx)
    except Exception:            # an odd package part: the typed text stands as read
        return doc
    if not images:
        return doc
    return read_page_images(doc, images, ocr, settings)
