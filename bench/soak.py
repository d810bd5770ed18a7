"""Soak test of the store and the batch under kill -9: nothing lost, nothing doubled, no orphan.

Four `roadmaps ingest` processes import overlapping folders of generated plans into one
PostgreSQL store at once; every few seconds one of them is killed with SIGKILL and started
again (it resumes), for ROUNDS rounds; then every importer runs to its end. Checked at the
end: no worker process outlived its importer, no session (and so no lock) is left on the
database, every plan is in the store exactly once with all its rows, doc_ids are unique,
each plan has one current version.

    .venv/bin/python bench/soak.py [--db postgresql://postgres@127.0.0.1:5432/h_faults]
                                   [--rounds 10] [--interval 3]

The tables live in a schema of their own (`roadmaps_soak`), dropped before and after.
Exit 0 when every check holds; the figures are printed either way.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

SCHEMA = "roadmaps_soak"
PLACE = "МБОУ СОШ № 3 города Лесной Свердловской области на 2023 год"
SUBJECTS = ["работы методического объединения", "мероприятий по безопасности",
            "воспитательной работы", "внутришкольного контроля", "работы с одарёнными детьми",
            "профилактики правонарушений", "работы библиотеки", "здоровьесбережения",
            "работы с родителями", "повышения квалификации педагогов",
            "подготовки к итоговой аттестации", "развития функциональной грамотности",
            "антитеррористической защищённости", "работы психологической службы",
            "профориентационной работы", "работы школьного спортивного клуба"]


def make_inputs(folder: str, importers: int, per_importer: int) -> tuple[list[str], int]:
    """Plans spread over one folder per importer, each plan in two folders (two importers
    race for it); returns the folders and the total of rows of the distinct plans."""
    import bad_inputs
    n_plans = max(len(SUBJECTS), importers * per_importer // 2)
    folders = [os.path.join(folder, f"in{k}") for k in range(importers)]
    rows_total = 0
    for p in range(min(n_plans, len(SUBJECTS))):
        rows = bad_inputs.sample_rows(3 + p % 5, f"С{p}")
        rows_total += len(rows)
        data = bad_inputs.plan_docx(rows, f"План {SUBJECTS[p]} {PLACE}")
        for k in (p % importers, (p + 1) % importers):
            bad_inputs.write(os.path.join(folders[k], f"plan{p:02d}.docx"), data)
    return folders, rows_total


def children(pid: int) -> list[int]:
    kids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(name))
            except (OSError, ValueError, IndexError):
                pass
    return kids


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start(folder: str, out: str, url: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", folder, "--out", out,
                             "--db", url, "--workers", "1", "--quiet", "--ocr", "off"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def pg(url: str, sql: str, params: dict | None = None):
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params or {})
            return result.fetchall() if result.returns_rows else None
    finally:
        engine.dispose()


def soak(url: str, rounds: int, interval: float, importers: int = 4) -> int:
    work = tempfile.mkdtemp(prefix="roadmaps_soak_")
    pg(url, f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE; CREATE SCHEMA "{SCHEMA}"')
    store_url = url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{SCHEMA}"
    folders, rows_total = make_inputs(work, importers, 8)
    outs = [os.path.join(work, f"out{k}") for k in range(importers)]
    procs = [start(f, o, store_url) for f, o in zip(folders, outs)]
    seen_workers: set[int] = set()
    rng = random.Random(0)
    kills = restarts = orphans = 0
    t0 = time.monotonic()
    for _ in range(rounds):
        time.sleep(interval)
        for p in procs:
            if p.poll() is None:
                seen_workers.update(children(p.pid))
        k = rng.randrange(importers)
        if procs[k].poll() is None:
            workers = children(procs[k].pid)
            procs[k].kill()
            procs[k].wait()
            kills += 1
            deadline = time.monotonic() + 5
            while any(alive(w) for w in workers) and time.monotonic() < deadline:
                time.sleep(0.05)
            orphans += sum(1 for w in workers if alive(w))
        procs[k] = start(folders[k], outs[k], store_url)
        restarts += 1
    codes = []
    for k, p in enumerate(procs):       # let every importer finish (a last run resumes)
        p.wait(timeout=600)
        codes.append(p.returncode)
    orphans += sum(1 for w in seen_workers if alive(w))
    elapsed = time.monotonic() - t0

    q = f'"{SCHEMA}".'
    docs = pg(url, f"SELECT doc_id, sha256, is_current, plan_id FROM {q}documents WHERE status = 'imported'")
    n_acts = pg(url, f"SELECT count(*) FROM {q}activities a JOIN {q}documents d ON d.id = a.document_id "
                     f"WHERE d.status = 'imported'")[0][0]
    plans_current = pg(url, f"SELECT plan_id, count(*) FROM {q}documents WHERE is_current "
                            f"GROUP BY plan_id HAVING count(*) <> 1")
    sessions = pg(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")[0][0]
    locks = pg(url, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE a.datname = current_database() AND a.backend_type = 'client backend' "
                    "AND l.pid <> pg_backend_pid()")[0][0]
    distinct_files = len({os.path.basename(n) for f in folders for n in os.listdir(f)})
    checks = {
        "no orphan worker": orphans == 0,
        "no session or lock left": sessions == 0 and locks == 0,
        "every plan once": len(docs) == distinct_files and len({d.sha256 for d in docs}) == len(docs),
        "doc_ids unique": len({d.doc_id for d in docs}) == len(docs),
        "rows exact": n_acts == rows_total,
        "one current version per plan": not plans_current,
        "last runs exit 0": all(c == 0 for c in codes),
    }
    print(f"soak: {rounds} rounds, {kills} kill -9, {restarts} restarts, {elapsed:.0f} s; "
          f"{len(docs)}/{distinct_files} documents, {n_acts}/{rows_total} activities, "
          f"{orphans} orphan workers, {sessions} sessions and {locks} locks left; "
          f"exit codes of the last runs {codes}")
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    pg(url, f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
    shutil.rmtree(work, ignore_errors=True)
    return 0 if all(checks.values()) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("ROADMAPS_SOAK_PG_URL",
                                                   "postgresql://postgres@127.0.0.1:5432/h_faults"))
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--interval", type=float, default=3.0, help="seconds between two kills")
    args = ap.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    return soak(args.db, args.rounds, args.interval)


if __name__ == "__main__":
    sys.exit(main())
