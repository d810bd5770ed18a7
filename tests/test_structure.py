"""Structure stage tests: header roles by lemma, number rows, sections, plan rows."""
import os
import re

import pytest

from extractors import extract
from extractors.model import Cell, Document, Paragraph, PdfPlace, Table
from helpers import ROOT, raw, write_docx
from normalizers.text import fold, join_broken_words
from pipeline.structure import is_number_row, parse_section, role_of, structure


@pytest.mark.parametrize("header,role", [
    ("Мероприятие", "activity"),
    ("Мероприятия (содержание деятельности)", "activity"),
    ("Задачи", "activity"),
    ("Контрольная точка", "activity"),
    ("Сроки", "deadline"),
    ("Срок исполнения", "deadline"),
    ("Сроки\nреализации", "deadline"),
    ("Ответственный исполнитель", "responsible"),
    ("Исполнители", "responsible"),
    ("Ответственные", "responsible"),
    ("Ожидаемые результаты", "result"),
    ("Показатель реализации", "result"),
    ("Документ закрепляющий результат", "report_form"),
    ("Документы, закрепляющие результат", "report_form"),
    ("Формы отчетных документов", "report_form"),
    ("Формат информационного сопровождения", "report_form"),
    ("Информационное сопровождение мероприятий", "report_form"),
    ("Наименование целевого показателя", "indicator"),
    ("Единица измерения", "unit"),
    ("№ п/п", "number"),
    # wordings no corpus file uses: matched by lemma, not by string
    ("Наименования мероприятий", "activity"),
    ("Сроков проведения", "deadline"),
    ("Ответственных исполнителей", "responsible"),
    ("Ожидаемый результат", "result"),
    ("Примечание", "note"),
    # the head noun decides, not a genitive qualifier after it
    ("Сроки выполнения мероприятий", "deadline"),
    ("Ответственные за проведение мероприятий", "responsible"),
    ("Исполнитель мероприятия", "responsible"),
    ("Результат мероприятия", "result"),
    ("Период проведения мероприятий", "deadline"),
    ("Наименование работ", "activity"),
    ("Форма контроля", "report_form"),
    ("Ожидаемые эффекты", "result"),
    ("Итоговый документ", "report_form"),
    ("Документ, подтверждающий исполнение", "report_form"),
    # wordings of other publishers' plans (the whole table had been «no plan table found»)
    ("Содержание", "activity"),
    ("Выход", "result"),
    ("Периодичность", "deadline"),
    ("Кто отвечает", "responsible"),
    ("Организаторы", "responsible"),
    ("Продукт", "result"),
    ("Вид отчетности", "report_form"),
    # two things apart with a slash: the part before it (the cell holds the date first)
    ("Срок / форма отчета", "deadline"),
    ("Ответственный/исполнитель", "responsible"),
    ("№ п/п", "number"),
])
def test_header_roles_by_lemma(header, role):
    assert role_of(header)[0] == role


def test_unknown_header_has_no_role():
    assert role_of("Цвет обложки")[0] is None


@pytest.mark.parametrize("texts,expected", [
    (["1", "2", "3", "4"], True),
    (["1", "2", "3", "4", "5", ""], True),
    (["1.", "2.", "3."], True),
    (["1", "3", "4"], False),
    (["2022", "2023"], False),
    (["1.1", "Формирование"], False),
])
def test_number_row(texts, expected):
    assert is_number_row(texts) is expected


@pytest.mark.parametrize("text,no,title", [
    ("Направление №1 Создание и функционирование структур управления", "1",
     "Создание и функционирование структур управления"),
    ("Направление № 2 Реализация механизмов", "2", "Реализация механизмов"),
    ("Направление №3: Разработка, реализация", "3", "Разработка, реализация"),
    ("Направление 1. Деятельность в рамках реализации проекта 500+ 2022 года", "1",
     "Деятельность в рамках реализации проекта 500+ 2022 года"),
    ("1. Мероприятия, направленные на улучшение", "1", "Мероприятия, направленные на улучшение"),
    ("2 Реализация механизмов идентификации ШНОР", "2", "Реализация механизмов идентификации ШНОР"),
    ("Раздел II. Кадровое обеспечение", "II", "Кадровое обеспечение"),
    ("Организационные мероприятия", "", "Организационные мероприятия"),
])
def test_parse_section(text, no, title):
    assert parse_section(text) == (no, title)


def test_year_column_table_gives_one_row_per_year_cell():
    found = structure(extract(raw("kedrovy_2022", "docx")))
    first = [r for r in found.rows if r.activity.startswith("Создание и деятельность рабочей группы")]
    assert [r.year for r in first] == ["2022", "2023", "2024"]
    assert first[0].section_no == "1"
    assert first[0].section_title == "Создание и функционирование структур управления"
    assert first[0].deadline_from_year_cell and "Февраль 2022" in first[0].deadline_text
    assert first[0].responsible_raw == "Зубарева Л.Ф."


def test_sections_carry_down_and_number_row_is_skipped():
    found = structure(extract(raw("sayansky_2020", "pdf")))
    assert found.layouts[0].number_row
    assert all(r.item_no != "1" or r.activity for r in found.rows)
    by_item = {r.item_no: r for r in found.rows}
    assert by_item["1.1"].section_no == "1"
    assert by_item["2.1"].section_no == "2"
    assert by_item["7.2"].section_title.startswith("Реализация механизмов оценки")
    # a vertically merged activity is repeated into each row it spans
    rows_21 = [r for r in found.rows if r.item_no == "2.1"]
    assert len(rows_21) == 2 and rows_21[0].activity == rows_21[1].activity
    assert rows_21[0].deadline_text != rows_21[1].deadline_text or \
        rows_21[0].expected_result != rows_21[1].expected_result


def test_several_tables_indicators_and_table_ids():
    found = structure(extract(raw("andropovsky_2022", "docx")))
    assert [l.kind for l in found.layouts] == ["indicators", "activities", "activities", "activities"]
    assert sorted({r.table for r in found.rows}) == ["control_points", "mechanisms", "plan"]
    assert len(found.indicators) == 27
    assert found.indicators[0].unit == "ед." and found.indicators[0].year == "2023"
    cps = [r for r in found.rows if r.table == "control_points"]
    assert cps[0].item_no == "1" and cps[0].section_no == ""


