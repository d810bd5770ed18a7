"""`make bench`: how fast the batch is, how much memory it takes, and how it compares with
the tools a user would otherwise use. Not a test: it measures and writes bench/results.md.

    .venv/bin/python bench/run.py [--files 200] [--workers 1,2,N] [--no-baselines]
                                  [--baselines TOOL,...] [--reuse-baselines]
                                  [--no-scale] [--repeat K] [--profile] [--out bench/results.md]

1. Scale corpus: bench/scale/corpus/ (git-ignored) gets --files copies of data/raw/*, each copy
   different in its bytes (a PDF comment appended, a DOCX core property changed) so the
   store's SHA-256 dedupe does not skip them; built once, reused.
2. Start-up: `roadmaps --help`, `roadmaps ingest` with nothing to do, the imports and the
   lexicons a batch loads before forking, natasha's models (loaded lazily, once per worker).
3. Same files, side by side: our full pipeline (extraction + normalization + store + CSVs,
   one worker) on the corpus PDFs and DOCX files, and each baseline from its own venv
   (bench/baselines.py run by bench/.venv-baselines*/bin/python; set them up once with
   bench/setup_baselines.sh). Pages/s (PDF), files/s (DOCX), row intact rate.
4. Scale: `roadmaps ingest bench/scale/corpus` with 1, 2 and N workers: files/s, pages/s, peak
   memory of the whole process tree (PSS summed over the CLI and its workers, sampled every
   50 ms; RSS sums over-count the pages the forked workers share), every file imported.
5. --profile: py-spy (from the baselines venv) on a one-worker run over part of the scale
   corpus; the heaviest functions go to bench/profile.md.
"""
from __future__ import annotations

import argparse
import csv
import glob
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from baselines import TOOLS, doc_id_of, gold_activities, row_intact  # noqa: E402

RAW = os.path.join(ROOT, "data", "raw")
GOLD = os.path.join(ROOT, "tests", "data", "gold")
SCALE = os.path.join(HERE, "scale", "corpus")   # bench/scale/ is git-ignored
PY = sys.executable
CLI = [PY, "-m", "pipeline"]
VENVS = {
    "base": os.path.join(HERE, ".venv-baselines"),
    "unstructured": os.path.join(HERE, ".venv-baselines-unstructured"),
    "dedoc": os.path.join(HERE, ".venv-baselines-dedoc"),
}
TOOL_VENV = {"pdfplumber": "base", "camelot": "base", "python-docx": "base",
             "docx2python": "base", "unstructured-pdf": "unstructured",
             "unstructured-docx": "unstructured", "dedoc-pdf": "dedoc", "dedoc-docx": "dedoc"}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ============================================================================ the machine

def machine() -> dict:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((l.split(":", 1)[1].strip() for l in fh if l.startswith("model name")), "?")
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as fh:
            kb = int(next(l for l in fh if l.startswith("MemTotal")).split()[1])
            mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration):
        pass
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem,
            "os": platform.platform(), "python": platform.python_version(),
            "commit": commit + (" + uncommitted changes" if dirty else "")}


def effective_cores(n: int = 2, seconds: float = 0.7) -> float:
    """How many cores this run really gets: n busy processes at once, each doing work that
    takes one alone `seconds`; wall(1) × n / wall(n). Other work on the machine lowers it."""
    code = ("import time; t = time.perf_counter(); x = 0\n"
            "while time.perf_counter() - t < %f: x += 1\nprint(x)" % seconds)
    one = int(subprocess.run([PY, "-c", code], capture_output=True, text=True).stdout)
    work = f"x = 0\nfor _ in range({one}): x += 1"
    t = time.perf_counter()
    subprocess.run([PY, "-c", work])
    single = time.perf_counter() - t
    runs = []
    for _ in range(2):
        t = time.perf_counter()
        procs = [subprocess.Popen([PY, "-c", work]) for _ in range(n)]
        for p in procs:
            p.wait()
        runs.append(time.perf_counter() - t)
    return round(min(float(n), single * n / min(runs)), 2)


