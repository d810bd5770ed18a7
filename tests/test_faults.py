"""Real faults, as a hostile tester makes them: every one gives one clear line and a
non-zero exit (never a traceback), nothing is lost or doubled in the store, workers never
outlive their parent, a run waiting on a lock says so. Inputs are generated in tmp_path."""
from __future__ import annotations

import csv
import errno
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

import bad_inputs
from pipeline import batch as batch_mod
from pipeline.safety import child_pids
from pipeline.batch import Batch
from pipeline.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLACE = "МБОУ СОШ № 3 города Лесной Свердловской области на 2019-2020 учебный год"


@pytest.fixture(autouse=True, scope="module")
def _english_messages():
    """These tests read the English messages (LANG=en); the Russian ones: tests/test_i18n.py."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_LANG", "en")
        yield



@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch):
    monkeypatch.setenv("ROADMAPS_OCR", "off")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def one_line_error(capsys, code):
    """The command failed with exit 2 and said one line on stderr, no traceback."""
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert code == 2, (code, err)
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err + captured.out
    return err


def plan(folder, name, rows, title=f"План работы {PLACE}"):
    return bad_inputs.write(os.path.join(str(folder), name), bad_inputs.plan_docx(rows, title))


def ingest(*args) -> int:
    return main(["ingest", *map(str, args), "--workers", "1", "--quiet", "--ocr", "off"])


# ----------------------------------------------------------------------------- the store's plans

def test_two_plans_of_one_body_and_period_are_both_kept(tmp_path):
    """A security plan and a work plan of one school for 2019-2020: two plans, both current."""
    src = tmp_path / "in"
    plan(src, "security.docx", bad_inputs.sample_rows(3, "Б"),
         f"План мероприятий по обеспечению безопасности {PLACE}")
    plan(src, "work.docx", bad_inputs.sample_rows(4, "Р"), f"План работы {PLACE}")
    out = tmp_path / "out"
    assert ingest(src, "--out", out) == 0
    docs = read_csv(out / "documents.csv")
    assert sorted(d["doc_id"] for d in docs) == ["security", "work"]
    assert len(read_csv(out / "activities.csv")) == 7


def test_near_identical_file_is_a_new_version_replacing_the_old(tmp_path, capsys):
    """The same plan again with one letter of one activity changed (same name, same act):
    a new version that replaces the current one, said in the report; no doubled rows, no
    doubled doc_id."""
    rows = bad_inputs.sample_rows(5, "В")
    out = tmp_path / "out"
    first = plan(tmp_path / "v1", "lesnoy_2019.docx", rows)
    assert ingest(first, "--out", out) == 0
    rows[2].activity = rows[2].activity.replace("семинара", "семинарa")   # one letter (Latin a)
    second = plan(tmp_path / "v2", "lesnoy_2019.docx", rows)
    capsys.readouterr()
    assert ingest(second, "--out", out) == 0
    report = read_csv(out / "ingest_report.csv")
    assert [r["status"] for r in report] == ["imported"]
    assert "lesnoy_2019 (" in report[0]["warnings"] and report[0]["doc_id"] == "lesnoy_2019-2"
    acts = read_csv(out / "activities.csv")
    assert len(acts) == 5 and {a["doc_id"] for a in acts} == {"lesnoy_2019-2"}
    docs = read_csv(out / "documents.csv")
    assert [d["doc_id"] for d in docs] == ["lesnoy_2019-2"]

    # one byte appended to the first file: a new version again, a doc_id of its own
    with open(first, "ab") as fh:
        fh.write(b"\0")
    assert ingest(first, "--out", out) == 0
    ids = [r["doc_id"] for r in read_csv(out / "ingest_report.csv")]
    assert ids == ["lesnoy_2019-3"]
    assert len(read_csv(out / "activities.csv")) == 5


# ----------------------------------------------------------------------------- one line, never a traceback

@pytest.mark.parametrize("url, words", [
    ("foo", "sqlite:///"),
    ("sqlite:////nonexistent/dir/x.db", "/nonexistent/dir"),
    ("mysql+nosuchdriver://u@h/db", "postgresql://"),
])
def test_bad_database_addresses(tmp_path, capsys, url, words):
    src = tmp_path / "in"
    plan(src, "a.docx", bad_inputs.sample_rows(2, "А"))
    err = one_line_error(capsys, ingest(src, "--out", tmp_path / "out", "--db", url))
    assert words in err


def test_compare_and_export_before_any_import(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    err = one_line_error(capsys, main(["compare", "--regional", "x", "--out", str(tmp_path / "c")]))
    assert "roadmaps ingest" in err
    err = one_line_error(capsys, main(["export", "--out", str(tmp_path / "e")]))
    assert "roadmaps ingest" in err
    assert not (tmp_path / "data").exists()          # no empty store made


def test_output_folder_that_cannot_be_written(tmp_path, capsys, monkeypatch):
    src = tmp_path / "in"
    plan(src, "a.docx", bad_inputs.sample_rows(2, "А"))
    a_file = bad_inputs.write(str(tmp_path / "occupied"), b"x")
    err = one_line_error(capsys, ingest(src, "--out", a_file))
    assert "occupied" in err

    import tempfile

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "ro"))

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", denied)
    store = tmp_path / "ro" / "roadmaps.db"
    err = one_line_error(capsys, ingest(src, "--out", tmp_path / "ro"))
    assert str(tmp_path / "ro") in err
    assert not store.exists()                          # the store untouched


def test_full_disk_while_writing_the_outputs(tmp_path, capsys, monkeypatch):
    src = tmp_path / "in"
    plan(src, "a.docx", bad_inputs.sample_rows(2, "А"))

    def full(path, *a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", path)

    monkeypatch.setattr(batch_mod.export, "write_csv", full)
    err = one_line_error(capsys, ingest(src, "--out", tmp_path / "out"))
    assert "activities.csv" in err


def test_read_only_store(tmp_path, capsys):
    src = tmp_path / "in"
    plan(src, "a.docx", bad_inputs.sample_rows(2, "А"))
    db = tmp_path / "ro.db"
    db.write_bytes(b"")
    before = db.read_bytes()
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    one_line_error(capsys, ingest(src, "--out", tmp_path / "out", "--db", url))
    assert db.read_bytes() == before


def test_file_names_that_are_not_utf8(tmp_path, capsys):
    """A name with cp1251 bytes: read, printed, reported and stored with U+FFFD for the bad
    bytes (the report used to crash on it)."""
    src = tmp_path / "in"
    os.makedirs(src)
    name = os.fsencode(str(src)) + b"/\xcf\xeb\xe0\xed.docx"        # «План» in cp1251
    with open(name, "wb") as fh:
        fh.write(bad_inputs.plan_docx(bad_inputs.sample_rows(2, "Н"), f"План работы {PLACE}"))
    out = tmp_path / "out"
    assert ingest(src, "--out", out) == 0
    assert "\ufffd" in capsys.readouterr().out
    report = read_csv(out / "ingest_report.csv")
    assert report[0]["status"] == "imported" and "\ufffd" in report[0]["file"]
    assert len(read_csv(out / "activities.csv")) == 2
    assert "\ufffd" in read_csv(out / "documents.csv")[0]["source_file"]


def test_nul_and_control_characters_in_text(store_target, tmp_path):
    """A NUL in a PDF's text: the file is stored (PostgreSQL refuses NUL) and the workbook
    written (XLSX refuses control characters); the rest of the text kept."""
    from pipeline.records import ACTIVITY_COLUMNS
    from test_store import make_activity, make_doc
    store = store_target.open()
    acts = [make_activity("nul", 1, activity="Семинар\x00 для\x0b директоров"),
            make_activity("nul", 2, responsible_raw="Отдел\x00 образования")]
    assert store.load(make_doc("nul", activities=acts)) == "imported"
    rows = store.activity_rows()
    assert rows[0]["activity"] == "Семинар для директоров"
    assert rows[1]["responsible_raw"] == "Отдел образования"
    from pipeline import export
    export.write_xlsx(str(tmp_path / "w.xlsx"), {"activities": (ACTIVITY_COLUMNS, rows)})
    assert (tmp_path / "w.xlsx").stat().st_size > 0


# ----------------------------------------------------------------------------- exit codes, reports

def test_exit_codes_empty_folder_and_report_history(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ROADMAPS_LANG", "ru")
    empty = tmp_path / "empty"
    os.makedirs(empty)
    bad_inputs.write(str(empty / "notes.txt"), b"x")
    assert ingest(empty, "--out", tmp_path / "o0") == 2
    assert "документы не найдены" in capsys.readouterr().out

    src = tmp_path / "in"
    plan(src, "a.docx", bad_inputs.sample_rows(2, "А"))
    out = tmp_path / "out"
    assert ingest(src, "--out", out) == 0
    bad_inputs.write(str(src / "broken.docx"), b"PK\x03\x04 broken")
    assert ingest(src, "--out", out) == 1               # one failed, one whole
    assert ingest(src / "broken.docx", "--out", out) == 2  # nothing could be read
    history = sorted(os.listdir(out / batch_mod.REPORTS_DIR))
    assert len(history) == 3
    with open(out / batch_mod.REPORTS_DIR / history[-1], encoding="utf-8") as fh:
        latest = fh.read()
    with open(out / "ingest_report.csv", encoding="utf-8") as fh:
        assert fh.read() == latest


def test_partial_outcome_is_not_whole():
    o = [batch_mod.FileOutcome("a", "a", "imported"), batch_mod.FileOutcome("b", "b", "partial")]
    assert batch_mod.exit_code(o) == 1
    assert batch_mod.exit_code(o[:1]) == 0
    assert batch_mod.exit_code(o[1:]) == 1          # read in part is not «nothing could be done»
    assert batch_mod.exit_code([batch_mod.FileOutcome("s", "", "skipped")]) == 2


def test_two_runs_writing_one_output_folder(tmp_path):
    """Two importers into one --out at the same moment: both finish, every file is in."""
    out = tmp_path / "out"
    procs = []
    for k in range(2):
        src = tmp_path / f"in{k}"
        subject = ["работы", "мероприятий по безопасности"][k]
        plan(src, f"p{k}.docx", bad_inputs.sample_rows(2 + k, f"Д{k}"), f"План {subject} {PLACE}")
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "pipeline", "ingest", str(src), "--out", str(out),
             "--workers", "1", "--quiet", "--ocr", "off"], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert b"Traceback" not in err
    from pipeline.cli import main as run
    assert run(["export", "--out", str(out)]) == 0
    assert len(read_csv(out / "activities.csv")) == 5
    assert not [n for n in os.listdir(out) if n.endswith(".part")]


# ----------------------------------------------------------------------------- processes

def test_workers_hold_no_inherited_socket(tmp_path, monkeypatch):
    """A worker keeps only its own pipe end: no database connection, no other worker's pipe."""
    def count_sockets(path, doc_id, settings=None):
        import stat
        n = sum(1 for fd in os.listdir("/proc/self/fd")
                if _is_socket(int(fd), stat))
        raise ValueError(f"sockets={n}")

    monkeypatch.setattr(batch_mod, "parse_file", count_sockets)
    src = tmp_path / "in"
    for k in range(3):
        plan(src, f"p{k}.docx", bad_inputs.sample_rows(1, f"С{k}"))
    outcomes = Batch(str(tmp_path / "out"), workers=2, progress=False).run([str(src)])
    assert [o.error.split(": ")[1].split(" (")[0] for o in outcomes] == ["sockets=1"] * 3