def _table(rows, bold_rows=()):
    cells = []
    for r, row in enumerate(rows):
        c = 0
        for text in row:
            span = 1
            if isinstance(text, tuple):
                text, span = text
            cells.append(Cell(text=text, row=r, col=c, colspan=span, bold=r in bold_rows))
            c += span
    return Table(index=0, cells=cells, n_rows=len(rows), n_cols=max(
        sum(t[1] if isinstance(t, tuple) else 1 for t in row) for row in rows), page=1,
        row_pages=[1] * len(rows))


def test_unseen_layout_sections_as_bold_rows_and_headerless_continuation():
    """A layout no corpus file has: bold section text in the activity column only, and a
    second headerless table continuing the first (as Word splits tables)."""
    t1 = _table([
        ["№", "Наименование мероприятия", "Срок проведения", "Ответственный"],
        ["", "Организационная работа", "", ""],
        ["1", "Совещание директоров", "сентябрь 2024", "Комитет по образованию"],
    ], bold_rows=(1,))
    t2 = _table([["2", "Педсовет", "ноябрь 2024", "Директор школы"]])
    t2.index = 1
    doc = Document(path="x.docx", format="docx",
                   blocks=[Paragraph("План работы"), t1, t2])
    found = structure(doc)
    assert [r.activity for r in found.rows] == ["Совещание директоров", "Педсовет"]
    assert {r.section_title for r in found.rows} == {"Организационная работа"}
    assert found.rows[1].deadline_text == "ноябрь 2024"
    assert found.rows[1].table == found.rows[0].table == "plan"


def test_continuation_rows_join_the_row_above():
    """A cell text cut into several grid rows (no number of its own, goes on in lowercase)
    is one activity, not several."""
    t = _table([
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["1.", "Проведение семинаров для", "май 2023", "Методический"],
        ["", "учителей начальных классов", "", "кабинет"],
        ["2.", "Участие в конкурсе", "июнь 2023", "Школы"],
    ])
    rows = structure(Document(path="x.pdf", format="pdf", blocks=[t])).rows
    assert [r.activity for r in rows] == [
        "Проведение семинаров для учителей начальных классов", "Участие в конкурсе"]
    assert rows[0].responsible_raw == "Методический кабинет"
    assert rows[0].deadline_text == "май 2023"


def test_header_printed_over_several_rows():
    """Header words split over rows under merged cells («Наименование / задачи, / мероприятия»),
    year columns as «2017» over «год», then the number row."""
    cells = [
        Cell("№", 0, 0, rowspan=3), Cell("Наименование", 0, 1), Cell("Единица измерения", 0, 2, rowspan=3),
        Cell("Значение по годам", 0, 3, colspan=2),
        Cell("задачи,", 1, 1), Cell("2017", 1, 3), Cell("2018", 1, 4),
        Cell("мероприятия", 2, 1), Cell("год", 2, 3), Cell("год", 2, 4),
        Cell("1", 3, 0), Cell("2", 3, 1), Cell("3", 3, 2), Cell("4", 3, 3), Cell("5", 3, 4),
        Cell("1.1", 4, 0), Cell("Ремонт спортивного зала", 4, 1), Cell("тыс. руб.", 4, 2),
        Cell("87,4", 4, 3), Cell("", 4, 4),
    ]
    t = Table(index=0, cells=cells, n_rows=5, n_cols=5, page=1, row_pages=[1] * 5)
    found = structure(Document(path="x.pdf", format="pdf", blocks=[t]))
    layout = found.layouts[0]
    assert (layout.header_rows, layout.number_row) == (3, True)
    assert [c.role for c in layout.columns] == ["number", "activity", "unit", "year", "year"]
    assert [(r.item_no, r.activity, r.year, r.expected_result) for r in found.rows] == [
        ("1.1", "Ремонт спортивного зала", "2017", "87,4")]


def test_table_repeating_its_header_continues_the_previous_one():
    """A table split by its author, the header printed again: under «Продолжение таблицы»
    (or no caption) it goes on in the same table and section; under a caption of its own
    it is a table of its own."""
    header = ["№", "Мероприятие", "Срок", "Ответственный"]

    def doc(caption):
        t1 = _table([header, [("2. Работа с кадрами", 4)], ["2.1", "Совещание", "май 2023", "Отдел"]],
                    bold_rows=(1,))
        t2 = _table([header, ["2.2", "Семинар", "июнь 2023", "Школа"]])
        t2.index = 1
        return Document(path="x.docx", format="docx", blocks=[t1, Paragraph(caption), t2])

    for caption in ("Продолжение таблицы 1", ""):
        rows = structure(doc(caption)).rows
        assert [(r.table, r.section_title, r.activity) for r in rows] == [
            ("plan", "Работа с кадрами", "Совещание"), ("plan", "Работа с кадрами", "Семинар")]
    rows = structure(doc("План на 2024 год")).rows
    assert rows[1].table != rows[0].table and rows[1].section_title == ""


def test_irregular_word_grid_is_read_on_its_logical_columns():
    """Word's irregular grids: one row merges grid columns 0-1, the next 1-2 (as in a real
    .doc plan of a sports school), continuing a table with a 3-column header."""
    head = _table([["Мероприятия", "Срок", "Ответственный"],
                   ["Провести собрание", "сентябрь", "Директор"]])
    cont = Table(index=1, n_rows=3, n_cols=4, page=2, row_pages=[2] * 3, cells=[
        Cell("СПОРТИВНАЯ РАБОТА", 0, 0, colspan=4),
        Cell("1. Тренировки", 1, 0, colspan=2), Cell("в течение года", 1, 2), Cell("Тренер", 1, 3),
        Cell("2. Медосмотр", 2, 0), Cell("октябрь", 2, 1, colspan=2), Cell("Медсестра", 2, 3),
    ])
    found = structure(Document(path="x.docx", format="docx", blocks=[head, cont]))
    assert [(r.section_title, r.item_no, r.activity, r.deadline_text, r.responsible_raw)
            for r in found.rows] == [
        ("", "", "Провести собрание", "сентябрь", "Директор"),
        ("СПОРТИВНАЯ РАБОТА", "1", "Тренировки", "в течение года", "Тренер"),
        ("СПОРТИВНАЯ РАБОТА", "2", "Медосмотр", "октябрь", "Медсестра"),
    ]


