"""The `roadmaps` command: a thin front over the pipeline stages.

    roadmaps ingest PATH... [--out DIR] [--db URL] [--workers N] [--timeout S]
                    [--memory-limit MIB] [--ocr auto|on|off] [--settings FILE] [--quiet]
    roadmaps export --out DIR [--db URL] [--excel] [--xlsx]
    roadmaps evaluate --gold DIR --pred DIR [-v] [--docs IDS] [--json FILE] [--min KEY=VALUE]
    roadmaps compare --regional DOC_ID [--municipal DOC_ID ...] --out DIR [--db URL]
    roadmaps serve [--db URL] [--host 127.0.0.1] [--port 8000]
    roadmaps users add NAME --role analyst|viewer
"""
from __future__ import annotations

import argparse
import os
import sys

from .i18n import _


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


def parse_settings(args):
    """The run's ParseSettings from --ocr / $ROADMAPS_OCR and --settings / $ROADMAPS_SETTINGS
    (read here once, passed down); a settings file that does not fit is a UserError."""
    from .errors import UserError
    from .parse import ParseSettings
    from .settings import SettingsError
    try:
        return ParseSettings.from_environment(getattr(args, "ocr", None),
                                              getattr(args, "settings", None))
    except SettingsError as exc:
        raise UserError(str(exc)) from None


def cmd_ingest(args) -> int:
    """Exit 0 when every document was read whole, 1 when some failed or were read in part,
    2 when nothing could be read; 128 + the signal when stopped by Ctrl-C or SIGTERM."""
    from .batch import Batch, exit_code, summary
    if args.workers is None:
        args.workers = max(1, min(os.cpu_count() or 1, 4))
    batch = Batch(args.out, db_url=args.db, workers=args.workers, timeout=args.timeout,
                  memory_mb=args.memory_limit, progress=not args.quiet and sys.stderr.isatty(),
                  settings=parse_settings(args))
    outcomes = batch.run(args.paths)
    print(summary(outcomes, args.out, batch.interrupted, elapsed=batch.elapsed,
                  shown=batch.written.get("roadmaps.xlsx")))
    if batch.interrupted:
        return 128 + (batch.stop_signal or 2)
    return exit_code(outcomes)


def cmd_export(args) -> int:
    """The CSVs (and the workbook) from the store alone: the current version of each plan,
    or every version with --all-versions (documents.csv then ends with plan_id, version,
    current)."""
    from . import export
    from .schema import ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS
    from .store import Store, default_url
    store = Store(existing_store(args.db or default_url(args.out)))
    try:
        if not args.all_versions:     # the current plans: every output, renditions folded
            written = export.write_outputs(store, args.out)
            for name, n in written.items():
                print(_("{name}: {n} rows").format(name=name, n=n))
            return 0
        doc_columns = DOCUMENT_COLUMNS + [c for c in ("plan_id", "version", "current")
                                          if c not in DOCUMENT_COLUMNS]
        tables = {"activities": (ACTIVITY_COLUMNS, store.activity_rows(current_only=False)),
                  "documents": (doc_columns, store.document_rows(current_only=False)),
                  "indicators": (INDICATOR_COLUMNS, store.indicator_rows(current_only=False))}
    finally:
        store.close()
    suffix = "_excel" if args.excel else ""
    for name, (cols, rows) in tables.items():
        n = export.write_csv(os.path.join(args.out, f"{name}{suffix}.csv"), cols, rows, excel=args.excel)
        print(_("{name}: {n} rows").format(name=f"{name}{suffix}.csv", n=n))
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
        print(_("roadmaps evaluate: error: {error}").format(error=exc), file=sys.stderr)
        return 2
    failed = unmet_minimums(report, minimums)
    for message in failed:
        print(_("roadmaps evaluate: below minimum: {message}").format(message=message), file=sys.stderr)
    return 1 if failed else 0


