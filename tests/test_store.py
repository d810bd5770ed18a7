"""The SQL store: schema and migrations, loading, re-import, versions, rollback of one file,
two importers at once, and the CSV/XLSX export from the store alone.

Every test runs on a SQLite file and, when ROADMAPS_TEST_PG_URL is set, on PostgreSQL in a
schema of its own (fixtures in conftest.py). Records are built here from the pipeline's own
record classes, synthetic rather than extracted, so each test says exactly what it loads.
"""
from __future__ import annotations

import os

import csv
import datetime as dt
import hashlib
import io
import multiprocessing as mp
import traceback
import zipfile
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select, text

from pipeline import export
from pipeline.store import (ActivityParty, ActivityRow, DeadlineInterval, DocumentRow, Party,
                            Plan, SectionRow, Store)

from normalizers.deadlines import Interval
from normalizers.metadata import DocumentMetadata as Meta
from pipeline import schema
from pipeline.records import (ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS,
                              ActivityRecord, DocumentRecord, IndicatorRecord)


# ----------------------------------------------------------------------------- records

PARTIES = [("Отдел образования", "organization"), ("МКУ «АМЦСО»", "organization"),
           ("руководители МБОУ СОШ № 2", "role"), ("Иванова И.И.", "person")]


def make_activity(doc_id: str, seq: int, **over) -> ActivityRecord:
    intervals = [Interval(dt.date(2022, 5, 1), dt.date(2022, 6, 30))]
    if seq % 3 == 0:
        intervals = [Interval(dt.date(2022, 1, 1), None)]       # «С 2022 года»: open end
    elif seq % 3 == 2:
        intervals = []
    parties = [PARTIES[seq % len(PARTIES)], PARTIES[(seq + 1) % len(PARTIES)]]
    values = dict(
        doc_id=doc_id, seq=seq, table="plan", section_no=str(1 + (seq - 1) // 2),
        section_title=f"Направление {1 + (seq - 1) // 2}", item_no=f"1.{seq}",
        activity=f"Мероприятие {seq}\nвторая строка", year="",
        expected_result="=SUM(A1:A3)" if seq == 1 else f"+7 результат {seq}",
        deadline_raw="май-июнь 2022" if intervals else "ежегодно (август, февраль)",
        deadlines=[i.iso() for i in intervals], months=[] if intervals else [8, 2],
        recurrence="continuous" if seq % 3 == 0 else ("once" if intervals else "annual"),
        responsible_raw=", ".join(p for p, _ in parties), responsible=[p for p, _ in parties],
        report_form="-отчет" if seq == 2 else "@справка", source_page=seq if seq % 4 else None,
        responsible_expanded=[p.replace("МКУ «АМЦСО»", "МКУ «Аналитический центр»") for p, _ in parties],
        responsible_kinds=[k for _, k in parties], deadline_warning="",
        table_index=1, row_index=seq + 1, intervals=intervals)
    values.update(over)
    return ActivityRecord(**values)


def make_doc(doc_id: str, *, municipality="поселок Кедровый", region="Красноярский край",
             level="municipal", period=(2022, 2024), act=("2022-01-27", "13-п"), n=5,
             content="", fmt="docx", activities=None,
             title="Дорожная карта по повышению качества образования") -> DocumentRecord:
    """A synthetic DocumentRecord; `content` varies the sha256 (the file's bytes); versions
    of one plan share its title (the subject is part of a plan's identity)."""
    meta = Meta(title=title, level=level, region=region,
                municipality=municipality, issuer=f"Администрация {municipality}",
                approved_date=act[0], approved_number=act[1], period_start=period[0],
                period_end=period[1])
    sha = hashlib.sha256(f"{doc_id}|{content}|{act}|{fmt}|{n}".encode()).hexdigest()
    acts = activities if activities is not None else [make_activity(doc_id, k) for k in range(1, n + 1)]
    inds = [IndicatorRecord(doc_id=doc_id, indicator="Доля школ, %", unit="%", year=str(y),
                            value=f"{10 * (y - 2021)}") for y in (2022, 2023)]
    return DocumentRecord(doc_id=doc_id, source_file=f"data/raw/{doc_id}.{fmt}", sha256=sha,
                          format=fmt, pages=3, size=1000 + n, meta=meta, activities=acts,
                          indicators=inds, tables=2, warnings=["w1", "w2"] if n % 2 else [])


def activity_row(a) -> dict:
    """The CSV row of an activity record (what the store must give back)."""
    return schema.csv_row(schema.ACTIVITY, a)


def indicator_row(i) -> dict:
    return schema.csv_row(schema.INDICATOR, i)


def document_row(rec) -> dict:
    return schema.csv_row(schema.DOCUMENT, schema.document_values(rec))


def expected_document_row(rec, **extra) -> dict:
    return dict(document_row(rec), **extra)


def count(store: Store, model, *where) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model).where(*where))


