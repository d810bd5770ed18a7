"""Every format a municipality sends, on real fixtures (tests/fixtures/, made from the corpus
by tests/fixtures/make_fixtures.py and committed):

- borderless PDFs (tables printed without ruling lines) → the same tables as the ruled PDFs
- scanned PDFs (no text layer) → OCR (Tesseract, `rus`) into rows; «scanned» without it
- a real PDF whose first page is a scan under a garbage text layer → OCR'd or reported
- .doc / .rtf / .odt → LibreOffice → DOCX extractor (skipped without LibreOffice)
- .xlsx → openpyxl into the same document model

Tests that need a system tool skip with the reason and the Debian package to install.
"""
import difflib
import os
import re
import shutil

import pytest

from extractors import SUPPORTED_SUFFIXES, ExtractionError, extract, sniff_format
from extractors.model import Table
from extractors.office import calc_installed
from helpers import DOC_IDS, ROOT, raw
from normalizers.text import fold
from pipeline.structure import structure

FIX = os.path.join(ROOT, "tests", "fixtures")
OFFICE_IDS = ["kedrovy_2022", "sayansky_2020", "andropovsky_2022"]
REAL_DOC = os.path.join(FIX, "realworld", "rybinsk_sport_school_plan_2019.doc")
REAL_PDF = os.path.join(FIX, "realworld", "rybinsk_sport_program_2017_2022.pdf")


def fixture(kind: str, name: str) -> str:
    return os.path.join(FIX, kind, name)


def norm(text: str) -> str:
    """Folded text; a dash at a line end and one in a line print alike."""
    return re.sub(r" ([–—-]) ", r" \1", fold(text))


def grid_texts(table: Table) -> list[list[str]]:
    return [[norm(c.text) if c else "" for c in row] for row in table.grid()]


def assert_same_tables(expected, got, what: str) -> None:
    assert [(t.n_rows, t.n_cols) for t in got.tables] == \
        [(t.n_rows, t.n_cols) for t in expected.tables], what
    for te, tg in zip(expected.tables, got.tables):
        ge, gg = grid_texts(te), grid_texts(tg)
        for r, (a, b) in enumerate(zip(ge, gg)):
            assert a == b, (what, te.index, r)


def ocr_ready() -> tuple[bool, str]:
    from extractors.ocr import available
    available.cache_clear()
    return available()


needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice not installed (apt-get install -y libreoffice-writer-nogui)")


def needs_ocr():
    ok, why = ocr_ready()
    if not ok:
        pytest.skip(f"OCR not available: {why}")


# ----------------------------------------------------------------------------- sniffing

@pytest.mark.parametrize("path, kind", [
    (raw("kedrovy_2022", "docx"), "docx"),
    (raw("kedrovy_2022", "pdf"), "pdf"),
    (fixture("office", "kedrovy_2022.doc"), "doc"),
    (fixture("office", "kedrovy_2022.rtf"), "rtf"),
    (fixture("office", "kedrovy_2022.odt"), "odt"),
    (fixture("xlsx", "kedrovy_2022.xlsx"), "xlsx"),
    (REAL_DOC, "doc"),
])
def test_format_is_sniffed_from_content(path, kind, tmp_path):
    assert sniff_format(path) == kind
    renamed = tmp_path / "plan.bin"            # the name does not matter
    shutil.copyfile(path, renamed)
    assert sniff_format(str(renamed)) == kind


def test_supported_suffixes_cover_the_new_formats():
    assert {".docx", ".pdf", ".doc", ".rtf", ".odt", ".xlsx"} <= SUPPORTED_SUFFIXES
    from pipeline.batch import collect_files
    files, skipped = collect_files([os.path.join(FIX, "office"), os.path.join(FIX, "xlsx")])
    assert len(files) == 3 * len(OFFICE_IDS) + len(DOC_IDS) and not skipped


# ----------------------------------------------------------------------------- borderless PDF

@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_borderless_pdf_gives_the_ruled_pdf_tables(doc_id):
    """The corpus printed without any ruling line: tables found by text alignment have the
    ruled PDF's shape (headers with spans, section rows, merges) and cell texts."""
    ruled, plain = extract(raw(doc_id, "pdf")), extract(fixture("borderless", f"{doc_id}.pdf"))
    assert_same_tables(ruled, plain, doc_id)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_borderless_pdf_gives_the_same_plan_rows(doc_id):
    rows = lambda doc: [(r.section_no, r.item_no, r.activity, r.year, r.responsible_raw)
                        for r in structure(doc).rows]
    assert rows(extract(fixture("borderless", f"{doc_id}.pdf"))) == rows(extract(raw(doc_id, "pdf")))


