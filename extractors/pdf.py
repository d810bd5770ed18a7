"""PDF → Document with pdfplumber.

A chain of small steps, each turning one representation into the next:

    page → ruled tables (pdfplumber's line finder) → cell boxes → grid with spans
         → words assigned to cells → page tables → logical tables stitched across pages

and the words outside every table become text lines (`Paragraph`s, one per printed line).
Stitching joins a table that continues on the next page: the repeated header rows are
dropped and a row the page break cut in two is joined back into one row. Every tunable
lives in `SETTINGS`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from .model import Cell, Document, ExtractionError, Paragraph, Table

SETTINGS = {
    "table_settings": {"vertical_strategy": "lines", "horizontal_strategy": "lines"},
    "edge_tolerance": 2.0,        # pt: cell edges closer than this are one grid line
    "line_tolerance": 3.0,        # pt: words whose tops differ less are on one line
    "column_match_tolerance": 6.0,  # pt: column edges of two page pieces of one table
    "max_pages": 2000,            # refuse longer files
    "min_table_rows": 1,
}


@dataclass
class PageTable:
    """One table as found on one page, before stitching."""

    page: int
    top: float
    bottom: float
    col_edges: list[float]
    rows: int
    cells: list[Cell] = field(default_factory=list)


def extract_pdf(path: str) -> Document:
    """Read a PDF into the format-free model."""
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ExtractionError("encrypted PDF (password protected)") from exc
    except (PDFSyntaxError, PdfminerException) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ExtractionError("encrypted PDF (password protected)") from exc
        raise ExtractionError(f"damaged PDF: {cause or type(exc).__name__}") from exc
    except Exception as exc:
        raise ExtractionError(f"damaged PDF: {type(exc).__name__}: {str(exc)[:120]}") from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise ExtractionError(f"damaged PDF: {type(exc).__name__}") from exc
        if n_pages > SETTINGS["max_pages"]:
            raise ExtractionError(f"refused: {n_pages} pages (limit {SETTINGS['max_pages']})")
        doc = Document(path=path, format="pdf", pages=n_pages)
        blocks: list = []
        chars_seen = 0
        for number, page in enumerate(pdf.pages, start=1):
            page_blocks, n_chars = read_page(page, number)
            chars_seen += n_chars
            blocks.extend(page_blocks)
            page.flush_cache()
        if chars_seen == 0:
            raise ExtractionError("scanned: no text layer")
    doc.blocks = stitch_tables(blocks)
    return doc


def read_page(page, number: int) -> tuple[list, int]:
    """One page → its tables and text lines, ordered top to bottom."""
    words = page.extract_words(extra_attrs=["fontname"], keep_blank_chars=False,
                               use_text_flow=True)
    tables = [t for t in page.find_tables(SETTINGS["table_settings"])
              if len(t.rows) >= SETTINGS["min_table_rows"]]
    page_tables: list[PageTable] = []
    claimed = [False] * len(words)
    for table in tables:
        pt = grid_from_boxes(table.cells, number)
        if pt is None:
            continue
        fill_cells(pt, words, claimed)
        page_tables.append(pt)
    free_words = [w for w, used in zip(words, claimed) if not used]
    lines = [Paragraph(text=text, page=number, bold=bold, style="")
             for _, text, bold in group_lines(free_words)]
    line_tops = [top for top, _, _ in group_lines(free_words)]
    items: list[tuple[float, object]] = [(top, par) for top, par in zip(line_tops, lines)]
    items += [(pt.top, pt) for pt in page_tables]
    items.sort(key=lambda it: it[0])
    return [it[1] for it in items], len(words)


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


def grid_from_boxes(boxes: list[tuple], page: int) -> PageTable | None:
    """Cell bounding boxes → grid positions with row/column spans."""
    if not boxes:
        return None
    tol = SETTINGS["edge_tolerance"]
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
        cell = Cell(text="", row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0, page=page)
        cell._box = (x0, top, x1, bottom)  # type: ignore[attr-defined]
        pt.cells.append(cell)
    pt.cells.sort(key=lambda c: (c.row, c.col))
    return pt


def group_lines(words: list[dict]) -> list[tuple[float, str, bool]]:
    """Words → printed lines (top, text, all-bold), top to bottom, left to right.

    Two words that overlap horizontally are never on one line, even at nearly the same
    height: that is text overflowing a cell and printed over its neighbour's first line.
    """
    tol = SETTINGS["line_tolerance"]
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for line in reversed(lines[-3:]):
            if abs(line[0]["top"] - w["top"]) <= tol and \
                    not any(o["x0"] < w["x1"] - 0.5 and w["x0"] < o["x1"] - 0.5 for o in line):
                line.append(w)
                break
        else:
            lines.append([w])
    out = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        text = join_words(line)
        bold = all("bold" in (w.get("fontname") or "").lower() for w in line)
        out.append((line[0]["top"], text, bold))
    return out


def join_words(line: list[dict]) -> str:
    """Words of one printed line → text, with a space only where the gap shows one."""
    parts: list[str] = []
    prev = None
    for w in line:
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            size = max(w.get("bottom", 0) - w.get("top", 0), 1.0)
            parts.append(" " if gap > size * 0.1 else "")
        parts.append(w["text"])
        prev = w
    return "".join(parts)


def fill_cells(pt: PageTable, words: list[dict], claimed: list[bool]) -> None:
    """Give every word whose centre lies in a cell to that cell; lines joined by '\\n'."""
    per_cell: dict[int, list[dict]] = {}
    for i, w in enumerate(words):
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for k, cell in enumerate(pt.cells):
            x0, top, x1, bottom = cell._box  # type: ignore[attr-defined]
            if x0 <= cx <= x1 and top <= cy <= bottom:
                per_cell.setdefault(k, []).append(w)
                claimed[i] = True
                break
    for k, cell in enumerate(pt.cells):
        ws = per_cell.get(k, [])
        cell.text = "\n".join(text for _, text, _ in group_lines(ws))
        cell.bold = bool(ws) and all("bold" in (w.get("fontname") or "").lower() for w in ws)


# ----------------------------------------------------------------------------- stitching

NUMBERING = re.compile(r"^\s*\d+(\.\d+)*\.?\s*$")
OPENERS, CLOSERS = "«(„“", "»)“”"


def _norm(text: str) -> str:
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


def same_columns(a: PageTable, b: PageTable) -> bool:
    """Two page tables share their column grid (so b may continue a)."""
    if len(a.col_edges) != len(b.col_edges):
        return False
    tol = SETTINGS["column_match_tolerance"]
    return all(abs(x - y) <= tol for x, y in zip(a.col_edges, b.col_edges))


def repeated_header_rows(first: PageTable, piece: PageTable) -> int:
    """How many leading rows of `piece` repeat the leading rows of the table's first piece.

    A repeated header cell may be printed cut short (its last line overflowing into the
    row below), so a cell that is a prefix of the first piece's cell still counts.
    """
    n = 0
    while n < piece.rows and n < first.rows - 1:
        key, full = _row_key(piece, n), _row_key(first, n)
        if not any(key) or len(key) != len(full):
            break
        if not all(k == f or (k and f.startswith(k)) for k, f in zip(key, full)):
            break
        n += 1
    return n


def strip_header_overflow(first: PageTable, piece: PageTable, skip: int) -> None:
    """Remove from the row under a repeated header the header text that overflowed into it."""
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
        for k in range(1, len(lines) + 1):
            if _norm(" ".join(lines[:k])) == rest:
                cell.text = "\n".join(lines[k:])
                break


def is_cut_row(prev: list[Cell | None], row: list[Cell | None]) -> bool:
    """The first row of a page piece is the rest of the previous page's last row."""
    texts = [c.text.strip() if c else "" for c in row]
    distinct = {id(c) for c in row if c is not None}
    if len(distinct) == 1 and len(row) > 1:
        return False  # a full-width row: a section heading, never a fragment
    prev_texts = [c.text.strip() if c else "" for c in prev]
    if texts[0] and NUMBERING.match(texts[0]):
        return False  # the row prints its own number: a new row
    if prev_texts and NUMBERING.match(prev_texts[0] or "x") and not texts[0]:
        return True
    filled, prev_filled = sum(1 for t in texts if t), sum(1 for t in prev_texts if t)
    if filled and len(row) >= 3 and filled * 2 <= prev_filled:
        return True  # a sparse row under a full one: the rest of a few long cells
    # otherwise let the cells vote: a text that goes on (lowercase, closing punctuation,
    # an unopened closing quote) against a text that starts afresh (capital letter)
    goes_on = starts = 0
    for t in texts:
        if not t:
            continue
        if t[0].islower() or t[0] in ",.;:)»”" or _unbalanced_close(t):
            goes_on += 1
        elif t[0].isupper():
            starts += 1
    return goes_on > starts


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


