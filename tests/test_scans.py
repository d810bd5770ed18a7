"""Scanned pages: a scan made here from a corpus page (turned a little, noisy, grey JPEG)
reads into the same rows as the born-digital page; OCR confusions are repaired by the
dictionary; a garbage text layer gives way to OCR; OCR'd rows carry their confidence."""
from __future__ import annotations

import dataclasses
import difflib
import io
import os
import random
import shutil

import pytest

from extractors import extract
from helpers import raw
from pipeline.structure import structure


@pytest.fixture(autouse=True, scope="module")
def _english_messages():
    """These tests read the English messages (LANG=en); the Russian ones: tests/test_i18n.py."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_LANG", "en")
        yield



def _ocr_ready():
    from extractors.ocr import available
    available.cache_clear()
    ok, why = available()
    if not ok:
        pytest.skip(f"OCR not available: {why}")


def one_page(src: str, index: int, dst: str) -> None:
    """Page `index` of a PDF saved as a PDF of its own."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(src)
    out = pdfium.PdfDocument.new()
    out.import_pages(pdf, [index])
    out.save(dst)


def scan_of(src: str, index: int, dst: str, dpi: int = 150, angle: float = 1.2,
            seed: int = 7) -> None:
    """Page `index` of a PDF as an office scanner makes it: grey, turned by `angle`°,
    noise and uneven light, JPEG quality 60, in an image-only PDF."""
    from PIL import Image

    Image.open(io.BytesIO(scan_jpeg(src, index, dpi, angle, seed))).save(
        dst, "PDF", resolution=dpi, quality=60)


