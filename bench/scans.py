"""Render office-scanner-like scans of the corpus PDFs, ingest them and score against the gold.

    .venv/bin/python bench/scans.py [--dpi 150 300] [--docs kedrovy_2022,...] [--workers 2]
                                    [--seed 1] [--out /tmp/scans] [--realworld]
    .venv/bin/python bench/scans.py --pdf FILE.pdf ... --reference born-digital [--pages 3]

Each page of a corpus PDF is rendered by pypdfium2 at the given resolution in grey, rotated
by a random angle up to ±1.5°, given Gaussian noise and a slightly uneven light, and saved
as a JPEG (quality ~60) page of an image-only PDF named like the corpus file (so its doc_id
is the gold's). The scans are ingested by `roadmaps ingest --ocr on` and scored by the
shared scorer; the pages per second per worker and the workers' peak memory are reported.
`--realworld` also scores the real scan with a noisy text layer in ../shared/realworld.

`--pdf FILE... --reference born-digital`: plans that have no gold (born-digital PDFs of real
plans, other publishers' layouts). A few pages of each (`--pages`, spread over the file) are
cut into a small PDF; that PDF is ingested as it is (its own reading is the reference) and
its scans are ingested by OCR and scored against that reading by the shared scorer: rows F1
(activity ratio >= 0.85), the activity exactly as read (after the scorer's white-space
normalisation), deadline_raw, responsible_raw, section_no and section_title agreement over
the matched rows. The scorer's verbose listing of every disagreement is written to
OUT/ref{dpi}/score.txt.
"""
from __future__ import annotations

import argparse
import glob
import io
import json
import os
import random
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _shared() -> str:
    """../shared next to the checkout, or next to an ancestor (a worktree under /work/wt)."""
    if os.environ.get("ROADMAPS_SHARED"):
        return os.environ["ROADMAPS_SHARED"]
    here = ROOT
    while os.path.dirname(here) != here:
        here = os.path.dirname(here)
        if os.path.isdir(os.path.join(here, "shared")):
            return os.path.join(here, "shared")
    return os.path.join(os.path.dirname(ROOT), "shared")


SHARED = _shared()
SCORER = os.path.join(SHARED, "tools", "score.py")
RUNAWAY = "ussuriysk_cssu_runaway_prevention_plan_2020"


def corpus_pdfs() -> list[str]:
    found = sorted(glob.glob(os.path.join(SHARED, "corpus", "pdf", "*.pdf")))
    return found or sorted(glob.glob(os.path.join(ROOT, "data", "raw", "*.pdf")))


def scan_page(image, rng: random.Random, max_angle: float = 1.5, noise: float = 12.0,
              quality: int = 60):
    """A clean grey page image → what an office scanner makes of it (a PIL image)."""
    import numpy as np
    from PIL import Image

    angle = rng.uniform(-max_angle, max_angle)
    img = image.convert("L").rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    arr = np.asarray(img).astype(np.float32)
    h, w = arr.shape
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    light = np.linspace(0, rng.uniform(-25, 0), w, dtype=np.float32)[None, :]   # uneven light
    arr = arr * rng.uniform(0.85, 0.95) + 10 + light + nrng.normal(0, noise, arr.shape)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf)


