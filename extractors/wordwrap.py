"""How many lines Word prints each paragraph of a DOCX table cell in: an estimate.

    layout = CellLayout(FontBook(word), labels)   # the document's styles, read once
    layout.paragraph_lines(p, width)  # → printed lines of each line of the paragraph's text
                                      # (docx.cell_wraps: of each line of a cell's text)

A .docx stores no line breaks of its own: Word lays the text out when it prints. A table row
whose cells hold several activities one above the other, padded with empty paragraphs to keep
each deadline beside its activity, can only be read the way a reader sees it when the heights
are known: «1. Подготовка документации по тарификации» printed over two lines puts the deadline
of item 2 two lines down, not one. No Python library lays out WordprocessingML (LibreOffice
does, but a process per file costs seconds and is not always installed), hence this small
estimate: the cell's width (its grid columns, less the cell margins and the paragraph's
indents), the font of its runs (size and family, through the run, the paragraph's style chain
and the document defaults), the advance widths of the glyphs (`data/glyph_widths.json`,
measured once from the metric-compatible Liberation fonts, `bench/glyph_widths.py`; families
map to them in `data/fonts.yaml`) and Word's greedy wrap at spaces and after hyphens.
"""
from __future__ import annotations

import functools
import json
import math
import os

from docx.oxml.ns import qn

from normalizers.text import load_yaml

SAME_WIDTH = {"\u00a0": " ", "\u2011": "-"}   # a no-break space / hyphen prints as the plain one
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
W_VAL, W_W = qn("w:val"), qn("w:w")
W_P, W_R, W_T, W_BR, W_CR, W_TAB = (qn("w:p"), qn("w:r"), qn("w:t"), qn("w:br"), qn("w:cr"),
                                    qn("w:tab"))


@functools.lru_cache(maxsize=1)
def glyph_widths() -> dict[str, dict[str, int]]:
    with open(os.path.join(DATA, "glyph_widths.json"), encoding="utf-8") as fh:
        return json.load(fh)


@functools.lru_cache(maxsize=1)
def font_families() -> dict:
    return load_yaml(os.path.join(DATA, "fonts.yaml"))


def _twips(el, *names: str) -> int | None:
    """The first of attributes `names` of `el` as an integer (twips), None when absent."""
    if el is None:
        return None
    for name in names:
        value = el.get(qn(name))
        if value is not None:
            try:
                return int(float(value))
            except ValueError:
                return None
    return None


class FontBook:
    """The font size (half-points) and family a paragraph's text is printed in, through the
    run's own properties, its paragraph's style chain and the document defaults."""

    def __init__(self, word):
        styles = word.styles.element if word is not None else None
        self.styles: dict[str, object] = {}
        self.default_style = None
        self.default_rpr = None
        self.theme: dict[str, str] = {}
        if styles is None:
            return
        for st in styles.iter(qn("w:style")):
            sid = st.get(qn("w:styleId"))
            if sid:
                self.styles[sid] = st
            if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true"):
                self.default_style = st
        self.default_rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.theme = _theme_fonts(word)

    def _style_chain(self, style_id: str | None):
        st = self.styles.get(style_id) if style_id else self.default_style
        seen = 0
        while st is not None and seen < 10:
            yield st
            based = st.find(qn("w:basedOn"))
            st = self.styles.get(based.get(W_VAL)) if based is not None else None
            seen += 1

    def run_font(self, rpr, p) -> tuple[float, str, bool]:
        """(size in points, family, bold) of a run with properties `rpr` in paragraph `p`."""
        ppr = p.find(qn("w:pPr"))
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        chain = [rpr]
        if rpr is not None and rpr.find(qn("w:rStyle")) is not None:
            chain += [st.find(qn("w:rPr")) for st in
                      self._style_chain(rpr.find(qn("w:rStyle")).get(W_VAL))]
        chain += [st.find(qn("w:rPr")) for st in
                  self._style_chain(pstyle.get(W_VAL) if pstyle is not None else None)]
        chain.append(self.default_rpr)
        size = family = bold = None
        for props in chain:
            if props is None:
                continue
            if size is None and props.find(qn("w:sz")) is not None:
                size = _twips(props.find(qn("w:sz")), "w:val")
            fonts = props.find(qn("w:rFonts"))
            if family is None and fonts is not None:
                family = (fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:ascii")) or
                          self.theme.get(fonts.get(qn("w:hAnsiTheme")) or
                                         fonts.get(qn("w:asciiTheme")) or ""))
            b = props.find(qn("w:b"))
            if bold is None and b is not None:
                bold = b.get(W_VAL) not in ("0", "false")
        return (size or 20) / 2, family or "Times New Roman", bool(bold)


