"""Tables printed without ruling lines → the same grid the ruled-table path builds.

Used by `pdf.py` on a page where pdfplumber's line finder found no table but the text looks
like one (and by `ocr.py` for scanned pages without ruling lines). A chain of small steps:

    words → printed lines → chunks (words split at wide gaps)
          → blocks (lines split at wide vertical gaps) → table blocks (≥ N multi-chunk lines)
          → columns: x-ranges where the words of the block's multi-chunk lines never are
            (gutters), consistent over the block
          → header (leading bold lines; levels from which columns each header text spans)
          → body rows: a numbering in the number column starts a row; otherwise a row
            starts where the activity column starts a new paragraph (nothing above it in
            that column, or its first word would have fitted on the line above) and no
            column goes on with a lower-case continuation; a line whose only text crosses
            gutters is a full-width (section) row; a vertical merge shows as other columns
            starting afresh while the activity column goes on
          → PageTable (cells with spans), like the line-based path, for stitching

Every tunable comes in `TextGridSettings` (extractors/settings.yaml, section `textgrid`;
the line tolerance is the PDF reader's), passed down.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .settings import TextGridSettings


NUMBER = re.compile(r"^\d{1,2}(\.\d{1,2}){0,3}\.?$|^[IVXLC]{1,5}\.?$")
CONTINUES = ",.;:)»”-–—(["


@dataclass
class Line:
    top: float
    bottom: float
    words: list[dict]
    chunks: list[list[dict]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def height(self) -> float:
        return max(w["bottom"] - w["top"] for w in self.words)

    @property
    def bold(self) -> bool:
        return all(_bold(w) for w in self.words)


def _bold(w: dict) -> bool:
    return "bold" in (w.get("fontname") or "").lower()


# ----------------------------------------------------------------------------- lines, blocks

def make_lines(words: list[dict], cfg: TextGridSettings, tol: float) -> list[Line]:
    """Words → printed lines, top to bottom; overlapping words never share a line."""
    groups: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for g in reversed(groups[-3:]):
            if abs(g[0]["top"] - w["top"]) <= tol and \
                    not any(o["x0"] < w["x1"] - 0.5 and w["x0"] < o["x1"] - 0.5 for o in g):
                g.append(w)
                break
        else:
            groups.append([w])
    lines = []
    for g in groups:
        g.sort(key=lambda w: w["x0"])
        line = Line(top=min(w["top"] for w in g), bottom=max(w["bottom"] for w in g), words=g)
        gap = cfg.chunk_gap * line.height
        chunks = [[g[0]]]
        for a, b in zip(g, g[1:]):
            if b["x0"] - a["x1"] > gap:
                chunks.append([b])
            else:
                chunks[-1].append(b)
        line.chunks = chunks
        lines.append(line)
    lines.sort(key=lambda l: l.top)
    return lines


def make_blocks(lines: list[Line], cfg: TextGridSettings) -> list[list[Line]]:
    """Lines split where the vertical gap is wider than a blank line."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks:
            prev = blocks[-1][-1]
            h = max(min(prev.height, line.height), 1.0)
            if line.top - prev.top <= cfg.block_gap * h + 0.5:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def _starts(block: list[Line]) -> list[float]:
    """Where the chunks after the first of a block's multi-chunk lines start (column starts)."""
    return [ch[0]["x0"] for line in block if len(line.chunks) >= 2 for ch in line.chunks[1:]]


def join_aligned_blocks(blocks: list[list[Line]], cfg: TextGridSettings) -> list[list[Line]]:
    """Blocks that are the rows of one table printed apart (its paragraphs have space after
    them, as Word's default style gives): joined when no further apart than
    `cfg.block_join_gap` line heights and two or more of their column starts line up."""
    out: list[list[Line]] = []
    for block in blocks:
        if out:
            prev = out[-1]
            h = max(min(prev[-1].height, block[0].height), 1.0)
            near = block[0].top - prev[-1].top <= cfg.block_join_gap * h + 0.5
            mine, theirs = set(round(x) for x in _starts(block)), _starts(prev)
            shared = {x for x in mine if any(abs(x - y) <= 2.0 for y in theirs)}
            if near and len(shared) >= 2:
                out[-1] = prev + block
                continue
        out.append(list(block))
    return out


# ----------------------------------------------------------------------------- columns

