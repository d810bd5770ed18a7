"""Extractor tests on the real corpus files: cells, spans, pages, page-split joining."""
import os
import re

import pytest

from extractors import ExtractionError, extract, sniff_format
from extractors.model import Document, DocxPlace, Table
from helpers import DOC_IDS, ROOT, raw
from normalizers.text import fold, join_broken_words

# two pages of a real Word 97 plan saved as PDF by LibreOffice (white cell backgrounds)
OFFICE_PDF = "tests/fixtures/realworld/office_pdf/nakhodka_school11_work_plan_2015_p12-13.pdf"


def norm(text):
    """Folded text; a PDF cannot tell «июнь –⏎август» from «июнь – август», so a space
    after a spaced dash is not compared."""
    return re.sub(r" ([–—-]) ", r" \1", fold(text))


def cell_at(table: Table, row: int, col: int):
    return table.grid()[row][col]


def test_docx_header_spans_are_read_as_merged():
    t = extract(raw("kedrovy_2022", "docx")).tables[0]
    activity = cell_at(t, 0, 0)
    assert activity.text == "Мероприятие" and activity.rowspan == 2 and activity.colspan == 1
    key = cell_at(t, 0, 1)
    assert key.colspan == 3 and cell_at(t, 0, 3) is key
    assert [cell_at(t, 1, c).text for c in (1, 2, 3)] == ["2022", "2023", "2024"]
    # a merged cell is stored once, not repeated as duplicated text
    assert sum(1 for c in t.cells if c.text == "Мероприятие") == 1


def test_docx_section_row_is_one_cell_spanning_the_table():
    t = extract(raw("kedrovy_2022", "docx")).tables[0]
    section = cell_at(t, 2, 0)
    assert section.colspan == t.n_cols
    assert section.text.startswith("Направление №1")
    assert section.bold


def test_docx_vertical_merge_becomes_rowspan_and_keeps_line_breaks():
    t = extract(raw("sayansky_2020", "docx")).tables[0]
    merged = [c for c in t.cells if c.rowspan > 1 and c.row > 2]
    assert {c.text for c in merged if c.col == 0} == {"2.1", "3.2"}
    year_cell = cell_at(extract(raw("kedrovy_2022", "docx")).tables[0], 3, 1)
    assert year_cell.text.split("\n")[:2] == ["1. Создана рабочая группа.", "Февраль 2022"]


def test_docx_tables_are_numbered_and_paragraphs_keep_order():
    """A DOCX has no pages: each table has its number, each cell the table and Word row it
    was read from; SCHEMA's source_page of a row is the table's number."""
    doc = extract(raw("andropovsky_2022", "docx"))
    assert [t.number for t in doc.tables] == [1, 2, 3, 4]
    assert all(t.page is None and not t.row_pages for t in doc.tables)
    assert [t.source_page(0) for t in doc.tables] == [1, 2, 3, 4]
    for t in doc.tables:
        assert all(c.page is None and c.place == DocxPlace(t.number, c.row) for c in t.cells)
    texts = [b.text for b in doc.blocks if not isinstance(b, Table)]
    assert texts[0] == "Дорожная карта"
    first_table = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Table))
    assert doc.blocks[first_table - 1].text == "Целевые показатели реализации дорожной карты"


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_pdf_and_docx_give_the_same_tables(doc_id):
    """Stitched across pages, the PDF tables have the DOCX tables' shape and row texts."""
    d, p = extract(raw(doc_id, "docx")), extract(raw(doc_id, "pdf"))
    assert len(d.tables) == len(p.tables)
    for td, tp in zip(d.tables, p.tables):
        assert (td.n_rows, td.n_cols) == (tp.n_rows, tp.n_cols)
        gd, gp = td.grid(), tp.grid()
        for r in range(td.n_rows):
            for c in range(td.n_cols):
                a, b = gd[r][c], gp[r][c]
                assert norm(a.text if a else "") == norm(b.text if b else ""), (doc_id, r, c)


def test_pdf_repeated_header_dropped_and_cut_row_joined():
    doc = extract(raw("kedrovy_2022", "pdf"))
    assert doc.pages == 9
    t = doc.tables[0]
    headers = [c for c in t.cells if c.text == "Мероприятие"]
    assert len(headers) == 1, "the header printed on every page is kept once"
    assert len(set(t.row_pages)) > 5, "one logical table over many pages"
    # a row cut by a page break is one row again: its activity is one cell
    grid = t.grid()
    acts = [norm(grid[r][0].text) for r in range(t.n_rows) if grid[r][0]]
    assert any(a.startswith("Оценка текущих и перспективных потребностей") and
               a.endswith("кадров") is False for a in acts) or acts
    cut = [a for a in acts if a.startswith("педагогических и управлен")]
    assert not cut, "a page-break fragment must not stand as a row of its own"


