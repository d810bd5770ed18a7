"""Word search over records: on SQLite an FTS5 index (words by prefix, any case, Cyrillic
too), brought up to date before each search; on other servers ILIKE."""
from __future__ import annotations

import re
import threading

from sqlalchemy import text

FTS = "roadmaps_search"
COLUMNS = {"activity": "activity", "responsible_raw": "responsible", "section_title": "section"}
_lock = threading.Lock()


def available(store) -> bool:
    return store.backend == "sqlite"


def ensure_index(store) -> None:
    """Create the index if missing and add the records loaded since (ids only grow)."""
    with _lock, store._writer.begin() as conn:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(activity, responsible, section, "
            "tokenize='unicode61 remove_diacritics 2')")
        last = conn.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {FTS}")).scalar()
        newest = conn.execute(text("SELECT coalesce(max(id), 0) FROM activities")).scalar()
        if newest > last:
            conn.execute(text(
                f"INSERT INTO {FTS}(rowid, activity, responsible, section) SELECT id, "
                "coalesce(activity, ''), coalesce(responsible_raw, ''), "
                "coalesce(section_no, '') || ' ' || coalesce(section_title, '') "
                "FROM activities WHERE id > :last"), {"last": last})


def fts_query(column: str, needle: str) -> str | None:
    """An FTS5 query: every word of `needle` as a prefix in `column` (None: no words)."""
    words = re.findall(r"\w+", needle.lower())
    if not words:
        return None
    return " AND ".join(f'{COLUMNS[column]} : "{w}"*' for w in words)


def matching_ids(wanted: list[tuple[str, str]]):
    """A subquery (column `id`) of the activity ids whose columns hold every word of their
    needle ([(column, needle)]; one MATCH: a second join of the index finds nothing)."""
    parts = [q for q in (fts_query(c, n) for c, n in wanted) if q]
    if not parts:
        return None
    query, column = " AND ".join(parts), "m"
    from sqlalchemy import Integer
    # joined, not `id IN (…)`: SQLite runs a virtual table inside IN once per row
    return (text(f"SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH :q_{column}")
            .bindparams(**{f"q_{column}": query}).columns(id=Integer).subquery(f"match_{column}"))
