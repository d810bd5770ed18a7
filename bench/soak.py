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

from pipeline.safety import child_pids  # noqa: E402  (after the path set-up)

SCHEMA = "roadmaps_soak"
PLACE = "МБОУ СОШ № 3 города Лесной Свердловской области на 2023 год"
SUBJECTS = ["работы методического объединения", "мероприятий по безопасности",
            "воспитательной работы", "внутришкольного контроля", "работы с одарёнными детьми",
            "профилактики правонарушений", "работы библиотеки", "здоровьесбережения",
            "работы с родителями", "повышения квалификации педагогов",
            "подготовки к итоговой аттестации", "развития функциональной грамотности",
            "антитеррористической защищённости", "работы психологической службы",
            "профориентационной работы", "работы школьного спортивного клуба"]
STAGES = ["начальной школы", "основной школы", "средней школы"]
TERMS = ["на первую четверть", "на вторую четверть", "на третью четверть", "на четвёртую четверть"]


def subjects() -> list[str]:
    return [f"{s} {stage} {term}" for term in TERMS for stage in STAGES for s in SUBJECTS]


def add_wave(folders: list[str], wave: int, per_importer: int) -> int:
    """A new wave of plans spread over the importers' folders, each plan in two folders (two
    importers race for it); returns the rows of the wave's distinct plans."""
    import bad_inputs
    n = max(1, len(folders) * per_importer // 2)
    names = subjects()[wave * n:(wave + 1) * n]
    rows_total = 0
    for p, subject in enumerate(names):
        rows = bad_inputs.sample_rows(20 + p % 7, f"С{wave}.{p}")
        rows_total += len(rows)
        data = bad_inputs.plan_docx(rows, f"План {subject} {PLACE}")
        for k in (p % len(folders), (p + 1) % len(folders)):
            bad_inputs.write(os.path.join(folders[k], f"w{wave}", f"plan{p:02d}.docx"), data)
    return rows_total


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


class Importers:
    """The importer processes, one per input folder, and the workers seen under them."""

    def __init__(self, folders: list[str], outs: list[str], url: str):
        self.folders, self.outs, self.url = folders, outs, url
        self.procs = [start(f, o, url) for f, o in zip(folders, outs)]
        self.seen: set[int] = set()
        self.kills = self.killed_workers = 0

    def all_done(self) -> bool:
        return all(p.poll() is not None for p in self.procs)

    def restart_all(self) -> None:
        self.procs = [start(f, o, self.url) for f, o in zip(self.folders, self.outs)]

    def kill_busy(self, k: int) -> bool:
        """kill -9 importer k once its workers are at work, then start it again (it resumes)."""
        p = self.procs[k]
        deadline = time.monotonic() + 15
        while p.poll() is None and not child_pids(p.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = child_pids(p.pid) if p.poll() is None else []
        if not workers:
            return False
        self.seen.update(workers)
        self.killed_workers += len(workers)
        p.kill()
        p.wait()
        self.kills += 1
        deadline = time.monotonic() + 5            # the kernel's SIGKILL takes a moment
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.procs[k] = start(self.folders[k], self.outs[k], self.url)
        return True

    def finish(self) -> tuple[list, int]:
        """Let every importer end (a hung one is killed); (exit codes, orphan workers), the
        orphans killed so that nothing is left behind even on failure."""
        codes = []
        for p in self.procs:
            try:
                p.wait(timeout=300)
            except subprocess.TimeoutExpired:      # hung (on a lock of an orphan, say)
                p.kill()
                p.wait()
            codes.append(p.returncode)
        orphans = [w for w in self.seen if alive(w)]
        for w in orphans:
            try:
                os.kill(w, signal.SIGKILL)
            except OSError:
                pass
        return codes, len(orphans)


def store_state(url: str) -> dict:
    """What the store and the server hold after the soak."""
    q = f'"{SCHEMA}".'
    return {
        "docs": pg(url, f"SELECT doc_id, sha256 FROM {q}documents WHERE status = 'imported'"),
        "activities": pg(url, f"SELECT count(*) FROM {q}activities a JOIN {q}documents d "
                              f"ON d.id = a.document_id WHERE d.status = 'imported'")[0][0],
        "plans_not_one_current": pg(url, f"SELECT plan_id FROM {q}documents WHERE is_current "
                                         f"GROUP BY plan_id HAVING count(*) <> 1"),
        "sessions": pg(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                            "current_database() AND backend_type = 'client backend' "
                            "AND pid <> pg_backend_pid()")[0][0],
        "locks": pg(url, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                         "WHERE a.datname = current_database() AND a.backend_type = 'client backend' "
                         "AND l.pid <> pg_backend_pid()")[0][0],
    }


def soak(url: str, rounds: int, interval: float, importers: int = 4, per_importer: int = 8) -> int:
    work = tempfile.mkdtemp(prefix="roadmaps_soak_")
    pg(url, f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE; CREATE SCHEMA "{SCHEMA}"')
    store_url = url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{SCHEMA}"
    folders = [os.path.join(work, f"in{k}") for k in range(importers)]
    waves = 0
    rows_total = add_wave(folders, waves, per_importer)
    run = Importers(folders, [os.path.join(work, f"out{k}") for k in range(importers)], store_url)
    rng = random.Random(0)
    t0 = time.monotonic()
    while run.kills < rounds and time.monotonic() - t0 < 20 * rounds * interval:
        time.sleep(interval)
        if run.all_done():                          # all done: more work for them
            waves += 1
            rows_total += add_wave(folders, waves, per_importer)
            run.restart_all()
        run.kill_busy(rng.randrange(importers))
    codes, orphans = run.finish()
    elapsed = time.monotonic() - t0
    st = store_state(url)
    docs = st["docs"]
    files = len({os.path.relpath(os.path.join(r, n), f) for f in folders
                 for r, _, names in os.walk(f) for n in names})
    checks = {
        "no orphan worker": orphans == 0 and run.killed_workers > 0,
        "no session or lock left": st["sessions"] == 0 and st["locks"] == 0,
        "every plan once": len(docs) == files and len({d.sha256 for d in docs}) == len(docs),
        "doc_ids unique": len({d.doc_id for d in docs}) == len(docs),
        "rows exact": st["activities"] == rows_total,
        "one current version per plan": not st["plans_not_one_current"],
        "last runs exit 0": all(c == 0 for c in codes),
    }
    print(f"soak: {run.kills} kill -9 ({waves + 1} waves of files), {elapsed:.0f} s; "
          f"{len(docs)}/{files} documents, {st['activities']}/{rows_total} activities, "
          f"{run.killed_workers} workers running at the kills, {orphans} orphan workers, "
          f"{st['sessions']} sessions and {st['locks']} locks left; "
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
    ap.add_argument("--interval", type=float, default=2.0, help="seconds between two kills")
    ap.add_argument("--files", type=int, default=8,
                    help="files per importer and wave (each plan in two folders)")
    args = ap.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    return soak(args.db, args.rounds, args.interval, per_importer=args.files)


if __name__ == "__main__":
    sys.exit(main())
