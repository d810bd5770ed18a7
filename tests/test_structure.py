"""Structure stage tests: header roles by lemma, number rows, sections, plan rows."""
import pytest

from extractors import extract
from extractors.model import Cell, Document, Paragraph, Table
from helpers import raw
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
