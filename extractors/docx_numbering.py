"""Word's automatic list numbering: the label Word shows before a paragraph («1.», «2.1.», «IV.»).

A DOCX does not store the numbers Word shows in front of list paragraphs: a paragraph only
says «list `numId`, level `ilvl`» (`w:numPr`, directly or through its paragraph style), and
Word counts. python-docx does not count, so a № column numbered automatically reads as empty.
This module counts the way Word does, over every paragraph of the main text in document order
(body paragraphs, table cells, nested tables: one counter per list, shared by every paragraph
of that list wherever it stands):

- `w:num` → `w:abstractNum` (one indirection through `w:numStyleLink` → the style's list);
  `w:lvlOverride` replaces a level (`w:lvl`) or its start (`w:startOverride`);
- level fields: `w:start` (absent: 0, as ECMA-376 says), `w:numFmt` (decimal, decimalZero,
  upper/lowerRoman, upper/lowerLetter, russianUpper/Lower; other number formats fall back to
  decimal), `w:lvlText` («%1.%2.» takes each level's current value in that level's format),
  `w:lvlRestart` (default: a level restarts whenever a higher level appears; 0 = never),
  `w:isLgl` (every %N in decimal), `w:suff` (tab / space / nothing after the label);
- the list a paragraph belongs to: `w:numPr` of the paragraph, else of its style (and the
  styles it is based on); a style's list without `w:ilvl` takes the level whose `w:pStyle`
  names the style; `w:numId` 0 switches numbering off;
- counters: the `w:num` instances of one `w:abstractNum` share one set of counters and
  continue one another; an instance's `w:startOverride` restarts that level where the
  instance is first used (how Word writes «restart numbering»; counted as LibreOffice does,
  which is also what its .doc → .docx conversion relies on);
- an empty paragraph that carries a list number still shows and counts it (the usual № cell);
- a higher level shown before any paragraph used it («1.1.» first) shows its start value and
  counts as used (the next paragraph of that level is «2.»), as LibreOffice shows it.

`w:lvlRestart` and `w:isLgl` follow ECMA-376 (Word honours both; LibreOffice ignores them).

Bullets (`numFmt` bullet, or a label with no letter or digit such as «–») are not numbers and
get no label, nor does a level whose number Word hides (`w:vanish`): the extractor leaves them
out of the text (a reader's «•» is no item number, and activity texts stay free of markers).

Checked against LibreOffice's own rendering (its text export) on every numbered paragraph of
the real plans in ../shared/realworld (DOCX, and DOC converted to DOCX): the same labels.

Why our own code: docx2python 3.7 (the maintained library that counts lists) prints every
number as «N)» whatever `w:lvlText` says (so «2.1.» and «1.» cannot come out), knows neither
`w:lvlOverride`/`w:startOverride`, nor numbering inherited from a paragraph style, nor
`russianLower`; docx-plus only reads the definitions back. Paragraphs inside text boxes
(`w:txbxContent`, a separate story) are neither counted nor labelled.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from docx.oxml.ns import qn

W_P, W_VAL = qn("w:p"), qn("w:val")
W_TXBX = qn("w:txbxContent")
MAX_LEVEL = 9
SEPARATORS = {"tab": " ", "space": " ", "nothing": ""}   # what stands between label and text
# ECMA-376 §17.18.59: Word's Russian letter sequences leave out ё й ъ ы ь
ALPHABETS = {
    "upperLetter": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "lowerLetter": "abcdefghijklmnopqrstuvwxyz",
    "russianUpper": "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ",
    "russianLower": "абвгдежзиклмнопрстуфхцчшщэюя",
}
NO_NUMBER = {"bullet", "none"}
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


@dataclass(frozen=True)
class Level:
    """One `w:lvl` as the counter needs it."""
    start: int = 0
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None      # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool = False             # w:isLgl
    suffix: str = "tab"
    style: str = ""                 # w:pStyle: the paragraph style this level belongs to
    hidden: bool = False            # w:rPr/w:vanish: Word counts the number but hides it


@dataclass
class ListInstance:
    """A `w:num`: its levels (overrides applied) and the key of the counters it shares."""
    levels: dict[int, Level]
    key: str
    restarts: dict[int, int] = field(default_factory=dict)   # startOverride: level → start


@dataclass(frozen=True)
class Label:
    """The label Word shows before a paragraph, and what follows it."""
    text: str
    separator: str


def format_number(value: int, fmt: str) -> str:
    """One counter value in one `w:numFmt`."""
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        out = ""
        for n, sym in ROMAN:
            while value >= n:
                out, value = out + sym, value - n
        return out if fmt == "upperRoman" else out.lower()
    letters = ALPHABETS.get(fmt)
    if letters and value > 0:               # Word: A … Z, AA … ZZ, AAA …
        times, idx = divmod(value - 1, len(letters))
        return letters[idx] * (times + 1)
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _val(parent, tag: str) -> str | None:
    el = parent.find(qn(tag)) if parent is not None else None
    return el.get(W_VAL) if el is not None else None


def _int(text: str | None, default: int | None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _on(parent, tag: str) -> bool:
    el = parent.find(qn(tag)) if parent is not None else None
    return el is not None and el.get(W_VAL, "1") not in ("0", "false", "off")


def read_level(lvl) -> Level:
    """A `w:lvl` element → Level."""
    ppr = lvl.find(qn("w:pPr"))
    return Level(start=_int(_val(lvl, "w:start"), 0) or 0,
                 fmt=_val(lvl, "w:numFmt") or "decimal",
                 text=_val(lvl, "w:lvlText"),
                 restart=_int(_val(lvl, "w:lvlRestart"), None),
                 legal=_on(lvl, "w:isLgl"),
                 suffix=_val(lvl, "w:suff") or "tab",
                 style=_val(lvl, "w:pStyle") or _val(ppr, "w:pStyle") or "",
                 hidden=_on(lvl.find(qn("w:rPr")), "w:vanish"))


def _levels(abstract) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in abstract.iterchildren(qn("w:lvl")):
        ilvl = _int(lvl.get(qn("w:ilvl")), None)
        if ilvl is not None and 0 <= ilvl < MAX_LEVEL:
            out[ilvl] = read_level(lvl)
    return out


class Styles:
    """The paragraph styles' own list settings: style id → (numId, ilvl), basedOn followed."""

    def __init__(self, styles_root):
        self.own: dict[str, tuple[str | None, int | None]] = {}
        self.based_on: dict[str, str] = {}
        self.default = ""
        if styles_root is None:
            return
        for st in styles_root.iterchildren(qn("w:style")):
            if st.get(qn("w:type")) not in (None, "paragraph"):
                continue
            sid = st.get(qn("w:styleId")) or ""
            if st.get(qn("w:default")) in ("1", "true", "on"):
                self.default = sid
            parent = _val(st, "w:basedOn")
            if parent:
                self.based_on[sid] = parent
            numpr = st.find(qn("w:pPr") + "/" + qn("w:numPr"))
            if numpr is not None:
                self.own[sid] = (_val(numpr, "w:numId"), _int(_val(numpr, "w:ilvl"), None))

    def numbering(self, style_id: str) -> tuple[str | None, int | None, str]:
        """(numId, ilvl, the style that set numId) a style gives, through its basedOn chain."""
        num_id, ilvl, seen, sid = None, None, set(), style_id or self.default
        while sid and sid not in seen:
            seen.add(sid)
            own_id, own_lvl = self.own.get(sid, (None, None))
            ilvl = own_lvl if ilvl is None else ilvl
            if own_id is not None:
                return own_id, ilvl, sid
            sid = self.based_on.get(sid, "")
        return num_id, ilvl, ""


