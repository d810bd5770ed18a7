"""Tables → plan rows: a chain of small steps, each turning one representation into the next.

    Table → header rows (+ the «1 2 3 4» number row) → column roles
          → body rows classified (section / data / repeated header / empty)
          → PlanRow per data row (per year cell in year-column tables), sections carried down
    Table → IndicatorRow per indicator and year (target-indicator tables)

Column roles come from header words matched by lemma (pymorphy3), with the synonyms kept
in `pipeline/data/header_roles.yaml`. Nothing here parses a deadline or splits parties:
that is `pipeline.records`, which calls the normalizers.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field, replace

from extractors.model import (Cell, Document, Paragraph, Table, lines_at_positions, mean_confidence,
                             paragraphs_of)
from extractors.scan.words import ROMAN, ones_as_roman, roman_of
from normalizers.lang.lexicon import month_forms
from normalizers.lang.morph import lemma, lemmas  # noqa: F401 (the header words' lemmas)
from normalizers.text import drop_soft_hyphens, fold, join_broken_words, load_yaml

from . import content_roles
from .grid import logical_table
from .i18n import _
from .row_split import leading_number, split_row
from .sections import SectionState, clean_title, enter, period_of
from .settings import StructureSettings, defaults

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


YEAR_HEADER = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:г\.?|год|гг\.?)?\s*$", re.I)
INTEGER = re.compile(r"^\s*\d{1,2}\s*\.?\s*$")
ITEM_NO = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*[.)]?\s*$|^\s*([IVXLC]+)\s*[.)]?\s*$")
SECTION = re.compile(
    r"^\s*(?:(?P<prefix>[А-Яа-яЁё]+)\s*(?:№\s*)?)?"
    r"(?P<no>\d+(?:\.\d+)*|[IVXLC]+)(?![\d.]*\d)\s*[.):]?\s*[:.–—-]?\s*(?P<title>\S.*)$",
    re.S)


# ----------------------------------------------------------------------------- lexicon

@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """The header synonyms, table ids and section prefixes (data/header_roles.yaml)."""
    data = load_yaml(os.path.join(DATA_DIR, "header_roles.yaml"))
    roles = {role: [tuple(lemmas(p)) for p in phrases] for role, phrases in data["roles"].items()}
    data["role_lemmas"] = roles
    data["role_order"] = list(data["roles"])
    return data


def role_of(text: str) -> tuple[str | None, int]:
    """The role a header text names and how many lemmas matched (0: none).

    The longest matching phrase wins; between phrases of one length, the one whose first
    word stands earliest: a Russian header names its head noun first and qualifies it after
    («Сроки выполнения мероприятий» is a deadline, not an activity). A header that names two
    things apart with a slash («Срок / форма отчета») is read by the part before it: the
    cell then holds that first (the date, and the report after the slash, `records`)."""
    if "/" in text and not re.match(r"^\s*№?\s*п\s*/\s*п", text):
        first = role_of(text.split("/")[0])
        if first[0]:
            return first
    words = lemmas(text)
    if not words:
        return None, 0
    position = {}
    for i, w in enumerate(words):
        position.setdefault(w, i)
    best, best_key = None, (0, 0)
    lex = lexicon()
    for role in lex["role_order"]:
        for phrase in lex["role_lemmas"][role]:
            if phrase and all(w in position for w in phrase):
                key = (len(phrase), -min(position[w] for w in phrase))
                if key > best_key:
                    best, best_key = role, key
    return best, best_key[0]


# ----------------------------------------------------------------------------- model

@dataclass
class ColumnRole:
    """What one grid column holds."""

    role: str | None
    header: str
    year: str = ""


@dataclass
class TableLayout:
    """A table's header, as found: how many rows it takes and each column's role."""

    header_rows: int
    number_row: bool
    columns: list[ColumnRole]
    from_content: bool = False        # some roles were decided from the cells' content
    why: list[str] = field(default_factory=list)   # how the roles were decided

    def cols(self, role: str) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.role == role]

    @property
    def kind(self) -> str:
        roles = {c.role for c in self.columns}
        if "activity" in roles:
            return "activities"
        if "unit" in roles and "year" in roles and not roles & {"deadline", "responsible"}:
            return "indicators"
        if "indicator" in roles and roles & {"deadline", "responsible"}:
            return "activities"
        if roles & {"deadline", "responsible"} and len(roles - {None}) >= 2:
            return "activities"
        return "other"


@dataclass
class PlanRow:
    """One activity record before normalization: the texts as printed, and where they sat."""

    table: str
    table_index: int
    row_index: int
    page: int | None
    section_no: str
    section_title: str
    item_no: str
    activity: str
    year: str
    expected_result: str
    deadline_text: str
    deadline_from_year_cell: bool
    responsible_raw: str
    report_form: str
    extra: dict = field(default_factory=dict)
    responsible_text: str = ""   # the responsible cell with its line breaks (party hints)
    section_parent: str = ""     # the heading one level up (a month above sub-sections)
    heading_month: int | None = None   # month and year set by a period heading above the row
    heading_year: int | None = None
    check: list[str] = field(default_factory=list)   # why an analyst should check the record
    boxes: list = field(default_factory=list)   # [page, x0, top, x1, bottom] of its cells (PDF)
    confidence: float | None = None   # OCR: the mean confidence of the row's cells


@dataclass
class IndicatorRow:
    """One target indicator's value for one year."""

    table_index: int
    indicator: str
    unit: str
    year: str
    value: str


# ----------------------------------------------------------------------------- header

def _grid_texts(grid: list[list[Cell | None]], r: int) -> list[str]:
    return [fold(c.text) if c else "" for c in grid[r]]


# a column line a scan's cell kept between two numbers of a number row («5 [6»: the line
# between the columns 5 and 6 not found, read as a bracket)
_LINE_READ = re.compile(r"\s*[\[\]|!]\s*|\s+")


def is_number_row(texts: list[str]) -> bool:
    """The «1 2 3 4 …» row some plans print under the header (two of its numbers in one
    cell of a scan where the line between their columns was read as «[» or «|»)."""
    cells = [t for i, t in enumerate(texts) if t and (i == 0 or t != texts[i - 1])]
    values = [v for t in cells for v in
              (_LINE_READ.split(t.strip()) if _LINE_READ.search(t.strip()) else [t]) if v]
    if len(values) < 2 or not all(INTEGER.match(t) for t in values):
        return False
    nums = [int(t.strip(" .")) for t in values]
    deduped = [n for i, n in enumerate(nums) if i == 0 or n != nums[i - 1]]
    return deduped == list(range(deduped[0], deduped[0] + len(deduped))) and deduped[0] <= 1