def scan_jpeg(src: str, index: int, dpi: int = 150, angle: float = 1.2, seed: int = 7) -> bytes:
    """Page `index` of a PDF as an office scanner makes it (see `scan_of`), as a JPEG file
    that states its resolution."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(src)
    img = pdf[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    arr = np.asarray(img).astype(np.float32)
    rng = np.random.default_rng(seed)
    light = np.linspace(0, -20, arr.shape[1], dtype=np.float32)[None, :]
    arr = arr * 0.9 + 10 + light + rng.normal(0, 12, arr.shape)
    page = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=60, dpi=(dpi, dpi))
    return buf.getvalue()


def _rows(path: str):
    return structure(extract(path)).rows


def test_scan_of_a_corpus_page_gives_the_born_digital_rows(tmp_path):
    _ocr_ready()
    src = raw("andropovsky_2022", "pdf")
    born, scan = str(tmp_path / "born.pdf"), str(tmp_path / "scan.pdf")
    one_page(src, 1, born)
    scan_of(src, 1, scan)
    doc = extract(scan)
    assert any("OCR" in w for w in doc.warnings)
    expected = _rows(born)
    assert_scan_rows(expected, structure(doc).rows)
    assert all(r.confidence is None for r in expected)


def assert_scan_rows(expected, got) -> None:
    """The rows OCR read from a scan of a page are the born-digital page's: the same item
    numbers, each activity nearly the same (most exactly), each with its confidence."""
    assert len(expected) >= 5
    assert [r.item_no for r in got] == [r.item_no for r in expected]
    for e, g in zip(expected, got):
        ratio = difflib.SequenceMatcher(None, e.activity, g.activity, autojunk=False).ratio()
        assert ratio >= 0.95, (e.activity, g.activity)
        assert g.confidence is not None and 0.5 < g.confidence <= 1.0
    exact = sum(e.activity == g.activity for e, g in zip(expected, got))
    assert exact >= 0.8 * len(expected)


def _word_of_pictures(path: str, pictures: list[bytes], title: str = "",
                      approval: tuple[str, ...] = ()) -> None:
    """A Word file whose body is an approval block laid out in a table of two rows (if
    any), a typed title (if any) and the pictures, one per page, as when the signed plan is
    scanned and pasted into Word."""
    import docx
    from docx.shared import Cm
    word = docx.Document()
    if approval:                        # «СОГЛАСОВАНО | УТВЕРЖДАЮ» over two rows
        block = word.add_table(rows=2, cols=len(approval))
        for cell, text in zip(block.rows[0].cells, approval):
            cell.text = text
        for cell in block.rows[1].cells:
            cell.text = "_____ И.И. Иванов"
    if title:
        word.add_paragraph(title)
    for picture in pictures:
        word.add_picture(io.BytesIO(picture), width=Cm(18))
    word.save(path)


def test_word_file_of_pasted_page_scans_gives_the_born_digital_rows(tmp_path):
    """Before word_scans.py the file had no table: «таблица мероприятий не найдена»."""
    _ocr_ready()
    src = raw("andropovsky_2022", "pdf")
    born, word = str(tmp_path / "born.pdf"), str(tmp_path / "scan.docx")
    one_page(src, 1, born)
    _word_of_pictures(word, [scan_jpeg(src, 1)],
                      approval=("СОГЛАСОВАНО\nНачальник управления", "УТВЕРЖДАЮ\nДиректор"))
    doc = extract(word)
    assert doc.format == "docx" and doc.pages == 1 and len(doc.tables) > 1
    assert doc.tables[0].cells[1].text.startswith("УТВЕРЖДАЮ")      # the typed block, first
    assert [t.index for t in doc.tables] == list(range(len(doc.tables)))
    assert any("pictures" in w and "1 page(s) read by OCR" in w for w in doc.warnings), doc.warnings
    assert_scan_rows(_rows(born), structure(doc).rows)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice not installed (apt-get install -y libreoffice-writer-nogui)")
def test_word97_file_of_page_scans_is_read_by_ocr(tmp_path):
    """The same through a Word 97 .doc (LibreOffice keeps the pictures in its .docx)."""
    _ocr_ready()
    from extractors.office import convert
    src = raw("andropovsky_2022", "pdf")
    word = str(tmp_path / "scan.docx")
    _word_of_pictures(word, [scan_jpeg(src, 1)], title="План мероприятий")
    old = tmp_path / "scan.doc"
    old.write_bytes(convert(word, "doc:MS Word 97", "docx", 90))
    doc = extract(str(old))
    assert doc.format == "doc" and doc.pages == 1
    assert doc.paragraphs[0].text == "План мероприятий"
    assert len(structure(doc).rows) >= 5


def test_word_file_of_page_scans_without_ocr_says_why(tmp_path):
    from extractors.model import ExtractionError
    src = raw("andropovsky_2022", "pdf")
    word = str(tmp_path / "scan.docx")
    _word_of_pictures(word, [scan_jpeg(src, 1)] * 2 + [scan_jpeg(src, 2)], title="План")
    with pytest.raises(ExtractionError, match=r"pictures \(a scan, 2 page\(s\)\), not read: OCR is off"):
        extract(word, ocr="off")        # the same picture pasted twice is one page


def test_photographs_in_a_word_file_are_not_read_as_pages(tmp_path):
    """A picture that is not mostly paper (a photograph of an event) is not a scanned page:
    the document stays as typed, without OCR."""
    import numpy as np
    from PIL import Image
    rng = np.random.default_rng(3)
    photo = Image.fromarray(rng.integers(40, 200, (1100, 1500), dtype=np.uint8), "L")
    buf = io.BytesIO()
    photo.save(buf, "JPEG", quality=80)
    word = str(tmp_path / "photos.docx")
    _word_of_pictures(word, [buf.getvalue()], title="Фотоотчёт о мероприятиях")
    doc = extract(word, ocr="on")
    assert not doc.tables and not doc.warnings
    assert [p.text for p in doc.paragraphs] == ["Фотоотчёт о мероприятиях"]


@pytest.mark.parametrize("turn", ["ROTATE_90", "ROTATE_270"])
def test_quarter_turned_scan_is_read_upright(tmp_path, turn):
    _ocr_ready()
    from PIL import Image
    src = raw("kedrovy_2022", "pdf")
    scan, turned = str(tmp_path / "scan.pdf"), str(tmp_path / "turned.pdf")
    scan_of(src, 0, scan, angle=0.5)
    import pypdfium2 as pdfium
    img = pdfium.PdfDocument(scan)[0].render(scale=150 / 72, grayscale=True).to_pil()
    img = img.crop((0, 0, img.width, img.height // 4))     # the heading part: faster
    img.convert("L").transpose(getattr(Image.Transpose, turn)).save(turned, "PDF", resolution=150)
    text = " ".join(p.text for p in extract(turned).paragraphs)
    assert "ПОСТАНОВЛЕНИЕ" in text and "Кедровый" in text, text[:300]


@pytest.mark.parametrize("read, fixed", [
    ("Рыбинcкого", "Рыбинского"),       # Latin c inside a Cyrillic word
    ("o6pазования", "образования"),     # Latin o, p and the digit 6 for б
    ("3аведующий", "Заведующий"),       # 3 for З at the start
    ("обучающихcя", "обучающихся"),
    ("‘участия", "участия"),            # a speck before the word read as a quote
    ("`Выработаны", "Выработаны"),
    ("‚и", "и"),                        # a speck read as a low quote before a word
    ("года‚", "года,"),                 # a comma read as the low quote Russian never uses
    ("психолого-", "психолого-"),       # a compound's part: no «о» glued on to split off
    ("информациио", "информации о"),    # a one-letter word glued on is split off
    ("З-я,", "3-я,"),                   # an ordinal's ending after a 3 read as «З»
    ("З–х", "3–х"),
    ("‚", ","),                         # a comma standing apart, read as the low quote
    ("Зянваря", "3 января"),            # a digit glued before a noun, read as its letter
    ("бмарта", "6 марта"),
])
def test_ocr_confusions_repaired_by_the_dictionary(read, fixed):
    from extractors.scan.words import fix_text
    assert fix_text(read) == fixed


@pytest.mark.parametrize("kept", ["2020", "3-х", "1.3", "ОМВД", "www.site.ru", "No", "3а",
                                  "ШНОР", "2021года", "Збарский", "Зимин"])
def test_words_the_dictionary_cannot_confirm_stay_as_read(kept):
    from extractors.scan.words import fix_text
    assert fix_text(kept) == kept


def test_text_layer_judged_against_ocr():
    from extractors.scan.layer import compare, hit_rate
    good = ("Проведение совещаний и семинаров для руководителей образовательных организаций "
            "по вопросам повышения качества образования в школах района ") * 3
    garbage = ("Цент|^щаещ|;эй(^ у п р W о,4 фил' а;• к. ти\". кJ е Прr6uHcxoro се&ешюму "
               "устждаству Уссурии&ка Жовниренкл ") * 3
    rate, judged = hit_rate(good)
    assert rate == 1.0 and judged > 20
    assert compare(good, good) is None
    layer, ocr = compare(garbage + good, good)
    assert layer < ocr


def test_garbage_text_layer_of_a_real_scan_is_replaced_by_ocr(monkeypatch):
    """A real scan whose scanner's OCR layer reads «Центр содействия семейному» as
    «Цент|^щаещ|;эй(^»: the page is read by OCR, the warning says why, the rows stay."""
    _ocr_ready()
    import os
    monkeypatch.setenv("ROADMAPS_LANG", "en")
    path = os.path.join(os.path.dirname(__file__), "fixtures", "realworld",
                        "ussuriysk_cssu_runaway_prevention_plan_2020.pdf")
    doc = extract(path)
    assert any("text layer is unreliable" in w for w in doc.warnings), doc.warnings
    rows = structure(doc).rows
    assert [r.item_no for r in rows] == [str(i) for i in range(1, 11)]
    gold = ("Разработать и утвердить совместный план с ОМВД по профилактике самовольных уходов "
            "несовершеннолетних")
    assert difflib.SequenceMatcher(None, rows[0].activity, gold).ratio() >= 0.9, rows[0].activity
    # «план» before a wide justified gap: read as «пла» in the cell, again alone as «план»
    assert rows[0].activity == gold, rows[0].activity
    assert any(r.confidence is not None for r in rows)
    text = " ".join(p.text for p in doc.paragraphs)
    assert "Цент|^щаещ" not in text
    # the title under the stamp: Tesseract's page layout takes the region for a picture and
    # drops it; the ink no word covers is read again
    assert "План по усовершенствованию работы в рамках" in text, text[:600]
    assert "правонарушений и самовольных уходов" in text, text[:600]


@pytest.mark.parametrize("word,fixed", [("0.Э.,", "О.Э.,"), ("—О.В.,", "О.В.,"), ("Ю.В..,", "Ю.В.,"),
                                        ("0.5", "0.5"), ("2020", "2020")])
def test_initials_as_ocr_misreads_them(word, fixed):
    from extractors.scan.words import fix_text
    assert fix_text(word) == fixed


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [c.text for c in table.cells]
    return " ".join(parts)


def test_dashes_of_a_scan_named_by_their_length(tmp_path):
    """Tesseract's Russian model reads the en dash Word prints («ОО – общеобразовательные»)
    as a hyphen; its ink is twice a hyphen's, so the scan reads the dashes the born-digital
    page has: the spaced ones en dashes, the ones inside «2020-2022» hyphens."""
    _ocr_ready()
    import re
    src = raw("sayansky_2020", "pdf")
    born, scan = str(tmp_path / "born.pdf"), str(tmp_path / "scan.pdf")
    one_page(src, 0, born)
    scan_of(src, 0, scan)
    expected = _all_text(extract(born))
    got = _all_text(extract(scan))
    pattern = re.compile(r"\S+ [-–—] \S+|\S*\d[-–—]\d\S*")
    want = pattern.findall(expected)
    assert any("–" in w for w in want) and any("-" in w for w in want)
    # the page prints both: «ОО – общеобразовательные» and «ШНОР - школы», «2020-2022»
    assert pattern.findall(got) == want


def test_fix_dashes_measures_each_dash_on_the_image():
    """A line drawn here: a hyphen stays, a dash twice as long becomes «–», one as long as
    the em «—»; a word whose dash is not on the image stays as read."""
    import numpy as np
    from extractors.scan.glyphs import fix_dashes

    img = np.full((60, 400), 255, np.uint8)
    # «нн-нн – нн — нн»: letters 20 px high (x-height: em ≈ 43 px), dashes 3 px thick
    for x in (10, 40, 100, 130, 190, 240, 330, 360):
        img[20:40, x:x + 22] = 0
    img[29:32, 68:78] = 0            # 10 px: 0.23 em, a hyphen
    img[29:32, 158:178] = 0          # 20 px: 0.46 em, an en dash
    img[29:32, 272:316] = 0          # 44 px: 1.0 em, an em dash
    found = [("нн-нн", 10, 20, 142, 20, 90, 1), ("-", 156, 28, 24, 5, 90, 1),
             ("нн", 190, 20, 72, 20, 90, 1), ("-", 270, 28, 48, 5, 90, 1),
             ("нн", 330, 20, 52, 20, 90, 1), ("а-б", 0, 0, 5, 5, 90, 2)]
    out = [w[0] for w in fix_dashes(img, found, (0.29, 0.75))]
    assert out == ["нн-нн", "–", "нн", "—", "нн", "а-б"]


def test_specks_of_a_dithered_scan_are_not_ink_nor_read():
    """A black-and-white scan's dithered paper: single dots the blur of binarisation would
    make as large as a full stop are judged by their own pixels, dropped from the ink mask,
    and whitened in the image Tesseract reads; a letter-sized blob stays."""
    import numpy as np
    from extractors.scan.image import binarize, clean_page

    rng = np.random.default_rng(3)
    grey = np.full((300, 300), 255, np.uint8)
    dots = rng.random(grey.shape) < 0.01
    grey[dots] = 0
    grey[100:130, 100:112] = 0                          # a stroke of a letter
    ink = binarize(grey, 300)
    assert ink[100:130, 100:112].all()
    assert (ink[:80] > 0).sum() == 0, "dots kept as ink"
    cleaned, ink2, _ = clean_page(grey, 300)
    assert cleaned[:80].min() == 255
    assert cleaned[105:125, 103:109].max() < 100


def test_unknown_words_are_those_the_dictionary_lacks():
    from extractors.scan.words import unknown_word
    assert unknown_word("пла")
    assert unknown_word("мелиятии,")
    assert not unknown_word("план")
    assert not unknown_word("ОМВД")
    assert not unknown_word("2020")
    assert not unknown_word("Мезенцева")


@pytest.mark.parametrize("read, fixed", [
    ("З.Проверка", "3.Проверка"),        # an item's number «3.» read as the letter
    ("З.Активизировать", "3.Активизировать"),
    ("З.Иванова", "З.Иванова"),          # an initial before a surname stays
    ("3.Ш.,", "З.Ш.,"),                  # an initial read as the digit
    ("3.1", "3.1"),
])
def test_three_and_ze_told_apart_by_what_follows(read, fixed):
    from extractors.scan.words import fix_text
    assert fix_text(read) == fixed


def test_case_of_same_shape_letters_measured_against_the_line():
    """«ИЮЛЯ» read in capitals where the letters are as high as the line's small letters
    becomes «июля»; «ОО» as high as its capitals stays; a line with nothing else to
    measure by leaves the word as read."""
    import numpy as np
    from extractors.scan.glyphs import fix_case

    img = np.full((80, 600), 255, np.uint8)

    def letters(x0, n, h, base=60):
        for k in range(n):
            img[base - h:base, x0 + 14 * k:x0 + 14 * k + 10] = 0
        return (x0, base - h, 14 * n, h)

    words = []
    for text, n, h in (("Прием", 5, None), ("ИЮЛЯ", 4, 14), ("ОО", 2, 21), ("начат", 5, None)):
        x0 = 10 + sum(14 * len(w[0]) + 20 for w in words)
        if h is None:     # a capital then small letters
            letters(x0, 1, 21)
            box = letters(x0 + 14, n - 1, 14)
            box = (x0, 39, 14 * n, 21) if text[0].isupper() else (x0, 46, 14 * n, 14)
        else:
            box = letters(x0, n, h)
        words.append((text, *box, 90, 1))
    out = [w[0] for w in fix_case(img, words)]
    assert out == ["Прием", "июля", "ОО", "начат"]
    alone = [("ИЮЛЯ", 10, 46, 56, 14, 90, 2)]
    assert fix_case(img, alone) == alone


def test_a_short_stroke_inside_a_cell_is_no_ruling_line():
    """The serifed tops of a long word close into a stroke as long as a narrow column's
    border: a short horizontal stroke is a ruling line only between two vertical ones."""
    import numpy as np
    from extractors.scan.image import ruling_lines

    ink = np.zeros((400, 1000), np.uint8)
    ink[50:53, 100:900] = 255                  # the table's top and bottom lines
    ink[350:353, 100:900] = 255
    for x in (100, 300, 897):                  # its column borders
        ink[50:353, x:x + 3] = 255
    ink[200:203, 100:300] = 255                # a row line of the narrow first column
    ink[150:153, 450:600] = 255                # the tops of a word in the wide column
    horiz, _vert = ruling_lines(ink, 200)
    assert horiz[201, 150:250].all()
    assert not horiz[151, 470:580].any()


def test_a_thin_ruling_line_broken_every_few_px_is_one_line():
    """A real 181-dpi scan's thin row lines are broken every few px, into pieces shorter
    than a line (and than a free stroke): the line is found where its ink covers nearly all
    of its length, its pieces bridged before they are judged, and the rows it parts are
    cells; a stroke of ink on half its length (the tops of a line of text) is no line."""
    import numpy as np
    from extractors.scan.image import cell_boxes, ruling_lines

    ink = np.zeros((400, 1000), np.uint8)
    ink[50:52, 100:900] = 255                  # the table's top and bottom lines
    ink[350:352, 100:900] = 255
    for x in (100, 300, 898):                  # its column borders
        ink[50:352, x:x + 2] = 255
    for x in range(102, 898, 64):              # a row line in 60-px pieces
        ink[200:201, x:x + 60] = 255
    for x in range(320, 880, 20):              # the tops of a line of text
        ink[120:121, x:x + 10] = 255
    for x in range(320, 880, 33):              # a band of ink as dense as a broken line
        ink[260:280, x:x + 30] = 255           # (a line of bold text): ink on both sides
    horiz, vert = ruling_lines(ink, 200)
    assert horiz[200, 110:890].all()
    assert not horiz[120, 330:870].any()
    assert not horiz[262:278, 330:870].any()
    cells = cell_boxes((horiz, vert), 200)
    assert len(cells) == 1 and len(cells[0]) == 4


def test_a_heading_row_running_into_a_dashed_column_is_closed_at_the_frame():
    """A real scan's table has a column ruled in faint dashes beside its frame (no line of
    it found); a month heading row («Август») spans the whole table, so the frame has no
    line beside it and its row lines run on into the dashed column: the grid is cut at its
    frame and the heading row is a cell, not the page's outside."""
    import numpy as np
    from extractors.scan.image import cell_boxes, ruling_lines

    ink = np.zeros((500, 1100), np.uint8)
    for y in (50, 150, 250, 350, 450):         # row lines, running on past the frame
        ink[y:y + 3, 100:980 - (y % 7) * 10] = 255
    for x in (100, 300, 700):                  # the borders, none beside the heading row
        ink[50:150, x:x + 3] = 255
        ink[250:453, x:x + 3] = 255
    ink[150:253, 100:103] = 255                # the table's left frame runs on
    horiz, vert = ruling_lines(ink, 200)
    cells = cell_boxes((horiz, vert), 200)
    assert len(cells) == 1
    heading = [b for b in cells[0] if b[1] < 200 < b[3]]
    assert len(heading) == 1 and heading[0][0] < 110 and 690 < heading[0][2] < 720