# ----------------------------------------------------------------------------- schema

def head_revision() -> str:
    """The newest migration in pipeline/migrations (the store upgrades to it on start)."""
    from alembic.script import ScriptDirectory
    import pipeline
    return ScriptDirectory(os.path.join(os.path.dirname(pipeline.__file__), "migrations")).get_current_head()


def test_schema_created_at_head_and_matches_models(store_target):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from pipeline.store import Base
    store = store_target.open()
    assert store.revision() == head_revision()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    store_target.open()                      # opening again: nothing to do, no error
    assert store.counts()["documents"] == 0


def test_first_store_database_is_upgraded_with_its_rows(store_target):
    """A database of the first store (create_all, no alembic_version) is adopted."""
    store = store_target.open(upgrade=False)
    store.upgrade("0001")
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        for k, (sha, act) in enumerate([("a" * 64, "1"), ("b" * 64, "2")], start=1):
            doc = conn.execute(text(
                "INSERT INTO documents (doc_id, source_file, sha256, region, municipality, "
                "level, approved_number, period_start, period_end, status, error, warnings) "
                "VALUES (:doc, 'x.docx', :sha, 'Красноярский край', 'поселок Кедровый', "
                "'municipal', :act, 2022, 2024, 'imported', '', '') RETURNING id"),
                {"doc": f"old{k}", "sha": sha, "act": act}).scalar_one()
            conn.execute(text(
                "INSERT INTO activities (document_id, seq, table_id, section_no, section_title, "
                "activity, deadlines, months, recurrence, responsible, responsible_kinds, "
                "responsible_expanded) VALUES (:d, 1, 'plan', '1', 'Раздел', 'Дело', "
                "'[\"2022-01-01/..\"]', '[]', 'continuous', '[\"Отдел образования\"]', "
                "'[\"organization\"]', '[]')"), {"d": doc})
    store = store_target.open()
    assert store.revision() == head_revision()
    assert [r["doc_id"] for r in store.document_rows()] == ["old2"]        # newest version current
    assert [r["doc_id"] for r in store.document_rows(current_only=False)] == ["old1", "old2"]
    assert store.activity_rows()[0]["deadlines"] == "2022-01-01/.."
    assert count(store, DeadlineInterval, DeadlineInterval.end_date.is_(None)) == 2
    assert count(store, Party) == 1 and count(store, ActivityParty) == 2
    assert count(store, SectionRow) == 2
    store.load(make_doc("new"))                                           # and it takes new files
    assert store.has_sha(make_doc("new").sha256)


def test_downgrade_to_first_store_and_back(store_target):
    store = store_target.open()
    store.load(make_doc("kedrovy_2022"))
    store.downgrade("0001")
    assert store.revision() == "0001"
    store.upgrade()
    assert store.revision() == head_revision()
    assert store.activity_rows() == [activity_row(a) for a in make_doc("kedrovy_2022").activities]


# ----------------------------------------------------------------------------- loading

def test_rows_read_back_equal_the_records(store_target):
    store = store_target.open()
    recs = [make_doc("kedrovy_2022", n=5),
            make_doc("krasnoyarsk_region_2022", municipality="", level="regional", n=4)]
    for rec in recs:
        assert store.load(rec) == "imported"
    acts = store.activity_rows()
    assert acts == [activity_row(a) for rec in recs for a in rec.activities]
    assert list(acts[0]) == ACTIVITY_COLUMNS
    docs = store.document_rows()
    assert [{k: d[k] for k in DOCUMENT_COLUMNS} for d in docs] == [document_row(r) for r in recs]
    assert list(docs[0])[:len(DOCUMENT_COLUMNS)] == DOCUMENT_COLUMNS
    assert store.indicator_rows() == [indicator_row(i) for rec in recs for i in rec.indicators]
    assert acts[0]["activity"] == "Мероприятие 1\nвторая строка"
    assert acts[0]["expected_result"] == "=SUM(A1:A3)"