def _header_row_score(grid, r: int) -> int:
    roles = set()
    for cell in grid[r]:
        if cell is None:
            continue
        text = fold(cell.text)
        if YEAR_HEADER.match(text):
            roles.add("year:" + text)
            continue
        role, _ = role_of(text) if len(text) <= 120 else (None, 0)
        if role:
            roles.add(role)
    return len(roles)


def _header_like(text: str, cfg: StructureSettings) -> bool:
    """A cell that can belong to a header printed over several rows: a year, a role word,
    or a short fragment of a header split over rows («задачи,», «год»), never an item number."""
    if YEAR_HEADER.match(text) or role_of(text)[0]:
        return True
    return len(text) <= cfg.max_header_fragment and not ITEM_NO.match(text)


def full_width(row) -> bool:
    """A row of one cell across the whole table (a title typed into the table's first row)."""
    cells = {id(c): c for c in row if c is not None}
    return len(cells) == 1 and all(c is not None for c in row) and len(row) > 1 and \
        bool(next(iter(cells.values())).text.strip())


def find_header(table: Table, cfg: StructureSettings) -> tuple[int, bool]:
    """(number of header rows, whether a number row follows them); title rows across the whole
    table above the header («План мероприятий на 2024 год» typed into its first row) count
    among the header rows."""
    grid = table.grid()
    if not grid:
        return 0, False
    lead = 0                  # title rows across the whole table above its header, or empty
    while lead < min(2, table.n_rows - 1) and \
            (full_width(grid[lead]) or not any(c is not None and c.text.strip()
                                                 for c in grid[lead])) and \
            _header_row_score(grid, lead) < cfg.min_roles_for_header:
        lead += 1
    if _header_row_score(grid, lead) < cfg.min_roles_for_header:
        return 0, False
    n = lead + 1
    while n < min(table.n_rows, cfg.max_header_rows + lead):
        row = grid[n]
        texts = _grid_texts(grid, n)
        if is_number_row(texts):
            return n, True
        spanned = [c is not None and c.row < n for c in row]
        if not any(spanned):
            break
        fresh = [fold(c.text) for c, s in zip(row, spanned) if c is not None and not s]
        if not any(fresh) or not all(_header_like(t, cfg) for t in fresh if t):
            break
        n += 1
    if n < table.n_rows and is_number_row(_grid_texts(grid, n)):
        return n, True
    return n, False


def column_roles(table: Table, header_rows: int) -> list[ColumnRole]:
    """Each column's role from its header cells, lowest (most specific) cell first."""
    grid = table.grid()
    out: list[ColumnRole] = []
    for c in range(table.n_cols):
        cells: list[Cell] = []
        for r in range(header_rows):
            cell = grid[r][c]
            if cell is not None and cell not in cells and \
                    not (cell.colspan >= table.n_cols > 1 and r < header_rows - 1):
                cells.append(cell)       # (a title row across the table names no column)
        texts = [fold(cell.text) for cell in cells]
        header = " / ".join(t for t in texts if t)
        role, year = None, ""
        for text in reversed(texts):
            m = YEAR_HEADER.match(text)
            if m:
                role, year = "year", m.group(1)
                break
            role, _ = role_of(text)
            if role:
                break
        if role is None and len(texts) > 1:
            m = YEAR_HEADER.match(" ".join(texts[-2:]))   # «2017» over «год»
            if m:
                role, year = "year", m.group(1)
            else:
                role, _ = role_of(" ".join(texts))       # a header split over rows
        out.append(ColumnRole(role=role, header=header, year=year))
    _resolve_duplicates(out)
    return out


def _resolve_duplicates(columns: list[ColumnRole]) -> None:
    """Two columns with one role: the later ones become `note`, except year columns; of two
    activity columns, the one whose header says «мероприятие» (`activity_primary`) is the
    activity and one before it groups the rows (`group`); a start and an end deadline
    column make one deadline (`deadline_end`); a table with an indicator column but no
    activity column reads the indicator as activity when it also has deadlines or
    responsible parties, and an activity table's indicator column without a result column
    is its expected result."""
    seen: set[str] = set()
    roles = {c.role for c in columns}
    bounds = lexicon().get("deadline_bounds", {})
    acts = [k for k, c in enumerate(columns) if c.role == "activity"]
    primary = next((k for k in acts if _says(columns[k].header,
                                              lexicon().get("activity_primary", ()))), None)
    if len(acts) > 1 and primary is not None:
        for k in acts:
            if k < primary:
                columns[k].role = "group"     # «Задачи» | «Мероприятия»: the tasks group them
    for k, col in enumerate(columns):
        if col.role == "indicator" and "activity" not in roles and roles & {"deadline", "responsible"}:
            col.role = "activity"
        elif col.role == "indicator" and "activity" in roles and "result" not in roles and \
                "year" not in roles:
            col.role = "result"              # an activity's «Показатель»: what it should achieve
            roles.add("result")
        if col.role in (None, "year"):
            continue
        if col.role == "deadline" and k and columns[k - 1].role == "deadline" and \
                _says(columns[k - 1].header, bounds.get("start", ())) and \
                _says(col.header, bounds.get("end", ())):
            col.role = "deadline_end"       # «Сроки»: «начало» | «окончание»
            continue
        if col.role in seen:
            col.role = "note"
        seen.add(col.role)


def _period_label(header: str) -> bool:
    """A header that names a time span alone: a month, or a number with «кв.», «квартал»,
    «полугодие», … (`header_roles.yaml` `period_columns`)."""
    words = [w for w in re.split(r"[\s.,\-–]+", header.lower())
             if w and not re.fullmatch(r"(?:19|20)\d\d|г|гг|год|года", w)]   # «Сентябрь 2024 г.»
    if not words or len(words) > 3:
        return False
    months = {form.lower() for forms in month_forms().values() for form in forms}
    if len(words) == 1 and words[0] in months:
        return True
    spans = set(lexicon().get("period_columns", {}).get("words", ()))
    number = re.compile(r"^(?:[1-4]|i{1,3}|iv)(?:-?[йя])?$")
    return any(w in spans for w in words) and any(number.match(w) for w in words) \
        and all(w in spans or number.match(w) for w in words)


def ticked_columns(grid, layout: "TableLayout", start: int) -> list[tuple[int, str]]:
    """The time columns of a table ticked per row (`period_columns`): (column, its label), or
    [] when the table has none, or when a cell of theirs holds more than a tick (a column
    whose cells hold text is no tick column: their text stays where the roles put it)."""
    marks = {m.lower() for m in lexicon().get("period_columns", {}).get("marks", ())}
    out, ticks = [], 0
    for c, col in enumerate(layout.columns):
        label = col.header.split(" / ")[-1].strip()
        if col.role not in (None, "note") or not _period_label(label):
            continue
        cells = [grid[r][c] for r in range(start, len(grid)) if grid[r][c] is not None]
        texts = [fold(cell.text).lower() for cell in cells if cell.text.strip()]
        if all(t in marks for t in texts):
            out.append((c, label))
            ticks += len(texts)
    return out if len(out) >= 2 and ticks else []