def test_a_word_tesseract_cut_at_a_letter_gap_is_joined():
    """«необходимо СТИ» is one word the dictionary knows and «СТИ» is none: joined, the tail
    in the first part's case; two known words stay apart, and an abbreviation does not take
    the next word in («ШМО на», though «шмона» is a word)."""
    from extractors.ocr import join_split_words

    def w(text, x, line=1):
        return (text, x, 0, 10 * len(text), 10, 90, line)

    found = [w("ШМО", 0), w("на", 40), w("необходимо", 70), w("СТИ", 175), w("в", 210),
             w("школе", 225), w("сти", 0, 2)]
    assert [t[0] for t in join_split_words(found)] == ["ШМО", "на", "необходимости", "в",
                                                       "школе", "сти"]


@pytest.mark.parametrize("read, joined", [
    (["С", "оциально-педагогическая", "работа"], ["Социально-педагогическая", "работа"]),
    (["В", "оспитательная", "работа"], ["Воспитательная", "работа"]),
    (["с", "оциально"], ["с", "оциально"]),              # a lowercase letter is a word
    (["С", "огромным"], ["С", "огромным"]),              # two known words
    (["С", "оциально-пдагогическая"], ["С", "оциально-пдагогическая"]),  # the rest unknown
    # a compound's last part cut at a letter gap (300 dpi: «Социально-педагоги ческая»)
    (["Социально-педагоги", "ческая", "работа"], ["Социально-педагогическая", "работа"]),
    (["Социально-педагогическая", "работа"], ["Социально-педагогическая", "работа"]),
    (["Сциально-педагоги", "ческая"], ["Сциально-педагоги", "ческая"]),  # the first unknown
])
def test_a_heading_capital_cut_off_its_word_is_joined(read, joined):
    """A heading's first capital stands off the rest of its word at a wide letter gap
    («С оциально-педагогическая работа» on a real plan's scan): joined when the word it
    makes is known and the fragment is not; the parts after a compound's hyphen must be
    words themselves."""
    from extractors.ocr import join_split_words
    found = [(t, 60 * i, 0, 10 * len(t), 10, 90, 1) for i, t in enumerate(read)]
    assert [t[0] for t in join_split_words(found)] == joined


def test_a_word_the_cell_width_broke_over_two_lines_is_joined():
    """A narrow cell breaks «согласованию)» over two lines without a hyphen: the last word
    of a line and the first of the next are one word the dictionary knows; the joined word
    stays at the end of the first line and keeps the bracket. A word the next line starts
    with that is a word of its own («по») is not taken in."""
    from extractors.ocr import join_split_words

    def w(text, x, line):
        return (text, x, 20 * line, 10 * len(text), 10, 90, line)

    found = [w("(по", 0, 1), w("согласовани", 0, 2), w("ю)", 0, 3), w("мере", 30, 3),
             w("необходимо", 0, 4), w("по", 0, 5)]
    out = join_split_words(found)
    assert [(t[0], t[6]) for t in out] == [("(по", 1), ("согласованию)", 2), ("мере", 3),
                                           ("необходимо", 4), ("по", 5)]
    assert out[1][1:5] == found[1][1:5]


@pytest.mark.parametrize("read, fixed", [
    ("Мещерякова", "Мещерякова"),       # a surname the dictionary lacks: no «а» split off
    ("Деркачев", "Деркачев"),
    ("башк.", "башк."),                 # an abbreviation: no preposition stands before a stop
    ("информациио,", "информациио,"),
    ("школамв", "школам в"),            # the one-letter word glued on is still split off
])
def test_no_one_letter_word_split_off_a_name_or_before_punctuation(read, fixed):
    from extractors.scan.words import fix_text
    assert fix_text(read) == fixed


def test_case_of_a_word_alone_on_its_line_measured_by_the_cells_other_lines():
    """«1-3 КЛ.» on a line of its own has nothing else to measure by: the em of the cell's
    other line decides (the letters are as high as that line's small letters: «кл.»)."""
    import numpy as np
    from extractors.scan.glyphs import fix_case

    img = np.full((140, 600), 255, np.uint8)

    def letters(x0, n, h, base):
        for k in range(n):
            img[base - h:base, x0 + 14 * k:x0 + 14 * k + 10] = 0

    letters(10, 1, 21, 60)                   # «Прием»: a capital then small letters
    letters(24, 4, 14, 60)
    letters(100, 5, 14, 60)                  # «начат»
    letters(10, 2, 14, 120)                  # «КЛ» as high as the small letters
    words = [("Прием", 10, 39, 70, 21, 90, 1), ("начат", 100, 46, 70, 14, 90, 1),
             ("КЛ.", 10, 106, 28, 14, 90, 2)]
    assert [w[0] for w in fix_case(img, words)] == ["Прием", "начат", "кл."]


@pytest.mark.parametrize("height, read, fixed", [(17, "июль", "ИЮЛЬ"), (11, "ИЮЛЬ", "июль"),
                                                  (14, "июль", "июль"), (14, "ИЮЛЬ", "ИЮЛЬ")])
def test_case_of_a_word_alone_in_its_cell_measured_in_the_usual_type(height, read, fixed):
    """A month heading alone in its cell (a real plan's «ИЮЛЬ», read «июль») has no other
    line to measure by: at 150 dpi a 12 pt em is 25 px, capitals 17 px, small letters 11 px;
    between the two bands the word stays as read."""
    import numpy as np
    from extractors.scan.glyphs import fix_case

    img = np.full((60, 200), 255, np.uint8)
    for k in range(4):
        img[40 - height:40, 10 + 14 * k:20 + 14 * k] = 0
    words = [(read, 10, 40 - height, 52, height, 90, 1)]
    assert [w[0] for w in fix_case(img, words)] == [read]          # without `alone`: as read
    assert [w[0] for w in fix_case(img, words, alone=(25.0, 0.50, 0.62))] == [fixed]


def test_a_cell_whose_ink_was_read_before_takes_that_reading():
    """A header row printed again on the next page: the same ink, moved and with a pixel of
    jitter at the edges, takes the reading of the first without Tesseract; another digit in
    the same place («28.» / «26.») is read anew."""
    import numpy as np
    from extractors.ocr import _SeenCells

    seen = _SeenCells()
    ink = np.zeros((60, 200), np.uint8)
    ink[20:40, 30:34] = 255                   # a «1»-like stroke and a box
    ink[20:24, 50:80] = ink[36:40, 50:80] = 255
    ink[20:40, 50:54] = ink[20:40, 76:80] = 255
    reading = [("10", 40, 30, 60, 20, 90, 1)]  # in the cell image's pixels (margin 10)
    seen.put(ink, 0.36, reading)

    again = np.zeros((70, 220), np.uint8)     # the same ink 5 px lower, 8 px to the right
    again[25:45, 38:42] = 255
    again[25:29, 58:88] = again[41:45, 58:88] = 255
    again[25:45, 58:62] = again[25:45, 84:88] = 255
    again[45, 60] = 0                         # edge jitter: a pixel more, one less
    again[24, 39] = 255
    found, origin = seen.get(again, 0.36, 0)
    assert [w[0] for w in found] == ["10"] and origin == (38, 24)
    assert found[0][1] + origin[0] == 40 + 8  # the words move with the ink

    other = again.copy()
    other[30:36, 58:88] = 255                 # a bar across the box: another glyph
    assert seen.get(other, 0.36, 0) is None
    assert seen.get(again, 1.0, 0) is None    # another resolution: never the same ink


@pytest.mark.parametrize("read, fixed", [
    ("кГИА", "к ГИА"),                  # a preposition glued to an abbreviation
    ("ФЗот", "ФЗ от"),
    ("ОТи", "ОТ и"),
    ("ВУЗа", "ВУЗа"),                   # case endings of abbreviations stay on
    ("ВУЗов", "ВУЗов"),
    ("ГОиЧС", "ГОиЧС"),                 # an abbreviation with a small letter inside
    ("ОТи.", "ОТи."),                   # no conjunction stands before a stop
])
def test_short_word_glued_to_an_abbreviation_split_where_the_case_changes(read, fixed):
    from extractors.scan.words import fix_text
    assert fix_text(read) == fixed


