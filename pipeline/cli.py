"""The `roadmaps` command: a thin front over the pipeline stages.

    roadmaps ingest PATH... [--out DIR] [--db URL] [--workers N] [--timeout S]
                    [--memory-limit MIB] [--ocr auto|on|off] [--quiet]
    roadmaps export --out DIR [--db URL] [--excel] [--xlsx]
    roadmaps evaluate --gold DIR --pred DIR [-v] [--docs IDS] [--json FILE] [--min KEY=VALUE]
    roadmaps compare --regional DOC_ID [--municipal DOC_ID ...] --out DIR [--db URL]
"""
from __future__ import annotations

import argparse
import os
import sys


def existing_store(url: str) -> str:
    """`url` when it names a store that exists; a SQLite file that does not exist yet is
    refused with what to do (reading commands never create an empty store)."""
    from sqlalchemy.engine import make_url

    from .errors import UserError
    from .i18n import _
    from .store import normalize_url
    url = normalize_url(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:") \
            and not os.path.exists(u.database):
        raise UserError(_("no store at {path}: run `roadmaps ingest` first, or give the store "
                          "with --db (or --store-dir)").format(path=u.database))
    return url


def cmd_ingest(args) -> int:
    """Exit 0 when every document was read whole, 1 when some failed or were read in part,
    2 when nothing could be read; 128 + the signal when stopped by Ctrl-C or SIGTERM."""
    from .batch import Batch, exit_code, summary
    from .parse import ParseSettings
    if args.workers is None:
        args.workers = max(1, min(os.cpu_count() or 1, 4))
    batch = Batch(args.out, db_url=args.db, workers=args.workers, timeout=args.timeout,
                  memory_mb=args.memory_limit, progress=not args.quiet and sys.stderr.isatty(),
                  settings=ParseSettings(ocr=args.ocr))
    outcomes = batch.run(args.paths)
    print(summary(outcomes, args.out, batch.interrupted, elapsed=batch.elapsed))
    if batch.interrupted:
        return 128 + (batch.stop_signal or 2)
    return exit_code(outcomes)


def cmd_export(args) -> int:
    """The CSVs (and the workbook) from the store alone: the current version of each plan,
    or every version with --all-versions (documents.csv then ends with plan_id, version,
    current)."""
    from . import export
    from .records import ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS
    from .store import Store, default_url
    store = Store(existing_store(args.db or default_url(args.out)))
    try:
        current = not args.all_versions
        doc_columns = DOCUMENT_COLUMNS + ([] if current else
                                          [c for c in ("plan_id", "version", "current")
                                           if c not in DOCUMENT_COLUMNS])
        tables = {"activities": (ACTIVITY_COLUMNS, store.activity_rows(current_only=current)),
                  "documents": (doc_columns, store.document_rows(current_only=current)),
                  "indicators": (INDICATOR_COLUMNS, store.indicator_rows(current_only=current))}
    finally:
        store.close()
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
    from .evaluate import (EvaluationError, evaluate, parse_minimums, render,
                           unmet_minimums, write_json)
    try:
        minimums = parse_minimums(args.min)
        report = evaluate(args.gold, args.pred, docs=args.docs)
        print(render(report, verbose=args.verbose))
        if args.json:
            write_json(report, args.json, minimums)
    except EvaluationError as exc:
        print(f"roadmaps evaluate: error: {exc}", file=sys.stderr)
        return 2
    failed = unmet_minimums(report, minimums)
    for message in failed:
        print(f"roadmaps evaluate: below minimum: {message}", file=sys.stderr)
    return 1 if failed else 0


def cmd_compare(args) -> int:
    from . import compare
    from .store import Store, default_url
    settings = compare.load_settings(args.settings, method=args.method,
                                     link_threshold=args.threshold,
                                     covered_threshold=args.covered_threshold)
    if float(settings["covered_threshold"]) < float(settings["link_threshold"]):
        print("error: --covered-threshold is below the link threshold", file=sys.stderr)
        return 2
    store = Store(existing_store(args.db or default_url(args.store_dir)))
    try:
        result = compare.compare(store, args.regional, args.municipal or None, settings)
    except KeyError as e:
        print(f"error: {e.args[0]}", file=sys.stderr)
        return 2
    finally:
        store.close()
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    counts = compare.write_outputs(result, args.out)
    for row in compare.summary_rows(result):
        print(f"{row['municipality']}: covered {row['covered']}, partly {row['partly']}, "
              f"not covered {row['not_covered']} of {len(result.regional.items)} regional items; "
              f"{row['late']} late; {row['local_initiatives']} local initiatives")
    print("output: " + ", ".join(os.path.join(args.out, name) for name in counts))
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
    ing.add_argument("--memory-limit", type=int, default=None, metavar="MIB",
                     help="address-space limit of a worker in MiB (2048)")
    ing.add_argument("--ocr", choices=["auto", "on", "off"], default=None,
                     help="scanned PDF pages: OCR when Tesseract is installed (auto), always (on), "
                          "never (off); default $ROADMAPS_OCR, else auto")
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.set_defaults(func=cmd_ingest)

    exp = sub.add_parser("export", help="write the CSVs (and XLSX) from the store alone")
    exp.add_argument("--out", default="data/processed")
    exp.add_argument("--db", default=None, help="database URL (default $DATABASE_URL, "
                     "else sqlite:///OUT/roadmaps.db)")
    exp.add_argument("--excel", action="store_true", help="UTF-8 with BOM, ';'-separated, formulas escaped")
    exp.add_argument("--xlsx", action="store_true", help="also write roadmaps.xlsx")
    exp.add_argument("--all-versions", action="store_true",
                     help="every version of every plan, not only the current ones")
    exp.set_defaults(func=cmd_export)

    ev = sub.add_parser("evaluate", help="score an output folder against hand-checked gold JSON")
    ev.add_argument("--gold", required=True)
    ev.add_argument("--pred", required=True)
    ev.add_argument("-v", "--verbose", action="store_true", help="list missing/extra rows and wrong fields")
    ev.add_argument("--docs", default=None, help="comma-separated doc ids to score even if absent "
                    "from the predictions (zero recall then); 'all' = every gold file")
    ev.add_argument("--json", metavar="FILE", default=None, help="also write every figure as JSON")
    ev.add_argument("--min", action="append", default=[], metavar="KEY=VALUE",
                    help="exit 1 if an overall figure is below VALUE (repeatable), e.g. rows_f1=0.9")
    ev.set_defaults(func=cmd_evaluate)

    cmp = sub.add_parser("compare", help="compare municipal plans in the store against the regional "
                         "plan: coverage.csv, links.csv, report.html")
    cmp.add_argument("--regional", required=True, metavar="DOC_ID", help="doc_id of the regional plan")
    cmp.add_argument("--municipal", nargs="+", action="extend", metavar="DOC_ID",
                     help="doc_ids of municipal plans (default: every other non-regional plan)")
    cmp.add_argument("--out", required=True, help="folder for the CSVs and report.html")
    cmp.add_argument("--db", default=None, help="database URL (default $DATABASE_URL, "
                     "else sqlite:///STORE_DIR/roadmaps.db)")
    cmp.add_argument("--store-dir", default="data/processed",
                     help="folder of the default SQLite store (default data/processed)")
    cmp.add_argument("--threshold", type=float, default=None,
                     help="link threshold: score at which an activity serves an item (settings: 0.28)")
    cmp.add_argument("--covered-threshold", type=float, default=None,
                     help="best score at which an item counts as covered (settings: 0.45)")
    cmp.add_argument("--method", default=None, choices=["tfidf", "bm25", "navec", "e5", "use", "hybrid"],
                     help="scorer (settings: hybrid of tfidf and navec)")
    cmp.add_argument("--settings", default=None, help="YAML file overriding pipeline/data/compare_settings.yaml")
    cmp.set_defaults(func=cmd_compare)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command; any failure is one line for a person (`errors.explain`) and exit 2,
    never a traceback (ROADMAPS_DEBUG=1 shows it)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        from .i18n import _
        print(_("interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:
        from .errors import debug, explain
        if debug():
            raise
        try:
            line = explain(exc)
        except Exception:
            line = f"{type(exc).__name__}"
        print(f"roadmaps {args.command}: {line}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
