"""OCR of image-only PDF pages: Tesseract (Russian) for the words, OpenCV for the ruling lines.

    page → image (pypdfium2, through pdfplumber) → grey → binary
         → ruling lines (morphological opening with long thin kernels)
         → cell boxes (the regions the lines enclose) grouped per table
         → lines erased → Tesseract words (pytesseract image_to_data, `rus`)
         → words and cell boxes in PDF points, as pdfplumber gives them for a text page

`pdf.py` then builds the tables exactly as for a ruled text page (boxes → grid with spans →
words into cells → stitched across pages); a scan without ruling lines goes through the
text-alignment path (`textgrid.py`) instead. OCR needs Debian's `tesseract-ocr` and
`tesseract-ocr-rus` plus the Python packages `pytesseract` and `opencv-python-headless`;
`available()` says what is missing.
"""
from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass, field
from pipeline.i18n import _

SETTINGS = {
    "dpi": 300,                  # rendering resolution for OCR
    "lang": "rus",               # Tesseract languages ("rus+eng" is slower and reads
                                 # Cyrillic as Latin more often)
    "psm": 3,                    # page segmentation: automatic, no OSD
    "min_conf": 0,               # words Tesseract scores below this are dropped
    "timeout": 120,              # s per page
    "threads": "1",              # OMP_THREAD_LIMIT for Tesseract: its OpenMP threads make it
                                 # ~3x slower on small machines (and workers run in parallel)
    "line_min_frac": 0.025,      # a ruling line is at least this share of the page size
    "min_cell": 8,               # px: smaller enclosed regions are not cells
    "install_hint": "apt-get install -y tesseract-ocr tesseract-ocr-rus; "
                    "pip install pytesseract opencv-python-headless",
}


@dataclass
class OcrPage:
    """What OCR found on one page, in PDF points (top-left origin, like pdfplumber)."""

    words: list[dict]
    tables: list[list[tuple[float, float, float, float]]] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """(True, '') when OCR can run; else (False, what is missing)."""
    try:
        import cv2  # noqa: F401
        import pytesseract
    except ImportError as exc:
        return False, _("Python package missing ({name}): {hint}").format(
            name=exc.name, hint=SETTINGS["install_hint"])
    exe = os.environ.get("TESSERACT_CMD") or shutil.which("tesseract")
    if not exe:
        return False, _("tesseract not installed: {hint}").format(hint=SETTINGS["install_hint"])
    pytesseract.pytesseract.tesseract_cmd = exe
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as exc:  # a broken install
        return False, _("tesseract does not run: {error}").format(
            error=f"{type(exc).__name__}: {str(exc)[:80]}")
    if "rus" not in langs:
        return False, _("Tesseract's Russian data missing: apt-get install -y tesseract-ocr-rus")
    return True, ""


def _lang() -> str:
    import pytesseract
    wanted = SETTINGS["lang"].split("+")
    have = set(pytesseract.get_languages(config=""))
    return "+".join(l for l in wanted if l in have) or "rus"


def ocr_page(page) -> OcrPage:
    """One pdfplumber page (image only) → words and ruled table cell boxes, in points."""
    import numpy as np

    dpi = SETTINGS["dpi"]
    image = page.to_image(resolution=dpi, antialias=True).original.convert("L")
    grey = np.asarray(image)
    scale = 72.0 / dpi
    x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
    lines_mask = ruling_lines(grey)
    tables = cell_boxes(lines_mask)
    clean = grey.copy()
    if lines_mask is not None:
        import cv2
        wide = cv2.dilate(lines_mask, np.ones((5, 5), np.uint8))
        clean[wide > 0] = 255
    words = tesseract_words(clean, scale, x_off, y_off)
    boxes = [[(x0 * scale + x_off, y0 * scale + y_off, x1 * scale + x_off, y1 * scale + y_off)
              for x0, y0, x1, y1 in t] for t in tables]
    return OcrPage(words=words, tables=boxes)


def ruling_lines(grey):
    """Binary mask (255 = line) of the long horizontal and vertical strokes, or None."""
    import cv2
    import numpy as np

    h, w = grey.shape
    binary = cv2.adaptiveThreshold(255 - grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                   cv2.THRESH_BINARY, 15, -2)
    frac = SETTINGS["line_min_frac"]
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, int(w * frac)), 1)))
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, int(h * frac)))))
    mask = cv2.bitwise_or(horiz, vert)
    if not mask.any():
        return None
    # close small breaks in scanned lines
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8), iterations=1)
    return mask


def cell_boxes(mask) -> list[list[tuple[int, int, int, int]]]:
    """Regions enclosed by ruling lines, grouped by the table (connected grid) they are in."""
    if mask is None:
        return []
    import cv2
    import numpy as np

    n_grids, grid_labels, grid_stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    min_cell = SETTINGS["min_cell"]
    for g in range(1, n_grids):
        gx, gy, gw, gh, _ = grid_stats[g]
        if gw < 50 or gh < 20:
            continue                 # a stray stroke or an underline, not a table
        grid = (grid_labels[gy:gy + gh, gx:gx + gw] == g).astype(np.uint8) * 255
        inside = cv2.bitwise_not(grid)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=4)
        cells = []
        for k in range(1, n):
            x, y, w, h, _ = stats[k]
            if x == 0 or y == 0 or x + w >= gw or y + h >= gh:
                continue             # outside the grid's outer frame
            if w < min_cell or h < min_cell:
                continue
            # the cell's box runs to the middle of the lines around it
            cells.append((gx + x - 2, gy + y - 2, gx + x + w + 2, gy + y + h + 2))
        if len(cells) >= 2:
            out.append(cells)
    return out


def tesseract_words(grey, scale: float, x_off: float, y_off: float) -> list[dict]:
    """Tesseract's words with their boxes, converted to pdfplumber-style word dicts."""
    import pytesseract
    from PIL import Image

    os.environ.setdefault("OMP_THREAD_LIMIT", SETTINGS["threads"])
    data = pytesseract.image_to_data(
        Image.fromarray(grey), lang=_lang(), config=f"--psm {SETTINGS['psm']}",
        output_type=pytesseract.Output.DICT, timeout=SETTINGS["timeout"])
    # a word takes its printed line's top and bottom (Tesseract's line box): a word whose
    # own box is stretched by a stroke or a descender still groups with its line
    line_box: dict[tuple, tuple[int, int]] = {}
    for i, level in enumerate(data["level"]):
        if level == 4:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            line_box[key] = (data["top"][i], data["top"][i] + data["height"][i])
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text or data["level"][i] != 5:
            continue
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1.0
        if conf < SETTINGS["min_conf"]:
            continue
        if set(text) <= set("—–-_|.,'`\"") and len(text) <= 2:
            continue                 # a remnant of an erased ruling line
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        top, bottom = line_box.get((data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                                   (y, y + h))
        words.append({"text": text, "x0": x * scale + x_off, "x1": (x + w) * scale + x_off,
                      "top": top * scale + y_off, "bottom": bottom * scale + y_off,
                      "fontname": "", "upright": True, "conf": conf})
    return words