def scan_pages(src: str, dst: str, dpi: int = 150) -> None:
    """Every page of a PDF scanned as `scan_of` makes it, in one image-only PDF."""
    import pypdfium2 as pdfium
    from PIL import Image

    pages = []
    for i in range(len(pdfium.PdfDocument(src))):
        one = dst + f".{i}.pdf"
        scan_of(src, i, one, dpi=dpi, seed=i + 1)
        pages.append(pdfium.PdfDocument(one)[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    pages[0].save(dst, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])


def test_roman_heading_numbers_of_a_scan_as_printed(tmp_path):
    """Tesseract's `rus` model reads a Roman I as «1», II as «П», VI as «УТ» or «М»: the
    headings of a scanned real plan (printed to PDF from its DOCX) keep their Roman numbers
    and their titles lose the misread number, as in the born-digital page."""
    _ocr_ready()
    src = os.path.join(os.path.dirname(__file__), "fixtures", "realworld", "office_pdf",
                       "ussuriysk_cssu_security_plan_2019_p1-2_7.pdf")
    scan = str(tmp_path / "scan.pdf")
    scan_pages(src, scan)
    expected = {(r.section_no, r.section_title) for r in _rows(src)}
    got = {(r.section_no, r.section_title) for r in _rows(scan)}
    assert {no for no, _ in expected} == {"I", "II", "VI"}
    assert got == expected


@pytest.mark.parametrize("read, roman", [("П", "II"), ("Ш", "III"), ("УТ", "VI"), ("1У", "IV"),
                                         ("У", "V"), ("УП", "VII"), ("IX", "IX"), ("1", ""),
                                         ("11", ""), ("А", ""), ("ПП", ""), ("УУ", "")])
def test_roman_lookalikes_read_back(read, roman):
    from extractors.scan.words import roman_of
    assert roman_of(read) == roman


def test_roman_lookalikes_only_for_ocr_headings():
    """A born-digital heading «П. …» (no OCR confidence) keeps its text; an OCR'd «1»
    stays Arabic beside other Arabic numbers."""
    from extractors.model import Cell, Document, Table

    def table(conf):
        cells = [Cell("№", 0, 0), Cell("Мероприятие", 0, 1), Cell("Срок", 0, 2),
                 Cell("1. Работа с кадрами", 1, 0, colspan=3, confidence=conf),
                 Cell("1", 2, 0, confidence=conf), Cell("Совещание", 2, 1, confidence=conf),
                 Cell("май", 2, 2, confidence=conf),
                 Cell("П. Работа с детьми", 3, 0, colspan=3, confidence=conf),
                 Cell("2", 4, 0, confidence=conf), Cell("Беседы", 4, 1, confidence=conf),
                 Cell("июнь", 4, 2, confidence=conf),
                 Cell("2. Работа с семьёй", 5, 0, colspan=3, confidence=conf),
                 Cell("3", 6, 0, confidence=conf), Cell("Собрание", 6, 1, confidence=conf),
                 Cell("июль", 6, 2, confidence=conf)]
        return Document(path="x.pdf", format="pdf", blocks=[Table(index=0, cells=cells, n_rows=7, n_cols=3)])

    born = [(r.section_no, r.section_title) for r in structure(table(None)).rows]
    assert born == [("1", "Работа с кадрами"), ("", "П. Работа с детьми"), ("2", "Работа с семьёй")]
    ocr = [(r.section_no, r.section_title) for r in structure(table(0.9)).rows]
    assert ocr == [("1", "Работа с кадрами"), ("II", "Работа с детьми"), ("2", "Работа с семьёй")]


@pytest.mark.parametrize("read, fixed", [
    (["длЯ", "обучающихся"], ["для", "обучающихся"]),       # a same-shape capital inside a word
    (["школ", "С", "низкими"], ["школ", "с", "низкими"]),    # a preposition mid-sentence
    (["школ,", "В", "том"], ["школ,", "в", "том"]),
    (["5", "В", "класс"], ["5", "В", "класс"]),              # a class letter after a digit
    (["года.", "В", "течение"], ["года.", "В", "течение"]),  # a sentence starts
    (["и", "С", "Ивановым"], ["и", "С", "Ивановым"]),        # before a capital
    (["кГИА"], ["кГИА"]),                                    # no word in small letters
    (["требованиям", "СанПиН,"], ["требованиям", "СанПиН,"]),  # a mixed-case abbreviation
])
def test_stray_capitals_of_same_shape_letters_lowered(read, fixed):
    """Tesseract at 300 dpi reads «для» as «длЯ» and «с» between words as «С» (the capital is
    the small letter made taller): lowered where no capital can stand."""
    from extractors.scan.words import stray_capitals
    found = [(t, 20 * i, 0, 10, 10, 90, 1) for i, t in enumerate(read)]
    assert [w[0] for w in stray_capitals(found)] == fixed


@pytest.mark.parametrize("read, fixed", [("ЦНИПМ", "ЦНППМ"), ("ЦНППМ", "ЦНППМ"),
                                         ("ШПРО", "ШПРО"), ("ПЛАН", "ПЛАН"), ("МИШКО", "МИШКО")])
def test_abbreviation_one_confused_capital_from_the_glossary(read, fixed):
    """«ЦНИПМ» is no abbreviation of the glossary and «ЦНППМ» is, one П read as И away; a
    spelling printed so («ШПРО») or with no glossary neighbour stays as read."""
    from extractors.scan.words import fix_text
    assert fix_text(read) == fixed


@pytest.mark.parametrize("read, fixed", [
    (["П", "четверть"], ["II", "четверть"]), (["Ш", "квартал"], ["III", "квартал"]),
    (["ТУ", "квартал"], ["IV", "квартал"]), (["За", "Т", "полугодие"], ["За", "I", "полугодие"]),
    (["||", "четверти"], ["II", "четверти"]), (["Гполугодие"], ["I полугодие"]),
    (["Ш,", "[У", "недели"], ["III,", "IV", "недели"]), (["Т", "и", "П", "полугодие"], ["I", "и", "II", "полугодие"]),
    (["П–Ш", "недели"], ["II–III", "недели"]), (["1-П", "недели"], ["I-II", "недели"]),
    (["1", "четверть"], ["1", "четверть"]), (["1-2", "неделя"], ["1-2", "неделя"]),  # digits: printed so too
    (["и", "полугодие"], ["и", "полугодие"]), (["П", "класс"], ["П", "класс"]),
])
def test_roman_number_before_a_period_word(read, fixed):
    """The `rus` model prints a Roman number before «четверть», «квартал», «полугодие» with
    the Cyrillic letters of its strokes («П четверть», «ТУ квартал»): read back."""
    from extractors.scan.words import roman_before_periods
    found = [(t, 20 * i, 0, 10, 10, 90, 1) for i, t in enumerate(read)]
    assert [w[0] for w in roman_before_periods(found)] == fixed


def _liberation(style: str = "Regular", size: int = 33):
    """Liberation Serif (`make system-deps`) in `style` at `size` px; the test is skipped
    on a machine without it."""
    from PIL import ImageFont
    try:
        return ImageFont.truetype(f"LiberationSerif-{style}.ttf", size)
    except OSError:
        pytest.skip(f"Liberation Serif {style} not installed")


def _drawn(text: str, font, size: tuple[int, int], at: tuple[int, int] = (20, 20)):
    """`text` drawn black on a white image of `size` → its grey pixels and the text's box
    (left, top, right, bottom)."""
    import numpy as np
    from PIL import Image, ImageDraw
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    draw.text(at, text, font=font, fill=0)
    return np.asarray(img), draw.textbbox(at, text, font=font)


def test_roman_quarters_of_a_rendered_deadline_cell_read_as_printed():
    """«II четверть», «III квартал», «IV квартал», «I полугодие» printed in a Times-like serif
    at 150 dpi come out of the OCR as printed, so the deadline parser reads them."""
    _ocr_ready()
    import numpy as np
    from PIL import Image, ImageDraw

    from extractors.ocr import _Points, _to_words
    from extractors.scan.engine import get_engine
    font = _liberation("Regular", 25)
    engine = get_engine("rus")
    for text in ("II четверть", "III квартал", "IV квартал", "I полугодие"):
        img = Image.new("L", (600, 75), 255)
        ImageDraw.Draw(img).text((20, 10), text, font=font, fill=0)
        words = _to_words(engine.words(np.asarray(img)), 0, 0, _Points(72 / 150, (0, 0)))
        assert " ".join(w["text"] for w in words) == text


def test_the_rest_of_a_line_read_in_part_is_read_again_as_one_line():
    """A stamp's ring over the end of a title line: the page layout read «План мероприятий
    по» and left the rest. The ink left on that line's own height is read again as one line
    (the ring above and below it is not in the way), and its word joins that line."""
    _ocr_ready()
    import numpy as np
    from PIL import Image, ImageDraw

    from extractors.ocr import unread_lines
    from extractors.scan.engine import get_engine
    from extractors.settings import defaults
    font = _liberation("Bold", 33)
    img = Image.new("L", (900, 260), 255)
    draw = ImageDraw.Draw(img)
    found, x = [], 40
    for part in ("План ", "мероприятий ", "по ", "профилактике"):
        draw.text((x, 110), part, font=font, fill=0)
        left, top, right, bottom = draw.textbbox((x, 110), part.strip(), font=font)
        if part != "профилактике":
            found.append((part.strip(), left, top, right - left, bottom - top, 95.0, 1))
        x += round(draw.textlength(part, font=font))
    draw.ellipse((640, 10, 880, 250), outline=0, width=4)           # the stamp's ring
    draw.ellipse((680, 50, 840, 210), outline=0, width=2)
    grey = np.asarray(img)
    ink = np.where(grey < 128, 255, 0).astype(np.uint8)
    again = unread_lines(get_engine("rus"), grey, ink, found, 200, defaults().ocr)
    assert [w[0] for w in again if w[6] == 1] == ["профилактике"]


def test_a_dictionary_word_read_again_through_a_stamp_keeps_its_core_at_lower_confidence():
    """The line read again under a stamp gives «профилактике”» at confidence 48 (the ring's
    ink as a quote): a word of five letters or more the dictionary knows is kept, without
    the ink's marks, down to `ocr.unread_known_slack` below the usual 60; a fragment that is
    no word is not."""
    import numpy as np

    from extractors.ocr import _rest_of_read_lines
    from extractors.settings import defaults

    class Engine:
        def words(self, image, psm):
            return [("профилактике”", 5, 2, 120, 20, 48.0, 1), ("иеРоУ", 130, 2, 40, 20, 48.0, 1),
                    ("ааа", 180, 2, 30, 20, 30.0, 1)]

    page = np.full((60, 400), 255, np.uint8)
    left = np.zeros((60, 400), np.uint8)
    left[20:40, 150:350] = 255                                    # ink no word read covers
    found = [("План", 10, 20, 60, 20, 95.0, 1)]
    again = _rest_of_read_lines(Engine(), page, left, found, 60, defaults().ocr)
    assert [(w[0], w[6]) for w in again] == [("профилактике", 1)]


def test_text_the_page_layout_left_out_is_read_again():
    """Ink outside the tables that no word read covers (a line Tesseract's page layout
    dropped) is read as a block; ink already read is not read twice; a speck is no line."""
    _ocr_ready()
    import numpy as np
    from PIL import Image, ImageDraw

    from extractors.ocr import unread_lines
    from extractors.scan.engine import get_engine
    from extractors.settings import defaults
    font = _liberation("Bold", 33)
    img = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 20), "План мероприятий по профилактике", font=font, fill=0)
    draw.text((40, 100), "правонарушений несовершеннолетних", font=font, fill=0)
    draw.rectangle((800, 180, 802, 182), fill=0)                    # a speck
    grey = np.asarray(img)
    ink = np.where(grey < 128, 255, 0).astype(np.uint8)
    engine, cfg = get_engine("rus"), defaults().ocr
    first = [w for w in engine.words(grey) if w[2] < 80]            # the first line was read
    assert " ".join(w[0] for w in first) == "План мероприятий по профилактике"
    again = unread_lines(engine, grey, ink, first, 200, cfg)
    assert " ".join(w[0] for w in again) == "правонарушений несовершеннолетних"
    assert all(w[2] > 80 for w in again)                            # where it is printed
    assert unread_lines(engine, grey, ink, first + again, 200, cfg) == []