def test_number_header_over_several_grid_columns_takes_the_cell_that_reads_as_a_number():
    """«№ п/п» merged over two grid columns; some rows put a quarter («I четверть») in the
    first of them and the item number in the second (a real .doc school plan)."""
    table = _table([[("№ п/п", 2), "Содержание", "Сроки", "Ответственные"],
                    [("1", 2), "Смотр кабинетов", "август", "Директор"],
                    ["I четверть", "1", "Проверка личных дел", "сентябрь", "Завуч"],
                    ["I четверть", "2", "Посещение уроков", "сентябрь", "Завуч"],
                    ["", "3", "Контрольный срез", "октябрь", "Завуч"]])
    found = structure(Document(path="x.docx", format="docx", blocks=[table]))
    assert [(r.item_no, r.activity) for r in found.rows] == [
        ("1", "Смотр кабинетов"), ("1", "Проверка личных дел"), ("2", "Посещение уроков"),
        ("3", "Контрольный срез")]
    # the quarter is not lost: it stays with the row under its header
    assert [r.extra for r in found.rows] == [{}, {"№ п/п": "I четверть"},
                                             {"№ п/п": "I четверть"}, {}]


def test_section_number_in_number_column_fillers_and_totals():
    """«1.» in the № column with the title beside it is a section (its number prefixes the
    items below); «…» rows and an «Итого» row are not activities."""
    t = _table([
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["1.", "Организационная работа", "", ""],
        ["1.1", "Совещание", "май 2023", "Отдел образования"],
        ["…", "…", "…", "…"],
        ["2", "Работа с кадрами", "", ""],
        ["2.1", "Курсы", "2023 год", "ЦНППМ"],
        ["", "Итого:", "", ""],
    ])
    rows = structure(Document(path="x.docx", format="docx", blocks=[t])).rows
    assert [(r.section_no, r.section_title, r.item_no, r.activity) for r in rows] == [
        ("1", "Организационная работа", "1.1", "Совещание"),
        ("2", "Работа с кадрами", "2.1", "Курсы"),
    ]


def test_continuation_table_starting_with_number_row_keeps_the_section():
    """«Продолжение таблицы» opening with the «1 2 3 4» row, after a part that ended on a
    section heading."""
    t1 = _table([["№", "Мероприятие", "Срок", "Ответственный"],
                 ["1", "Совещание", "май 2023", "Отдел"],
                 [("2. Кадры", 4)]])
    t2 = _table([["1", "2", "3", "4"], ["2", "Курсы", "2023 год", "ЦНППМ"]])
    t2.index = 1
    doc = Document(path="x.docx", format="docx",
                   blocks=[t1, Paragraph("Продолжение таблицы"), t2])
    rows = structure(doc).rows
    assert [(r.section_no, r.item_no, r.activity) for r in rows] == [
        ("", "1", "Совещание"), ("2", "2", "Курсы")]


def _snapshot(doc: Document):
    """Everything a Document holds, as plain values, with the identity of every block and cell."""
    import dataclasses
    return (dataclasses.asdict(doc),
            [(id(b), [id(c) for c in getattr(b, "cells", [])]) for b in doc.blocks])


@pytest.mark.parametrize("path", [
    "tests/fixtures/realworld/rybinsk_sport_program_2017_2022.pdf",   # cut words joined
    raw("sayansky_2020", "pdf"), raw("kedrovy_2022", "docx")])
def test_structure_leaves_the_document_as_the_extractor_made_it(path):
    """structure() reads the tables into new ones (logical grid, cut words joined) and
    returns them; the extractor's Document, its cells' texts and word cuts stay as they were."""
    doc = extract(os.path.join(ROOT, path))
    before = _snapshot(doc)
    found = structure(doc)
    assert _snapshot(doc) == before
    assert len(found.tables) == len(doc.tables)
    assert not {id(c) for t in found.tables for c in t.cells} & \
        {id(c) for t in doc.tables for c in t.cells}
    assert all(c.cuts == () for t in found.tables for c in t.cells)
    if doc.format == "pdf":     # the extractor found possible word cuts; in rybinsk real ones
        assert any(c.cuts for t in doc.tables for c in t.cells)
        assert all(t.page == t.row_pages[0] and t.source_page(0) == t.page for t in doc.tables)
        assert all(isinstance(c.place, PdfPlace) and c.place.page in t.row_pages
                   for t in doc.tables for c in t.cells)
        if "rybinsk" in path:
            read = [fold(c.text) for t in found.tables for c in t.cells]
            assert any(t.startswith("Пантелеев Вячеслав Васильевич, начальник Управления,")
                       for t in read)
            assert not any(t.startswith("Пантелее в") for t in read)
            assert any(fold(c.text).startswith("Пантелее в Вячеслав Васильев ич")
                       for t in doc.tables for c in t.cells)


# pages of real Word plans saved as PDF by LibreOffice (tests/fixtures/realworld/office_pdf)
OFFICE_PDF = os.path.join(ROOT, "tests", "fixtures", "realworld", "office_pdf")


def variant(name: str) -> str:
    """A page extract of a corpus plan re-rendered by bench/variants.py (tests/fixtures/variants)."""
    return os.path.join(ROOT, "tests", "fixtures", "variants", name)


def _office_rows(name: str):
    return structure(extract(os.path.join(OFFICE_PDF, name))).rows


def test_row_cut_by_a_page_break_above_the_foot_is_joined_when_its_cells_go_on():
    """The table on page 89 ends above the page's foot (its next row did not fit), yet its
    last row is cut: «… на родительских собраниях и с» ⏎ «учащимися», «Зам. директора по» ⏎
    «ВР». Two cells going on (lowercase, or the end of an open phrase) make it one row."""
    rows = _office_rows("nakhodka_school11_work_plan_2015_p89-90.pdf")
    talks = [r for r in rows if fold(r.activity).startswith("Беседы инспектора ГИБДД")]
    assert len(talks) == 1
    assert fold(talks[0].activity).endswith("на родительских собраниях и с учащимися")
    assert fold(talks[0].responsible_raw) == "Зам. директора по ВР"
    assert not any(fold(r.activity).startswith("учащимися") for r in rows)