def test_pdf_vertical_merge_over_rows_is_a_rowspan():
    t = extract(raw("sayansky_2020", "pdf")).tables[0]
    merged = [c for c in t.cells if c.rowspan > 1 and c.row > 2 and c.col == 0]
    assert {c.text for c in merged} == {"2.1", "3.2"}
    assert t.row_pages[0] == 1 and t.row_pages[-1] == 5


def test_sniff_and_clear_errors(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(ExtractionError, match="empty file"):
        extract(str(empty))
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ExtractionError, match="DOCX"):
        extract(str(bad))
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"%PDF-1.4\n%%EOF")
    with pytest.raises(ExtractionError):
        extract(str(fake))
    txt = tmp_path / "notes.txt"
    txt.write_text("просто текст")
    assert sniff_format(str(txt)) == "unknown"
    with pytest.raises(ExtractionError, match="unsupported"):
        extract(str(txt))


def _blocks(doc):
    return [(b.text, b.page, b.bold) if not isinstance(b, Table) else
            [(c.text, c.row, c.col, c.rowspan, c.colspan, c.page, c.bold) for c in b.cells]
            for b in doc.blocks]


@pytest.mark.parametrize("path", [raw("krasnoyarsk_region_2022", "pdf"),
                                  raw("sayansky_2020", "pdf"),
                                  "tests/fixtures/borderless/lesnoy_2021.pdf",
                                  "tests/fixtures/realworld/rybinsk_sport_program_2017_2022.pdf",
                                  OFFICE_PDF])
def test_pdf_lean_page_objects_read_what_pdfplumbers_own_do(path, monkeypatch):
    """page_objects (lean dicts, half a page's time) must give the very tables and lines
    pdfplumber's own object conversion gives: ruled, borderless and real-world PDFs."""
    import extractors.pdf as pdf
    path = path if os.path.isabs(path) else os.path.join(ROOT, path)
    from dataclasses import replace

    from extractors.settings import defaults
    lean = pdf.extract_pdf(path, ocr="off")
    plumbers = replace(defaults(), pdf=replace(defaults().pdf, lean_objects=False))
    plumber = pdf.extract_pdf(path, ocr="off", settings=plumbers)
    assert lean.tables and _blocks(lean) == _blocks(plumber)
    assert lean.warnings == plumber.warnings


def test_pdf_white_cell_backgrounds_are_no_ruling_lines():
    """A Word table saved as PDF by LibreOffice paints each cell's and paragraph's background
    as a white rectangle. Read as ruling lines they cut the table into slivers: the header
    «Вид деятельности | Мероприятия | Ответственные» fell apart over three rows and the plan
    was not recognised. Without them the printed rows are the table's rows."""
    from dataclasses import replace

    import extractors.pdf as pdf
    from extractors.settings import defaults
    path = os.path.join(ROOT, OFFICE_PDF)
    doc = pdf.extract_pdf(path, ocr="off")
    first = doc.tables[0]
    header = sorted((c for c in first.cells if c.row == 0), key=lambda c: c.col)
    assert [fold(c.text).lower() for c in header] == ["вид деятельности", "мероприятия", "ответственные"]
    rows = {c.row for c in first.cells}
    items = [c for c in first.cells if c.col == 1 and re.match(r"\d\. ", c.text)]
    # page 12 prints 1 header, 1 month and 9 activity rows: one grid row each
    assert len([r for r in rows if r <= max(c.row for c in items[:9])]) <= 12
    assert fold(items[0].text).lower().startswith("1. совещание при директоре")
    assert all(c.rowspan == 1 for c in items[:9])
    painted = replace(defaults(), pdf=replace(defaults().pdf, drop_invisible_shapes=False))
    slivers = pdf.extract_pdf(path, ocr="off", settings=painted).tables[0]
    assert max(c.row for c in slivers.cells) > max(c.row for c in first.cells) + 5