def cmd_compare(args) -> int:
    from . import compare
    from .i18n import _
    from .store import Store, default_url
    settings = compare.load_settings(args.settings, method=args.method,
                                     link_threshold=args.threshold,
                                     covered_threshold=args.covered_threshold)
    if float(settings["covered_threshold"]) < float(settings["link_threshold"]):
        print(_("roadmaps compare: error: {error}").format(
            error=_("--covered-threshold is below the link threshold")), file=sys.stderr)
        return 2
    try:
        compare.check_methods(settings)
        overrides = compare.read_override_args(args.override or [], args.overrides)
    except (compare.MethodUnavailable, compare.CompareError) as e:
        print(_("roadmaps compare: error: {error}").format(error=e), file=sys.stderr)
        return 2
    store = Store(existing_store(args.db or default_url(args.store_dir)))
    try:
        if overrides:
            compare.save_overrides(store, args.regional, overrides)
        result = compare.compare(store, args.regional, args.municipal or None, settings)
    except compare.CompareError as e:
        print(_("roadmaps compare: error: {error}").format(error=e), file=sys.stderr)
        return 2
    finally:
        store.close()
    for w in result.warnings:
        print(_("warning: {warning}").format(warning=w), file=sys.stderr)
    counts = compare.write_outputs(result, args.out)
    for row in compare.summary_rows(result):
        print(_("{municipality}: covers {done} of the {must} regional items it must act on "
                "({covered} fully, {partly} partly), not {not_covered}; {late} late; "
                "{regional_only} regional only; {local} local initiatives").format(
            municipality=row["municipality"], done=row["covered"] + row["partly"],
            must=row["must_act"], covered=row["covered"], partly=row["partly"],
            not_covered=row["not_covered"], late=row["late"], regional_only=row["regional_only"],
            local=row["local_initiatives"]))
    print(_("output: {files}").format(files=", ".join(os.path.join(args.out, name) for name in counts)))
    return 0


def cmd_explain(args) -> int:
    from .explain import explain
    settings = parse_settings(args)
    for path in args.paths:
        print("\n".join(explain(path, all_rows=args.all_rows, settings=settings)))
    return 0


def _argparse_in_our_language() -> None:
    """argparse's own words («usage:», «options», its error messages) from our catalogue."""
    from . import i18n
    argparse._ = i18n._
    argparse.ngettext = i18n.ngettext