def find_gutters(lines: list[Line], left: float, right: float, cfg: TextGridSettings,
                 limit: int = 0) -> list[tuple[float, float]]:
    """x-intervals (between `left` and `right`) covered by at most `limit` lines' chunks."""
    width = int(right - left) + 2
    cover = [0] * width
    for line in lines:
        for ch in line.chunks:
            a, b = int(ch[0]["x0"] - left), int(max(w["x1"] for w in ch) - left) + 1
            for x in range(max(a, 0), min(b, width)):
                cover[x] += 1
    out, start = [], None
    for x in range(width):
        if cover[x] <= limit and 0 < x < width - 1:
            if start is None:
                start = x
        else:
            if start is not None and x - start >= cfg.gutter_min_width:
                out.append((left + start, left + x))
            start = None
    return out


def is_number_row(line: Line) -> bool:
    """The «1 2 3 4 …» line some plans print under the header (centred digits)."""
    return len(line.chunks) >= 2 and all(
        len(ch) == 1 and re.fullmatch(r"\d{1,2}", ch[0]["text"]) for ch in line.chunks)


def split_by_header(gutters, header: list[Line], cfg: TextGridSettings):
    """A header text standing in a gutter is a column whose body is empty on this page: the
    gutter loses the part the text covers (a header text covering a whole gutter is one
    spanning several columns and leaves it)."""
    out = list(gutters)
    for line in header:
        for ch in line.chunks:
            x0, x1 = ch[0]["x0"], max(w["x1"] for w in ch)
            pieces = []
            for a, b in out:
                if x1 <= a or x0 >= b or (x0 <= a and x1 >= b):
                    pieces.append((a, b))
                    continue
                if x0 > a:
                    pieces.append((a, x0))
                if x1 < b:
                    pieces.append((x1, b))
            out = pieces
    return [(a, b) for a, b in out if b - a >= cfg.gutter_min_width]