# ============================================================================ scale corpus

def _pdf_copy(data: bytes, k: int) -> bytes:
    return data + b"\n%% bench copy %d\n" % k


def _docx_copy(data: bytes, k: int) -> bytes:
    """The package with docProps/core.xml's identifier set to the copy number (or a
    custom part when there is no core.xml)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    names = src.namelist()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                tag = b"<dc:identifier>bench-copy-%d</dc:identifier>" % k
                body = re.sub(rb"<dc:identifier>.*?</dc:identifier>", b"", body)
                body = body.replace(b"</cp:coreProperties>", tag + b"</cp:coreProperties>")
            z.writestr(info, body)
        if "docProps/core.xml" not in names:
            z.writestr("customXml/bench-copy.txt", b"%d" % k)
    return out.getvalue()


def build_scale(n: int) -> list[str]:
    sources = sorted(glob.glob(os.path.join(RAW, "*.pdf")) + glob.glob(os.path.join(RAW, "*.docx")))
    want = []
    for k in range(n):
        src = sources[k % len(sources)]
        stem, ext = os.path.splitext(os.path.basename(src))
        want.append((src, os.path.join(SCALE, f"{stem}__copy{k:04d}{ext}"), k))
    os.makedirs(SCALE, exist_ok=True)
    keep = {dst for _, dst, _ in want}
    for old in glob.glob(os.path.join(SCALE, "*")):
        if old not in keep and os.path.isfile(old):
            os.remove(old)
    for src, dst, k in want:
        if os.path.exists(dst):
            continue
        with open(src, "rb") as fh:
            data = fh.read()
        data = _pdf_copy(data, k) if dst.endswith(".pdf") else _docx_copy(data, k)
        with open(dst, "wb") as fh:
            fh.write(data)
    return [dst for _, dst, _ in want]


def pdf_pages(path: str) -> int:
    """Pages of a PDF, with pypdfium2 (a pdfplumber dependency, fast)."""
    import pypdfium2
    pdf = pypdfium2.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


# ============================================================================ memory

class TreeSampler(threading.Thread):
    """Peak memory of a process and all its descendants, sampled from /proc."""

    def __init__(self, pid: int, interval: float = 0.25):   # every 50 ms cost ~0.2 core
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_pss = self.peak_rss = self.peak_one = 0.0
        self.peak_procs = 0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            pids = self._tree()
            pss = rss = one = 0.0
            for p in pids:
                r = _status_kb(p, "VmRSS")
                rss += r
                one = max(one, r)
                pss += _pss_kb(p)
            self.peak_pss = max(self.peak_pss, pss / 1024)
            self.peak_rss = max(self.peak_rss, rss / 1024)
            self.peak_one = max(self.peak_one, one / 1024)
            self.peak_procs = max(self.peak_procs, len(pids))
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as fh:
                    stat = fh.read()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(d))
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(children.get(p, []))
        return out


def machine_cpu_seconds() -> float:
    """CPU time spent by everything on the machine so far (/proc/stat), in seconds."""
    try:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
        busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] if len(f) > 7 else 0)
        return busy / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _status_kb(pid: int, key: str) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def _pss_kb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return _status_kb(pid, "VmRSS")


# ============================================================================ our pipeline

def ingest(paths: list[str], out: str, workers: int, sample: bool = True,
           extra: list[str] | None = None, prefix: list[str] | None = None) -> dict:
    """`roadmaps ingest` in a subprocess: wall time, the batch's own time, memory, report."""
    cmd = (prefix or []) + CLI + ["ingest", *paths, "--out", out, "--workers", str(workers),
                                  "--quiet", "--ocr", "off"] + (extra or [])
    import resource
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    all0 = machine_cpu_seconds()
    own0 = time.process_time()          # this process: the memory sampler's thread
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    sampler = TreeSampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if sampler:
        sampler.stop()
    sampling = time.process_time() - own0
    others = max(0.0, machine_cpu_seconds() - all0 - cpu - sampling)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"ingest failed ({proc.returncode}): {stderr[-2000:]}")
    m = re.search(r"in ([\d.]+) s \(", stdout)
    report = []
    rp = os.path.join(out, "ingest_report.csv")
    if os.path.exists(rp):
        with open(rp, encoding="utf-8", newline="") as fh:
            report = list(csv.DictReader(fh))
    res = {"wall": wall, "cpu": cpu, "others": others, "sampling": sampling,
           "batch_seconds": float(m.group(1)) if m else wall,
           "report": report,
           "stdout": stdout, "stderr": stderr}
    if sampler:
        res.update(peak_pss_mb=sampler.peak_pss, peak_rss_sum_mb=sampler.peak_rss,
                   peak_one_rss_mb=sampler.peak_one, peak_procs=sampler.peak_procs)
    return res


