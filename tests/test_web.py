"""The web workbench over HTTP (Starlette's test client), on SQLite and PostgreSQL: every
page, filters, a record's source, corrections that reach the CSVs and survive a new version,
sign-in, roles, CSRF, escaping and bad uploads."""
from __future__ import annotations

import copy
import csv
import io
import re
import zipfile

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from helpers import raw  # noqa: E402

_parsed: dict = {}


def parsed(ext: str):
    """sayansky_2020 read once per session (DOCX: 28 records, one deadline not understood)."""
    if ext not in _parsed:
        from pipeline.batch import parse_file
        _parsed[ext] = parse_file(raw("sayansky_2020", ext), "sayansky_2020" + ("" if ext == "docx" else "-pdf"))
    return _parsed[ext]


@pytest.fixture
def loaded(store_target, tmp_path):
    store = store_target.open()
    store.versioning = store_target.open(group_renditions=False)
    for ext in ("docx", "pdf"):
        store.load(parsed(ext))
    return store


def client(store, tmp_path, **kw) -> TestClient:
    from pipeline.web import create_app
    return TestClient(create_app(store=store, out_dir=str(tmp_path / "out"), secret="t" * 32, **kw))


def csrf(c: TestClient, url: str = "/documents") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"|"X-CSRF-Token": "([^"]+)"',
                     c.get(url).text).group(0).split('"')[-2]


def doc_pk(store, fmt: str) -> int:
    return next(d["id"] for d in _docs(store) if d["format"] == fmt)


def _docs(store):
    from pipeline.web import queries
    return queries.documents(store, {})


def record_pk(store, fmt: str, seq: int) -> int:
    from pipeline.web import queries
    return next(r["id"] for r in queries.document_records(store, doc_pk(store, fmt)) if r["seq"] == seq)


def test_pages_list_filter_and_show_sources(loaded, tmp_path):
    c = client(loaded, tmp_path)
    page = c.get("/documents").text
    assert "sayansky_2020" in page and "sayansky_2020-pdf" in page
    assert c.get("/records").text.count('class="rec"') == 50           # paged: 56 records
    body = c.get("/records?page=2").text
    assert body.count('class="rec"') == 6
    hits = c.get("/records", params={"q": "МОНИТОРИНГ развития"}).text  # Cyrillic, any case
    assert 0 < hits.count('class="rec"') < 10 and "Мониторинг развития" in hits
    flagged = c.get("/records?check=1").text
    assert "2021-2020" in flagged and flagged.count('class="rec"') == 2  # both renditions
    assert c.get("/records?date_from=2030-01-01").text.count('class="rec"') == 0
    partial = c.get("/records?page=2", headers={"HX-Request": "true", "HX-Target": "records"}).text
    assert partial.startswith('<div id="records">')
    queue = c.get(f"/documents/{doc_pk(loaded, 'docx')}/queue").text
    assert "reversed year range" in queue or "2021-2020" in queue
    # the PDF record: its page image with the cells outlined
    pdf_rec = c.get(f"/records/{record_pk(loaded, 'pdf', 3)}").text
    assert pdf_rec.count('class="box"') >= 3
    png = re.search(r'/records/\d+/page/\d+\.png', pdf_rec).group(0)
    r = c.get(png)
    assert r.status_code == 200 and r.content[:4] == b"\x89PNG"
    # the DOCX record: its table as HTML, its row marked
    docx_rec = c.get(f"/records/{record_pk(loaded, 'docx', 3)}").text
    marked = re.search(r'<tr class="mark">(.*?)</tr>', docx_rec, re.S).group(1)
    assert parsed("docx").activities[2].activity[:30] in " ".join(marked.split())
    for url in ("/records/999999", "/documents/999999", "/nope", "/download/secret.csv",
                "/records/999999/page/1.png"):
        assert c.get(url).status_code == 404
    assert c.get("/", follow_redirects=False).headers["location"] == "/documents"
    assert "activities_excel.csv" in c.get("/downloads").text
    excel = c.get("/download/activities_excel.csv").content
    assert excel.startswith(b"\xef\xbb\xbf") and b";" in excel.splitlines()[0]
    assert c.get("/download/documents.csv").text.count("sayansky_2020") >= 2
    assert c.get("/download/indicators.csv").status_code == 200


def test_correction_reaches_exports_history_and_new_version(loaded, tmp_path):
    from pipeline.store import record_history
    c = client(loaded, tmp_path)
    token = csrf(c)
    pk, other = record_pk(loaded, "docx", 9), record_pk(loaded, "docx", 4)
    assert c.post(f"/records/{pk}/edit", data={"deadline_raw": "2020-2021 гг."}).status_code == 403
    r = c.post(f"/records/{pk}/edit", data={"csrf_token": token, "deadline_raw": "2020-2021 гг."},
               follow_redirects=False)
    assert r.status_code == 303
    c.post(f"/records/{other}/edit", data={"csrf_token": token, "activity": "Другой текст"})
    row = next(x for x in loaded.activity_rows() if x["doc_id"] == "sayansky_2020" and x["seq"] == 9)
    assert row["deadline_raw"] == "2020-2021 гг." and row["deadlines"].startswith("2020-01-01/")
    text = c.get("/download/activities.csv").content.decode("utf-8")
    assert "2020-2021 гг." in text
    rows = list(csv.DictReader(io.StringIO(c.get(f"/documents/{doc_pk(loaded, 'docx')}/records.csv")
                                           .content.decode())))
    assert next(x for x in rows if x["seq"] == "9")["deadline_raw"] == "2020-2021 гг."
    assert c.get("/download/roadmaps.xlsx").content[:2] == b"PK"
    assert [h["field"] for h in record_history(loaded, pk)] == ["deadline_raw", "deadlines", "months"] \
        or "deadline_raw" in [h["field"] for h in record_history(loaded, pk)]
    page = c.get(f"/records/{pk}").text
    assert "2021-2020" in page and "2020-2021 гг." in page          # history: was and now
    assert not row["deadline_warning"] and 'class="tag"' not in page.split("<h2>")[0]
    # «not an activity»: out of the outputs
    c.post(f"/records/{record_pk(loaded, 'docx', 1)}/edit",
           data={"csrf_token": token, "exclude": ["0", "1"]})
    seqs = [x["seq"] for x in loaded.activity_rows() if x["doc_id"] == "sayansky_2020"]
    assert 1 not in seqs and len(seqs) == 27
    # a new version: record 9 is still there (kept), record 4's text changed (listed as unplaced)
    new = copy.deepcopy(parsed("docx"))
    new.sha256 = "f" * 64
    new.activities[3].activity = "Совсем другое мероприятие"
    loaded.versioning.load(new)           # doc_ids are unique in the store: the new version's
    rows = [x for x in loaded.activity_rows() if x["doc_id"] == "sayansky_2020-2"]   # own
    assert len(rows) == 27 and next(x for x in rows if x["seq"] == 9)["deadline_raw"] == "2020-2021 гг."
    new_pk = max(d["id"] for d in _docs(loaded) if d["doc_id"] == "sayansky_2020-2")
    page = c.get(f"/documents/{new_pk}").text
    assert 'id="unplaced"' in page and "Другой текст" in page


def test_add_record_and_escaping(sqlite_target, tmp_path):
    store = sqlite_target.open()
    store.load(parsed("docx"))
    c = client(store, tmp_path)
    pk = doc_pk(store, "docx")
    r = c.post(f"/documents/{pk}/add", data={"csrf_token": csrf(c), "activity": "<script>alert(1)</script>",
                                             "deadline_raw": "до 1 марта 2021 г.", "responsible": "Школа"})
    assert r.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "<script>alert(1)" not in r.text
    added = [x for x in store.activity_rows() if x["activity"].startswith("<script>")]
    assert added and added[0]["seq"] == 29 and added[0]["deadlines"].endswith("/2021-03-01")
    from pipeline import cli                 # `roadmaps export` reads the corrected store too
    assert cli.main(["export", "--out", str(tmp_path / "exp"), "--db", sqlite_target.url]) == 0
    exported = (tmp_path / "exp" / "activities.csv").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in exported and len(exported.splitlines()) == 30


def test_sign_in_roles_and_csrf(sqlite_target, tmp_path, monkeypatch):
    from pipeline.web import auth
    monkeypatch.setenv("ROADMAPS_BCRYPT_ROUNDS", "4")
    store = sqlite_target.open()
    store.load(parsed("docx"))
    auth.add_user(store, "anna", "секрет-1", "analyst")
    auth.add_user(store, "victor", "пароль-2", "viewer")
    c = client(store, tmp_path, require_login=True)
    r = c.get("/records", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    token = csrf(c, "/login")
    assert c.post("/login", data={"csrf_token": token, "name": "victor", "password": "x"}).status_code == 401
    assert c.post("/login", data={"name": "victor", "password": "пароль-2"}).status_code == 403
    r = c.post("/login", data={"csrf_token": token, "name": "victor", "password": "пароль-2",
                               "next": "/records"})
    assert r.status_code == 200 and 'class="rec"' in r.text and 'id="edit"' not in r.text
    pk = record_pk(store, "docx", 2)
    assert 'id="edit"' not in c.get(f"/records/{pk}").text
    token = csrf(c)
    assert c.post(f"/records/{pk}/edit", data={"csrf_token": token, "activity": "x"}).status_code == 403
    assert c.get("/upload").status_code == 403
    c.post("/logout", data={"csrf_token": token})
    token = csrf(c, "/login")
    c.post("/login", data={"csrf_token": token, "name": "anna", "password": "секрет-1"})
    assert 'id="edit"' in c.get(f"/records/{pk}").text
    with pytest.raises(ValueError):
        auth.add_user(store, "x", "p", "admin")


def test_bad_uploads_are_refused_with_a_reason(sqlite_target, tmp_path, monkeypatch):
    from pipeline.web import upload
    store = sqlite_target.open()
    c = client(store, tmp_path)
    token = csrf(c)
    r = c.post("/upload", data={"csrf_token": token})
    assert r.status_code == 400 and 'id="error"' in r.text
    assert c.post("/upload", files={"files": ("a.docx", b"x")}).status_code == 403   # no token
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.docx", b"\0" * 5_000_000)
    r = c.post("/upload", data={"csrf_token": token}, files={"files": ("plans.zip", bomb.getvalue())})
    assert "expands too much" in r.text or "распаков" in r.text.lower()
    r = c.post("/upload", data={"csrf_token": token}, files={"files": ("bad.zip", b"not a zip")})
    assert "bad.zip" in r.text
    monkeypatch.setitem(upload.LIMITS, "file_mb", 0)
    r = c.post("/upload", data={"csrf_token": token}, files={"files": ("a.docx", b"12345")})
    assert "a.docx" in r.text and r.status_code in (200, 303)
    assert c.get("/upload/nojob").status_code == 404


def test_check_reasons():
    from pipeline.review import check_reasons
    assert check_reasons({"deadline_warning": "", "responsible_raw": "Школа", "responsible": "Школа"}) == []
    reasons = check_reasons({"deadline_warning": "reversed year range", "responsible_raw": "Школа",
                             "responsible": [], "confidence": 0.3, "check_reasons": ["column role from content"]})
    assert len(reasons) == 4 and reasons[-1] == "column role from content"


def test_comparison_page_links_open_records_and_files_download(sqlite_target, tmp_path):
    from pipeline.batch import parse_file
    store = sqlite_target.open()
    store.load(parsed("docx"))               # a municipal plan against the regional one (two
    store.load(parse_file(raw("krasnoyarsk_region_2022", "docx"), "krasnoyarsk_region_2022"))
    c = client(store, tmp_path)              # renditions of one plan are one plan: no pair)
    assert 'name="regional"' in c.get("/compare").text
    r = c.post("/compare", data={"csrf_token": csrf(c), "regional": "krasnoyarsk_region_2022",
                                 "municipal": "sayansky_2020"})
    assert r.status_code == 200 and 'id="summary"' in r.text
    links = re.findall(r'/records/by-seq\?doc=[^"]+', r.text)
    assert links
    target = c.get(links[0].replace("&amp;", "&"), follow_redirects=False)
    assert target.status_code == 303 and target.headers["location"].startswith("/records/")
    pair = re.search(r'href="(/compare/link\?[^"]+)"', r.text).group(1).replace("&amp;", "&")
    assert c.get(pair).text.count('class="pair"') == 2
    run = re.search(r"/compare/([0-9a-f]+)/coverage\.csv", r.text).group(1)
    assert "regional_activity" in c.get(f"/compare/{run}/coverage.csv").text
    assert c.get(f"/compare/{run}/report.html?inline=1").headers["content-type"].startswith("text/html")
    assert c.get(f"/compare/{run}/secret.txt").status_code == 404
    bad = c.post("/compare", data={"csrf_token": csrf(c), "regional": "no-such-plan"})
    assert 'id="error"' in bad.text


def test_users_add_command(tmp_path, monkeypatch, capsys):
    from pipeline import cli
    from pipeline.store import Store, get_user
    from pipeline.web.auth import check_password
    monkeypatch.setenv("ROADMAPS_BCRYPT_ROUNDS", "4")
    url = f"sqlite:///{tmp_path}/s.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("пароль-1\n"))
    assert cli.main(["users", "add", "ольга", "--role", "analyst", "--db", url]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert cli.main(["users", "add", "пётр", "--db", url]) == 2          # empty password
    store = Store(url)
    user = get_user(store, "ольга")
    store.close()
    assert user["role"] == "analyst" and check_password("пароль-1", user["hash"])
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.login) == ("127.0.0.1", 8000, False)


def test_zip_upload_is_expanded_safely(tmp_path):
    from pipeline.web.upload import expand_zip
    data = open(raw("sayansky_2020", "docx"), "rb").read()
    path = tmp_path / "plans.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../evil/План района.docx", data)
        z.writestr("папка/второй.docx", data)
        z.writestr("папка/", b"")
    out = tmp_path / "out"
    out.mkdir()
    saved = expand_zip(str(path), str(out))
    assert sorted(name for _, name in saved) == ["План района.docx", "второй.docx"]
    assert all(p.startswith(str(out)) for p, _ in saved)
    assert not (tmp_path / "evil").exists()


def test_document_fields_corrected_in_the_web(sqlite_target, tmp_path, monkeypatch):
    """Issue 18: an analyst corrects a document's municipality and period on its page; the
    correction goes to overrides.yaml and reaches document_rows() and documents.csv; a viewer
    and a form without the token are refused."""
    import yaml
    from pipeline.web import auth
    path = tmp_path / "overrides.yaml"
    path.write_text("# Исправления сведений о планах.\n#\n# kedrovy_2022:\n#   регион: Красноярский край\n",
                    encoding="utf-8")
    monkeypatch.setenv("ROADMAPS_OVERRIDES", str(path))
    monkeypatch.setenv("ROADMAPS_BCRYPT_ROUNDS", "4")
    store = sqlite_target.open()
    store.load(parsed("docx"))
    read = next(d for d in store.document_rows() if d["doc_id"] == "sayansky_2020")
    assert not read.get("overridden")
    pk = doc_pk(store, "docx")
    c = client(store, tmp_path)
    page = c.get(f"/documents/{pk}").text
    assert 'id="docfields"' in page and 'class="fixed"' not in page.split("<h2>")[0]
    token = csrf(c, f"/documents/{pk}")
    fix = {"municipality": "Саянский муниципальный округ", "period_start": "2021", "period_end": "2025"}
    assert c.post(f"/documents/{pk}/fields", data=fix).status_code == 403                 # no token
    form = {"csrf_token": token, "region": read["region"], "level": read["level"],
            "title": read["title"], **fix}                                                # as the form sends
    r = c.post(f"/documents/{pk}/fields", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/documents/{pk}")
    row = next(d for d in store.document_rows() if d["doc_id"] == "sayansky_2020")
    assert (row["municipality"], row["period_start"], row["period_end"]) == \
        ("Саянский муниципальный округ", 2021, 2025)
    assert row["region"] == read["region"] and row["title"] == read["title"]
    assert set(row["overridden"].split(", ")) == {"municipality", "period_start", "period_end"}
    docs = list(csv.DictReader(io.StringIO(c.get("/download/documents.csv").content.decode("utf-8"))))
    got = next(d for d in docs if d["doc_id"] == "sayansky_2020")
    assert (got["municipality"], got["period_start"], got["period_end"]) == \
        ("Саянский муниципальный округ", "2021", "2025")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Исправления сведений о планах.")
    assert yaml.safe_load(text) == {"sayansky_2020": {"municipality": "Саянский муниципальный округ",
                                                      "period_start": 2021, "period_end": 2025}}
    page = c.get(f"/documents/{pk}").text                 # the corrected value and what was read
    info = re.search(r'<table[^>]*id="docinfo".*?</table>', page, re.S).group(0)
    assert "Саянский муниципальный округ" in info and info.count('class="fixed"') == 2
    assert f"{read['period_start']}–{read['period_end']}" in info
    # an emptied field returns to what was read; a period that is not a year is refused
    c.post(f"/documents/{pk}/fields", data={"csrf_token": token, "period_end": ""})
    row = next(d for d in store.document_rows() if d["doc_id"] == "sayansky_2020")
    assert row["period_end"] == read["period_end"] and row["period_start"] == 2021
    assert c.post(f"/documents/{pk}/fields", data={"csrf_token": token, "period_start": "20x1"}).status_code == 400
    assert c.post(f"/documents/{pk}/fields",
                  data={"csrf_token": token, "period_start": "2030", "period_end": "2025"}).status_code == 400
    # a viewer sees the values, not the form, and cannot post
    auth.add_user(store, "victor", "пароль-2", "viewer")
    v = client(store, tmp_path, require_login=True)
    v.post("/login", data={"csrf_token": csrf(v, "/login"), "name": "victor", "password": "пароль-2"})
    page = v.get(f"/documents/{pk}").text
    assert 'id="docfields"' not in page and "Саянский муниципальный округ" in page
    r = v.post(f"/documents/{pk}/fields", data={"csrf_token": csrf(v), "municipality": "Другой"})
    assert r.status_code == 403
    assert "Другой" not in path.read_text(encoding="utf-8")
