"""PDF → Document with pdfplumber.

A chain of small steps, each turning one representation into the next:

    page → ruled tables (pdfplumber's line finder) → cell boxes → grid with spans
         → words assigned to cells → page tables → logical tables stitched across pages

and the words outside every table become text lines (`Paragraph`s, one per printed line).
A page where the line finder finds no table goes through the text-alignment fallback
(`textgrid.py`: tables printed without ruling lines); that costs milliseconds and only runs
there. An image-only page (a scan) is OCR'd (`ocr.py`: a cleaned page image, ruled cells
OCR'd one by one) and then goes through the same steps; a scan under its scanner's own text
layer keeps that layer only when it is about as good as our OCR (`scan/layer.py`). Without
OCR a scan is skipped with a warning naming it, and a PDF with no text at all fails
«scanned: no text layer».
A cell keeps its printed lines as its text and records how they were printed
(`Cell.layout`: whether a line ended for want of width, the empty lines a gap holds), so
`model.paragraphs_of` gives its paragraphs as the Word file printed to PDF had them (the
structure stage cuts a cell of several numbered activities by them).
Stitching joins a table that continues on the next page: the repeated header rows are
dropped and a row the page break cut in two is joined back into one row. Every tunable
comes in `PdfSettings` (extractors/settings.yaml, section `pdf`), passed down.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from unicodedata import normalize as normalize_unicode

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.utils.exceptions import PdfminerException

from .model import Cell, Document, ExtractionError, Paragraph, Table
from .settings import PdfSettings, Settings, defaults
from pipeline.i18n import _



@dataclass
class PageTable:
    """One table as found on one page, before stitching."""

    page: int
    top: float
    bottom: float
    col_edges: list[float]
    rows: int
    cells: list[Cell] = field(default_factory=list)
    strategy: str = "lines"       # "lines": ruled; "text": found by text alignment
    first_body_row: int = 0       # text tables: the first data row, and whether it goes on
    continues: bool | None = None  # from the page before (None: let is_cut_row decide)


def extract_pdf(path: str, ocr: str = "auto", settings: Settings | None = None) -> Document:
    """Read a PDF into the format-free model."""
    settings = settings or defaults()
    cfg = settings.pdf
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ExtractionError(_("encrypted PDF (password protected)")) from exc
    except (PDFSyntaxError, PdfminerException) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ExtractionError(_("encrypted PDF (password protected)")) from exc
        raise ExtractionError(_("damaged PDF: {error}").format(error=cause or type(exc).__name__)) from exc
    except Exception as exc:
        raise ExtractionError(_("damaged PDF: {error}").format(
            error=f"{type(exc).__name__}: {str(exc)[:120]}")) from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise ExtractionError(_("damaged PDF: {error}").format(error=type(exc).__name__)) from exc
        if n_pages > cfg.max_pages:
            raise ExtractionError(_("refused: {n} pages (limit {limit})").format(
                n=n_pages, limit=cfg.max_pages))
        doc = Document(path=path, format="pdf", pages=n_pages)
        blocks: list = []
        chars_seen = 0
        scanned: list[int] = []          # image-only pages
        replaced: list[tuple[int, tuple]] = []  # scans whose own text layer OCR replaced
        ocr_ok, why = _ocr_state(ocr)
        turned: list[int] = []
        for number, page in enumerate(pdf.pages, start=1):
            page, was_turned = read_upright(pdf, page)
            if was_turned:
                turned.append(number)
            if cfg.lean_objects:
                page._objects = page_objects(page)
            if cfg.drop_invisible_shapes:
                page._objects = drop_invisible(page.objects)
            if cfg.page_frame_inset > 0:
                page._objects = drop_page_frame(page.objects, float(page.width),
                                                float(page.height), cfg.page_frame_inset,
                                                (float(page.bbox[0]), float(page.bbox[1])))
            if cfg.symbol_font_bullet:
                mark_symbol_glyphs(page.objects.get("char", []), cfg.symbol_font_bullet)
            if is_image_only(page, cfg):
                scanned.append(number)
                if not ocr_ok:
                    page.flush_cache()
                    continue
                page_blocks, n_chars = read_scanned_page(page, number, settings)
            elif ocr_ok and is_scan_with_layer(page, cfg):
                page_blocks, n_chars = read_layered_scan(page, number, replaced, settings)
            else:
                page_blocks, n_chars = read_page(page, number, settings)
            chars_seen += n_chars
            blocks.extend(page_blocks)
            page.flush_cache()
        if chars_seen == 0:
            if scanned and not ocr_ok:
                raise ExtractionError(_("scanned: no text layer ({why})").format(why=why))
            raise ExtractionError(_("scanned: no text layer") if scanned or not blocks
                                  else _("no text"))
        if turned:
            doc.warnings.append(_("page(s) {pages} read upright: their /Rotate shows the text "
                                  "sideways").format(pages=_page_list(turned)))
        if scanned:
            pages_text = _page_list(scanned)
            if ocr_ok:
                doc.warnings.append(_("page(s) {pages} read by OCR: check the text").format(
                    pages=pages_text))
            else:
                doc.warnings.append(_("scanned page(s) {pages} without a text layer "
                                      "skipped ({why})").format(pages=pages_text, why=why))
        if replaced:
            doc.warnings.append(_("page(s) {pages}: the scan's own text layer is unreliable "
                                  "(the dictionary knows {layer} of its words, {ocr} of "
                                  "the OCR's), read by OCR instead").format(
                pages=_page_list([n for n, _r in replaced]),
                layer=f"{min(r[0] for _n, r in replaced)}%",
                ocr=f"{max(r[1] for _n, r in replaced)}%"))
    doc.blocks = stitch_tables(blocks, cfg)
    return doc


def _flowing_share(layout) -> float:
    """Share of a layout's characters whose text runs left to right (0 when none)."""
    total = flowing = 0

    def walk(objs) -> None:
        nonlocal total, flowing
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTChar) and obj.get_text().strip():
                a, b = obj.matrix[0], obj.matrix[1]
                total += 1
                flowing += a > 0 and abs(b) <= 0.1 * a

    walk(layout._objs)
    return flowing / total if total else 0.0