def _ink_of(text: str, font_name: str, size: int = 33, angle: float = 0.8):
    """`text` drawn in a TrueType font (33 px: 12 pt at 200 dpi, the OCR resolution), turned
    by `angle`° as a residual skew leaves it → its ink mask (255 = ink), or None without the
    font."""
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont
    try:
        font = ImageFont.truetype(font_name, size)
    except OSError:
        return None
    img = Image.new("L", (160, 70), 255)
    ImageDraw.Draw(img).text((20, 10), text, font=font, fill=0)
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return cv2.threshold(np.asarray(img), 128, 255, cv2.THRESH_BINARY_INV)[1]


@pytest.mark.parametrize("text, roman", [("I", "I"), ("II", "II"), ("III", "III"), ("IV", "IV"),
                                         ("VI", "VI"), ("IX", "IX"), ("XII", "XII"),
                                         ("IV.", "IV."), ("1", ""), ("11", ""), ("П", ""),
                                         ("Ш", ""), ("У", ""), ("м", "")])
def test_roman_number_alone_read_from_its_letters_shapes(text, roman):
    """A bold sans «I», «II», «IV» alone in a cell, which Tesseract's `rus` and `eng` models
    read as nothing or as «м»: its letters' shapes make the number; digits, Cyrillic
    letters and other shapes make none."""
    from extractors.scan.glyphs import roman_from_ink
    ink = _ink_of(text, "DejaVuSans-Bold.ttf")
    if ink is None:
        pytest.skip("DejaVu Sans Bold not installed")
    assert roman_from_ink(ink, 200) == roman


def test_a_stroke_at_a_cells_side_is_no_roman_one():
    """What erasing a cell's border leaves at its side is no «I»."""
    from extractors.scan.glyphs import roman_from_ink
    ink = _ink_of("I", "DejaVuSans-Bold.ttf")
    if ink is None:
        pytest.skip("DejaVu Sans Bold not installed")
    assert roman_from_ink(ink, 200) == "I"
    x = int(ink.any(axis=0).argmax())           # the stroke's left edge
    assert roman_from_ink(ink[:, x - 2:], 200) == ""


def test_roman_numbers_alone_in_the_number_cells_of_a_scanned_real_plan(tmp_path):
    """The real plan's № cells hold its section numbers «IV», «I», «II» alone, in bold sans
    type (printed to PDF from its DOC): scanned at 150 dpi, its rows keep them as the
    born-digital page does (both Tesseract models read them as nothing or «м»)."""
    _ocr_ready()
    src = os.path.join(os.path.dirname(__file__), "fixtures", "realworld", "office_pdf",
                       "celinny_school_plan_2015_spread_p2-3.pdf")
    born, scan = str(tmp_path / "born.pdf"), str(tmp_path / "scan.pdf")
    one_page(src, 0, born)
    scan_of(src, 0, scan, dpi=150, angle=-0.8)
    expected = [(r.section_no, r.item_no) for r in _rows(born)]
    got = [(r.section_no, r.item_no) for r in _rows(scan)]
    assert {"IV", "II"} <= {no for no, _ in expected}
    assert ("", "I") in expected
    assert got == expected


def test_breve_of_a_capital_short_found_on_the_image():
    """«МАЙ» with a thin breve, which Tesseract reads «МАИ» (a word too): the flat blob
    just over the «И» makes it «Й»; the foot of a letter on the line above, cut by the
    region's top, and the breve of the neighbouring «й» do not."""
    from extractors.scan.glyphs import fix_breve
    font = _liberation("Bold", 33)

    def drawn(text: str, read: str):
        arr, (x0, y0, x1, y1) = _drawn(text, font, (400, 80))
        box = (x0, y0 + 6, x1 - x0, y1 - y0 - 6)     # Tesseract's box: the letters below it
        return arr, [(read, *box, 90.0, 1)]

    img, found = drawn("МАЙ", "МАИ")
    assert fix_breve(img, found)[0][0] == "МАЙ"
    img, found = drawn("МАИ", "МАИ")
    assert fix_breve(img, found)[0][0] == "МАИ"
    img, found = drawn("занятий", "занятий")
    assert fix_breve(img, found)[0][0] == "занятий"


@pytest.mark.parametrize("read, fixed", [("Охпана", "Охрана"), ("здоповья", "здоровья"),
                                         ("Организаиионно", "Организационно"),
                                         ("ДЕГЕИ", "ДЕТЕЙ"),
                                         ("ПРАВОНАРУШЕНИИ", "ПРАВОНАРУШЕНИИ"), ("ШМО", "ШМО"),
                                         ("ЗУВР", "ЗУВР"), ("Иванова", "Иванова"),
                                         ("информациио", "информации о"),
                                         ("Фугбол", "Футбол"), ("погода", "погода")])
def test_letters_a_ruling_line_cut_given_back_by_the_dictionary(read, fixed):
    """Text touching a ruling line loses what the line's erasure cut («р» → «п», «ц» → «и»,
    «Т» → «Г», «Й» → «И»), and a thinned stroke turns «т» into «г» («Фугбол»): an unknown
    word takes the one known word these give back; a known word, an abbreviation and a
    name stay."""
    from extractors.scan.words import fix_text
    assert fix_text(read) == fixed


def test_a_merged_heading_row_keeps_one_cell_in_a_scan(tmp_path):
    """The real plan's heading row «Воспитательная работа (Декада мужества)» spans the
    table; the italic «(» touches the column line below it, which joined the two into a
    stroke and bridged the row: scanned at 150 dpi, the heading stays one cell and heads
    its rows as in the born-digital page (it had become a row of its own)."""
    _ocr_ready()
    src = os.path.join(os.path.dirname(__file__), "fixtures", "realworld",
                       "nakhodka_school11_work_plan_2016.pdf")
    born, scan = str(tmp_path / "born.pdf"), str(tmp_path / "scan.pdf")
    one_page(src, 12, born)
    scan_of(src, 12, scan, dpi=150, angle=0.6)
    title = "Воспитательная работа (Декада мужества)"
    expected = [r.section_title for r in _rows(born)]
    got = _rows(scan)
    assert expected.count(title) >= 4
    assert [r.section_title for r in got] == expected
    assert not any(r.activity.startswith("Воспитательная работа") for r in got)


# the ink of a real plan's «1.» cell (Times, scanned at 150 dpi, read at 200): the flag and
# foot of the «1» are a pixel wide
_SERIF_ONE = """
..###.
#####.
#####.
#####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.####.
.#####
######
######"""
_DOT = """
..##.
#####
#####
#####
####."""


def test_a_serif_one_whose_flag_a_scan_lost_is_no_roman_one():
    """A real plan's «1.» in a № cell (Times, scanned at 150 dpi) is a plain bar in the
    scan, which Tesseract reads as nothing: its stem, 0.18 of its height, is slimmer than a
    bold «I»'s (0.26), so it is the «1.» it was and no Roman number (it had become «I.»)."""
    import numpy as np

    from extractors.scan.glyphs import roman_from_ink

    def mask(art: str):
        return np.array([[c == "#" for c in row] for row in art.strip().splitlines()])

    ink = np.zeros((350, 79), np.uint8)
    one, dot = mask(_SERIF_ONE), mask(_DOT)
    ink[8:8 + one.shape[0], 12:12 + one.shape[1]][one] = 255
    ink[25:25 + dot.shape[0], 25:25 + dot.shape[1]][dot] = 255
    assert roman_from_ink(ink, 200) == "1."
    wide = np.zeros_like(ink)                       # the same bar, as bold as an «I»
    wide[8:30, 12:18] = 255
    assert roman_from_ink(wide, 200) == "I"


def test_header_cells_without_a_line_above_them_are_cells_in_a_scan(tmp_path):
    """A real plan's table (printed to PDF from its DOC) has no border above its «№»,
    «Наименование задачи…», «Вид бюджетного ассигнования» header cells, only above the
    wider «Значение результата…» cell: scanned at 150 dpi, those header cells are cells
    (they were the page's outside and the table's columns went unrecognised), and the
    scan gives the born-digital page's rows."""
    _ocr_ready()
    from extractors.ocr import ocr_image
    src = os.path.join(os.path.dirname(__file__), "fixtures", "realworld", "office_pdf",
                       "rybinsk_sport_program_2017_2022_p11.pdf")
    scan = str(tmp_path / "scan.pdf")
    scan_of(src, 0, scan, dpi=150, angle=0.4)
    import numpy as np
    import pypdfium2 as pdfium
    grey = np.asarray(pdfium.PdfDocument(scan)[0].render(scale=200 / 72, grayscale=True)
                      .to_pil().convert("L"))
    words = " ".join(w["text"] for w in ocr_image(grey, 200).words)
    assert "Наименование" in words and "ассигнования" in words
    expected = [(r.item_no, r.activity[:30]) for r in _rows(src)]
    got = [(r.item_no, r.activity[:30]) for r in _rows(scan)]
    assert len(expected) >= 4
    assert got == expected


def test_a_speck_in_the_cell_does_not_hide_its_roman_number():
    """A speck of the page's noise left in a № cell below its «II» (a real plan scanned at
    150 dpi: 2×2 px) is no letter, and the number is still read."""
    from extractors.scan.glyphs import roman_from_ink
    ink = _ink_of("II", "DejaVuSans-Bold.ttf")
    if ink is None:
        pytest.skip("DejaVu Sans Bold not installed")
    ink[60:62, 80:82] = 255
    assert roman_from_ink(ink, 200) == "II"