def test_pdf_cell_paragraphs_join_lines_that_only_wrapped_and_keep_empty_lines():
    """A Word cell printed by LibreOffice: «14.09.-19.09» and «В течение месяца» did not fit
    the deadline column and wrapped; the author typed empty lines between some values.
    `paragraphs_of` gives the cell as Word has it: a line whose next word would not have
    fitted goes on, a gap of a line is an empty line; `text` stays as printed."""
    from extractors.model import paragraphs_of
    path = os.path.join(ROOT, "tests/fixtures/realworld/office_pdf/celinny_school_plan_2015_p3.pdf")
    doc = extract(path)
    cell = next(c for t in doc.tables for c in t.cells if c.text.startswith("в теч. мес.\n"))
    assert cell.text.split("\n")[2:4] == ["14.09.-", "19.09"]
    assert paragraphs_of(cell) == ("в теч. мес.\n\nв теч.месяца\n\n14.09.-19.09\n"
                                   "В течение месяца\nдо 15.09\n01.09\n\nдо10.09\n\n"
                                   "В течение месяца")
    items = next(c for t in doc.tables for c in t.cells if c.text.startswith("Внутришкольный"))
    assert "3. Состояние пожарной безопасности школы." in paragraphs_of(items).split("\n")


def test_pdf_empty_cell_of_a_cut_rows_continuation_hides_no_text():
    """A row cut by the page break goes on at the next page's top in one cell; the empty
    cell beside it there spans the date and the responsible columns. It adds nothing, and
    must not cover the dates printed above the break (two real-plan pages printed by
    LibreOffice, the second taken from further on)."""
    path = os.path.join(ROOT, "tests/fixtures/realworld/office_pdf/"
                              "celinny_school_plan_2015_spread_p2-3.pdf")
    doc = extract(path)
    grid = doc.tables[-1].grid()
    row = next(r for r in grid if any(c and c.text.startswith("Методическая работа") for c in r))
    assert row[2].text.split("\n") == ["01.02-06.02", "08.02.-27.02", "25.02", "По плану РОО"]
    assert row[3].text.startswith("Рук.ШМО")


def test_pdf_number_cut_by_the_page_break_after_its_dot_goes_on():
    """«3.5» in a narrow № column, cut by the page break after its dot: «3.» at the foot of
    page 18, «5» with «продуктов и особенно скоропортящихся» at the top of page 19. The row
    goes on over the break; the number's paragraph is 3.5."""
    from extractors.model import paragraphs_of
    path = os.path.join(
        ROOT, "tests/fixtures/realworld/office_pdf/ussuriysk_detdom_annual_plan_uvr_2013_p17-19.pdf")
    doc = extract(path)
    table = next(t for t in doc.tables if any("Контроль за хранением" in c.text for c in t.cells))
    act = next(c for c in table.cells if c.text.startswith("Контроль за хранением"))
    assert fold(act.text) == "Контроль за хранением продуктов и особенно скоропортящихся"
    number = next(c for c in table.cells if c.row == act.row and c.col < act.col)
    assert paragraphs_of(number) == "3.5"


def test_pdf_word_printed_over_a_border_belongs_to_the_empty_cell_it_starts_in():
    """The «№» of a header is wider than its narrow column: it starts 1.6 pt left of the
    border and its centre lies in the activity column («№ Содержание» read as one header,
    the plan's activity column lost). Text overflows its cell to the right: the word
    belongs to the cell it starts in, which holds nothing else."""
    path = os.path.join(
        ROOT, "tests/fixtures/realworld/office_pdf/ussuriysk_cssu_annual_plan_uvr_2016_p29.pdf")
    table = extract(path).tables[0]
    header = sorted((c for c in table.cells if c.row == 0), key=lambda c: c.col)
    assert [fold(c.text) for c in header] == ["№", "Содержание", "Срок", "Ответственный"]


def test_pdf_numbered_row_without_its_number_above_the_foot_goes_on_when_nothing_starts():
    """A piece that ends above the page's foot (here: every piece, `cut_row_max_gap` < 0)
    was cut only when its next row plainly goes on. In a numbered plan a row with no
    number whose cells go on («творчество» under «Детское») and none starts afresh
    (««Подарки ветеранам»») is the rest of the row above."""
    from dataclasses import replace

    from extractors.pdf import extract_pdf
    from extractors.settings import defaults
    settings = replace(defaults(), pdf=replace(defaults().pdf, cut_row_max_gap=-1.0))
    path = os.path.join(
        ROOT, "tests/fixtures/realworld/office_pdf/ussuriysk_cssu_annual_plan_uvr_2016_p38-39.pdf")
    texts = [fold(c.text) for t in extract_pdf(path, settings=settings).tables for c in t.cells]
    assert "Художественно-ручной труд «Подарки ветеранам»" in texts
    assert "«Подарки ветеранам»" not in texts and "Детское творчество" in texts


