"""The analysts' workbook roadmaps.xlsx (pipeline.export.workbook) and the outputs around it:
read back with openpyxl after a real ingest of corpus plans (a DOCX and the PDF of the same
plan, a plan with target indicators, a broken file): Russian sheets and headers, typed
cells, one set of rows per plan, the check sheet and its links, formula-safe text."""
from __future__ import annotations

import csv
import datetime as dt
import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from helpers import raw
from pipeline import export
from pipeline.cli import main
from pipeline.export.view import View
from pipeline.export.workbook import EXCEL_CELL_LIMIT, deadline_span, several_activities, write_workbook


@pytest.fixture(autouse=True)
def _russian(monkeypatch):
    monkeypatch.setenv("ROADMAPS_LANG", "ru")
    monkeypatch.setenv("ROADMAPS_OVERRIDES", "/nonexistent/overrides.yaml")
    monkeypatch.setenv("ROADMAPS_OCR", "off")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """sayansky_2020 as DOCX and PDF (one plan, two renditions), andropovsky_2022 (target
    indicators, «28%»), and a file that is not a PDF, ingested by the CLI in Russian."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_LANG", "ru")
        mp.setenv("ROADMAPS_OVERRIDES", "/nonexistent/overrides.yaml")
        mp.setenv("ROADMAPS_OCR", "off")
        src = tmp_path_factory.mktemp("in")
        for doc_id, ext in (("sayansky_2020", "docx"), ("sayansky_2020", "pdf"),
                            ("andropovsky_2022", "docx")):
            shutil.copy(raw(doc_id, ext), src)
        (src / "broken.pdf").write_bytes(b"this is not a PDF at all")
        out = tmp_path_factory.mktemp("out")
        assert main(["ingest", str(src), "--out", str(out), "--db", f"sqlite:///{out}/s.db",
                     "--workers", "1", "--quiet"]) == 1   # one file failed
        yield out


def rows_of(ws, first=2):
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def test_sheets_headers_and_layout(ingested):
    wb = load_workbook(ingested / "roadmaps.xlsx")
    assert wb.sheetnames == ["Мероприятия", "Документы", "Показатели", "Проверка"]
    ws = wb["Мероприятия"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Муниципалитет", "План", "Раздел", "№", "Мероприятие", "Срок (как в документе)"]
    assert {"С", "По", "Периодичность", "Ответственные", "Ожидаемый результат", "Форма отчёта"} <= set(header)
    assert len(header) <= 15 and not any("sha" in (h or "").lower() for h in header)
    for sheet in wb:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
    # wrapped rows are as tall as their text: a long activity gets more than one line
    long_rows = [r for r in range(2, ws.max_row + 1) if len(str(ws.cell(r, 5).value or "")) > 150]
    assert long_rows and all(ws.row_dimensions[r].height > 30 for r in long_rows)
    assert all(ws.cell(r, 5).alignment.wrap_text for r in long_rows)


def test_one_plan_one_set_of_rows(ingested):
    with open(ingested / "activities.csv", encoding="utf-8") as fh:
        ids = {r["doc_id"] for r in csv.DictReader(fh)}
    assert ids == {"sayansky_2020", "andropovsky_2022"}          # the PDF rendition left out
    with open(ingested / "ingest_report.csv", encoding="utf-8") as fh:
        report = {r["doc_id"]: r for r in csv.DictReader(fh)}
    assert report["sayansky_2020-pdf"]["status"] == "imported"     # but it was read and stored
    ws = load_workbook(ingested / "roadmaps.xlsx")["Мероприятия"]
    per_doc = {}
    for r in rows_of(ws):
        per_doc[r[-1]] = per_doc.get(r[-1], 0) + 1
    assert per_doc == {"sayansky_2020": int(report["sayansky_2020"]["records"]),
                       "andropovsky_2022": int(report["andropovsky_2022"]["records"])}


def test_typed_cells(ingested):
    wb = load_workbook(ingested / "roadmaps.xlsx")
    ws = wb["Мероприятия"]
    header = [c.value for c in ws[1]]
    c_from, c_to, c_rec = header.index("С"), header.index("По"), header.index("Периодичность")
    c_page = header.index("Стр. / табл.")
    rows = rows_of(ws)
    starts = [r[c_from] for r in rows if r[c_from] is not None]
    assert len(starts) > len(rows) / 2 and all(isinstance(v, dt.datetime) for v in starts)
    assert all(r[c_from] <= r[c_to] for r in rows if r[c_from] and r[c_to])
    assert ws.cell(2 + rows.index(next(r for r in rows if r[c_from])), c_from + 1).number_format == "DD.MM.YYYY"
    assert {r[c_rec] for r in rows if r[c_rec]} <= {"однократно", "ежегодно", "два раза в год",
                                                    "ежеквартально", "ежемесячно", "постоянно",
                                                    "по графику", "по запросу"}
    assert all(isinstance(r[c_page], int) for r in rows if r[c_page] is not None)
    numbers = [r[header.index("№")] for r in rows if r[header.index("№")] is not None]
    assert any(isinstance(n, int) for n in numbers)
    assert all(isinstance(n, int) or not str(n).isdigit() for n in numbers)   # «1.1» stays text
    docs = rows_of(wb["Документы"])
    assert {d[2] for d in docs} == {"муниципальный"}
    assert all(isinstance(d[8], int) and isinstance(d[9], int) for d in docs)   # period years
    ind = rows_of(wb["Показатели"])
    values = [r[4] for r in ind]
    assert ind and all(isinstance(v, (int, float)) for v in values)
    with open(ingested / "indicators.csv", encoding="utf-8") as fh:
        printed = [r["value"] for r in csv.DictReader(fh)]
    percent = printed.index(next(p for p in printed if p.endswith("%")))
    assert values[percent] == pytest.approx(float(printed[percent].rstrip("%")) / 100)
    assert wb["Показатели"].cell(2 + percent, 5).number_format.endswith("%")


def test_check_sheet_lists_documents_doubts_and_links(ingested):
    wb = load_workbook(ingested / "roadmaps.xlsx")
    ws, acts = wb["Проверка"], wb["Мероприятия"]
    assert [c.value for c in ws[1]][:4] == ["Документ", "Регион", "Муниципалитет", "Замечания"]
    cells = rows_of(ws)
    by_doc = {}
    for r in cells:
        by_doc.setdefault(r[0], r)                  # the document block comes first
    assert by_doc["sayansky_2020"][1] == "Красноярский край"
    assert "sayansky_2020-pdf" in by_doc["sayansky_2020"][7]                 # status names the rendition
    assert "broken" in " ".join(str(r[0]) for r in cells) and \
        any("не файл PDF" in str(r[3]) for r in cells)                     # the failed file, in Russian
    linked = [(r, ws.cell(r, 2).hyperlink) for r in range(1, ws.max_row + 1) if ws.cell(r, 2).hyperlink]
    assert linked
    kinds = {ws.cell(r, 3).value for r, _ in linked}
    assert {"срок понят не полностью", "другой экземпляр того же плана: не показан"} <= kinds
    for r, link in linked:
        sheet, cell = link.location.split("!")
        assert sheet.strip("'") == "Мероприятия"
        target = int(cell.lstrip("A"))
        doc = ws.cell(r, 1).value
        if ws.cell(r, 3).value == "срок понят не полностью":
            assert acts.cell(target, 15).value == doc                        # the row of that document
            assert "2021-2020" in acts.cell(target, 6).value                  # with that deadline


def test_no_formulas_and_refreshed_by_every_ingest(ingested, tmp_path):
    with zipfile.ZipFile(ingested / "roadmaps.xlsx") as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)
    for name in ("roadmaps.xlsx", "activities_excel.csv", "documents_excel.csv", "indicators_excel.csv"):
        (ingested / name).unlink()
    src = ingested.parent / "again"
    src.mkdir(exist_ok=True)
    shutil.copy(raw("sayansky_2020", "docx"), src)
    assert main(["ingest", str(src), "--out", str(ingested), "--db", f"sqlite:///{ingested}/s.db",
                 "--quiet"]) == 0                                           # already imported
    assert (ingested / "roadmaps.xlsx").exists() and (ingested / "activities_excel.csv").exists()
    assert {r[-1] for r in rows_of(load_workbook(ingested / "roadmaps.xlsx")["Мероприятия"])} == \
        {"sayansky_2020", "andropovsky_2022"}


def test_excel_csv_escapes_only_what_would_be_a_formula():
    assert export.excel_safe("-") == "-" and export.excel_safe("—") == "—"
    assert export.excel_safe("-5") == "-5" and export.excel_safe("--") == "--"
    assert export.excel_safe("=SUM(A1)") == "'=SUM(A1)"
    assert export.excel_safe("- отчёт") == "'- отчёт" and export.excel_safe("+7 (391) 22") == "'+7 (391) 22"
    assert export.excel_safe("@справка") == "'@справка" and export.excel_safe("отчёт") == "отчёт"


def _view(activity: str, **extra) -> View:
    doc = {"doc_id": "d1", "title": "План", "municipality": "г. Тест", "region": "Тестовый край",
           "level": "municipal", "records": 1, "indicators": 1, "format": "docx", "warnings": ""}
    act = {"doc_id": "d1", "seq": 1, "activity": activity, "deadlines": "2022-03-01/2022-04-30",
           "deadline_raw": "март-апрель 2022", "recurrence": "once", "source_page": "3",
           "deadline_warning": "", **extra}
    ind = {"doc_id": "d1", "indicator": "Доля", "unit": "%", "year": "2023", "value": "55,6"}
    return View([doc], [act], [ind])


def test_long_cells_cut_with_a_note_and_listed(tmp_path):
    path = tmp_path / "w.xlsx"
    cuts = write_workbook(str(path), _view("=" + "мероприятие\x0b" * 4000 + "\x07"))
    assert len(cuts) == 1
    wb = load_workbook(path)
    cell = wb["Мероприятия"]["E2"].value
    assert len(cell) <= EXCEL_CELL_LIMIT and cell.startswith("=мероприятие\nмероприятие") and "обрезано" in cell
    check = [r for r in rows_of(wb["Проверка"]) if r[2] == "текст обрезан до предела ячейки Excel"]
    assert len(check) == 1 and "48001" in check[0][3]
    assert wb["Показатели"]["E2"].value == pytest.approx(55.6)


def test_doubtful_rows_several_activities_and_low_confidence(tmp_path):
    path = tmp_path / "w.xlsx"
    write_workbook(str(path), _view("1) Провести совещание. 2) Подготовить отчёт.", confidence="41"))
    kinds = {r[2] for r in rows_of(load_workbook(path)["Проверка"])}
    assert {"несколько мероприятий в одной ячейке", "низкое качество распознавания скана"} <= kinds
    assert several_activities("- провести совещание\n- подготовить отчёт")
    assert not several_activities("Проведение совещания по итогам 2022 года")


def test_deadline_span():
    assert deadline_span("2022-01-01/2022-03-31; 2023-01-01/2023-03-31") == \
        (dt.date(2022, 1, 1), dt.date(2023, 3, 31))
    assert deadline_span("2022-01-01/..") == (dt.date(2022, 1, 1), None)
    assert deadline_span("") == (None, None)


# ----------------------------------------------------------------------------- overrides.yaml

def test_overrides_correct_every_output_and_both_renditions(ingested, tmp_path, monkeypatch, capsys):
    from pipeline.store import Store
    fixes = tmp_path / "overrides.yaml"
    fixes.write_text("sayansky_2020:\n  регион: Республика Башкортостан\n  уровень: региональный\n"
                     "  период_с: 2019\n  bogus: 1\n", encoding="utf-8")
    monkeypatch.setenv("ROADMAPS_OVERRIDES", str(fixes))
    out = tmp_path / "out"
    assert main(["export", "--out", str(out), "--db", f"sqlite:///{ingested}/s.db"]) == 0
    assert "«bogus»" in capsys.readouterr().err                     # named, not fatal
    with open(out / "documents.csv", encoding="utf-8") as fh:
        doc = next(r for r in csv.DictReader(fh) if r["doc_id"] == "sayansky_2020")
    assert (doc["region"], doc["level"], doc["period_start"]) == ("Республика Башкортостан", "regional", "2019")
    assert doc["municipality"] == "Саянский район"                   # fields not named stay
    store = Store(f"sqlite:///{ingested}/s.db")
    try:
        pdf = next(d for d in store.document_rows() if d["doc_id"] == "sayansky_2020-pdf")
    finally:
        store.close()
    assert pdf["region"] == "Республика Башкортостан"                # the other rendition too
    wb = load_workbook(out / "roadmaps.xlsx")
    check = next(r for r in rows_of(wb["Проверка"]) if r[0] == "sayansky_2020")
    assert check[1] == "Республика Башкортостан" and "исправлено в overrides.yaml" in check[7]
    assert {r[0] for r in rows_of(wb["Мероприятия"]) if r[-1] == "sayansky_2020"} == {"Саянский район"}

    fixes.write_text("sayansky_2020: [не закрыто\n", encoding="utf-8")   # a broken file: ignored
    assert main(["export", "--out", str(out), "--db", f"sqlite:///{ingested}/s.db"]) == 0
    assert "файл исправлений" in capsys.readouterr().err
    with open(out / "documents.csv", encoding="utf-8") as fh:
        doc = next(r for r in csv.DictReader(fh) if r["doc_id"] == "sayansky_2020")
    assert doc["region"] == "Красноярский край"


def test_comparison_reads_corrected_plans_once(ingested, tmp_path, monkeypatch):
    """A plan moved into the regional plan's region by overrides.yaml enters the comparison,
    and its DOCX and PDF are compared once."""
    from pipeline import compare
    from pipeline.store import Store
    fixes = tmp_path / "overrides.yaml"
    fixes.write_text("andropovsky_2022:\n  level: regional\n  region: Красноярский край\n",
                     encoding="utf-8")
    store = Store(f"sqlite:///{ingested}/s.db")
    try:
        before = compare.load_plans(store, "andropovsky_2022")
        monkeypatch.setenv("ROADMAPS_OVERRIDES", str(fixes))
        after = compare.load_plans(store, "andropovsky_2022")
    finally:
        store.close()
    assert [p.doc_id for p in before.municipal] == []                 # another region
    assert [p.doc_id for p in after.municipal] == ["sayansky_2020"]   # not its PDF as well


def test_overrides_file_saved_by_notepad_in_cp1251(tmp_path):
    from pipeline import overrides
    path = tmp_path / "overrides.yaml"
    path.write_bytes("d1:\n  муниципалитет: Саянский район\n  уровень: муниципальный\n".encode("cp1251"))
    rows = overrides.apply([{"doc_id": "d1", "sha256": "x", "municipality": "", "level": ""},
                            {"doc_id": "d2", "sha256": "y", "municipality": "Кедровый"}], str(path))
    assert rows[0]["municipality"] == "Саянский район" and rows[0]["level"] == "municipal"
    assert rows[1]["municipality"] == "Кедровый" and "overridden" not in rows[1]