def test_normalized_tables(store_target):
    store = store_target.open()
    store.load(make_doc("a", n=6))
    store.load(make_doc("b", municipality="Андроповский муниципальный округ", n=6))
    with store.engine.connect() as conn:
        # intervals: one row per interval; the open end is NULL
        rows = conn.execute(select(ActivityRow.seq, DeadlineInterval.start_date, DeadlineInterval.end_date,
                                   DeadlineInterval.recurrence)
                            .join(DeadlineInterval).join(DocumentRow)
                            .where(DocumentRow.doc_id == "a").order_by(ActivityRow.seq)).all()
        assert rows == [(1, dt.date(2022, 5, 1), dt.date(2022, 6, 30), "once"),
                        (3, dt.date(2022, 1, 1), None, "continuous"),
                        (4, dt.date(2022, 5, 1), dt.date(2022, 6, 30), "once"),
                        (6, dt.date(2022, 1, 1), None, "continuous")]
        # parties shared across documents, with their kind; links keep order and expansion
        assert conn.scalar(select(func.count()).select_from(Party)) == len(PARTIES)
        kinds = dict(conn.execute(select(Party.name, Party.kind)).all())
        assert kinds["Иванова И.И."] == "person" and kinds["руководители МБОУ СОШ № 2"] == "role"
        links = conn.execute(select(Party.name, ActivityParty.expanded).join(Party)
                             .join(ActivityRow).join(DocumentRow)
                             .where(DocumentRow.doc_id == "a", ActivityRow.seq == 1)
                             .order_by(ActivityParty.position)).all()
        assert links == [("МКУ «АМЦСО»", "МКУ «Аналитический центр»"),
                         ("руководители МБОУ СОШ № 2", "руководители МБОУ СОШ № 2")]
        # which plans involve one party: the cross-plan question the tables are for
        docs = conn.execute(select(DocumentRow.doc_id).distinct().join(ActivityRow).join(ActivityParty)
                            .join(Party).where(Party.name == "Иванова И.И.")
                            .order_by(DocumentRow.doc_id)).scalars().all()
        assert docs == ["a", "b"]
        # sections: per document, activities point at theirs
        assert conn.scalar(select(func.count()).select_from(SectionRow)) == 6
        titled = conn.execute(select(ActivityRow.section_title, SectionRow.title)
                              .join(SectionRow, ActivityRow.section_id == SectionRow.id)).all()
        assert len(titled) == 12 and all(a == b for a, b in titled)
        # provenance
        prov = conn.execute(select(ActivityRow.source_page, ActivityRow.table_index, ActivityRow.row_index)
                            .where(ActivityRow.seq == 4)).first()
        assert prov == (None, 1, 5)


def test_same_file_twice_changes_nothing(store_target):
    store = store_target.open()
    rec = make_doc("kedrovy_2022")
    assert store.load(rec) == "imported"
    before = (store.counts(), store.document_rows(), store.activity_rows())
    assert store.has_sha(rec.sha256)
    assert store.load(rec) == "already imported"
    again = make_doc("kedrovy_2022")
    again.doc_id = again.source_file = "renamed"          # same bytes under another name
    assert store.load(again) == "already imported"
    assert (store.counts(), store.document_rows(), store.activity_rows()) == before