def _says(header: str, words) -> bool:
    """The header names one of `words` (by lemma)."""
    found = set(lemmas(header))
    return any(w in found for word in words for w in lemmas(word))


def regular_grid(table: Table) -> Table:
    """A table whose grid is finer than its content (Word's irregular grids: one row merges
    columns 1-2, the next columns 2-3) rebuilt on its logical columns: every row holds either
    k distinct cells (k the most any row has) or one full-width cell. Tables that are not of
    that shape come back unchanged. Grid columns with no text in any of three or more rows
    (an empty strip along the table's edge that every row has as a cell of its own) are left
    out first (when the rest is irregular: a regular grid keeps its empty column, as the
    table it continues has it); in a table of one or two rows an empty cell is only that."""
    grid = table.grid()
    dead = {c for c in range(table.n_cols)
            if all(row[c] is None or not fold(row[c].text) for row in grid)} \
        if table.n_rows >= 3 else set()
    if len(dead) == table.n_cols:
        return table
    rows = [list(dict.fromkeys(c for c in row if c is not None and not
                               set(range(c.col, c.col + c.colspan)) <= dead)) for row in grid]
    k = max((len(r) for r in rows), default=0)
    if k == 0 or k >= table.n_cols - len(dead) or any(len(r) not in (1, k) for r in rows):
        return table
    made: dict[int, tuple[Cell, int]] = {}
    cells: list[Cell] = []
    for r, distinct in enumerate(rows):
        for j, old in enumerate(distinct):
            col, span = (0, k) if len(distinct) == 1 else (j, 1)
            if id(old) in made:
                cell, at = made[id(old)]
                if at != col or cell.row + cell.rowspan != r:
                    return table
                cell.rowspan += 1
                continue
            cell = replace(old, row=r, col=col, rowspan=1, colspan=span)
            made[id(old)] = (cell, col)
            cells.append(cell)
    return Table(index=table.index, cells=cells, n_rows=table.n_rows, n_cols=k,
                 page=table.page, row_pages=table.row_pages)


def layout_of(table: Table, previous: TableLayout | None = None,
              cfg: StructureSettings | None = None) -> TableLayout:
    """Header and column roles; a headerless table with the previous table's columns
    continues it; roles the header leaves open are decided from the cells' content."""
    n, number_row = find_header(table, cfg or defaults().structure)
    if n == 0 and previous is not None and len(previous.columns) == table.n_cols and not (
            table.n_rows > 1 and content_roles.header_row_by_content(
                _grid_texts(table.grid(), 0), [c.role for c in previous.columns], person_words())) \
            and not content_roles.contradicts(
                [c.role for c in previous.columns],
                content_roles.profile_columns(table.grid(), 0, table.n_cols, person_words()),
                lexicon()["content"]):
        return TableLayout(header_rows=0, number_row=False, columns=previous.columns,
                           from_content=previous.from_content, why=[_("no header: continues the previous table (same columns)")])
    columns = column_roles(table, n) if n else [ColumnRole(None, "") for _c in range(table.n_cols)]
    layout = TableLayout(header_rows=n, number_row=number_row, columns=columns,
                         why=[_("column {n}: {role} (header «{header}»)").format(
                             n=i + 1, role=c.role, header=c.header)
                              for i, c in enumerate(columns) if c.role])
    return _roles_from_content(table, layout)


def _roles_from_content(table: Table, layout: TableLayout) -> TableLayout:
    """Fill the roles an activity table still lacks from what its cells hold."""
    roles = [c.role for c in layout.columns]
    if table.n_cols < 2 or "year" in roles or {"activity", "deadline", "responsible"} <= set(roles):
        return layout
    if table.n_rows < 2 or _approval_block(table):
        return layout                    # a text box, an approval block: `not_a_plan`
    settings = lexicon()["content"]
    words = person_words()
    grid = table.grid()
    start = layout.header_rows + (1 if layout.number_row else 0)
    profiles = content_roles.profile_columns(grid, start, table.n_cols, words)
    if any(_weekday_share(grid, start, p.col) >= 0.5 for p in profiles):
        return layout                    # a timetable: `not_a_plan` says so
    filled, why = content_roles.fill_roles(roles, profiles, settings)
    if not why or "activity" not in filled:
        return layout
    header_rows = layout.header_rows
    if header_rows == 0 and table.n_rows > 1 and content_roles.header_row_by_content(
            _grid_texts(grid, 0), filled, words):
        header_rows = 1
        why.append(_("row 1 taken as the header: its cells do not read as the column's content"))
    columns = [ColumnRole(role, c.header) if c.role is None else c
               for role, c in zip(filled, layout.columns)]
    if header_rows != layout.header_rows:
        columns = [ColumnRole(c.role, fold(grid[0][i].text) if grid[0][i] else "")
                   for i, c in enumerate(columns)]
    return TableLayout(header_rows=header_rows, number_row=layout.number_row, columns=columns,
                       from_content=True, why=layout.why + why)


def _approval_block(table: Table) -> bool:
    """The table's first row has a cell opening with an approval stamp word («УТВЕРЖДАЮ»,
    «СОГЛАСОВАНО»: header_roles.yaml `approval_stamp`)."""
    stamps = tuple(lexicon()["approval_stamp"])
    return any(fold(c.text).lower().lstrip("«\"“ ").startswith(stamps)
               for c in table.cells if c.row == 0)


@functools.lru_cache(maxsize=1)
def person_words() -> frozenset[str]:
    """Lemmas that open a responsible cell (header_roles.yaml, content.person_words)."""
    return frozenset(lemma(w) for w in lexicon()["content"]["person_words"])


# ----------------------------------------------------------------------------- body rows

def parse_section(text: str) -> tuple[str, str]:
    """«Направление №3: Разработка …» → ('3', 'Разработка …'); no number → ('', text)."""
    text = fold(text)
    m = SECTION.match(text)
    prefixes = lexicon()["section_prefixes"]
    if m:
        prefix = (m.group("prefix") or "").lower()
        if not prefix or lemma(prefix) in prefixes:
            return m.group("no"), m.group("title").strip()
    words = text.split(" ", 1)
    if len(words) == 2 and lemma(words[0]) in prefixes:
        return "", words[1].lstrip("№:.– ").strip()
    return "", text


