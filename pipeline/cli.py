"""The `roadmaps` command: a thin front over the pipeline stages.

    roadmaps ingest PATH... [--out DIR] [--db URL] [--workers N] [--timeout S]
    roadmaps export --out DIR [--db URL] [--excel] [--xlsx]
    roadmaps evaluate --gold DIR --pred DIR
"""
from __future__ import annotations

import argparse
import os
import sys


def cmd_ingest(args) -> int:
    from .batch import Batch, summary
    if args.workers is None:
        args.workers = max(1, min(os.cpu_count() or 1, 4))
    batch = Batch(args.out, db_url=args.db, workers=args.workers, timeout=args.timeout,
                  progress=not args.quiet and sys.stderr.isatty())
    outcomes = batch.run(args.paths)
    print(summary(outcomes, args.out, batch.interrupted))
    if batch.interrupted:
        return 130
    failed = [o for o in outcomes if o.status == "failed"]
    ok = [o for o in outcomes if o.status in ("imported", "already imported")]
    return 1 if failed and not ok else 0


def cmd_export(args) -> int:
    from . import export
    from .records import ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS
    from .store import Store, default_url
    store = Store(args.db or default_url(args.out))
    tables = {"activities": (ACTIVITY_COLUMNS, store.activity_rows()),
              "documents": (DOCUMENT_COLUMNS, store.document_rows()),
              "indicators": (INDICATOR_COLUMNS, store.indicator_rows())}
    suffix = "_excel" if args.excel else ""
    for name, (cols, rows) in tables.items():
        n = export.write_csv(os.path.join(args.out, f"{name}{suffix}.csv"), cols, rows, excel=args.excel)
        print(f"{name}{suffix}.csv: {n} rows")
    if args.xlsx:
        path = os.path.join(args.out, "roadmaps.xlsx")
        export.write_xlsx(path, tables)
        print(f"roadmaps.xlsx: {', '.join(tables)}")
    return 0


def cmd_evaluate(args) -> int:
    from .evaluate import evaluate, render
    report = evaluate(args.gold, args.pred)
    print(render(report, verbose=args.verbose))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="roadmaps", description=
                                "Extract education roadmaps (DOCX/PDF plan tables) into one schema.")
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read files/folders into the store and the CSVs")
    ing.add_argument("paths", nargs="+", help="files or folders (walked recursively)")
    ing.add_argument("--out", default="data/processed", help="output folder (default data/processed)")
    ing.add_argument("--db", default=None, help="database URL (default $DATABASE_URL, "
                     "else sqlite:///OUT/roadmaps.db)")
    ing.add_argument("--workers", type=int, default=None, help="parallel worker processes")
    ing.add_argument("--timeout", type=float, default=None, help="seconds allowed per file (120)")
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.set_defaults(func=cmd_ingest)

    exp = sub.add_parser("export", help="write the CSVs (and XLSX) from the store alone")
    exp.add_argument("--out", default="data/processed")
    exp.add_argument("--db", default=None)
    exp.add_argument("--excel", action="store_true", help="UTF-8 with BOM, ';'-separated, formulas escaped")
    exp.add_argument("--xlsx", action="store_true", help="also write roadmaps.xlsx")
    exp.set_defaults(func=cmd_export)

    ev = sub.add_parser("evaluate", help="score an output folder against hand-checked gold JSON")
    ev.add_argument("--gold", required=True)
    ev.add_argument("--pred", required=True)
    ev.add_argument("-v", "--verbose", action="store_true")
    ev.set_defaults(func=cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