def test_new_file_for_same_plan_is_a_new_current_version(store_target):
    store = store_target.open()
    v1 = make_doc("kedrovy_2022", act=("2022-01-27", "13-п"), n=3)
    v2 = make_doc("kedrovy_2022_new", act=("2022-06-01", "77-п"), n=4)
    other = make_doc("lesnoy_2021", municipality="ЗАТО г. Лесной", period=(2021, 2023))
    for rec in (v1, other, v2):
        assert store.load(rec) == "imported"
    assert [d["doc_id"] for d in store.document_rows()] == ["lesnoy_2021", "kedrovy_2022_new"]
    assert {r["doc_id"] for r in store.activity_rows()} == {"lesnoy_2021", "kedrovy_2022_new"}
    old = [d for d in store.document_rows(current_only=False) if d["doc_id"] == "kedrovy_2022"]
    assert old and old[0]["version"] == 1 and old[0]["current"] == 0
    plans = {p["municipality"]: p for p in store.plan_versions()}
    kedr = plans["поселок Кедровый"]
    assert kedr["current_version"] == 2
    assert [(d["doc_id"], d["version"], d["is_current"]) for d in kedr["documents"]] == \
        [("kedrovy_2022", 1, False), ("kedrovy_2022_new", 2, True)]
    # the old version's records stay queryable
    assert len([r for r in store.activity_rows(current_only=False) if r["doc_id"] == "kedrovy_2022"]) == 3
    # same place, different period: another plan
    store.load(make_doc("kedrovy_2025", period=(2025, 2027), act=("2024-12-01", "5")))
    assert count(store, Plan) == 3


def test_plan_identity_folds_case_and_spaces(store_target):
    store = store_target.open()
    store.load(make_doc("x1", municipality="поселок  Кедровый", act=("2022-01-01", "1")))
    store.load(make_doc("x2", municipality="Поселок Кедровый", act=("2022-02-01", "2")))
    assert count(store, Plan) == 1
    assert [d["doc_id"] for d in store.document_rows()] == ["x2"]


def test_same_act_in_another_format_is_a_rendition_not_a_new_version(store_target):
    store = store_target.open()
    docx = make_doc("kedrovy_2022", fmt="docx")
    pdf = make_doc("kedrovy_2022-pdf", fmt="pdf")
    assert docx.sha256 != pdf.sha256
    store.load(docx)
    store.load(pdf)
    docs = store.document_rows()
    assert [(d["doc_id"], d["version"], d["current"]) for d in docs] == \
        [("kedrovy_2022", 1, 1), ("kedrovy_2022-pdf", 1, 1)]
    store.load(make_doc("kedrovy_2022_v2", act=("2023-03-01", "40-п")))
    assert [d["doc_id"] for d in store.document_rows()] == ["kedrovy_2022_v2"]


def test_every_file_a_version_when_renditions_not_grouped(store_target):
    store = store_target.open(group_renditions=False)
    store.load(make_doc("kedrovy_2022", fmt="docx"))
    store.load(make_doc("kedrovy_2022-pdf", fmt="pdf"))
    assert [(d["doc_id"], d["version"]) for d in store.document_rows()] == [("kedrovy_2022-pdf", 2)]


def test_older_act_received_late_is_kept_but_not_current(store_target):
    store = store_target.open()
    store.load(make_doc("new", act=("2023-05-01", "9")))
    store.load(make_doc("old", act=("2022-01-27", "13-п")))
    assert [d["doc_id"] for d in store.document_rows()] == ["new"]
    assert sorted(d["doc_id"] for d in store.document_rows(current_only=False)) == ["new", "old"]


def test_document_without_place_is_its_own_plan(store_target):
    store = store_target.open()
    store.load(make_doc("plan_a", municipality="", region="", act=("", "")))
    store.load(make_doc("plan_b", municipality="", region="", act=("", "")))
    assert [d["doc_id"] for d in store.document_rows()] == ["plan_a", "plan_b"]
    # the same doc_id again with other records: a new version of that file's plan
    store.load(make_doc("plan_a", municipality="", region="", act=("", ""), n=7, content="v2"))
    assert [(d["doc_id"], d["version"]) for d in store.document_rows()] == [("plan_b", 1), ("plan_a-2", 2)]  # doc_ids unique store-wide


def test_documents_without_a_title_are_their_own_plans(store_target):
    """Two untitled plans of one body and period (a programme on sport, one on runaways)
    had been filed as versions of one plan: the workbook showed only the later one."""
    store = store_target.open()
    store.load(make_doc("runaways", title="", act=("", ""), n=3))
    store.load(make_doc("sport", title="", act=("", ""), n=4, content="other"))
    assert [d["doc_id"] for d in store.document_rows()] == ["runaways", "sport"]
    assert count(store, Plan) == 2