def test_pdf_page_foot_is_where_the_pages_tables_end_not_a_lone_diagram():
    """A diagram drawn as a grid on page 3 reaches 40 pt lower than any plan page. Taken
    for the page's foot it made every plan piece end «above the foot», and rows the page
    break cut («… противодействие терроризму (просмотр CD с» ⏎ «тематикой
    противодействия …») were read as new rows. The foot is the lowest bottom that more
    than one page reaches."""
    path = os.path.join(
        ROOT, "tests/fixtures/realworld/office_pdf/ussuriysk_cssu_annual_plan_uvr_2016_p3_48-49.pdf")
    cells = [fold(c.text) for t in extract(path).tables for c in t.cells]
    cut = [t for t in cells if "противодействие терроризму (просмотр CD с" in t]
    assert len(cut) == 1 and "тематикой противодействия терроризму" in cut[0]
    assert not any(t.startswith("тематикой противодействия") for t in cells)


def test_pdf_lean_char_keys_match_pdfplumber():
    """The keys page_objects keeps hold pdfplumber's values, char for char."""
    import pdfplumber
    from extractors.pdf import page_objects
    with pdfplumber.open(raw("kedrovy_2022", "pdf")) as doc:
        page = doc.pages[0]
        theirs = page.objects
        del page._objects
        mine = page_objects(page)
    assert set(mine) <= set(theirs) and mine["char"]
    for kind, objs in mine.items():
        assert len(objs) == len(theirs[kind])
        for a, b in zip(objs, theirs[kind]):
            assert {k: b[k] for k in a} == a


# ----------------------------------------------------------------------------- stitching rules

CUT = "|"   # in these pieces: a line end fill_cells found may cut a word (Cell.cuts)


def _piece(page, rows, bottom=800.0):
    """A ruled page piece with one cell per grid position (texts row by row; CUT after a
    line: a possible word cut there)."""
    from extractors.model import Cell
    from extractors.pdf import PageTable
    pt = PageTable(page=page, top=50.0, bottom=bottom, col_edges=[0.0, 200.0, 260.0, 400.0],
                   rows=len(rows))
    pt.cells = [Cell(text=t.replace(CUT, ""), row=r, col=c, rowspan=1, colspan=1, page=page,
                     cuts=_cuts(t))
                for r, texts in enumerate(rows) for c, t in enumerate(texts)]
    return pt


def _cuts(marked):
    at, cuts = 0, []
    for piece in marked.split(CUT)[:-1]:
        at += len(piece)
        cuts.append(at)
    return tuple(cuts)


def _texts(table):
    return [[fold(c.text) if c else "" for c in row] for row in table.grid()]


def test_pdf_clipped_header_overflow_is_removed_from_the_row_under_it():
    """A repeated header printed cut short: of its rest, only the first line shows under it
    (the renderer clipped the others); that line is header text, not the row's."""
    from extractors.pdf import build_table
    header = ["Мероприятие", "Срок", "Документы,\nзакрепляю" + CUT + "\nщие\nрезультат"]
    first = _piece(1, [header, ["Создание группы", "2022", "Приказ"]])
    second = _piece(2, [["Мероприятие", "Срок", "Документы,\nзакрепляю"],
                        ["Анализ данных", "2023", "щие\nОтчет"]])
    rows = _texts(build_table([first, second], page_bottom=800.0))
    assert rows[-1] == ["Анализ данных", "2023", "Отчет"]
    assert len(rows) == 3