def test_case_of_letters_measured_without_the_guillemet_or_bracket_beside_them():
    """«СШ» after a guillemet: the «'s two chevrons are blobs of their own, lower than the
    capitals; the word is measured by its letters alone and stays in capitals (at 300 dpi
    a real plan's «МУ «СШ РМР»» became «сш»); small letters after a guillemet stay small;
    a bracket, taller than any letter, is not measured either («(2-9 кл)» became «КЛ)»)."""
    import numpy as np
    from extractors.scan.glyphs import fix_case

    img = np.full((80, 600), 255, np.uint8)

    def blob(x0, w, h, base=60):
        img[base - h:base, x0:x0 + w] = 0

    blob(10, 10, 21)                             # «Прием»: a capital, then small letters
    for k in range(1, 5):
        blob(10 + 14 * k, 10, 14)
    words = [("Прием", 10, 39, 70, 21, 90, 1)]
    for x0, h, text in ((100, 21, "«СШ"), (200, 14, "«оо")):
        blob(x0, 5, 11, base=50)                 # the two chevrons, high on the line
        blob(x0 + 7, 5, 11, base=50)
        blob(x0 + 16, 10, h)
        blob(x0 + 30, 10, h)
        words.append((text, x0, 60 - h, 40, h, 90, 1))
    blob(300, 10, 14)                            # «кл)»: the bracket reaches above the
    blob(314, 10, 14)                            # capitals and below the line
    blob(328, 4, 28, base=64)
    words.append(("кл)", 300, 36, 32, 28, 90, 1))
    out = [w[0] for w in fix_case(img, words)]
    assert out == ["Прием", "«СШ", "«оо", "кл)"]


def test_a_dash_read_as_two_is_one_dash_measured_on_the_image():
    """The `rus` model reads a spaced en dash of a 150-dpi scan as «-—» (two dashes, one
    blob on the image, low confidence: it was dropped as a speck): it is the one dash its
    ink measures."""
    import numpy as np
    from extractors.scan.glyphs import fix_dashes

    img = np.full((60, 300), 255, np.uint8)
    for x in (10, 40, 130, 160):
        img[20:40, x:x + 22] = 0                 # «нн – нн», letters 20 px high
    img[29:32, 78:98] = 0                        # 20 px: 0.46 em, an en dash
    found = [("нн", 10, 20, 52, 20, 90, 1), ("-—", 76, 28, 24, 5, 40, 1),
             ("нн", 130, 20, 52, 20, 90, 1)]
    assert [w[0] for w in fix_dashes(img, found, (0.29, 0.75))] == ["нн", "–", "нн"]


@pytest.mark.parametrize("before, read, fixed", [
    ("Дронь", "УА.", "У.А."),          # a surname the dictionary lacks
    ("Лобанов", "СВ.,", "С.В.,"),      # a name it knows
    ("Директор", "МУ.", "МУ."),        # a word that is no name: an abbreviation
    ("Иванова", "ОО.", "ОО."),         # the glossary's abbreviation
    ("в", "УА.", "УА."),
])
def test_initials_without_their_first_stop_after_a_surname(before, read, fixed):
    from extractors.scan.words import initials_after_names
    found = [(before, 0, 0, 40, 10, 90, 1), (read, 50, 0, 30, 10, 50, 1)]
    assert initials_after_names(found)[1][0] == fixed


def test_space_at_a_stop_as_the_ink_shows_it():
    """Tesseract reads a typist's space before a stop into the word («Директор .» →
    «Директор.») and, reading with low confidence, cuts «Рук.ШМО» in two at its stop: the
    white measured between the ink gives the space back and takes the false one away; a
    real space after a stop («Зам. директора») stays."""
    import numpy as np
    from PIL import Image, ImageDraw
    from extractors.scan.glyphs import spaces_by_ink
    font = _liberation("Regular", 33)

    def line(parts: list[str], y: int = 20):
        """Draw the words of one line; their engine words with the boxes of their ink."""
        img = Image.new("L", (700, 80), 255)
        draw = ImageDraw.Draw(img)
        words, x = [], 20
        for part in parts:                           # drawn part by part: integer boxes
            draw.text((x, y), part, font=font, fill=0)
            left, top, right, bottom = draw.textbbox((x, y), part.strip(), font=font)
            if part.strip():
                read = part.strip().replace(" ", "")      # Tesseract's word has no space
                words.append((read, left, top, right - left, bottom - top, 50.0, 1))
            x += round(draw.textlength(part, font=font))
        return np.asarray(img), words

    img, words = line(["Директор ."])                  # one word as Tesseract read it
    assert [w[0] for w in spaces_by_ink(img, words)] == ["Директор", "."]
    img, words = line(["Рук.", "ШМО", " по", " плану"])
    assert [w[0] for w in spaces_by_ink(img, words)] == ["Рук.ШМО", "по", "плану"]
    img, words = line(["Зам.", " директора", " по", " АХЧ."])
    assert [w[0] for w in spaces_by_ink(img, words)] == ["Зам.", "директора", "по", "АХЧ."]
    # a letter-spaced heading cut where no space is («работ а»): one word the dictionary
    # knows; «работ а» printed with a space stays two
    from extractors.scan.words import known
    img, words = line(["хозяйственная", " работ", "а"])
    assert [w[0] for w in spaces_by_ink(img, words, known=known)] == ["хозяйственная", "работа"]
    img, words = line(["хозяйственная", " работ", " а"])
    assert [w[0] for w in spaces_by_ink(img, words, known=known)] == \
        ["хозяйственная", "работ", "а"]
    # a word the dictionary lacks, cut by Tesseract's boxes where no white is («В
    # нутришкольны й»): one word; two words it knows printed close stay two
    img, words = line(["В", "нутришкольны", "й", " контроль"])
    assert [w[0] for w in spaces_by_ink(img, words, known=known)] == \
        ["Внутришкольный", "контроль"]
    img, words = line(["В", " нутришкольны", " й", " контроль"])
    assert [w[0] for w in spaces_by_ink(img, words, known=known)] == \
        ["В", "нутришкольны", "й", "контроль"]


def test_first_capital_measured_against_the_small_letters_after_it():
    """Tesseract reads a small letter at a word's start as the capital («образа Жизни»,
    «финансовая» read «Финансовая»): measured against the small letters after it, the
    letter is as high as they are (or goes below their line: «у», «р», «ф») and the word
    goes small; a capital the ink shows stays («Жизнь»
    starting a sentence), and so does a word the dictionary knows only with its capital."""
    from extractors.scan.glyphs import fix_first_capital
    from extractors.scan.words import known
    font = _liberation("Regular", 33)

    def word(drawn: str, read: str):
        arr, (left, top, right, bottom) = _drawn(drawn, font, (300, 80))
        found = [(read, left, top, right - left, bottom - top, 90.0, 1)]
        return fix_first_capital(arr, found, known)[0][0]

    assert word("жизни", "Жизни") == "жизни"
    assert word("Жизни", "Жизни") == "Жизни"
    assert word("книги", "Книги") == "книги"
    assert word("Книги", "Книги") == "Книги"
    assert word("установка", "Установка") == "установка"   # a small «у» goes below the line
    assert word("Установка", "Установка") == "Установка"


@pytest.mark.parametrize("numbers, expected", [
    # a plan's № column of Roman numbers, read by the `rus` model (and lowered by the case
    # check): III, II, IV, and a «1» beside them an I
    ([("ш", "1"), ("п", "2"), ("ГУ", "ГУ"), ("1", "1")],
     [("III", "1"), ("II", "2"), ("IV", "IV"), ("I", "1")]),
    # a list lettered «а», «б», «в», «г»: no Roman numbers
    ([("", "а"), ("", "б"), ("", "в"), ("", "г")], [("", "а"), ("", "б"), ("", "в"), ("", "г")]),
    # one letter alone is no evidence
    ([("п", "1"), ("п", "2")], [("п", "1"), ("п", "2")]),
])
def test_roman_lookalikes_of_an_ocr_number_column(numbers, expected):
    from types import SimpleNamespace
    from pipeline.structure import _roman_sections
    rows = [SimpleNamespace(section_no=s, item_no=i, confidence=0.9) for s, i in numbers]
    _roman_sections(rows)
    assert [(r.section_no, r.item_no) for r in rows] == expected
    born = [SimpleNamespace(section_no=s, item_no=i, confidence=None) for s, i in numbers]
    _roman_sections(born)
    assert [(r.section_no, r.item_no) for r in born] == numbers


@pytest.mark.parametrize("read, fixed", [
    (["школе:", "а)", "причины", "пропусков;", "6)", "причины"],
     ["школе:", "а)", "причины", "пропусков;", "б)", "причины"]),
    (["а)", "х;", "6)", "у;", "8)", "z"], ["а)", "х;", "б)", "у;", "в)", "z"]),
    (["1)", "х;", "6)", "у"], ["1)", "х;", "6)", "у"]),      # a numbered list
    (["в)", "х;", "6)", "у"], ["в)", "х;", "6)", "у"]),      # «б» is not after «в»
])
def test_lettered_list_marker_read_as_a_digit(read, fixed):
    from extractors.scan.words import lettered_list
    found = [(t, 10 * i, 0, 8, 10, 90, 1) for i, t in enumerate(read)]
    assert [w[0] for w in lettered_list(found)] == fixed


def test_a_dash_inside_a_word_is_a_hyphen_up_to_a_longer_ink():
    """A bold heading's hyphen «АГИТАЦИОННО-ПРОПАГАНДИСКАЯ» measures 0.31 em of its capitals
    on a 150-dpi scan, more than a spaced hyphen may (0.29): between two letters of a word
    a dash is a hyphen up to 0.36 em; a longer one there is still an en dash
    («Футбол–Кубок»), and a spaced dash of 0.31 em one too."""
    import numpy as np
    from extractors.scan.glyphs import fix_dashes

    img = np.full((60, 400), 255, np.uint8)
    for x in (10, 34, 72, 96, 190, 214, 300):
        img[20:40, x:x + 20] = 0                 # capitals 20 px high (em ≈ 29.4 px)
    img[29:32, 58:67] = 0                        # 9 px: 0.31 em, between letters
    img[29:32, 240:255] = 0                      # 15 px: 0.51 em, between letters
    img[29:32, 120:129] = 0                      # 9 px: 0.31 em, spaced
    found = [("НН-НН", 10, 20, 106, 20, 90, 1), ("-", 118, 28, 13, 5, 90, 1),
             ("НН-Н", 190, 20, 130, 20, 90, 1)]
    out = [w[0] for w in fix_dashes(img, found, (0.29, 0.75), 0.36)]
    assert out == ["НН-НН", "–", "НН–Н"]
    assert [w[0] for w in fix_dashes(img, found, (0.29, 0.75))] == ["НН–НН", "–", "НН–Н"]
    # an ordinal's ending after a digit («4-я»); between two digits a range keeps 0.29
    found = [("4-Н", 10, 20, 106, 20, 90, 1), ("-", 118, 28, 13, 5, 90, 1),
             ("4-4", 190, 20, 130, 20, 90, 1)]
    img[29:32, 240:255] = 255
    img[29:32, 240:249] = 0                      # 9 px: 0.31 em, between two digits
    out = [w[0] for w in fix_dashes(img, found, (0.29, 0.75), 0.36)]
    assert out == ["4-Н", "–", "4–4"]


