"""Records → files: the plain CSVs of SCHEMA.md, an Excel-friendly CSV, and an XLSX workbook.

Plain CSV is UTF-8 (no BOM), comma-separated, text kept exactly as extracted. The Excel
CSV is UTF-8 with BOM and `;` separators (what a Russian Excel opens without a wizard),
with cells that start with `=`, `+`, `-` or `@` prefixed by an apostrophe so that they are
never run as formulas. The XLSX writes such cells as text.
"""
from __future__ import annotations

import csv
import os
from typing import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ACTIVITIES, DOCUMENTS, INDICATORS = "activities.csv", "documents.csv", "indicators.csv"


def excel_safe(value) -> object:
    """A value Excel will show as text, never evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(path: str, columns: list[str], rows: Iterable[dict], excel: bool = False) -> int:
    """Write rows (dicts) with the given columns; returns the number of rows written."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    n = 0
    tmp = path + ".part"
    with open(tmp, "w", newline="", encoding="utf-8-sig" if excel else "utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore",
                                delimiter=";" if excel else ",", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for row in rows:
            if excel:
                row = {k: excel_safe(v) for k, v in row.items()}
            writer.writerow(row)
            n += 1
    os.replace(tmp, path)
    return n


def write_xlsx(path: str, sheets: dict[str, tuple[list[str], list[dict]]]) -> None:
    """One workbook, a sheet per table: header frozen, columns sized, every cell text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, (columns, rows) in sheets.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        widths = [len(c) for c in columns]
        for row in rows:
            values = []
            for i, col in enumerate(columns):
                v = row.get(col, "")
                v = "" if v is None else v
                values.append(v)
                widths[i] = max(widths[i], min(len(str(v)), 80))
            ws.append(values)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with '='
                    cell.alignment = Alignment(wrap_text=len(cell.value) > 60, vertical="top")
        ws.freeze_panes = "A2"
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(8, min(w + 2, 60))
        ws.auto_filter.ref = ws.dimensions
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    wb.save(path)