def test_pieces_with_a_group_cell_and_a_border_printed_off_make_one_table():
    """Three pages of a control plan: a «III четверть» cell merged over the rows goes on over
    the page break, and one of the two Word tables sharing page 38 prints the activity /
    deadline border 7 pt to the right. The pages are one table; the row the break cut is one
    record; every deadline stays in the deadline column."""
    doc = extract(os.path.join(OFFICE_PDF, "nakhodka_school11_work_plan_2015_p37-39.pdf"))
    assert len(doc.tables) == 1
    rows = structure(doc).rows
    by_activity = {fold(r.activity): r for r in rows}
    diaries = [a for a in by_activity if a.startswith("Проверка дневников учащихся 6-х")]
    assert diaries and "аккуратность и регулярность заполнения дневников" in diaries[0]
    assert not any(a.startswith("6-х классов") for a in by_activity)
    assert fold(by_activity["Посещение уроков вновь прибывших учителей."].deadline_text) == \
        "В течение месяца"
    assert fold(by_activity["Корректировка базы данных ЕГЭ, ОГЭ"].deadline_text) == "До 20.01.11"
    assert all(not fold(r.deadline_text).startswith(("1.", "2.", "3.")) for r in rows)


def test_headerless_table_whose_cells_contradict_the_previous_columns_is_read_alone():
    """A headerless table with as many columns as the plan before it does not continue it
    when its cells say otherwise: the previous plan's responsible column holds months here
    («Август», «Ноябрь») and its deadline column the forms of work."""
    from pipeline.structure import ColumnRole, TableLayout, layout_of, read_table
    doc = extract(os.path.join(OFFICE_PDF, "ussuriysk_cssu_annual_plan_uvr_2016_p44.pdf"))
    table = read_table(doc.tables[0], "pdf")
    previous = TableLayout(header_rows=1, number_row=False, columns=[
        ColumnRole("number", "№"), ColumnRole("activity", "Мероприятие"),
        ColumnRole("responsible", ""), ColumnRole("deadline", "Срок исполнения"),
        ColumnRole("note", "Цель мероприятия")])
    layout = layout_of(table, previous)
    assert layout.cols("deadline") == [2] and layout.cols("responsible") == [4]
    rows = structure(doc).rows
    assert rows and all(fold(r.responsible_raw)[:1].isupper() and
                        "Август" not in r.responsible_raw for r in rows)


def test_values_wrapped_over_lines_are_cut_by_paragraph_as_the_word_file_has_them():
    """A cell of eight numbered checks beside a deadline cell of eight values, two of which
    the column's width wrapped over two lines («14.09.-» ⏎ «19.09», «В течение» ⏎ «месяца»),
    with empty lines between some. Read by paragraph (a line whose next word would not
    have fitted goes on; a gap is an empty line) the cell holds eight values: one each."""
    rows = _office_rows("celinny_school_plan_2015_p3.pdf")
    checks = [r for r in rows if r.section_title == "Внутришкольный контроль"]
    assert [fold(r.activity) for r in checks][:2] == [
        "Проверка личных дел учащихся и учителей.",
        "Проверка правильности оформления классных журналов."]
    assert [fold(r.deadline_text) for r in checks] == [
        "в теч. мес.", "в теч.месяца", "14.09.-19.09", "В течение месяца", "до 15.09",
        "01.09", "до10.09", "В течение месяца"]


def test_numbers_wrapped_in_a_narrow_number_cell_are_one_number_and_a_cut_one_goes_on():
    """A narrow № column prints «3.4» as «3.» ⏎ «4»: one number, not two items of the row.
    The page break cut «3.5» after its dot («3.» at the foot of page 18, «5» and
    «продуктов и особенно …» at the top of page 19): the row goes on over the break."""
    rows = _office_rows("ussuriysk_detdom_annual_plan_uvr_2013_p17-19.pdf")
    by_no = {r.item_no: fold(r.activity) for r in rows}
    assert by_no["3.4"] == "Бракераж готовой продукции"
    assert by_no["3.5"] == "Контроль за хранением продуктов и особенно скоропортящихся"
    assert by_no["1.2"].startswith("На вновь поступивших воспитанников своевременно")
    assert not any(fold(r.activity)[:1].islower() for r in rows)
    assert len(rows) == 24


def test_numbered_plan_whose_number_header_overflows_its_column_is_read():
    """The «№» header printed over the border into «Содержание»: the plan is still read,
    numbers in the № column, activities in «Содержание»."""
    rows = _office_rows("ussuriysk_cssu_annual_plan_uvr_2016_p29.pdf")
    assert [r.item_no for r in rows] == ["1", "2"]
    assert fold(rows[0].activity) == "Инструктажи с воспитанниками"
    assert fold(rows[1].activity).startswith("Тема: «Знакомство с улицей»")


def test_group_cell_the_page_break_left_open_between_closed_neighbours_is_a_cell():
    """«Работа с учащимися», a group cell merged down to the foot of page 43, is printed
    without its bottom line while its neighbours' bottom lines end at its borders. Its
    words fell out of the table and, as text between the pieces, stopped page 44 from
    continuing it: «Итоги IV четверти, года (отчеты классных руководителей,» lost its rest
    «учителей-предметников)». The gap in the line is closed: one table, one row."""
    doc = extract(os.path.join(OFFICE_PDF, "nakhodka_school11_work_plan_2015_p43-44.pdf"))
    assert len(doc.tables) == 1
    assert not any(isinstance(b, Paragraph) and "Работа с" in b.text for b in doc.blocks)
    rows = structure(doc).rows
    results = [fold(r.activity) for r in rows if fold(r.activity).startswith("Итоги IV четверти")]
    assert results == ["Итоги IV четверти, года (отчеты классных руководителей, "
                       "учителей-предметников)"]


def test_heading_row_ending_in_a_colon_goes_on_over_the_page_break():
    """«ФИНАНСОВО-ХОЗЯЙСТВЕННАЯ ДЕЯТЕЛЬНОСТЬ ⏎ Цель:» at the foot of page 4, its list
    «- совершенствование нормативно-правовой базы …» at the top of page 5, both printed as
    full-width rows. A full-width row is a heading, never a fragment, unless the one above
    ends by announcing it: the list is the heading's, and the section stays the heading."""
    rows = _office_rows("rybinsk_sport_school_plan_2019_p4-5.pdf")
    titles = {fold(r.section_title) for r in rows}
    assert "ФИНАНСОВО-ХОЗЯЙСТВЕННАЯ ДЕЯТЕЛЬНОСТЬ" in titles
    assert not any(t.startswith("- совершенствование") for t in titles)


