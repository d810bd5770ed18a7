"""`roadmaps explain FILE`: how the structure stage read each table and every row it did not
turn into a record, with the reason: a debug report for an analyst or a developer."""
from __future__ import annotations

from extractors import ExtractionError, extract

from .i18n import _
from .structure import structure


def explain(path: str, all_rows: bool = False, settings=None) -> list[str]:
    """Lines describing the tables of one file: kind and column roles (and why), the row
    outcome counts, then each row that gave no record (or every row with `all_rows`);
    `settings`: a ParseSettings (default: the packaged knobs, OCR auto)."""
    from .parse import ParseSettings
    settings = settings or ParseSettings()
    try:
        found = structure(extract(path, ocr=settings.ocr, settings=settings.stages),
                          settings.stages.structure)
    except ExtractionError as exc:
        return [_("{file}: cannot be read: {reason}").format(file=path, reason=exc)]
    lines = [f"{path}: " + "; ".join(f"{k} {v}" for k, v in found.row_counts().items())]
    by_table: dict[int, list] = {}
    for o in found.outcomes:
        by_table.setdefault(o.table, []).append(o)
    for k, text in enumerate(found.explain, start=1):
        lines.append("  " + text)
        for o in by_table.get(k, []):
            if all_rows or o.kind not in ("record", "header", "empty"):
                note = f" ({o.reason})" if o.reason else ""
                lines.append(_("    row {n}: {kind}{note}  {text}").format(
                    n=o.row + 1, kind=o.kind, note=note, text=o.text[:100]).rstrip())
    return lines
