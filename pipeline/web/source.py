"""Where a record came from: its PDF page as an image with its cells outlined, or its
DOCX/DOC table re-read from the stored file and shown as HTML with its row marked."""
from __future__ import annotations

import functools
import glob
import os
import threading

SCALE = 1.5                 # page image pixels per PDF point
_lock = threading.Lock()    # pdfium is not thread-safe


def find_source(source_file: str, sha256: str, out_dir: str) -> str | None:
    """The stored file: its recorded path, else the upload copy kept under OUT/uploads."""
    if source_file and os.path.isfile(source_file):
        return source_file
    name = os.path.basename(source_file or "")
    for path in glob.glob(os.path.join(out_dir, "uploads", "*", name)) if name else []:
        from pipeline.records import file_sha256
        if file_sha256(path) == sha256:
            return path
    return None


def page_image(path: str, page: int, cache_dir: str, key: str) -> tuple[bytes, float, float]:
    """(PNG bytes, width and height in points) of 1-based `page`, cached on disk."""
    import pypdfium2 as pdfium
    os.makedirs(cache_dir, exist_ok=True)
    png = os.path.join(cache_dir, f"{key}_{page}.png")
    with _lock:
        pdf = pdfium.PdfDocument(path)
        try:
            p = pdf[page - 1]
            width, height = p.get_size()
            if not os.path.exists(png):
                image = p.render(scale=SCALE).to_pil()
                image.save(png + ".part", format="PNG", optimize=False)
                os.replace(png + ".part", png)
        finally:
            pdf.close()
    with open(png, "rb") as fh:
        return fh.read(), width, height


def page_size(path: str, page: int) -> tuple[float, float]:
    import pypdfium2 as pdfium
    with _lock:
        pdf = pdfium.PdfDocument(path)
        try:
            return tuple(pdf[page - 1].get_size())
        finally:
            pdf.close()


def outlines(boxes: list | None, page: int, width: float, height: float) -> list[dict]:
    """The record's cells on `page` as CSS percentages of the page."""
    out = []
    for box in boxes or []:
        if len(box) != 5 or box[0] != page:
            continue
        _, x0, top, x1, bottom = box
        out.append({"left": 100 * x0 / width, "top": 100 * top / height,
                    "width": 100 * (x1 - x0) / width, "height": 100 * (bottom - top) / height})
    return out


@functools.lru_cache(maxsize=8)
def _tables(path: str, mtime: float):
    from extractors import extract
    return extract(path).tables


def table_grid(path: str, table_index: int) -> list[list[dict]] | None:
    """The source table as rows of {text, rowspan, colspan} (a merged cell once), or None."""
    tables = _tables(path, os.path.getmtime(path))
    table = next((t for t in tables if t.index == table_index), None)
    if table is None:
        return None
    rows: list[list[dict]] = [[] for _ in range(table.n_rows)]
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        if 0 <= cell.row < table.n_rows:
            rows[cell.row].append({"text": cell.text, "rowspan": cell.rowspan,
                                   "colspan": cell.colspan, "col": cell.col})
    return rows
