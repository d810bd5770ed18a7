"""Items of a plan: the activity records of one document that are one activity."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from normalizers.lang.fold import fold_spaces as fold   # noqa: F401 (the package's `fold`)


@dataclass
class Item:
    """One activity of one plan: the records that share document, table, section and text."""

    doc_id: str
    key: str                      # stable within the document: «3.2» or «#12»
    table: str
    section_no: str
    section_title: str
    item_no: str
    activity: str
    seqs: list[int] = field(default_factory=list)
    expected_result: list[str] = field(default_factory=list)
    deadline_raw: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    recurrence: list[str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    stored_intervals: list[tuple] = field(default_factory=list)   # the store's (start, end), None = open
    intervals: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    @property
    def section(self) -> str:
        return self.section_no or "—"

    def deadline_text(self) -> str:
        return "; ".join(self.deadline_raw)


def _unique(values) -> list:
    out = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def _split(value: str) -> list[str]:
    return [p.strip() for p in (value or "").split(";") if p.strip()]


def items_of(doc_id: str, records: list[dict]) -> list[Item]:
    """Typed activity records of one document (lists as lists, `intervals` as the store's
    (start, end) pairs) → its items, in document order."""
    by_key: dict[tuple, Item] = {}
    for r in records:
        text = fold(r["activity"])
        if not text:
            continue
        k = (r.get("table") or "", r.get("section_no") or "", text.lower())
        it = by_key.get(k)
        if it is None:
            it = by_key[k] = Item(doc_id=doc_id, key="", table=r.get("table") or "",
                                  section_no=fold(r.get("section_no")),
                                  section_title=fold(r.get("section_title")),
                                  item_no=fold(r.get("item_no")), activity=text)
        it.seqs.append(int(r["seq"]))
        it.expected_result = _unique(it.expected_result + [fold(r.get("expected_result"))])
        it.deadline_raw = _unique(it.deadline_raw + [fold(r.get("deadline_raw"))])
        it.deadlines = _unique(it.deadlines + [str(d) for d in r.get("deadlines") or []])
        it.recurrence = _unique(it.recurrence + [r.get("recurrence") or ""])
        it.months = _unique(it.months + [int(m) for m in r.get("months") or [] if str(m).isdigit()])
        it.responsible = _unique(it.responsible + [fold(p) for p in r.get("responsible") or []])
        it.stored_intervals = _unique(it.stored_intervals + list(r.get("intervals") or []))
    items = list(by_key.values())
    _assign_keys(items)
    return items


def _assign_keys(items: list[Item]) -> None:
    """The item's own number where it is unique in the document; numbers that restart in
    every section are qualified by the section («5.2»); else the first record's seq."""
    numbers = Counter((it.table, it.item_no) for it in items if it.item_no)
    restart = any(n > 1 for n in numbers.values())
    used = set()
    for it in items:
        prefix = "" if it.table in ("plan", "") else f"{it.table}:"
        key = ""
        if it.item_no:
            no = it.item_no
            if restart and it.section_no and not no.startswith(it.section_no + "."):
                no = f"{it.section_no}.{no}"
            key = prefix + no
        if not key or key in used:
            key = f"{prefix}#{it.seqs[0]}"
        used.add(key)
        it.key = key


def build_items(rows: list[dict]) -> dict[str, list[Item]]:
    """activities.csv-shaped rows (lists joined with '; ') → items per doc_id, in document
    order. A document imported again (seq restarting) replaces the earlier import's records.
    (The comparison itself reads typed records from the store: `items_of`.)"""
    per_doc: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        recs = per_doc[row["doc_id"]]
        if recs and int(row["seq"]) <= int(recs[-1]["seq"]):
            recs.clear()
        recs.append(dict(row, deadlines=_split(row.get("deadlines")),
                         months=_split(row.get("months")),
                         responsible=_split(row.get("responsible")), intervals=[]))
    return {doc_id: items_of(doc_id, recs) for doc_id, recs in per_doc.items()}
