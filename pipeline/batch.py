"""A batch of files → the store and the output folder, one file never able to spoil another.

    paths → files to read (folders walked, non-documents reported) → doc ids
          → files already in the store (same SHA-256) skipped, so a re-run resumes
          → each file parsed in a worker process (time and memory limit)
          → records loaded into the store by this process, one transaction per file
          → activities.csv / documents.csv / indicators.csv / ingest_report.csv

Workers are forked from this process after the lexicons are loaded, so they start warm, and
each one parses file after file (its caches, and natasha's models once it has needed them,
stay loaded: models load lazily, at most once per worker). A file that hangs (time limit),
exhausts memory (address-space limit) or crashes the parser kills only its worker: the file
is reported with a one-line reason, and a fresh worker takes the next file. A worker that
had an internal error, ran out of memory or grew past `worker_recycle_mb` is replaced too.

Ctrl-C (SIGINT) stops the batch cleanly: no new file is started, running workers are
stopped, every file loaded so far stays in the store (each load is one transaction that
the signal never cuts), the report says which files were not processed, and the next run
picks up where this one stopped.
from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection
import os
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field

from extractors import ExtractionError, extract
from extractors import SUPPORTED_SUFFIXES

from . import export
from .records import ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS, build_document, file_sha256
from .store import Store, default_url
from .structure import structure

SETTINGS = {
    "timeout": 120.0,            # s per file
    "memory_limit_mb": 2048,     # address-space limit of a worker
    "workers": 1,
    "worker_recycle_mb": 1024,   # a worker whose RSS grew past this after a file is replaced
    "poll_interval": 0.2,        # s between checks of the running workers' clocks
}

REPORT_COLUMNS = ["file", "doc_id", "status", "records", "indicators", "pages", "seconds",
                  "warnings", "error"]


@dataclass
class FileOutcome:
    """What happened to one file: the batch report's row."""

    file: str
    doc_id: str
    status: str = "pending"      # imported / already imported / failed / skipped
    records: int = 0
    indicators: int = 0
    pages: int | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    def as_row(self) -> dict:
        return {"file": self.file, "doc_id": self.doc_id, "status": self.status,
                "records": self.records, "indicators": self.indicators,
                "pages": "" if self.pages is None else self.pages,
                "seconds": f"{self.seconds:.2f}", "warnings": " | ".join(self.warnings),
                "error": self.error}


# ----------------------------------------------------------------------------- choosing files

def collect_files(paths: list[str]) -> tuple[list[str], list[FileOutcome]]:
    """Input paths → document files (sorted), and a 'skipped' outcome for everything else."""
    files: list[str] = []
    skipped: list[FileOutcome] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if name.startswith(".") or name.startswith("~$"):
                        continue
                    if os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES:
                        files.append(full)
                    else:
                        skipped.append(FileOutcome(full, "", "skipped",
                                                   error="not a .docx or .pdf file"))
        elif os.path.isfile(p):
            files.append(p)
        else:
            skipped.append(FileOutcome(p, "", "failed", error="no such file or folder"))
    return files, skipped


def assign_doc_ids(files: list[str]) -> list[str]:
    """The file's stem; a later file with the same stem gets its format as a suffix."""
    ids: list[str] = []
    used: set[str] = set()
    for f in files:
        stem, ext = os.path.splitext(os.path.basename(f))
        doc_id = stem
        if doc_id in used:
            doc_id = f"{stem}-{ext.lstrip('.').lower() or 'file'}"
            k = 2
            while doc_id in used:
                doc_id = f"{stem}-{ext.lstrip('.').lower()}{k}"
                k += 1
        used.add(doc_id)
        ids.append(doc_id)
    return ids


# ----------------------------------------------------------------------------- one file

def parse_file(path: str, doc_id: str):
    """One file → DocumentRecord (raises ExtractionError with a one-line reason)."""
    doc = extract(path)
    found = structure(doc)
    if not found.rows and not found.indicators:
        raise ExtractionError("no activity table found" if doc.tables else
                              "no table found (not a plan table, or a layout not recognised)")
    return build_document(doc, found, doc_id, source_file=path)


def _child(path: str, doc_id: str, conn, memory_mb: int) -> None:
    """Worker body: parse one file and send back (record, None) or (None, reason)."""
    try:
        import resource
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = (parse_file(path, doc_id), None)
    except ExtractionError as exc:
        result = (None, str(exc))
    except MemoryError:
        result = (None, f"out of memory (limit {memory_mb} MiB)")
    except Exception as exc:  # a parser bug: reported, never fatal for the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result = (None, f"internal error {type(exc).__name__}: {str(exc)[:150]} "
                        f"({os.path.basename(where.filename)}:{where.lineno})")
    try:
        conn.send(result)
    except Exception as exc:
        conn.send((None, f"internal error: result not transferable ({type(exc).__name__})"))
    conn.close()


def warm_up() -> None:
    """Load lexicons and models once, before forking workers."""
    from normalizers import deadlines, metadata, parties
    from . import structure as st
    st.lexicon()
    for module in (deadlines, parties, metadata):
        fn = getattr(module, "warm_up", None)
        if fn:
            fn()


# ----------------------------------------------------------------------------- the batch

