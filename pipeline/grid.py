"""A table grid finer than its content rebuilt on its logical columns.

    rows → where each row's cells start → the start columns most rows share (the logical
    column boundaries) → every cell moved onto the logical columns it covers (empty cells
    and slivers dropped, two pieces of one logical cell joined)

A PDF table piece often has more grid columns than the plan has: a ruling line that stops
short, a month row printed one column in, an activity indented in a sub-item. Pieces of one
plan on different pages then differ in their column counts and cannot be told to continue
each other. On its logical columns a 6- and a 9-column piece of a 4-column plan both have 4.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from extractors.model import Cell, Table
from normalizers.text import fold

MIN_SHARE = 0.5        # share of the multi-cell rows that must start their cells alike


def _row_cells(grid, r: int) -> list[Cell]:
    return list(dict.fromkeys(c for c in grid[r] if c is not None))


def boundaries(table: Table) -> list[int] | None:
    """The start columns most multi-cell rows share, when there are fewer of them than grid
    columns (else None: the grid is the content's)."""
    grid = table.grid()
    starts = Counter()
    multi = 0
    for r in range(table.n_rows):
        cells = [c for c in _row_cells(grid, r) if c.row == r or c.rowspan > 1]
        if len(cells) >= 2:
            multi += 1
            starts[tuple(sorted({c.col for c in cells}))] += 1
    if not starts:
        return None
    best, n = starts.most_common(1)[0]
    if len(best) >= table.n_cols or len(best) < 2 or n < MIN_SHARE * multi:
        return None
    # a row with more cells of text than that (a header over finer columns, a «1 2 3 4 5 6»
    # number row) says the grid's columns are real
    if any(len({id(c) for c in _row_cells(grid, r) if fold(c.text)}) > len(best)
           for r in range(table.n_rows)):
        return None
    return list(best)


def logical_table(table: Table) -> Table:
    """The table on its logical columns (see the module docstring); unchanged when its grid
    already is. A new Table: `table` is left as it was."""
    bounds = boundaries(table)
    if bounds is None:
        return table

    def logical(col: int) -> int:
        return max(0, sum(1 for b in bounds if b <= col) - 1)

    grid = table.grid()
    made: dict[int, Cell] = {}
    cells: list[Cell] = []
    for r in range(table.n_rows):
        taken: dict[int, Cell] = {}
        row = [c for c in _row_cells(grid, r) if c.row == r]   # merges placed at their first row
        # a cell reaching a sliver into the logical column where the next cell of its row
        # starts (a border printed a few points off) ends before that column
        starts = sorted({logical(c.col) for c in row if fold(c.text)})
        # cells with text first (left to right), then empty ones where nothing else stands
        for old in sorted(row, key=lambda c: (not fold(c.text), c.col)):
            text = old.text if fold(old.text) else ""
            first, last = logical(old.col), logical(old.col + old.colspan - 1)
            last = min([last] + [s - 1 for s in starts if first < s <= last])
            if not text and first in taken:
                continue
            if first in taken:                # two pieces of one logical cell
                taken[first].text, taken[first].cuts = _join_pieces(taken[first], old)
                continue
            cell = replace(old, text=text, row=r, col=first, colspan=last - first + 1,
                           cuts=old.cuts if text else ())
            for k in range(first, last + 1):
                taken.setdefault(k, cell)
            made[id(old)] = cell
            cells.append(cell)
    return Table(index=table.index, cells=cells, n_rows=table.n_rows, n_cols=len(bounds),
                 page=table.page, row_pages=list(table.row_pages))


def _join_pieces(a: Cell, b: Cell) -> tuple[str, tuple[int, ...]]:
    """Two pieces of one logical cell: their texts on separate lines (blank lines at the
    ends dropped) and the possible word cuts of both, at their places in the joined text."""
    joined = a.text + "\n" + b.text
    text = joined.strip("\n")
    lead = len(joined) - len(joined.lstrip("\n"))
    cuts = a.cuts + tuple(len(a.text) + 1 + o for o in b.cuts)
    return text, tuple(o - lead for o in cuts if 0 <= o - lead <= len(text))