def classify_row(grid, r: int, layout: TableLayout, header_keys: list[list[str]],
                 cfg: StructureSettings) -> str:
    """'section', 'data', 'header' (a header printed again), 'number', 'total', 'filler' or 'empty'."""
    row = grid[r]
    texts = _grid_texts(grid, r)
    if not any(texts):
        return "empty"
    if texts in header_keys:
        return "header"
    if is_number_row(texts):
        return "number"
    if not any(re.search(r"\w", t) for t in texts):
        return "filler"          # «…», «—», «-»: nothing to read
    distinct = []
    for cell in row:
        if cell is not None and cell not in distinct:
            distinct.append(cell)
    first = next((t for t in (fold(c.text) for c in distinct) if t and not INTEGER.match(t)), "")
    if r == layout.header_rows + (1 if layout.number_row else 0) and _lone_fragment(texts, cfg):
        return "header"          # the last words of a header the page break cut («участников»)
    if TOTAL.match(first):
        return "total"           # «Итого», «Всего по …»: a total, not an activity
    if len(distinct) == 1 and len(row) > 1:
        return "section"
    fresh = [c for c in distinct if c.row == r and fold(c.text)]
    if _across_roles(row, layout):
        return "section"         # one cell across the activity, deadline and responsible
    roles = {c: (layout.columns[c.col].role if c.col < len(layout.columns) else None) for c in fresh}
    if len(fresh) == 1 and len(row) >= 3:
        cell = fresh[0]
        text = fold(cell.text)
        covered = cell.colspan >= max(2, len(row) - 2)
        role = roles[cell]
        if covered or (cell.bold and role in ("activity", "number", None) and not _is_continued(grid, r)):
            return "section"
        if role == "number" and SECTION.match(text) and not ITEM_NO.match(text):
            return "section"
    if len(fresh) == 2 and len(row) >= 4 and sorted(map(str, roles.values())) == ["activity", "number"] \
            and not _is_continued(grid, r):
        number = next(fold(c.text) for c in fresh if roles[c] == "number")
        title = next(c for c in fresh if roles[c] == "activity")
        if _is_section_number(grid, r, layout, number, title.bold):
            return "section"
    return "data"


def _across_roles(row, layout: TableLayout) -> bool:
    """One cell of text under the activity, the deadline and the responsible headers alike:
    a heading merged across the table's columns, whatever stands in cells of no role beyond
    them (a real Word row had one more cell past the header's last column). A cell of text
    under another role's header (the result beside «Июнь Итоги …» merged over the others)
    makes it a row of data."""
    cols = layout.cols("activity") + layout.cols("deadline") + layout.cols("responsible")
    if not layout.cols("activity") or len(cols) < 2:
        return False
    cells = {id(row[c]): row[c] for c in cols if c < len(row)}
    if len(cells) != 1 or any(c >= len(row) or row[c] is None for c in cols):
        return False
    cell = next(iter(cells.values()))
    others = {id(x): x for x in row if x is not None and x is not cell and fold(x.text)}
    if any(layout.columns[x.col].role not in (None, "note")
           for x in others.values() if x.col < len(layout.columns)):
        return False
    return cell.rowspan == 1 and bool(fold(cell.text))


TOTAL = re.compile(r"^(итого|всего)\b", re.I)


def _lone_fragment(texts: list[str], cfg: StructureSettings) -> bool:
    """A row whose only text is a short lowercase fragment: words a page break cut off the
    header or off a cell of the row above."""
    found = [t for t in dict.fromkeys(texts) if t]
    return len(found) == 1 and found[0][0].islower() and \
        len(found[0]) <= cfg.max_header_fragment and period_of(found[0]) is None
    # («август - сентябрь» at the top of a table is a month heading, not a fragment)


def _is_section_number(grid, r: int, layout: TableLayout, number: str, bold: bool) -> bool:
    """A row with only a number and a title is a section heading when it is bold, or when
    the item numbers below it extend its number («1.» over «1.1», «1.2»)."""
    m = re.fullmatch(r"(\d+|[IVXLC]+)\.?", number)
    if not m:
        return False
    if bold:
        return True
    cols = layout.cols("number")
    for below in range(r + 1, min(r + 4, len(grid))):
        cell = grid[below][cols[0]] if cols else None
        text = fold(cell.text) if cell is not None and cell.row == below else ""
        if text:
            return text.startswith(m.group(1) + ".") and len(text.rstrip(".")) > len(m.group(1))
    return False


def _is_continued(grid, r: int) -> bool:
    """Some cell of row r is a vertical merge that started above."""
    return any(c is not None and c.row < r for c in grid[r])


def _same_header(a: TableLayout, b: TableLayout | None) -> bool:
    """Two tables printed under the same header (roles and wording, column for column)."""
    return b is not None and a.header_rows > 0 and len(a.columns) == len(b.columns) and \
        all(x.role == y.role and fold(x.header) == fold(y.header)
            for x, y in zip(a.columns, b.columns))


def _continues_caption(caption: str) -> bool:
    """No caption, or one that says the table goes on («Продолжение таблицы 2»)."""
    words = caption.lower().split()
    return not words or words[0].strip(".:") in lexicon().get("continuation_captions", [])


def _caption_before(blocks: list, index: int) -> str:
    for block in reversed(blocks[:index]):
        if isinstance(block, Paragraph):
            return fold(block.text)
        break
    return ""


def table_id(layout: TableLayout, caption: str, used: set[str]) -> str:
    """`plan`, `control_points`, `mechanisms`, … (rules in header_roles.yaml)."""
    activity_header = " ".join(layout.columns[c].header for c in layout.cols("activity"))
    header_lemmas, caption_lemmas = set(lemmas(activity_header)), set(lemmas(caption))
    chosen = "plan"
    for rule in lexicon()["table_ids"]:
        for key, found in (("header", header_lemmas), ("caption", caption_lemmas)):
            for phrase in rule.get(key, []):
                if all(w in found for w in lemmas(phrase)):
                    chosen = rule["id"]
                    break
            if chosen != "plan":
                break
        if chosen != "plan":
            break
    base, k = chosen, 2
    while chosen in used:
        chosen = f"{base}_{k}"
        k += 1
    used.add(chosen)
    return chosen


def _item_no(text: str) -> str:
    # A PDF cell with its printed lines known arrives as paragraphs (model.paragraphs_of joins
    # «3.» ⏎ «4»); this serves cells read without them (OCR, text grids)
    lines = (text or "").split()      # (each line a number with its dot: several numbers)
    if "\n" in (text or "").strip() and all(re.fullmatch(r"[\d.]+", w) for w in lines) and \
            not all(w.endswith(".") for w in lines) and ITEM_NO.match("".join(lines)):
        text = "".join(lines)         # «1.» / «1» printed over two lines of a narrow column: «1.1»
    text = fold(text)
    m = ITEM_NO.match(text)
    if m:
        return m.group(1) or m.group(2)
    return text.rstrip(".")


ROW_KINDS = ("record", "header", "number", "section", "total", "empty", "filler",
             "continuation", "no_activity", "indicator", "not_plan", "unplaced")