class Numbering:
    """Word's list counters for one document; `label(p)` once per paragraph, in document order."""

    def __init__(self, numbering_root, styles_root=None):
        self.styles = Styles(styles_root)
        self.abstracts: dict[str, object] = {}
        self.instances: dict[str, ListInstance] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()           # nums whose startOverride has been applied
        if numbering_root is None:
            return
        for ab in numbering_root.iterchildren(qn("w:abstractNum")):
            self.abstracts[ab.get(qn("w:abstractNumId")) or ""] = ab
        nums = {n.get(qn("w:numId")) or "": n for n in numbering_root.iterchildren(qn("w:num"))}
        for num_id, num in nums.items():
            self.instances[num_id] = self._instance(num_id, num, nums)

    def _abstract_of(self, num, nums, depth: int = 0):
        """The w:abstractNum behind a w:num, following one numStyleLink → style → list."""
        abstract = self.abstracts.get(_val(num, "w:abstractNumId") or "")
        link = _val(abstract, "w:numStyleLink")
        if abstract is not None and link and depth < 3:
            linked_id, _, _ = self.styles.numbering(link)
            linked = nums.get(linked_id or "")
            if linked is not None and linked is not num:
                return self._abstract_of(linked, nums, depth + 1)
        return abstract

    def _instance(self, num_id: str, num, nums) -> ListInstance:
        abstract = self._abstract_of(num, nums)
        levels = _levels(abstract) if abstract is not None else {}
        abstract_id = abstract.get(qn("w:abstractNumId")) if abstract is not None else num_id
        restarts: dict[int, int] = {}
        for over in num.iterchildren(qn("w:lvlOverride")):
            ilvl = _int(over.get(qn("w:ilvl")), None)
            if ilvl is None or not 0 <= ilvl < MAX_LEVEL:
                continue
            lvl = over.find(qn("w:lvl"))
            if lvl is not None:
                levels[ilvl] = read_level(lvl)
            start = _int(_val(over, "w:startOverride"), None)
            if start is not None:
                restarts[ilvl] = start
                levels[ilvl] = replace(levels.get(ilvl, Level()), start=start)
        key = f"abstract:{abstract_id}"
        return ListInstance(levels=levels, key=key, restarts=restarts)

    def list_of(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph, from its own w:numPr or its style's; None if not a list."""
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = _val(numpr, "w:numId")
        ilvl = _int(_val(numpr, "w:ilvl"), None)
        if num_id is None:
            style_num, style_lvl, style_id = self.styles.numbering(_val(ppr, "w:pStyle") or "")
            if style_num is None:
                return None
            num_id = style_num
            if ilvl is None:
                ilvl = style_lvl if style_lvl is not None else self._level_of_style(num_id, style_id)
        if num_id in ("0", "") or num_id not in self.instances:
            return None
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < MAX_LEVEL else 0
        return num_id, ilvl

    def _level_of_style(self, num_id: str, style_id: str) -> int:
        inst = self.instances.get(num_id)
        for ilvl, level in sorted(inst.levels.items()) if inst else ():
            if style_id and level.style == style_id:
                return ilvl
        return 0

    def label(self, p) -> Label | None:
        """Advance the counters for paragraph `p`; the number label Word shows, or None."""
        found = self.list_of(p)
        if found is None:
            return None
        num_id, ilvl = found
        inst = self.instances[num_id]
        level = inst.levels.get(ilvl)
        if level is None or (level.fmt == "bullet"):
            return None
        counters = self.counters.setdefault(inst.key, [None] * MAX_LEVEL)
        if num_id not in self.started:
            self.started.add(num_id)
            for restarted in inst.restarts:
                counters[restarted] = None
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for higher in range(ilvl):      # a level shown before it was used counts as used
            if counters[higher] is None and f"%{higher + 1}" in (level.text or ""):
                counters[higher] = inst.levels.get(higher, Level()).start
        for deeper in range(ilvl + 1, MAX_LEVEL):
            restart = inst.levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        text = self._render(inst, level, counters)
        if level.hidden or not any(ch.isalnum() for ch in text):
            return None                  # hidden, or a dash or dot alone: a bullet in effect
        return Label(text=text.strip(), separator=SEPARATORS.get(level.suffix, " "))

    def _render(self, inst: ListInstance, level: Level, counters: list[int | None]) -> str:
        """w:lvlText with each %N replaced by level N's value in level N's format."""
        if level.text is None:
            return ""

        def one(m: re.Match) -> str:
            n = int(m.group(1)) - 1
            other = inst.levels.get(n, Level())
            value = counters[n] if counters[n] is not None else other.start
            if other.fmt in NO_NUMBER:
                return ""
            return format_number(value, "decimal" if level.legal else other.fmt)
        return re.sub(r"%([1-9])", one, level.text)


def _in_text_box(p) -> bool:
    return any(a.tag == W_TXBX for a in p.iterancestors())


def document_labels(word) -> dict:
    """Every numbered paragraph of a python-docx Document's main text → its Label.

    A document without a numbering part has no labels; a numbering part this module cannot
    read (damaged beyond what the defaults above cover) gives none either: the text stays as
    python-docx reads it rather than failing the file."""
    try:
        part = word.part
        numbering_root = part.numbering_part.element
    except Exception:            # no numbering part (python-docx cannot create one): no lists
        return {}
    try:
        counter = Numbering(numbering_root, part.styles.element)
        labels = {}
        if counter.instances:
            for p in word.element.body.iter(W_P):
                if not _in_text_box(p):
                    found = counter.label(p)
                    if found is not None:
                        labels[p] = found
        return labels
    except Exception:            # a malformed numbering part never costs the document
        return {}