def test_pdf_word_cut_by_the_page_break_is_joined_by_the_dictionary():
    """The last line of a cell filled its line (marked by fill_cells) and the row goes on
    on the next page in lowercase: «Рабочая груп» + «па» is «Рабочая группа»; a rest that
    starts afresh keeps its line break, and an unused mark is dropped."""
    from extractors.pdf import build_table
    header = ["Мероприятие", "Срок", "Ответственный"]
    first = _piece(1, [header, ["Создание рабочей группы", "2022", "Рабочая груп" + CUT]])
    second = _piece(2, [header, ["", "", "па"], ["Анализ", "2023", "Отдел" + CUT]])
    table = build_table([first, second], page_bottom=800.0)
    cell = table.grid()[1][2]
    assert (cell.text, cell.cuts) == ("Рабочая груп\nпа", (12,))
    assert join_broken_words(cell.text, cell.cuts) == "Рабочая группа"
    assert table.grid()[2][2].cuts == ()     # nothing went on after it

    first = _piece(1, [header, ["Создание рабочей группы", "2022", "Отдел образован" + CUT]])
    second = _piece(2, [header, ["", "", "Директор школы"]])
    cell = build_table([first, second], page_bottom=800.0).grid()[1][2]
    assert (cell.text, cell.cuts) == ("Отдел образован\nДиректор школы", ())


def test_pdf_row_going_on_with_a_capital_after_a_conjunction_is_joined():
    """«… поддержки ШНРО и» at the page's foot, «ШНСУ с учетом …» at the next page's top:
    the capital starts no new row when the text above stopped on «и»."""
    from extractors.pdf import build_table
    header = ["Мероприятие", "Срок", "Ответственный"]
    first = _piece(1, [header, ["Поддержка ШНРО и", "Январь", "Отдел"]])
    second = _piece(2, [header, ["ШНСУ с учетом анализа", "2022", ""],
                        ["Мониторинг", "2023", "Школы"]])
    rows = _texts(build_table([first, second], page_bottom=800.0))
    assert rows[1:] == [["Поддержка ШНРО и ШНСУ с учетом анализа", "Январь 2022", "Отдел"],
                        ["Мониторинг", "2023", "Школы"]]
    # a text that ended its phrase: the capital is a new row
    first = _piece(1, [header, ["Поддержка ШНРО", "2022", "Отдел"]])
    second = _piece(2, [header, ["ШНСУ: анализ", "2023", "Школы"]])
    assert len(_texts(build_table([first, second], page_bottom=800.0))) == 3


def test_pdf_header_overflow_into_a_repeated_number_row():
    """The header's last line fell into the number row under it («результат⏎6»): the number
    row is still recognised as repeated, and the row cut by the page break is joined."""
    from extractors.pdf import build_table
    first = _piece(1, [["Мероприятие", "Срок", "Документы, закрепляющие результат"],
                       ["1", "2", "3"], ["Создание рабочей", "2022", "Приказ"]])
    second = _piece(2, [["Мероприятие", "Срок", "Документы, закрепляющие"],
                        ["1", "2", "результат\n3"], ["группы", "", ""],
                        ["Анализ", "2023", "Отчет"]])
    rows = _texts(build_table([first, second], page_bottom=800.0))
    assert rows == [["Мероприятие", "Срок", "Документы, закрепляющие результат"],
                    ["1", "2", "3"], ["Создание рабочей группы", "2022", "Приказ"],
                    ["Анализ", "2023", "Отчет"]]