@dataclass
class RowOutcome:
    """What became of one table row: a record, or why not (`kind` from ROW_KINDS)."""

    table: int          # 1-based table number in the document
    row: int            # 0-based grid row
    kind: str
    reason: str = ""
    text: str = ""


@dataclass
class Carry:
    """What a table passes on to the table that continues it: the headings in force and the
    records of its last data row (a row cut by the page break goes on in the next table)."""

    section: SectionState = field(default_factory=SectionState)
    last_group: list = field(default_factory=list)


def _row_text(grid, r: int) -> str:
    return " | ".join(t for t in dict.fromkeys(_grid_texts(grid, r)) if t)[:200]


def _section_of_row(grid, r: int) -> tuple[str, str]:
    """Number and title of a heading row (a «Цель: …» paragraph under it dropped)."""
    cells = [c for c in dict.fromkeys(x for x in grid[r] if x) if fold(c.text)]
    texts = [fold(c.text) for c in cells]
    if len(texts) == 2 and re.fullmatch(r"(\d+|[IVXLC]+)\.?", texts[0]):
        no, title = texts[0].rstrip("."), clean_title(cells[1].text)
        return no, title
    no, title = parse_section(" ".join(texts) if len(texts) > 1 else cells[0].text)
    if len(cells) == 1:
        title = parse_section(clean_title(cells[0].text))[1] or title
    if not no and any(c.confidence is not None for c in cells):
        m = OCR_ROMAN_HEADING.match(title)
        roman = m and roman_of(m.group("no"))   # «П» → II, «УТ» → VI; not digits alone
        if roman:
            return roman, m.group("title")
    return no, title


# a short token, a full stop or bracket, and a capitalised title: «П. Мероприятия …»
OCR_ROMAN_HEADING = re.compile(r"^(?P<no>[^\s.)]{1,4})\s*[.)]\s*(?P<title>[А-ЯЁ].*)$", re.S)


def _roman_sections(rows: list[PlanRow]) -> None:
    """«1», «11», «111» under OCR'd headings are I, II, III where the plan's other OCR'd
    heading numbers are Roman (the `rus` model reads a Roman I as «1»), and only where no
    other Arabic number is among them. Before that, an OCR'd № cell that is a Roman number
    as the `rus` model prints it (lookalikes.yaml, `roman`: «ш», «п», «ГУ» for the III, II,
    IV of a plan's № column, whose case `fix_case` may have lowered) becomes that number,
    as section number and as item number, where the document's other OCR'd numbers say so:
    one of them is a Roman number or a lookalike of two letters or more («ГУ»), and none is
    a letter that reads as no Roman number (a list lettered «а», «б», «в», «г» keeps its
    «г»)."""
    fields = ("section_no", "item_no")
    tokens = {v for r in rows if r.confidence is not None for v in (getattr(r, f) for f in fields)
              if v and len(v) <= 4 and not v.isdigit() and re.fullmatch(r"[^\W\d_]+", v)}
    lookalike = {v: roman_of(v.upper()) for v in tokens if not ROMAN.match(v)}
    if tokens and all(lookalike.values()) and \
            any(ROMAN.match(v) or len(v) >= 2 for v in tokens):
        for r in rows:
            for f in fields:
                if r.confidence is not None and lookalike.get(getattr(r, f)):
                    setattr(r, f, lookalike[getattr(r, f)])
    numbers = {r.section_no for r in rows if r.confidence is not None and r.section_no}
    if not any(ROMAN.match(n) for n in numbers):
        return
    ones = {n for n in numbers if ones_as_roman(n)}
    if not ones or any(not ROMAN.match(n) and n not in ones for n in numbers):
        return
    for r in rows:
        if r.confidence is not None and r.section_no in ones:
            r.section_no = ones_as_roman(r.section_no)


def rows_of(table: Table, layout: TableLayout, tid: str, carry: Carry | None = None,
            cfg: StructureSettings | None = None) -> tuple[list[PlanRow], Carry, list[RowOutcome]]:
    """Data rows of an activity table as PlanRows, with the headings in force carried down
    (from `carry` when the table continues an earlier one); what it passes on to a table
    that continues it; and the outcome of every row of the table."""
    carry = carry or Carry()
    cfg = cfg or defaults().structure
    grid = table.grid()
    header_keys = [_grid_texts(grid, r) for r in range(layout.header_rows)]
    start = layout.header_rows + (1 if layout.number_row else 0)
    cols = {role: layout.cols(role) for role in
            ("number", "activity", "deadline", "responsible", "result", "report_form")}
    year_cols = layout.cols("year")
    end_cols = layout.cols("deadline_end")
    group_cols = layout.cols("group")
    ticked = ticked_columns(grid, layout, start)
    state, last_group = carry.section, carry.last_group
    out: list[PlanRow] = []
    outcomes = [RowOutcome(table.index + 1, r, "header") for r in range(layout.header_rows)]
    if layout.number_row:
        outcomes.append(RowOutcome(table.index + 1, layout.header_rows, "number"))
    checks = [_("column roles decided from content")] if layout.from_content else []
    for r in range(layout.header_rows - 1):   # a numbered section heading above the header
        if full_width(grid[r]) and _section_of_row(grid, r)[0]:
            state = enter(state, *_section_of_row(grid, r))

    number_span = _header_span(grid, layout, cols["number"])
    spans = {role: _header_span(grid, layout, c) for role, c in cols.items()}

    def number_cell(r: int) -> Cell | None:
        """The № cell of row r: under a № header that spans several grid columns holding
        different cells («I четверть» | «1»), the one that reads as an item number."""
        cells = list(dict.fromkeys(grid[r][c] for c in number_span if grid[r][c] is not None))
        if len(cells) > 1 and not ITEM_NO.match(cells[0].text):
            return next((cell for cell in cells[1:] if ITEM_NO.match(cell.text)), cells[0])
        return cells[0] if cells else None

    def cell_at(r: int, role: str) -> Cell | None:
        """The cell of row r under the role's header. A cell reaching in from the left (a
        Word row whose deadline cell is a little wider than the «Сроки» header above it)
        belongs to the column it starts in: the cell that starts under this header is
        taken instead, when there is one."""
        if role == "number" and len(number_span) > 1:
            return number_cell(r)
        span = spans[role]
        cells = list(dict.fromkeys(grid[r][c] for c in span if grid[r][c] is not None))
        if len(cells) > 1 and cells[0].col < span[0]:
            own = next((cell for cell in cells[1:] if cell.col >= span[0]), None)
            if own is not None:
                return own
        return cells[0] if cells else None

    def text_at(r: int, role: str) -> str:
        cell = cell_at(r, role)
        text = cell.text if cell is not None else ""
        if role == "deadline" and end_cols:       # a start column and an end column
            end = grid[r][end_cols[0]]
            end_text = end.text.strip() if end is not None and end is not cell else ""
            text = f"{text.strip()} – {end_text}" if text.strip() and end_text else \
                text or end_text
        if role == "deadline" and ticked and not text.strip():
            text = "; ".join(label for c, label in ticked
                             if grid[r][c] is not None and grid[r][c].text.strip())
        return text

    def paragraphs_at(r: int, role: str, sure: bool = False) -> str | None:
        """A PDF cell's text one paragraph a line (`paragraphs_of`), None when not known."""
        cell = cell_at(r, role)
        return paragraphs_of(cell, sure) if cell is not None else None

    def positioned_at(r: int, role: str) -> str | None:
        """A PDF cell's printed lines at their heights (`lines_at_positions`)."""
        cell = cell_at(r, role)
        return lines_at_positions(cell) if cell is not None else None

    for r in range(start, table.n_rows):
        kind = classify_row(grid, r, layout, header_keys, cfg)
        outcome = RowOutcome(table.index + 1, r, kind, text=_row_text(grid, r))
        outcomes.append(outcome)
        if kind == "header" and r == start and last_group and _lone_fragment(_grid_texts(grid, r), cfg):
            append_continuation(last_group, grid, r, layout)   # the rest of a cell of the row
            outcome.kind = "continuation"                      # the page break cut
            continue
        if kind == "section":
            state = enter(state, *_section_of_row(grid, r))
            continue
        if kind != "data":
            continue
        if last_group and (is_continuation_row(grid, r, layout) or
                           _closes_open_text(last_group[-1].activity, grid, r, layout)):
            append_continuation(last_group, grid, r, layout)
            outcome.kind = "continuation"
            continue
        page = table.source_page(r)
        used = {id(cell) for cell in (cell_at(r, role) for role in cols) if cell is not None}
        used |= {id(grid[r][c]) for c, _label in ticked if grid[r][c] is not None}
        extra = _extra_of(grid, r, layout, number_span, text_at(r, "number"), used)
        group = grid[r][group_cols[0]] if group_cols and not state.title else None
        base = dict(table=tid, table_index=table.index, row_index=r, page=page,
                    section_no=state.no,
                    section_title=fold(group.text) if group is not None else state.title,
                    section_parent=state.parent, heading_month=state.month,
                    heading_year=state.year, extra=extra, boxes=row_boxes(grid, r),
                    confidence=mean_confidence(grid[r]))
        if year_cols:
            made = _year_rows(grid, r, layout, base, text_at, list(checks))
        else:
            made = _plain_rows(base, {role: text_at(r, role) for role in cols}, list(checks),
                               {role: paragraphs_at(r, role) for role in cols},
                               {role: paragraphs_at(r, role, sure=True) for role in cols},
                               {role: positioned_at(r, role) for role in cols})
        if not made:
            outcome.kind, outcome.reason = "no_activity", _("the activity cell is empty")
            continue
        outcome.kind = "record"
        out.extend(made)
        last_group = made
    return out, Carry(state, last_group), outcomes


