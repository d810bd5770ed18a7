"""OCR of scanned PDF pages: a clean page image, ruled tables cut into cells, each cell OCR'd alone.

    page → grey image (pypdfium2, through pdfplumber)
         → upright (quarter turns by Tesseract's orientation detection), deskewed,
           binarised against uneven light, specks removed              (scan/image.py)
         → ruling lines by morphology → cell boxes grouped per table   (scan/image.py)
         → every cell OCR'd alone, the text outside the tables in one pass
           (Tesseract `rus` through tesserocr's C API, else pytesseract) (scan/engine.py)
         → OCR confusions repaired by a dictionary check               (scan/words.py)
         → words (with their confidence) and cell boxes in PDF points, as pdfplumber
           gives them for a text page

`pdf.py` then builds the tables exactly as for a ruled text page (boxes → grid with spans →
words into cells, each cell's confidence the mean of its words' → stitched across pages);
a scan without ruling lines goes through the text-alignment path (`textgrid.py`).
`available()` says what is missing.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pipeline.i18n import _

from .settings import OcrSettings, Settings, defaults

INSTALL_HINT = ("apt-get install -y tesseract-ocr tesseract-ocr-rus; "
                "pip install tesserocr (or pytesseract) opencv-python-headless")


@dataclass
class OcrPage:
    """What OCR found on one page, in PDF points (top-left origin, like pdfplumber)."""

    words: list[dict]
    tables: list[list[tuple[float, float, float, float]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # what cleaning did (turned, deskewed)


@functools.lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """(True, '') when OCR can run; else (False, what is missing)."""
    try:
        import cv2  # noqa: F401
    except ImportError as exc:
        return False, f"Python package missing ({exc.name}): {INSTALL_HINT}"
    from .scan.engine import executable, tessdata_dir
    try:
        import tesserocr  # noqa: F401
        if tessdata_dir():
            return True, ""
    except ImportError:
        pass
    try:
        import pytesseract
    except ImportError as exc:
        return False, _("Python package missing ({name}): {hint}").format(
            name=exc.name, hint=INSTALL_HINT)
    exe = executable()
    if not exe:
        return False, _("tesseract not installed: {hint}").format(hint=INSTALL_HINT)
    pytesseract.pytesseract.tesseract_cmd = exe
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as exc:  # a broken install
        return False, _("tesseract does not run: {error}").format(
            error=f"{type(exc).__name__}: {str(exc)[:80]}")
    if "rus" not in langs:
        return False, _("Tesseract's Russian data missing: apt-get install -y tesseract-ocr-rus")
    return True, ""


def render(page, dpi: int):
    """A pdfplumber page → its grey image as a numpy array: pdfium's rendering straight to
    grey (the pixels of pdfplumber's `to_image(antialias=True)`, without its RGB copy and
    its annotation canvas: ~15 ms a page less); a cropped page goes through pdfplumber."""
    import numpy as np
    pdf = getattr(page, "pdf", None)
    if pdf is None or not page.is_original or tuple(page.bbox) != tuple(page.cropbox):
        image = page.to_image(resolution=dpi, antialias=True).original.convert("L")
        return np.asarray(image)
    import pypdfium2 as pdfium

    if pdf.path is None:
        pdf.stream.seek(0)
    doc = pdfium.PdfDocument(pdf.path or pdf.stream, password=pdf.password)
    try:
        bitmap = doc[page.page_number - 1].render(scale=dpi / 72, prefer_bgrx=True)
        return np.asarray(bitmap.to_pil().convert("L"))
    finally:
        doc.close()


def ocr_page(page, settings: Settings | None = None) -> OcrPage:
    """One pdfplumber page (a scan) → words and ruled table cell boxes, in points."""
    settings = settings or defaults()
    dpi = page_dpi(page, settings.ocr)
    _SEEN.document(getattr(page, "pdf", None))
    return ocr_image(render(page, dpi), dpi, (float(page.bbox[0]), float(page.bbox[1])), settings)


def page_dpi(page, cfg: OcrSettings) -> int:
    """The resolution to read a page at: `cfg.dpi`, or a black-and-white page image's own
    resolution (up to `cfg.bilevel_max_dpi`) when that is higher: a 1-bit scan brought down
    loses the thin strokes its pixels hold."""
    try:
        shown = max((float(im["x1"]) - float(im["x0"]) for im in page.images), default=0.0)
        if shown < 0.5 * float(page.width):
            return cfg.dpi
        pixels = max((w for bits, w in _page_image_formats(page) if bits == 1), default=0)
    except Exception:        # an odd resource dictionary: the usual resolution
        return cfg.dpi
    return max(cfg.dpi, min(int(round(pixels * 72.0 / shown)), cfg.bilevel_max_dpi))


def _page_image_formats(page) -> list[tuple[int, int]]:
    """(bits per pixel, width in pixels) of the images a page's resources hold."""
    from pdfminer.pdftypes import resolve1

    resources = resolve1(page.page_obj.resources) or {}
    out = []
    for ref in (resolve1(resources.get("XObject")) or {}).values():
        stream = resolve1(ref)
        attrs = getattr(stream, "attrs", {})
        if getattr(resolve1(attrs.get("Subtype")), "name", "") != "Image":
            continue
        bits = 1 if resolve1(attrs.get("ImageMask")) else resolve1(attrs.get("BitsPerComponent"))
        out.append((int(bits or 8), int(resolve1(attrs.get("Width")) or 0)))
    return out


