"""Tesseract for one image region at a time: `tesserocr` (the C API, one engine per process)
when it is installed, else `pytesseract` (a process per call, much slower).

    engine = get_engine("rus")
    engine.words(image, psm)  → [(text, x, y, w, h, conf 0-100, line key)]
    engine.osd(image)         → degrees to turn the image upright, or None
"""
from __future__ import annotations

import functools
import glob
import os
import shutil

os.environ.setdefault("OMP_THREAD_LIMIT", "1")   # before libtesseract loads: its OpenMP
                                                 # threads only slow parallel workers down

PSM_BLOCK, PSM_AUTO, PSM_LINE, PSM_SPARSE = 6, 3, 7, 11


def tessdata_dir() -> str | None:
    """Where the system's Tesseract keeps its language data."""
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"), reverse=True)
    candidates += ["/usr/share/tessdata", "/usr/local/share/tessdata"]
    for path in candidates:
        if path and os.path.isfile(os.path.join(path, "rus.traineddata")):
            return path
    return None


class TesserocrEngine:
    """libtesseract through tesserocr: the model loads once, each call costs only the OCR."""

    name = "tesserocr"

    def __init__(self, lang: str, path: str):
        import tesserocr
        self._t = tesserocr
        self.api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=tesserocr.PSM.SINGLE_BLOCK,
                                           oem=tesserocr.OEM.LSTM_ONLY)
        # the page is cleaned to black on white: no second pass over an inverted image
        self.api.SetVariable("tessedit_do_invert", "0")
        self._osd = None
        self._path = path

    def words(self, image, psm: int = PSM_BLOCK) -> list[tuple]:
        t = self._t
        api = self.api
        api.SetPageSegMode(psm)
        h, w = image.shape            # the grey pixels as they are: no image file in between
        api.SetImageBytes(image.tobytes(), w, h, 1, w)
        api.Recognize()
        out = []
        it = api.GetIterator()
        level = t.RIL.WORD
        line = 0
        if it is None:
            return out
        while True:
            if it.IsAtBeginningOf(t.RIL.TEXTLINE):
                line += 1
            try:
                text = it.GetUTF8Text(level)
                box = it.BoundingBox(level)
            except RuntimeError:         # an empty element
                text, box = "", None
            if text and text.strip() and box:
                x0, y0, x1, y1 = box
                out.append((text.strip(), x0, y0, x1 - x0, y1 - y0, it.Confidence(level), line))
            if not it.Next(level):
                break
        return out

    def osd(self, image) -> int | None:
        from PIL import Image
        t = self._t
        if self._osd is None:
            self._osd = t.PyTessBaseAPI(path=self._path, lang="osd", psm=t.PSM.OSD_ONLY)
        self._osd.SetImage(Image.fromarray(image))
        found = self._osd.DetectOrientationScript()
        return None if not found else int(found.get("orient_deg", 0))


class PytesseractEngine:
    """The tesseract executable through pytesseract: a process per call."""

    name = "pytesseract"

    def __init__(self, lang: str):
        import pytesseract
        self.p = pytesseract
        self.lang = lang

    def words(self, image, psm: int = PSM_BLOCK) -> list[tuple]:
        from PIL import Image
        p = self.p
        data = p.image_to_data(Image.fromarray(image), lang=self.lang, config=f"--psm {psm}",
                               output_type=p.Output.DICT, timeout=60)
        out = []
        for i, text in enumerate(data["text"]):
            if data["level"][i] != 5 or not (text or "").strip():
                continue
            try:
                conf = float(data["conf"][i])
            except (TypeError, ValueError):
                conf = 0.0
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            out.append((text.strip(), data["left"][i], data["top"][i], data["width"][i],
                        data["height"][i], conf, key))
        return out

    def osd(self, image) -> int | None:
        from PIL import Image
        try:
            found = self.p.image_to_osd(Image.fromarray(image), output_type=self.p.Output.DICT,
                                        timeout=30)
        except Exception:
            return None
        return int(found.get("orientation", 0))


@functools.lru_cache(maxsize=4)
def get_engine(lang: str = "rus", prefer: str = ""):
    """The process's engine: tesserocr when importable and the data found, else pytesseract."""
    prefer = prefer or os.environ.get("ROADMAPS_OCR_ENGINE", "")
    path = tessdata_dir()
    if prefer != "pytesseract" and path:
        try:
            return TesserocrEngine(lang, path)
        except (ImportError, RuntimeError):
            pass
    return PytesseractEngine(lang)


def executable() -> str | None:
    return os.environ.get("TESSERACT_CMD") or shutil.which("tesseract")