def _header_span(grid, layout: TableLayout, cols: list[int]) -> list[int]:
    """The grid columns under the lowest header cell over the first of `cols` (a merged
    header over a Word grid finer than the rows: «№ п/п» over three columns)."""
    if not cols or layout.header_rows == 0:
        return cols
    cell = grid[layout.header_rows - 1][cols[0]]
    if cell is None or cell.colspan <= 1:
        return cols
    return list(range(cell.col, cell.col + cell.colspan))


def _extra_of(grid, r: int, layout: TableLayout, number_span: list[int],
              number: str, used: set[int] = frozenset()) -> dict[str, str]:
    """The texts of row r's note columns and columns of no role, by their headers: each
    cell once, none that gave the item number or another role its text (`used`: their
    ids), and a cell under the № header that did not read as one kept."""
    extra: dict[str, str] = {}
    seen: set[int] = set(used)
    for c in sorted(set(layout.cols("note")) | set(layout.cols(None)) | set(number_span)):
        cell = grid[r][c]
        if cell is None or id(cell) in seen or not fold(cell.text):
            continue
        seen.add(id(cell))
        if c in number_span and cell.text == number:
            continue
        key = layout.columns[c].header or f"col{c + 1}"
        extra[key] = "; ".join(t for t in (extra.get(key), fold(cell.text)) if t)
    return extra


def _year_rows(grid, r: int, layout: TableLayout, base: dict, text_at, checks) -> list[PlanRow]:
    """A year-column row: one record per non-empty year cell (none without an activity)."""
    activity = fold(text_at(r, "activity"))
    if not activity:
        return []
    made, seen = [], set()
    for c in layout.cols("year"):
        cell = grid[r][c]
        if cell is None or id(cell) in seen or not fold(cell.text):
            continue
        seen.add(id(cell))
        deadline = text_at(r, "deadline")
        item_no, act = _item_and_activity(text_at(r, "number"), activity)
        made.append(PlanRow(**base, item_no=item_no, activity=act,
                            responsible_raw=fold(text_at(r, "responsible")),
                            responsible_text=text_at(r, "responsible"),
                            report_form=fold(text_at(r, "report_form")),
                            year=layout.columns[c].year, expected_result=fold(cell.text),
                            deadline_text=deadline if deadline else cell.text,
                            deadline_from_year_cell=not deadline, check=list(checks)))
    return made


def _item_and_activity(number: str, activity: str) -> tuple[str, str]:
    """The item number (the № cell, else a number printed at the start of the activity)
    and the activity without that number."""
    item_no = _item_no(number)
    activity = fold(activity)
    if not item_no:
        lead = leading_number(activity)
        if lead:
            return lead[0], fold(lead[1])
    return item_no, activity


def _plain_rows(base: dict, texts: dict[str, str], checks: list[str],
                paragraphs: dict[str, str | None] | None = None,
                lines: dict[str, str | None] | None = None,
                positioned: dict[str, str | None] | None = None) -> list[PlanRow]:
    """A row of a table without year columns: one record, or one per numbered activity of
    a cell holding several; none when the activity cell is empty. A PDF's cells are cut
    into activities by their `paragraphs` (the printed lines joined where the text only
    wrapped, as the Word file it was printed from has them), or by their `lines` (joined
    only where they surely go on) when those count right, or by the `positioned` lines
    beside the numbers of the № cell, where known."""
    known = {role: text for role, text in (paragraphs or {}).items() if text is not None}
    paragraphs = {role: known.get(role, text) for role, text in texts.items()}
    printed = {role: (lines or {}).get(role) or text for role, text in texts.items()}
    at = {role: text for role, text in (positioned or {}).items() if text is not None}
    pieces = split_row(paragraphs, printed if known else None, at or None)
    if pieces is None:
        if not fold(texts["activity"]):
            return []
        item_no, activity = _item_and_activity(paragraphs["number"], texts["activity"])
        return [_plan_row(base, texts, item_no, activity, checks)]
    made = []
    for piece in pieces:
        if not fold(piece.texts["activity"]):
            continue
        row_base = dict(base)
        if piece.heading:
            row_base.update(section_no=_item_no(texts["number"]), section_title=fold(piece.heading))
        check = list(checks) + [_("several activities in one cell")]
        if piece.whole:
            check.append(_("cells given whole to each activity: {roles}").format(
                roles=", ".join(piece.whole)))
        made.append(_plan_row(row_base, {**paragraphs, **piece.texts}, piece.item_no,
                              fold(piece.texts["activity"]), check))
    return made