def cmd_serve(args) -> int:
    """The analyst's workbench in a browser (pipeline/web); sign-in required off this machine."""
    import uvicorn

    from .i18n import _
    from .web import create_app
    local = args.host in ("127.0.0.1", "localhost", "::1")
    app = create_app(args.db, out_dir=args.out, require_login=not local or args.login,
                     parse_settings=parse_settings(args))
    if not local:
        from .store import count_users
        if not count_users(app.state.store):
            print(_("No users yet: add one with `roadmaps users add NAME --role analyst`."),
                  file=sys.stderr)
    print(_("Open http://{host}:{port}/ in a browser (Ctrl-C stops).").format(
        host=args.host, port=args.port), file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_users(args) -> int:
    """`roadmaps users add NAME --role analyst|viewer`: the password is asked (or read from stdin)."""
    import getpass

    from .i18n import _
    from .store import Store, default_url
    from .web import auth
    if sys.stdin.isatty():
        password = getpass.getpass(_("Password: "))
        if getpass.getpass(_("Repeat the password: ")) != password:
            print(_("The passwords differ."), file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\n")
    store = Store(args.db or default_url(args.out))
    try:
        auth.add_user(store, args.name, password, args.role)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        store.close()
    print(_("User {name} saved ({role}).").format(name=args.name, role=args.role))
    return 0


def build_parser() -> argparse.ArgumentParser:
    _argparse_in_our_language()
    p = argparse.ArgumentParser(prog="roadmaps", description=
                                _("Extract education roadmaps (DOCX/PDF plan tables) into one schema."))
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help=_("read files/folders into the store and the CSVs"))
    ing.add_argument("paths", nargs="+", help=_("files or folders (walked recursively)"))
    ing.add_argument("--out", default="data/processed", help=_("output folder (default data/processed)"))
    ing.add_argument("--db", default=None, help=_("database URL (default $DATABASE_URL, "
                     "else sqlite:///OUT/roadmaps.db)"))
    ing.add_argument("--workers", type=int, default=None, help=_("parallel worker processes"))
    ing.add_argument("--timeout", type=float, default=None, help=_("seconds allowed per file (120)"))
    ing.add_argument("--memory-limit", type=int, default=None, metavar="MIB",
                     help=_("address-space limit of a worker in MiB (2048)"))
    ing.add_argument("--ocr", choices=["auto", "on", "off"], default=None,
                     help=_("scanned PDF pages: OCR when Tesseract is installed (auto), always (on), "
                          "never (off); default $ROADMAPS_OCR, else auto"))
    ing.add_argument("--settings", default=None, metavar="FILE",
                     help=_("YAML file with the knobs to change (default $ROADMAPS_SETTINGS; "
                            "the knobs: extractors/settings.yaml)"))
    ing.add_argument("--quiet", action="store_true", help=_("no progress bar"))
    ing.set_defaults(func=cmd_ingest)

    exp = sub.add_parser("export", help=_("write the CSVs and the workbook from the store alone"))
    exp.add_argument("--out", default="data/processed")
    exp.add_argument("--db", default=None, help=_("database URL (default $DATABASE_URL, "
                     "else sqlite:///OUT/roadmaps.db)"))
    exp.add_argument("--excel", action="store_true", help=_("UTF-8 with BOM, ';'-separated, formulas escaped"))
    exp.add_argument("--xlsx", action="store_true", help=_("roadmaps.xlsx (always written now; kept for old scripts)"))
    exp.add_argument("--all-versions", action="store_true",
                     help=_("every version of every plan, not only the current ones"))
    exp.set_defaults(func=cmd_export)

    ev = sub.add_parser("evaluate", help=_("score an output folder against hand-checked gold JSON"))
    ev.add_argument("--gold", required=True)
    ev.add_argument("--pred", required=True)
    ev.add_argument("-v", "--verbose", action="store_true", help=_("list missing/extra rows and wrong fields"))
    ev.add_argument("--docs", default=None, help=_("comma-separated doc ids to score even if absent "
                    "from the predictions (zero recall then); 'all' = every gold file"))
    ev.add_argument("--json", metavar="FILE", default=None, help=_("also write every figure as JSON"))
    ev.add_argument("--min", action="append", default=[], metavar="KEY=VALUE",
                    help=_("exit 1 if an overall figure is below VALUE (repeatable), e.g. rows_f1=0.9"))
    ev.set_defaults(func=cmd_evaluate)

    cmp = sub.add_parser("compare", help=_("compare municipal plans in the store against the regional "
                         "plan: coverage.csv, links.csv, report.html"))
    cmp.add_argument("--regional", required=True, metavar="DOC_ID", help=_("doc_id of the regional plan"))
    cmp.add_argument("--municipal", nargs="+", action="extend", metavar="DOC_ID",
                     help=_("doc_ids of municipal plans (default: every other non-regional plan)"))
    cmp.add_argument("--out", required=True, help=_("folder for the CSVs and report.html"))
    cmp.add_argument("--db", default=None, help=_("database URL (default $DATABASE_URL, "
                     "else sqlite:///STORE_DIR/roadmaps.db)"))
    cmp.add_argument("--store-dir", default="data/processed",
                     help=_("folder of the default SQLite store (default data/processed)"))
    cmp.add_argument("--threshold", type=float, default=None,
                     help=_("link threshold: least text similarity of an activity that serves an item, with the same action and object (settings: 0.35)"))
    cmp.add_argument("--covered-threshold", type=float, default=None,
                     help=_("least similarity of a «covered» item (settings: 0.45)"))
    cmp.add_argument("--method", default=None, choices=["tfidf", "bm25", "navec", "e5", "use", "hybrid"],
                     help=_("scorer (settings: hybrid of tfidf and navec); e5 and use need their "
                            "packages (pip install .[bench]), without them compare stops and says so"))
    cmp.add_argument("--override", nargs=3, action="append", metavar=("ITEM", "MUNICIPAL_DOC", "STATUS"),
                     help=_("set the status of regional item ITEM for the municipal plan MUNICIPAL_DOC "
                            "(covered / partly / not covered / regional only, or покрыт / частично / "
                            "не покрыт / только регион); kept in the store for every later run "
                            "(STATUS 'auto' removes it); repeatable"))
    cmp.add_argument("--overrides", default=None, metavar="FILE.csv",
                     help=_("CSV with columns regional_item, municipal_doc, status[, note]: many "
                            "overrides at once (e.g. coverage.csv with the status column edited)"))
    cmp.add_argument("--settings", default=None, help=_("YAML file overriding pipeline/data/compare_settings.yaml"))
    cmp.set_defaults(func=cmd_compare)

    exl = sub.add_parser("explain", help=_("how each table of a file was read: column roles and why, "
                         "and every row that gave no record"))
    exl.add_argument("paths", nargs="+", help=_("files to explain"))
    exl.add_argument("--all-rows", action="store_true", help=_("list every row, records too"))
    exl.set_defaults(func=cmd_explain)

    srv = sub.add_parser("serve", help=_("the web workbench: upload, check, correct, download"))
    srv.add_argument("--db", default=None, help=_("database URL (default $DATABASE_URL, "
                     "else sqlite:///OUT/roadmaps.db)"))
    srv.add_argument("--out", default="data/processed", help=_("folder of outputs and uploads"))
    srv.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1; "
                     "any other requires sign-in)"))
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--login", action="store_true", help=_("require sign-in on 127.0.0.1 too"))
    srv.set_defaults(func=cmd_serve)

    usr = sub.add_parser("users", help=_("web users: roadmaps users add NAME --role analyst|viewer"))
    usr_sub = usr.add_subparsers(dest="action", required=True)
    add = usr_sub.add_parser("add", help=_("add a user or change a user's password and role"))
    add.add_argument("name")
    add.add_argument("--role", choices=["analyst", "viewer"], default="viewer")
    add.add_argument("--db", default=None)
    add.add_argument("--out", default="data/processed")
    add.set_defaults(func=cmd_users)
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
    except BrokenPipeError:           # the output piped into `head` or a closed pager
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
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