def test_header_word_overflowing_its_narrow_column_stays_in_it():
    """«№ п/п» printed on one line in a 25 pt column: «п/п» runs over the border into
    «Мероприятия», and the activity column's header read «п/п Мероприятия» (an unknown
    word in it: the plan of ten rows was not recognised). A word that goes on a line of
    the cell it starts in, a space after its last word, is that cell's."""
    rows = _office_rows("ussuriysk_cssu_prevention_plans_2018_p6.pdf")
    acts = [fold(r.activity) for r in rows]
    assert any(a.startswith("Распределение обязанностей в работе по созданию") for a in acts)
    assert {r.section_title for r in rows} >= {"Работа с кадрами", "Работа с воспитанниками"}


def test_lines_that_surely_go_on_are_one_value_when_counting_a_cells_values():
    """«Тема: «Мы - пешеходы». 1. Встреча с инспектором … 2. Отгадывание загадок …» (the
    rest of the theme is on the next page) beside «Зам директора» ⏎ «по УВР» ⏎
    «Воспитатели». «по УВР» goes on in lowercase: surely one value with the line above;
    whether «Воспитатели» goes on the geometry cannot tell. Read as two values, as many as
    the activities, each activity gets its own."""
    rows = _office_rows("ussuriysk_cssu_annual_plan_uvr_2016_p29-30.pdf")
    got = [(fold(r.activity)[:20], fold(r.responsible_raw)) for r in rows
           if r.section_title.startswith("Тема: «Мы - пешеходы»")]
    assert got == [("Встреча с инспекторо", "Зам директора по УВР"),
                   ("Отгадывание загадок ", "Воспитатели")]


def test_a_row_the_page_break_cut_that_goes_on_with_an_abbreviation_in_capitals():
    """A corpus plan printed by LibreOffice with plain (not bold) section rows: the row
    «Разработка, корректировка школьной программы …» is cut by the page break, and its rest on
    the next page opens with «ШНРО и ШНСУ - электронной оболочки …» beside cells that plainly go
    on («рекомендаций по …», «- электронной …», «края.»). A capitalised abbreviation starts no
    new row: the rest joins the row above (one row, three years), as in the DOCX."""
    found = structure(extract(variant("kedrovy_2022__sec_not_bold_p7-8.pdf")))
    acts = [fold(r.activity) for r in found.rows]
    assert not [a for a in acts if a.startswith("ШНРО")]
    school = [r for r in found.rows if fold(r.activity).startswith("Разработка, корректировка школьной")]
    assert [r.year for r in school] == ["2022", "2023", "2024"]
    assert all(fold(r.activity).endswith("ШНРО и ШНСУ (2021-2022г.г.)") for r in school)
    assert len(found.rows) == 9


def test_a_deadline_merged_over_rows_that_a_page_break_cuts_serves_every_row():
    """Word merges one deadline cell over rows 10–12 («10.03.2022»); the page break falls after
    row 10, so the cell's text prints on page 3 and rows 11–12 on page 4 show one empty cell
    merged over both. The merge runs on: rows 11 and 12 have the deadline of row 10, as in the
    DOCX; a merge that begins on page 3 (rows 7–9, «25.02.2022») is read as before."""
    found = structure(extract(variant("krasnoyarsk_region_2022__vmerge_deadline_p3-4.pdf")))
    deadline = {r.item_no: fold(r.deadline_text) for r in found.rows}
    assert [deadline[n] for n in ("7", "8", "9")] == ["25.02.2022"] * 3
    assert [deadline[n] for n in ("10", "11", "12")] == ["10.03.2022"] * 3
    assert [deadline[n] for n in ("13", "14", "15")] == ["21.03–27.03.2022"] * 3


def test_a_cut_row_whose_rest_opens_with_a_capital_beside_cells_that_go_on():
    """A plan with the years as columns (one result-and-deadline cell merged over them): the
    page break cuts a row, and its rest on the next page opens with «Мониторинг показателей»
    (the activity's last words) beside a merged cell that goes on in lowercase («на основе
    данных …, Июнь-август 2022») and empty responsible and report cells that the row above
    filled. That is the rest of the row (its deadline included), not three new rows."""
    found = structure(extract(variant("kedrovy_2022__syn_d_p3-4.pdf")))
    acts = [fold(r.activity) for r in found.rows]
    assert not [a for a in acts if a.startswith("Мониторинг показателей")]
    cut = [r for r in found.rows if fold(r.activity).startswith("Проведение анализа в области")]
    assert [r.year for r in cut] == ["2022", "2023", "2024"]
    assert all(fold(r.activity).endswith("образования Мониторинг показателей") for r in cut)
    assert all(fold(r.deadline_text).endswith("ШНСУ) Июнь-август 2022") for r in cut)


def test_an_item_number_closed_by_a_paren_at_a_page_top_starts_a_new_row():
    """Item numbers printed «21)», «22)»: row 22 opens page 6 with its own number, so it is a
    new row, not the rest of row 21 cut by the page break."""
    found = structure(extract(variant("krasnoyarsk_region_2022__item_paren_p5-6.pdf")))
    numbers = [r.item_no for r in found.rows]
    assert "21" in numbers and "22" in numbers
    assert all(r.deadline_text.count("2022") == 1 for r in found.rows if r.item_no in ("21", "22"))


def test_a_section_heading_cut_by_the_page_break_mid_phrase_goes_on():
    """A full-width section row «6. Реализация механизмов … педагогических и» ends page 6; its
    rest «управленческих кадров в области …» opens page 7 in lowercase after «и»: one heading,
    not a section titled with its last words."""
    found = structure(extract(variant("sayansky_2020__item_paren_p6-7.pdf")))
    six = [fold(r.section_title) for r in found.rows if r.section_no == "6"]
    assert six and all("педагогических и управленческих кадров" in t for t in six)
    assert not [r for r in found.rows if fold(r.section_title)[:1].islower()]


def test_the_rest_of_a_row_under_a_merged_number_and_activity_is_no_new_row():
    """№ and activity merged over rows 10–11; the page break cuts row 11, whose report cell
    goes on at the top of page 4 («… материалов мероприятия на» ⏎ «информационном ресурсе»),
    every other cell there empty. That is row 11's rest, not a third row of the group with no
    deadline."""
    found = structure(extract(variant("krasnoyarsk_region_2022__vmerge_activity_p3-4.pdf")))
    group = [r for r in found.rows if fold(r.activity).startswith("Сопровождение планирования")]
    assert [fold(r.deadline_text) for r in group] == ["10.03.2022", "11.03.2022", "12.03.2022"]
    assert fold(group[1].report_form).endswith("мероприятия на информационном ресурсе")


