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
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import multiprocessing.connection
import os
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field

from extractors import ExtractionError
from extractors import SUPPORTED_SUFFIXES

from . import export
from .i18n import _, ngettext
from .parse import NoPlanTable, ParseSettings, parse
from . import schema
from .records import file_sha256
from .safety import (check_store_folder, check_writable, close_inherited_sockets,
                     die_with_parent, display_path, folder_lock)
from .store import Store, default_url


REPORT_COLUMNS = schema.REPORT_COLUMNS    # the batch report's columns (declared in schema.py)
REPORTS_DIR = "ingest_reports"   # one report per run (the history), beside ingest_report.csv
WHOLE = ("imported", "already imported")       # statuses of a file read whole


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def version_notes(loaded) -> list[str]:
    """What a load did to the plans, for the report: the version it is, what it replaced."""
    notes = []
    if loaded.status != "imported" or loaded.plan_id is None:
        return notes
    if loaded.rendition_of:
        notes.append(_("another format of version {version} of plan {plan} ({doc_id})").format(
            version=loaded.version, plan=loaded.plan_id, doc_id=loaded.rendition_of))
    elif loaded.replaced:
        old = ", ".join(_("{doc_id} (version {version})").format(doc_id=d, version=v)
                        for d, v in loaded.replaced)
        notes.append(_("new version {version} of plan {plan}: replaces {old}").format(
            version=loaded.version, plan=loaded.plan_id, old=old))
    elif not loaded.current:
        notes.append(_("version {version} of plan {plan} kept, not current: its act is older "
                       "than the current version's").format(version=loaded.version,
                                                            plan=loaded.plan_id))
    return notes


def exit_code(outcomes: list["FileOutcome"]) -> int:
    """0 when every document was read whole; 1 when some failed, were read in part or not
    processed; 2 when nothing could be read (no documents, or every one failed)."""
    docs = [o for o in outcomes if o.status != "skipped"]
    whole = [o for o in docs if o.status in WHOLE]
    if not whole and not any(o.status == "partial" for o in docs):
        return 2                      # nothing could be read at all
    return 0 if len(whole) == len(docs) else 1


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
    row_counts: dict = field(default_factory=dict)   # table rows per outcome kind

    def as_row(self) -> dict:
        """Its row of the ingest report (the columns of `schema.REPORT`)."""
        return schema.csv_row(schema.REPORT, {
            "file": display_path(self.file), "doc_id": display_path(self.doc_id),
            "status": self.status, "records": self.records, "indicators": self.indicators,
            "pages": self.pages, "seconds": f"{self.seconds:.2f}", "warnings": self.warnings,
            "error": self.error, "table_rows": sum(self.row_counts.values()) or None,
            "row_classes": [f"{k} {v}" for k, v in self.row_counts.items()]})


# ----------------------------------------------------------------------------- choosing files

def _not_a_document() -> str:
    return _("not a document ({suffixes})").format(suffixes=", ".join(sorted(SUPPORTED_SUFFIXES)))


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
                        skipped.append(FileOutcome(full, "", "skipped", error=_not_a_document()))
        elif os.path.isfile(p):
            files.append(p)
        else:
            skipped.append(FileOutcome(p, "", "failed", error=_("no such file or folder")))
    return files, skipped


def assign_doc_ids(files: list[str]) -> list[str]:
    """The file's stem; a later file with the same stem gets its format as a suffix."""
    ids: list[str] = []
    used: set[str] = set()
    for f in files:
        stem, ext = os.path.splitext(display_path(os.path.basename(f)))
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

def parse_file(path: str, doc_id: str, settings: ParseSettings | None = None):
    """One file → DocumentRecord in a worker: `parse.parse` (raises ExtractionError with a
    one-line reason)."""
    return parse(path, settings, doc_id=doc_id)


