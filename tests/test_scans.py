"""Scanned pages: a scan made here from a corpus page (turned a little, noisy, grey JPEG)
reads into the same rows as the born-digital page; OCR confusions are repaired by the
dictionary; a garbage text layer gives way to OCR; OCR'd rows carry their confidence."""
from __future__ import annotations

import difflib
import io
import random

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
    page.save(buf, "JPEG", quality=60)
    Image.open(buf).save(dst, "PDF", resolution=dpi, quality=60)


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
    expected, got = _rows(born), structure(doc).rows
    assert len(expected) >= 5
    assert [r.item_no for r in got] == [r.item_no for r in expected]
    for e, g in zip(expected, got):
        ratio = difflib.SequenceMatcher(None, e.activity, g.activity, autojunk=False).ratio()
        assert ratio >= 0.95, (e.activity, g.activity)
        assert g.confidence is not None and 0.5 < g.confidence <= 1.0
    exact = sum(e.activity == g.activity for e, g in zip(expected, got))
    assert exact >= 0.8 * len(expected)
    assert all(r.confidence is None for r in expected)


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
])
def test_ocr_confusions_repaired_by_the_dictionary(read, fixed):
    from extractors.scan.words import fix_text
    assert fix_text(read) == fixed


@pytest.mark.parametrize("kept", ["2020", "3-х", "1.3", "ОМВД", "www.site.ru", "No", "3а",
                                  "ШНОР", "2021года"])
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
    assert any(r.confidence is not None for r in rows)
    text = " ".join(p.text for p in doc.paragraphs)
    assert "Цент|^щаещ" not in text


@pytest.mark.parametrize("word,fixed", [("0.Э.,", "О.Э.,"), ("—О.В.,", "О.В.,"), ("Ю.В..,", "Ю.В.,"),
                                        ("0.5", "0.5"), ("2020", "2020")])
def test_initials_as_ocr_misreads_them(word, fixed):
    from extractors.scan.words import fix_text
    assert fix_text(word) == fixed