def test_a_new_row_under_cells_merged_over_a_page_break_is_its_own_row():
    """Word merges «№» and the activity over two rows of deadlines and results; the page
    break falls between the two rows, so page 2 opens with no number, the merged activity's
    last word («ШНРО») and a second row's own deadline, result, responsible and report
    (bench/variants.py vmerge_activity). Their cells above had ended before the page's foot:
    it is a new row of the merged activity, as in the DOCX, not the rest of the row above."""
    rows = structure(extract(variant("sayansky_2020__vmerge_activity_p1-3.pdf"))).rows
    first = [(r.item_no, fold(r.deadline_text), fold(r.expected_result)[:24]) for r in rows
             if fold(r.activity) == "Формирование и организация муниципальной команды по "
             "поддержке и сопровождению ШНРО"]
    assert first == [("1.1", "Август-сентябрь 2020г.", "Определен функционал, ор"),
                     ("1.1", "2020-2022г.", "Осуществлена деятельност")]
    # the merged activity with nothing of it on page 3: the same
    assert [fold(r.deadline_text) for r in rows if r.item_no == "2.2"] == \
        ["Май, ноябрь 2020-2022г.", "Июнь 2020 - 2022г."]
    # a row the break cut (its cells above ran down to the foot) is still one row
    assert len([r for r in rows if r.item_no == "1.4"]) == 1



def test_an_approval_block_laid_out_in_a_table_above_the_plan_gives_the_act(tmp_path):
    """«УТВЕРЖДАЮ … Приказ № 45-од от 01.09.2023» in a table without borders above the plan
    (a layout table, no plan): its lines are read with the paragraphs, in their place."""
    from pipeline.records import build_document
    source = tmp_path / "plan.docx"
    source.write_bytes(b"stand-in")
    stamp = Table(index=0, n_rows=1, n_cols=2, page=1, row_pages=[1], cells=[
        Cell("СОГЛАСОВАНО\nна педагогическом совете\nпротокол № 1", 0, 0),
        Cell("УТВЕРЖДАЮ\nДиректор МБОУ СОШ № 5\nПриказ № 45-од от 01.09.2023", 0, 1)])
    plan = _table([["№", "Мероприятие", "Срок", "Ответственный"],
                   ["1", "Педагогический совет", "август 2023", "Директор"]])
    plan.index = 1
    doc = Document(path=str(source), format="docx", blocks=[
        stamp, Paragraph("План мероприятий по профилактике правонарушений на 2023-2024 учебный год"),
        plan])
    record = build_document(doc, structure(doc), "x")
    assert (record.meta.approved_number, record.meta.approved_date) == ("45-од", "2023-09-01")
    assert len(record.activities) == 1


def test_the_dot_of_a_list_number_overflowing_a_narrow_number_column_stays_with_it():
    """Word's list number «1.» in a narrow № column: its dot begins left of the column's
    border and ends right of it, touching the activity («1.Педсовет.» is one word to
    pdfplumber). The cut at the border goes after the dot: item 1, «Педсовет. …». A whole
    list number wider than the column overflows it uncut."""
    rows = _office_rows("ussuriysk_cssu_annual_plan_uvr_2016_p7-8.pdf")
    council = [r for r in rows if "Педсовет. Планирование работы" in fold(r.activity)]
    assert [(r.item_no, fold(r.activity)[:29]) for r in council] == \
        [("1", "Педсовет. Планирование работы")]
    assert not any(fold(r.activity).startswith(".") for r in rows)
    # «10.» on page 8 is wider than the column: the whole number overflows, uncut («1» |
    # «0. Заседание …» before)
    assert [r.item_no for r in rows if fold(r.activity) == "Заседание методического совета"
            ][:1] == ["10"]
    assert not any(re.match(r"\d\. ", fold(r.activity)) for r in rows)
    assert len(rows) >= 16


def test_activities_numbered_in_the_number_cell_are_cut_by_the_heights_of_the_numbers():
    """One row holds five activities: «1.» … «5.» in the № cell, each printed beside the
    first line of its activity, which wraps over one or two lines (the Word author kept them
    side by side with empty paragraphs). The paragraphs do not line up with the numbers;
    the printed heights do: five records, each with the deadline printed beside it."""
    rows = _office_rows("ussuriysk_cssu_annual_plan_uvr_2016_p34-35.pdf")
    group = [(r.item_no, fold(r.activity)[:27], fold(r.deadline_text)) for r in rows
             if r.item_no in ("1", "2", "3", "4", "5") and "несколько мероприятий в одной ячейке"
             in " ".join(r.check)]
    assert group[:5] == [
        ("1", "Заключение между воспитанни", "Сентябрь"),
        ("2", "Намеченные пути поддержки и", "Постоянно"),
        ("3", "Профилактические беседы", "Постоянно"),
        ("4", "Консультации и наблюдения у", "По мере необходимости"),
        ("5", "Определение на лечение в ст", "")]
    assert not any(r.item_no.startswith("1. 2.") for r in rows)


def test_the_rest_of_a_cut_row_under_a_merged_activity_opening_with_capitals_goes_on():
    """«3.2 Разработка ШППКО» is merged over two rows; the page break cuts the second row's
    result after «… ШППКО для» and its rest opens page 4 with an abbreviation in capitals
    («МКОУ Орьевская, Среднеагинская СОШ. …»), every other cell empty. The result cell
    above printed the most lines of its row (it ran down to the foot): it goes on, the row
    is not a third one of the group."""
    rows = structure(extract(variant("sayansky_2020__portrait_p1-4.pdf"))).rows
    group = [r for r in rows if r.item_no == "3.2"]
    assert [fold(r.deadline_text) for r in group] == ["апрель-август 2020г."] * 2
    assert fold(group[1].expected_result).startswith("Организовано сопровождение")
    assert "МКОУ Орьевская, Среднеагинская СОШ" in fold(group[1].expected_result)


def test_an_item_number_a_narrow_column_wrapped_after_a_digit_is_one_number():
    """«5.10» printed as «5.1» ⏎ «0» in a narrow № cell (the next line would not have fitted:
    layout flag 1) is one number, as «3.» ⏎ «4» is 3.4; two numbers of their own lines stay
    two paragraphs."""
    from extractors.model import paragraphs_of
    assert paragraphs_of(Cell("5.1\n0", 0, 0, layout=((3, 0, 1), (1, 0, 0)))) == "5.10"
    assert paragraphs_of(Cell("3.\n4", 0, 0, layout=((2, 0, 1), (1, 0, 0)))) == "3.4"
    assert paragraphs_of(Cell("1.\n2.", 0, 0, layout=((2, 0, 0), (2, 0, 0)))) == "1.\n2."
    assert paragraphs_of(Cell("от\n10 до 12", 0, 0, layout=((2, 0, 1), (6, 0, 0)))) == \
        "от 10 до 12"


