"""Word's automatic list numbers: the extractor shows the label Word displays (docx_numbering)."""
from __future__ import annotations

import os
import shutil

import pytest
from docx import Document as new_docx
from docx.oxml import parse_xml

from extractors import extract
from extractors.docx import extract_docx
from extractors.docx_numbering import format_number
from extractors.model import Paragraph, Table
from helpers import ROOT
from pipeline.structure import structure

REAL = os.path.join(ROOT, "tests", "fixtures", "realworld")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


ABSTRACTS = {
    "0": _lvl(0, "decimal", "%1.") + _lvl(1, "decimal", "%1.%2."),     # multi-level
    "1": _lvl(0, "upperRoman", "%1."),
    "2": _lvl(0, "bullet", "\u2022"),
    "3": _lvl(0, "russianLower", "%1)"),
    "4": _lvl(0, "decimal", "%1."),                                     # the № columns
    "5": _lvl(0, "decimal", "%1.", extra='<w:suff w:val="nothing"/>'),
}
NUMS = {  # numId → (abstractNumId, lvlOverride XML)
    "1": ("0", ""), "2": ("1", ""), "3": ("2", ""), "4": ("3", ""), "5": ("4", ""),
    "6": ("0", '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>'),
    "7": ("4", '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
    "8": ("5", ""),
}
STYLE = (f'<w:style {W} w:type="paragraph" w:styleId="NumberedItem"><w:name w:val="Numbered Item"/>'
         '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>')


def numbering_xml() -> str:
    abstracts = "".join(f'<w:abstractNum w:abstractNumId="{k}">{v}</w:abstractNum>'
                        for k, v in ABSTRACTS.items())
    nums = "".join(f'<w:num w:numId="{k}"><w:abstractNumId w:val="{a}"/>{o}</w:num>'
                   for k, (a, o) in NUMS.items())
    return f"<w:numbering {W}>{abstracts}{nums}</w:numbering>"


def numbered(paragraph, num_id: str, ilvl: int = 0) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def styled(paragraph, style_id: str) -> None:
    paragraph._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {W} w:val="{style_id}"/>'))


def numbered_table(word, n_rows: int, num_id: str = "5"):
    """A № column numbered automatically: each № cell holds one empty numbered paragraph."""
    table = word.add_table(rows=n_rows, cols=2)
    for r, row in enumerate(table.rows):
        numbered(row.cells[0].paragraphs[0], num_id)
        row.cells[1].text = f"Мероприятие {r + 1}"
    return table


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One DOCX with every kind of list this module checks, read by the extractor."""
    word = new_docx()
    word.part.numbering_part._element = parse_xml(numbering_xml())
    word.styles.element.append(parse_xml(STYLE))
    for text, ilvl in [("Цели", 0), ("Первая задача", 1), ("Вторая задача", 1),
                       ("Ресурсы", 0), ("Кадры", 1)]:
        numbered(word.add_paragraph(text), "1", ilvl)
    numbered(word.add_paragraph("Продолжение после рестарта"), "6")
    for text in ["Раздел один", "Раздел два", "Раздел три", "Раздел четыре"]:
        numbered(word.add_paragraph(text), "2")
    for text in ["пункт маркированный", "ещё пункт"]:
        numbered(word.add_paragraph(text), "3")
    for text in ["первое", "второе"]:
        numbered(word.add_paragraph(text), "4")
    numbered(word.add_paragraph("без номера"), "0")
    styled(word.add_paragraph("Раздел по стилю"), "NumberedItem")
    numbered(word.add_paragraph("Слитно"), "8")
    numbered_table(word, 3)
    word.add_paragraph("Текст между таблицами")
    numbered_table(word, 2)
    numbered_table(word, 2, num_id="7")                 # «restart numbering» in Word
    path = tmp_path_factory.mktemp("numbering") / "lists.docx"
    word.save(str(path))
    return extract_docx(str(path))


def paragraphs(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def number_column(table: Table) -> list[str]:
    return [row[0].text for row in table.grid()]


def test_decimal_and_multilevel_labels_restart_under_a_new_parent(built):
    assert paragraphs(built)[:5] == ["1. Цели", "1.1. Первая задача", "1.2. Вторая задача",
                                     "2. Ресурсы", "2.1. Кадры"]


def test_start_override_gives_the_restart_value(built):
    assert paragraphs(built)[5] == "7. Продолжение после рестарта"


def test_upper_roman_and_russian_letters(built):
    texts = paragraphs(built)
    assert texts[6:10] == ["I. Раздел один", "II. Раздел два", "III. Раздел три", "IV. Раздел четыре"]
    assert texts[12:14] == ["а) первое", "б) второе"]


def test_bullets_and_num_id_zero_carry_no_label(built):
    texts = paragraphs(built)
    assert texts[10:12] == ["пункт маркированный", "ещё пункт"]
    assert texts[14] == "без номера"


def test_numbering_inherited_from_the_paragraph_style_continues_its_list(built):
    assert paragraphs(built)[15] == "V. Раздел по стилю"


def test_suffix_nothing_joins_label_and_text(built):
    assert paragraphs(built)[16] == "1.Слитно"


def test_numbers_continue_across_tables_and_restart_where_word_restarts(built):
    tables = [b for b in built.blocks if isinstance(b, Table)]
    assert [number_column(t) for t in tables] == [["1.", "2.", "3."], ["4.", "5."], ["1.", "2."]]
    assert [row[1].text for row in tables[0].grid()] == ["Мероприятие 1", "Мероприятие 2",
                                                         "Мероприятие 3"]


@pytest.mark.parametrize("value, fmt, shown", [
    (4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (27, "upperLetter", "AA"),
    (3, "lowerLetter", "c"), (10, "russianLower", "к"), (1, "russianUpper", "А"),
    (7, "decimalZero", "07"), (12, "decimal", "12"), (5, "ordinal", "5"),
])
def test_number_formats(value, fmt, shown):
    assert format_number(value, fmt) == shown


def test_document_without_numbering_part_reads_as_before(tmp_path):
    word = new_docx()
    word.add_paragraph("1. Напечатанный номер")
    path = tmp_path / "plain.docx"
    word.save(str(path))
    assert paragraphs(extract_docx(str(path))) == ["1. Напечатанный номер"]


def _item_numbers(path: str) -> list[str]:
    return [row.item_no for row in structure(extract(path)).rows]


def test_real_docx_auto_numbered_column_gives_the_numbers_a_reader_sees():
    """Seven sections, each numbered from 1 by its own list (gold: ../shared/realworld)."""
    runs = [14, 16, 13, 8, 11, 4, 4]
    expected = [str(i) for n in runs for i in range(1, n + 1)]
    assert _item_numbers(os.path.join(REAL, "ussuriysk_cssu_security_plan_2019.docx")) == expected


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice not installed (apt-get install -y libreoffice-writer-nogui)")
def test_real_doc_numbering_survives_libreoffice_conversion():
    path = os.path.join(REAL, "ussuriysk_detdom_police_joint_plan_2013.doc")
    assert _item_numbers(path) == [str(i) for i in range(1, 58)]


def test_malformed_numbering_never_fails_the_document(tmp_path):
    """Dangling abstractNum, a start that is not a number, %N of a level that does not exist."""
    word = new_docx()
    word.part.numbering_part._element = parse_xml(
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="x"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%7."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="9"/></w:num></w:numbering>')
    for num_id in ["1", "1", "2", "3"]:
        numbered(word.add_paragraph("пункт"), num_id)
    path = tmp_path / "odd.docx"
    word.save(str(path))
    assert paragraphs(extract_docx(str(path))) == ["0.0. пункт", "1.0. пункт", "пункт", "пункт"]


def test_dash_labels_and_hidden_numbers_show_nothing(tmp_path):
    """A level printing «–» is a bullet in effect; a level whose number is hidden still counts."""
    word = new_docx()
    word.part.numbering_part._element = parse_xml(
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "none", "\u2013")
        + _lvl(1, "decimal", "%2.", extra='<w:rPr><w:vanish/></w:rPr>')
        + '</w:abstractNum><w:abstractNum w:abstractNumId="1">' + _lvl(0, "decimal", "%1.")
        + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    numbered(word.add_paragraph("тире"), "1", 0)
    numbered(word.add_paragraph("скрыт"), "1", 1)
    numbered(word.add_paragraph("виден"), "2", 0)
    path = tmp_path / "dash.docx"
    word.save(str(path))
    assert paragraphs(extract_docx(str(path))) == ["тире", "скрыт", "1. виден"]