@pytest.fixture(autouse=True, scope="module")
def _english_messages():
    """These tests read the English messages (LANG=en); the Russian ones: tests/test_i18n.py."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_LANG", "en")
        yield


def test_pdf_word_glued_over_a_cell_border_is_cut_there():
    """«КОК 3 «В» класса , 8 «Б» класса» ends 2 pt before the border and «В течение месяца»
    starts 0.6 pt after it: pdfplumber reads one word «классаВ». The border runs between
    two letters: the word is cut there, each part in its cell."""
    path = os.path.join(ROOT, "tests/fixtures/realworld/office_pdf/nakhodka_school11_work_plan_2015_p35.pdf")
    cells = [fold(c.text) for t in extract(path).tables for c in t.cells]
    assert "3. КОК 3 «В» класса , 8 «Б» класса" in cells
    assert "В течение месяца" in cells
    assert not any("классаВ" in t or t.startswith("течение") for t in cells)


def test_pdf_piece_ending_two_lines_above_the_foot_was_cut_by_the_page_break():
    """Pages 63 and 68 run their tables down to the foot (532 pt); page 75 stops 23 pt
    higher (509 pt), in the middle of a row: the writer keeps a paragraph's last two lines
    together (widow and orphan control), so a page cut in a row can end two lines short of
    the foot.
    «Кл.часы, посвященные …» and its rest «4 октября – 25-летие …» on page 76 are one cell."""
    path = os.path.join(
        ROOT, "tests/fixtures/realworld/office_pdf/nakhodka_school11_work_plan_2015_p63_68_75-76.pdf")
    cells = [fold(c.text) for t in extract(path).tables for c in t.cells]
    joined = [t for t in cells if t.startswith("Кл.часы, посвященные международному Дню")]
    assert len(joined) == 1 and "«4 октября – 25-летие создания МЧС в России»" in joined[0]
    assert not any(t.startswith("«4 октября") for t in cells)


def test_pdf_symbol_font_bullets_read_as_bullets():
    """Word's list bullets printed from the Symbol font come through as the private-use
    character U+F0B7: they are read as «•» (PdfSettings.symbol_font_bullet), so no cell keeps a
    glyph that means nothing, and each bullet opens its own line."""
    path = os.path.join(
        ROOT, "tests/fixtures/realworld/office_pdf/ussuriysk_cssu_annual_plan_uvr_2016_p42.pdf")
    texts = [c.text for t in extract(path).tables for c in t.cells]
    assert not any(re.search("[\uf020-\uf0ff]", t) for t in texts)
    lines = [line for t in texts for line in t.split("\n")]
    assert "• привлечение воспитанников" in lines
    assert sum(line.startswith("• ") for line in lines) == 15


def test_pdf_abbreviation_broken_in_capitals_is_marked_as_a_possible_cut():
    """A narrow column breaks «ШНРО» as «ШНР» ⏎ «О»: the line that fills the cell ends in
    capitals and the next starts with one, so the end is marked; a line that ends in
    capitals short of the cell's edge is no cut, nor one whose next line starts in
    capitals after a word in small letters."""
    from extractors.pdf import is_broken_word
    from extractors.settings import defaults
    cfg = defaults().pdf

    def word(text, x0, x1, top):
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 10}

    box, pad = (100.0, 0.0, 130.0, 100.0), 2.0
    assert is_broken_word([word("ШНР", 102.0, 127.5, 10)], [word("О", 102.0, 110.0, 22)],
                          box, pad, cfg)
    assert not is_broken_word([word("ШНР", 102.0, 115.0, 10)], [word("О", 102.0, 110.0, 22)],
                              box, pad, cfg)
    assert not is_broken_word([word("директо", 102.0, 127.5, 10)], [word("О", 102.0, 110.0, 22)],
                              box, pad, cfg)


def test_pdf_header_overflow_sharing_a_line_with_the_rows_own_text_is_removed():
    """A repeated header printed cut short («Отве⏎тстве» of «Отве⏎тстве⏎нны⏎й»): its
    overflow «нны» prints on the line where the row cut by the page break goes on with its
    last «.»; the overflow goes, the «.» stays."""
    from extractors.pdf import build_table
    header = ["Мероприятие", "Срок", "Отве" + CUT + "\nтстве" + CUT + "\nнны" + CUT + "\nй"]
    first = _piece(1, [header, ["Создание группы", "2022", "Зуба\nрева\nЛ.Ф."]])
    second = _piece(2, [["Мероприятие", "Срок", "Отве\nтстве"],
                        ["Анализ данных", "2023", ".нны\nДиректор"]])
    rows = _texts(build_table([first, second], page_bottom=800.0))
    assert rows[-1] == ["Анализ данных", "2023", ". Директор"], rows


def _word_table(widths, rows):
    """A w:tbl element: grid column widths (twips) and rows of (text, gridSpan) cells."""
    from lxml import etree
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    grid = "".join(f'<w:gridCol w:w="{x}"/>' for x in widths)
    body = "".join(
        "<w:tr>" + "".join(
            f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>" for text, span in row) + "</w:tr>"
        for row in rows)
    return etree.fromstring(f'<w:tbl xmlns:w="{w}"><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>')


def test_hairline_grid_columns_of_a_word_table_are_dropped():
    """A real .doc plan: each row's cell borders sit a hair (8-11 twips) off the header's, so
    the header's «Содержание» covers grid columns 1-2 and each row's activity 2-3. Read on
    the raw grid, the activity column held the rows' «Направление» and the deadline column
    their activity. Without the hairline columns the rows line up with the header."""
    from extractors.docx import read_table
    from pipeline.structure import structure
    tbl = _word_table([1144, 426, 1981, 8, 4945, 11, 1703], [
        [("Четверть", 2), ("Направление контроля", 1), ("Содержание контроля", 2), ("Сроки", 2)],
        [("", 1), ("1", 1), ("Контроль за ведением документации", 2), ("Проверка журналов", 2),
         ("II неделя", 1)],
        [("", 1), ("2", 1), ("Контроль за уровнем преподавания", 2), ("Посещение уроков", 2),
         ("В течение месяца", 1)],
    ])
    table = read_table(tbl, index=0, number=1, sliver_twips=60)
    assert table.n_cols == 5
    found = structure(Document(path="x.docx", format="docx", blocks=[table]))
    assert [(r.activity, r.deadline_text) for r in found.rows] == [
        ("Проверка журналов", "II неделя"), ("Посещение уроков", "В течение месяца")]
    # a narrow column with a text of its own is a real column
    kept = read_table(_word_table([500, 40, 3000], [[("№", 1), ("1", 1), ("Мероприятие", 1)]]),
                      index=0, number=1, sliver_twips=60)
    assert kept.n_cols == 3


def test_word_wrap_estimate_breaks_as_word_does():
    """Word's greedy wrap: a word that does not fit goes to the next line (the space before it
    hangs), a hyphenated word may break after its hyphen, a word wider than the line breaks
    inside; the first line may be narrower (a first-line indent)."""
    from extractors.wordwrap import wrap_count

    def chars(text):
        return [(ch, 250.0 if ch == " " else 500.0) for ch in text]
    assert wrap_count(chars("аааа бббб"), 4500, 4500) == 1
    assert wrap_count(chars("аааа бббб"), 4200, 4200) == 2
    assert wrap_count(chars("аааа бббб "), 4500, 4500) == 1            # a trailing space hangs
    assert wrap_count(chars("учителя-предметники"), 6000, 6000) == 2   # after the hyphen
    assert wrap_count(chars("ааааааааааааааааааааааа"), 5000, 5000) == 3  # 11 500 twips
    assert wrap_count(chars("аааа бббб"), 4500, 4200) == 2             # first line indented
    assert wrap_count([], 4500, 4500) == 1                              # an empty paragraph


def test_docx_cell_wraps_follow_the_column_width_and_font(tmp_path):
    """The lines Word prints a cell's paragraphs in, estimated from the column width, the
    cell margins and the runs' font: a long activity in a narrow column wraps, the same in a
    wide one does not; empty paragraphs above the text are counted apart."""
    import docx
    from docx.shared import Cm, Pt

    from extractors.model import lines_at_positions
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    text = "Подготовка документации по тарификации педагогических работников школы"
    for col, width in ((0, Cm(4)), (1, Cm(16))):
        t.columns[col].width = width
        cell = t.cell(0, col)
        cell.width = width
        cell.paragraphs[0].text = "" if col else text
        if col:
            cell.add_paragraph(text)
        for p in cell.paragraphs:
            for run in p.runs:
                run.font.size, run.font.name = Pt(12), "Times New Roman"
    path = tmp_path / "wraps.docx"
    d.save(path)
    table = extract(str(path)).tables[0]
    narrow, wide = sorted(table.cells, key=lambda c: c.col)
    assert narrow.wraps[0] >= 3 and wide.wraps == (1,) and wide.lines_above == 1
    assert lines_at_positions(wide) == "\n" + text
    assert lines_at_positions(narrow).split("\n")[0] == text and \
        lines_at_positions(narrow).count("\n") == narrow.wraps[0] - 1


def test_a_list_number_alone_in_a_narrow_cell_takes_one_line():
    """Word's automatic «10.» in a № column narrower than the number: the label never wraps
    (it was estimated at two lines, which put every value of a padded row one line low)."""
    from types import SimpleNamespace

    import docx

    from extractors.wordwrap import CellLayout, FontBook
    word = docx.Document()
    p = word.add_paragraph("")._p
    q = word.add_paragraph("Семинар")._p
    layout = CellLayout(FontBook(word), {p: SimpleNamespace(text="10."),
                                         q: SimpleNamespace(text="10.")})
    assert layout.paragraph_lines(p, 150) == [1]
    assert layout.paragraph_lines(q, 150)[0] > 1        # a label with text does take room


def test_word_wrap_estimate_survives_hostile_widths():
    """A first-line indent wider than the cell, a zero width or a 200,000-letter word: a
    count, at once (no endless loop)."""
    from extractors.wordwrap import wrap_count
    word = [("а", 500.0)] * 200_000
    assert wrap_count(word, 5000, -3000) > 1
    assert wrap_count(word, 0, 0) == 100_000_000
    assert wrap_count(word, 5000, 5000) == 20_000
    assert wrap_count([(" ", 250.0)] * 4 + [("а", 500.0)] * 9, 5000, 5000) == 2   # leading spaces


def test_a_plan_framed_in_a_one_cell_table_or_a_content_control_is_read(tmp_path):
    """A plan table inside a one-cell layout table, and one inside a content control
    (`w:sdt`): each read as a table of its own with the paragraphs around it (before, the
    first was one cell's text and the second was not read at all)."""
    import docx
    from docx.oxml import OxmlElement

    from pipeline.structure import structure
    rows = [["№", "Мероприятие", "Срок", "Ответственный"],
            ["1", "Семинар для учителей", "март 2024", "Методист"],
            ["2", "Педагогический совет", "август 2024", "Директор"]]

    def fill(table):
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text

    d = docx.Document()
    frame = d.add_table(rows=1, cols=1)
    frame.cell(0, 0).paragraphs[0].text = "План мероприятий на 2024 год"
    fill(frame.cell(0, 0).add_table(rows=3, cols=4))
    d.add_paragraph("Второй план")
    inner = d.add_table(rows=3, cols=4)
    fill(inner)
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inner._tbl.addprevious(sdt)
    sdt.append(content)
    content.append(inner._tbl)
    path = tmp_path / "framed.docx"
    d.save(path)
    doc = extract(str(path))
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == [(3, 4), (3, 4)]
    assert [p.text for p in doc.paragraphs] == ["План мероприятий на 2024 год", "Второй план"]
    assert [r.activity for r in structure(doc).rows] == [
        "Семинар для учителей", "Педагогический совет"] * 2


def test_a_text_box_is_read_once():
    """A text box in a cell: Word stores its text twice (`mc:Choice` for Word 2010+, and an
    `mc:Fallback` copy for older readers). It is read once, in the paragraph that anchors it
    (before: three times, twice in that paragraph and once more as a paragraph of its own)."""
    from docx.oxml import parse_xml

    from extractors.docx import cell_text, paragraph_text
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = '<w:txbxContent><w:p><w:r><w:t>Спортивная школа</w:t></w:r></w:p></w:txbxContent>'
    tc = parse_xml(
        f'<w:tc xmlns:w="{w}" xmlns:mc="{mc}"><w:p><w:r><w:t>Партнёры: </w:t></w:r><w:r>'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent>'
        f'</w:r></w:p></w:tc>')
    assert paragraph_text(tc[0]) == "Партнёры: Спортивная школа"
    assert cell_text(tc) == "Партнёры: Спортивная школа"


def _line(x0, top, x1, bottom):
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "stroke": True, "fill": False}