def read_upright(pdf, page):
    """(page, turned): a page whose /Rotate shows its text sideways or upside down (the
    text drawn upright, the page turned for display) is read as drawn, with /Rotate 0;
    a page whose rotation sets rotated text upright is kept as it is."""
    if not page.rotation or _flowing_share(page.layout) >= 0.5:
        return page, False
    from pdfplumber.page import Page

    obj = page.page_obj
    saved = (dict(obj.attrs), obj.rotate)
    obj.attrs = dict(obj.attrs, Rotate=0)
    obj.rotate = 0
    flat = Page(pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
    if _flowing_share(flat.layout) >= 0.5:
        page.flush_cache()
        return flat, True
    obj.attrs, obj.rotate = saved
    return page, False


def _ocr_state(mode: str) -> tuple[bool, str]:
    """(OCR will run on image-only pages, why not)."""
    if mode == "off":
        return False, _("OCR is off")
    from .ocr import available
    ok, why = available()
    if not ok and mode == "on":
        raise ExtractionError(_("OCR requested but not available: {why}").format(why=why))
    return ok, ("" if ok else _("OCR not available: {why}").format(why=why))


def _page_list(pages: list[int]) -> str:
    """[1, 2, 3, 7] → '1-3, 7'."""
    out, start = [], None
    for i, p in enumerate(pages):
        if start is None:
            start = p
        if i + 1 == len(pages) or pages[i + 1] != p + 1:
            out.append(str(start) if start == p else f"{start}-{p}")
            start = None
    return ", ".join(out)


def page_objects(page) -> dict[str, list[dict]]:
    """pdfminer's layout of a page → chars, rects, lines, curves and images as the dicts
    pdfplumber's line finder and word extraction read, with the keys they read.

    pdfplumber's own conversion (`Page.parse_objects`) also resolves every colour, colour
    space and marked-content tag of every character: half of a page's time, for values no
    step here reads. The keys kept carry the values pdfplumber computes (same coordinates,
    same text), so the tables and words found are the same (tests/test_extractors.py)."""
    layout = page.layout
    height = page.height
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    doctop0 = page.initial_doctop
    number = page.page_number
    norm = page.pdf.unicode_norm
    out: dict[str, list[dict]] = {"char": [], "rect": [], "line": [], "curve": [], "image": []}

    def box(obj, kind: str) -> dict:
        top = height - obj.y1 + mb_top
        bottom = height - obj.y0 + mb_top
        return {"object_type": kind, "page_number": number,
                "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "y0": obj.y0, "y1": obj.y1,
                "top": top, "bottom": bottom, "doctop": doctop0 + top,
                "width": obj.width, "height": obj.height}

    def walk(objs) -> None:
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                d = box(obj, "char")
                text = obj.get_text()
                d["text"] = normalize_unicode(norm, text) if norm is not None else text
                fontname = obj.fontname
                if isinstance(fontname, bytes):          # rare: as pdfplumber does
                    fontname = fix_fontname_bytes(fontname)
                d["fontname"], d["size"], d["upright"] = fontname, obj.size, obj.upright
                d["adv"] = obj.adv
                out["char"].append(d)
            elif isinstance(obj, LTCurve):
                kind = type(obj).__name__[2:].lower()        # LTRect/LTLine/LTCurve
                d = box(obj, kind)
                d["pts"] = [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]
                d["linewidth"], d["stroke"], d["fill"] = obj.linewidth, obj.stroke, obj.fill
                d["stroking_color"] = obj.stroking_color
                d["non_stroking_color"] = obj.non_stroking_color
                out.setdefault(kind, []).append(d)
            elif isinstance(obj, LTImage):
                out["image"].append(box(obj, "image"))

    walk(layout._objs)
    return {k: v for k, v in out.items() if v}


def _is_white(color) -> bool:
    """A paint colour as pdfminer gives it (grey 0-1, RGB or CMYK tuple) is white; an unknown
    form (a pattern name, None) is not."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color or \
            not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 4:                                   # CMYK: no ink at all
        return all(v <= 0.02 for v in color)
    return all(v >= 0.98 for v in color)                  # grey or RGB


def drop_invisible(objects: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Page objects → without the shapes a reader cannot see: rectangles, lines and curves
    painted only in white (not stroked, white fill; or a white stroke). Word and LibreOffice
    paint every cell's and paragraph's background as a white rectangle; pdfplumber's line
    finder would take their edges for ruling lines and cut a table into slivers of rows."""
    def visible(d: dict) -> bool:
        stroked = d.get("stroke") and not _is_white(d.get("stroking_color"))
        filled = d.get("fill") and not _is_white(d.get("non_stroking_color"))
        return bool(stroked or filled)
    out = dict(objects)
    for kind in ("rect", "line", "curve"):
        if kind in out:
            kept = [d for d in out[kind] if visible(d)]
            if kept:
                out[kind] = kept
            else:
                del out[kind]
    return out


def drop_page_frame(objects: dict[str, list[dict]], width: float, height: float, inset: float,
                    origin: tuple[float, float] = (0.0, 0.0)) -> dict[str, list[dict]]:
    """Page objects → without a page border: one unfilled rectangle, or four lines meeting at
    their ends, whose sides all lie within `inset` pt of the page's edges (Word's page border
    is drawn 24 pt from the edge). Its lines are no table's: pdfplumber had joined them to
    the lines of a table close to the border into one cell holding the whole page."""
    x0p, y0p = origin

    def near(x0, top, x1, bottom) -> bool:
        return (x0 - x0p <= inset and top - y0p <= inset and x0p + width - x1 <= inset
                and y0p + height - bottom <= inset and x1 - x0 > width / 2
                and bottom - top > height / 2)

    out = dict(objects)
    rects = [r for r in out.get("rect", []) if not r.get("fill")
             and near(r["x0"], r["top"], r["x1"], r["bottom"])]
    if rects:
        out["rect"] = [r for r in out["rect"] if not any(r is f for f in rects)]
    lines = out.get("line", [])
    horizontal = [l for l in lines if abs(l["bottom"] - l["top"]) <= 1.5 and l["x1"] - l["x0"] > width / 2]
    vertical = [l for l in lines if abs(l["x1"] - l["x0"]) <= 1.5 and l["bottom"] - l["top"] > height / 2]
    tol = 3.0
    for top in horizontal:
        for bottom in horizontal:
            if bottom["top"] - top["top"] <= height / 2 or abs(bottom["x0"] - top["x0"]) > tol \
                    or abs(bottom["x1"] - top["x1"]) > tol:
                continue
            if not near(top["x0"], top["top"], top["x1"], bottom["bottom"]):
                continue
            sides = [v for v in vertical if abs(v["top"] - top["top"]) <= tol
                     and abs(v["bottom"] - bottom["bottom"]) <= tol
                     and (abs(v["x0"] - top["x0"]) <= tol or abs(v["x1"] - top["x1"]) <= tol)]
            left = [v for v in sides if abs(v["x0"] - top["x0"]) <= tol]
            right = [v for v in sides if abs(v["x1"] - top["x1"]) <= tol]
            if left and right:
                frame = [top, bottom, left[0], right[0]]
                out["line"] = [l for l in lines if not any(l is f for f in frame)]
                return out
    return out


SYMBOL_GLYPH = re.compile("^[\uf020-\uf0ff]$")   # a symbol font's codes, as PDF printers map them


def mark_symbol_glyphs(chars: list[dict], mark: str) -> None:
    """A symbol font's glyph that has no Unicode meaning comes through as a private-use
    character (Word's bullet from the Symbol font: U+F0B7; Wingdings: U+F0A7, U+F0D8, …):
    in a plan that is a list bullet, read as `mark` (PdfSettings.symbol_font_bullet), as a
    bullet printed in a text font reads («•»)."""
    for c in chars:
        if SYMBOL_GLYPH.match(c["text"]):
            c["text"] = mark


def is_image_only(page, cfg: PdfSettings) -> bool:
    """A scan: (almost) no text and images over much of the page, or one page-sized image
    under a text layer that is not Russian (a scanner's OCR with a Latin model reads
    «Рыбинского» as «Prr6uHcxoro»: that text is worse than none)."""
    n_chars = len(page.chars)
    if n_chars > cfg.scan_max_chars and not page.images:
        return False
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
        h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
        covered += w * h
    share = covered / area
    if n_chars <= cfg.scan_max_chars:
        return share >= cfg.scan_min_image_share
    if share < cfg.scan_layer_image_share:
        return False
    letters = [c["text"] for c in page.chars if c["text"].isalpha()]
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    return bool(letters) and cyrillic < cfg.scan_layer_min_cyrillic * len(letters)


def is_scan_with_layer(page, cfg: PdfSettings) -> bool:
    """A page-sized image under a text layer: a scan its scanner's software OCR'd."""
    if len(page.chars) <= cfg.scan_max_chars or not page.images:
        return False
    area = float(page.width * page.height) or 1.0
    return max(_clipped_area(page, im) for im in page.images) / area >= \
        cfg.scan_layer_image_share


def _clipped_area(page, im: dict) -> float:
    w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
    h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
    return w * h


def read_layered_scan(page, number: int, replaced: list, settings: Settings) -> tuple[list, int]:
    """A scan under its own text layer: the page is OCR'd too, and the layer kept only when
    its words are about as good as the OCR's (scan/layer.py); else the OCR is read and
    (page, reason) added to `replaced`. Once a page's layer was replaced, the layers of the
    pages after it (the same scanner's) are too: a table going on over the page break is then
    read the same way on both pages."""
    from .ocr import ocr_page
    from .scan.layer import compare

    layer = " ".join(w["text"] for w in page.extract_words())
    try:
        found = ocr_page(page, settings)
    except Exception:  # Tesseract failed: the layer is all there is
        return read_page(page, number, settings)
    reason = replaced[-1][1] if replaced else \
        compare(layer, " ".join(w["text"] for w in found.words), settings.layer)
    if reason is None:
        return read_page(page, number, settings)
    replaced.append((number, reason))
    return read_scanned_page(page, number, settings, found)


def read_scanned_page(page, number: int, settings: Settings, found=None) -> tuple[list, int]:
    """An image-only page through OCR (ocr.py): words and ruled cells, then as a text page."""
    from .ocr import ocr_page

    try:
        found = found or ocr_page(page, settings)
    except Exception as exc:  # Tesseract timeout / crash: this page only
        raise ExtractionError(_("OCR failed on page {n}: {error}").format(
            n=number, error=f"{type(exc).__name__}: {str(exc)[:100]}")) from exc
    blocks, n = page_blocks(found.words, found.tables, number, settings)
    for block in blocks:
        if isinstance(block, PageTable):
            block.strategy = "ocr" if block.strategy == "lines" else block.strategy + "+ocr"
    return blocks, n


def read_page(page, number: int, settings: Settings) -> tuple[list, int]:
    """One page → its tables and text lines, ordered top to bottom."""
    words = page.extract_words(extra_attrs=["fontname"], keep_blank_chars=False,
                               use_text_flow=True, return_chars=True)
    table_settings = dict(settings.pdf.table_settings)
    if settings.pdf.close_open_cells:
        closing = closing_lines(page.edges, settings.pdf.edge_tolerance)
        if closing:
            table_settings["explicit_horizontal_lines"] = \
                list(table_settings.get("explicit_horizontal_lines", [])) + closing
    tables = [t.cells for t in page.find_tables(table_settings)
              if len(t.rows) >= settings.pdf.min_table_rows]
    words = split_at_borders(words, [box for boxes in tables for box in boxes if box])
    for w in words:
        w.pop("chars", None)
    return page_blocks(words, tables, number, settings)


def split_at_borders(words: list[dict], boxes: list[tuple]) -> list[dict]:
    """Words cut where a ruled cell border runs between two of their letters: the last
    word of a cell and the first of the next printed too close to be told apart
    («класса» + «В течение» read as «классаВ»). A letter printed over the border (text
    overflowing its cell: «Э» of «Электронные», a list number «10.» or the dot of «1.» in a
    narrow № column) cuts nothing."""
    edges = [(x, top, bottom) for x0, top, x1, bottom in boxes for x in (x0, x1)]
    out: list[dict] = []
    for w in words:
        chars = w.get("chars") or []
        cy = (w["top"] + w["bottom"]) / 2
        at = None
        for x, top, bottom in edges:
            if not (w["x0"] < x < w["x1"] and top <= cy <= bottom):
                continue
            if NUMBERING.match(w["text"]):
                continue      # a list number «10.» wider than its № column: it overflows
            at = next((i for i in range(1, len(chars))
                       if chars[i - 1]["x1"] <= x + 0.5 and chars[i]["x0"] >= x - 0.5), None)
            while at is not None and chars[at]["x0"] < x and chars[at]["text"] in ".,;:)":
                # the dot of «1.» begun left of the border overflows its cell: cut after it
                at = at + 1 if at + 1 < len(chars) else None
            if at is not None:
                break
        if at is None:
            out.append(w)
            continue
        for part in (chars[:at], chars[at:]):
            out.append({**w, "text": "".join(c["text"] for c in part), "chars": part,
                        "x0": min(c["x0"] for c in part), "x1": max(c["x1"] for c in part)})
    return out


def closing_lines(edges: list[dict], tol: float) -> list[dict]:
    """The missing top or bottom lines of cells a page break left open.

    A cell merged over rows that goes on to the next page (a «III четверть» or «Контроль за
    ведением документации» group) is printed without its bottom line, and its rest on the
    next page without a top line. pdfplumber's line finder needs all four sides, so the words
    in it fell out of the table, and the text between the two pieces stopped them from being
    stitched. Where ruling lines of a grid (vertical lines that meet a horizontal one) end
    at a height where no horizontal line closes them, and either another of them or a
    horizontal line of the grid ends at that height too, a line joining them is added."""
    vertical = [e for e in edges if e.get("orientation") == "v"]
    horizontal = [e for e in edges if e.get("orientation") == "h"]
    crosses, closed = _grid_tests(horizontal, tol)
    out: list[dict] = []
    for end in ("top", "bottom"):
        open_ends = sorted((v[end], v["x0"]) for v in vertical
                           if not closed(v["x0"], v[end]) and crosses(v))
        groups: list[list[tuple[float, float]]] = []
        for y, x in open_ends:
            if groups and y - groups[-1][-1][0] <= tol:
                groups[-1].append((y, x))
            else:
                groups.append([(y, x)])
        for group in groups:
            y = sum(g[0] for g in group) / len(group)
            xs = [g[1] for g in group]
            grid_x = [v["x0"] for v in vertical if abs(v[end] - y) <= tol and crosses(v)]
            at_y = [h for h in horizontal if abs(h["top"] - y) <= tol]
            if len(xs) < 2 and not at_y:
                continue
            x0, x1 = min(grid_x), max(grid_x)   # the open ones and the grid's others there
            if x1 - x0 > tol:
                out.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                            "height": 0, "orientation": "h", "object_type": "line"})
    return out + open_between(vertical, horizontal, tol)