def test_without_an_act_the_records_decide_rendition_or_version(store_target):
    store = store_target.open()
    store.load(make_doc("sayansky_2020", act=("", ""), fmt="docx", n=6))
    store.load(make_doc("sayansky_2020-pdf", act=("", ""), fmt="pdf", n=6))     # same records
    assert [(d["doc_id"], d["version"]) for d in store.document_rows()] == \
        [("sayansky_2020", 1), ("sayansky_2020-pdf", 1)]
    changed = make_doc("sayansky_2020_rev", act=("", ""), n=6)
    changed.activities[0].deadline_raw = "декабрь 2022"                          # one row of 6 differs
    store.load(changed)
    assert [(d["doc_id"], d["version"]) for d in store.document_rows()] == [("sayansky_2020_rev", 2)]


def test_failure_half_way_rolls_back_that_file_only(store_target):
    store = store_target.open()
    good = make_doc("good")
    assert store.load(good) == "imported"
    bad = make_doc("bad", n=4, act=("2023-01-01", "2-п"))
    bad.activities[2].months = object()            # fails after the document row and 2 activities
    with pytest.raises(TypeError):
        store.load(bad)
    assert not store.has_sha(bad.sha256)
    assert [d["doc_id"] for d in store.document_rows()] == ["good"]
    assert store.activity_rows() == [activity_row(a) for a in good.activities]
    assert count(store, ActivityRow) == len(good.activities)
    with store.engine.connect() as conn:
        failed = conn.execute(select(DocumentRow.doc_id, DocumentRow.status, DocumentRow.error)
                              .where(DocumentRow.status == "failed")).all()
    assert len(failed) == 1 and failed[0][0] == "bad" and "TypeError" in failed[0][2]
    # a database error half-way (NOT NULL violated) is rolled back the same way
    worse = make_doc("worse", n=3)
    worse.activities[1].seq = None
    with pytest.raises(Exception):
        store.load(worse)
    assert count(store, ActivityRow) == len(good.activities)
    # the same bytes once the parser is fixed: imported, the failure note replaced
    assert store.load(make_doc("bad", n=4, act=("2023-01-01", "2-п"))) == "imported"
    assert count(store, DocumentRow, DocumentRow.sha256 == bad.sha256) == 1
    # the next version of the plan (the failed attempts took no version number)
    assert [(d["doc_id"], d["version"]) for d in store.document_rows()] == [("bad", 2)]


def test_ingest_runs_record_counts_and_failures(store_target):
    store = store_target.open()
    run = store.begin_run(["data/raw"])
    assert store.load(make_doc("a"), run_id=run) == "imported"
    assert store.load(make_doc("a"), run_id=run) == "already imported"

    @dataclass
    class Outcome:
        file: str
        doc_id: str
        status: str
        records: int = 0
        indicators: int = 0
        error: str = ""

    store.finish_run(run, [Outcome("a.docx", "a", "imported", 5, 2),
                           Outcome("a2.docx", "a2", "already imported"),
                           Outcome("b.pdf", "b", "failed", error="no table found"),
                           Outcome("c.txt", "", "skipped", error="not a .docx or .pdf file")])
    (r,) = store.runs()
    assert r["status"] == "finished" and r["paths"] == ["data/raw"] and r["finished_at"]
    assert (r["files"], r["imported"], r["already_imported"], r["failed"], r["skipped"]) == (3, 1, 1, 1, 1)
    assert (r["activities"], r["indicators"]) == (5, 2)
    assert r["failures"] == [{"file": "b.pdf", "doc_id": "b", "status": "failed", "error": "no table found"}]
    with store.engine.connect() as conn:
        assert conn.scalar(select(DocumentRow.ingest_run_id)) == run


def test_database_url_selects_the_store(tmp_path, monkeypatch):
    from pipeline.store import default_url
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert default_url(str(tmp_path)) == f"sqlite:///{tmp_path}/roadmaps.db"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://u@h/db")
    assert default_url(str(tmp_path)) == "postgresql+psycopg2://u@h/db"


# ----------------------------------------------------------------------------- two importers

N_DOCS = 12


def concurrent_doc(i: int) -> DocumentRecord:
    """Doc i: plan i % 3 (versions), its own act, parties shared by all."""
    places = ["поселок Кедровый", "ЗАТО г. Лесной", "Саянский район"]
    return make_doc(f"doc{i:02d}", municipality=places[i % 3], act=("", f"{i}-п"), n=8)


