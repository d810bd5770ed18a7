"""Write extractors/data/glyph_widths.json: the advance widths (per 1000 units of the em) of
the letters, digits and signs of Russian plans in the Liberation fonts, which are metric-
compatible with Times New Roman (Serif) and Arial (Sans), regular and bold.

    .venv/bin/python bench/glyph_widths.py [FONT_DIR]

Run once, by a developer, where Debian's fonts-liberation is installed; the JSON is
committed, so the wrap estimate of DOCX cells (extractors/wordwrap.py) needs no font at run time.
"""
from __future__ import annotations

import json
import os
import sys

from PIL import ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHARS = ("".join(chr(c) for c in range(0x20, 0x7F)) + "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
         "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" + "«»–—„“”‘’№…•·°§±×")
FACES = {"serif": "LiberationSerif-Regular.ttf", "serif_bold": "LiberationSerif-Bold.ttf",
         "sans": "LiberationSans-Regular.ttf", "sans_bold": "LiberationSans-Bold.ttf"}


def main(font_dir: str = "/usr/share/fonts/truetype/liberation") -> None:
    out = {}
    for face, name in FACES.items():
        font = ImageFont.truetype(os.path.join(font_dir, name), 1000)
        out[face] = {ch: round(font.getlength(ch)) for ch in CHARS}
    path = os.path.join(ROOT, "extractors", "data", "glyph_widths.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=0, sort_keys=True)
        fh.write("\n")
    print(path)


if __name__ == "__main__":
    main(*sys.argv[1:])