def _word_table(path, header_rows, rows, merges=()):
    write_docx(path, [header_rows + rows], ["План мероприятий на 2024-2025 годы"],
               [(0, *m) for m in merges])
    return structure(extract(str(path))).rows


def test_start_and_end_columns_make_one_deadline(tmp_path):
    """«Сроки» over «начало» | «окончание» (or «Срок начала» | «Срок окончания»): one
    deadline from the start to the end; before, the end column was dropped as a note."""
    rows = _word_table(tmp_path / "a.docx",
                       [["№", "Мероприятие", "Сроки", "Сроки", "Ответственный"],
                        ["№", "Мероприятие", "начало", "окончание", "Ответственный"]],
                       [["1", "Разработка программы", "01.09.2024", "31.12.2024", "Директор"]],
                       merges=[(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4)])
    assert [(r.deadline_text, r.responsible_raw) for r in rows] == [
        ("01.09.2024 – 31.12.2024", "Директор")]
    rows = _word_table(tmp_path / "b.docx",
                       [["№", "Мероприятие", "Срок начала реализации", "Срок окончания реализации",
                         "Исполнитель"]],
                       [["1", "Реализация программы", "январь 2025", "май 2025", "Методист"],
                        ["2", "Отчет", "", "июнь 2025", "Методист"]])
    assert [r.deadline_text for r in rows] == ["январь 2025 – май 2025", "июнь 2025"]
    rows = _word_table(tmp_path / "c.docx",                 # two deadlines, not a range
                       [["№", "Мероприятие", "Срок исполнения", "Срок представления отчета",
                         "Ответственный"]],
                       [["1", "Разработка программы", "до 01.09.2024", "10.09.2024", "Директор"]])
    assert [r.deadline_text for r in rows] == ["до 01.09.2024"]


def test_ticked_time_columns_give_the_deadline(tmp_path):
    """Quarter or month columns ticked with «+» per row: the row's deadline is the headers of
    the columns it ticks (before, the deadline was empty); a row with a deadline cell of its
    own keeps it; columns whose cells hold text are no tick columns."""
    rows = _word_table(tmp_path / "q.docx",
                       [["№", "Мероприятие", "Срок", "I кв.", "II кв.", "III кв.", "Ответственный"]],
                       [["1", "Семинар для учителей", "", "+", "", "+", "Методист"],
                        ["2", "Мониторинг качества", "март", "", "+", "", "Заместитель директора"]])
    assert [r.deadline_text for r in rows] == ["I кв.; III кв.", "март"]
    rows = _word_table(tmp_path / "m.docx",
                       [["№", "Мероприятие", "Сентябрь", "Октябрь", "Ответственный"]],
                       [["1", "Педсовет", "+", "", "Директор"], ["2", "Линейка", "", "v", "Директор"]])
    assert [r.deadline_text for r in rows] == ["Сентябрь", "Октябрь"]
    rows = _word_table(tmp_path / "y.docx",
                       [["№", "Мероприятие", "Сентябрь 2024 г.", "Октябрь 2024 г.", "Ответственный"]],
                       [["1", "Педсовет", "", "+", "Директор"]])
    assert [r.deadline_text for r in rows] == ["Октябрь 2024 г."]
    rows = _word_table(tmp_path / "t.docx",
                       [["№", "Мероприятие", "I кв.", "II кв.", "Ответственный"]],
                       [["1", "Семинар", "проведено 2 семинара", "+", "Методист"]])
    assert [r.deadline_text for r in rows] == [""]


def test_a_column_of_tasks_before_the_activities_groups_them(tmp_path):
    """«Задачи» | «Мероприятия» (or «Направление деятельности» | «Мероприятия»): both name an
    activity column; the one that says «мероприятие» is the activity, the one before it gives
    the rows their section. Before, the tasks were read as the activities and the activities
    were dropped as a note."""
    rows = _word_table(tmp_path / "t.docx",
                       [["№", "Задачи", "Мероприятия", "Сроки", "Ответственные"]],
                       [["1", "Повысить качество образования", "Семинар по ФГОС", "октябрь", "Методист"],
                        ["2", "Поддержать молодых педагогов", "Наставничество", "в течение года",
                         "Директор"]])
    assert [(r.activity, r.section_title) for r in rows] == [
        ("Семинар по ФГОС", "Повысить качество образования"),
        ("Наставничество", "Поддержать молодых педагогов")]


def test_an_activity_tables_indicator_column_is_its_expected_result(tmp_path):
    """«Показатель» / «Контрольные показатели» beside the activities (no result column): what
    each activity should achieve, its expected result. Before, the column was dropped; a
    table of indicators without activities stays an indicator table."""
    rows = _word_table(tmp_path / "p.docx",
                       [["№", "Мероприятие", "Срок", "Ответственный", "Контрольные показатели"]],
                       [["1", "Семинар по ФГОС", "март", "Методист", "100% педагогов"]])
    assert [(r.expected_result, r.responsible_raw) for r in rows] == [("100% педагогов", "Методист")]
    rows = _word_table(tmp_path / "q.docx",
                       [["№", "Мероприятие", "Срок", "Результат", "Показатель"]],
                       [["1", "Семинар", "март", "Повышение квалификации", "100% педагогов"]])
    assert [r.expected_result for r in rows] == ["Повышение квалификации"]


def test_a_title_typed_into_the_tables_first_row_is_no_obstacle(tmp_path):
    """«План работы … на 2024/2025 учебный год» typed into a first row merged across the
    table, the header below it: before, no header was found and the whole plan was «no plan
    table»; now the rows are records and the title is the document's (its period settles the
    deadlines' years)."""
    import csv

    from pipeline.batch import Batch
    src = tmp_path / "plan.docx"
    write_docx(src, [[["План работы школы по профилактике правонарушений на 2024/2025 учебный год",
                       "", "", ""],
                      ["№", "Мероприятие", "Срок", "Ответственный"],
                      ["1", "Семинар для классных руководителей", "октябрь", "Методист"],
                      ["2", "Педагогический совет", "август", "Директор"]]],
               merges=[(0, 0, 0, 0, 3)])
    out = tmp_path / "out"
    [o] = Batch(str(out), workers=1, progress=False).run([str(src)])
    assert o.status == "imported" and o.records == 2
    [doc] = list(csv.DictReader(open(out / "documents.csv", encoding="utf-8-sig")))
    assert doc["title"].startswith("План работы школы по профилактике") and \
        (doc["period_start"], doc["period_end"]) == ("2024", "2025")
    acts = list(csv.DictReader(open(out / "activities.csv", encoding="utf-8-sig")))
    assert [(a["activity"], a["deadlines"]) for a in acts] == [
        ("Семинар для классных руководителей", "2024-10-01/2024-10-31"),
        ("Педагогический совет", "2025-08-01/2025-08-31")]


