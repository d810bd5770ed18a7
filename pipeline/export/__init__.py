"""Records → files: the plain CSVs of SCHEMA.md, an Excel-friendly CSV, and XLSX workbooks.

Plain CSV is UTF-8 (no BOM), comma-separated, text kept exactly as extracted. The Excel
CSV is UTF-8 with BOM and `;` separators (what a Russian Excel opens without a wizard),
with a cell that Excel would run as a formula (`=…`, `@…`, `+`/`-` followed by more than a
number or a dash) prefixed by an apostrophe; a plain «-» or «-5» stays as printed. The
analysts' workbook (`roadmaps.xlsx`, Russian, typed, with a check sheet) is
`pipeline.export.workbook`; `write_xlsx` below is the plain one-sheet-per-table dump.
"""
from __future__ import annotations

import csv
import os
import re
from typing import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# after a leading + or -: nothing, more dashes, or a plain number is not a formula
_HARMLESS_SIGNED = re.compile(r"^[+\-][\s\-–—]*$|^[+\-]\s*\d+(?:[.,]\d+)?\s*%?$")

ACTIVITIES, DOCUMENTS, INDICATORS = "activities.csv", "documents.csv", "indicators.csv"


def excel_safe(value) -> object:
    """A value Excel will show as text, never evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_START) \
            and not _HARMLESS_SIGNED.match(value):
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


WORKBOOK = "roadmaps.xlsx"


def write_outputs(store, out_dir: str, outcomes: list | None = None) -> dict[str, int]:
    """Every output of the store's current plans, renditions folded (see `view`): the plain
    CSVs, their `*_excel.csv` twins and the analysts' workbook. Returns rows per file; a
    file that cannot be written (open in Excel) is reported on stderr, the others still are."""
    import sys

    from ..i18n import _
    from ..schema import ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS
    from .view import current_view
    from .workbook import write_workbook
    view = current_view(store)
    tables = [(ACTIVITIES, ACTIVITY_COLUMNS, view.activities),
              (DOCUMENTS, DOCUMENT_COLUMNS, view.documents),
              (INDICATORS, INDICATOR_COLUMNS, view.indicators)]
    written: dict[str, int] = {}
    for name, columns, rows in tables:
        for excel in (False, True):
            fname = name.replace(".csv", "_excel.csv") if excel else name
            written[fname] = _try(lambda: write_csv(os.path.join(out_dir, fname), columns, rows,
                                                    excel=excel), fname)
    cuts = _try(lambda: write_workbook(os.path.join(out_dir, WORKBOOK), view, outcomes), WORKBOOK)
    if cuts is not None:
        written[WORKBOOK] = len(view.activities)
        for sheet, row, column, n in cuts:
            print(_("{file}: a cell of «{column}» ({sheet}, row {row}) has {n} characters, "
                    "more than Excel holds: cut with a note").format(
                file=WORKBOOK, column=column, sheet=sheet, row=row, n=n), file=sys.stderr)
    return {k: v for k, v in written.items() if v is not None}


def _try(write, name: str):
    import sys

    from ..i18n import _
    try:
        return write()
    except PermissionError as exc:    # a file open in Excel on the share; other OS errors
        print(_("{file} not written ({reason}): is it open in Excel? Close it and run again.")
              .format(file=name, reason=exc.strerror or exc), file=sys.stderr)
        return None
    except OSError:
        raise                         # (disk full, read-only) stop the run with one line
    except Exception as exc:          # never a traceback at the end of a batch
        print(_("{file} not written: internal error {name}: {text}").format(
            file=name, name=type(exc).__name__, text=str(exc)[:150]), file=sys.stderr)
        return None