def _plan_row(base: dict, texts: dict[str, str], item_no: str, activity: str,
              checks: list[str]) -> PlanRow:
    return PlanRow(**base, item_no=item_no, activity=activity,
                   responsible_raw=fold(texts["responsible"]),
                   responsible_text=texts["responsible"],
                   report_form=fold(texts["report_form"]), year="",
                   expected_result=fold(texts["result"]), deadline_text=texts["deadline"],
                   deadline_from_year_cell=False, check=checks)


def row_boxes(grid, r: int) -> list[list]:
    """[page, x0, top, x1, bottom] of the cells of grid row `r` that know their box."""
    return [[c.page, *c.bbox] for c in dict.fromkeys(x for x in grid[r] if x is not None)
            if getattr(c, "bbox", None)]


def is_continuation_row(grid, r: int, layout: TableLayout) -> bool:
    """A row that only carries the rest of the row above: its activity is a fresh cell that
    goes on in lowercase, and it has no number of its own (a cell text cut into rows)."""
    act_cols = layout.cols("activity")
    if not act_cols:
        return False
    act = grid[r][act_cols[0]]
    text = fold(act.text) if act is not None and act.row == r else ""
    if not text or not (text[0].islower() or text[0] in ",;:)»"):
        return False
    num_cols = layout.cols("number")
    if num_cols:
        num = grid[r][num_cols[0]]
        return num is None or num.row < r or not fold(num.text)
    return all(c is None or c is act or c.row < r or not fold(c.text)
               or not fold(c.text)[0].isupper() for c in grid[r])   # the other cells go on too


def _closes_open_text(previous: str, grid, r: int, layout: TableLayout) -> bool:
    """A row whose activity closes a bracket or quote the row above left open
    («… (Фотовыставка» / ««Город у моря»)»), with nothing in its other cells: the rest of
    that row, cut by a page break."""
    if previous.count("(") <= previous.count(")") and previous.count("«") <= previous.count("»"):
        return False
    act_cols = layout.cols("activity")
    act = grid[r][act_cols[0]] if act_cols else None
    if act is None or act.row != r or not fold(act.text):
        return False
    return all(c is None or c is act or c.row < r or not fold(c.text) for c in grid[r])


def append_continuation(group: list[PlanRow], grid, r: int, layout: TableLayout) -> None:
    """Add the fragments of a continuation row to the records of the row above."""
    def fresh(role: str) -> str:
        for c in layout.cols(role):
            cell = grid[r][c]
            if cell is not None and cell.row == r:
                return cell.text
        return ""

    for rec in group:
        rec.boxes = rec.boxes + row_boxes(grid, r)
        rec.activity = _joined_text(rec.activity, fresh("activity"))
        extra = fresh("responsible")
        if extra.strip():
            rec.responsible_text = rec.responsible_text + "\n" + extra
            rec.responsible_raw = fold(rec.responsible_text)
        extra = fresh("report_form")
        if extra.strip():
            rec.report_form = fold(rec.report_form + " " + extra)
        if not rec.year:
            extra = fresh("result")
            if extra.strip():
                rec.expected_result = fold(rec.expected_result + " " + extra)
            extra = fresh("deadline")
            if extra.strip():
                rec.deadline_text = rec.deadline_text + "\n" + extra


def _joined_text(text: str, more: str) -> str:
    """A cell's text and the fragment a row break cut off it: a line break marked as a
    possible in-word cut (`join_broken_words` lets the dictionary decide:
    «оздоровительны» + «х» → «оздоровительных», «культуры и» + «спорта» stay apart)."""
    if text and more and text[-1].isalpha() and more.lstrip()[:1].islower():
        return fold(join_broken_words(text + "\n" + more.lstrip(), cuts=(len(text),)))
    return fold(text + "\n" + more)     # «физкультурно-⏎оздоровительных» joins as a wrap


def indicators_of(table: Table, layout: TableLayout) -> list[IndicatorRow]:
    """One IndicatorRow per indicator and year column of a target-indicator table."""
    grid = table.grid()
    start = layout.header_rows + (1 if layout.number_row else 0)
    name_cols = layout.cols("indicator") or [i for i, c in enumerate(layout.columns) if c.role is None][:1]
    unit_cols = layout.cols("unit")
    out: list[IndicatorRow] = []
    for r in range(start, table.n_rows):
        name_cell = grid[r][name_cols[0]] if name_cols else None
        name = fold(name_cell.text) if name_cell else ""
        if not name:
            continue
        unit = fold(grid[r][unit_cols[0]].text) if unit_cols and grid[r][unit_cols[0]] else ""
        for c in layout.cols("year"):
            cell = grid[r][c]
            value = fold(cell.text) if cell else ""
            if value:
                out.append(IndicatorRow(table.index, name, unit, layout.columns[c].year, value))
    return out


@dataclass
class DocumentStructure:
    """Everything the structure stage found in one document."""

    rows: list[PlanRow]
    indicators: list[IndicatorRow]
    layouts: list[TableLayout]
    skipped_tables: list[str]
    tables: list[Table] = field(default_factory=list)   # every table as read (see read_table)
    outcomes: list[RowOutcome] = field(default_factory=list)   # one per table row
    explain: list[str] = field(default_factory=list)           # how each table was read

    def row_counts(self) -> dict[str, int]:
        """Table rows per outcome kind, in ROW_KINDS order (kinds with no row left out)."""
        counts = {k: 0 for k in ROW_KINDS}
        for o in self.outcomes:
            counts[o.kind] += 1
        return {k: v for k, v in counts.items() if v}

    @property
    def unplaced(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.kind == "unplaced"]


def read_table(table: Table, doc_format: str, romans: dict[str, str] | None = None) -> Table:
    """An extracted table as the structure stage reads it: on its logical grid, and with the
    words the extractor found possibly cut at a line end joined where the dictionary says
    so; an OCR'd first-column cell that is a Roman number as the `rus` model prints it
    takes that number (`romans`, from `ocr_roman_numbers`). A new Table: the extractor's is
    left as it was."""
    regular = regular_grid(table)
    # a PDF grid comes from ruling lines that stop short, and so does a scan's, whichever
    # file its pages came in (a Word file of page pictures: its cells carry OCR's
    # confidence); Word's own grid is real
    if regular is table and (doc_format == "pdf" or
                             any(c.confidence is not None for c in table.cells)):
        regular = logical_table(table)
    cells = [replace(c, text=_roman_cell_text(drop_soft_hyphens(join_broken_words(c.text, c.cuts)),
                                              c, romans), cuts=())
             for c in regular.cells]
    return replace(regular, cells=cells, row_pages=list(regular.row_pages))