def _grid_tests(horizontal: list[dict], tol: float):
    """(crosses, closed): does a vertical line meet a horizontal one of the grid; is the point
    (x, y) on a horizontal line."""
    def crosses(v: dict) -> bool:
        return any(h["x0"] - tol <= v["x0"] <= h["x1"] + tol and
                   v["top"] - tol <= h["top"] <= v["bottom"] + tol for h in horizontal)

    def closed(x: float, y: float) -> bool:
        return any(abs(h["top"] - y) <= tol and h["x0"] - tol <= x <= h["x1"] + tol
                   for h in horizontal)
    return crosses, closed


def open_between(vertical: list[dict], horizontal: list[dict], tol: float) -> list[dict]:
    """The missing line of a cell left open by the page break whose neighbours' lines
    close the grid lines' ends (so `closing_lines`' first test misses it): two neighbouring
    grid lines end at the grid's lowest (highest) height, where the lines of the cells on
    both sides end at them, and nothing closes the cell between them: one gap in the line."""
    crosses, closed = _grid_tests(horizontal, tol)

    def ends_at(x: float, y: float, side: str) -> bool:
        """A line at height y ends at x, coming from the left (side "x1") or the right."""
        return any(abs(h["top"] - y) <= tol and abs(h[side] - x) <= tol and
                   h["x1"] - h["x0"] > 2 * tol for h in horizontal)

    out: list[dict] = []
    grid = [v for v in vertical if crosses(v)]
    for end, pick in (("top", min), ("bottom", max)):
        if not grid:
            break
        y = pick(v[end] for v in grid)
        xs = sorted({round(v["x0"], 1) for v in grid if abs(v[end] - y) <= tol})
        for xa, xb in zip(xs, xs[1:]):
            if xb - xa <= tol or closed((xa + xb) / 2, y) or \
                    not (ends_at(xa, y, "x1") and ends_at(xb, y, "x0")):
                continue
            if any(xa + tol < v["x0"] < xb - tol and v["top"] - tol <= y <= v["bottom"] + tol
                   for v in vertical):
                continue
            out.append({"x0": xa, "x1": xb, "top": y, "bottom": y, "width": xb - xa,
                        "height": 0, "orientation": "h", "object_type": "line"})
    return out


def page_blocks(words: list[dict], tables: list[list[tuple]], number: int,
                settings: Settings) -> tuple[list, int]:
    """Words and ruled tables (cell boxes) of one page → its tables and text lines, top to
    bottom; without ruled tables, tables found by text alignment (textgrid.py)."""
    cfg = settings.pdf
    page_tables: list[PageTable] = []
    claimed = [False] * len(words)
    for boxes in tables:
        pt = grid_from_boxes(boxes, number, cfg)
        if pt is None:
            continue
        fill_cells(pt, words, claimed, cfg)
        page_tables.append(pt)
    if not page_tables and cfg.text_tables:
        page_tables = text_tables(words, claimed, number, settings)
    free_words = [w for w, used in zip(words, claimed) if not used]
    lines = [Paragraph(text=text, page=number, bold=bold, style="")
             for _, text, bold in group_lines(free_words, cfg.line_tolerance)]
    line_tops = [top for top, _, _ in group_lines(free_words, cfg.line_tolerance)]
    items: list[tuple[float, object]] = [(top, par) for top, par in zip(line_tops, lines)]
    items += [(pt.top, pt) for pt in page_tables]
    items.sort(key=lambda it: it[0])
    return [it[1] for it in items], len(words)


