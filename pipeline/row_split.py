"""One table row holding several numbered activities → one piece per activity; a number printed
at the start of an activity cell → the item number.

    row cells (raw text, line breaks kept) → item boundaries (a chain of numbers 1, 2, 3, …
    in the activity cell, or several numbers in the № cell) → each cell cut at those
    boundaries (by numbered items, by one line per item, or by the line positions the
    author padded with empty lines) → RowPiece per activity

A cell that cannot be cut the same way (four deadlines for five activities) is given whole
to every piece, and the piece says so (`whole`), so the record can be flagged for checking.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# «1.Организация …», «2) Проверка …»: a number that opens an item (a capital or a quote follows)
ITEM_START = re.compile(r"(?:^|(?<=\s))(\d{1,2})\s*[.)]\s*(?=[А-ЯЁA-Z«\"“(]|$)")
# «4. Инструктаж …» at the very start of an activity cell (no leading zeros: «01.09. …» is a date)
LEADING_NO = re.compile(r"^\s*([1-9]\d{0,2}(?:\.[1-9]\d{0,2})*)\s*[.)]\s*(?=[А-ЯЁA-Z«\"“(])")
NUMBER_ONLY = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\s*[.)]?\s*$")


@dataclass
class RowPiece:
    """The texts of one activity of a row, by role; `whole` names the roles given uncut."""

    texts: dict[str, str]
    item_no: str = ""
    heading: str = ""
    whole: list[str] = field(default_factory=list)


def leading_number(activity: str) -> tuple[str, str] | None:
    """(«4», «Инструктаж …») for «4. Инструктаж …»; None when the cell opens otherwise."""
    m = LEADING_NO.match(activity)
    if not m:
        return None
    return m.group(1), activity[m.end():]


def _chain(text: str) -> list[re.Match]:
    """The item starts numbered 1, 2, 3, … in order (at least two), else []."""
    chain: list[re.Match] = []
    for m in ITEM_START.finditer(text):
        if int(m.group(1)) == len(chain) + 1:
            chain.append(m)
    return chain if len(chain) >= 2 else []


def _cut_at(text: str, starts: list[int]) -> list[str]:
    ends = starts[1:] + [len(text)]
    return [text[a:b].strip() for a, b in zip(starts, ends)]


def _line_index(text: str, pos: int) -> int:
    return text.count("\n", 0, pos)


def _by_line_ranges(text: str, first_lines: list[int]) -> list[str] | None:
    """Lines [first_lines[i], first_lines[i+1]) of `text` for each item, when the cell has
    text in every range (the author padded the cells to keep items side by side)."""
    lines = text.split("\n")
    bounds = first_lines[1:] + [max(len(lines), first_lines[-1] + 1)]
    parts = ["\n".join(lines[a:b]).strip() for a, b in zip(first_lines, bounds)]
    extra = "\n".join(lines[:first_lines[0]]).strip()
    if extra or not all(parts):
        return None
    return parts


def _cut_sibling(text: str, n: int, first_lines: list[int] | None,
                 printed: str | None = None) -> list[str] | None:
    """A sibling cell cut into `n` parts, or None when it cannot be cut the same way.
    `printed` (a PDF, where `text` gives the cell's paragraphs): the cell line by line as
    printed. A line that ended for want of width may as well have ended at a line break
    there: the reading whose count fits the activities wins."""
    chain = _chain(text)
    if len(chain) == n:
        return [p for p in _cut_at(text, [m.start() for m in chain])]
    for version in (text, printed or ""):
        lines = [line.strip() for line in version.split("\n") if line.strip()]
        if len(lines) == n:
            return lines
    if first_lines:
        return _by_line_ranges(text, first_lines) or _by_nearest_line(text, first_lines)
    return None


def _by_nearest_line(text: str, first_lines: list[int]) -> list[str] | None:
    """Each non-empty line of `text` given to the item whose first line is nearest to it (the
    author padded the cells with empty lines, not quite in step); None when some item would get
    two lines from before its own start while another gets none (no alignment to trust)."""
    parts: list[list[str]] = [[] for _ in first_lines]
    for at, line in enumerate(text.split("\n")):
        if line.strip():
            k = min(range(len(first_lines)), key=lambda i: (abs(first_lines[i] - at), i))
            parts[k].append(line.strip())
    if sum(1 for p in parts if p) < len(parts) - 1:
        return None
    return ["\n".join(p) for p in parts]


NUMBER_LINE = re.compile(r"(?m)^\s*(\d{1,3})\s*([.)]?)\s*$")


def _item_numbers(number: str) -> list[re.Match]:
    """The numbers of several items in a № cell (one per line: «1.», «2.», «3.»), else [].

    A number a narrow column printed over two lines («1» / «0.» for «10.», «1» / «2.» for
    «12.») is one number: the lines of several items count on from a number above zero, one by
    one, and all end alike (each with its dot, or none with one)."""
    numbers = list(NUMBER_LINE.finditer(number))
    if len(numbers) < 2:
        return []
    v = [int(m.group(1)) for m in numbers]
    steps = [b - a for a, b in zip(v, v[1:])]
    if v[0] < 1 or any(s not in (0, 1) for s in steps) or 1 not in steps:
        return []                     # (a number typed twice, «3.» «3.», is the author's slip)
    if len({bool(m.group(2)) for m in numbers}) > 1:
        return []
    return numbers


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _several_values(texts: dict[str, str], printed: dict[str, str]) -> bool:
    """The deadline or responsible cell holds several values (lines or numbered items): the
    numbered items of the activity cell are activities of their own, not the points of one
    (a meeting's agenda under one date). In a PDF, a cell printed over two or more lines
    counts as well (a line that ended for want of width may have ended at a line break
    there); how the cell is then cut is `_cut_sibling`'s choice."""
    for role in ("deadline", "responsible"):
        text = texts.get(role, "")
        if len(_lines(text)) >= 2 or _chain(text):
            return True
        if role in printed and len(_lines(printed[role])) >= 2:
            return True
    return False


def _by_positions(positioned: dict[str, str], n: int) -> tuple[list[int], list[str]] | None:
    """A PDF row whose № cell prints `n` numbers one beside each activity: the heights of the
    numbers and the activity cell cut there (`positioned`: each cell's printed lines at
    their heights, `model.lines_at_positions`), or None when they do not line up."""
    numbers = _item_numbers(positioned.get("number", ""))
    if len(numbers) != n or not positioned.get("activity"):
        return None
    first_lines = [_line_index(positioned["number"], m.start()) for m in numbers]
    items = _by_line_ranges(positioned["activity"], first_lines)
    return (first_lines, items) if items else None


def _chain_at_heights(positioned: dict[str, str], item_nos: list[str]) -> list[int] | None:
    """The line heights of the numbered items of the activity cell (`positioned`: each
    cell's lines at their printed heights), None when they are not known or do not number
    the same items."""
    at = positioned.get("activity")
    if not at:
        return None
    chain = _chain(at)
    if [m.group(1) for m in chain] != item_nos:
        return None
    return [_line_index(at, m.start()) for m in chain]


def _lead_is_activity(heading: str, positioned: dict[str, str], heights: list[int]) -> bool:
    """The text above the numbered items is an activity of its own, not only their heading
    («Педсовет «Анализ работы школы …»» with its own date and responsible): a deadline or
    responsible cell prints a value beside it and one beside every item. A heading that
    ends in a colon introduces its items; and where a value is missing beside an item, the
    first one belongs to the first item, printed a little high."""
    if not heading or heading.rstrip().endswith(":"):
        return False
    for role in ("deadline", "responsible"):
        text = positioned.get(role, "")
        if any(line.strip() for line in text.split("\n")[:heights[0]]) and \
                _by_line_ranges(text, [0] + heights) is not None:
            return True
    return False


def split_row(texts: dict[str, str], printed: dict[str, str] | None = None,
              positioned: dict[str, str] | None = None) -> list[RowPiece] | None:
    """Several activities of one row as pieces, or None when the row holds one activity
    (numbered points under one deadline and one responsible are the points of one activity).

    `texts` maps a role (activity, number, deadline, responsible, …) to its raw cell text,
    one paragraph a line; `printed` (a PDF whose lines `texts` joined into paragraphs) maps
    a role to its cell's text line by line as printed; `positioned` (a PDF) to its printed
    lines at their heights, which cut a row whose № cell numbers its activities where the
    paragraphs do not."""
    printed = printed or {}
    positioned = positioned or {}
    by_height_lines = False       # the cells are cut by their lines' heights
    heights = None                # the heights of the activities, where the counts do not tell
    activity = texts.get("activity", "")
    number = texts.get("number", "")
    chain = _chain(activity)
    numbers = _item_numbers(number)
    if chain and not _several_values(texts, printed):
        return None                   # one deadline for all: an agenda of one activity
    lead_piece = False            # the heading is an activity of its own
    if chain:
        heading = activity[:chain[0].start()].strip()
        items = _cut_at(activity, [m.start() for m in chain])
        item_nos = [m.group(1) for m in chain]
        first_lines = [_line_index(activity, m.start()) for m in chain]
        heights = _chain_at_heights(positioned, item_nos)
        if heights is not None:
            lead_piece = _lead_is_activity(heading, positioned, heights)
            if lead_piece:
                heights = [0] + heights
    elif len(numbers) >= 2:
        first_lines = [_line_index(number, m.start()) for m in numbers]
        items = _by_line_ranges(activity, first_lines)
        if items is None:
            by_height = _by_positions(positioned, len(numbers))
            if by_height is None:
                return None
            first_lines, items = by_height
            texts = {role: positioned.get(role, text) if role != "number" else text
                     for role, text in texts.items()}
            printed, by_height_lines = {}, True
        heading, item_nos = "", [m.group(1) for m in numbers]
    else:
        return None
    n = len(items)
    pieces = [RowPiece(texts={"activity": ITEM_START.sub("", item, count=1).strip()
                              if chain else item}, item_no=item_nos[k], heading=heading)
              for k, item in enumerate(items)]
    if lead_piece:
        pieces.insert(0, RowPiece(texts={"activity": heading}, heading=heading))
        n += 1
    for role, text in texts.items():
        if role in ("activity", "number"):
            continue
        one_line = len(_lines(text)) <= 1 and len(_lines(printed.get(role, ""))) != n
        if one_line:
            parts = [text.strip()] * n
        elif by_height_lines:      # each line goes to the activity it is printed beside
            parts = _by_line_ranges(text, first_lines) or _by_nearest_line(text, first_lines)
        elif heights is not None and positioned.get(role) is not None:
            # a PDF (its lines printed where the author saw them): the values printed beside
            # each activity, where every activity has one; else, and in a Word file (whose
            # heights are estimated), one value per activity in order where the counts fit
            # (a reader pairs them so, though another printer's wrap moved them); else the
            # one printed nearest each
            parts = (_by_line_ranges(positioned[role], heights) if printed else None) or \
                _cut_sibling(text, n, None, printed.get(role)) or \
                _by_line_ranges(positioned[role], heights) or \
                _by_nearest_line(positioned[role], heights)
        else:
            parts = _cut_sibling(text, n, first_lines, printed.get(role))
        for k, piece in enumerate(pieces):   # one line serves every activity of the row
            piece.texts[role] = parts[k] if parts else text
            if parts is None:
                piece.whole.append(role)
    return pieces