def drop_weak_columns(gutters, lines: list[Line], left: float, right: float,
                      cfg: TextGridSettings):
    """A column with text on fewer than `min_column_lines` lines (a centred «4» of the
    number row beside short left-aligned text) is no column: its narrower gutter goes."""
    need = min(cfg.min_column_lines, max(1, len(lines) // 3))
    while gutters:
        bounds = [left - 1] + [x for g in gutters for x in g] + [right + 1]
        counts = []
        for k in range(len(gutters) + 1):
            lo, hi = bounds[2 * k], bounds[2 * k + 1]
            counts.append(sum(1 for l in lines if any(lo <= w["x0"] and w["x1"] <= hi
                                                      for w in l.words)))
        weak = [k for k, n in enumerate(counts) if n < need]
        if not weak:
            break
        k = weak[0]
        sides = [g for g in (k - 1, k) if 0 <= g < len(gutters)]
        drop = min(sides, key=lambda g: gutters[g][1] - gutters[g][0])
        gutters = gutters[:drop] + gutters[drop + 1:]
    return gutters


def columns_of(multi: list[Line],
               cfg: TextGridSettings) -> tuple[list[tuple[float, float]], float, float]:
    """Gutters of a block from its multi-chunk lines: where no body line has text (a body
    line: not bold), split where a (bold) header text stands in a gutter."""
    left = min(l.x0 for l in multi)
    right = max(l.x1 for l in multi)
    body = [l for l in multi if not l.bold and not is_number_row(l)]
    if len(body) >= 2:
        b_left, b_right = min(l.x0 for l in body), max(l.x1 for l in body)
        gutters = drop_weak_columns(find_gutters(body, b_left, b_right, cfg), body, b_left,
                                    b_right, cfg)
        head = [l for l in multi if l.bold]
        if right > b_right + cfg.gutter_min_width:
            gutters.append((b_right, right + 10))   # header columns empty on this page
        gutters = [(a, b) for a, b in split_by_header(gutters, head, cfg)
                   if a < right - cfg.gutter_min_width]
        gutters.sort()
    else:
        limit = max(1, int(cfg.gutter_max_cover * len(multi)))
        gutters = find_gutters(multi, left, right, cfg, limit)
    # a gutter has a column on both sides
    pad = cfg.gutter_min_width
    gutters = [(a, b) for a, b in gutters if a > left + pad and b < right - pad]
    return gutters, left, right


def column_of(edges: list[float], x: float) -> int:
    for i in range(len(edges) - 1):
        if x < edges[i + 1]:
            return i
    return len(edges) - 2


def chunk_span(edges: list[float], chunk: list[dict]) -> tuple[int, int]:
    """First and last column a chunk lies in."""
    x0, x1 = chunk[0]["x0"], max(w["x1"] for w in chunk)
    return column_of(edges, x0 + 1.0), column_of(edges, x1 - 1.0)


# ----------------------------------------------------------------------------- the table

@dataclass
class TextTable:
    """A table found by alignment on one page: column edges and rows of cells."""

    edges: list[float]
    top: float
    bottom: float
    # (row, col, rowspan, colspan, words) per cell
    cells: list[tuple[int, int, int, int, list[dict]]]
    n_rows: int
    lines: list[Line]
    first_body_row: int = 0           # grid row of the first data row
    continues: bool | None = None     # that row goes on from the previous page (None: unsure)


def find_text_tables(words: list[dict], cfg: TextGridSettings,
                     line_tolerance: float) -> list[TextTable]:
    """Words of one page → the tables printed without ruling lines on it (words whose tops
    differ by at most `line_tolerance` on one line)."""
    if not words:
        return []
    lines = make_lines(words, cfg, line_tolerance)
    out = []
    for block in join_aligned_blocks(make_blocks(lines, cfg), cfg):
        table = table_from_block(block, cfg)
        if table is not None:
            out.append(table)
    return out


def table_from_block(block: list[Line], cfg: TextGridSettings) -> TextTable | None:
    multi = [l for l in block if len(l.chunks) >= 2]
    if len(multi) < cfg.min_multi_lines:
        return None
    gutters, left, right = columns_of(multi, cfg)
    if len(gutters) + 1 < cfg.min_columns:
        return None
    # left-aligned text starts a cell padding after the cell's edge: the edge is near the
    # gutter's right end (a centred header text may reach past the gutter's middle)
    edges = [left - 1.0] + [max((a + b) / 2, b - cfg.edge_pad) for a, b in gutters] \
        + [right + 1.0]
    extents = body_extents([l for l in multi if not l.bold] or multi, edges)
    # the lines of the block that belong to the table: from the first line that fits the
    # columns (or sits in the header) down to the last multi-chunk line and what follows it
    first = block.index(multi[0])
    start = first
    while start > 0 and _fits_columns(block[start - 1], edges, extents) \
            and first - start < cfg.max_header_lines:
        start -= 1
    lines = block[start:]
    fitting = [l for l in lines if _fits_columns(l, edges, extents)]
    edges[0] = min(edges[0], min(l.x0 for l in fitting) - 1.0)
    edges[-1] = max(edges[-1], max(l.x1 for l in fitting) + 1.0)
    # where each column's text may reach: the next column's text start less two paddings
    starts = [b for _, b in gutters] + [right + 2 * cfg.cell_padding]
    reach = [b - 2 * cfg.cell_padding for b in starts]
    return build(lines, edges, extents, reach, cfg)


def body_extents(lines: list[Line], edges: list[float]) -> list:
    """Per column: (leftmost x0, rightmost x1) of the text of body lines in it."""
    extents: list = [None] * (len(edges) - 1)
    for line in lines:
        if _spanning(line, edges):
            continue
        for ch in line.chunks:
            c, _ = chunk_span(edges, ch)
            lo, hi = ch[0]["x0"], max(w["x1"] for w in ch)
            extents[c] = (min(extents[c][0], lo), max(extents[c][1], hi)) if extents[c] else (lo, hi)
    return extents


def _fits_columns(line: Line, edges: list[float], extents=None) -> bool:
    """Every chunk of the line lies within one column (a bold header text: over the body
    text of one column)."""
    if line.bold and extents:     # a centred header may be wider than the body columns
        spans = [_header_span(ch, edges, extents) for ch in line.chunks]
    elif line.x0 < edges[0] - 2 or line.x1 > edges[-1] + 2:
        return False
    else:
        spans = [chunk_span(edges, ch) for ch in line.chunks]
    return all(a == b for a, b in spans)


def _spanning(line: Line, edges: list[float]) -> bool:
    """One chunk crossing a gutter and nothing else: a full-width row's text."""
    if len(line.chunks) != 1:
        return False
    a, b = chunk_span(edges, line.chunks[0])
    return b > a


# ----------------------------------------------------------------------------- rows

def build(lines: list[Line], edges: list[float], extents: list, reach: list[float],
          cfg: TextGridSettings) -> TextTable | None:
    n_cols = len(edges) - 1
    per_line = [_words_by_col(line, edges) for line in lines]   # per line: {col: words}
    right_limit = list(reach)
    for line in lines:
        for ch in line.chunks:
            a, b = chunk_span(edges, ch)
            if a == b and not line.bold:
                right_limit[a] = max(right_limit[a], max(w["x1"] for w in ch))
    number_col = _number_column(lines, per_line, edges)
    key_col = _key_column(lines, per_line, edges, number_col)
    n_header = _header_lines(lines, edges, number_col, per_line, extents, cfg)

    # rows: list of (first line index, kind) with kind 'header' / 'section' / 'data'
    starts: list[tuple[int, str]] = []
    spans_down: dict[int, set[int]] = {}   # row start line → columns continuing from above
    i = n_header
    while i < len(lines):
        line = lines[i]
        if _spanning(line, edges):
            starts.append((i, "section"))
            j = i + 1
            centre = (line.x0 + line.x1) / 2
            while j < len(lines) and len(lines[j].chunks) == 1 and (
                    _spanning(lines[j], edges) or
                    abs((lines[j].x0 + lines[j].x1) / 2 - centre) < 0.08 * (edges[-1] - edges[0])):
                j += 1
            i = j
            continue
        prev_kind = starts[-1][1] if starts else "header"
        if is_number_row(line):
            starts.append((i, "number"))
        elif i == n_header or prev_kind in ("section", "number"):
            starts.append((i, "data"))
        else:
            verdict, spanning_cols = _row_start(i, lines, per_line, right_limit, number_col,
                                                key_col, cfg)
            if verdict:
                starts.append((i, "data"))
                if spanning_cols:
                    spans_down[i] = spanning_cols
        i += 1
    cells: list[tuple[int, int, int, int, list[dict]]] = []
    header_cells, header_rows = _header_cells(lines[:n_header], edges, extents)
    cells.extend(header_cells)
    row_of_start = {}
    bounds = [s for s, _ in starts] + [len(lines)]
    open_cells: dict[int, list] = {}        # col → cell list entry continuing downwards
    for r, ((s, kind), e) in enumerate(zip(starts, bounds[1:])):
        row = header_rows + r
        row_of_start[s] = row
        band = per_line[s:e]
        if kind == "section":
            ws = [w for line in lines[s:e] for w in line.words]
            cells.append([row, 0, 1, n_cols, ws])
            open_cells = {}
            continue
        cont = spans_down.get(s, set())
        new_open = {}
        for c in range(n_cols):
            ws = [w for d in band for w in d.get(c, [])]
            if c in cont and c in open_cells:
                entry = open_cells[c]
                entry[2] += 1
                entry[4].extend(ws)
                new_open[c] = entry
                continue
            if not ws:
                continue
            entry = [row, c, 1, 1, ws]
            cells.append(entry)
            new_open[c] = entry
        _merge_horizontal(cells, row, band, lines[s:e], edges)
        open_cells = new_open
    n_rows = header_rows + len(starts)
    if n_rows < 2:
        return None
    # every grid position not covered by a cell gets an empty one, as a ruled table has
    covered = set()
    for row, col, rowspan, colspan, _ in cells:
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                covered.add((r, c))
    cells.extend([r, c, 1, 1, []] for r in range(n_rows) for c in range(n_cols)
                 if (r, c) not in covered)
    first_data = next(((k, s) for k, (s, kind) in enumerate(starts) if kind == "data"), None)
    continues = None
    if first_data is not None and all(kind == "number" for _, kind in starts[:first_data[0]]):
        continues = _goes_on(per_line[first_data[1]], number_col, key_col)
    return TextTable(edges=edges, top=lines[0].top - 1, bottom=lines[-1].bottom + 1,
                     cells=[tuple(c) for c in cells], n_rows=n_rows, lines=lines,
                     first_body_row=header_rows + (first_data[0] if first_data else 0),
                     continues=continues)


def _goes_on(cols: dict, number_col, key_col) -> bool | None:
    """Does a piece's first data line continue a row of the page before? A numbering says
    no; an activity text starting in lower case (or with a closing mark) says yes."""
    if number_col is not None and number_col in cols:
        if NUMBER.match(" ".join(w["text"] for w in cols[number_col]).strip()):
            return False
    ws = cols.get(key_col)
    if not ws:
        return None
    ch = _first_word(ws)["text"][:1]
    if ch.islower() or ch in CONTINUES:
        return True
    return None


def _words_by_col(line: Line, edges: list[float]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for ch in line.chunks:
        a, _ = chunk_span(edges, ch)
        for w in ch:
            out.setdefault(a, []).append(w)
    return out


def _merge_horizontal(cells, row, band, lines, edges) -> None:
    """A chunk of a data row crossing gutters: the cells it covers become one cell."""
    for line in lines:
        for ch in line.chunks:
            a, b = chunk_span(edges, ch)
            if b <= a:
                continue
            mine = [c for c in cells if c[0] == row and a <= c[1] <= b]
            if not mine:
                continue
            keep = min(mine, key=lambda c: c[1])
            for c in mine:
                if c is not keep:
                    keep[4].extend(c[4])
                    cells.remove(c)
            keep[3] = max(keep[3], b - keep[1] + 1)


def _number_column(lines, per_line, edges) -> int | None:
    """The leftmost column of short numberings («1.», «2.3», «IV»), if there is one."""
    n_cols = len(edges) - 1
    for c in range(min(2, n_cols)):
        texts = [" ".join(w["text"] for w in d[c]) for line, d in zip(lines, per_line)
                 if c in d and not _spanning(line, edges) and not line.bold]
        if len(texts) < 3:
            continue
        numbered = sum(1 for t in texts if NUMBER.match(t.strip()))
        short = sum(1 for t in texts if len(t) <= 8)
        if numbered >= 0.6 * len(texts) and short >= 0.9 * len(texts):
            return c
    return None


def _key_column(lines, per_line, edges, number_col) -> int:
    """The activity column: the first column after the numbering holding real text."""
    n_cols = len(edges) - 1
    start = 0 if number_col is None else number_col + 1
    for c in range(start, n_cols):
        if sum(1 for d in per_line if c in d) >= 0.15 * len(per_line):
            return c
    return min(start, n_cols - 1)


def _header_lines(lines, edges, number_col, per_line, extents, cfg: TextGridSettings) -> int:
    """Leading bold lines (not a full-width row's text, not a numbered row)."""
    n = 0
    while n < len(lines) and n < cfg.max_header_lines:
        line = lines[n]
        if not line.bold:
            break
        if n > 0 and len(line.chunks) == 1:
            a, b = _header_span(line.chunks[0], edges, extents)
            if b > a and not _has_subheader(lines, n, (a, b), edges, extents):
                break       # one text over several columns, body below: a section row
        if number_col is not None and number_col in per_line[n] and n > 0 and \
                NUMBER.match(" ".join(w["text"] for w in per_line[n][number_col])) and \
                len(per_line[n]) > 2 and not all(NUMBER.match(" ".join(w["text"] for w in ws))
                                                 for ws in per_line[n].values()):
            break
        n += 1
    return n


def _has_subheader(lines, n, span, edges, extents) -> bool:
    """Bold texts under line n within its columns: it heads a group of header columns."""
    for line in lines[n + 1:n + 4]:
        if not line.bold:
            return False
        inner = [_header_span(ch, edges, extents) for ch in line.chunks]
        if sum(1 for a, b in inner if span[0] <= a and b <= span[1]) >= 2:
            return True
    return False


def _first_word(ws: list[dict]) -> dict:
    return min(ws, key=lambda w: w["x0"])


def _line_end(ws: list[dict]) -> float:
    return max(w["x1"] for w in ws)


def _state(i: int, c: int, per_line, right_limit, cfg: TextGridSettings) -> str:
    """How column c's text at line i relates to the line above: 'empty', 'gap' (nothing
    above), 'fit' (its first word would have fitted above: a new paragraph), 'cont' (a
    wrapped line going on) or 'unsure' (a capital that did not fit)."""
    ws = per_line[i].get(c)
    if not ws:
        return "empty"
    above = per_line[i - 1].get(c) if i > 0 else None
    if not above:
        return "gap"
    w = _first_word(ws)
    height = max(w["bottom"] - w["top"], 1.0)
    ch = w["text"][:1]
    last = max(above, key=lambda x: x["x1"])["text"][-1:]
    fits = _line_end(above) + 0.25 * height + (w["x1"] - w["x0"]) \
        <= right_limit[c] + cfg.fit_slack
    if ch in CONTINUES or last in "-,":
        return "cont"
    if ch.islower():
        # a short value («ед.», «ежегодно») may start a cell in lower case; a wrapped
        # line that did not fit above goes on
        return "fit_lower" if fits else "cont"
    return "fit" if fits else "unsure"


def _row_start(i, lines, per_line, right_limit, number_col, key_col,
               cfg: TextGridSettings) -> tuple[bool, set[int]]:
    """Does a new row start at line i? (and which columns then continue from above)"""
    n_cols = len(right_limit)
    states = {c: _state(i, c, per_line, right_limit, cfg) for c in range(n_cols)}
    if states[key_col] == "fit_lower":
        states[key_col] = "cont"        # an activity starts with a capital
    states = {c: ("fit" if s == "fit_lower" else s) for c, s in states.items()}
    if number_col is not None and states[number_col] != "empty":
        text = " ".join(w["text"] for w in per_line[i][number_col])
        if NUMBER.match(text.strip()):
            return True, set()
    others = [c for c in range(n_cols) if c not in (number_col, key_col)]
    if any(states[c] == "cont" for c in others):
        return False, set()
    fresh = sum(1 for c in others if states[c] == "gap")
    key = states[key_col]
    if key in ("gap", "fit"):
        return True, set()
    fresh_or_fit = sum(1 for c in others if states[c] in ("gap", "fit"))
    if key == "unsure" and (fresh >= 2 or fresh_or_fit >= max(2, len(others) - 1)):
        return True, set()
    filled = sum(1 for c in range(n_cols) if states[c] != "empty")
    if key == "unsure" and fresh_or_fit >= 1 and filled >= max(3, n_cols - 1):
        return True, set()      # every column starts afresh at once, none goes on
    if key in ("empty", "cont") and fresh >= 2 and (
            number_col is None or states[number_col] == "empty"):
        # a vertical merge: the activity (and its number) span the rows below
        spans = {key_col} | ({number_col} if number_col is not None else set())
        return True, spans
    return False, set()


# ----------------------------------------------------------------------------- header

def _header_span(chunk, edges, extents) -> tuple[int, int]:
    """The columns a header text covers: those whose body text it overlaps (a centred
    header may be wider than the body text under it), else by the edges."""
    a, b = chunk_span(edges, chunk)
    if not extents:
        return a, b
    x0, x1 = chunk[0]["x0"], max(w["x1"] for w in chunk)
    hit = [c for c, ext in enumerate(extents) if ext and x0 < ext[1] - 1 and ext[0] + 1 < x1]
    if not hit:
        return a, b
    return min(hit), max(hit)


def _header_cells(lines: list[Line], edges: list[float], extents=None):
    """Header lines → cells with spans: texts grouped by the columns they cover, stacked
    into levels (a text over several columns sits above the texts under it)."""
    if not lines:
        return [], 0
    blocks: list[dict] = []     # {'span': (a, b), 'top', 'bottom', 'words'}
    for line in lines:
        for ch in line.chunks:
            span = _header_span(ch, edges, extents)
            top = min(w["top"] for w in ch)
            for b in blocks:
                if b["span"] == span and top - b["bottom"] <= 1.2 * line.height:
                    b["words"].extend(ch)
                    b["bottom"] = max(b["bottom"], max(w["bottom"] for w in ch))
                    break
            else:
                blocks.append({"span": span, "top": top, "bottom": max(w["bottom"] for w in ch),
                               "words": list(ch)})
    # two blocks of one column that overlap horizontally but not in span: the wider is above
    n_cols = len(edges) - 1
    per_col: list[list[dict]] = [[] for _ in range(n_cols)]
    for b in sorted(blocks, key=lambda b: b["top"]):
        for c in range(b["span"][0], b["span"][1] + 1):
            per_col[c].append(b)
    levels = max(len(p) for p in per_col) if per_col else 1
    for b in blocks:
        b["level"] = max(per_col[c].index(b) for c in range(b["span"][0], b["span"][1] + 1))
    cells = []
    for b in blocks:
        a, z = b["span"]
        last = all(per_col[c][-1] is b for c in range(a, z + 1))
        rowspan = levels - b["level"] if last else 1
        cells.append([b["level"], a, rowspan, z - a + 1, b["words"]])
    return cells, levels