def render_scan(src: str, dst: str, dpi: int, rng: random.Random, **kw) -> int:
    """A PDF → an image-only PDF of its scanned pages; returns the number of pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(src)
    pages = []
    for i in range(len(pdf)):
        pil = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil()
        pages.append(scan_page(pil, rng, **kw))
    pdf.close()
    pages[0].save(dst, "PDF", save_all=True, append_images=pages[1:], resolution=dpi,
                  quality=kw.get("quality", 60))
    return len(pages)


def score(gold: str, pred: str, docs: list[str], verbose_to: str = "") -> dict:
    out = subprocess.run([sys.executable, SCORER, "--gold", gold, "--pred", pred,
                          "--docs", ",".join(docs), "--json", os.path.join(pred, "score.json"),
                          *(["-v"] if verbose_to else [])],
                         capture_output=True, text=True)
    if verbose_to:
        with open(verbose_to, "w", encoding="utf-8") as fh:
            fh.write(out.stdout + out.stderr)
    try:
        with open(os.path.join(pred, "score.json"), encoding="utf-8") as fh:
            return json.load(fh)
    except OSError:
        return {"error": out.stderr[-500:]}


def ingest(files: list[str], out: str, workers: int) -> tuple[float, float, float]:
    """Run the CLI; (seconds, CPU seconds of it and its workers, peak resident MiB of the
    largest child). The CPU time gives the speed per core on a shared machine."""
    os.makedirs(out, exist_ok=True)
    exe = os.path.join(ROOT, ".venv", "bin", "roadmaps")
    # a worktree without its own venv: this interpreter, with this checkout's code first
    cli = [exe] if os.path.exists(exe) else [
        sys.executable, "-c", "import sys; from pipeline.cli import main; sys.exit(main())"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (ROOT, os.environ.get("PYTHONPATH", "")) if p))
    cmd = [*cli, "ingest", *files, "--out", out,
           "--db", f"sqlite:///{out}/s.db", "--ocr", "on", "--workers", str(workers),
           "--quiet", "--timeout", "600"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, env=env, cwd=ROOT)   # `python -c` puts the cwd first
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, after.ru_maxrss / 1024


def summary(result: dict) -> str:
    overall = result.get("overall") or {}
    keys = ["rows_f1", "activity", "deadlines", "responsible_f1", "docs"]
    parts = []
    for k in keys:
        v = (overall.get(k) or {}).get("value")
        parts.append(f"{k}={v:.3f}" if isinstance(v, (int, float)) else f"{k}={v}")
    return " ".join(parts)


def spread(n_pages: int, k: int) -> list[int]:
    """k page indices spread evenly over a document, the first page always among them."""
    if k >= n_pages:
        return list(range(n_pages))
    return sorted({round(i * (n_pages - 1) / max(k - 1, 1)) for i in range(k)})


def cut_pages(src: str, dst: str, k: int) -> int:
    """The k spread pages of `src` as a PDF of their own; returns how many."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(src)
    pages = spread(len(pdf), k)
    new = pdfium.PdfDocument.new()
    new.import_pages(pdf, pages)
    new.save(dst)
    new.close()
    pdf.close()
    return len(pages)