def our_intact(out: str) -> tuple[int, int]:
    """Row intact rate of our activities.csv (the activity cell of each record)."""
    by_doc: dict[str, list[str]] = {}
    with open(os.path.join(out, "activities.csv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_doc.setdefault(row["doc_id"], []).append(row["activity"])
    ok = total = 0
    for doc_id, cells in by_doc.items():
        a, n = row_intact(gold_activities(GOLD, doc_id_of(doc_id)), cells)
        ok += a
        total += n
    return ok, total


def startup(tmp: str) -> dict:
    """CLI start-up: --help, an ingest with nothing to do, imports + lexicons, natasha."""
    def timed(cmd, n=3):
        times = []
        for _ in range(n):
            t = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    one = sorted(glob.glob(os.path.join(RAW, "*.docx")))[0]
    out = os.path.join(tmp, "startup")
    subprocess.run(CLI + ["ingest", one, "--out", out, "--quiet", "--workers", "1"], cwd=ROOT,
                   capture_output=True, check=True)
    probe = ("import time, json; t0 = time.perf_counter(); from pipeline import batch; "
             "t1 = time.perf_counter(); batch.warm_up(); t2 = time.perf_counter(); "
             "from normalizers import metadata; metadata._natasha(); t3 = time.perf_counter(); "
             "print(json.dumps([t1 - t0, t2 - t1, t3 - t2]))")
    runs = [json.loads(subprocess.run([PY, "-c", probe], cwd=ROOT, capture_output=True,
                                      text=True, check=True).stdout) for _ in range(3)]
    return {"help": timed(CLI + ["--help"]),
            "noop_ingest": timed(CLI + ["ingest", one, "--out", out, "--quiet", "--workers", "1"]),
            "imports": statistics.median(r[0] for r in runs),
            "warm_up": statistics.median(r[1] for r in runs),
            "natasha": statistics.median(r[2] for r in runs)}


# ============================================================================ baselines

CACHE = os.path.join(HERE, "scale", "baselines")     # git-ignored with bench/scale/
FRESH = {"pdfplumber", "python-docx", "docx2python"}  # seconds to run: measured every time


def run_baseline(tool: str, files: list[str], tmp: str, timeout: float,
                 reuse: bool = False) -> dict:
    """One baseline in its venv; the result is kept in bench/scale/baselines/ and, with
    `reuse`, taken from there when the tool, its files and baselines.py are unchanged."""
    import hashlib
    with open(os.path.join(HERE, "baselines.py"), "rb") as fh:
        key = hashlib.sha256(fh.read() + repr(sorted(files)).encode()).hexdigest()[:16]
    cached = os.path.join(CACHE, f"{tool}.json")
    if reuse and tool not in FRESH and os.path.exists(cached):
        with open(cached, encoding="utf-8") as fh:
            old = json.load(fh)
        if old.get("cache_key") == key:
            log(f"  (reused {os.path.relpath(cached, ROOT)})")
            return old
    res = _run_baseline(tool, files, tmp, timeout)
    res["cache_key"] = key
    os.makedirs(CACHE, exist_ok=True)
    with open(cached, "w", encoding="utf-8") as fh:
        json.dump(res, fh, ensure_ascii=False, indent=1)
    return res


def _run_baseline(tool: str, files: list[str], tmp: str, timeout: float) -> dict:
    fmt, label = TOOLS[tool][0], TOOLS[tool][1]
    venv = VENVS[TOOL_VENV[tool]]
    py = os.path.join(venv, "bin", "python")
    base = {"tool": tool, "label": label, "format": fmt}
    if not os.path.exists(py):
        return {**base, "error": f"not installed: no {os.path.relpath(venv, ROOT)} "
                                 f"(run bench/setup_baselines.sh)"}
    out = os.path.join(tmp, f"{tool}.json")
    cmd = [py, os.path.join(HERE, "baselines.py"), tool, "--gold", GOLD, "--json", out, *files]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")   # no network here: say so at once
    try:
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {**base, "error": f"timed out after {timeout:.0f} s"}
    if not os.path.exists(out):
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()
        return {**base, "error": f"crashed (exit {proc.returncode}): {tail[-1][:200] if tail else ''}"}
    with open(out, encoding="utf-8") as fh:
        return {**base, **json.load(fh)}


# ============================================================================ profile

def profile(files: list[str], tmp: str) -> str:
    spy = os.path.join(VENVS["base"], "bin", "py-spy")
    if not os.path.exists(spy):
        return "py-spy not installed (bench/setup_baselines.sh installs it)"
    raw = os.path.join(tmp, "profile.txt")
    out = os.path.join(tmp, "profile_out")
    subprocess.run([spy, "record", "--subprocesses", "--rate", "200", "--format", "raw",
                    "--output", raw, "--"] + CLI + ["ingest", *files, "--out", out, "--workers",
                                                    "1", "--quiet", "--ocr", "off"],
                   cwd=ROOT, capture_output=True)
    if not os.path.exists(raw):
        return "py-spy produced no profile"
    own: dict[str, int] = {}
    cum: dict[str, int] = {}
    total = 0
    with open(raw, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            try:
                n = int(count)
            except ValueError:
                continue
            total += n
            frames = [f for f in stack.split(";") if f]
            frames = [f for f in frames if not f.startswith("process ")]   # py-spy's root
            if frames:
                own[_frame(frames[-1])] = own.get(_frame(frames[-1]), 0) + n
            for f in {_frame(f) for f in frames}:
                cum[f] = cum.get(f, 0) + n
    lines = [f"py-spy, one worker, {len(files)} files, {total} samples at 200 Hz "
             f"(CLI process and its worker)", "",
             "| self % | function |", "| ---: | --- |"]
    for f, n in sorted(own.items(), key=lambda kv: -kv[1])[:25]:
        lines.append(f"| {100 * n / total:.1f} | `{f}` |")
    lines += ["", "| total % | function (ours and the parsers' entry points) |", "| ---: | --- |"]
    mine = [(f, n) for f, n in cum.items()
            if re.search(r"\((extractors|pipeline|normalizers)/|pdfplumber/page|pdfminer/pdfinterp"
                         r"|docx/api|sqlalchemy/orm/session", f)]
    for f, n in sorted(mine, key=lambda kv: -kv[1])[:30]:
        lines.append(f"| {100 * n / total:.1f} | `{f}` |")
    return "\n".join(lines)


def _frame(f: str) -> str:
    """`func (path/to/file.py:12)` → `func (pkg/file.py)` (no line numbers, no venv prefix)."""
    m = re.match(r"(.*?) \((.*?)(?::\d+)?\)$", f)
    if not m:
        return f
    func, path = m.groups()
    path = re.sub(r".*/site-packages/", "", path)
    path = path.replace(ROOT + "/", "")
    path = re.sub(r".*/lib/python3\.\d+/", "", path)
    return f"{func} ({path})"


# ============================================================================ report

def fmt_rate(n: float, s: float) -> str:
    return f"{n / s:.2f}" if s > 0 else "–"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=200, help="size of the scale corpus (200)")
    ap.add_argument("--workers", default="1,2,N", help="worker counts for the scale runs")
    ap.add_argument("--no-baselines", action="store_true", help="skip the baseline tools")
    ap.add_argument("--baselines", default="", help="only these tools (comma-separated)")
    ap.add_argument("--no-scale", action="store_true", help="skip the scale runs")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each scale run this many times and keep the fastest (1)")
    ap.add_argument("--profile", action="store_true", help="py-spy a one-worker run")
    ap.add_argument("--profile-files", type=int, default=20)
    ap.add_argument("--baseline-timeout", type=float, default=1800)
    ap.add_argument("--reuse-baselines", action="store_true",
                    help="take the slow baselines' results kept by an earlier run "
                         "(bench/scale/baselines/) when baselines.py and the files are unchanged "
                         "(pdfplumber, python-docx and docx2python are always measured)")
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"))
    ap.add_argument("--no-web", action="store_true", help="skip the web pages' times (50k records)")
    ap.add_argument("--soak", metavar="PG_URL", default=os.environ.get("ROADMAPS_SOAK_PG_URL"),
                    help="also run bench/soak.py (kill -9 soak) on this PostgreSQL database "
                         "(default $ROADMAPS_SOAK_PG_URL; skipped when unset)")
    args = ap.parse_args(argv)

    load_before = os.getloadavg()
    info = machine()
    info["effective"] = effective_cores(max(2, os.cpu_count() or 1))
    tmp = tempfile.mkdtemp(prefix="roadmaps-bench-")
    md: list[str] = []
    try:
        log("start-up …")
        st = startup(tmp)

        corpus_pdf = sorted(glob.glob(os.path.join(RAW, "*.pdf")))
        corpus_docx = sorted(glob.glob(os.path.join(RAW, "*.docx")))
        pages_pdf = sum(pdf_pages(p) for p in corpus_pdf)

        scale_md: list[str] = []
        # -------------------------------------------------------------- scale
        scale_rows = []
        if not args.no_scale:
            log(f"scale corpus: {args.files} files …")
            files = build_scale(args.files)
            pages = sum(pdf_pages(p) for p in files if p.endswith(".pdf"))
            counts = []
            for w in args.workers.split(","):
                n = (os.cpu_count() or 1) if w.strip().upper() == "N" else int(w)
                if n not in counts:
                    counts.append(n)
            for n in counts:
                best = None
                for k in range(max(1, args.repeat)):     # best of --repeat: other work on the
                    log(f"scale run, {n} worker(s) …")   # machine only ever slows a run down
                    out = os.path.join(tmp, f"scale-{n}-{k}")
                    r = ingest([SCALE], out, workers=n)
                    if best is None or r["wall"] < best["wall"]:
                        best = r
                r = best
                imported = sum(1 for x in r["report"] if x["status"] == "imported")
                scale_rows.append({"workers": n, "files": len(files), "pages": pages,
                                   "imported": imported, **r})
            scale_md = scale_table(scale_rows)

        # -------------------------------------------------------------- same files
        log("our pipeline on the corpus …")
        rows = []
        for fmt, files in (("pdf", corpus_pdf), ("docx", corpus_docx)):
            out = os.path.join(tmp, f"ours-{fmt}")
            r = ingest(files, out, workers=1, sample=False)
            ok, n = our_intact(out)
            bad = [x for x in r["report"] if x["status"] != "imported"]
            rows.append({"tool": "ours", "label": "**roadmaps ingest** (full pipeline, 1 worker)",
                         "format": fmt, "files": len(files), "seconds": r["batch_seconds"],
                         "pages": pages_pdf if fmt == "pdf" else 0, "intact": ok, "gold": n,
                         "errors": [f"{x['file']}: {x['error']}" for x in bad]})
            rows[-1]["extract_seconds"] = sum(float(x["seconds"]) for x in r["report"])
        # the same at steady state: 20 PDFs (the corpus ×4, bytes differing), start-up amortized
        steady = [f for f in build_scale(max(args.files, 40)) if f.endswith(".pdf")][:20]
        out = os.path.join(tmp, "ours-steady")
        r = ingest(steady, out, workers=1, sample=False)
        ok, n = our_intact(out)
        rows.append({"tool": "ours-steady", "format": "pdf", "files": len(steady),
                     "label": f"**roadmaps ingest** (1 worker), {len(steady)} PDFs = the corpus ×4",
                     "seconds": r["batch_seconds"], "pages": sum(pdf_pages(f) for f in steady),
                     "intact": ok, "gold": n, "errors": [], "cpu": r["cpu"]})
        rows[-1]["extract_seconds"] = sum(float(x["seconds"]) for x in r["report"])
        if not args.no_baselines:
            tools = [t for t in TOOLS if not args.baselines or t in args.baselines.split(",")]
            for tool in tools:
                log(f"baseline {tool} …")
                files = corpus_pdf if TOOLS[tool][0] == "pdf" else corpus_docx
                rows.append(run_baseline(tool, files, tmp, args.baseline_timeout,
                                         reuse=args.reuse_baselines))
        md += same_files_table(rows, pages_pdf, len(corpus_pdf), len(corpus_docx))
        md += scale_md
        log("compare speed …")          # issue 15: 60 municipal plans × 100 items, < 30 s
        speed = subprocess.run([PY, os.path.join(HERE, "compare_speed.py")], cwd=ROOT,
                               capture_output=True, text=True)
        md += ["## Compare", "", "```", (speed.stdout or speed.stderr).strip(), "```", ""]
        realworld = os.path.join(ROOT, "..", "shared", "realworld")
        if os.path.isdir(realworld):     # issue 13: records against the reader's count
            log("real plans …")
            real = subprocess.run([PY, os.path.join(HERE, "realworld.py"), "--src", realworld,
                                   "--out", os.path.join(tmp, "realworld")], cwd=ROOT,
                                  capture_output=True, text=True)
            md += ["## Real plans", "", (real.stdout or real.stderr).strip(), ""]
        if not args.no_web:
            log("web pages over 50 000 records …")
            import web_bench
            md += web_bench.run(tmp)

        if args.soak:
            log("soak: 4 importers, kill -9 every few seconds …")
            soak = subprocess.run([PY, os.path.join(HERE, "soak.py"), "--db", args.soak],
                                  cwd=ROOT, capture_output=True, text=True)
            md += ["", "## Soak: 4 importers on PostgreSQL, one killed with SIGKILL every few "
                   "seconds", "", "```", (soak.stdout + soak.stderr).strip(), "```", ""]

        prof = ""
        if args.profile:
            log("profile …")
            files = build_scale(max(args.files, args.profile_files))[: args.profile_files]
            prof = profile(files, tmp)
            with open(os.path.join(HERE, "profile.md"), "w", encoding="utf-8") as fh:
                fh.write("# Where the time goes\n\n" + prof + "\n")

        load_after = os.getloadavg()
        md = header(info, load_before, load_after, args) + startup_table(st) + md
        md += targets(rows, scale_rows, st, info["effective"])
        text = "\n".join(md) + "\n"
        print(text)
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
        log(f"written: {os.path.relpath(args.out, ROOT)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def header(info, before, after, args) -> list[str]:
    return ["# Benchmark: `make bench` (bench/run.py)", "",
            f"- machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM; {info['os']}",
            f"- Python {info['python']}; commit {info['commit']}",
            f"- cores this run really got: {info['effective']} of {info['cores']} (that many busy "
            f"processes at once vs one alone; other work on the machine lowers it, and with it "
            f"every multi-worker figure)",
            f"- load average (1/5/15 min) before: {before[0]:.2f} / {before[1]:.2f} / {before[2]:.2f}, "
            f"after: {after[0]:.2f} / {after[1]:.2f} / {after[2]:.2f} "
            f"(other work on the machine slows every figure alike)",
            f"- run: {time.strftime('%Y-%m-%d %H:%M')}, `bench/run.py {' '.join(sys.argv[1:])}`".rstrip(),
            ""]


def startup_table(st) -> list[str]:
    return ["## Start-up", "",
            "| what | seconds |", "| --- | ---: |",
            f"| `roadmaps --help` (process start, argument parsing) | {st['help']:.2f} |",
            f"| `roadmaps ingest FILE` with nothing to do (imports, store open + migrations, CSVs) "
            f"| {st['noop_ingest']:.2f} |",
            f"| imports of a batch (`pipeline.batch`, in-process) | {st['imports']:.2f} |",
            f"| lexicons loaded before the workers fork (`batch.warm_up`) | {st['warm_up']:.2f} |",
            f"| natasha's models (lazily, once per worker that needs NER) | {st['natasha']:.2f} |",
            ""]


def same_files_table(rows, pages, n_pdf, n_docx) -> list[str]:
    out = ["## Same files, side by side", "",
           f"The corpus: {n_pdf} PDFs ({pages} pages) and {n_docx} DOCX files, one process "
           "each (ours: one worker; its time is the whole batch: store, lexicons, natasha, CSVs; "
           "the baselines' time is their extraction loop only, imports excluded). Row intact: "
           "gold records whose activity text is intact in one cell holding no other record's "
           "activity.", "",
           "| format | tool | pages/s | files/s | row intact | peak RSS MiB | note |",
           "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        fmt = r.get("format", "")
        if r.get("error"):
            out.append(f"| {fmt} | {r['label']} | – | – | – | – | cannot run here: {r['error']} |")
            continue
        s = r.get("seconds") or 0
        pps = fmt_rate(r.get("pages", 0), s) if fmt == "pdf" else "–"
        fps = fmt_rate(r.get("files", 0), s)
        rate = f"{r['intact'] / r['gold']:.3f} ({r['intact']}/{r['gold']})" if r.get("gold") else "–"
        rss = f"{r['peak_rss_mb']:.0f}" if r.get("peak_rss_mb") else "–"
        notes = []
        if r.get("import_seconds"):
            notes.append(f"import {r['import_seconds']:.1f} s")
        if r.get("extract_seconds"):
            notes.append(f"per-file time {r['extract_seconds']:.1f} s")
        if r.get("errors"):
            notes.append(f"{len(r['errors'])} file(s) failed: {r['errors'][0][:120]}")
        if r["tool"] == "unstructured-pdf":
            notes.append("no tables in the fast strategy: elements stand for cells")
        notes += r.get("notes") or []
        out.append(f"| {fmt} | {r['label']} | {pps} | {fps} | {rate} | {rss} | {'; '.join(notes)} |")
    return out + [""]


def scale_table(rows) -> list[str]:
    if not rows:
        return []
    base = rows[0]["wall"]
    out = [f"## Scale: {rows[0]['files']} files ({rows[0]['pages']} PDF pages), "
           "`roadmaps ingest bench/scale/corpus`", "",
           "Wall time of the whole command (start-up included). Peak memory: PSS summed over the "
           "CLI process and its workers (the fair total for forked workers); RSS sum (counts "
           "shared pages once per process) and the largest single process for reference.", "",
           "| workers | wall s | CPU s | cores used | cores used by other work | cores used by the "
           "memory sampler | files/s | pages/s "
           "| speed-up | peak memory (PSS) MiB | RSS sum MiB | largest process MiB | imported |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
           "| ---: |"]
    for r in rows:
        out.append(f"| {r['workers']} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['cpu'] / r['wall']:.2f} | "
                   f"{r['others'] / r['wall']:.2f} | {r.get('sampling', 0.0) / r['wall']:.2f} | "
                   f"{fmt_rate(r['files'], r['wall'])} | "
                   f"{fmt_rate(r['pages'], r['wall'])} | {base / r['wall']:.2f}× | "
                   f"{r['peak_pss_mb']:.0f} | {r['peak_rss_sum_mb']:.0f} | {r['peak_one_rss_mb']:.0f} | "
                   f"{r['imported']}/{r['files']} |")
    return out + [""]


def targets(rows, scale_rows, st, effective: float = 0.0) -> list[str]:
    out = ["## Targets", "", "| target | measured | met |", "| --- | --- | :---: |"]
    ours = next((r for r in rows if r["tool"] == "ours-steady"), None) or \
        next((r for r in rows if r["tool"] == "ours" and r["format"] == "pdf"), None)
    plumber = next((r for r in rows if r["tool"] == "pdfplumber" and not r.get("error")), None)
    if ours and plumber:
        a = ours["pages"] / ours["seconds"]
        b = plumber["pages"] / plumber["seconds"]
        out.append(f"| full pipeline ≥ plain pdfplumber `extract_tables()` per page (1 worker) | "
                   f"{a:.2f} vs {b:.2f} pages/s | {'yes' if a >= b else 'no'} |")
        if scale_rows:
            best = max(scale_rows, key=lambda r: r["pages"] / r["wall"])
            c = best["pages"] / best["wall"]
            out.append(f"| the same with {best['workers']} workers (scale run, DOCX files included) | "
                       f"{c:.2f} vs {b:.2f} pages/s | {'yes' if c >= b else 'no'} |")
    one = next((r for r in scale_rows if r["workers"] == 1), None)
    two = next((r for r in scale_rows if r["workers"] == 2), None)
    if one and two:
        sp = one["wall"] / two["wall"]
        other = max(one["others"] / one["wall"], two["others"] / two["wall"])
        busy = (f" — other work took up to {other:.2f} of {os.cpu_count()} cores during these "
                f"runs: not measurable") if other > 0.3 else ""
        out.append(f"| near-linear speed-up 1 → 2 workers | {sp:.2f}×; CPU per file "
                   f"{one['cpu'] / one['files']:.2f} s vs {two['cpu'] / two['files']:.2f} s; "
                   f"cores used {one['cpu'] / one['wall']:.2f} → {two['cpu'] / two['wall']:.2f} "
                   f"(+{two['others'] / two['wall']:.2f} by other work) of {os.cpu_count()}{busy} | "
                   f"{'yes' if sp >= 1.7 else ('?' if busy else 'no')} |")
    if scale_rows:
        peak = max(r["peak_pss_mb"] for r in scale_rows)
        out.append(f"| peak memory < 1 GiB for the {scale_rows[0]['files']}-file batch | "
                   f"{peak:.0f} MiB (PSS, worst run) | {'yes' if peak < 1024 else 'no'} |")
    out.append(f"| CLI start-up < 2 s | {st['noop_ingest']:.2f} s (ingest, nothing to do); "
               f"{st['imports'] + st['warm_up']:.2f} s imports + lexicons before the first file | "
               f"{'yes' if max(st['noop_ingest'], st['imports'] + st['warm_up']) < 2 else 'no'} |")
    rates = [r for r in rows if r["tool"] == "ours" and r.get("gold")]
    if rates:
        txt = ", ".join(f"{r['format']} {r['intact'] / r['gold']:.3f}" for r in rates)
        ok = all(r["intact"] == r["gold"] for r in rates)
        out.append(f"| row intact rate 1.0 | {txt} | {'yes' if ok else 'no'} |")
    return out + [""]


if __name__ == "__main__":
    sys.exit(main())