def ocr_image(grey, dpi: int, offset: tuple[float, float] = (0.0, 0.0),
              settings: Settings | None = None) -> OcrPage:
    """A grey page image → its words and table cell boxes in points."""
    import cv2
    import numpy as np

    from .scan.engine import PSM_AUTO, get_engine
    from .scan.glyphs import fix_dashes
    from .scan.image import cell_boxes, clean_page, ruling_lines, snap_to_lines

    settings = settings or defaults()
    cfg = settings.ocr
    engine = get_engine(cfg.lang)
    grey, ink, notes = clean_page(grey, dpi, osd=engine.osd, settings=settings.scan)
    lines = ruling_lines(ink, dpi, settings.scan)
    tables = cell_boxes(lines, dpi, settings.scan)
    text_ink = ink
    page_img = grey.copy()                        # dark text on white paper
    if lines is not None:
        grow = cfg.line_erase * 2 + 1
        mask = cv2.dilate(cv2.bitwise_or(*lines), np.ones((grow, grow), np.uint8))
        text_ink = cv2.bitwise_and(ink, cv2.bitwise_not(mask))
        page_img[mask > 0] = 255                  # ruling lines erased
    scale = 72.0 / dpi
    to_pt = _Points(scale, offset)
    words: list[dict] = []
    rest, rest_ink = page_img.copy(), text_ink.copy()
    for cells in tables:
        for box in cells:
            words += cell_words(engine, page_img, text_ink, box, to_pt, cfg)
        x0, y0 = max(0, min(b[0] for b in cells)), max(0, min(b[1] for b in cells))
        x1, y1 = max(b[2] for b in cells), max(b[3] for b in cells)
        rest[y0:y1, x0:x1] = 255
        rest_ink[y0:y1, x0:x1] = 0
    extent = ink_extent(rest_ink, cfg.min_ink)
    if extent is not None:               # the text outside tables, cut to its extent
        m = cfg.cell_margin
        bx, by, bw, bh = extent
        x0, y0 = max(0, bx - m), max(0, by - m)
        x1, y1 = bx + bw - 1 + m, by + bh - 1 + m
        crop = np.ascontiguousarray(rest[y0:y1, x0:x1])
        found = engine.words(crop, PSM_AUTO)
        found += unread_lines(engine, crop, rest_ink[y0:y1, x0:x1], found, dpi, cfg)
        words += _to_words(fix_dashes(crop, found, cfg.dash_em, cfg.dash_in_word_em), x0, y0,
                           to_pt)
    boxes = [[to_pt.box(b) for b in cells] for cells in snap_to_lines(tables, lines)]
    return OcrPage(words=words, tables=boxes, notes=notes)