def test_roman_number_cells_of_a_continued_ocr_table():
    """A scanned plan's table without a header (it goes on from a page not read): its №
    cells «ш», «ту» (III, IV as the `rus` model prints them) are its item numbers, so the
    column is the № column and the rows take their section numbers, as the born-digital
    «III», «IV» do; a lettered list («а», «б», «в», «г») keeps its letters."""
    from extractors.model import Cell, Document, Table

    def doc(first, second, conf=0.9):
        rows = []
        for r, (no, title) in enumerate([(first, "Внутришкольный контроль"),
                                         (second, "Воспитательная работа")]):
            rows += [Cell(no, r, 0, confidence=conf),
                     Cell(f"{title}\n1. Проверка классных журналов\n2. Проверка дневников", r, 1,
                          confidence=conf),
                     Cell("октябрь\nноябрь", r, 2, confidence=conf),
                     Cell("Зам. директора по УВР\nКлассные руководители", r, 3, confidence=conf)]
        two = Table(index=1, n_rows=2, n_cols=4, cells=rows)
        return Document(path="x.pdf", format="pdf", blocks=[two])

    got = {(r.section_no, r.section_title) for r in structure(doc("ш", "ту")).rows}
    assert ("III", "Внутришкольный контроль") in got and ("IV", "Воспитательная работа") in got
    born = {(r.section_no, r.section_title) for r in structure(doc("III", "IV", None)).rows}
    assert got == born
    lettered = {r.section_no for r in structure(doc("в", "г")).rows}
    assert "I" not in lettered


def test_digits_read_as_letters_are_read_again():
    """The `rus` model reads a serif «11» whose flags and feet a 150-dpi scan blurred as «и»
    («в и классах», a deadline cell «и»): the ink has two blobs where «и» has one, so the
    word is read again twice as large, and where that still reads letters, plain bars alone
    are that many «1». A real «и» (one blob, or two of the small letters' height beside
    other words) stays, and a reading again that is not digits is not taken."""
    import cv2
    import numpy as np

    from extractors.ocr import reread_digits
    from extractors.scan.glyphs import digits_read_as_letters

    img = np.full((60, 200), 255, np.uint8)
    for x in (60, 76):                               # «11»: two upright bars
        img[15:45, x:x + 5] = 0
    word = ("и", 58, 14, 26, 32, 60.0, 1)
    assert digits_read_as_letters(img, word) == (2, True)

    class Engine:                                      # reads what it is told, whatever
        def __init__(self, text):
            self.text = text

        def words(self, image, psm=6):
            return [(self.text, 2, 2, image.shape[1] - 4, image.shape[0] - 4, 90.0, 1)]

    assert reread_digits(Engine("и"), img, [word])[0][0] == "11"     # bars alone
    assert reread_digits(Engine("11"), img, [word])[0][0] == "11"
    # a letter drawn: «и» as one blob
    letter = np.full((60, 200), 255, np.uint8)
    cv2.line(letter, (60, 15), (60, 44), 0, 4)
    cv2.line(letter, (80, 15), (80, 44), 0, 4)
    cv2.line(letter, (60, 44), (80, 15), 0, 3)
    assert digits_read_as_letters(letter, ("и", 57, 13, 27, 34, 90.0, 1)) == (0, False)
    # two blobs that are no bars (a diagonal broken off a stem), read again as a letter: stays
    broken = np.full((60, 200), 255, np.uint8)
    cv2.line(broken, (60, 15), (60, 44), 0, 4)
    cv2.line(broken, (66, 36), (70, 30), 0, 3)
    cv2.line(broken, (80, 15), (80, 44), 0, 4)
    cv2.line(broken, (74, 24), (78, 18), 0, 3)
    assert reread_digits(Engine("и"), broken, [("и", 57, 13, 27, 34, 90.0, 1)])[0][0] == "и"


@pytest.mark.parametrize("read, fixed", [
    (["Кл.рук-ли", "ТУ,", "УП,", "х"], ["Кл.рук-ли", "IV,", "VII,", "X"]),
    (["классы", "IV,", "УП"], ["классы", "IV,", "VII"]),
    (["Т,", "Г"], ["Т,", "Г"]),                        # single letters: maybe letters
    (["ТУ,", "ПО,", "УП"], ["ТУ,", "ПО,", "УП"]),       # «ПО» is no Roman number
    (["5,", "6,", "7"], ["5,", "6,", "7"]),
    (["ту,", "УП"], ["ту,", "УП"]),                     # a word in small letters
])
def test_a_list_of_roman_numbers_read_back(read, fixed):
    """A list of Roman numbers (classes «IV, VII, X» in a responsible cell) as the `rus` model
    prints them is read back when every item of the list reads as one."""
    from extractors.scan.words import roman_lists
    assert [w[0] for w in roman_lists([(t, 0, 0, 1, 1, 90.0, 1) for t in read])] == fixed


def test_a_list_of_roman_numbers_goes_on_over_the_line_end():
    """«IV, VII,» at a line's end and «х» on the next: one list, X."""
    from extractors.scan.words import roman_lists
    found = [("Кл.рук-ли", 0, 0, 1, 1, 90.0, 1), ("ТУ,", 0, 0, 1, 1, 90.0, 1),
             ("УП,", 0, 0, 1, 1, 90.0, 1), ("х", 0, 0, 1, 1, 90.0, 2)]
    assert [w[0] for w in roman_lists(found)] == ["Кл.рук-ли", "IV,", "VII,", "X"]
    found[2] = ("УП", 0, 0, 1, 1, 90.0, 1)            # no comma: the list ends on its line
    assert [w[0] for w in roman_lists(found)][-1] == "х"



def test_a_roman_heading_number_read_short_is_read_again():
    """«VI.» of a bold italic heading read «У.» (the «I» lost): its ink has a blob more than
    the word has letters, so it is read again alone; the new reading is kept when it is a
    Roman number as printed with as many letters as blobs («УТ.» → VI downstream)."""
    import cv2
    import numpy as np

    from extractors.ocr import reread_roman_number

    img = np.full((60, 300), 255, np.uint8)
    cv2.line(img, (20, 15), (30, 44), 0, 4)          # V
    cv2.line(img, (40, 15), (30, 44), 0, 4)
    img[15:45, 48:53] = 0                             # I
    img[40:45, 57:62] = 0                             # the stop
    words = [("У.", 18, 13, 46, 33, 70.0, 1), ("Мероприятия", 80, 13, 150, 33, 90.0, 1)]

    class Engine:
        def __init__(self, text):
            self.text = text

        def words(self, image, psm=6):
            return [(self.text, 2, 2, image.shape[1] - 4, image.shape[0] - 4, 90.0, 1)]

    assert [w[0] for w in reread_roman_number(Engine("УТ."), img, words)] == ["УТ.", "Мероприятия"]
    assert [w[0] for w in reread_roman_number(Engine("У."), img, words)] == ["У.", "Мероприятия"]
    assert [w[0] for w in reread_roman_number(Engine("Ук."), img, words)] == ["У.", "Мероприятия"]
    # one blob, one letter: nothing read again
    one = img.copy()
    one[:, 46:56] = 255
    assert reread_roman_number(Engine("УТ."), one, words) == words


def test_a_spaced_dash_between_numbers_keeps_its_spaces_and_its_ink():
    """«16.11 – 21.11» read as one word «16.11-21.11»: the dash stands off both numbers by
    a space's white, so it is «16.11 – 21.11»; «1–11» printed tight stays glued. A dash
    read alone whose box Tesseract drew shorter than its ink is still measured («23.11 -
    28.11» with an en dash's ink: «–»)."""
    import numpy as np
    from extractors.scan.glyphs import fix_dashes

    img = np.full((60, 400), 255, np.uint8)
    for x in (10, 40, 140, 170):                     # digits 23 px high: em ≈ 34 px
        img[17:40, x:x + 20] = 0
    img[29:31, 80:97] = 0                            # 17 px: 0.5 em, 20 px white each side
    found = [("11-11", 10, 17, 180, 23, 90, 1)]
    assert [w[0] for w in fix_dashes(img, found, (0.29, 0.75))] == ["11 – 11"]
    tight = np.full((60, 400), 255, np.uint8)
    for x in (10, 40, 80, 110):
        tight[17:40, x:x + 20] = 0
    tight[29:31, 62:78] = 0                          # 2 px from each neighbour
    found = [("11-11", 10, 17, 120, 23, 90, 1)]
    assert [w[0] for w in fix_dashes(tight, found, (0.29, 0.75))] == ["11–11"]
    found = [("11", 10, 17, 50, 23, 90, 1), ("-", 82, 28, 12, 2, 40, 1),
             ("11", 140, 17, 50, 23, 90, 1)]
    assert [w[0] for w in fix_dashes(img, found, (0.29, 0.75))] == ["11", "–", "11"]


def test_a_cell_read_in_more_lines_than_printed_is_read_as_sparse_text():
    """Tesseract's block reading of a centred two-line cell («тренер, / инструктора по
    спорту») found three lines and cut words apart («трене / ин ы / структора»): read
    again as sparse text, the reading with more letters in dictionary words is kept; a
    cell read in as many lines as printed is not read again."""
    import numpy as np

    from extractors.ocr import _Points, cell_words
    from extractors.scan.engine import PSM_SPARSE
    from extractors.settings import defaults

    page = np.full((200, 400), 255, np.uint8)
    page[40:60, 100:300] = 0                      # two printed lines
    page[90:110, 60:340] = 0
    ink = np.where(page < 128, 255, 0).astype(np.uint8)
    block = [("трене", 100, 40, 100, 20, 80.0, 1), ("ин", 60, 80, 30, 20, 60.0, 2),
             ("ы", 150, 80, 10, 20, 50.0, 2), ("структора", 100, 95, 120, 20, 80.0, 3),
             ("по", 230, 95, 30, 20, 90.0, 3), ("спорту", 270, 95, 60, 20, 90.0, 3)]
    sparse = [("тренер,", 100, 40, 200, 20, 90.0, 1), ("инструктора", 60, 90, 150, 20, 90.0, 2),
              ("по", 220, 90, 30, 20, 90.0, 2), ("спорту", 260, 90, 70, 20, 90.0, 2)]

    class Engine:
        def words(self, image, psm=6):
            return list(sparse if psm == PSM_SPARSE else block)

    cfg = defaults().ocr
    words = cell_words(Engine(), page, ink, (0, 0, 400, 200), _Points(72 / 200, (0, 0)), cfg)
    assert " ".join(w["text"] for w in words) == "тренер, инструктора по спорту"
    # read in as many lines as printed: the block reading stays
    block[:] = [("тренер,", 100, 40, 200, 20, 90.0, 1), ("инструктора", 60, 90, 150, 20, 90.0, 2),
                ("по", 220, 90, 30, 20, 90.0, 2), ("спорту", 260, 90, 70, 20, 90.0, 2)]
    sparse[:] = [("тренер", 100, 40, 200, 20, 90.0, 1), ("инструктора", 60, 90, 150, 20, 90.0, 2),
                 ("по", 220, 90, 30, 20, 90.0, 2), ("спорту", 260, 90, 70, 20, 90.0, 2),
                 ("и", 330, 90, 10, 20, 90.0, 2)]
    page2 = page.copy()
    page2[150:152, 0:2] = 0                       # another ink: not the cell read before
    ink2 = np.where(page2 < 128, 255, 0).astype(np.uint8)
    words = cell_words(Engine(), page2, ink2, (0, 0, 400, 200), _Points(72 / 200, (0, 0)), cfg)
    assert " ".join(w["text"] for w in words) == "тренер, инструктора по спорту"