def text_tables(words: list[dict], claimed: list[bool], page: int,
                settings: Settings) -> list[PageTable]:
    """Tables drawn without ruling lines, found by text alignment (textgrid.py)."""
    from .textgrid import find_text_tables

    out = []
    index = {id(w): i for i, w in enumerate(words)}
    for tt in find_text_tables(words, settings.textgrid, settings.pdf.line_tolerance):
        pt = PageTable(page=page, top=tt.top, bottom=tt.bottom, col_edges=tt.edges,
                       rows=tt.n_rows, strategy="text", first_body_row=tt.first_body_row,
                       continues=tt.continues)
        for row, col, rowspan, colspan, ws in tt.cells:
            lines = group_lines(ws, settings.pdf.line_tolerance)
            text, cuts = cut_lines([t for _, t, _ in lines], [])
            bold = bool(ws) and all("bold" in (w.get("fontname") or "").lower() for w in ws)
            box = (min(w["x0"] for w in ws), min(w["top"] for w in ws),
                   max(w["x1"] for w in ws), max(w["bottom"] for w in ws)) if ws else None
            confs = [w["conf"] for w in ws if w.get("conf") is not None]
            pt.cells.append(Cell(text=text, row=row, col=col, rowspan=rowspan, colspan=colspan,
                                 page=page, bold=bold, bbox=box, confidence=round(
                                     sum(confs) / len(confs) / 100, 3) if confs else None,
                                 cuts=cuts))
        for line in tt.lines:
            for w in line.words:
                claimed[index[id(w)]] = True
        pt.cells.sort(key=lambda c: (c.row, c.col))
        out.append(pt)
    return out