def test_borderless_vertical_merge_and_two_level_header():
    t = extract(fixture("borderless", "sayansky_2020.pdf")).tables[0]
    merged = [c for c in t.cells if c.rowspan > 1]
    assert {c.text for c in merged if c.col == 0} == {"2.1", "3.2"}
    k = extract(fixture("borderless", "kedrovy_2022.pdf")).tables[0]
    g = k.grid()
    assert g[0][0].text == "Мероприятие" and g[0][0].rowspan == 2
    assert g[0][1].colspan == 3 and [g[1][c].text for c in (1, 2, 3)] == ["2022", "2023", "2024"]


def test_text_alignment_runs_only_where_no_ruled_table_is_found(monkeypatch):
    import extractors.textgrid as textgrid
    calls = []
    real = textgrid.find_text_tables
    monkeypatch.setattr(textgrid, "find_text_tables",
                        lambda words, *knobs: calls.append(1) or real(words, *knobs))
    doc = extract(raw("kedrovy_2022", "pdf"))
    # kedrovy: page 1 is the decree (prose), the plan table is ruled on pages 2-9
    assert len(calls) == 1 and len(doc.tables) == 1


def test_prose_page_gives_no_text_table():
    doc = extract(fixture("borderless", "kedrovy_2022.pdf"))
    assert all(t.page >= 2 for t in doc.tables)
    assert any("Об утверждении дорожной карты" in p.text for p in doc.paragraphs if p.page == 1)


# ----------------------------------------------------------------------------- scanned PDF

def test_scanned_pdf_without_ocr_fails_clearly():
    with pytest.raises(ExtractionError, match=r"^scanned: no text layer"):
        extract(fixture("scanned", "sayansky_2020.pdf"), ocr="off")


def test_ocr_on_without_tesseract_is_a_clear_failure(monkeypatch):
    import extractors.ocr as ocr
    monkeypatch.setattr(ocr, "available", lambda: (False, "tesseract not installed"))
    with pytest.raises(ExtractionError, match="OCR requested but not available"):
        extract(fixture("scanned", "sayansky_2020.pdf"), ocr="on")
    with pytest.raises(ExtractionError, match=r"scanned: no text layer \(OCR not available"):
        extract(fixture("scanned", "sayansky_2020.pdf"), ocr="auto")


def test_ocr_mode_from_environment(monkeypatch):
    """$ROADMAPS_OCR is read once at the edge into ParseSettings, then passed down."""
    from pipeline.parse import ParseSettings, parse
    monkeypatch.setenv("ROADMAPS_OCR", "off")
    settings = ParseSettings.from_environment()
    assert settings.ocr == "off"
    with pytest.raises(ExtractionError, match="OCR is off"):
        parse(fixture("scanned", "sayansky_2020.pdf"), settings)
    assert ParseSettings.from_environment("auto").ocr == "auto"     # --ocr wins
    monkeypatch.setenv("ROADMAPS_OCR", "sometimes")
    with pytest.raises(ExtractionError, match="unknown OCR mode"):
        parse(fixture("scanned", "sayansky_2020.pdf"), ParseSettings.from_environment())


def _activity_recall(expected_rows, got_rows) -> float:
    """Share of expected activities with an OCR'd activity at the scorer's 0.85 similarity."""
    key = lambda t: re.sub(r"[^\w]+", " ", fold(t).lower()).strip()
    got = [key(r.activity) for r in got_rows]
    used, hit = set(), 0
    for r in expected_rows:
        a = key(r.activity)
        best = max(((difflib.SequenceMatcher(None, a, g, autojunk=False).ratio(), k)
                    for k, g in enumerate(got) if k not in used), default=(0, None))
        if best[0] >= 0.85:
            used.add(best[1])
            hit += 1
    return hit / max(len(expected_rows), 1)


def test_scanned_pdf_is_read_by_ocr_into_rows():
    needs_ocr()
    doc = extract(fixture("scanned", "sayansky_2020.pdf"))
    assert any("OCR" in w for w in doc.warnings)
    ruled = extract(raw("sayansky_2020", "pdf"))
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == [(t.n_rows, t.n_cols) for t in ruled.tables]
    expected, got = structure(ruled).rows, structure(doc).rows
    assert len(got) >= 0.9 * len(expected)
    assert _activity_recall(expected, got) >= 0.85
    assert {r.item_no for r in got} >= {"1.1", "2.1", "3.2"}


