"""The format-free document model every extractor produces.

A `Document` is an ordered list of blocks: `Paragraph`s and `Table`s. A `Table` is a
list of `Cell`s on a grid; a merged cell is stored once, at its top-left grid position,
with its `rowspan`/`colspan`. Nothing here knows about plans, deadlines or Russian:
that is the job of `pipeline.structure` and the normalizers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass(frozen=True)
class PdfPlace:
    """Where a cell of a PDF (or a scan) was printed: its page and, when known, its box."""

    page: int
    bbox: tuple[float, float, float, float] | None = None   # x0, top, x1, bottom (PDF points)


@dataclass(frozen=True)
class DocxPlace:
    """Where a cell of a Word table was read: the table's 1-based number among the
    document's tables and the index of the table row (w:tr) the cell starts in."""

    table: int
    row: int


@dataclass(eq=False)
class Cell:
    """One (possibly merged) table cell; `text` keeps the printed line breaks as '\\n'.

    `cuts`: the offsets in `text` where a printed line ended because the cell's width (or
    the page's foot) ran out in the middle of letters: a word may have been cut there. Each
    offset is the end of such a line (`text[offset]` is its '\\n', or the offset is
    `len(text)` for the last line). The extractor measures them; whether a word really was
    cut is for `normalizers.text.join_broken_words(text, cuts)` to say."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None           # PDF / scan: the page it was printed on (else None)
    bold: bool = False
    bbox: tuple[float, float, float, float] | None = None   # x0, top, x1, bottom (PDF points)
    confidence: float | None = None   # OCR: the mean confidence (0-1) of its words
    cuts: tuple[int, ...] = ()
    docx: DocxPlace | None = None     # DOCX: the table and row it was read from
    # PDF: how the cell's lines were printed, one entry per printed line: (its non-space
    # characters, the empty lines above it, 1 when its text may go on in the next line: the
    # next line's first word would not have fitted on it; 2 when it surely does: the next
    # line goes on in lowercase or after a hyphen). Empty: not known.
    # `paragraphs_of` gives the cell's paragraphs from it.
    layout: tuple[tuple[int, int, int], ...] = ()
    # DOCX: the lines Word prints each line of `text` in (`wordwrap`, an estimate from the
    # cell's width and fonts). Empty: not known.
    wraps: tuple[int, ...] = ()
    # the empty lines above the text (DOCX: its empty paragraphs; PDF: measured from the
    # cell's top; an empty PDF cell: its height) and, PDF, below it
    lines_above: int = 0
    lines_below: int = 0

    @property
    def place(self) -> PdfPlace | DocxPlace | None:
        """Where the cell comes from in its file (None: a format without either, XLSX)."""
        if self.docx is not None:
            return self.docx
        return PdfPlace(self.page, self.bbox) if self.page is not None else None


@dataclass
class Paragraph:
    """A run of text outside any table (a DOCX paragraph or a PDF text line)."""

    text: str
    page: int | None = None
    bold: bool = False
    style: str = ""


@dataclass
class Table:
    """A logical table: for PDF, the pieces of one table on consecutive pages stitched together."""

    index: int                        # 0-based position among the document's tables
    cells: list[Cell]
    n_rows: int
    n_cols: int
    page: int | None = None           # PDF / scan: the first page (formats without pages: None)
    row_pages: list[int | None] = field(default_factory=list)  # PDF: the page of each grid row

    @property
    def number(self) -> int:
        """The 1-based number of the table among the document's tables (every format)."""
        return self.index + 1

    def source_page(self, r: int) -> int | None:
        """SCHEMA.md's `source_page` of grid row `r`: its PDF page; in a format without
        pages (DOCX, XLSX) the table's number stands in for it."""
        if self.page is None:
            return self.number
        return self.row_pages[r] if r < len(self.row_pages) else self.page

    def grid(self) -> list[list[Cell | None]]:
        """Row-major grid; every position a merged cell covers points at that one cell."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    grid[r][c] = cell
        return grid

    def row_texts(self, r: int) -> list[str]:
        """Texts of grid row `r`, one per column, merged cells repeated."""
        return [(cell.text if cell else "") for cell in self.grid()[r]]


Block = Union[Paragraph, Table]


def mean_confidence(cells) -> float | None:
    """The mean OCR confidence of the distinct cells that carry one (None: no OCR'd cell)."""
    values = [c.confidence for c in {id(c): c for c in cells if c is not None}.values()
              if c.confidence is not None]
    return round(sum(values) / len(values), 3) if values else None


@dataclass
class Document:
    """A parsed input file: its blocks in reading order, plus where it came from."""

    path: str
    format: str                      # "docx", "pdf", ...
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def iter_blocks(self) -> Iterator[Block]:
        return iter(self.blocks)


class ExtractionError(Exception):
    """A file that cannot be read; the message is the one-line reason shown to the analyst."""


def _text_lines_on_layout(cell: Cell) -> list[tuple[str, int, int]] | None:
    """Each line of the cell's text with the blank printed lines above it and the go-on flag
    of its last printed line (`Cell.layout`); None when not known, or when the text no longer
    fits the layout (joined with another piece)."""
    if not cell.layout:
        return None
    entries = list(cell.layout)
    out: list[tuple[str, int, int]] = []
    k = 0
    for line in cell.text.split("\n"):
        size = len("".join(line.split()).replace("\u00ad", ""))
        if not size or k >= len(entries):
            return None
        blanks, got = entries[k][1], 0
        while got < size and k < len(entries):
            got += entries[k][0]
            k += 1
        if got != size:
            return None
        out.append((line.strip(), blanks, entries[k - 1][2]))
    if k != len(entries):
        return None
    return out


def paragraphs_of(cell: Cell, sure: bool = False) -> str | None:
    """A PDF cell's text one paragraph a line, from its `layout`: lines whose text goes on
    joined (`sure`: only those that surely do), an empty line where the author left one
    (none above the first, as in Word). None when not known, or when the text no longer
    fits the layout (joined with another piece); the words the later stages joined stay
    joined."""
    lines = _text_lines_on_layout(cell)
    if lines is None:
        return None
    paragraphs: list[str] = []
    goes_on = False
    for line, blanks, flag in lines:
        if goes_on and not blanks and paragraphs:
            # «3.» ⏎ «4» in a narrow № cell: one number, 3.4 (and «5.1» ⏎ «0»: 5.10);
            # «санитарно-» ⏎ «гигиенические» as `fold` joins them
            glue = "" if (re.search(r"\d\.$", paragraphs[-1]) and line[:1].isdigit()) \
                or re.search(r"[\w.]-$", paragraphs[-1]) \
                or (re.fullmatch(r"\d[\d.]*", paragraphs[-1]) and
                    re.fullmatch(r"\d[\d.]*", line)) else " "
            paragraphs[-1] = paragraphs[-1] + glue + line
        else:
            paragraphs.extend([""] * (blanks if paragraphs else 0) + [line])
        goes_on = flag >= (2 if sure else 1)
    return "\n".join(paragraphs)


def lines_at_positions(cell: Cell) -> str | None:
    """A cell's printed lines one a line, with an empty line for every blank printed line
    above each (above the first too): line k of the result is the k-th line height down the
    cell, so cells of one row line up («2.» in the № cell beside the first line of the second
    activity, however many lines the first one wrapped over). A PDF's as printed, a line that
    surely goes on joined to the one above (an empty line in its place); a DOCX's paragraphs
    each followed by the empty lines of its estimated wrap. None when not known."""
    if cell.wraps:                    # DOCX: the paragraphs at Word's estimated line heights
        texts = cell.text.split("\n")
        if len(texts) != len(cell.wraps):
            return None
        return "\n".join([""] * cell.lines_above + [text for line, n in zip(texts, cell.wraps)
                                                     for text in [line.strip()] + [""] * (n - 1)])
    lines = _text_lines_on_layout(cell)
    if lines is None:
        return None
    out = [""] * cell.lines_above
    at = -1                           # the line of the paragraph being printed
    goes_on = False
    for line, blanks, flag in lines:
        if goes_on and not blanks and at >= 0:
            # a line that surely goes on («Учителя-» ⏎ «предметники») stays with its
            # paragraph's first line: one value, not one beside the next activity
            out[at] = out[at] + ("" if re.search(r"[\w.]-$", out[at]) else " ") + line
            out.append("")
        else:
            out += [""] * blanks + [line]
            at = len(out) - 1
        goes_on = flag >= 2
    return "\n".join(out)
