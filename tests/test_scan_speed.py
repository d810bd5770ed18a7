"""The cheaper ways the scan path renders and cleans a page give the very pixels of the plain
ways: pdfium straight to grey instead of pdfplumber's page image, the paper flattened only
near ink, the 3×3 blur shared by binarisation and flattening."""
from __future__ import annotations

import io

import numpy as np
import pytest


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


@pytest.fixture
def noisy_page():
    """A grey page: uneven light, noise, a few letter-sized strokes and specks."""
    rng = np.random.default_rng(11)
    h, w = 400, 500
    light = np.linspace(0, -40, w, dtype=np.float32)[None, :]
    arr = 225 + light + rng.normal(0, 10, (h, w))
    arr[100:140, 100:112] = 30
    arr[200:204, 50:450] = 60
    dots = rng.random((h, w)) < 0.004
    arr[dots] = 40
    return np.clip(arr, 0, 255).astype(np.uint8)


def test_flatten_within_a_mask_is_the_whole_flattening_whitened_outside_it(noisy_page):
    import cv2

    from extractors.scan.image import binarize, flatten

    ink = binarize(noisy_page, 300)
    near = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    whole = cv2.bitwise_or(flatten(noisy_page, 300), cv2.bitwise_not(near))
    assert np.array_equal(flatten(noisy_page, 300, where=near), whole)
    smooth = cv2.GaussianBlur(noisy_page, (3, 3), 0)
    assert np.array_equal(flatten(noisy_page, 300, smooth=smooth, where=near), whole)


def test_binarize_with_the_callers_blur_drops_the_same_specks(noisy_page):
    """The ink mask and the specks' mask are those of the plain per-pixel lookup."""
    import cv2

    from extractors.scan.image import binarize, components
    from extractors.settings import defaults

    s = defaults().scan
    smooth = cv2.GaussianBlur(noisy_page, (3, 3), 0)
    specks: list = []
    ink = binarize(noisy_page, 300, s, specks=specks, smooth=smooth)
    # the plain way: every pixel's blob looked up
    block = max(int(s.binarize_block) | 1, 11)
    mean = cv2.GaussianBlur(smooth, (block, block), 0, borderType=cv2.BORDER_REPLICATE)
    raw = cv2.threshold(cv2.subtract(mean, smooth), s.binarize_c - 1, 255, cv2.THRESH_BINARY)[1]
    n, labels, _stats, _ = components(raw)
    sharp = cv2.subtract(mean, noisy_page) >= s.binarize_c
    small = np.bincount(labels[sharp & (raw > 0)], minlength=n) <= s.speckle_max_area
    small[0] = False
    gone = np.take(small, labels)
    assert gone.any() and not gone.all()
    want = raw.copy()
    want[gone] = 0
    assert np.array_equal(ink, want)
    assert len(specks) == 1 and np.array_equal(specks[0], gone.astype(np.uint8) * 255)
    assert np.array_equal(binarize(noisy_page, 300, s), want)