def cluster(values: list[float], tol: float) -> list[float]:
    """Sorted values with near-equal ones merged into one representative."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: list[float], v: float, tol: float) -> int:
    for i, e in enumerate(edges):
        if abs(e - v) <= tol:
            return i
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def grid_from_boxes(boxes: list[tuple], page: int, cfg: PdfSettings) -> PageTable | None:
    """Cell bounding boxes → grid positions with row/column spans."""
    if not boxes:
        return None
    tol = cfg.edge_tolerance
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    if len(xs) < 2 or len(ys) < 2:
        return None
    pt = PageTable(page=page, top=ys[0], bottom=ys[-1], col_edges=xs,
                   rows=len(ys) - 1)
    for x0, top, x1, bottom in boxes:
        c0, c1 = _index(xs, x0, tol), _index(xs, x1, tol)
        r0, r1 = _index(ys, top, tol), _index(ys, bottom, tol)
        if c1 <= c0 or r1 <= r0:
            continue
        cell = Cell(text="", row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0, page=page,
                    bbox=(x0, top, x1, bottom))
        cell._box = (x0, top, x1, bottom)  # type: ignore[attr-defined]
        pt.cells.append(cell)
    pt.cells.sort(key=lambda c: (c.row, c.col))
    return pt


def line_words(words: list[dict], tol: float) -> list[list[dict]]:
    """Words → printed lines (each a list of words left to right), top to bottom.

    Two words that overlap horizontally are never on one line, even at nearly the same
    height: that is text overflowing a cell and printed over its neighbour's first line.
    """
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for line in reversed(lines[-3:]):
            if abs(line[0]["top"] - w["top"]) <= tol and \
                    not any(o["x0"] < w["x1"] - 0.5 and w["x0"] < o["x1"] - 0.5 for o in line):
                line.append(w)
                break
        else:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return lines


def group_lines(words: list[dict], tol: float) -> list[tuple[float, str, bool]]:
    """Words → printed lines (top, text, all-bold), top to bottom, left to right (words whose
    tops differ by at most `tol` on one line)."""
    return [(line[0]["top"], join_words(line), _all_bold(line)) for line in line_words(words, tol)]


def _all_bold(words: list[dict]) -> bool:
    return bool(words) and all("bold" in (w.get("fontname") or "").lower() for w in words)


def is_broken_word(line: list[dict], following: list[dict], box: tuple, pad: float,
                   cfg: PdfSettings) -> bool:
    """The line's last word reaches the cell's right padding and the next line goes on in
    lowercase: perhaps a word wider than what was left of its line, broken without a hyphen
    («Исполните⏎ли», «деятельност⏎и»). Recorded in the cell's `cuts`; whether it is one word
    is for `normalizers.text.join_broken_words` to say. `pad` is the table's usual left padding.
    An abbreviation breaks in capitals («ШНР⏎О»): a line ending in capitals, the next line
    starting with one."""
    if not following or not line:
        return False
    first, last = following[0]["text"][:1], line[-1]["text"]
    capitals = last.isupper() and last.isalpha() and first.isupper()
    return (first.islower() or capitals) and fills_line(line, box, pad, cfg)


def cut_lines(lines: list[str], cut: list[bool]) -> tuple[str, tuple[int, ...]]:
    """A cell's printed lines → its text and its `cuts` (see `model.Cell`): the ends of the
    lines `cut` flags, and of the lines that end in a printed soft hyphen (U+00AD: the PDF
    broke a word there; the character itself is dropped)."""
    texts, cuts, at = [], [], -1
    for i, line in enumerate(lines):
        shy = line.endswith("\u00ad")
        line = line.rstrip("\u00ad") if shy else line
        at += len(line) + 1                # the offset where the line ends
        texts.append(line)
        if shy or (i < len(cut) and cut[i]):
            cuts.append(at)
    return "\n".join(texts), tuple(cuts)


def fills_line(line: list[dict], box: tuple, pad: float, cfg: PdfSettings) -> bool:
    """The line ends in a letter within about a character of the cell's right padding: it
    may have broken a word for want of width."""
    if not line:
        return False
    word = line[-1]
    if not word["text"][-1:].isalpha():
        return False
    if len(line) > 1 and len(word["text"]) < cfg.broken_word_min_chars:
        return False
    char = (word["x1"] - word["x0"]) / max(len(word["text"]), 1)
    free = (box[2] - box[0]) - 2 * pad - (word["x1"] - line[0]["x0"])   # room left on the line
    return free <= cfg.broken_word_slack * char


def line_pitch(cells: list[list[list[dict]]], tol: float) -> float | None:
    """The usual distance (pt) from one printed line's top to the next inside a cell of a
    table (the median over all its cells), None when no cell has two lines."""
    steps = sorted(b[0]["top"] - a[0]["top"] for lines in cells for a, b in zip(lines, lines[1:])
                   if b[0]["top"] - a[0]["top"] > tol)
    return steps[len(steps) // 2] if steps else None


def empty_lines_before(lines: list[list[dict]], i: int, pitch: float | None, gap: float) -> int:
    """How many empty lines stand between printed lines i-1 and i of a cell: a gap of more
    than `gap` line pitches is the empty paragraphs the author typed, one per missing pitch."""
    if not pitch or i <= 0 or i >= len(lines):
        return 0
    step = (lines[i][0]["top"] - lines[i - 1][0]["top"]) / pitch
    return max(0, round(step) - 1) if step > gap else 0


def lines_above(lines: list[list[dict]], box: tuple, top_pad: float, pitch: float | None,
                gap: float) -> int:
    """How many empty lines stand above a cell's first printed line: its offset from the
    cell's top beyond the table's usual one (`top_pad`), in line pitches, when over
    `gap` - 1 (the empty paragraphs a cell's author typed above its text to keep it beside
    an activity further down the row)."""
    if not pitch or not lines:
        return 0
    step = (lines[0][0]["top"] - box[1] - top_pad) / pitch
    return max(0, round(step)) if step > gap - 1 else 0


def lines_below(lines: list[list[dict]], box: tuple, bottom_pad: float, pitch: float | None,
                gap: float) -> int:
    """How many empty lines stand below a cell's last printed line (as `lines_above`, from
    the cell's bottom against the table's usual `bottom_pad`)."""
    if not pitch or not lines:
        return 0
    step = (box[3] - max(w["bottom"] for w in lines[-1]) - bottom_pad) / pitch
    return max(0, round(step)) if step > gap - 1 else 0


LIST_MARK = re.compile(r"^(\d{1,3}(\.\d{1,3})*[.)]|[-–—•·*])$")     # «3.», «2.1)», «–»
LIST_ITEM = re.compile(r"^\d{1,3}[.)/][А-ЯЁA-Z«\"“(]")                   # «7.Обеспеченность»


def wraps_into(line: list[dict], following: list[dict], box: tuple, pad: float,
               margin: float) -> bool:
    """The text of `line` goes on in `following` as one paragraph: the next line's first
    word would not have fitted on this one, so the line ended for want of width. Centred
    lines (both about the cell's middle) had the cell's whole width; other lines go on from
    where they end, and a paragraph's next line starts at the cell's left `margin` (the
    leftmost start of its lines). A next line that opens a list item never goes on."""
    first = following[0]
    if LIST_MARK.match(first["text"]) or LIST_ITEM.match(first["text"]):
        return False
    size = max(first.get("bottom", 0) - first.get("top", 0), 1.0)
    word = 0.25 * size + (first["x1"] - first["x0"])      # a space and the word
    left, right = box[0] + pad, box[2] - pad
    middle = (box[0] + box[2]) / 2

    def centred(ws: list[dict]) -> bool:
        return abs((ws[0]["x0"] + ws[-1]["x1"]) / 2 - middle) <= size / 2

    if centred(line) and centred(following):
        return (line[-1]["x1"] - line[0]["x0"]) + word > right - left
    return first["x0"] <= margin + size / 2 and line[-1]["x1"] + word > right


def line_layout(lines: list[list[dict]], box: tuple, pad: float,
                pitch: float | None, cfg: PdfSettings) -> tuple[tuple[int, int, int], ...]:
    """How the cell's lines were printed (`model.Cell.layout`): per line its non-space
    characters, the empty lines above it (a gap of more than `cfg.empty_line_gap` line
    pitches: one per missing pitch) and whether its text may go on in the next line
    (`wraps_into`: 1; 2 when the next line goes on in lowercase or after a hyphen; `pad`:
    the table's usual left padding). Empty for an empty cell."""
    if not lines:
        return ()
    margin = min(line[0]["x0"] for line in lines)
    out = []
    for i, line in enumerate(lines):
        n = sum(len(re.sub(r"[\s\u00ad]", "", w["text"])) for w in line)
        blanks = empty_lines_before(lines, i, pitch, cfg.empty_line_gap)
        wraps = i + 1 < len(lines) and not empty_lines_before(lines, i + 1, pitch,
                                                              cfg.empty_line_gap) \
            and wraps_into(line, lines[i + 1], box, pad, margin)
        # 2: surely one paragraph (the next line goes on in lowercase, or after a hyphen)
        sure = wraps and (lines[i + 1][0]["text"][:1].islower() or line[-1]["text"].endswith("-"))
        out.append((n, blanks, 2 if sure else int(wraps)))
    return tuple(out)


def join_words(line: list[dict]) -> str:
    """Words of one printed line → text, with a space only where the gap shows one (OCR's
    words, which carry a "conf", are words Tesseract found apart: always a space)."""
    parts: list[str] = []
    prev = None
    for w in line:
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            size = max(w.get("bottom", 0) - w.get("top", 0), 1.0)
            parts.append(" " if gap > size * 0.1 or "conf" in w else "")
        parts.append(w["text"])
        prev = w
    return "".join(parts)


def _cell_at(pt: PageTable, x: float, y: float) -> int | None:
    for k, cell in enumerate(pt.cells):
        x0, top, x1, bottom = cell._box  # type: ignore[attr-defined]
        if x0 <= x <= x1 and top <= y <= bottom:
            return k
    return None


def fill_cells(pt: PageTable, words: list[dict], claimed: list[bool], cfg: PdfSettings) -> None:
    """Give every word whose centre lies in a cell to that cell; lines joined by '\\n'.
    A word printed over a border (a «№» wider than its narrow column, the «п/п» of «№ п/п»)
    belongs to the cell it starts in when that cell has no other word, or when the word
    goes on a line of it and does not line up with the lines of the cell its centre lies
    in: text overflows its cell to the right."""
    per_cell: dict[int, list[dict]] = {}
    over: list[tuple[int, int, dict]] = []   # words that start in another cell than their centre
    for i, w in enumerate(words):
        cy = (w["top"] + w["bottom"]) / 2
        k = _cell_at(pt, (w["x0"] + w["x1"]) / 2, cy)
        if k is None:
            continue
        claimed[i] = True
        start = _cell_at(pt, w["x0"] + 0.5, cy)
        if start is not None and start != k:
            over.append((start, k, w))
        per_cell.setdefault(k, []).append(w)
    for start, k, w in over:
        size = max(w["bottom"] - w["top"], 1.0)
        mates = per_cell.get(start, [])
        goes_on = any(abs(o["top"] - w["top"]) <= cfg.line_tolerance and
                      0 <= w["x0"] - o["x1"] <= 0.6 * size for o in mates)   # a space apart
        # the centre cell's other lines start where it does: its text, indented to the left
        aligned = any(o is not w and abs(o["x0"] - w["x0"]) <= 2.0 for o in per_cell.get(k, []))
        if not mates or (goes_on and not aligned):
            for ws in per_cell.values():
                if w in ws:
                    ws.remove(w)
            per_cell.setdefault(start, []).append(w)
    per_cell = {k: ws for k, ws in per_cell.items() if ws}
    pads = sorted(min(w["x0"] for w in ws) - cell._box[0]  # type: ignore[attr-defined]
                  for k, cell in enumerate(pt.cells) if (ws := per_cell.get(k)))
    pad = pads[len(pads) // 2] if pads else 0.0      # the table's usual left padding
    cell_lines = {k: line_words(ws, cfg.line_tolerance) for k, ws in per_cell.items()}
    pitch = line_pitch(list(cell_lines.values()), cfg.line_tolerance)
    tops = sorted(lines[0][0]["top"] - pt.cells[k]._box[1]  # type: ignore[attr-defined]
                  for k, lines in cell_lines.items() if lines)
    # the offset of a first line typed at the cell's top: the low end of the table's (many
    # cells of a row may start lower, beside a later activity of the row)
    top_pad = tops[len(tops) // 10] if tops else 0.0
    bottoms = sorted(pt.cells[k]._box[3] - max(w["bottom"] for w in lines[-1])  # type: ignore
                     for k, lines in cell_lines.items() if lines)
    bottom_pad = bottoms[len(bottoms) // 10] if bottoms else 0.0
    for k, cell in enumerate(pt.cells):
        ws = per_cell.get(k, [])
        lines = cell_lines.get(k, [])
        box = cell._box  # type: ignore[attr-defined]
        # a possible break inside a word (the text stage decides); after the last line: the
        # word may go on in the row's rest on the next page
        cut = [is_broken_word(line, lines[i + 1], box, pad, cfg) if i + 1 < len(lines)
               else fills_line(line, box, pad, cfg) for i, line in enumerate(lines)]
        cell.text, cell.cuts = cut_lines([join_words(line) for line in lines], cut)
        cell.layout = line_layout(lines, box, pad, pitch, cfg)
        cell.lines_above = lines_above(lines, box, top_pad, pitch, cfg.empty_line_gap)
        cell.lines_below = lines_below(lines, box, bottom_pad, pitch, cfg.empty_line_gap)
        if not lines and pitch:       # an empty cell: its height in empty lines
            cell.lines_above = max(0, round((box[3] - box[1] - top_pad - bottom_pad) / pitch))
        cell.bold = _all_bold(ws)
        confs = [w["conf"] for w in ws if w.get("conf") is not None]
        cell.confidence = round(sum(confs) / len(confs) / 100, 3) if confs else None


# ----------------------------------------------------------------------------- stitching

NUMBERING = re.compile(r"^\s*\d+(\.\d+)*[.)]?\s*$")   # «12», «3.5», «12.», «12)»
OPENERS, CLOSERS = "«(„“", "»)“”"


def _norm(text: str) -> str:
    """Comparison form of a cell text."""
    return re.sub(r"\s+", " ", text).strip().lower()


def _row(pt: PageTable, r: int) -> list[Cell | None]:
    grid: list[Cell | None] = [None] * (len(pt.col_edges) - 1)
    for cell in pt.cells:
        if cell.row <= r < cell.row + cell.rowspan:
            for c in range(cell.col, cell.col + cell.colspan):
                grid[c] = cell
    return grid


def _row_key(pt: PageTable, r: int) -> list[str]:
    return [_norm(c.text) if c else "" for c in _row(pt, r)]


def same_columns(a: PageTable, b: PageTable, cfg: PdfSettings) -> bool:
    """Two page tables share their column grid (so b may continue a)."""
    if len(a.col_edges) != len(b.col_edges):
        return False
    tol = cfg.column_match_tolerance
    if "text" in a.strategy or "text" in b.strategy:
        tol = cfg.text_column_match_tolerance
    shift = 0.0
    if "ocr" in a.strategy or "ocr" in b.strategy:   # a scanned sheet lies a little off
        shift = b.col_edges[0] - a.col_edges[0]      # on the glass: compare the widths
    return all(abs(x + shift - y) <= tol for x, y in zip(a.col_edges, b.col_edges))


def compatible_columns(pieces: list[PageTable], b: PageTable, cfg: PdfSettings) -> list[float]:
    """The column lines of a grid both `pieces` (one table so far) and `b` fit on, when b's
    grid is the last piece's with a few lines more or fewer (a row of one piece prints a cell
    border the other's rows do not: LibreOffice keeps Word's per-row cell widths): the outer
    edges agree and every line of the sparser grid is a line of the other. Else []."""
    a = pieces[-1]
    if "text" in a.strategy or "text" in b.strategy or "ocr" in a.strategy or \
            "ocr" in b.strategy or len(a.col_edges) == len(b.col_edges):
        return []
    tol = cfg.column_match_tolerance
    fewer, more = sorted((a.col_edges, b.col_edges), key=len)
    if len(more) - len(fewer) > cfg.max_extra_column_lines:
        return []
    if abs(fewer[0] - more[0]) > tol or abs(fewer[-1] - more[-1]) > tol:
        return []
    if not all(any(abs(x - y) <= tol for y in more) for x in fewer):
        return []
    # every piece keeps its own lines apart: lines closer than that are one
    lines = cluster([x for p in (*pieces, b) for x in p.col_edges], cfg.edge_tolerance)
    if any(len({_nearest(lines, x) for x in p.col_edges}) < len(p.col_edges)
           for p in (*pieces, b)) or len(lines) > len(more) + cfg.max_extra_column_lines:
        return []
    return lines


def _nearest(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))


def onto_columns(piece: PageTable, edges: list[float]) -> None:
    """Re-cut a piece's cells onto a finer column grid (each of its own lines is one of
    `edges`)."""
    old = piece.col_edges
    for c in piece.cells:
        start, stop = _nearest(edges, old[c.col]), _nearest(edges, old[c.col + c.colspan])
        c.col, c.colspan = start, max(1, stop - start)
    piece.col_edges = list(edges)


def repeated_header_rows(first: PageTable, piece: PageTable, cfg: PdfSettings) -> int:
    """How many leading rows of `piece` repeat the leading rows of the table's first piece.

    A repeated header cell may be printed cut short (its last line overflowing into the
    row below), so a cell that is a prefix of the first piece's cell still counts, and the
    overflow is removed from the row below before that row is compared (a number row «1 2 3
    … 6» under a header whose «результат» fell into its last cell is still the number row).
    """
    n = 0
    fuzzy = "ocr" in piece.strategy or "ocr" in first.strategy
    while True:
        # the header row above, printed cut short, may have overflowed into this one (also
        # into the first row under the header, where the counting stops)
        strip_header_overflow(first, piece, n)
        if not (n < piece.rows and n < first.rows - 1):
            break
        key, full = _row_key(piece, n), _row_key(first, n)
        if not any(key) or len(key) != len(full):
            break
        if fuzzy:   # OCR reads the same header a little differently on every page
            if _similar(" | ".join(key), " | ".join(full)) < cfg.ocr_header_similarity:
                break
        elif not all(k == f or (k and f.startswith(k)) for k, f in zip(key, full)):
            break
        n += 1
    return n


def _similar(a: str, b: str) -> float:
    import difflib
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def strip_header_overflow(first: PageTable, piece: PageTable, skip: int) -> None:
    """Remove from the row under a repeated header the header text that overflowed into it
    (all of it, or its first lines: what printed below a clipped header row)."""
    if skip == 0 or skip >= piece.rows:
        return
    full_row, cut_row, below = _row(first, skip - 1), _row(piece, skip - 1), _row(piece, skip)
    for full, cut, cell in zip(full_row, cut_row, below):
        if not (full and cut and cell) or cell.row != skip:
            continue
        rest = _norm(full.text)[len(_norm(cut.text)):].strip()
        if not rest:
            continue
        lines = cell.text.split("\n")
        # the whole rest, or (clipped by the header row's height) its first words
        for k in range(len(lines), 0, -1):
            head = _norm(" ".join(lines[:k]))
            if head and (head == rest or rest.startswith(head + " ")):
                dropped = len("\n".join(lines[:k])) + 1
                cell.text = "\n".join(lines[k:])
                cell.cuts = tuple(o - dropped for o in cell.cuts if o >= dropped)
                break
        else:
            # the rest's first line shares its line with the row's own first text (a cut
            # row's last «.» going on at the page top: «.нны» under «Отве⏎тстве»)
            word = rest.split(" ")[0]
            first = lines[0]
            if len(word) >= 2 and _norm(first).endswith(word) and len(_norm(first)) > len(word):
                lines[0] = first[:len(first) - len(word)].rstrip()
                gone = len(first) - len(lines[0])
                cell.text = "\n".join(lines)
                cell.cuts = tuple(o - gone if o >= len(first) else o for o in cell.cuts)


def is_cut_row(prev: list[Cell | None], row: list[Cell | None], filled_page: bool = True,
               glue_words: frozenset[str] = frozenset()) -> bool:
    """The first row of a page piece is the rest of the previous page's last row.

    `filled_page`: the previous piece runs down to the page's bottom margin; a piece that
    ends higher up was not cut (the row after it did not start on its page); `glue_words`:
    words that never end a phrase (PdfSettings.phrase_glue_words)."""
    texts = [c.text.strip() if c else "" for c in row]
    distinct = {id(c) for c in row if c is not None}
    prev_texts = [c.text.strip() if c else "" for c in prev]
    if len(distinct) == 1 and len(row) > 1:
        # a full-width row: a section heading, never a fragment; unless the full-width row
        # above ends by announcing what follows («… ДЕЯТЕЛЬНОСТЬ ⏎ Цель:» ⏎ «- совершенствование …»)
        # or the heading above is cut mid-phrase («… педагогических и» ⏎ «управленческих
        # кадров …»: it goes on in lowercase after a word that never ends a phrase)
        above = {id(c) for c in prev if c is not None}
        if not (len(above) == 1 and len(prev) > 1 and prev_texts[0]):
            return False
        return prev_texts[0].endswith(":") or (
            filled_page and texts[0][:1].islower() and _ends_mid_phrase(prev_texts[0], glue_words))
    # a vertical merge on both sides of the break (a «III четверть» group cell) is one cell
    # going on, whose label may be printed on either page: it tells nothing of this row
    for i, c in enumerate(row):
        if c is not None and c.rowspan > 1 and _merged_above(prev, i) and len(distinct) > 2:
            texts[i] = prev_texts[i] = ""
    if not filled_page:
        # the piece ended above the page's foot: a new row, unless its cells plainly go on
        # (two or more start in lowercase or finish a phrase the cell above left open; or,
        # in a numbered plan, the row has no number and nothing in it starts afresh)
        goes_on = starts = 0
        for t, above in zip(texts, prev_texts):
            if not t:
                continue
            if t[0].islower() or t[0] in ",.;:)»”" or (above and _ends_mid_phrase(above, glue_words)):
                goes_on += 1
            elif t[0].isupper():
                starts += 1
        unnumbered = bool(prev_texts) and bool(NUMBERING.match(prev_texts[0] or "x")) \
            and not texts[0]
        return (goes_on >= 2 and goes_on > 2 * starts) or (unnumbered and goes_on and not starts)
    numbered = bool(prev_texts) and bool(NUMBERING.match(prev_texts[0] or "x"))
    if numbered and texts[0] and not any(ch.isalnum() for ch in texts[0]):
        return True   # «21» ⏎ «.»: the number above goes on, and its row with it
    if texts[0] and NUMBERING.match(texts[0]):
        # the row prints its own number: a new row, unless that is the rest of a number
        # the page cut after its dot («3.» ⏎ «5»: 3.5) and the row's text goes on
        first = next((t for t in texts[1:] if t), "")
        if not (numbered and prev_texts[0].endswith(".") and "." not in texts[0]
                and first and (first[0].islower() or first[0] in ",;:)»”")):
            return False
        return True
    body = [(i, t) for i, t in enumerate(texts) if t and not (numbered and i == 0)]
    if not body:
        return False
    filled, prev_filled = sum(1 for t in texts if t), sum(1 for t in prev_texts if t)
    # the last few cells of a full row going on mid-sentence («мероприятия на» ⏎
    # «информационном ресурсе»), the row's own deadline, responsible, … printed above
    # (or, with a capital, in a cell whose text above ran down to the page's foot: it
    # printed the most lines of the row, «… ШППКО для» ⏎ «МКОУ Орьевская …»)
    sparse_rest = len(row) >= 3 and filled * 2 <= prev_filled and \
        all(_goes_on(t) or _ran_to_foot(prev, i) for i, t in body)
    if numbered and not texts[0] and body[0][0] > 1 and _merged_above(prev, 1) \
            and not sparse_rest:
        return False  # № and activity merged over this row too: a new row of the group
    if filled == 1 and row[body[0][0]] is not None and row[body[0][0]].bold and \
            not any(c is not None and c.bold for c in prev):
        return False  # a bold heading alone at the top of the page
    if numbered and not texts[0]:
        return True
    if filled and len(row) >= 3 and filled * 2 <= prev_filled:
        return True  # a sparse row under a full one: the rest of a few long cells
    first = body[0][1]
    if _goes_on(first):
        return True   # the first text column goes on mid-sentence
    if _ends_mid_phrase(prev_texts[body[0][0]], glue_words):
        return True   # «… поддержки ШНРО и» ⏎ «ШНСУ с учетом …»: a capital that goes on
    if _starts_afresh(first) and _rest_goes_on(row, prev, body):
        return True   # «Мониторинг показателей» beside cells that all go on, under a full row
    if _starts_afresh(first) or first[0].isdigit():
        return False
    # otherwise let the cells vote: a text that goes on against one that starts afresh (an
    # abbreviation in capitals, «ШНРО и ШНСУ …», may stand anywhere in a sentence: no vote)
    goes_on = starts = 0
    for _, t in body:
        if _goes_on(t):
            goes_on += 1
        elif _starts_afresh(t):
            starts += 1
    return goes_on > starts


def _ran_to_foot(prev: list[Cell | None], col: int) -> bool:
    """The previous page's last cell in `col` printed the most lines of its row (two or
    more), among the cells of that row alone: its text ran down to the page's foot."""
    cell = prev[col] if col < len(prev) else None
    if cell is None or cell.rowspan != 1:
        return False
    lines = _printed_lines(cell)
    return lines >= 2 and lines == _longest_own(prev)


def _printed_lines(cell: Cell) -> int:
    """How many lines a cell printed, blank ones included (0: not known)."""
    return sum(1 + blank for _n, blank, _go in cell.layout)


def _longest_own(prev: list[Cell | None]) -> int:
    """The most lines a cell of the previous page's last row printed, among the cells of
    that row alone (not merged over rows above it)."""
    return max((_printed_lines(p) for p in prev if p is not None and p.rowspan == 1), default=0)


def sub_row_under_merge(prev: list[Cell | None], row: list[Cell | None]) -> int:
    """The first row of a page piece is a new row under cells merged over it from the row
    above (Word's «1.1 | activity» merged over two rows of deadlines and results, the
    second row on the next page): how many columns on the left go on over the break (the
    merged cells, joined and stretched over the new row); 0 when it is not such a row.

    It is one when the row has no number of its own in a numbered plan and holds text in
    two or more columns whose cells above ended before the page's foot: each printed fewer
    lines than the row's longest one, and a cell of a row the break cut goes on only where
    it ran down to the foot. (One such cell is no proof: blank lines at a cell's end, which
    the layout does not count, may have carried it down.) The columns before the first
    such column are the merged ones."""
    if len(row) < 3 or not prev or prev[0] is None or not NUMBERING.match(prev[0].text or "x"):
        return 0
    if row[0] is not None and row[0].text.strip():
        return 0
    longest = _longest_own(prev)
    new: list[int] = []
    for i, (c, p) in enumerate(zip(row, prev)):
        text = c.text.strip() if c is not None else ""
        if i == 0 or not text or c is p or p is None or not p.text.strip():
            continue
        lines = _printed_lines(p) if p.rowspan == 1 else 0
        if 0 < lines < longest and text[0] not in ",.;:)»”" and not _unbalanced_close(text):
            new.append(i)
        elif new and _goes_on(text):
            return 0          # a cell right of the new ones goes on: the break cut the row
    return new[0] if len(new) >= 2 else 0    # one such cell may have printed blank lines


def _rest_goes_on(row: list[Cell | None], prev: list[Cell | None], body: list) -> bool:
    """Every other text of the row goes on mid-sentence (lowercase or closing punctuation),
    and a cell the row above filled is empty here (no merge running on): the rest of a cut
    row whose first column goes on with a capital («… образования» ⏎ «Мониторинг
    показателей»), not a new row (which prints its own responsible, result, …)."""
    others = [t for i, t in body[1:] if row[i] is not row[body[0][0]]]
    if not others or not all(t[0].islower() or t[0] in ",.;:)»”" for t in others):
        return False
    return any(not (c.text.strip() if c else "") and p is not None and p.text.strip()
               and p.rowspan == 1 for c, p in zip(row, prev))


def _goes_on(text: str) -> bool:
    """The text goes on mid-sentence: lowercase, closing punctuation or an unopened
    bracket."""
    return text[0].islower() or text[0] in ",.;:)»”" or _unbalanced_close(text)


def _starts_afresh(text: str) -> bool:
    """The text opens with a capital that is no abbreviation in capitals («Проведение …», not
    «ШНРО и ШНСУ …»)."""
    word = re.match(r"\w+", text)
    return text[:1].isupper() and not (word and len(word.group(0)) >= 2 and word.group(0).isupper())


def _ends_mid_phrase(text: str, glue_words: frozenset[str]) -> bool:
    """The text stops after a comma, a dash or a word that never ends a phrase («и», «в»,
    «для»: PdfSettings.phrase_glue_words)."""
    text = text.rstrip()
    if not text:
        return False
    if text[-1] in ",-–—":
        return True
    last = text.rsplit(None, 1)[-1]
    return last in glue_words


def _merged_above(prev: list[Cell | None], col: int) -> bool:
    """The previous page's last cell in `col` is a vertical merge over several rows."""
    return col < len(prev) and prev[col] is not None and prev[col].rowspan > 1


def _unbalanced_close(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in "«(":
            depth += 1
        elif ch in "»)":
            depth -= 1
            if depth < 0:
                return True
    return False


def _join_text(a: Cell, b: Cell) -> tuple[str, tuple[int, ...]]:
    """A cell cut by the page break and its rest: one text and its cuts. A word the page
    break may have broken (a cut after `a`'s last line, from fill_cells) stays a possible
    cut only where the rest goes on in lowercase."""
    cuts = a.cuts
    if len(a.text) in cuts and not b.text[:1].islower():
        cuts = tuple(o for o in cuts if o != len(a.text))
    if not a.text:
        return b.text, b.cuts
    if not b.text:
        return a.text, cuts
    return a.text + "\n" + b.text, cuts + tuple(len(a.text) + 1 + o for o in b.cuts)


def _join_layout(a: Cell, b: Cell) -> tuple[tuple[int, int, int], ...]:
    """The printed lines of a cell cut by the page break and of its rest (`Cell.layout`):
    the text goes on over the break as one paragraph, unless empty lines stand between
    them (below the last line on one page, above the first on the next: a value padded to
    stand beside a later activity of the row). Empty when either is not known."""
    if not a.text:
        return b.layout
    if not b.text:
        return a.layout
    if not a.layout or not b.layout:
        return ()
    n, blanks, _wraps = a.layout[-1]
    first_n, first_blanks, first_wraps = b.layout[0]
    gap = a.lines_below + b.lines_above
    return a.layout[:-1] + ((n, blanks, 1),) + \
        ((first_n, first_blanks + gap, first_wraps),) + b.layout[1:]


def _join_cells(a: Cell, b: Cell) -> None:
    """`a` with its rest `b` from the next page: text, cuts, printed lines and the empty
    lines above and below (an `a` with no text on its page is all empty lines)."""
    a.layout = _join_layout(a, b)
    if not a.text.strip():
        a.lines_above += b.lines_above
    a.lines_below = b.lines_below
    a.text, a.cuts = _join_text(a, b)


def usual_page_bottom(blocks: list, gap: float) -> float | None:
    """The lowest height the document's tables reach at a page's foot: the lowest page
    bottom another page's table also reaches (within `gap`). A lone lower one (a diagram
    drawn as a grid on one page) does not move the foot every page's plan runs down to."""
    lowest: dict[int, float] = {}
    for b in blocks:
        if isinstance(b, PageTable):
            lowest[b.page] = max(lowest.get(b.page, b.bottom), b.bottom)
    bottoms = sorted(lowest.values(), reverse=True)
    if len(bottoms) < 2:
        return bottoms[0] if bottoms else None
    for b in bottoms:
        if sum(1 for o in bottoms if abs(o - b) <= gap) >= 2:
            return b
    return bottoms[0]


def stitch_tables(blocks: list, cfg: PdfSettings | None = None) -> list:
    """Page tables → logical tables: continuations joined, headers dropped, cut rows rejoined."""
    cfg = cfg or defaults().pdf
    out: list = []
    current: list[PageTable] = []    # pieces of the logical table being built
    between: list[Paragraph] = []    # text lines since the last piece

    page_bottom = usual_page_bottom(blocks, cfg.cut_row_max_gap)

    def flush():
        if current:
            out.append(build_table(current, page_bottom, cfg))
            current.clear()

    for block in blocks:
        if isinstance(block, PageTable):
            if current and not between and block.page == current[-1].page + 1:
                if same_columns(current[-1], block, cfg):
                    current.append(block)
                    continue
                edges = compatible_columns(current, block, cfg)
                if edges:
                    for p in (*current, block):
                        onto_columns(p, edges)
                    current.append(block)
                    continue
            flush()
            out.extend(between)
            between = []
            current.append(block)
        else:
            if current and _is_running_text(block):
                continue  # page numbers / running heads between pieces
            between.append(block)
            if current and block.page == current[-1].page:
                flush()
                out.extend(between)
                between = []
    flush()
    out.extend(between)
    for i, t in enumerate(b for b in out if isinstance(b, Table)):
        t.index = i
    return out


def _is_running_text(par: Paragraph) -> bool:
    return bool(re.fullmatch(r"\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*", par.text))


def drop_slivers(pieces: list[PageTable], width: float) -> None:
    """Grid columns narrower than `width` that hold no text of their own (two ruling lines a
    few points apart: one row's cell border printed off the others') are removed: the line
    fewer cell borders use goes, and the cells on it end (start) at the other one. All
    pieces share one grid (stitch_tables made it so)."""
    edges = list(pieces[0].col_edges)
    if any(p.col_edges != edges for p in pieces):
        return
    cells = [c for p in pieces for c in p.cells]
    while True:
        votes = [0] * len(edges)
        for c in cells:
            votes[c.col] += 1
            votes[c.col + c.colspan] += 1
        gone = keep = None
        for i in range(len(edges) - 1):
            if edges[i + 1] - edges[i] >= width:
                continue
            if any(c.col == i and c.colspan == 1 and c.text.strip() for c in cells):
                continue                       # a narrow column with text: a real one
            if i == 0:                         # at the table's sides the outer line stays
                gone, keep = 1, 0
            elif i + 1 == len(edges) - 1:
                gone, keep = i, i + 1
            elif votes[i] < votes[i + 1]:
                gone, keep = i, i + 1
            else:
                gone, keep = i + 1, i
            break
        if gone is None or len(edges) <= 2:
            return
        for c in cells:
            start, stop = c.col, c.col + c.colspan
            start = keep if start == gone else start
            stop = keep if stop == gone else stop
            start, stop = (start - (start > gone), stop - (stop > gone))
            c.col, c.colspan = start, stop - start
        for p in pieces:
            p.cells = [c for c in p.cells if c.colspan > 0 or c.text.strip()]
            for c in p.cells:
                c.colspan = max(1, c.colspan)
            p.col_edges = edges[:gone] + edges[gone + 1:]
        cells = [c for p in pieces for c in p.cells]
        edges = list(pieces[0].col_edges)


def build_table(pieces: list[PageTable], page_bottom: float | None = None,
                cfg: PdfSettings | None = None) -> Table:
    """Join the page pieces of one table into one grid; `page_bottom` is the lowest a table
    reaches on any page of the document (where a full page's table ends)."""
    cfg = cfg or defaults().pdf
    drop_slivers(pieces, cfg.sliver_width)
    first = pieces[0]
    n_cols = len(first.col_edges) - 1
    cells: list[Cell] = [Cell(c.text, c.row, c.col, c.rowspan, c.colspan, c.page, c.bold,
                              bbox=c.bbox, confidence=c.confidence, cuts=c.cuts,
                              layout=c.layout, lines_above=c.lines_above,
                              lines_below=c.lines_below)
                         for c in first.cells]
    row_pages = [first.page] * first.rows
    n_rows = first.rows
    for piece in pieces[1:]:
        skip = repeated_header_rows(first, piece, cfg)     # (its overflow removed)
        if skip >= piece.rows:
            continue
        last_row = {c: None for c in range(n_cols)}
        for cell in cells:
            if cell.row <= n_rows - 1 < cell.row + cell.rowspan:
                for c in range(cell.col, cell.col + cell.colspan):
                    last_row[c] = cell
        prev = [last_row[c] for c in range(n_cols)]
        piece_first = _row(piece, skip)
        lead = 0            # columns merged over the break into a new row (sub_row_under_merge)
        if piece.continues is not None and skip == piece.first_body_row:
            cut = bool(cells) and piece.continues
        else:
            previous_piece = pieces[pieces.index(piece) - 1]
            filled = page_bottom is None or \
                previous_piece.bottom >= page_bottom - cfg.cut_row_max_gap
            lead = sub_row_under_merge(prev, piece_first) if cells else 0
            cut = bool(cells) and not lead and \
                is_cut_row(prev, piece_first, filled, cfg.phrase_glue_words)
        offset = n_rows - skip - (1 if cut else 0)
        for pc in piece.cells:
            if pc.row + pc.rowspan <= skip:
                continue
            row = max(pc.row, skip)
            span = pc.row + pc.rowspan - row
            target = last_row.get(pc.col) if row == skip else None
            same_place = target is not None and target.col == pc.col and target.colspan == pc.colspan
            if lead and row == skip and pc.col + pc.colspan <= lead and same_place:
                if pc.text.strip():       # the merged cell's rest, printed on this page
                    _join_cells(target, pc)
                target.rowspan += span
                continue
            if cut and same_place:
                _join_cells(target, pc)
                target.rowspan += span - 1
                continue
            if cut and row == skip and span == 1 and not pc.text.strip():
                continue        # nothing of the cut row goes on here: the cells above hold it
                                # (an empty cell over other columns would hide their text)
            if not cut and same_place and not pc.text.strip() and (target.rowspan > 1 or span > 1) \
                    and target.text.strip():
                # a vertical merge running on over the page break: merged above it, or an empty
                # cell merged over several rows below it (the merge began on the last row above)
                target.rowspan += span
                continue
            cells.append(Cell(pc.text, row + offset, pc.col, span, pc.colspan, pc.page, pc.bold,
                              bbox=pc.bbox, confidence=pc.confidence, cuts=pc.cuts,
                              layout=pc.layout, lines_above=pc.lines_above,
                              lines_below=pc.lines_below))
        added = piece.rows - skip - (1 if cut else 0)
        row_pages += [piece.page] * added
        n_rows += added
    for cell in cells:                      # a cell that did not go on: no break to resolve
        cell.cuts = tuple(o for o in cell.cuts if o < len(cell.text))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(index=0, cells=cells, n_rows=n_rows, n_cols=n_cols, page=first.page,
                 row_pages=row_pages)