def _is_socket(fd, stat):
    try:
        return stat.S_ISSOCK(os.fstat(fd).st_mode)
    except OSError:
        return False


_SLOW_RUN = """
import os, sys, time
sys.path.insert(0, {tests!r})
from pipeline import batch
def slow(path, doc_id, settings=None):
    time.sleep(60)
batch.parse_file = slow
from pipeline.cli import main
sys.exit(main(["ingest", {src!r}, "--out", {out!r}, "--workers", "2", "--quiet", "--ocr", "off"]))
"""


def _start_slow_run(tmp_path):
    src = tmp_path / "in"
    for k in range(3):
        plan(src, f"p{k}.docx", bad_inputs.sample_rows(1, f"М{k}"))
    code = _SLOW_RUN.format(tests=os.path.dirname(__file__), src=str(src), out=str(tmp_path / "out"))
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(child_pids(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = child_pids(proc.pid)
    assert len(workers) == 2
    return proc, workers


def _gone(pids, wait=10.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        alive = [p for p in pids if os.path.exists(f"/proc/{p}") and not _zombie(p)]
        if not alive:
            return True
        time.sleep(0.1)
    return False


def _zombie(pid) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_kill_9_of_the_importer_takes_its_workers_along(tmp_path):
    proc, workers = _start_slow_run(tmp_path)
    proc.kill()
    proc.wait()
    assert _gone(workers), "orphan workers left"


def test_sigterm_stops_a_run_like_ctrl_c(tmp_path):
    proc, workers = _start_slow_run(tmp_path)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err.decode()
    assert b"Traceback" not in err
    assert b"not processed" in out                   # the summary was printed
    assert _gone(workers)
    from pipeline.store import Store
    store = Store(f"sqlite:///{tmp_path / 'out' / 'roadmaps.db'}")
    try:
        assert [r["status"] for r in store.runs()] == ["interrupted"]
    finally:
        store.close()


# ----------------------------------------------------------------------------- PostgreSQL

def test_postgres_urls_and_server_faults(pg_target, tmp_path, capsys):
    """postgres:// and postgresql+psycopg:// work; a server that is down, a database or a
    role that does not exist: one line each."""
    from sqlalchemy.engine import make_url
    pg_target.open().close()                         # makes the test's own schema
    u = make_url(pg_target.url)
    src = tmp_path / "in"
    plan(src, "a.docx", bad_inputs.sample_rows(2, "П"))
    plain = u.set(drivername="postgresql")
    for scheme in ("postgres", "postgresql+psycopg"):
        url = plain.render_as_string(hide_password=False).replace("postgresql", scheme, 1)
        url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{pg_target.schema}"
        assert ingest(src, "--out", tmp_path / scheme, "--db", url) == 0, capsys.readouterr().err
    cases = [(plain.set(port=1), "--db"),
             (plain.set(database="no_such_db_roadmaps"), "no_such_db_roadmaps"),
             (plain.set(username="no_such_role_roadmaps"), "no_such_role_roadmaps")]
    for url, words in cases:
        err = one_line_error(capsys, ingest(src, "--out", tmp_path / "x", "--db",
                                            url.render_as_string(hide_password=False)))
        assert words in err


def test_a_load_waiting_on_a_lock_says_so(pg_target, monkeypatch):
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from pipeline.store import engine as store_engine
    from test_store import make_doc
    monkeypatch.setattr(store_engine, "PG_LOCK_TIMEOUT_MS", 300)
    told: list[str] = []
    store = pg_target.open(notify=told.append)
    holder = create_engine(pg_target.url, poolclass=NullPool,
                           connect_args={"options": f"-csearch_path={pg_target.schema}"})
    with holder.connect() as conn:
        tx = conn.begin()
        conn.execute(text("LOCK TABLE plans IN ACCESS EXCLUSIVE MODE"))
        result = {}
        t = threading.Thread(target=lambda: result.setdefault("status", store.load(make_doc("k"))))
        t.start()
        deadline = time.monotonic() + 20
        while not told and time.monotonic() < deadline:
            time.sleep(0.1)
        tx.rollback()
        t.join(30)
    holder.dispose()
    assert told == [store.lock_message()]
    assert result["status"] == "imported"


# ----------------------------------------------------------------------------- read wrongly

@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_pdf_shown_sideways_is_read_upright(tmp_path, rotate):
    """/Rotate that turns upright text sideways for display: every row read, not garbage."""
    from pipeline.parse import ParseSettings, parse
    rows = bad_inputs.sample_rows(5, "П")
    path = bad_inputs.write(str(tmp_path / "sideways.pdf"),
                            bad_inputs.sideways_pdf(rows, f"План работы {PLACE}", rotate))
    rec = parse(path, ParseSettings(ocr="off"))
    assert [a.activity for a in rec.activities] == [r.activity for r in rows]
    assert any("upright" in w for w in rec.warnings)


def test_docx_with_a_very_long_text_run_is_read(tmp_path):
    """A text node past lxml's 10 MB limit: read (bounded by the package checks), not
    refused as «damaged DOCX»."""
    from extractors import extract
    path = bad_inputs.write(str(tmp_path / "long.docx"), bad_inputs.long_run_docx(
        bad_inputs.sample_rows(3, "Д"), f"План работы {PLACE}"))
    doc = extract(path)
    assert len(doc.tables) == 2
    assert max(len(c.text) for c in doc.tables[1].cells) > 5_000_000
    assert [c.text for c in doc.tables[0].cells if c.text.startswith("Мероприятие Д")] == \
        [r.activity for r in bad_inputs.sample_rows(3, "Д")]
