"""Loading a document's records into the store, one transaction per file; ingest runs."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import time
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from .. import schema
from .engine import RETRIES, LOCK_WAIT_LIMIT, _transient, _lock_timeout
from .tables import (utcnow, IngestRun, DocumentRow, SectionRow, ActivityRow, DeadlineInterval,
                     Party, ActivityParty, IndicatorRow)


@dataclass
class LoadResult:
    """What loading one file did: its status, the doc_id it has in the store (unique in the
    whole store), its plan and version, and the versions it replaced as current."""

    status: str                        # imported / already imported
    doc_id: str
    plan_id: int | None = None
    version: int | None = None
    current: bool = False
    rendition_of: str | None = None    # doc_id of the file of the same version in another format
    replaced: list = field(default_factory=list)   # [(doc_id, version)] no longer current


def _int_or_none(value):
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _stored_parties(a) -> list[tuple[str, str, str | None]]:
    """(name, kind, expanded) of an activity's parties; the name in its normal form
    (a person as «Зубарева Л.Ф.» whatever case the plan printed) so that one party is one
    row across documents."""
    kinds, expanded, normal = a.responsible_kinds or [], a.responsible_expanded or [], a.responsible_normal or []
    out = []
    for k, printed in enumerate(a.responsible or []):
        name = (normal[k] if k < len(normal) else "") or printed
        out.append((name, (kinds[k] if k < len(kinds) else "") or "",
                    expanded[k] if k < len(expanded) else None))
    return out


def _party_key(name: str, kind: str) -> str:
    return hashlib.sha256(f"{kind}\x1f{name}".encode("utf-8")).hexdigest()


def _as_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    value = str(value).strip()
    if not value or value == "..":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _intervals(a) -> list[tuple]:
    """(start, end) dates of an activity: its Interval objects, else its ISO `start/end` strings."""
    found = [(_as_date(i.start), _as_date(i.end)) for i in a.intervals or []]
    if not found:
        for iso in a.deadlines or []:
            start, _, end = str(iso).partition("/")
            found.append((_as_date(start), _as_date(end)))
    return [i for i in found if i != (None, None)]


def _stored(fields: tuple, values) -> dict:
    """{SQL column: value} of a record's (or a {field: value} dict's) stored fields."""
    get = values.get if isinstance(values, dict) else (lambda n: getattr(values, n))
    return {f.sql_name: schema.sql_value(f, get(f.name)) for f in fields if f.sql is not None}


class Loading:
    """The store's part that records ingest runs and loads files."""

    # ------------------------------------------------------------------ ingest runs

    def begin_run(self, paths: list[str] | None = None) -> int:
        """Record the start of an ingest; returns its id for `load(..., run_id=)`."""
        with Session(self._writer) as s, s.begin():
            run = IngestRun(paths=list(paths or []), host=socket.gethostname(), pid=os.getpid(),
                            status="running")
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, outcomes, interrupted: bool = False) -> None:
        """Store the counts and failures of a run (outcomes: objects or dicts with file,
        doc_id, status, error, records, indicators: batch.FileOutcome fits)."""
        def get(o, name, default=None):
            return o.get(name, default) if isinstance(o, dict) else getattr(o, name, default)

        statuses = [get(o, "status") for o in outcomes]
        imported = [o for o in outcomes if get(o, "status") in ("imported", "partial")]
        failures = [{"file": get(o, "file"), "doc_id": get(o, "doc_id"), "status": get(o, "status"),
                     "error": get(o, "error", "")}
                    for o in outcomes if get(o, "status") in ("failed", "not processed")]
        with Session(self._writer) as s, s.begin():
            s.execute(update(IngestRun).where(IngestRun.id == run_id).values(
                finished_at=utcnow(), status="interrupted" if interrupted else "finished",
                files=sum(1 for x in statuses if x != "skipped"),
                imported=len(imported), already_imported=statuses.count("already imported"),
                failed=len(failures), skipped=statuses.count("skipped"),
                activities=sum(int(get(o, "records", 0) or 0) for o in imported),
                indicators=sum(int(get(o, "indicators", 0) or 0) for o in imported),
                failures=failures))

    def runs(self) -> list[dict]:
        with Session(self.engine) as s:
            return [{c.name: getattr(r, c.key) for c in IngestRun.__table__.columns}
                    for r in s.scalars(select(IngestRun).order_by(IngestRun.id))]

    # ------------------------------------------------------------------ loading

    def has_sha(self, sha256: str) -> bool:
        """Whether a file with these bytes is already imported."""
        with Session(self.engine) as s:
            return s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256,
                                                         DocumentRow.status == "imported")) is not None

    def load(self, rec, run_id: int | None = None) -> str:
        """Store one DocumentRecord in one transaction; 'imported' or 'already imported'.

        Race-free: the sha256 is unique, so of two processes loading the same file one wins
        and the other sees the conflict and reports «already imported». A failure rolls back
        this file only, is noted in `documents` (status 'failed') and raised again.
        """
        return self.load_file(rec, run_id).status

    def load_file(self, rec, run_id: int | None = None) -> "LoadResult":
        """`load`, telling also the doc_id the file got, its plan and version, and the
        current version it replaced."""
        from ..records import clean_record
        clean_record(rec)               # no NUL (PostgreSQL refuses it), no lone surrogates
        attempt, t0, told = 0, time.monotonic(), False
        while True:
            attempt += 1
            try:
                return self._load_once(rec, run_id)
            except IntegrityError:
                if self.has_sha(rec.sha256):
                    return LoadResult("already imported", rec.doc_id)
                self._note_failure(rec, run_id, "integrity error")
                raise
            except DBAPIError as exc:
                if _lock_timeout(exc) and time.monotonic() - t0 < LOCK_WAIT_LIMIT:
                    if not told and self.notify:
                        self.notify(self.lock_message())
                    told = True
                    continue
                if _transient(exc) and attempt < RETRIES:
                    time.sleep(0.05 * attempt)
                    continue
                self._note_failure(rec, run_id, str(exc).splitlines()[0][:300])
                raise
            except Exception as exc:
                self._note_failure(rec, run_id, f"{type(exc).__name__}: {str(exc)[:300]}")
                raise

    def _load_once(self, rec, run_id: int | None) -> str:
        with Session(self._writer) as s, s.begin():
            if s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == rec.sha256,
                                                     DocumentRow.status == "imported")) is not None:
                return LoadResult("already imported", rec.doc_id)
            s.execute(delete(DocumentRow).where(DocumentRow.sha256 == rec.sha256,
                                                DocumentRow.status == "failed"))
            m = rec.meta
            plan = self._plan_for_update(s, m, rec.doc_id)
            result = self._next_version(s, plan, rec)
            version, current = result.version, result.current
            result.doc_id = doc_id = self._unique_doc_id(s, rec.doc_id, rec.sha256)
            # Core bulk inserts (one statement per table, ids returned in row order): the
            # ORM's unit of work cost ~50 ms of this process's time per file
            document_pk = s.execute(insert(DocumentRow.__table__).returning(
                DocumentRow.__table__.c.id), dict(
                _stored(schema.DOCUMENT, schema.document_values(rec)), doc_id=doc_id,
                status="imported", error="", imported_at=utcnow(), plan_id=plan.id,
                version=version, is_current=current, ingest_run_id=run_id,
                row_counts=dict(rec.row_counts or {}))).scalar_one()
            # (the sha256 conflict of a racing importer surfaces above)
            party_ids = self._party_ids(s, rec.activities)
            section_of = [(a.table or "", a.section_no or "", a.section_title or "")
                          if a.section_no or a.section_title else None for a in rec.activities]
            section_keys: dict[tuple, int] = {}
            for key in section_of:
                if key is not None:
                    section_keys.setdefault(key, len(section_keys))
            section_ids = self._insert_returning_ids(s, SectionRow, [
                dict(document_id=document_pk, table_id=t, section_no=no, title=title,
                     position=k + 1) for (t, no, title), k in section_keys.items()])
            activity_ids = self._insert_returning_ids(s, ActivityRow, [dict(
                _stored(schema.ACTIVITY, a), document_id=document_pk,
                section_id=section_ids[section_keys[key]] if key is not None else None)
                for a, key in zip(rec.activities, section_of)])
            intervals, links = [], []
            for a, activity_pk in zip(rec.activities, activity_ids):
                for k, (start, end) in enumerate(_intervals(a), start=1):
                    intervals.append(dict(activity_id=activity_pk, position=k, start_date=start,
                                          end_date=end, recurrence=a.recurrence))
                for k, (name, kind, expanded) in enumerate(_stored_parties(a), start=1):
                    links.append(dict(activity_id=activity_pk, position=k,
                                      party_id=party_ids[(name, kind)], expanded=expanded))
            indicators = [dict(_stored(schema.INDICATOR, i), document_id=document_pk, position=k)
                          for k, i in enumerate(rec.indicators, start=1)]
            for table, rows in ((DeadlineInterval, intervals), (ActivityParty, links),
                                (IndicatorRow, indicators)):
                if rows:
                    s.execute(insert(table.__table__), rows)
        return result

    def _unique_doc_id(self, s: Session, doc_id: str, sha256: str) -> str:
        """`doc_id`, or `doc_id-2`, `-3`, … when another file of the store has it: doc_ids
        are unique in the whole store (an advisory lock on PostgreSQL, the write lock on
        SQLite keep two importers from taking the same one)."""
        if self.backend == "postgresql":
            key = int.from_bytes(hashlib.sha256(b"doc_id\x1f" + doc_id.encode("utf-8")).digest()[:8],
                                 "big", signed=True)
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
        taken = set(s.scalars(select(DocumentRow.doc_id).where(
            DocumentRow.sha256 != sha256, DocumentRow.status == "imported",
            DocumentRow.doc_id.startswith(doc_id, autoescape=True))))
        candidate, k = doc_id, 2
        while candidate in taken:
            candidate, k = f"{doc_id}-{k}", k + 1
        return candidate

    @staticmethod
    def _insert_returning_ids(s: Session, model, rows: list[dict]) -> list[int]:
        """INSERT of many rows in one statement; their new ids, in the order of `rows`."""
        if not rows:
            return []
        table = model.__table__
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(s.scalars(stmt, rows))

    def _insert_ignore(self, s: Session, table, rows: list[dict]) -> None:
        """INSERT … ON CONFLICT DO NOTHING (rows that exist, or that a concurrent
        transaction is inserting, are left to it: PostgreSQL waits for that one to end)."""
        if not rows:
            return
        if self.backend in ("postgresql", "sqlite"):
            if self.backend == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert
            s.execute(insert(table).on_conflict_do_nothing(), rows)
            return
        for row in rows:  # other servers: one savepoint per row
            try:
                with s.begin_nested():
                    s.execute(table.insert(), row)
            except IntegrityError:
                pass

    def _party_ids(self, s: Session, activities) -> dict[tuple, int]:
        """{(name, kind): parties.id}, inserting new parties in key order (two importers
        taking row locks in the same order cannot deadlock)."""
        wanted: dict[str, tuple] = {}
        for a in activities:
            for name, kind, _ in _stored_parties(a):
                wanted[_party_key(name, kind)] = (name, kind)
        if not wanted:
            return {}
        keys = sorted(wanted)
        self._insert_ignore(s, Party.__table__, [{"party_key": k, "name": wanted[k][0],
                                                  "kind": wanted[k][1]} for k in keys])
        ids = {}
        for chunk in range(0, len(keys), 500):
            part = keys[chunk:chunk + 500]
            for key, pid in s.execute(select(Party.party_key, Party.id).where(Party.party_key.in_(part))):
                ids[wanted[key]] = pid
        return ids

    def _note_failure(self, rec, run_id: int | None, error: str) -> None:
        """Keep a 'failed' documents row for a file whose load failed (never raises)."""
        try:
            with Session(self._writer) as s, s.begin():
                if s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == rec.sha256)) is not None:
                    s.execute(update(DocumentRow).where(DocumentRow.sha256 == rec.sha256,
                                                        DocumentRow.status == "failed")
                              .values(error=error, imported_at=utcnow(), ingest_run_id=run_id))
                    return
                s.add(DocumentRow(doc_id=rec.doc_id, source_file=rec.source_file, sha256=rec.sha256,
                                  size=getattr(rec, "size", None), format=getattr(rec, "format", None),
                                  pages=getattr(rec, "pages", None), status="failed", error=error,
                                  is_current=False, ingest_run_id=run_id))
        except Exception:
            pass