def _importer(url, schema, indices, barrier, results):
    """Child process: open the store (schema creation races the other one), then load its
    files (the first ones racing the other process for the same files)."""
    try:
        barrier.wait(timeout=60)
        store = Store(url, schema=schema)
        barrier.wait(timeout=60)
        statuses = [(i, store.load(concurrent_doc(i))) for i in indices]
        store.close()
        results.put(("ok", statuses))
    except BaseException:
        results.put(("error", traceback.format_exc()))


def test_two_importers_at_once(store_target):
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    overlap = list(range(3, 9))                       # both load these, in the same order
    first = overlap + [0, 1, 2]
    second = overlap + list(range(9, N_DOCS))
    procs = [ctx.Process(target=_importer, args=(store_target.url, store_target.schema, part,
                                                 barrier, results)) for part in (first, second)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert [o[0] for o in outcomes] == ["ok", "ok"], [o[1] for o in outcomes if o[0] != "ok"]
    assert all(p.exitcode == 0 for p in procs)
    by_doc: dict[int, list[str]] = {}
    for _, statuses in outcomes:
        for i, status in statuses:
            by_doc.setdefault(i, []).append(status)
    for i, statuses in by_doc.items():
        assert statuses.count("imported") == 1, (i, statuses)
        assert set(statuses) <= {"imported", "already imported"}
    store = store_target.open()
    with store.engine.connect() as conn:
        shas = conn.execute(select(DocumentRow.sha256, func.count()).group_by(DocumentRow.sha256)).all()
        assert sorted(s for s, _ in shas) == sorted(concurrent_doc(i).sha256 for i in range(N_DOCS))
        assert all(n == 1 for _, n in shas)
        assert conn.scalar(select(func.count()).select_from(ActivityRow)) == 8 * N_DOCS
        assert conn.scalar(select(func.count()).select_from(Party)) == len(PARTIES)
        for plan in conn.execute(select(Plan)).all():
            versions = conn.execute(select(DocumentRow.version, DocumentRow.is_current)
                                    .where(DocumentRow.plan_id == plan.id)
                                    .order_by(DocumentRow.version)).all()
            assert [v for v, _ in versions] == list(range(1, len(versions) + 1)) == \
                list(range(1, plan.versions + 1))
            assert [c for _, c in versions] == [False] * (len(versions) - 1) + [True]
    assert len(store.document_rows()) == 3


# ----------------------------------------------------------------------------- export

def test_export_regenerates_the_ingest_csvs(tmp_path, store_target):
    from pipeline.cli import main
    store = store_target.open()
    recs = [make_doc("kedrovy_2022"), make_doc("lesnoy_2021", municipality="ЗАТО г. Лесной")]
    for rec in recs:
        store.load(rec)
    ingest_dir, export_dir = tmp_path / "ingest", tmp_path / "export"
    # what ingest writes: batch.write_outputs (the store's rows)
    export.write_csv(str(ingest_dir / export.ACTIVITIES), ACTIVITY_COLUMNS, store.activity_rows())
    export.write_csv(str(ingest_dir / export.DOCUMENTS), DOCUMENT_COLUMNS, store.document_rows())
    export.write_csv(str(ingest_dir / export.INDICATORS), INDICATOR_COLUMNS, store.indicator_rows())
    # ... which is what the records themselves say
    direct = tmp_path / "direct.csv"
    export.write_csv(str(direct), ACTIVITY_COLUMNS, [activity_row(a) for r in recs for a in r.activities])
    assert (ingest_dir / export.ACTIVITIES).read_bytes() == direct.read_bytes()

    url = store_target.url
    if store_target.schema:           # a PostgreSQL schema chosen in the URL itself
        url += f"?options=-csearch_path%3D{store_target.schema}"
    argv = ["export", "--out", str(export_dir), "--db", url]
    assert main(argv) == 0
    for name in (export.ACTIVITIES, export.DOCUMENTS, export.INDICATORS):
        assert (export_dir / name).read_bytes() == (ingest_dir / name).read_bytes(), name
    text_ = (export_dir / export.ACTIVITIES).read_text(encoding="utf-8")
    assert not text_.startswith("\ufeff") and "=SUM(A1:A3)" in text_ and "'=SUM" not in text_

    # Excel CSV: BOM, ';', formula starts escaped
    assert main(argv + ["--excel"]) == 0
    raw = (export_dir / "activities_excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [r["activity"] for r in rows][:1] == ["Мероприятие 1\nвторая строка"]
    cells = {v for r in rows for v in r.values()}
    assert "'=SUM(A1:A3)" in cells and "'-отчет" in cells and "'@справка" in cells
    assert not any(v[:1] in "=+-@" for v in cells if v)

    # XLSX: the analysts' workbook (tests/test_export_workbook.py), formula starts stored as text
    assert main(argv + ["--xlsx"]) == 0
    from openpyxl import load_workbook
    path = export_dir / "roadmaps.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == ["Activities", "Documents", "Indicators", "Check"]
    ws = wb["Activities"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["E"].width > 8
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    assert "=SUM(A1:A3)" in values and "-отчет" in values
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_export_all_versions_and_missing_store(tmp_path, sqlite_target, capsys):
    from pipeline.cli import main
    store = sqlite_target.open()
    store.load(make_doc("v1", act=("2022-01-01", "1")))
    store.load(make_doc("v2", act=("2023-01-01", "2")))
    out = tmp_path / "out"
    assert main(["export", "--out", str(out), "--db", sqlite_target.url, "--all-versions"]) == 0
    docs = list(csv.DictReader(open(out / "documents.csv", encoding="utf-8")))
    assert [(d["doc_id"], d["version"], d["current"]) for d in docs] == [("v1", "1", "0"), ("v2", "2", "1")]
    assert main(["export", "--out", str(tmp_path / "x"), "--db", f"sqlite:///{tmp_path}/none.db"]) == 2
    err = capsys.readouterr().err
    assert "none.db" in err and "roadmaps ingest" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


def test_a_person_printed_in_another_case_is_one_party(store_target):
    """«Зубареву Л.Ф.» in one plan and «Зубарева Л.Ф.» in another: one party row, stored
    under the normal form; the activity keeps the text as printed."""
    store = store_target.open()
    a1 = make_activity("k1", 1, responsible=["Зубареву Л.Ф."], responsible_kinds=["person"],
                       responsible_expanded=["Зубареву Л.Ф."], responsible_normal=["Зубарева Л.Ф."])
    a2 = make_activity("k2", 1, responsible=["Зубарева Л.Ф."], responsible_kinds=["person"],
                       responsible_expanded=["Зубарева Л.Ф."], responsible_normal=["Зубарева Л.Ф."])
    store.load(make_doc("k1", activities=[a1]))
    store.load(make_doc("k2", municipality="Саянский район", activities=[a2]))
    with store.engine.connect() as conn:
        names = conn.execute(select(Party.name, Party.kind)).all()
    assert names == [("Зубарева Л.Ф.", "person")]
    assert {r["responsible"] for r in store.activity_rows()} == {"Зубареву Л.Ф.", "Зубарева Л.Ф."}


@pytest.fixture(autouse=True, scope="module")
def _english_messages():
    """These tests read the English messages (LANG=en); the Russian ones: tests/test_i18n.py."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_LANG", "en")
        yield


def test_plans_of_an_older_store_are_rekeyed_with_their_subject(store_target):
    """A store before 0008 (plans keyed without their subject) upgraded: the next version of a
    plan it holds is still a version of that plan, not a second current plan."""
    store = store_target.open()
    store.load(make_doc("kedrovy_2022", act=("2022-01-27", "13-п")))
    store.downgrade("0007")           # the plan keyed as 0007 kept it (the load's columns
    store.upgrade()                   # are the code's, so it is loaded first)
    assert store.revision() == head_revision()
    store.load(make_doc("kedrovy_2022_new", act=("2022-06-01", "77-п")))
    assert [(d["doc_id"], d["version"]) for d in store.document_rows()] == [("kedrovy_2022_new", 2)]
    # another subject for the same place and period: a plan of its own
    store.load(make_doc("kedrovy_safety", act=("2022-02-01", "20-п"),
                        title="План мероприятий по обеспечению безопасности"))
    assert len(store.document_rows()) == 2
    store.downgrade("0007")
    assert store.revision() == "0007"
