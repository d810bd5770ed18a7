"""Render office-scanner-like scans of the corpus PDFs, ingest them and score against the gold.

    .venv/bin/python bench/scans.py [--dpi 150 300] [--docs kedrovy_2022,...] [--workers 2]
                                    [--seed 1] [--out /tmp/scans] [--realworld]

Each page of a corpus PDF is rendered by pypdfium2 at the given resolution in grey, rotated
by a random angle up to ±1.5°, given Gaussian noise and a slightly uneven light, and saved
as a JPEG (quality ~60) page of an image-only PDF named like the corpus file (so its doc_id
is the gold's). The scans are ingested by `roadmaps ingest --ocr on` and scored by the
shared scorer; the pages per second per worker and the workers' peak memory are reported.
`--realworld` also scores the real scan with a noisy text layer in ../shared/realworld.
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
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
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


def score(gold: str, pred: str, docs: list[str]) -> dict:
    out = subprocess.run([sys.executable, SCORER, "--gold", gold, "--pred", pred,
                          "--docs", ",".join(docs), "--json", os.path.join(pred, "score.json")],
                         capture_output=True, text=True)
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    ap.add_argument("--docs", default="")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="/tmp/bench_scans")
    ap.add_argument("--realworld", action="store_true")
    args = ap.parse_args(argv)
    if not os.path.exists(SCORER):
        sys.exit("../shared/tools/score.py not found: the bench needs ../shared")
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