def _join_text(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return a + "\n" + b


def stitch_tables(blocks: list) -> list:
    """Page tables → logical tables: continuations joined, headers dropped, cut rows rejoined."""
    out: list = []
    current: list[PageTable] = []    # pieces of the logical table being built
    between: list[Paragraph] = []    # text lines since the last piece

    def flush():
        if current:
            out.append(build_table(current))
            current.clear()

    for block in blocks:
        if isinstance(block, PageTable):
            if current and not between and block.page == current[-1].page + 1 \
                    and same_columns(current[-1], block):
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


def build_table(pieces: list[PageTable]) -> Table:
    """Join the page pieces of one table into one grid."""
    first = pieces[0]
    n_cols = len(first.col_edges) - 1
    cells: list[Cell] = [Cell(c.text, c.row, c.col, c.rowspan, c.colspan, c.page, c.bold)
                         for c in first.cells]
    row_pages = [first.page] * first.rows
    n_rows = first.rows
    for piece in pieces[1:]:
        skip = repeated_header_rows(first, piece)
        if skip >= piece.rows:
            continue
        strip_header_overflow(first, piece, skip)
        last_row = {c: None for c in range(n_cols)}
        for cell in cells:
            if cell.row <= n_rows - 1 < cell.row + cell.rowspan:
                for c in range(cell.col, cell.col + cell.colspan):
                    last_row[c] = cell
        prev = [last_row[c] for c in range(n_cols)]
        piece_first = _row(piece, skip)
        cut = bool(cells) and is_cut_row(prev, piece_first)
        offset = n_rows - skip - (1 if cut else 0)
        for pc in piece.cells:
            if pc.row + pc.rowspan <= skip:
                continue
            row = max(pc.row, skip)
            span = pc.row + pc.rowspan - row
            if cut and row == skip:
                target = last_row.get(pc.col)
                if target is not None and target.col == pc.col and target.colspan == pc.colspan:
                    target.text = _join_text(target.text, pc.text)
                    target.rowspan += span - 1
                    continue
            cells.append(Cell(pc.text, row + offset, pc.col, span, pc.colspan, pc.page, pc.bold))
        added = piece.rows - skip - (1 if cut else 0)
        row_pages += [piece.page] * added
        n_rows += added
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(index=0, cells=cells, n_rows=n_rows, n_cols=n_cols, page=first.page,
                 row_pages=row_pages)
