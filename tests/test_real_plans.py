"""Real work plans of other institutions, read whole: every table row accounted for, column
roles from content, two-level headings, pieces of one table on several pages, numbers a reader
sees, several activities in one cell, totals and rows without an activity."""
import json
import os

import pytest

from extractors import extract
from extractors.model import Cell, Document, Table
from helpers import ROOT, write_docx
from pipeline.grid import logical_table
from pipeline.row_split import leading_number, split_row
from pipeline.sections import SectionState, enter, period_of
from normalizers.text import fold
from pipeline.structure import ROW_KINDS, structure

REAL = os.path.join(ROOT, "tests", "fixtures", "realworld")


@pytest.fixture(autouse=True, scope="module")
def _english_messages():
    """These tests read the reasons in English (LANG=en); the Russian ones: tests/test_i18n.py."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_LANG", "en")
        yield


def real(name: str) -> str:
    return os.path.join(REAL, name)


@pytest.fixture(scope="module")
def annual():
    doc = extract(real("ussuriysk_cssu_annual_plan_uvr_2016.docx"))
    return doc, structure(doc)


@pytest.fixture(scope="module")
def nakhodka():
    return structure(extract(real("nakhodka_school11_work_plan_2016.pdf")))


def _table(rows, index=0):
    cells = [Cell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Table(index=index, cells=cells, n_rows=len(rows), n_cols=len(rows[0]), page=1,
                 row_pages=[1] * len(rows))


# ----------------------------------------------------------------------------- row accounting

def test_every_table_row_of_a_real_plan_is_accounted_for_once(annual):
    doc, found = annual
    assert len(found.outcomes) == sum(t.n_rows for t in doc.tables)     # 25 tables, 310 rows
    assert {(o.table, o.row) for o in found.outcomes} == {
        (t.index + 1, r) for t in doc.tables for r in range(t.n_rows)}
    assert set(found.row_counts()) <= set(ROW_KINDS)
    assert found.row_counts()["record"] >= 200
    assert not found.unplaced                       # nothing left that looks like a plan
    # a reader counts ≈267 activity rows in this file («≈»: about 5% either way)
    assert abs(len(found.rows) - 267) <= 0.05 * 267


def test_tables_that_are_not_plans_say_why(annual):
    _, found = annual
    reasons = {o.table: o.reason for o in found.outcomes if o.kind == "not_plan"}
    assert "timetable" in reasons[24]               # the weekly club timetable
    assert "text box" in reasons[21]                # 1×1 text boxes
    assert reasons[9]                               # staff due for attestation: no plan


def test_column_roles_from_content_are_explained_and_flagged(annual):
    _, found = annual
    # «Сроки | Ответственный | Тема, рассматриваемые вопросы»: the header names the theme
    # column by a synonym; table 19 has an empty header row: every role from the cells
    assert "column 3: deadline" in found.explain[18] and "read as deadlines" in found.explain[18]
    assert "column 5: responsible" in found.explain[18]
    rows19 = [r for r in found.rows if r.table_index == 18]
    assert rows19 and all("column roles decided from content" in r.check for r in rows19)
    assert rows19[0].activity.startswith("Определение выпускников") and rows19[0].deadline_text == "Август"


def test_column_order_changes_between_tables(annual):
    _, found = annual
    by_table = {}
    for r in found.rows:
        by_table.setdefault(r.table_index, r)
    # «Сроки | Ответственный | Название мероприятия» and «Тема | Сроки | Отв.»
    assert (by_table[4].deadline_text, by_table[4].responsible_raw) == ("Сентябрь", "Воспитатели групп")
    assert by_table[4].activity.startswith("Смотр групп")
    assert by_table[5].activity.startswith("Семинар «Психологические")
    assert fold(by_table[5].deadline_text) == "Сентябрь"


def test_word_numbering_and_several_numbered_activities_in_one_cell(annual):
    _, found = annual
    rows18 = [r for r in found.rows if r.table_index == 17]   # «1. 2. 3.» in the № cell
    assert [r.item_no for r in rows18[:5]] == ["1", "2", "3", "4", "5"]
    assert rows18[0].activity.startswith("Заключение между воспитанником")
    assert [fold(r.deadline_text) for r in rows18[:2]] == ["Сентябрь", "Постоянно"]


def test_unplaced_rows_make_a_file_partial():
    """A table with dates and free text whose activity column cannot be told (the text column
    is mostly empty) is reported as not placed, never silently dropped."""
    t = _table([["Когда", "Что", "Прочее"],
                ["Сентябрь", "Собрание родителей по итогам года", ""],
                ["Октябрь", "", "x"],
                ["Ноябрь", "Открытые уроки учителей начальных классов", "y"],
                ["Декабрь", "", "z"],
                ["Январь", "", "w"]])
    found = structure(Document(path="x.docx", format="docx", blocks=[t]))
    assert not found.rows and len(found.unplaced) == 6
    assert found.unplaced[0].reason.startswith("looks like a plan")


# ----------------------------------------------------------------------------- headings, pages

def test_month_and_sub_section_rows_give_two_levels(nakhodka):
    rows = nakhodka.rows
    first = next(r for r in rows if r.activity.startswith("Контроль за комплектованием 1-х классов"))
    assert (first.section_parent, first.section_title) == ("Сентябрь, 2016 год", "Внутришкольный контроль")
    assert (first.heading_month, first.heading_year) == (9, 2016)
    later = next(r for r in rows if r.activity.startswith("Корректировка индивидуальных тем"))
    assert (later.section_parent, later.section_title) == ("Октябрь, 2016 год", "Методическая работа")


def test_table_pieces_on_later_pages_continue_the_plan(nakhodka):
    rows = nakhodka.rows
    # one 4-column plan printed as pieces of 6, 4 and 9 grid columns over 24 pages
    assert abs(len(rows) - 305) <= 0.12 * 305
    assert {r.table for r in rows} == {"plan", "plan_2"}    # the school's two plans
    assert not [r for r in rows if r.activity[:1].islower()]            # no cut-off fragments
    assert any(r.activity == "Проведение школьного этапа Всероссийской олимпиады школьников"
               for r in rows)                                           # joined over a page break
    assert any(r.activity.endswith("(Фотовыставка «Город у моря»)") for r in rows)
    # a header's last word cut onto the next page is no heading; a cell's last words are
    # the rest of that cell
    assert not [r for r in rows if r.section_title == "участников"]
    assert all(r.deadline_text and r.responsible_raw for r in rows[:20])


def test_period_headings():
    assert period_of("Сентябрь, 2016 год") == (9, 2016)
    assert period_of("ЯНВАРЬ") == (1, None)
    assert period_of("II четверть") == (None, None)
    assert period_of("август - сентябрь") == (None, None)      # a span of months is a period
    assert period_of("участников") is None
    assert period_of("Методическая работа") is None
    s = enter(SectionState(), "", "Сентябрь, 2016 год")
    s = enter(s, "", "Методическая работа")
    assert (s.parent, s.title, s.month) == ("Сентябрь, 2016 год", "Методическая работа", 9)
    s = enter(s, "", "Октябрь, 2016 год")
    assert (s.parent, s.title, s.month) == ("", "Октябрь, 2016 год", 10)
    one_level = enter(enter(SectionState(), "1", "Кадры"), "2", "Методика")
    assert (one_level.parent, one_level.title) == ("", "Методика")


def test_heading_aim_paragraph_is_not_part_of_the_title():
    t = _table([["Мероприятие", "Срок", "Ответственный"],
                ["Методическая работа\nЦель: повышение качества", None, None],
                ["Заседание ШМО", "сентябрь", "Директор"]])
    t.cells = [c for c in t.cells if c.text is not None]
    t.cells[3].colspan = 3
    rows = structure(Document(path="x.docx", format="docx", blocks=[t])).rows
    assert rows[0].section_title == "Методическая работа"


# ----------------------------------------------------------------------------- rows

def test_numbers_totals_and_rows_without_activity():
    t = _table([["№", "Мероприятие", "Срок", "Ответственный"],
                ["", "4. Инструктаж по технике безопасности", "сентябрь", "Директор"],
                ["", "", "октябрь", "Завуч"],
                ["", "Итого по разделу", "", ""],
                ["", "Всего по программе: 5", "", ""]])
    found = structure(Document(path="x.docx", format="docx", blocks=[t]))
    assert [(r.item_no, r.activity) for r in found.rows] == [("4", "Инструктаж по технике безопасности")]
    assert [o.kind for o in found.outcomes] == ["header", "record", "no_activity", "total", "total"]
    assert leading_number("01.09. Линейка") is None            # a date, not an item number


def test_several_numbered_activities_in_one_cell_with_matching_lines():
    pieces = split_row({"activity": "Методическая работа\n1.Олимпиады\n2. Декадник языка\n3. Семинары",
                        "number": "II", "deadline": "сентябрь\nоктябрь\nноябрь",
                        "responsible": "ЗУВР", "result": "", "report_form": ""})
    assert [(p.item_no, p.texts["activity"], p.texts["deadline"]) for p in pieces] == [
        ("1", "Олимпиады", "сентябрь"), ("2", "Декадник языка", "октябрь"), ("3", "Семинары", "ноябрь")]
    assert pieces[0].heading == "Методическая работа" and pieces[0].whole == []
    assert split_row({"activity": "Провести 1 сентября линейку", "number": "1", "deadline": ""}) is None


def test_a_number_printed_over_two_lines_of_a_narrow_column_is_one_number():
    """A portrait page in a 12 pt font breaks «1.1» into «1.» / «1» and «10.» into «1» / «0.»:
    one item, not two (the corpus plan as LibreOffice prints it, 28 rows in its gold)."""
    assert split_row({"activity": "Сопровождени\nе планирования", "number": "1\n0.",
                      "deadline": "10.03.2022", "responsible": "КК ИПК\nМО"}) is None
    assert split_row({"activity": "Проведение\nсовещаний", "number": "1\n2.",
                      "deadline": "май", "responsible": "УО\nшколы"}) is None
    pieces = split_row({"activity": "Олимпиады\nСеминары", "number": "1.\n2.",
                        "deadline": "сентябрь\nоктябрь", "responsible": "ЗУВР"})
    assert [(p.item_no, p.texts["activity"]) for p in pieces] == [("1", "Олимпиады"), ("2", "Семинары")]
    with open(os.path.join(ROOT, "tests", "data", "gold", "sayansky_2020.json"), encoding="utf-8") as f:
        gold = json.load(f)["records"]
    found = structure(extract(os.path.join(ROOT, "tests", "fixtures", "variants",
                                           "sayansky_2020__portrait_font12.pdf")))
    assert [r.item_no for r in found.rows] == [g["item_no"] for g in gold]
    assert [fold(r.activity)[:40] for r in found.rows] == [fold(g["activity"])[:40] for g in gold]


@pytest.mark.parametrize("cell,item_no", [
    ("2.1)", "2.1"), ("3)", "3"), ("II)", "II"), ("12.", "12"),
    ("1.\n1", "1.1"), ("1\n0.", "10"),          # one number printed over two lines
    ("6.\n7.", "6. 7"),                          # two numbers, each with its dot: left as printed
])
def test_item_number_as_a_reader_sees_it(cell, item_no):
    from pipeline.structure import _item_no
    assert _item_no(cell) == item_no


def test_celinny_cells_holding_many_activities():
    found = structure(extract(real("celinny_school_plan_2015.docx")))
    assert len(found.rows) > 150                        # 42 cells holding 189 numbered activities
    method = [r for r in found.rows if r.section_title == "Методическая работа"]
    assert method and [r.item_no for r in method[:3]] == ["1", "2", "3"]
    assert all("several activities in one cell" in r.check for r in method)


def test_logical_columns_of_a_pdf_table_piece():
    """A month row printed one column in and an activity split over two grid columns: the
    6-column grid of a 4-column plan is rebuilt on 4 columns."""
    cells = [Cell("Мероприятие", 0, 0, colspan=2), Cell("Сроки", 0, 2), Cell("Контингент", 0, 3),
             Cell("Ответственные", 0, 4, colspan=2),
             Cell("", 1, 0), Cell("Сентябрь, 2016 год", 1, 1, colspan=4), Cell("", 1, 5),
             Cell("Педсовет", 2, 0, colspan=2), Cell("05.09", 2, 2), Cell("учителя", 2, 3),
             Cell("Директор", 2, 4, colspan=2)]
    t = logical_table(Table(index=0, cells=cells, n_rows=3, n_cols=6, page=1, row_pages=[1] * 3))
    assert t.n_cols == 4
    assert t.row_texts(2) == ["Педсовет", "05.09", "учителя", "Директор"]
    assert t.row_texts(1) == ["Сентябрь, 2016 год"] * 4


def test_a_file_with_rows_not_placed_is_partial_in_the_batch_report(tmp_path):
    """«Imported» means read whole: a plan-like table whose activity column cannot be told
    makes the file `partial`, with the count and the first row, in the report."""
    import csv

    from pipeline.batch import Batch
    src = tmp_path / "plan.docx"
    write_docx(src, [[["Мероприятие", "Срок", "Ответственный"],
                      ["Педагогический совет", "сентябрь 2023", "Директор"]],
                     [["Когда", "Что", "Прочее"], ["Сентябрь", "Собрание родителей по итогам года", ""],
                      ["Октябрь", "", "x"], ["Ноябрь", "Открытые уроки учителей начальных классов", "y"],
                      ["Декабрь", "", "z"], ["Январь", "", "w"]]],
               ["План работы школы на 2023 год"])
    out = tmp_path / "out"
    [o] = Batch(str(out), workers=1, progress=False).run([str(src)])
    assert o.status == "partial" and o.records == 1
    assert "6" in o.error and "Когда | Что | Прочее" in o.error
    [row] = list(csv.DictReader(open(out / "ingest_report.csv", encoding="utf-8-sig")))
    assert row["status"] == "partial" and row["table_rows"] == "8"
    assert "record 1" in row["row_classes"] and "unplaced 6" in row["row_classes"]


def _celinny_september(rows):
    return [(r.item_no, prefix if fold(r.activity).startswith(prefix) else fold(r.activity),
             fold(r.deadline_text), fold(r.responsible_raw))
            for r, (_no, prefix, _d, _r) in zip(rows, CELINNY_SEPTEMBER)]


CELINNY_SEPTEMBER = [         # as printed: each value beside its activity (checked on the page)
    ("", "Педсовет.”Анализ работы", "30.08", "Директор ЗУВР"),
    ("1", "Подготовка документации", "Август- сентябрь", "директор, ЗУВР"),
    ("2", "Составление отчета школы", "05.09", "директор ЗУВР"),
    ("3", "Составление и корректир", "31.08-15.09", "ЗУВР"),
    ("4", "Инструктаж педагогов о", "06.09.", "ЗУВР"),
    ("5", "Организация работы кружк", "до 15.09", "зам. по ВР"),
    ("6", "Организация работы учени", "15.09.", "зам. по ВР"),
    ("7", "Организация горячего пит", "в теч.месяца", "директор"),
    ("8", "Подготовка к школьн. оли", "в теч. мес.", "ЗУВР, рук.ШМО")]


def test_celinny_values_beside_activities_padded_with_empty_paragraphs_docx():
    """A cell of a Педсовет and eight numbered activities, some printed over two lines; the
    date and responsible cells padded with empty paragraphs so that each value stands
    beside its activity. Read by Word's line heights (the wrap estimated from the column's
    width and the font, `extractors.wordwrap`), each value goes to the activity it is
    printed beside; the Педсовет, with a date and responsible of its own, is an activity
    too. (By paragraph count alone, item 1 took the Педсовет's date and every value after
    it slid by one.)"""
    rows = structure(extract(real("celinny_school_plan_2015.docx"))).rows
    got = _celinny_september(rows)
    assert [g[:2] for g in got] == [c[:2] for c in CELINNY_SEPTEMBER]
    assert got == CELINNY_SEPTEMBER


def test_celinny_values_beside_activities_pdf_with_empty_lines_above():
    """The same page printed by LibreOffice: the empty lines above a cell's first value
    (measured from the cell's top, `Cell.lines_above`) put «в теч.месяца» beside item 1 of
    «Методическая работа», not beside the heading."""
    rows = structure(extract(os.path.join(REAL, "office_pdf",
                                          "celinny_school_plan_2015_liberation_p2.pdf"))).rows
    assert _celinny_september(rows) == CELINNY_SEPTEMBER
    method = [r for r in rows if r.section_title == "Методическая работа"]
    assert [(r.item_no, fold(r.deadline_text)) for r in method[:4]] == [
        ("1", "в теч.месяца"), ("2", "14.09"), ("3", "12.09"), ("4", "16.09")]


def test_heading_ending_in_a_colon_introduces_its_items():
    """«Участие в проведении Международных акции:» above four numbered days, five months
    beside them starting on the heading's line: a heading with a colon is no activity, and
    the months go to the days in order (World AIDS Day in December)."""
    rows = structure(extract(real("ussuriysk_cssu_prevention_plans_2018.docx"))).rows
    assert not any(fold(r.activity).startswith("Участие в проведении Международных") for r in rows)
    days = {fold(r.activity): fold(r.deadline_text) for r in rows
            if fold(r.activity).startswith(("День борьбы", "День отказа", "Пивной"))}
    assert days == {"День борьбы с наркотиками.": "Ноябрь", "День борьбы со СПИДом.": "Декабрь",
                    "День отказа от курения.": "Март", "Пивной алкоголизм.": "Май"}


def test_numbered_activities_padded_in_their_cells_docx(annual):
    """A № cell «6.» «7.» «8.» «9.» and an activity cell whose paragraphs stand beside them
    only by Word's line heights (the 6th activity wraps, empty paragraphs pad the rest):
    four records, each with its own deadline."""
    _doc, found = annual
    by = {fold(r.activity)[:30]: r for r in found.rows}
    assert fold(by["Комиссия по КДН при администра"].deadline_text).startswith("По мере")
    assert fold(by["Акция «Правовой сектор» -"].deadline_text) == "1 раз в 2 месяца"
    assert by["Акция «Правовой сектор» -"].item_no == "9"


def test_a_heading_with_a_colon_is_not_an_activity_though_values_stand_beside_it():
    positioned = {"activity": "Участие в акциях:\n1. День здоровья\n2. День памяти",
                  "deadline": "Ноябрь\nДекабрь\nМарт", "responsible": ""}
    texts = dict(positioned, number="")
    pieces = split_row(texts, None, positioned)
    assert [p.texts["activity"] for p in pieces] == ["День здоровья", "День памяти"]
    positioned["activity"] = positioned["activity"].replace(":", "")
    texts = dict(positioned, number="")
    pieces = split_row(texts, None, positioned)
    assert [(p.texts["activity"], p.texts["deadline"]) for p in pieces] == [
        ("Участие в акциях", "Ноябрь"), ("День здоровья", "Декабрь"), ("День памяти", "Март")]


def test_values_padded_across_a_page_break_stay_beside_their_activities():
    """A row of eight numbered activities cut by the page break: the date cell's first value
    stands beside item 1 on one page, the next («14.01») two lines down the next page, beside
    item 2. The empty lines below the last line before the break and above the first after it
    (`Cell.lines_below`, `lines_above`) keep them apart; before, «14.01» went to item 1's
    paragraph and every deadline of the row was given whole to each activity."""
    rows = structure(extract(os.path.join(REAL, "office_pdf",
                                          "celinny_school_plan_2015_liberation_p7-8.pdf"))).rows
    got = {fold(r.activity)[:25]: (fold(r.deadline_text), fold(r.responsible_raw)) for r in rows}
    assert got["Организация дежурств по ш"] == ("14.01", "Уч.актив")
    assert got["Заседание актива старшекл"] == ("18.01-26.01.", "Учителя нач.класов")
    assert got["Операция «Кормушка»"] == ("в течении месяца", "Ялмурзина Ф.И.")
    from extractors.model import lines_at_positions
    table = extract(os.path.join(REAL, "office_pdf",
                                 "celinny_school_plan_2015_liberation_p7-8.pdf")).tables
    table = next(t for t in table if any("Кормушка" in c.text for c in t.cells))
    act = next(c for c in table.cells if "Кормушка" in c.text)
    date = next(c for c in table.cells if c.row == act.row and "14.01" in c.text)
    at_act, at_date = lines_at_positions(act).split("\n"), lines_at_positions(date).split("\n")
    assert at_date.index("14.01") == next(k for k, line in enumerate(at_act)
                                          if line.startswith("2. Организация дежурств"))


def test_pdf_values_printed_beside_each_activity_win_over_their_count():
    """March, «Методическая работа»: five activities and five responsible values by paragraph,
    but printed a line off («ЗУВР» beside item 2, «Рук. ШМО, учит-пред» below item 3). In a
    PDF the lines stand where the author saw them: where every activity has a value beside
    it, each takes that one (before, the count paired them in order, one off)."""
    path = os.path.join(REAL, "office_pdf", "celinny_school_plan_2015_liberation_p9.pdf")
    rows = [r for r in structure(extract(path)).rows if r.section_title.startswith("Методическая")]
    assert [(r.item_no, fold(r.responsible_raw)) for r in rows][:3] == [
        ("1", "Учит-предм, кл.рук"), ("2", "ЗУВР"), ("3", "Рук. ШМО, учит-пред")]
