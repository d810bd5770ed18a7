"""The cheaper ways the scan path renders and cleans a page give the very pixels of the plain
ways: pdfium straight to grey instead of pdfplumber's page image, the paper flattened only
near ink, the 3×3 blur shared by binarisation and flattening."""
from __future__ import annotations

import io

import numpy as np


def _colour_pdf() -> bytes:
    """A one-page image PDF of coloured noise and a dark block (the grey conversion's
    rounding shows on colour pixels)."""
    from PIL import Image

    rng = np.random.default_rng(5)
    arr = rng.integers(0, 256, (220, 170, 3), dtype=np.uint8)
    arr[60:120, 40:90] = (20, 40, 200)
    buf = io.BytesIO()
    Image.fromarray(arr, "RGB").save(buf, "PDF", resolution=72)
    return buf.getvalue()


def test_render_gives_pdfplumbers_grey_pixels_without_its_page_image(monkeypatch, tmp_path):
    import pdfplumber
    from pdfplumber.page import Page

    from extractors.ocr import render

    path = tmp_path / "colour.pdf"
    path.write_bytes(_colour_pdf())
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        plain = np.asarray(page.to_image(resolution=150, antialias=True).original.convert("L"))

        def no_page_image(*_a, **_k):
            raise AssertionError("pdfplumber's page image built")

        with monkeypatch.context() as mp:
            mp.setattr(Page, "to_image", no_page_image)
            fast = render(page, 150)
        assert fast.dtype == np.uint8 and fast.shape == plain.shape
        assert np.array_equal(fast, plain)
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:   # a stream, not a path
        assert np.array_equal(render(pdf.pages[0], 150), plain)
        # a cropped page is cut as pdfplumber cuts it
        crop = pdf.pages[0].crop((10, 20, 120, 200))
        want = np.asarray(crop.to_image(resolution=150, antialias=True).original.convert("L"))
        assert np.array_equal(render(crop, 150), want)