def test_a_page_border_is_no_ruling_line():
    """Word's page border (four lines 24 pt from the page's edges) beside a table printed close
    to it: the border goes, the table's lines stay. pdfplumber had joined the border to the
    table's lines into one cell holding a real plan's whole page (2 records of 23)."""
    from extractors.pdf import drop_page_frame
    W, H = 841.9, 595.3
    frame = [_line(24.0, 24.3, 817.9, 24.3), _line(817.6, 24.0, 817.6, 571.3),
             _line(24.0, 571.0, 817.9, 571.0), _line(24.2, 24.0, 24.2, 571.3)]
    table = [_line(42.2, 27.3, 820.2, 27.3), _line(42.2, 545.0, 820.2, 545.0),
             _line(42.5, 27.0, 42.5, 545.2), _line(820.0, 27.5, 820.0, 544.7),
             _line(127.4, 27.5, 127.4, 253.9)]
    kept = drop_page_frame({"line": table + frame}, W, H, 30)["line"]
    assert kept == table
    # a table filling a page of Word's narrowest margins (36 pt; its border 5.4 pt out) keeps
    # its outer border
    full = [_line(30.6, 36, 811.3, 36), _line(30.6, 559, 811.3, 559), _line(30.6, 36, 30.6, 559),
            _line(811.3, 36, 811.3, 559)]
    assert drop_page_frame({"line": full}, W, H, 30)["line"] == full
    # the border drawn as one unfilled rectangle
    rect = dict(_line(24, 24, 818, 571), fill=False)
    assert drop_page_frame({"rect": [rect], "line": table}, W, H, 30)["rect"] == []
