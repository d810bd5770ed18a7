""".xlsx → Document with openpyxl.

    workbook → visible sheets → used cell range (hidden rows/columns dropped)
             → row segments split at empty rows
             → per segment: leading one-cell rows as Paragraphs, the rest one Table
               (merged ranges as rowspan/colspan, bold from the cell font)

A plan pasted into a spreadsheet usually has its title lines in the first column above the
table, a blank row, then the table; a segment that starts without title lines right after
a table with the same columns continues that table (a blank spacer row inside a plan).
A sheet's `page` is its 1-based table number, as for DOCX (SCHEMA.md: `source_page`).
"""
from __future__ import annotations

import datetime as dt
import zipfile

from .model import Cell, Document, ExtractionError, Paragraph, Table
from .settings import XlsxSettings, defaults
from pipeline.i18n import _



def extract_xlsx(path: str, settings: XlsxSettings | None = None) -> Document:
    """Read every visible worksheet of an .xlsx/.xlsm workbook into the format-free model."""
    settings = settings or defaults().xlsx
    _check_package(path, settings)
    try:
        from openpyxl import load_workbook
        wb = load_workbook(path, data_only=True)   # cached formula values, not formulas
    except Exception as exc:
        raise ExtractionError(_("damaged XLSX: {error}").format(
            error=f"{type(exc).__name__}: {str(exc)[:120]}")) from exc
    doc = Document(path=path, format="xlsx")
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            read_sheet(ws, doc, settings)
    finally:
        wb.close()
    for i, t in enumerate(doc.tables):
        t.index = i
    return doc


def _check_package(path: str, settings: XlsxSettings) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > settings.max_uncompressed_bytes:
                raise ExtractionError(_("refused: workbook unpacks to {mib} MiB").format(
                    mib=total // 2**20))
            if "xl/workbook.xml" not in zf.namelist():
                raise ExtractionError(_("zip archive without xl/workbook.xml: not an Excel workbook"))
    except zipfile.BadZipFile as exc:
        raise ExtractionError(_("damaged XLSX: {error}").format(error=exc)) from exc


def cell_text(value) -> str:
    """A cell value as a clerk would read it: 2022.0 → '2022', dates as dd.mm.yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def read_sheet(ws, doc: Document, settings: XlsxSettings) -> None:
    """One worksheet → Paragraphs and Tables appended to `doc`."""
    max_row, max_col = ws.max_row or 0, ws.max_column or 0
    if max_row * max_col > settings.max_cells:
        raise ExtractionError(_("refused: sheet «{sheet}» has {rows}×{cols} cells").format(
            sheet=ws.title, rows=max_row, cols=max_col))
    rows = [r for r in range(1, max_row + 1) if not ws.row_dimensions[r].hidden]
    cols = [c for c in range(1, max_col + 1)
            if not ws.column_dimensions[_letter(c)].hidden]
    if not rows or not cols:
        return
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(cols)}
    # merged ranges: top-left → (rowspan, colspan) in visible rows/columns; covered cells
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        vis_r = [row_at[r] for r in range(rng.min_row, rng.max_row + 1) if r in row_at]
        vis_c = [col_at[c] for c in range(rng.min_col, rng.max_col + 1) if c in col_at]
        if not vis_r or not vis_c:
            continue
        spans[(vis_r[0], vis_c[0])] = (len(vis_r), len(vis_c))
        for r in vis_r:
            for c in vis_c:
                if (r, c) != (vis_r[0], vis_c[0]):
                    covered.add((r, c))
    grid: list[list[Cell | None]] = []
    for i, r in enumerate(rows):
        line: list[Cell | None] = []
        for j, c in enumerate(cols):
            if (i, j) in covered:
                line.append(None)
                continue
            xc = ws.cell(row=r, column=c)
            text = cell_text(xc.value)
            rs, cs = spans.get((i, j), (1, 1))
            bold = bool(text) and bool(xc.font and xc.font.b)
            line.append(Cell(text=text, row=i, col=j, rowspan=rs, colspan=cs, bold=bold)
                        if text or (rs, cs) != (1, 1) else None)
        grid.append(line)
    for seg in _segments(grid):
        _emit_segment(grid, seg, doc, len(cols))


def _letter(c: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(c)


def _filled(grid, r: int) -> list[Cell]:
    return [c for c in grid[r] if c is not None and c.text.strip()]


def _segments(grid) -> list[tuple[int, int]]:
    """Runs of rows with some text, split at rows that are empty and not inside a merge."""
    spanning_until = -1
    out: list[tuple[int, int]] = []
    start = None
    for r, line in enumerate(grid):
        for c in line:
            if c is not None and c.rowspan > 1:
                spanning_until = max(spanning_until, r + c.rowspan - 1)
        empty = not _filled(grid, r) and r > spanning_until
        if empty:
            if start is not None:
                out.append((start, r))
                start = None
        elif start is None:
            start = r
    if start is not None:
        out.append((start, len(grid)))
    return out


def _emit_segment(grid, seg: tuple[int, int], doc: Document, width: int) -> None:
    r0, r1 = seg
    # leading title lines: rows with one filled cell that is not a vertical merge
    while r0 < r1:
        filled = _filled(grid, r0)
        if len(filled) != 1 or filled[0].rowspan > 1:
            break
        doc.blocks.append(Paragraph(text=filled[0].text, bold=filled[0].bold))
        r0 += 1
    if r0 >= r1:
        return
    c0 = min(c.col for r in range(r0, r1) for c in grid[r] if c is not None)
    c1 = max(c.col + c.colspan for r in range(r0, r1) for c in grid[r] if c is not None)
    cells = []
    for r in range(r0, r1):
        for cell in grid[r]:
            if cell is not None:
                cells.append(Cell(cell.text, r - r0, cell.col - c0, min(cell.rowspan, r1 - r),
                                  min(cell.colspan, c1 - cell.col), None, cell.bold))
    table = Table(index=0, cells=cells, n_rows=r1 - r0, n_cols=c1 - c0)
    previous = doc.blocks[-1] if doc.blocks else None
    first_row = _filled(grid, r0)
    looks_like_header = bool(first_row) and all(c.bold for c in first_row)
    if isinstance(previous, Table) and previous.n_cols == table.n_cols and not looks_like_header:
        for cell in table.cells:      # a blank spacer row inside one table
            cell.row += previous.n_rows
        previous.cells.extend(table.cells)
        previous.n_rows += table.n_rows
        return
    doc.blocks.append(table)