# a № cell's text: a short run of letters, maybe with a full stop or bracket («ш», «ТУ.»)
_NUMBER_TOKEN = re.compile(r"([^\W\d_]{1,4})([.)]?)")


def _roman_cell_text(text: str, cell: Cell, romans: dict[str, str] | None) -> str:
    if not romans or cell.confidence is None or cell.col != 0:
        return text
    m = _NUMBER_TOKEN.fullmatch(text.strip())
    return romans[m.group(1)] + m.group(2) if m and m.group(1) in romans else text


def ocr_roman_numbers(doc: Document) -> dict[str, str]:
    """The Roman numbers of a scanned plan's № column as the `rus` model prints them
    («ш», «ТУ», «п»: lookalikes.yaml, `roman`) → the numbers, decided over the document's
    OCR'd first-column cells that are a short word of letters alone, by the rule
    `_roman_sections` applies to the heading numbers: every such cell reads as a Roman
    number, and one of them is one already or a lookalike of two letters or more (a list
    lettered «а», «б», «в», «г» keeps its «г»). Read before the column roles are judged: a
    table that goes on from the page before without a header has only its cells to tell
    its № column by (born-digital «III», «IV» are item numbers; «ш», «ту» are not)."""
    tokens = set()
    for block in doc.blocks:
        if isinstance(block, Table):
            for c in block.cells:
                if c.confidence is not None and c.col == 0 and \
                        (m := _NUMBER_TOKEN.fullmatch(c.text.strip())):
                    tokens.add(m.group(1))
    lookalike = {v: v if ROMAN.match(v) else roman_of(v.upper()) for v in tokens}
    if not tokens or not all(lookalike.values()) or \
            not any(ROMAN.match(v) or len(v) >= 2 for v in tokens):
        return {}
    return {v: r for v, r in lookalike.items() if v != r}


def structure(doc: Document, settings: StructureSettings | None = None) -> DocumentStructure:
    """Document → plan rows and indicator rows for every table it has, and the outcome of
    every table row (header knobs: `settings`, default extractors/settings.yaml). The
    Document is not changed: the tables as read are in `tables`."""
    settings = settings or defaults().structure
    found = DocumentStructure(rows=[], indicators=[], layouts=[], skipped_tables=[])
    used_ids: set[str] = set()
    previous: TableLayout | None = None
    previous_id = ""
    carry = Carry()
    romans = ocr_roman_numbers(doc)
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, Table):
            continue
        block = read_table(block, doc.format, romans)
        found.tables.append(block)
        layout = layout_of(block, previous if previous and previous.kind != "other" else None,
                           settings)
        found.layouts.append(layout)
        kind = layout.kind
        found.explain.append(_("table {n} ({rows}×{cols}): {kind}").format(
            n=block.index + 1, rows=block.n_rows, cols=block.n_cols, kind=kind)
            + "; " + "; ".join(layout.why))
        if kind == "indicators":
            found.indicators.extend(indicators_of(block, layout))
            found.outcomes.extend(RowOutcome(block.index + 1, r, "indicator")
                                  for r in range(block.n_rows))
        elif kind == "activities":
            if previous_id and (layout.header_rows == 0 or (
                    _same_header(layout, previous) and
                    _continues_caption(_caption_before(doc.blocks, i)))):
                tid = previous_id  # a table continuing the previous one: no header of its
                                   # own, or the same header again with no caption
            else:
                tid = table_id(layout, _caption_before(doc.blocks, i), used_ids)
                carry = Carry()
            table_rows, carry, outcomes = rows_of(block, layout, tid, carry, settings)
            found.rows.extend(table_rows)
            found.outcomes.extend(outcomes)
            previous_id = tid
        else:
            reason, placed = not_a_plan(block, layout)
            found.skipped_tables.append(_("table {n}: {reason}").format(n=block.index + 1, reason=reason))
            found.outcomes.extend(_skipped_rows(block, "not_plan" if placed else "unplaced", reason))
        previous = layout
    _roman_sections(found.rows)
    return found


def _skipped_rows(table: Table, kind: str, reason: str) -> list[RowOutcome]:
    grid = table.grid()
    return [RowOutcome(table.index + 1, r, kind if any(_grid_texts(grid, r)) else "empty",
                       reason, _row_text(grid, r)) for r in range(table.n_rows)]


def not_a_plan(table: Table, layout: TableLayout) -> tuple[str, bool]:
    """Why a table is not read as a plan, and whether that is certain (False: it looks like a
    plan the pipeline could not read: its rows are counted as not placed)."""
    grid = table.grid()
    roles = {c.role for c in layout.columns}
    if table.n_cols < 2 or table.n_rows < 2:
        return _("a text box, not a plan table"), True
    if "year" in roles and "activity" not in roles:
        return _("values by year (funding or indicators without a name column), not activities"), True
    start = layout.header_rows + (1 if layout.number_row else 0)
    words = person_words()
    profiles = content_roles.profile_columns(grid, start, table.n_cols, words)
    if any(_weekday_share(grid, start, p.col) >= 0.5 for p in profiles):
        return _("a timetable (days of the week), not a plan"), True
    settings = lexicon()["content"]
    # a plan has dates: a column whose cells read as deadlines (names beside text alone are
    # a list of staff, a programme of clubs, …)
    dated = any(p.cells >= 2 and p.deadline >= 0.5 for p in profiles)
    text = [p for p in profiles if layout.columns[p.col].role is None and p.cells >= 2
            and p.deadline < 0.5 and p.person < 0.5 and p.numeric < 0.5
            and p.mean_len >= settings["activity_min_len"]]
    if dated and text:
        return _("looks like a plan, but no activity column was recognised"), False
    if dated or roles & {"deadline", "responsible"}:
        return _("no activity text: a list of names, dates or values, not a plan"), True
    return _("no activity, deadline or responsible column recognised"), True


def _weekday_share(grid, start: int, col: int) -> float:
    days = set(lexicon()["weekdays"])
    texts = [fold(grid[r][col].text) for r in range(start, len(grid))
             if grid[r][col] is not None and fold(grid[r][col].text)]
    if not texts:
        return 0.0
    return sum(bool(re.findall(r"[А-Яа-яЁё]+", t)) and lemma(re.findall(r"[А-Яа-яЁё]+", t)[0]) in days
               for t in texts) / len(texts)
