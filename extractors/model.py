"""The format-free document model every extractor produces.

A `Document` is an ordered list of blocks: `Paragraph`s and `Table`s. A `Table` is a
list of `Cell`s on a grid; a merged cell is stored once, at its top-left grid position,
with its `rowspan`/`colspan`. Nothing here knows about plans, deadlines or Russian:
that is the job of `pipeline.structure` and the normalizers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass(eq=False)
class Cell:
    """One (possibly merged) table cell; `text` keeps the printed line breaks as '\\n'."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    bold: bool = False
    bbox: tuple[float, float, float, float] | None = None   # x0, top, x1, bottom (PDF points)
    confidence: float | None = None   # OCR: the mean confidence (0-1) of its words


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

    index: int
    cells: list[Cell]
    n_rows: int
    n_cols: int
    page: int | None = None           # first page (PDF) or 1-based table number (DOCX)
    row_pages: list[int | None] = field(default_factory=list)  # page of each grid row

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