def test_an_empty_first_row_or_a_section_heading_above_the_header(tmp_path):
    """An empty first row above the header (before: the whole table «no plan»), and a numbered
    section heading typed across the table above the header: the rows sit under it."""
    rows = _word_table(tmp_path / "e.docx",
                       [["", "", "", ""], ["№", "Мероприятие", "Срок", "Ответственный"]],
                       [["1", "Семинар", "март 2024", "Методист"]])
    assert [r.activity for r in rows] == ["Семинар"]
    rows = _word_table(tmp_path / "s.docx",
                       [["Раздел 1. Организационная работа", "", "", ""],
                        ["№", "Мероприятие", "Срок", "Ответственный"]],
                       [["1", "Семинар", "март 2024", "Методист"]], merges=[(0, 0, 0, 3)])
    assert [(r.activity, r.section_no, r.section_title) for r in rows] == [
        ("Семинар", "1", "Организационная работа")]


def test_a_word_grid_with_an_empty_strip_along_its_edge_is_read_on_its_columns():
    """Every row of a real .doc plan ended in an empty cell of an empty grid column; the
    rows otherwise held 6 cells or one heading across, on different splits of a 14-column
    grid. Before, the strip kept the grid as it was, and a deadline read a neighbour's text."""
    from pipeline.structure import regular_grid
    cells = [Cell("Сроки", 0, 0), Cell("Мероприятия", 0, 1, colspan=2), Cell("Ответственный", 0, 3),
             Cell("", 0, 4),
             Cell("Организационная работа", 1, 0, colspan=4), Cell("", 1, 4),
             Cell("Сентябрь 2019", 2, 0, colspan=2), Cell("Разработка алгоритма", 2, 2),
             Cell("Руководитель службы", 2, 3), Cell("", 2, 4)]
    grid = regular_grid(Table(index=0, cells=cells, n_rows=3, n_cols=5)).grid()
    assert [[c.text for c in row] for row in grid] == [
        ["Сроки", "Мероприятия", "Ответственный"],
        ["Организационная работа"] * 3,
        ["Сентябрь 2019", "Разработка алгоритма", "Руководитель службы"]]


def test_a_cell_reaching_in_from_the_left_belongs_to_the_column_it_starts_in(tmp_path):
    """A Word row whose deadline cell is wider than the «Сроки» header above it (Word's
    irregular grids): the activity is the cell that starts under «Мероприятия», not the
    deadline reaching in. Before, «Сентябрь 2024» was the activity and the deadline both."""
    rows = _word_table(tmp_path / "a.docx",
                       [["Сроки", "Мероприятия", "", "Ответственный", "Результат"]],
                       [["Сентябрь 2024", "", "Разработка положения", "Директор", "Положение"],
                        ["Организационная работа", "", "", "", ""],
                        ["Октябрь 2024", "", "Совещание с педагогами", "Завуч", "Протокол"]],
                       merges=[(0, 1, 0, 2), (1, 0, 1, 1), (2, 0, 2, 3), (3, 0, 3, 1)])
    assert [(r.activity, r.deadline_text, r.responsible_raw, r.section_title) for r in rows] == [
        ("Разработка положения", "Сентябрь 2024", "Директор", ""),
        ("Совещание с педагогами", "Октябрь 2024", "Завуч", "Организационная работа")]


def test_cells_under_headers_of_no_role_are_kept_as_notes(tmp_path):
    """«Категория участников», «Отметка о выполнении»: read into the record's `notes`
    («header: text»), not dropped; a cell another column's role took is not repeated."""
    from pipeline.parse import parse
    path = tmp_path / "notes.docx"
    write_docx(path, [[["№", "Мероприятие", "Категория участников", "Срок", "Ответственный",
                        "Отметка о выполнении"],
                       ["1", "Родительское собрание", "родители 1-4 классов", "сентябрь 2024",
                        "Директор", "выполнено"],
                       ["2", "Совещание", "", "октябрь 2024", "Завуч", ""]]],
               ["План работы школы на 2024/2025 учебный год"])
    rec = parse(str(path))
    assert [(a.activity, a.notes) for a in rec.activities] == [
        ("Родительское собрание",
         "Категория участников: родители 1-4 классов | Отметка о выполнении: выполнено"),
        ("Совещание", "")]


def test_a_heading_across_the_role_columns_is_a_section_whatever_stands_beyond(tmp_path):
    """A heading row merged across «Мероприятия», «Сроки» and «Ответственный» with one more
    cell of text past them (a real Word row stuck out past the header): a section, not an
    activity whose deadline and responsible were the heading again."""
    rows = _word_table(tmp_path / "a.docx",
                       [["Сроки", "Мероприятия", "Ответственный", "Цель"]],
                       [["Распространение опыта работы службы", "", "", "Всероссийский форум"],
                        ["Октябрь 2024", "Выступление на форуме", "Руководитель службы", "Обмен опытом"]],
                       merges=[(1, 0, 1, 2)])
    assert [(r.activity, r.deadline_text, r.section_title) for r in rows] == [
        ("Выступление на форуме", "Октябрь 2024", "Распространение опыта работы службы Всероссийский форум")]
    # a cell merged over the others beside a result of its own is a row of data (a real .doc
    # plan's «Июнь Итоги реализации …» | «Совещание при директоре»)
    rows = _word_table(tmp_path / "b.docx",
                       [["Мероприятия", "Сроки", "Ответственные", "Контрольные показатели"]],
                       [["Итоги реализации рабочих программ", "", "", "Совещание при директоре"]],
                       merges=[(1, 0, 1, 2)])
    assert [(r.activity, r.expected_result) for r in rows] == [
        ("Итоги реализации рабочих программ", "Совещание при директоре")]