def test_mixed_pdf_scanned_first_page_reported_without_ocr():
    doc = extract(REAL_PDF, ocr="off")
    assert doc.warnings and "page(s) 1 " in doc.warnings[0] and "skipped" in doc.warnings[0]
    assert not [p for p in doc.paragraphs if p.page == 1], "the garbage text layer is dropped"
    assert doc.tables and all(t.page >= 2 for t in doc.tables)
    assert any("Ведомственная целевая программа" in p.text for p in doc.paragraphs)


def test_mixed_pdf_scanned_first_page_is_ocred():
    needs_ocr()
    doc = extract(REAL_PDF)
    assert any("OCR" in w for w in doc.warnings)
    page1 = " ".join(p.text for p in doc.paragraphs if p.page == 1)
    assert re.search(r"ПОСТАНОВЛЕНИЕ|Рыбинского", page1), page1[:300]
    assert len(doc.tables) >= 2


# ----------------------------------------------------------------------------- office formats

@needs_soffice
@pytest.mark.parametrize("ext", ["doc", "rtf", "odt"])
@pytest.mark.parametrize("doc_id", OFFICE_IDS)
def test_office_formats_through_libreoffice_give_the_docx_tables(doc_id, ext):
    got = extract(fixture("office", f"{doc_id}.{ext}"))
    assert got.format == ext and got.path.endswith(f".{ext}")
    assert_same_tables(extract(raw(doc_id, "docx")), got, f"{doc_id}.{ext}")


@needs_soffice
def test_real_word97_doc_gives_plan_rows():
    doc = extract(REAL_DOC)
    rows = structure(doc).rows
    assert len(rows) >= 10
    assert rows[0].deadline_text.strip() == "в течение года"