def unread_lines(engine, crop, ink, found: list[tuple], dpi: int, cfg: OcrSettings) -> list[tuple]:
    """Lines of the text outside the tables that the page layout left out, read as blocks.

    Tesseract's page layout (PSM 3) drops a region it takes for a picture, with the lines in
    it: a stamp over the title of a signed plan, a signature across the approval block. The
    ink that no word read covers is cut into bands of rows; a band at least a line of small
    type high is read again as one block, the words already read whitened out, and its words
    of at least the confidence `ocr.unread_text` gives are kept (a stamp's own ring and letters read as
    low-confidence fragments). Before and after that, the rest of each line read in part is
    read again on the line's own height (`_rest_of_read_lines`)."""
    import numpy as np

    from .scan.engine import PSM_BLOCK

    min_conf, min_pt = cfg.unread_text
    if min_conf > 100 or not ink.any():
        return []
    h, w = ink.shape
    left = ink.copy()
    page = crop.copy()

    def whiten(words: list[tuple]) -> None:
        for _t, x, y, ww, hh, _c, _l in words:
            pad = max(2, hh // 6)
            left[max(0, y - pad):y + hh + pad, max(0, x - pad):x + ww + pad] = 0
            page[max(0, y - pad):y + hh + pad, max(0, x - pad):x + ww + pad] = 255

    whiten(found)
    out = _rest_of_read_lines(engine, page, left, found, min_conf, cfg)
    whiten(out)
    rows = np.flatnonzero((left > 0).sum(axis=1) > 1)
    if rows.size == 0:
        return out
    line_px = max(4, int(min_pt * dpi / 72))
    bands, start, prev = [], int(rows[0]), int(rows[0])
    for r in rows[1:]:
        if r - prev > line_px // 2:            # a white gap: the band ends
            bands.append((start, prev + 1))
            start = int(r)
        prev = int(r)
    bands.append((start, prev + 1))
    block: list[tuple] = []
    for b, (y0, y1) in enumerate(bands):
        band_ink = left[y0:y1]
        if y1 - y0 < line_px or int(band_ink.sum() // 255) < cfg.min_ink * 4:
            continue                           # specks, an underline for a signature
        cols = np.flatnonzero(band_ink.any(axis=0))
        m = cfg.cell_margin
        x0, x1 = max(0, int(cols[0]) - m), min(w, int(cols[-1]) + 1 + m)
        ya, yb = max(0, y0 - m), min(h, y1 + m)
        region = np.ascontiguousarray(page[ya:yb, x0:x1])
        for text, x, y, ww, hh, conf, line in engine.words(region, PSM_BLOCK):
            if conf >= min_conf and any(ch.isalnum() for ch in text):
                block.append((text, x + x0, y + ya, ww, hh, conf, ("unread", b, line)))
    whiten(block)
    return out + block + _rest_of_read_lines(engine, page, left, block, min_conf, cfg)


def _rest_of_read_lines(engine, page, left, found: list[tuple], min_conf: float,
                        cfg: OcrSettings) -> list[tuple]:
    """Words of a line the page layout read in part (a stamp over the end of a title line:
    «… в рамках» read, «профилактике» under the stamp's ring not): the ink left on that
    line's own height is read again as one line, so the stamp's ink above and below it does
    not make the block unreadable. The words keep the line's key (they are of that line)."""
    import numpy as np

    from .scan.engine import PSM_LINE
    from .scan.words import known

    spans: dict = {}
    for _t, _x, y, _w, hh, _c, line in found:
        top, bottom = spans.get(line, (y, y + hh))
        spans[line] = (min(top, y), max(bottom, y + hh))
    out: list[tuple] = []
    m = cfg.cell_margin
    for line, (top, bottom) in spans.items():
        ya, yb = max(0, top - m), min(page.shape[0], bottom + m)
        band = left[ya:yb]
        if int(band.sum() // 255) < cfg.min_ink * 4:
            continue
        cols = np.flatnonzero(band.any(axis=0))
        x0, x1 = max(0, int(cols[0]) - m), min(page.shape[1], int(cols[-1]) + 1 + m)
        region = np.ascontiguousarray(page[ya:yb, x0:x1])
        for text, x, y, ww, hh, conf, _l in engine.words(region, PSM_LINE):
            core = re.search(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", text)
            if conf >= min_conf and sum(ch.isalpha() for ch in text) >= 2:
                out.append((text, x + x0, y + ya, ww, hh, conf, line))
            elif conf >= min_conf - cfg.unread_known_slack and core and \
                    len(core.group(0)) >= 5 and known(core.group(0)):
                # a long dictionary word read through a stamp's ink: the word, without the
                # ink's marks around it («профилактике”»)
                out.append((core.group(0), x + x0, y + ya, ww, hh, conf, line))
    return out


def ink_extent(ink, min_ink: int) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) around the ink blobs of at least `min_ink` px, or None when there is
    none. Specks left in a page's corners (the page's own noise, remnants of an erased
    frame) would stretch the text outside the tables over the whole page: Tesseract then
    lays out a page-sized white image to find a page number in it."""
    import cv2

    from .scan.image import components

    if cv2.countNonZero(ink) <= min_ink:
        return None
    n, _labels, stats, _ = components(ink)
    big = [stats[k] for k in range(1, n) if stats[k][4] >= min_ink]
    if not big:
        return None
    x0 = min(int(s[0]) for s in big)
    y0 = min(int(s[1]) for s in big)
    x1 = max(int(s[0] + s[2]) for s in big)
    y1 = max(int(s[1] + s[3]) for s in big)
    return x0, y0, x1 - x0, y1 - y0


@dataclass
class _Points:
    scale: float
    offset: tuple[float, float]

    def x(self, px: float) -> float:
        return px * self.scale + self.offset[0]

    def y(self, px: float) -> float:
        return px * self.scale + self.offset[1]

    def box(self, b: tuple) -> tuple[float, float, float, float]:
        return (self.x(b[0]), self.y(b[1]), self.x(b[2]), self.y(b[3]))


def cell_words(engine, page_img, text_ink, box: tuple, to_pt: _Points, cfg: OcrSettings) -> list[dict]:
    """The words of one table cell, OCR'd alone on a white margin."""
    import numpy as np

    from .scan.engine import PSM_LINE, PSM_SPARSE
    from .scan.glyphs import fix_breve, fix_case, fix_dashes, fix_first_capital, spaces_by_ink
    from .scan.words import initials_after_names, known, lettered_list, stray_capitals

    h, w = page_img.shape
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3])
    if x1 - x0 < 4 or y1 - y0 < 4 or int(text_ink[y0:y1, x0:x1].sum() // 255) < cfg.min_ink:
        return []
    m = cfg.cell_margin
    ink = text_ink[y0:y1, x0:x1]
    key = (to_pt.scale, cfg)              # another resolution or settings: another reading
    seen = _SEEN.get(ink, key, cfg.reuse_max_mismatch) if cfg.reuse_max_mismatch >= 0 \
        else None
    if seen is not None:
        found, (ox, oy) = seen
        return _to_words(found, x0 - m + ox, y0 - m + oy, to_pt)
    crop = np.full((y1 - y0 + 2 * m, x1 - x0 + 2 * m), 255, np.uint8)
    crop[m:m + y1 - y0, m:m + x1 - x0] = page_img[y0:y1, x0:x1]
    found = engine.words(crop)
    read, printed = len({w[6] for w in found}), printed_lines(text_ink[y0:y1, x0:x1])
    if read < printed:
        # Tesseract's block reading merged two tight lines and lost one: read the cell
        # again as sparse text, which finds every line
        sparse = engine.words(crop, PSM_SPARSE)
        if len(sparse) > len(found):
            found = sparse
    elif read > printed and unknown_words(found):
        # more lines than printed, and words the dictionary lacks: the block reading cut
        # a centred line's words apart («тренер, / инструктора» read «трене / ин ы /
        # структора»); the sparse reading is taken where more of its letters are in
        # words the dictionary knows
        sparse = engine.words(crop, PSM_SPARSE)
        if known_words(sparse) > known_words(found):
            found = sparse
    if found and (len({w[6] for w in found}) == 1 or sum(len(w[0]) for w in found) <= 4) \
            and _mean_conf(found) < cfg.line_reread_conf:
        # one line (or a few letters) read unsurely: Tesseract's block layout on a tall cell
        # with a short lone word («2.» in a № cell: «5», «3.»: «5» ⏎ «э.») reads it worse than
        # a line reading does; the line reading of a cell that really holds more lines is
        # the less sure one, and is not taken
        line = engine.words(crop, PSM_LINE)
        if line and _mean_conf(line) > _mean_conf(found):
            found = line
    found = roman_cell(found, ink, m, 72.0 / to_pt.scale, cfg)
    found = reread_roman_number(engine, crop, reread_digits(engine, crop, found))
    found = reread_unknown(engine, crop, join_split_words(found))
    pt, low, high = cfg.case_alone
    found = fix_dashes(crop, found, cfg.dash_em, cfg.dash_in_word_em)
    found = stray_capitals(fix_case(crop, found, cfg.case_em, alone=(pt / to_pt.scale, low, high)))
    found = fix_first_capital(crop, found, known, cfg.first_capital)
    found = spaces_by_ink(crop, lettered_list(initials_after_names(found)), *cfg.stop_space_em,
                          known=known)
    found = fix_breve(crop, found)
    if cfg.reuse_max_mismatch >= 0:
        _SEEN.put(ink, key, found)
    return _to_words(found, x0 - m, y0 - m, to_pt)


def _mean_conf(found: list[tuple]) -> float:
    """The mean confidence (0-100) of the words read, weighted by their letters."""
    size = sum(len(w[0]) for w in found)
    return sum(w[5] * len(w[0]) for w in found) / size if size else 0.0


def roman_cell(found: list[tuple], ink, margin: int, dpi: float, cfg: OcrSettings) -> list[tuple]:
    """A cell Tesseract read as little or nothing (at most three characters, no digit) whose ink is a
    Roman number alone, by its letters' shapes (`glyphs.roman_from_ink`: a № cell's bold
    sans «I», «II», «IV», which both the `rus` and the `eng` model miss; or a serif «1.»,
    «11» read as nothing, its flag and foot lost) → that number as the cell's one word."""
    import cv2

    from .scan.glyphs import roman_from_ink

    if sum(len(w[0]) for w in found) > 3 or any(c.isdigit() for w in found for c in w[0]):
        return found                 # a number Tesseract read («1», «11» in a serif type
        #                              whose thin flag and foot the scan lost) stays
    roman = roman_from_ink(ink, dpi, cfg.roman_cap_pt)
    if not roman or (roman[0] == "1" and found):
        return found                 # a slim bar is a «1» only where Tesseract read nothing
    x, y, w, h = cv2.boundingRect(ink)
    return [(roman, x + margin, y + margin, w, h, 90.0, 1)]


class _SeenCells:
    """The readings of the cells read last, by the shape of their ink: a cell whose ink is
    the same as one read before (a header row printed again on every page, «В течение
    года» in row after row) takes that reading without Tesseract. Two inks are the same when
    their extents differ by at most 2 px each way and no more than `max_mismatch` ink
    pixels of either lie farther than 1 px from the other's ink (noise and a residual
    skew move edges by a pixel; another digit or letter moves dozens)."""

    def __init__(self, size: int = 512):
        self.size = size
        self.items: dict = {}          # (key, h, w) → [(ink, found)]; key: scale, settings
        self.order: list = []
        self._doc = None               # a weak reference to the document read

    def document(self, pdf) -> None:
        """The cells seen are those of one document: another one starts afresh. Which
        documents a worker read before must not change a file's reading (the same ink of
        «ОО» is read «ОО» or «оо»), and two plans hardly share a cell's ink (measured on the
        corpus scans: 18 one-digit cells of 1,101 read)."""
        import weakref
        if pdf is None or (self._doc is not None and self._doc() is pdf):
            return
        self.items.clear()
        self.order.clear()
        try:
            self._doc = weakref.ref(pdf)
        except TypeError:
            self._doc = None

    @staticmethod
    def _trim(ink):
        import cv2
        bx, by, bw, bh = cv2.boundingRect(ink)
        return ink[by:by + bh, bx:bx + bw] > 0, (bx, by)

    def get(self, ink, scale, max_mismatch: int):
        off, found, origin = self.closest(ink, scale, max_mismatch)
        return (found, origin) if found is not None and off <= max_mismatch else None

    def closest(self, ink, scale, enough: int = 0):
        """(mismatch, reading, ink origin) of the first seen ink within `enough`, else of
        the closest one; (None, None, origin) when none has a near extent."""
        import cv2
        import numpy as np
        a, origin = self._trim(ink)
        h, w = a.shape
        best = (None, None, origin)
        if not a.size:
            return best
        grow = np.ones((3, 3), np.uint8)
        wide_a = None
        for dh in (0, -1, 1, -2, 2):
            for dw in (0, -1, 1, -2, 2):
                for b, found in self.items.get((scale, h + dh, w + dw), ()):
                    hh, ww = max(h, b.shape[0]), max(w, b.shape[1])
                    pa = np.zeros((hh, ww), np.uint8)
                    pb = np.zeros((hh, ww), np.uint8)
                    pa[:h, :w] = a
                    pb[:b.shape[0], :b.shape[1]] = b
                    if wide_a is None or wide_a.shape != pa.shape:
                        wide_a = cv2.dilate(pa, grow)
                    wide_b = cv2.dilate(pb, grow)
                    off = int(np.count_nonzero(pa & ~wide_b.astype(bool))) + \
                        int(np.count_nonzero(pb & ~wide_a.astype(bool)))
                    if off <= enough:
                        return off, found, origin
                    if best[0] is None or off < best[0]:
                        best = (off, found, origin)
        return best

    def put(self, ink, scale, found: list[tuple]) -> None:
        a, (bx, by) = self._trim(ink)
        if not a.size:
            return
        key = (scale, a.shape[0], a.shape[1])
        rel = [(t, x - bx, y - by, w, h, c, ln) for t, x, y, w, h, c, ln in found]
        self.items.setdefault(key, []).append((a, rel))
        self.order.append(key)
        if len(self.order) > self.size:
            old = self.order.pop(0)
            bucket = self.items.get(old)
            if bucket:
                bucket.pop(0)
                if not bucket:
                    del self.items[old]


_SEEN = _SeenCells()


_CLOSING = ".,;:)»!?"


def join_split_words(found: list[tuple]) -> list[tuple]:
    """Two neighbouring words of a line that are one word the dictionary knows, when it does
    not know one of them: Tesseract cut the word at a wide letter gap («согласован ию»,
    «необходимо СТИ»), or the cell's width broke it over two lines without a hyphen (the
    last word of a line and the first of the next). The second part takes the first's case;
    punctuation after it stays after the joined word. The first part may be a compound
    whose last part was cut («Социально-педагоги ческая»)."""
    from .scan.words import known

    def letters(text: str) -> bool:
        return text.isalpha() and all("\u0400" <= c <= "\u04ff" for c in text)

    out: list[tuple] = []
    for word in found:
        prev = out[-1] if out else None
        core = word[0].rstrip(_CLOSING)       # the second part may carry the punctuation
        stop = word[0][len(core):]            # after the word: «согласован ию)»
        same_line = prev is not None and prev[6] == word[6] and word[1] >= prev[1]
        # the last word of a line and the first of the next: a word broken for want of
        # width without a hyphen («необходимо / сти», «согласовани / ю)»)
        next_line = prev is not None and prev[6] != word[6] and word[1] < prev[1] + prev[3]
        # a compound's first part joins («С оциально-педагогическая»); the parts after its
        # hyphens must be words already
        first, *rest = core.split("-")
        # the word before may be a compound whose parts but the last are words already
        *whole, last = prev[0].split("-") if prev else [""]
        # a capital alone on its line's left is the first letter of the word after it, cut
        # off by the gap a heading's capital leaves; a lowercase letter alone is a word
        capital = len(prev[0]) == 1 and prev[0].isupper() and same_line if prev else False
        if prev and (same_line or next_line) and letters(last) and letters(first) \
                and all(letters(p) and known(p) for p in whole) \
                and all(letters(p) and known(p) for p in rest) and (len(last) >= 2 or capital):
            tail = core.lower() if last[-1].islower() else core
            joined = prev[0] + tail
            head = last + tail.split("-")[0]
            if (head[1:].islower() or head.isupper()) and known(head) \
                    and not (known(last) and known(first)):
                joined += stop
                if next_line:        # it stays where it starts, at the end of its line
                    out[-1] = (joined,) + tuple(prev[1:5]) + (min(prev[5], word[5]), prev[6])
                    continue
                x1 = max(prev[1] + prev[3], word[1] + word[3])
                y0 = min(prev[2], word[2])
                y1 = max(prev[2] + prev[4], word[2] + word[4])
                out[-1] = (joined, prev[1], y0, x1 - prev[1], y1 - y0, min(prev[5], word[5]),
                           word[6])
                continue
        out.append(word)
    return out


def reread_unknown(engine, crop, found: list[tuple]) -> list[tuple]:
    """A Russian word the dictionary does not know, read again alone: the stretch of its line
    from the end of the word before to the start of the word after, as one line of text.
    Reading a whole block, Tesseract's line model drops a letter before a wide justified
    gap («план   с ОМВД» → «пла»); alone, the word keeps it. The new reading is kept only
    when it is one word the dictionary knows."""
    import numpy as np

    from .scan.engine import PSM_LINE
    from .scan.words import fix_text, unknown_word

    out = list(found)
    h, w = crop.shape
    for i, (text, x, y, ww, hh, conf, line) in enumerate(found):
        if not unknown_word(fix_text(text)):
            continue
        same = [f for f in found if f[6] == line]
        top = min(f[2] for f in same)
        bottom = max(f[2] + f[4] for f in same)
        left = max((f[1] + f[3] for f in same if f[1] + f[3] <= x), default=0)
        right = min((f[1] for f in same if f[1] >= x + ww), default=w)
        pad = max(2, (bottom - top) // 4)
        x0, x1 = max(0, left + 1), min(w, right - 1)
        y0, y1 = max(0, top - pad), min(h, bottom + pad)
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        region = np.full((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad), 255, np.uint8)
        region[pad:pad + y1 - y0, pad:pad + x1 - x0] = crop[y0:y1, x0:x1]
        again = engine.words(region, PSM_LINE)
        if len(again) != 1 or unknown_word(fix_text(again[0][0])):
            continue
        _t, ax, _ay, aw, _ah, aconf, _l = again[0]
        nx = x0 - pad + ax
        out[i] = (again[0][0], min(x, nx), y, max(x + ww, nx + aw) - min(x, nx), hh, aconf, line)
    return out


def known_words(found: list[tuple]) -> int:
    """How many letters of the words read are in Russian words the dictionary knows."""
    from .scan.words import fix_text, known
    return sum(len(t) for w in found for t in re.findall(r"[А-Яа-яЁё]{2,}", fix_text(w[0]))
               if known(t))


def unknown_words(found: list[tuple]) -> bool:
    from .scan.words import fix_text, unknown_word
    return any(unknown_word(fix_text(w[0])) for w in found)


def _read_enlarged(engine, crop, word: tuple, pad: int) -> list[tuple]:
    """One word read again alone as a line: its box with `pad` pixels of margin, drawn twice
    as large (the `rus` model reads a few strokes better so)."""
    import cv2
    import numpy as np

    from .scan.engine import PSM_LINE
    _text, x, y, ww, hh, _conf, _line = word
    h, w = crop.shape
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(w, x + ww + pad), min(h, y + hh + pad)
    region = cv2.resize(np.ascontiguousarray(crop[y0:y1, x0:x1]), None, fx=2, fy=2,
                        interpolation=cv2.INTER_CUBIC)
    return engine.words(region, PSM_LINE)


def reread_digits(engine, crop, found: list[tuple]) -> list[tuple]:
    """A word read as letters where its ink is digits («и» for a serif «11», «И.И» for
    «17.11»: `glyphs.digits_read_as_letters` counts the blobs) read again alone, its region
    drawn twice as large: the `rus` model reads a serif «1» whose thin flag and foot a
    150-dpi scan blurred as a stroke of a letter, and the same ink twice as large as the
    digit. The new reading is kept only when it is digits and stops alone, as many digits
    as the ink has blobs; where none is, a word of letters alone (no stop: a Roman «II.»
    of a heading has one) whose blobs are all plain bars is that many «1»."""
    from .scan.glyphs import digits_read_as_letters

    out = list(found)
    for i, word in enumerate(found):
        digits, bars = digits_read_as_letters(crop, word, found)
        if not digits:
            continue
        text, x, y, ww, hh, conf, line = word
        # the margin left around the word changes the model's reading of so few strokes:
        # a tight one first, then a third of the line's height
        for pad in dict.fromkeys((2, max(2, hh // 3))):
            again = _read_enlarged(engine, crop, word, pad)
            new = "".join(a[0] for a in again)
            if len(again) == 1 and sum(c.isdigit() for c in new) == digits and \
                    all(c.isdigit() or c in ".,;:-–()" for c in new):
                out[i] = (new, x, y, ww, hh, again[0][5], line)
                break
        else:
            others = [f[0] for f in found if f[6] == line and f is not word]
            if bars and text.isalpha() and (text.islower() or not others or any(
                    any(c.islower() for c in o) for o in others)):
                # bars alone, no stop: «11» (a Roman «II.» of a heading has its stop); a
                # capital «И» among capitals («… И ПРАВОНАРУШЕНИЙ») whose thin diagonal the
                # scan lost is two bars too: there only the reading again decides
                out[i] = ("1" * digits, x, y, ww, hh, conf, line)
    return out


def reread_roman_number(engine, crop, found: list[tuple]) -> list[tuple]:
    """A heading's Roman number as the `rus` model prints it («У.» for V, «УТ.» for VI:
    lookalikes.yaml, `roman`), the first word of a cell, read with fewer letters than its
    ink has letter-sized blobs («VI.» in bold italic read «У.»: the «I» lost) → read again
    alone, twice as large; the new reading is kept when it is a Roman number as printed
    too, with as many letters as the ink has blobs."""
    from .scan.glyphs import letter_blobs
    from .scan.words import roman_of

    if not found:
        return found
    first = min(found, key=lambda f: (f[6], f[1]))
    text, x, y, ww, hh, conf, line = first
    token = text[:-1]
    if not text.endswith(".") or not token or not roman_of(token):
        return found
    blobs = len(letter_blobs(crop[max(0, y):y + hh, max(0, x):x + ww]))
    if blobs <= len(token):
        return found
    for pad in dict.fromkeys((max(2, hh // 6), 2, max(2, hh // 3))):
        again = _read_enlarged(engine, crop, first, pad)
        new = "".join(a[0] for a in again)
        if new.endswith(".") and len(new) - 1 == blobs and roman_of(new[:-1]):
            i = found.index(first)
            return found[:i] + [(new, x, y, ww, hh, again[0][5], line)] + found[i + 1:]
    return found


def printed_lines(ink) -> int:
    """How many lines of text a cell's ink shows: runs of inked pixel rows at least a third
    of the tallest run high (specks and underlines do not count)."""
    from .scan.glyphs import runs

    rows = (ink > 0).sum(axis=1) > max(2, ink.shape[1] // 200)
    heights = [n for _start, n in runs(rows)]
    tallest = max(heights, default=0)
    return sum(1 for r in heights if r >= tallest / 3)


def _to_words(found: list[tuple], dx: int, dy: int, to_pt: _Points) -> list[dict]:
    """Engine words → pdfplumber-style word dicts; a word takes its line's top and bottom
    so that the words of one printed line group together; confusions repaired."""
    from .scan.words import digits_before_nouns, fix_text, roman_before_periods, roman_lists

    found = digits_before_nouns(roman_lists(roman_before_periods(found)))
    spans: dict = {}
    for _, _, y, _, h, _, line in found:
        top, bottom = spans.get(line, (y, y + h))
        spans[line] = (min(top, y), max(bottom, y + h))
    out = []
    for text, x, y, w, h, conf, line in found:
        if not any(ch.isalnum() for ch in text) and len(text) <= 2 and conf < 60 \
                and text != "–":
            continue                 # a speck or a remnant of an erased ruling line (an en
            #                          dash is only ever one `fix_dashes` measured)
        top, bottom = spans[line]
        out.append({"text": fix_text(text), "x0": to_pt.x(x + dx), "x1": to_pt.x(x + w + dx),
                    "top": to_pt.y(top + dy), "bottom": to_pt.y(bottom + dy),
                    "fontname": "", "upright": True, "conf": float(conf)})
    return out