def _theme_fonts(word) -> dict[str, str]:
    """minorHAnsi / majorHAnsi → the theme's Latin typefaces."""
    try:
        part = word.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    except (KeyError, AttributeError):
        return {}
    try:
        from lxml import etree
        root = etree.fromstring(part.blob)
    except Exception:                     # a damaged theme: the defaults serve
        return {}
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    out = {}
    for kind, prefix in (("minorFont", "minor"), ("majorFont", "major")):
        latin = root.find(f".//{a}{kind}/{a}latin")
        if latin is not None and latin.get("typeface"):
            for suffix in ("HAnsi", "Ascii", "Bidi", "EastAsia"):
                out[prefix + suffix] = latin.get("typeface")
    return out


def _face(family: str, bold: bool) -> tuple[dict[str, int], float]:
    """The glyph widths and the scale for a family (unknown families print as Times)."""
    known = font_families()
    entry = known["families"].get(family.strip().lower(), known["default"])
    face = entry["face"] + ("_bold" if bold else "")
    return glyph_widths()[face], float(entry.get("scale", 1.0))


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def printed(element, *tags):
    """`element`'s descendants with `tags`, in order, without those under `mc:Fallback` (the
    copy of a text box or drawing Word keeps for older readers: its text is printed once)."""
    for node in element.iter(*tags):
        if node is not element and next(node.iterancestors(MC_FALLBACK), None) is None:
            yield node


def _advance(ch: str, widths: dict[str, int]) -> float:
    """A character's advance in thousandths of the em (a soft hyphen prints as nothing; a
    character the table lacks as an average letter)."""
    if ch == "\u00ad":
        return 0.0
    return widths.get(SAME_WIDTH.get(ch, ch), 500)


class CellLayout:
    """The printed lines of a cell's paragraphs, given the cell's text width in twips."""

    def __init__(self, fonts: FontBook, labels: dict | None = None):
        self.fonts = fonts
        self.labels = labels or {}

    def paragraph_lines(self, p, width: int) -> list[int]:
        """For each line of the paragraph's text (w:br splits it), the printed lines it takes."""
        ppr = p.find(qn("w:pPr"))
        ind = ppr.find(qn("w:ind")) if ppr is not None else None
        left = _twips(ind, "w:left", "w:start") or 0
        right = _twips(ind, "w:right", "w:end") or 0
        first = (_twips(ind, "w:firstLine") or 0) - (_twips(ind, "w:hanging") or 0)
        avail = max(width - left - right, 200)
        lines: list[list[tuple[str, float]]] = [[]]
        mark = ppr.find(qn("w:rPr")) if ppr is not None else None
        label = self.labels.get(p)
        if label is not None:
            size, family, bold = self.fonts.run_font(mark, p)
            widths, scale = _face(family, bold)
            unit = size * 20 * scale / 1000
            lines[-1] += [(ch, _advance(ch, widths) * unit) for ch in label.text + " "]
        for run in printed(p, W_R):
            rpr = run.find(qn("w:rPr"))
            size, family, bold = self.fonts.run_font(rpr, p)
            widths, scale = _face(family, bold)
            unit = size * 20 * scale / 1000
            for node in printed(run, W_T, W_BR, W_CR, W_TAB):
                if node.tag == W_T:
                    lines[-1] += [(ch, _advance(ch, widths) * unit) for ch in node.text or ""]
                elif node.tag == W_TAB:
                    lines[-1].append((" ", 360.0))
                else:
                    lines.append([])
        if label is not None and len(lines) == 1 and not "".join(ch for ch, _w in lines[0][
                len(label.text) + 1:]).strip():
            return [1]                # a list number alone: a label never wraps
        return [wrap_count(line, avail, avail - first) for line in lines]


def wrap_count(chars: list[tuple[str, float]], width: float, first_width: float) -> int:
    """Lines Word's greedy wrap fills with `chars` (char, width): a line breaks before a word
    that does not fit (spaces at a line's end hang in the margin), after a hyphen or a dash
    inside a word, and inside a word wider than the line; spaces before the first word take
    their room."""
    width, first_width = max(width, 1.0), max(first_width, 1.0)
    words: list[float] = []           # width of each breakable piece, spaces excluded
    spaces: list[float] = []          # width of the spaces after each piece
    cur = lead = 0.0
    for ch, w in chars:
        if ch == " ":
            if cur:
                words.append(cur)
                spaces.append(0.0)
                cur = 0.0
            if spaces:
                spaces[-1] += w
            else:
                lead += w
            continue
        cur += w
        if ch in "-–—":
            words.append(cur)
            spaces.append(0.0)
            cur = 0.0
    if cur:
        words.append(cur)
        spaces.append(0.0)
    if not words:
        return 1
    words[0] += lead
    n, used, limit = 1, 0.0, first_width
    for k, w in enumerate(words):
        if used and used + w > limit:
            n += 1
            used, limit = 0.0, width
        if w > limit:                    # a word wider than the line breaks inside
            over = math.ceil((w - limit) / width)
            n += over
            w -= limit + (over - 1) * width
            limit = width
        used += w + spaces[k]
    return n
