"""Column roles from what the cells hold, where a table's header is missing, unknown or unusual.

    body cells of each column → ColumnProfile (shares of deadline-like, person-like and
    number-like cells, mean text length) → roles filled in for the columns the header left
    without one → one explanation line per decision

Header words still win where they are clear (`structure.column_roles`); content only fills
the gaps: the column whose cells read as deadlines is the deadline column, the one of names
and posts the responsible column, a narrow column of item numbers the number column, and the
longest free text the activity. The words that mark a post or a body are data
(`pipeline/data/header_roles.yaml`, `content`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from normalizers import deadlines as deadline_rules
from normalizers.text import fold, parses

from .i18n import _

INITIALS = re.compile(r"[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]?")
ITEM_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*|[IVXLC]+)\s*[.)]?\s*$")
PLAIN_NUMBER = re.compile(r"^\s*[-–—]?\s*\d[\d\s]*(?:[.,]\d+)?\s*%?\s*$|^\s*[-–—]\s*$")


@dataclass(frozen=True)
class ColumnProfile:
    """What the body cells of one grid column hold."""

    col: int
    cells: int
    filled: float       # share of the body rows with text in this column
    deadline: float
    person: float
    number: float
    numeric: float
    mean_len: float


@functools.lru_cache(maxsize=20000)
def is_deadline_like(text: str) -> bool:
    """A cell the deadline parser reads: a date, a month, a period or a recurrence."""
    text = fold(text)
    if not text or len(text) > 120:
        return False
    parsed = deadline_rules.parse_deadline(text)
    return bool(parsed.intervals or parsed.recurrence or parsed.months)


@functools.lru_cache(maxsize=20000)
def is_person_like(text: str, words: frozenset[str]) -> bool:
    """A cell naming people or posts: initials, or a post/body word among its first words."""
    text = fold(text)
    if not text or len(text) > 300:
        return False
    if INITIALS.search(text):
        return True
    first = re.findall(r"[А-Яа-яЁё]+", text)[:3]
    return any(parses(w)[0].normal_form.replace("ё", "е") in words for w in first if parses(w))


def profile_columns(grid, start: int, n_cols: int, person_words: frozenset[str]) -> list[ColumnProfile]:
    """One profile per grid column over the body rows (cells counted once, where they start)."""
    out = []
    for c in range(n_cols):
        texts = []
        for r in range(start, len(grid)):
            cell = grid[r][c]
            if cell is not None and cell.row == r and (cell.col == c) and fold(cell.text):
                texts.append(fold(cell.text))
        n = len(texts) or 1
        out.append(ColumnProfile(
            col=c, cells=len(texts), filled=len(texts) / max(1, len(grid) - start),
            deadline=sum(map(is_deadline_like, texts)) / n,
            person=sum(is_person_like(t, person_words) for t in texts) / n,
            number=sum(bool(ITEM_NUMBER.match(t)) for t in texts) / n,
            numeric=sum(bool(PLAIN_NUMBER.match(t)) for t in texts) / n,
            mean_len=sum(map(len, texts)) / n))
    return out


def _best(profiles, free: set[int], key, floor: float):
    found = [p for p in profiles if p.col in free and p.cells and key(p) >= floor]
    return max(found, key=lambda p: (key(p), -p.col)) if found else None


def contradicts(roles: list[str | None], profiles: list[ColumnProfile], settings: dict) -> bool:
    """The cells contradict the roles (a table taken to continue the one before): the
    deadline or responsible column holds few such cells while another column is full of
    them."""
    for role, key, floor in (("deadline", lambda p: p.deadline, settings["deadline_share"]),
                             ("responsible", lambda p: p.person, settings["person_share"])):
        if role not in roles:
            continue
        own = profiles[roles.index(role)]
        best = max((p for p in profiles if p.cells), key=key, default=None)
        if own.cells and best is not None and best.col != own.col and key(best) >= floor \
                and key(own) < floor / 2:
            return True
    return False


def fill_roles(roles: list[str | None], profiles: list[ColumnProfile],
               settings: dict) -> tuple[list[str | None], list[str]]:
    """The roles with the gaps filled from content, and why (one line per decision). An
    activity column is taken from content only beside a deadline column: names beside free
    text alone (a list of staff and their courses) are no plan."""
    roles = list(roles)
    why: list[str] = []
    free = {i for i, r in enumerate(roles) if r is None}
    have = set(roles)

    def take(role: str, p: ColumnProfile | None, reason: str) -> None:
        if p is not None and role not in have:
            roles[p.col] = role
            free.discard(p.col)
            have.add(role)
            why.append(_("column {n}: {role} ({reason})").format(n=p.col + 1, role=role, reason=reason))

    p = _best(profiles, free, lambda p: p.number, settings["number_share"])
    if p is not None and p.mean_len <= 6:
        take("number", p, _("{share} of its cells are item numbers").format(share=f"{p.number:.0%}"))
    p = _best(profiles, free, lambda p: p.deadline, settings["deadline_share"])
    take("deadline", p, _("{share} of its cells read as deadlines").format(share=f"{p.deadline:.0%}")
         if p else "")
    p = _best(profiles, free, lambda p: p.person, settings["person_share"])
    take("responsible", p, _("{share} of its cells name people or posts").format(share=f"{p.person:.0%}")
         if p else "")
    if "activity" not in have and "deadline" in have:
        text_cols = [q for q in profiles if q.col in free and q.filled >= settings["activity_filled"]
                     and q.numeric < 0.5 and q.mean_len >= settings["activity_min_len"]]
        if text_cols:
            q = max(text_cols, key=lambda q: (q.mean_len, -q.col))
            take("activity", q, _("the longest free text, {n} characters on average").format(
                n=f"{q.mean_len:.0f}"))
    return roles, why


def header_row_by_content(texts: list[str], roles: list[str | None], person_words: frozenset[str]) -> bool:
    """The first row of a table whose roles came from content is its (unrecognised) header
    when its deadline and responsible cells do not read as such, no cell is long and every
    cell opens with a capital (a row cut by a page break goes on in lowercase)."""
    if len({t for t in texts if t}) < 2:
        return False                     # one text across the row: a heading, not a header
    checks = []
    for text, role in zip(texts, roles):
        if not text:
            continue
        if len(text) > 80 or not (text[0].isupper() or text[0] == "№"):
            return False             # header words are short and open with a capital
        if role == "deadline":
            checks.append(not is_deadline_like(text))
        elif role == "responsible":
            checks.append(not is_person_like(text, person_words))
        elif role == "number":
            checks.append(not ITEM_NUMBER.match(text))
    return bool(checks) and all(checks)