def reading_as_gold(pred: str, gold: str) -> list[str]:
    """An ingest's CSV output → gold JSON files the shared scorer reads (one per doc_id)."""
    import csv

    os.makedirs(gold, exist_ok=True)
    docs: dict[str, dict] = {}
    with open(os.path.join(pred, "documents.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            docs.setdefault(row["doc_id"], {"document": dict(row), "records": []})
    lists = ("deadlines", "months", "responsible")
    with open(os.path.join(pred, "activities.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rec = {k: ([x.strip() for x in v.split(";") if x.strip()] if k in lists else v)
                   for k, v in row.items()}
            rec["seq"] = len(docs.setdefault(row["doc_id"], {"document": {}, "records": []})
                             ["records"]) + 1
            docs[row["doc_id"]]["records"].append(rec)
    for doc_id, data in docs.items():
        with open(os.path.join(gold, doc_id + ".json"), "w", encoding="utf-8") as fh:
            json.dump({"doc_id": doc_id, **data, "indicators": []}, fh, ensure_ascii=False)
    return sorted(docs)


def reference_run(args) -> None:
    """Scans of born-digital PDFs scored against the PDFs' own reading."""
    cut = os.path.join(args.out, "pages")
    os.makedirs(cut, exist_ok=True)
    files, n_pages = [], 0
    for src in args.pdf:
        dst = os.path.join(cut, os.path.basename(src))
        n_pages += cut_pages(src, dst, args.pages)
        files.append(dst)
    ref_out = os.path.join(args.out, "born_digital")
    ingest(files, ref_out, args.workers)
    gold = os.path.join(args.out, "reference_gold")
    ids = reading_as_gold(ref_out, gold)
    for dpi in args.dpi:
        rng = random.Random(args.seed)
        scans = os.path.join(args.out, f"refscans{dpi}")
        os.makedirs(scans, exist_ok=True)
        scanned = []
        for src in files:
            dst = os.path.join(scans, os.path.basename(src))
            render_scan(src, dst, dpi, rng)
            scanned.append(dst)
        out = os.path.join(args.out, f"ref{dpi}")
        elapsed, cpu, peak = ingest(scanned, out, args.workers)
        result = score(gold, out, ids, verbose_to=os.path.join(out, "score.txt"))
        overall = result.get("overall") or {}
        parts = []
        for k in ("rows_f1", "activity", "deadline_raw", "responsible_raw", "deadlines",
                  "responsible_f1", "section_no", "section_title"):
            v = (overall.get(k) or {}).get("value")
            parts.append(f"{k}={v:.3f}" if isinstance(v, (int, float)) else f"{k}={v}")
        rows = overall.get("rows_f1") or {}
        print(f"{dpi} dpi vs born-digital: {' '.join(parts)} (tp {rows.get('tp')}, "
              f"fp {rows.get('fp')}, fn {rows.get('fn')}) | {n_pages} pages in {elapsed:.1f}s "
              f"wall, {cpu:.1f}s CPU = {n_pages / max(cpu, 1e-9):.2f} pages per CPU-second, "
              f"peak process RSS {peak:.0f} MiB")
        if args.per_doc:
            for doc_id, d in sorted((result.get("docs") or {}).items()):
                f = d["figures"]
                print(f"  {doc_id}: rows_f1={f['rows_f1']['value'] or 0:.3f} "
                      f"activity={f['activity']['value'] or 0:.3f} "
                      f"deadline_raw={f['deadline_raw']['value'] or 0:.3f} "
                      f"responsible_raw={f['responsible_raw']['value'] or 0:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    ap.add_argument("--docs", default="")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="/tmp/bench_scans")
    ap.add_argument("--realworld", action="store_true")
    ap.add_argument("--pdf", nargs="+", default=[], metavar="FILE",
                    help="born-digital PDFs of plans without gold, scored against their own reading")
    ap.add_argument("--reference", choices=["born-digital"], default="born-digital")
    ap.add_argument("--pages", type=int, default=3, help="pages taken from each --pdf file")
    ap.add_argument("--per-doc", action="store_true")
    args = ap.parse_args(argv)
    if not os.path.exists(SCORER):
        sys.exit("../shared/tools/score.py not found: the bench needs ../shared")
    if args.pdf:
        reference_run(args)
        return 0
    sources = corpus_pdfs()
    if args.docs:
        wanted = set(args.docs.split(","))
        sources = [s for s in sources if os.path.splitext(os.path.basename(s))[0] in wanted]
    ids = [os.path.splitext(os.path.basename(s))[0] for s in sources]
    for dpi in args.dpi:
        rng = random.Random(args.seed)
        scans = os.path.join(args.out, f"scans{dpi}")
        os.makedirs(scans, exist_ok=True)
        n_pages = 0
        files = []
        for src in sources:
            dst = os.path.join(scans, os.path.basename(src))
            n_pages += render_scan(src, dst, dpi, rng)
            files.append(dst)
        out = os.path.join(args.out, f"out{dpi}")
        elapsed, cpu, peak = ingest(files, out, args.workers)
        print(f"{dpi} dpi: {summary(score(os.path.join(SHARED, 'gold'), out, ids))} "
              f"| {n_pages} pages in {elapsed:.1f}s wall, {cpu:.1f}s CPU = "
              f"{n_pages / max(cpu, 1e-9):.2f} pages per CPU-second, "
              f"peak process RSS {peak:.0f} MiB")
    if args.realworld:
        src = os.path.join(SHARED, "realworld", RUNAWAY + ".pdf")
        out = os.path.join(args.out, "realworld")
        elapsed, _, _ = ingest([src], out, 1)
        print(f"{RUNAWAY}: {summary(score(os.path.join(SHARED, 'realworld', 'gold'), out, [RUNAWAY]))}"
              f" ({elapsed:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