def test_words_read_without_the_space_between_them_are_cut_where_the_ink_is_white():
    """Tesseract reads «СШ РМР» as «СШРМР» and «2 р в год» as «2рвгод»: the white between
    two letters as wide as a space (and much wider than between the others) cuts the word
    where each part is a word, a number, an abbreviation or one letter; a word printed
    whole stays whole."""
    from extractors.scan.glyphs import spaces_by_ink
    from extractors.scan.words import known
    font = _liberation("Regular", 33)

    def read_as_one(printed: str, read: str):
        img, (left, top, right, bottom) = _drawn(printed, font, (500, 80))
        return spaces_by_ink(img, [(read, left, top, right - left, bottom - top, 80.0, 1)],
                             known=known)

    assert [w[0] for w in read_as_one("«СШ РМР»", "«СШРМР»")] == ["«СШ", "РМР»"]
    assert [w[0] for w in read_as_one("2 р в год", "2рвгод")] == ["2", "р", "в", "год"]
    assert [w[0] for w in read_as_one("«СШРМР»", "«СШРМР»")] == ["«СШРМР»"]
    assert [w[0] for w in read_as_one("Рыбинск", "Рыбинск")] == ["Рыбинск"]


def test_a_number_row_with_a_column_line_read_between_two_numbers():
    """A scan's number row «1 | 2 | 3 | 4 | 5 [6»: the line between the last two columns was
    not found and was read as «[»; it is still the number row."""
    from pipeline.structure import is_number_row
    assert is_number_row(["1", "2", "3", "4", "5 [6", "5 [6"])
    assert is_number_row(["1", "2", "3 |4"])
    assert not is_number_row(["1", "2 [4"])
    assert not is_number_row(["1", "Иванов [2"])


def test_a_capital_i_among_capitals_is_no_eleven_unless_read_so():
    """«И» in a heading in capitals whose thin diagonal the scan lost is two bars, as «11»
    is: there only the reading again decides, and a reading of «И» keeps it; among small
    letters («в И классах») the bars are «11»."""
    import numpy as np

    from extractors.ocr import reread_digits

    img = np.full((60, 400), 255, np.uint8)
    for x in (60, 76):
        img[15:45, x:x + 5] = 0
    img[15:45, 120:300] = 0                          # the next word's ink

    class Engine:
        def words(self, image, psm=6):
            return [("И", 2, 2, image.shape[1] - 4, image.shape[0] - 4, 90.0, 1)]

    word = ("И", 58, 14, 26, 32, 60.0, 1)
    caps = [word, ("ПРАВОНАРУШЕНИЙ", 120, 14, 180, 32, 90.0, 1)]
    assert reread_digits(Engine(), img, caps)[0][0] == "И"
    small = [word, ("классах", 120, 14, 180, 32, 90.0, 1)]
    assert reread_digits(Engine(), img, small)[0][0] == "11"


@pytest.mark.parametrize("read, fixed", [
    (["З", "января"], ["3", "января"]),                # a 3 read as «З», standing apart
    (["б", "марта"], ["6", "марта"]),
    (["в", "января"], ["в", "января"]),                # a one-letter word stays
    (["З", "Иванова"], ["З", "Иванова"]),              # an initial before a name
])
def test_a_digit_read_as_its_lookalike_letter_before_a_noun(read, fixed):
    from extractors.scan.words import digits_before_nouns
    assert [w[0] for w in digits_before_nouns([(t, 0, 0, 1, 1, 90.0, 1) for t in read])] == fixed


def test_skew_is_measured_on_the_page_not_on_the_scanners_dark_edge():
    """A scanner's dark edge runs straight along the top of a page whose text is turned: the
    skew is the text's (before, a real scan turned 0.78° measured 0.05° and no ruling line
    of its table was found)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image
    from extractors.scan.image import binarize, skew_angle

    page = pdfium.PdfDocument(raw("kedrovy_2022", "pdf"))[1]
    img = page.render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    img = img.rotate(0.8, resample=Image.BICUBIC, expand=False, fillcolor=255)
    grey = np.asarray(img).copy()
    grey[grey.shape[0] // 2:, :] = 255       # a short plan: half the sheet is paper
    grey[2:16, :] = 20                       # the edge of the glass, straight across
    ink = binarize(grey, 150)
    assert abs(skew_angle(ink) + 0.8) <= 0.1     # the turn that puts it straight


class _TwoReadings:
    """An engine whose block reading (PSM 6) of a lone «2.» is «5» and whose line reading
    (PSM 7) is «2.»: what Tesseract did with a tall № cell of a real scan."""

    def __init__(self, block, line):
        self.block, self.line, self.calls = block, line, []

    def words(self, image, psm=6):
        self.calls.append(psm)
        return list(self.line if psm == 7 else self.block)


def _lone_number_cell(engine):
    import numpy as np
    from extractors.ocr import _Points, cell_words
    from extractors.settings import defaults
    page = np.full((160, 160), 255, np.uint8)
    page[70:90, 60:76] = 0                   # the ink of «2.» in the middle of a tall cell
    ink = 255 - page
    cfg = defaults().ocr
    words = cell_words(engine, page, ink, (0, 0, 160, 160), _Points(72 / 200, (0.0, 0.0)),
                       dataclasses.replace(cfg, reuse_max_mismatch=-1))
    return [w["text"] for w in words]


def test_an_unsure_one_line_cell_is_read_again_as_a_line():
    unsure = _TwoReadings(block=[("5", 70, 80, 16, 20, 81.0, 1)],
                          line=[("2.", 70, 80, 18, 20, 96.8, 1)])
    assert _lone_number_cell(unsure) == ["2."] and 7 in unsure.calls
    sure = _TwoReadings(block=[("2.", 70, 80, 18, 20, 95.0, 1)],
                        line=[("2", 70, 80, 18, 20, 97.0, 1)])
    assert _lone_number_cell(sure) == ["2."] and 7 not in sure.calls
    worse = _TwoReadings(block=[("5", 70, 80, 16, 20, 60.0, 1), ("э.", 70, 100, 16, 20, 19.0, 2)],
                         line=[("5э", 70, 80, 18, 20, 30.0, 1)])
    assert _lone_number_cell(worse) == ["5", "э."]     # the line reading is no surer



def test_a_scans_grid_is_read_on_its_logical_columns_whichever_file_it_came_in():
    """A scan's grid comes from ruling lines that stop short, like a PDF's, whichever file
    its page came in: a Word file of page pictures (its cells carry OCR's confidence) is
    read on its logical columns too (a real Word 97 file of 4 page scans gave 18 records,
    its pages as a PDF 40: a line stopping short made a stray column in its third page's
    table, which then went on no table); Word's own grid stays as it is."""
    from dataclasses import replace as changed

    from extractors.model import Cell, Table
    from pipeline.structure import read_table

    cells = [Cell("Мероприятие", 0, 0, colspan=2), Cell("Сроки", 0, 2), Cell("Контингент", 0, 3),
             Cell("Ответственные", 0, 4, colspan=2),
             Cell("", 1, 0), Cell("Сентябрь, 2016 год", 1, 1, colspan=4), Cell("", 1, 5),
             Cell("Педсовет", 2, 0, colspan=2), Cell("05.09", 2, 2), Cell("учителя", 2, 3),
             Cell("Директор", 2, 4, colspan=2)]

    def table(cells):
        return Table(index=0, cells=cells, n_rows=3, n_cols=6, page=1, row_pages=[1] * 3)

    scanned = read_table(table([changed(c, confidence=0.9) for c in cells]), "docx")
    assert scanned.n_cols == 4
    assert scanned.row_texts(2) == ["Педсовет", "05.09", "учителя", "Директор"]
    assert read_table(table(cells), "docx").n_cols == 6


def test_cells_of_a_slanted_row_line_share_one_edge():
    """A table left a little slanted on the page (a deskew does not take away a table
    printed at a slant): a row line's ends lie 14 px apart at 200 dpi, more than the grid's
    edge tolerance, and its cells' edges made two grid rows of one (a real plan's first
    row read twice); each cell side moved to the middle of its line keeps one row."""
    import numpy as np
    from extractors.pdf import grid_from_boxes
    from extractors.scan.image import cell_boxes, ruling_lines, snap_to_lines
    from extractors.settings import defaults

    ink = np.zeros((700, 1500), np.uint8)
    xs = np.arange(100, 1403)
    for y in (100, 300, 600):                  # row lines falling 14 px over the width
        for dy in range(3):
            ink[y + dy + (xs - 100) * 14 // 1300, xs] = 255
    for x in (100, 300, 900, 1400):            # column borders
        ink[100:610, x:x + 3] = 255
    lines = ruling_lines(ink, 200)
    cells = cell_boxes(lines, 200)
    assert len(cells) == 1 and len(cells[0]) == 6
    scale = 72 / 200

    def rows(boxes):
        grid = grid_from_boxes([tuple(v * scale for v in b) for b in boxes], 1, defaults().pdf)
        return grid.rows

    assert rows(cells[0]) > 2                  # the edges as the regions end
    assert rows(snap_to_lines([cells[0]], lines)[0]) == 2
