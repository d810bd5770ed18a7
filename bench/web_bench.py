"""Page times of the web workbench over a 50,000-record SQLite store (target: < 300 ms).

    .venv/bin/python bench/web_bench.py [--records 50000] [--repeat 5]

The store is built from the corpus DOCX plans loaded again and again as plans of other
municipalities (each copy its own plan, all current), through `Store.load` like an ingest;
the pages are timed through Starlette's test client (the whole request: routing, SQL,
templates), median of `--repeat` runs.
"""
from __future__ import annotations

import argparse
import copy
import glob
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
TARGET_MS = 300


def build_store(url: str, records: int) -> int:
    """Load copies of the corpus DOCX plans until the store holds `records` records."""
    from pipeline.batch import parse_file
    from pipeline.store import Store
    parsed = [parse_file(p, os.path.splitext(os.path.basename(p))[0])
              for p in sorted(glob.glob(os.path.join(ROOT, "data", "raw", "*.docx")))]
    store = Store(url)
    n, copy_no = 0, 0
    while n < records:
        copy_no += 1
        for rec in parsed:
            r = copy.copy(rec)
            r.meta = copy.copy(rec.meta)
            r.meta.municipality = f"{rec.meta.municipality or 'МО'} {copy_no}"
            r.sha256 = f"{copy_no:08d}{rec.sha256[8:]}"
            r.doc_id = f"{rec.doc_id}_{copy_no}"
            store.load(r)
            n += len(r.activities)
            if n >= records:
                break
    store.close()
    return n


def time_pages(url: str, out_dir: str, repeat: int) -> list[dict]:
    from starlette.testclient import TestClient
    from pipeline.web import create_app
    c = TestClient(create_app(url, out_dir=out_dir, secret="b" * 32))
    record = c.get("/records?page=400").text.split('href="/records/')[1].split('"')[0]
    pages = ["/documents", "/records", "/records?page=900", "/records?sort=activity&desc=1",
             "/records?sort=deadline", "/records?q=мониторинг", "/records?check=1",
             "/records?municipality=Саянский район 7", "/records?date_from=2022-01-01&date_to=2022-03-31",
             "/records?responsible=школ&section=2", "/documents/250", f"/records/{record}",
             "/documents/250/queue"]
    rows = []
    for page in pages:
        c.get(page)                                   # warm: templates compiled, caches filled
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            r = c.get(page)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (page, r.status_code)
        rows.append({"page": page, "median_ms": statistics.median(times), "max_ms": max(times)})
    c.app.state.store.close()
    return rows


def run(tmp: str, records: int = 50_000, repeat: int = 5, db: str | None = None) -> list[str]:
    """The markdown section for bench/results.md (`db`: a store built by an earlier run)."""
    path = db or f"{tmp}/web_bench.db"
    url = f"sqlite:///{path}"
    t = time.perf_counter()
    if os.path.exists(path):
        from sqlalchemy import create_engine, text
        with create_engine(url).connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM activities")).scalar()
    else:
        n = build_store(url, records)
    built = time.perf_counter() - t
    rows = time_pages(url, tmp, repeat)
    md = ["", f"## Web workbench: page times with {n:,} records (SQLite)".replace(",", " "), "",
          f"Store built in {built:.0f} s; median of {repeat} requests through the test client; "
          f"target < {TARGET_MS} ms.", "", "| page | median ms | max ms | < 300 ms |",
          "| --- | ---: | ---: | :---: |"]
    for r in rows:
        md.append(f"| `{r['page']}` | {r['median_ms']:.0f} | {r['max_ms']:.0f} | "
                  f"{'yes' if r['median_ms'] < TARGET_MS else '**no**'} |")
    return md


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", default=None, help="SQLite file to keep the store in (reused if there)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="roadmaps-web-bench-") as tmp:
        print("\n".join(run(tmp, args.records, args.repeat, args.db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