class Batch:
    """Runs files through worker processes and loads results into the store."""

    def __init__(self, out_dir: str, db_url: str | None = None, workers: int | None = None,
                 timeout: float | None = None, memory_mb: int | None = None,
                 progress: bool = True):
        self.out_dir = out_dir
        self.db_url = db_url or default_url(out_dir)
        self.workers = max(1, workers or SETTINGS["workers"])
        self.timeout = timeout or SETTINGS["timeout"]
        self.memory_mb = memory_mb or SETTINGS["memory_limit_mb"]
        self.progress = progress
        self.interrupted = False

    def run(self, paths: list[str]) -> list[FileOutcome]:
        os.makedirs(self.out_dir, exist_ok=True)
        store = Store(self.db_url)
        run_id = store.begin_run(paths)
        files, outcomes = collect_files(paths)
        doc_ids = assign_doc_ids(files)
        todo: list[FileOutcome] = []
        for f, d in zip(files, doc_ids):
            o = FileOutcome(f, d)
            try:
                sha = file_sha256(f)
            except OSError as exc:
                o.status, o.error = "failed", f"cannot read file: {exc.strerror}"
                outcomes.append(o)
                continue
            if store.has_sha(sha):
                o.status = "already imported"
                outcomes.append(o)
            else:
                todo.append(o)
        warm_up()
        bar = _progress(len(todo), self.progress)
        try:
            for o, result, elapsed in self._parse_all(todo):
                o.seconds = elapsed
                record, error = result
                if record is None:
                    o.status, o.error = "failed", error
                else:
                    try:
                        o.status = store.load(record, run_id=run_id)
                        o.records, o.indicators = len(record.activities), len(record.indicators)
                        o.pages, o.warnings = record.pages, record.warnings
                    except Exception as exc:
                        o.status = "failed"
                        o.error = f"store error {type(exc).__name__}: {str(exc).splitlines()[0][:150]}"
                outcomes.append(o)
                bar.update(1)
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            bar.close()
        for o in todo:
            if o.status == "pending":
                o.status, o.error = "not processed", "batch interrupted"
                outcomes.append(o)
        store.finish_run(run_id, outcomes, interrupted=self.interrupted)
        self.write_outputs(store, outcomes)
        return outcomes

    def _parse_all(self, todo: list[FileOutcome]):
        """Yield (outcome, (record, error), seconds) as workers finish, up to N at a time."""
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        pending = list(todo)
        running: list[tuple] = []
        try:
            while pending or running:
                while pending and len(running) < self.workers:
                    o = pending.pop(0)
                    recv, send = ctx.Pipe(duplex=False)
                    proc = ctx.Process(target=_child, args=(o.file, o.doc_id, send, self.memory_mb),
                                       daemon=True)
                    proc.start()
                    send.close()
                    running.append((o, proc, recv, time.monotonic()))
                done = mp.connection.wait([r[2] for r in running] + [r[1].sentinel for r in running],
                                          timeout=0.2)
                still = []
                for o, proc, recv, t0 in running:
                    elapsed = time.monotonic() - t0
                    if recv in done or proc.sentinel in done:
                        result = None
                        if recv.poll():
                            try:
                                result = recv.recv()
                            except (EOFError, OSError):
                                result = None
                        proc.join(timeout=5)
                        if result is None:
                            code = proc.exitcode
                            reason = (f"worker crashed (signal {-code})" if code and code < 0
                                      else f"worker died (exit code {code})")
                            if code == -signal.SIGKILL:
                                reason = f"worker killed (out of memory? limit {self.memory_mb} MiB)"
                            result = (None, reason)
                        recv.close()
                        yield o, result, elapsed
                    elif elapsed > self.timeout:
                        proc.kill()
                        proc.join(timeout=5)
                        recv.close()
                        yield o, (None, f"timed out after {self.timeout:.0f} s"), elapsed
                    else:
                        still.append((o, proc, recv, t0))
                running = still
        finally:
            for _, proc, recv, _ in running:
                proc.kill()
                proc.join(timeout=5)
                recv.close()

    def write_outputs(self, store: Store, outcomes: list[FileOutcome]) -> None:
        """The CSVs from the store, and the batch report."""
        out = self.out_dir
        export.write_csv(os.path.join(out, export.ACTIVITIES), ACTIVITY_COLUMNS, store.activity_rows())
        export.write_csv(os.path.join(out, export.DOCUMENTS), DOCUMENT_COLUMNS, store.document_rows())
        export.write_csv(os.path.join(out, export.INDICATORS), INDICATOR_COLUMNS, store.indicator_rows())
        export.write_csv(os.path.join(out, "ingest_report.csv"), REPORT_COLUMNS,
                         (o.as_row() for o in outcomes))


class _NoBar:
    def update(self, n):
        pass

    def close(self):
        pass


def _progress(total: int, enabled: bool):
    if not enabled or total == 0:
        return _NoBar()
    from tqdm import tqdm
    return tqdm(total=total, unit="file", file=sys.stderr, desc="ingest", leave=False)


def summary(outcomes: list[FileOutcome], out_dir: str, interrupted: bool = False) -> str:
    """The lines printed at the end of a batch."""
    ok = [o for o in outcomes if o.status == "imported"]
    again = [o for o in outcomes if o.status == "already imported"]
    bad = [o for o in outcomes if o.status in ("failed", "not processed")]
    skipped = [o for o in outcomes if o.status == "skipped"]
    lines = [f"files read: {len(ok) + len(again) + len(bad)}; imported: {len(ok)}; "
             f"already imported: {len(again)}; failed: {len(bad)}; skipped: {len(skipped)}",
             f"records: {sum(o.records for o in ok)} activities, "
             f"{sum(o.indicators for o in ok)} indicator values"]
    for o in bad:
        lines.append(f"  FAILED  {o.file}: {o.error}")
    for o in skipped:
        lines.append(f"  skipped {o.file}: {o.error}")
    warned = [o for o in ok if o.warnings]
    for o in warned:
        lines.append(f"  warning {o.file}: {' | '.join(o.warnings)}")
    if interrupted:
        lines.append("interrupted: files imported so far are kept; run again to continue")
    lines.append(f"output: {out_dir}/activities.csv, documents.csv, indicators.csv, "
                 f"ingest_report.csv")
    return "\n".join(lines)