def test_office_formats_without_libreoffice_fail_with_the_reason(monkeypatch):
    monkeypatch.setenv("ROADMAPS_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ExtractionError, match=r"needs LibreOffice.*libreoffice-writer"):
        extract(REAL_DOC)
    with pytest.raises(ExtractionError, match="needs LibreOffice"):
        extract(fixture("office", "kedrovy_2022.rtf"))


@needs_soffice
def test_libreoffice_time_limit():
    from dataclasses import replace

    from extractors.settings import defaults
    hasty = replace(defaults(), office=replace(defaults().office, timeout=0.01))
    with pytest.raises(ExtractionError, match="timed out"):
        extract(fixture("office", "kedrovy_2022.odt"), settings=hasty)


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_libreoffice_dies_with_the_worker_that_started_it(tmp_path, monkeypatch):
    """A batch worker killed for its time limit must not leave LibreOffice running: it is
    started in a session of its own, so only the parent-death signal stops it."""
    import signal
    import subprocess
    import sys
    import time
    pid_file = tmp_path / "soffice.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("ROADMAPS_SOFFICE", str(fake))
    code = ("import sys; sys.path.insert(0, %r); from extractors.office import convert; "
            "convert(%r, 'docx', 'doc')" % (str(ROOT), REAL_DOC))
    worker = subprocess.Popen([sys.executable, "-c", code])
    try:
        for _ in range(200):
            if pid_file.exists() and pid_file.read_text().strip():
                break
            time.sleep(0.05)
        soffice = int(pid_file.read_text())
        assert _alive(soffice)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    for _ in range(100):
        if not _alive(soffice):
            break
        time.sleep(0.05)
    assert not _alive(soffice), "LibreOffice outlived the worker that started it"


# ----------------------------------------------------------------------------- xlsx

@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_xlsx_gives_the_docx_tables_and_paragraphs(doc_id):
    got, want = extract(fixture("xlsx", f"{doc_id}.xlsx")), extract(raw(doc_id, "docx"))
    assert got.format == "xlsx"
    assert_same_tables(want, got, doc_id)
    assert [norm(p.text) for p in got.paragraphs] == [norm(p.text) for p in want.paragraphs]
    assert [t.number for t in got.tables] == list(range(1, len(got.tables) + 1))


def test_xlsx_cell_values_read_as_printed():
    import datetime as dt
    from extractors.xlsx import cell_text
    assert cell_text(2022.0) == "2022"
    assert cell_text(0.5) == "0,5"
    assert cell_text(dt.datetime(2022, 1, 14)) == "14.01.2022"
    assert cell_text("a\r\nb") == "a\nb"
    assert cell_text(None) == ""


def test_xlsx_merges_hidden_rows_and_spacer_rows(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "План мероприятий"
    for col, head in enumerate(["№", "Мероприятие", "Срок", "Ответственный"], start=1):
        ws.cell(row=3, column=col, value=head).font = Font(bold=True)
    ws.append([1, "Первое", "март 2023", "Отдел"])
    ws.append([None, "Скрытое", "", ""])
    ws.row_dimensions[5].hidden = True
    ws.append([])
    ws.append([2, "Второе после пустой строки", "апрель 2023", "Отдел"])
    ws.merge_cells("C7:D7")
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    doc = extract(str(path))
    assert [p.text for p in doc.paragraphs] == ["План мероприятий"]
    assert len(doc.tables) == 1, "a blank spacer row does not split a table"
    t = doc.tables[0]
    texts = [[c.text if c else "" for c in row] for row in t.grid()]
    assert texts[0] == ["№", "Мероприятие", "Срок", "Ответственный"]
    assert ["1", "Первое", "март 2023", "Отдел"] in texts
    assert not any("Скрытое" in x for row in texts for x in row)
    last = t.grid()[-1]
    assert last[2] is last[3] and last[2].colspan == 2


def test_spreadsheet_with_writer_only_names_the_missing_package(monkeypatch, tmp_path):
    import extractors.office as office
    program = tmp_path / "program"
    program.mkdir()
    (program / "libswlo.so").write_bytes(b"")        # Writer's library, no Calc's
    exe = program / "soffice"
    exe.write_text("#!/bin/sh\nexit 1\n")
    exe.chmod(0o755)
    monkeypatch.setenv("ROADMAPS_SOFFICE", str(exe))
    assert not office.calc_installed()
    with pytest.raises(ExtractionError, match=r"needs LibreOffice Calc.*libreoffice-calc-nogui"):
        office.extract_spreadsheet(str(exe), "xls")
    (program / "libsclo.so").write_bytes(b"")
    assert office.calc_installed()


@needs_soffice
@pytest.mark.skipif(not calc_installed(), reason="LibreOffice Calc not installed "
                    "(apt-get install -y libreoffice-calc-nogui)")
@pytest.mark.parametrize("ext, kind", [("xls", "xls"), ("ods", "ods")])
def test_legacy_spreadsheets_through_libreoffice(tmp_path, ext, kind):
    """.xls / .ods are made here from the .xlsx fixture (LibreOffice is there anyway)."""
    from extractors.office import convert
    data = convert(fixture("xlsx", "kedrovy_2022.xlsx"), ext, "xlsx")
    path = tmp_path / f"kedrovy_2022.{ext}"
    path.write_bytes(data)
    assert sniff_format(str(path)) == kind
    got = extract(str(path))
    assert got.format == kind
    assert_same_tables(extract(raw("kedrovy_2022", "docx")), got, ext)


@needs_soffice
def test_html_saved_as_doc_goes_through_libreoffice(tmp_path):
    path = tmp_path / "plan.doc"
    path.write_text("<html><body><p>План</p><table border=1><tr><td>Мероприятие</td>"
                    "<td>Срок</td></tr><tr><td>Совещание</td><td>март 2023</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    doc = extract(str(path))
    assert [[c.text for c in row] for row in doc.tables[0].grid()] == \
        [["Мероприятие", "Срок"], ["Совещание", "март 2023"]]


@pytest.fixture(autouse=True, scope="module")
def _english_messages():
    """These tests read the English messages (LANG=en); the Russian ones: tests/test_i18n.py."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_LANG", "en")
        yield


def test_borderless_table_whose_rows_print_apart_is_one_table():
    """A table without ruling lines in Word's default style (space after each paragraph):
    its rows print further apart than a blank line, so each row was a block of its own and
    no table was found (0 records). Blocks whose column starts line up are one table.
    (tests/fixtures/borderless/spaced_rows_plan.pdf: python-docx's default template, printed
    by LibreOffice.)"""
    from pipeline.structure import structure
    rows = structure(extract(os.path.join(ROOT, "tests", "fixtures", "borderless",
                                          "spaced_rows_plan.pdf"))).rows
    assert [(r.item_no, r.activity, r.deadline_text, r.responsible_raw) for r in rows] == [
        ("1", "Семинар для классных руководителей по профилактике", "март 2024", "Методист"),
        ("2", "Педагогический совет", "август 2024", "Директор школы"),
        ("3", "Родительское собрание по итогам года", "май 2024", "Классные руководители")]