def _rss_mb(pid: int | str = "self") -> float:
    """Resident set size of a process in MiB (0 where /proc is not readable)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _vm_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _one_file(path: str, doc_id: str, memory_mb: int, settings: ParseSettings | None = None) -> dict:
    """Parse one file inside a worker: {'record'} or {'error'} (+ pages, warnings) and
    'retire' when the worker should not take another file."""
    try:
        return {"record": parse_file(path, doc_id, settings)}
    except NoPlanTable as exc:
        return {"error": str(exc), "pages": exc.pages, "warnings": exc.warnings}
    except ExtractionError as exc:
        return {"error": _one_line(str(exc)) or _("unreadable file")}
    except MemoryError:
        return {"error": _("out of memory (limit {mib} MiB)").format(mib=memory_mb), "retire": True}
    except RecursionError:
        return {"error": _("internal error: nesting too deep (recursion limit)"), "retire": True}
    except Exception as exc:  # a parser bug: reported, never fatal for the batch
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" ({os.path.basename(where.filename)}:{where.lineno})" if where else ""
        text = _one_line(str(exc), 150)
        return {"error": _("internal error {name}: {text}").format(name=type(exc).__name__, text=text + at),
                "retire": True}


def _one_line(text: str, limit: int = 300) -> str:
    """A reason on one line: white space runs folded, cut at `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _worker(conn, memory_mb: int, settings: ParseSettings | None = None,
            parent_pid: int | None = None) -> None:
    """Worker body: take (path, doc_id) tasks from `conn` until None, answer each with the
    result of `_one_file` (plus the worker's RSS)."""
    die_with_parent(parent_pid or os.getppid())
    close_inherited_sockets(conn.fileno())
    settings = settings or ParseSettings()
    knobs = settings.stages.batch
    try:
        os.setpgrp()                  # the terminal's Ctrl-C reaches the parent only
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import faulthandler
        faulthandler.disable()        # a crash is reported as one line, not a stack dump
    except Exception:
        pass
    try:
        import resource
        # the limit is on the address space; the fork inherits the parent's mappings, so a
        # worker always keeps at least 512 MiB of room above what it starts with
        limit = int(max(memory_mb, _vm_mb() + 512) * 2**20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    if knobs.gc_threshold:
        gc.set_threshold(*knobs.gc_threshold)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            break
        if task is None:
            break
        path, doc_id = task
        result = _one_file(path, doc_id, memory_mb, settings)
        result["rss_mb"] = _rss_mb()
        # what is still alive after a file (caches, natasha's models once loaded) lives on:
        # out of the collector's scans, which otherwise walk it again and again
        if knobs.gc_freeze:
            gc.collect()
            gc.freeze()
        try:
            conn.send(result)
        except Exception as exc:
            try:
                conn.send({"error": _("internal error: result not transferable ({name})").format(
                    name=type(exc).__name__), "retire": True})
            except Exception:
                break
        if result.get("retire"):
            break
    conn.close()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(0)                       # no atexit handlers, no finalizers of inherited state


def warm_up(files: list[str] | None = None) -> None:
    """Load what every file needs once, before forking workers: the parsers' modules (of
    the formats among `files`; all when None), the header words, the deadline, party and
    metadata lexicons. natasha's models are not loaded here: a worker loads them on first
    need and keeps them for its next files."""
    from normalizers import deadlines, metadata, parties
    from . import structure as st
    suffixes = {os.path.splitext(f)[1].lower() for f in files} if files is not None else None
    if suffixes is None or suffixes - {".pdf"}:
        import extractors.docx  # noqa: F401  (python-docx, lxml; also behind .doc/.odt/.rtf)
    if suffixes is None or ".pdf" in suffixes:
        import extractors.pdf  # noqa: F401   (pdfplumber, pdfminer)
    st.lexicon()
    for module in (deadlines, parties, metadata):
        fn = getattr(module, "warm_up", None)
        if fn:
            fn()
    if not hasattr(deadlines, "warm_up"):
        deadlines.parse_deadline("до 31 декабря 2022 года")   # loads the deadline lexicon


# ----------------------------------------------------------------------------- the batch

class _Worker:
    """One worker process and the file it is on (None when idle)."""

    def __init__(self, proc, conn):
        self.proc = proc
        self.conn = conn
        self.task: FileOutcome | None = None
        self.t0 = 0.0

    def kill(self) -> None:
        """Kill the worker and whatever it started in its process group."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
        try:
            self.proc.kill()
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        """Let an idle worker leave on its own; kill a busy or stuck one."""
        if self.task is None and self.proc.is_alive():
            try:
                self.conn.send(None)
                self.proc.join(timeout=2)
            except (OSError, ValueError):
                pass
        if self.proc.is_alive():
            self.kill()
        else:
            self.proc.join(timeout=1)
            self.conn.close()


def _death_reason(code: int | None, memory_mb: int) -> str:
    """A one-line reason for a worker that died while parsing a file."""
    if code is None:
        return _("worker stopped responding")
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = _("signal {n}").format(n=-code)
        if -code == signal.SIGKILL:
            return _("worker killed ({name}: out of memory? limit {mib} MiB)").format(
                name=name, mib=memory_mb)
        return _("parser crashed the worker ({name})").format(name=name)
    return _("worker exited unexpectedly (exit code {code})").format(code=code)


class Batch:
    """Runs files through worker processes and loads results into the store."""

    def __init__(self, out_dir: str, db_url: str | None = None, workers: int | None = None,
                 timeout: float | None = None, memory_mb: int | None = None,
                 progress: bool = True, settings: ParseSettings | None = None):
        self.out_dir = out_dir
        self.db_url = db_url or default_url(out_dir)
        self.settings = settings or ParseSettings.from_environment()   # the batch is an edge
        self.knobs = self.settings.stages.batch
        self.workers = max(1, workers or self.knobs.workers)
        self.timeout = timeout or self.knobs.timeout
        self.memory_mb = memory_mb or self.knobs.memory_limit_mb
        self.progress = progress
        self.interrupted = False
        self.stop_signal: int | None = None   # SIGINT / SIGTERM that stopped the last run
        self.elapsed = 0.0            # wall time of the last run, s
        self.written: dict[str, int] = {}   # rows per output file of the last run
        self.report_path = ""         # this run's own report (the history)
        self._stop = False

    def run(self, paths: list[str]) -> list[FileOutcome]:
        t_start = time.monotonic()
        self.interrupted = self._stop = False
        self.stop_signal = None
        check_writable(self.out_dir)                 # before the store is touched
        check_store_folder(self.db_url)
        store = Store(self.db_url, notify=_tell)
        try:
            run_id = store.begin_run([display_path(p) for p in paths])
            files, outcomes = collect_files(paths)
            todo, copies = self._sort_out(store, files, outcomes)
            previous = self._catch_signals()
            try:
                self._parse_and_load(store, run_id, todo, outcomes)
            finally:
                for signum, handler in previous.items():
                    signal.signal(signum, handler)
            self.interrupted = self._stop
            for o in todo:
                if o.status == "pending":
                    o.status, o.error = "not processed", _("batch interrupted")
                    outcomes.append(o)
            for o, first in copies:
                o.status = "already imported" if first.status in ("imported", "already imported") \
                    else first.status
                o.doc_id, o.error = first.doc_id, first.error
                o.warnings = [_("same bytes as {file}").format(file=display_path(first.file))]
                outcomes.append(o)
            order = {f: i for i, f in enumerate(files)}
            outcomes.sort(key=lambda o: order.get(o.file, len(order)))   # the input order
            store.finish_run(run_id, outcomes, interrupted=self.interrupted)
            self.write_outputs(store, outcomes, run_id=run_id)
        finally:
            store.close()
        self.elapsed = time.monotonic() - t_start
        return outcomes

    def _sort_out(self, store: Store, files: list[str], outcomes: list[FileOutcome]):
        """Files to parse, and copies (same bytes as a file of this batch); files whose bytes
        the store holds, or that cannot be read, go straight to `outcomes`."""
        todo: list[FileOutcome] = []
        first_with: dict[str, FileOutcome] = {}      # sha256 → the file of this batch read for it
        copies: list[tuple[FileOutcome, FileOutcome]] = []
        for f, d in zip(files, assign_doc_ids(files)):
            o = FileOutcome(f, d)
            try:
                sha = file_sha256(f)
            except OSError as exc:
                o.status, o.error = "failed", _("cannot read file: {reason}").format(reason=exc.strerror)
                outcomes.append(o)
                continue
            if sha in first_with:
                copies.append((o, first_with[sha]))
            elif store.has_sha(sha):
                o.status = "already imported"
                outcomes.append(o)
            else:
                first_with[sha] = o
                todo.append(o)
        return todo, copies

    def _parse_and_load(self, store: Store, run_id: int, todo: list[FileOutcome],
                        outcomes: list[FileOutcome]) -> None:
        bar = _NoBar()
        try:
            if todo:
                warm_up([o.file for o in todo])
                # the lexicons and modules are for good: keep them out of the collector's
                # scans (~8% of a worker's time) and their pages shared with the workers
                if self.knobs.gc_freeze:
                    gc.collect()
                    gc.freeze()
            bar = _progress(len(todo), self.progress)
            # the workers finish files in any order; the store takes them in the input order
            # (a file waits for the ones listed before it), so its documents, and every output
            # read from it, are in that order whichever file finished first
            position = {id(o): i for i, o in enumerate(todo)}
            finished: dict[int, tuple] = {}
            following = 0                             # the next file of `todo` to load
            for o, result, elapsed in self._parse_all(todo):
                finished[position[id(o)]] = (o, result, elapsed)
                while following in finished:
                    self._load_timed(store, run_id, *finished.pop(following), outcomes)
                    following += 1
                bar.update(1)
            for i in sorted(finished):               # after an interruption: the gaps skipped
                self._load_timed(store, run_id, *finished.pop(i), outcomes)
        except KeyboardInterrupt:
            self._stop = True
        finally:
            bar.close()
            gc.unfreeze()

    def _load_timed(self, store: Store, run_id: int, o: FileOutcome, result: dict,
                    elapsed: float, outcomes: list[FileOutcome]) -> None:
        """`_load_one`, its time added to the file's reading time; the outcome joins `outcomes`."""
        t_load = time.monotonic()
        self._load_one(store, run_id, o, result)
        o.seconds = elapsed + (time.monotonic() - t_load)
        outcomes.append(o)

    @staticmethod
    def _load_one(store: Store, run_id: int, o: FileOutcome, result: dict) -> None:
        """A worker's result into the store; the outcome says what happened."""
        record = result.get("record")
        if record is None:
            o.status, o.error = "failed", result.get("error") or _("unknown error")
            o.pages = result.get("pages")
            o.warnings = list(result.get("warnings") or [])
            return
        try:
            loaded = store.load_file(record, run_id=run_id)
        except Exception as exc:
            o.status = "failed"
            first = (str(exc).splitlines() or [""])[0]
            o.error = _("store error {name}: {text}").format(name=type(exc).__name__,
                                                             text=first[:150])
            return
        asked, o.status, o.doc_id = o.doc_id, loaded.status, loaded.doc_id
        o.records, o.indicators = len(record.activities), len(record.indicators)
        o.pages, o.warnings = record.pages, list(record.warnings)
        o.row_counts = dict(record.row_counts)
        if o.status == "imported" and record.unplaced:
            o.status = "partial"     # «imported» means: read whole
            o.error = _("{n} table row(s) could not be placed, first: «{text}»").format(
                n=len(record.unplaced), text=_one_line(record.unplaced[0], 120))
        if o.doc_id != asked:
            o.warnings.append(_("another file of the store is {asked}: stored as {doc_id}").format(
                asked=asked, doc_id=o.doc_id))
        o.warnings += version_notes(loaded)

    def _catch_signals(self) -> dict:
        """First Ctrl-C or SIGTERM: stop starting files, stop the workers, keep what is
        loaded and write the outputs. A second one interrupts at once (the file being loaded
        rolls back). Returns the previous handlers (none outside the main thread)."""
        import threading
        if threading.current_thread() is not threading.main_thread():
            return {}

        def on_signal(signum, frame):
            if self._stop:
                raise KeyboardInterrupt
            self._stop = True
            self.stop_signal = signum
            print("\n" + _("interrupted: stopping; files imported so far are kept "
                           "(Ctrl-C again to quit at once)"), file=sys.stderr)

        previous = {}
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                previous[signum] = signal.signal(signum, on_signal)
            except (ValueError, OSError):
                pass
        return previous

    def _spawn(self, ctx) -> _Worker:
        parent_end, child_end = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_worker, args=(child_end, self.memory_mb, self.settings,
                                                 os.getpid()), daemon=True)
        proc.start()
        child_end.close()
        return _Worker(proc, parent_end)

    def _parse_all(self, todo: list[FileOutcome]):
        """Yield (outcome, result, seconds) as the workers finish files; N workers, each
        taking the next file as soon as it is done (before its result is loaded into the
        store, so no worker waits for the store), replaced when it dies, hangs or must retire."""
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        pending = list(reversed(todo))                # pop() takes the next file
        workers: list[_Worker | None] = []
        idle_deaths = 0

        def assign(w: _Worker) -> None:
            if w.task is None and pending and not self._stop and w.proc.is_alive():
                o = pending.pop()
                try:
                    w.conn.send((o.file, o.doc_id))
                except (OSError, ValueError):
                    pending.append(o)                 # died idle: replaced below
                    return
                w.task, w.t0 = o, time.monotonic()

        try:
            for _k in range(min(self.workers, len(todo))):
                workers.append(self._spawn(ctx))
                assign(workers[-1])
            while not self._stop and (pending or any(w.task for w in workers)):
                watch = [w.conn for w in workers if w.task] + [w.proc.sentinel for w in workers]
                ready = set(mp.connection.wait(watch, timeout=self.knobs.poll_interval))
                finished = []
                for i, w in enumerate(workers):
                    if w.task is None:
                        if w.proc.sentinel in ready or not w.proc.is_alive():
                            idle_deaths += 1
                            w.kill()
                            workers[i] = None
                            if idle_deaths > 3 * max(1, self.workers):
                                while pending:       # cannot start workers: say so per file
                                    finished.append((pending.pop(), {
                                        "error": _("worker processes keep dying before taking "
                                                   "a file")}, 0.0))
                            elif pending:
                                workers[i] = self._spawn(ctx)
                                assign(workers[i])
                        else:
                            assign(w)
                        continue
                    elapsed = time.monotonic() - w.t0
                    result = None
                    if w.conn in ready or w.proc.sentinel in ready:
                        try:
                            if w.conn.poll():
                                result = w.conn.recv()
                        except Exception:
                            result = None
                        if result is None:
                            w.proc.join(timeout=5)
                            result = {"error": _death_reason(w.proc.exitcode, self.memory_mb),
                                      "retire": True}
                    elif elapsed > self.timeout and not w.conn.poll():
                        result = {"error": _("timed out after {s} s").format(s=f"{self.timeout:g}"),
                                  "retire": True}
                    if result is None:
                        continue
                    o, w.task = w.task, None
                    if result.get("retire") or \
                            result.get("rss_mb", 0) > self.knobs.worker_recycle_mb:
                        w.kill()
                        w = workers[i] = self._spawn(ctx) if pending else None
                    if w is not None:
                        assign(w)
                    finished.append((o, result, elapsed))
                workers = [w for w in workers if w is not None]
                yield from finished
        finally:
            for w in workers:
                if w is not None:
                    w.stop()

    def write_outputs(self, store: Store, outcomes: list[FileOutcome],
                      run_id: int | None = None) -> None:
        """The CSVs and the workbook from the store, and the batch report: this run's own
        under ingest_reports/ (the history, a report per run) and the latest as
        ingest_report.csv. Two runs writing one folder take turns (a lock file), so neither
        reads the other's half-written file."""
        out = self.out_dir
        stamp = time.strftime("%Y-%m-%d_%H-%M-%S")
        self.report_path = os.path.join(out, REPORTS_DIR, f"ingest_report_{stamp}"
                                        + (f"_run{run_id}" if run_id is not None else "") + ".csv")
        with folder_lock(out):
            self.written = export.write_outputs(store, out, outcomes)
            rows = [o.as_row() for o in outcomes]
            export.write_csv(self.report_path, REPORT_COLUMNS, rows)
            export.write_csv(os.path.join(out, "ingest_report.csv"), REPORT_COLUMNS, rows)


class _NoBar:
    def update(self, n):
        pass

    def close(self):
        pass


def _progress(total: int, enabled: bool):
    if not enabled or total == 0:
        return _NoBar()
    from tqdm import tqdm
    tqdm.monitor_interval = 0        # no monitor thread: workers are forked during the bar
    return tqdm(total=total, unit=_("file"), file=sys.stderr, desc=_("ingest"), leave=False)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]


def summary(outcomes: list[FileOutcome], out_dir: str, interrupted: bool = False,
            elapsed: float | None = None, per_file: bool = True, shown: int | None = None) -> str:
    """The lines printed at the end of a batch: one line per file (status, records, pages,
    seconds, then the error or the warnings), then the totals."""
    ok = [o for o in outcomes if o.status in ("imported", "partial")]
    partial = [o for o in outcomes if o.status == "partial"]
    again = [o for o in outcomes if o.status == "already imported"]
    failed = [o for o in outcomes if o.status == "failed"]
    unprocessed = [o for o in outcomes if o.status == "not processed"]
    skipped = [o for o in outcomes if o.status == "skipped"]
    lines: list[str] = []
    if per_file and outcomes:
        width = min(60, max(len(_("file")), *(len(display_path(o.file)) for o in outcomes)))
        lines.append(f"{_('file'):<{width}}  {_('status'):<16} {_('records'):>7} {_('pages'):>5} "
                     f"{_('seconds'):>7}  {_('error / warnings')}")
        for o in outcomes:
            note = o.error or " | ".join(_(w) for w in o.warnings)
            pages = "" if o.pages is None else str(o.pages)
            records = str(o.records) if o.status in ("imported", "partial") else ""
            seconds = f"{o.seconds:.2f}" if o.status in ("imported", "partial", "failed") else ""
            lines.append(f"{_clip(display_path(o.file), width):<{width}}  {_(o.status):<16} {records:>7} "
                         f"{pages:>5} {seconds:>7}  {note}".rstrip())
        lines.append("")
    if len(outcomes) == len(skipped):
        lines.append(_("no documents found ({suffixes})").format(
            suffixes=", ".join(sorted(SUPPORTED_SUFFIXES))))
    lines.append(_("files: {read} read; imported: {ok}; already imported: {again}; failed: {failed}")
                 .format(read=len(outcomes) - len(skipped), ok=len(ok) - len(partial),
                         again=len(again), failed=len(failed))
                 + (_("; partial (not read whole): {n}").format(n=len(partial)) if partial else "")
                 + (_("; not processed: {n}").format(n=len(unprocessed)) if unprocessed else "")
                 + _("; skipped (not documents): {n}").format(n=len(skipped)))
    pages = sum(o.pages or 0 for o in outcomes if o.status in ("imported", "partial", "failed"))
    timing = ""
    if elapsed and len(ok) + len(failed):
        parsed = len(ok) + len(failed)
        timing = _("; {files} files, {pages} PDF pages in {s} s ({fps} files/s, {pps} pages/s)").format(
            files=parsed, pages=pages, s=f"{elapsed:.1f}", fps=f"{parsed / elapsed:.2f}",
            pps=f"{pages / elapsed:.1f}")
    lines.append(_("records: {activities} activities, {indicators} indicator values").format(
        activities=sum(o.records for o in ok), indicators=sum(o.indicators for o in ok)) + timing)
    if not per_file:
        for o in failed + unprocessed:
            lines.append(_("  FAILED  {file}: {error}").format(file=display_path(o.file), error=o.error))
        for o in partial:
            lines.append(_("  PARTIAL {file}: {error}").format(file=display_path(o.file), error=o.error))
    if interrupted:
        lines.append(_("interrupted: files imported so far are kept; run again to continue"))
    lines.append(_("workbook: {path}").format(path=os.path.join(out_dir, export.WORKBOOK))
                 + (ngettext(" ({n} activity of the current plans, each plan once)",
                             " ({n} activities of the current plans, each plan once)", shown)
                    .format(n=shown) if shown is not None else ""))
    lines.append(_("output: {out}/activities.csv, documents.csv, indicators.csv, "
                   "ingest_report.csv").format(out=out_dir))
    return "\n".join(lines)
