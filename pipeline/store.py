"""The SQL store (SQLAlchemy 2.x): every plan ever received, queryable across plans.

SQLite file by default (`data/processed/roadmaps.db`), any server through `DATABASE_URL`
or `--db` (PostgreSQL for a shared server). The schema is created or upgraded on start by
the Alembic migrations in `pipeline/migrations/` (on PostgreSQL under an advisory lock, on
SQLite under the database's write lock, so two importers starting at once are safe).

    ingest_runs ─< documents >─ plans            one plan per (level, region, municipality,
                    │                            period, subject); each file a version of it
                    ├─< sections                 the direction headings of a document
                    ├─< activities >─ sections   one per activity record (SCHEMA.md)
                    │     ├─< deadline_intervals one row per normalized interval
                    │     └─< activity_parties >─ parties
                    └─< indicators

Re-import is safe: a file is known by its sha256 (unique), so the same bytes twice change
nothing and report «already imported», also when two processes race for it. A file whose
plan already has versions becomes the next version and the current one (the old versions
stay queryable; the CSVs show current versions only); doc_ids are unique in the whole store
(`NAME-2`, … for a taken one), and `load_file` tells what a load replaced. The same plan received again in
another format (the DOCX and the PDF of one act, or of the same records when no act was
found) is another rendition of the same version, not a new version (`group_renditions`).
Each file is loaded in one transaction: a failure rolls back that file only.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import socket
import time
import weakref
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer,
                        String, Text, create_engine, delete, event, func, insert, inspect, select,
                        text, update)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, relationship
from sqlalchemy.pool import NullPool

from normalizers.lang.fold import fold_key as _fold

from . import schema

DEFAULT_URL_TEMPLATE = "sqlite:///{out}/roadmaps.db"
MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")
UPGRADE_LOCK_KEY = 0x726F61646D617073   # pg_advisory_xact_lock key ("roadmaps")
LEGACY_REVISION = "0001"               # the schema of the first store (create_all, no Alembic)
RETRIES = 4                            # deadlock / "database is locked" retries per file
PG_LOCK_TIMEOUT_MS = 5000              # a PostgreSQL lock wait longer than this is said aloud
PG_IDLE_IN_TRANSACTION_MS = 600000     # a session left idle in a transaction is ended by the server
LOCK_WAIT_LIMIT = 600.0                # s a file's load waits for locks before it is given up


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


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


# ----------------------------------------------------------------------------- tables

class IngestRun(Base):
    """One `roadmaps ingest` (or any loader): when, what, counts, failures."""

    __tablename__ = "ingest_runs"
    id = Column(Integer, primary_key=True)
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at = Column(DateTime(timezone=True))
    status = Column(String(20), nullable=False, default="running")  # running/finished/interrupted
    host = Column(Text)
    pid = Column(Integer)
    paths = Column(JSON)                 # what was asked for
    files = Column(Integer)
    imported = Column(Integer)
    already_imported = Column(Integer)
    failed = Column(Integer)
    skipped = Column(Integer)
    activities = Column(Integer)
    indicators = Column(Integer)
    failures = Column(JSON)              # [{"file", "doc_id", "status", "error"}]


class Plan(Base):
    """A plan of one body for one period; its documents are its versions."""

    __tablename__ = "plans"
    id = Column(Integer, primary_key=True)
    plan_key = Column(String(64), nullable=False, unique=True)
    level = Column(Text)
    region = Column(Text)
    municipality = Column(Text)
    period_start = Column(Integer)
    period_end = Column(Integer)
    doc_id = Column(Text)                # set only for a plan keyed by its file (no place known)
    versions = Column(Integer, nullable=False, default=0)
    current_version = Column(Integer)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    documents = relationship("DocumentRow", back_populates="plan")
    __table_args__ = (Index("ix_plans_place", "region", "municipality"),
                      Index("ix_plans_period", "period_start", "period_end"))


class DocumentRow(schema.columns_mixin("DocumentColumns", schema.DOCUMENT), Base):
    """A file: the fields of `schema.DOCUMENT` (doc_id … warnings, size), its load and plan."""

    __tablename__ = "documents"
    id = Column(Integer, primary_key=True)
    status = Column(String(20), default="imported")    # imported / failed
    error = Column(Text, default="")
    imported_at = Column(DateTime(timezone=True), default=utcnow)
    plan_id = Column(Integer, ForeignKey("plans.id", name="fk_documents_plan_id_plans"))
    version = Column(Integer)
    is_current = Column(Boolean, nullable=False, default=False)
    ingest_run_id = Column(Integer, ForeignKey("ingest_runs.id", ondelete="SET NULL",
                                                      name="fk_documents_ingest_run_id_ingest_runs"),
                           index=True)
    row_counts = Column(JSON)             # table rows per outcome (record, header, total, …)
    plan = relationship("Plan", back_populates="documents")
    sections = relationship("SectionRow", back_populates="document", cascade="all, delete-orphan",
                            passive_deletes=True)
    activities = relationship("ActivityRow", back_populates="document", cascade="all, delete-orphan",
                              passive_deletes=True)
    indicators = relationship("IndicatorRow", back_populates="document", cascade="all, delete-orphan",
                              passive_deletes=True)
    __table_args__ = (Index("ix_documents_plan_version", "plan_id", "version"),
                      Index("ix_documents_current", "is_current", "status"))


class SectionRow(Base):
    """A direction/section heading of a document's table."""

    __tablename__ = "sections"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True,
                         nullable=False)
    table = Column("table_id", Text)
    section_no = Column(Text)
    title = Column(Text)
    position = Column(Integer, nullable=False)
    document = relationship("DocumentRow", back_populates="sections")


class ActivityRow(schema.columns_mixin("ActivityColumns", schema.ACTIVITY), Base):
    """An activity record: the stored fields of `schema.ACTIVITY` (seq … boxes), its document
    and section; its deadline intervals and parties in their own tables."""

    __tablename__ = "activities"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False)
    section_id = Column(Integer, ForeignKey("sections.id", ondelete="SET NULL",
                                             name="fk_activities_section_id_sections"), index=True)
    document = relationship("DocumentRow", back_populates="activities")
    section = relationship("SectionRow")
    intervals = relationship("DeadlineInterval", cascade="all, delete-orphan", passive_deletes=True,
                             order_by="DeadlineInterval.position")
    party_links = relationship("ActivityParty", cascade="all, delete-orphan", passive_deletes=True,
                               order_by="ActivityParty.position")
    __table_args__ = (Index("ix_activities_document_seq", "document_id", "seq"),)


class DeadlineInterval(Base):
    """One normalized deadline interval of an activity (open ends are NULL)."""

    __tablename__ = "deadline_intervals"
    id = Column(Integer, primary_key=True)
    activity_id = Column(Integer, ForeignKey("activities.id", ondelete="CASCADE"), index=True,
                         nullable=False)
    position = Column(Integer, nullable=False)
    start_date = Column(Date)
    end_date = Column(Date)
    recurrence = Column(Text)
    __table_args__ = (Index("ix_deadline_intervals_dates", "start_date", "end_date"),)


class Party(Base):
    """A responsible party as printed (shared across documents), with its kind."""

    __tablename__ = "parties"
    id = Column(Integer, primary_key=True)
    party_key = Column(String(64), nullable=False, unique=True)   # sha256(kind, name)
    name = Column(Text, nullable=False)
    kind = Column(Text, nullable=False, default="")   # person / organization / role / group


class ActivityParty(Base):
    __tablename__ = "activity_parties"
    activity_id = Column(Integer, ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    position = Column(Integer, primary_key=True)
    party_id = Column(Integer, ForeignKey("parties.id"), nullable=False, index=True)
    expanded = Column(Text)            # the party with abbreviations expanded (document glossary)
    party = relationship("Party")


class IndicatorRow(schema.columns_mixin("IndicatorColumns", schema.INDICATOR), Base):
    """A target indicator's value for one year (`schema.INDICATOR`)."""

    __tablename__ = "indicators"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False)
    position = Column(Integer)
    document = relationship("DocumentRow", back_populates="indicators")


# ----------------------------------------------------------------------------- helpers

def default_url(out_dir: str) -> str:
    return normalize_url(os.environ.get("DATABASE_URL")
                         or DEFAULT_URL_TEMPLATE.format(out=os.path.abspath(out_dir)))


def normalize_url(url: str) -> str:
    """`postgres://…` (the scheme many hosts hand out) read as `postgresql://…`."""
    url = (url or "").strip()
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgres+"):
        return "postgresql+" + url[len("postgres+"):]
    return url


@functools.lru_cache(maxsize=1)
def _subject_ignored() -> frozenset[str]:
    import yaml
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "plan_identity.yaml")
    with open(path, encoding="utf-8") as fh:
        words = (yaml.safe_load(fh) or {}).get("ignore_words") or []
    if not all(isinstance(w, str) for w in words):
        raise ValueError(f"{path}: ignore_words must be a list of words")
    return frozenset(w.casefold().replace("ё", "е") for w in words)


def plan_subject(title: str | None) -> str:
    """What a plan is about, from its title: its words folded (case, ё), without digits,
    punctuation, short words and the words of plan_identity.yaml (years, «редакции», …)."""
    words = re.findall(r"[^\W\d_]+", (title or "").casefold().replace("ё", "е"))
    ignored = _subject_ignored()
    return " ".join(w for w in words if len(w) > 2 and w not in ignored)


def plan_identity(meta, doc_id: str) -> tuple[str, dict]:
    """(plan_key, plan columns): same level, region, municipality, period and subject (the
    folded title, `plan_subject`) = same plan; two plans of one body and period about
    different things are never versions of each other.

    A document naming neither region nor municipality cannot be matched safely to another
    file: it is its own plan, keyed by its doc_id.
    """
    level, region, municipality = (getattr(meta, f, "") or "" for f in ("level", "region", "municipality"))
    start, end = getattr(meta, "period_start", None), getattr(meta, "period_end", None)
    cols = {"level": level, "region": region, "municipality": municipality,
            "period_start": _int_or_none(start), "period_end": _int_or_none(end), "doc_id": None}
    if not region.strip() and not municipality.strip():
        parts = ["doc", doc_id]
        cols["doc_id"] = doc_id
    else:
        parts = ["place", _fold(level), _fold(region), _fold(municipality),
                 "" if start is None else str(start), "" if end is None else str(end),
                 plan_subject(getattr(meta, "title", ""))]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest(), cols


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


RENDITION_MATCH = 0.95     # share of equal rows that makes two files renditions of one version
_FINGERPRINT_FIELDS = tuple(schema.names(schema.ACTIVITY, fingerprint=True))


def _fingerprint(activity_values, indicator_values) -> list[str]:
    """A document's rows as folded strings (a multiset, order ignored)."""
    rows = ["a\x1f" + "\x1f".join(_fold(v) for v in values) for values in activity_values]
    rows += ["i\x1f" + "\x1f".join(_fold(v) for v in values) for values in indicator_values]
    return rows


def _record_fingerprint(rec) -> list[str]:
    return _fingerprint(([getattr(a, f) for f in _FINGERPRINT_FIELDS] for a in rec.activities),
                        ([i.indicator, i.unit, i.year, i.value] for i in rec.indicators))


def _similarity(a: list[str], b: list[str]) -> float:
    """Equal rows / rows of the larger document (0 when either has none)."""
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b))


def _stored(fields: tuple, values) -> dict:
    """{SQL column: value} of a record's (or a {field: value} dict's) stored fields."""
    get = values.get if isinstance(values, dict) else (lambda n: getattr(values, n))
    return {f.sql_name: schema.sql_value(f, get(f.name)) for f in fields if f.sql is not None}


class _WithDocId:
    """A stored activity or indicator row seen with its document's doc_id (for `csv_row`)."""

    def __init__(self, row, doc_id: str):
        self._row, self.doc_id = row, doc_id

    def __getattr__(self, name):
        return getattr(self._row, name)


def _sqlstate(exc: Exception) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)


def _transient(exc: Exception) -> bool:
    """A lock conflict worth retrying: PostgreSQL deadlock/serialization, SQLite busy."""
    return _sqlstate(exc) in ("40P01", "40001", "55P03") or "database is locked" in str(exc)


def _lock_timeout(exc: Exception) -> bool:
    """A lock waited on for longer than PG_LOCK_TIMEOUT_MS (another importer holds it)."""
    return _sqlstate(exc) == "55P03"


def make_engine(url: str, schema: str | None = None, sqlite_foreign_keys: bool = True,
                **kw) -> Engine:
    """An engine with the store's connection settings.

    SQLite: SQLAlchemy emits BEGIN itself (the sqlite3 module's own transaction handling
    is switched off), BEGIN IMMEDIATE for writers (execution option `roadmaps_write`), so a
    writer takes the file's write lock up front instead of failing half-way; foreign keys
    on; a 60 s busy timeout. PostgreSQL: `schema` becomes the connection's search_path.
    """
    u = make_url(normalize_url(url))
    backend = u.get_backend_name()
    connect_args = {}
    if backend == "sqlite":
        connect_args["timeout"] = 60
    elif backend == "postgresql":
        # a lock wait is bounded (then reported and retried, see Store.load) and a session
        # whose client vanished mid-transaction is ended by the server
        options = [f"-clock_timeout={PG_LOCK_TIMEOUT_MS}",
                   f"-cidle_in_transaction_session_timeout={PG_IDLE_IN_TRANSACTION_MS}"]
        if schema:
            options.append(f"-csearch_path={schema}")
        if "options" in u.query:                  # the URL's own options are kept
            options.append(str(u.query["options"]))
            u = u.difference_update_query(["options"])
        connect_args["options"] = " ".join(options)
    engine = create_engine(u, connect_args=connect_args, **kw)
    if backend == "sqlite":
        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None
            dbapi_conn.execute(f"PRAGMA foreign_keys={'ON' if sqlite_foreign_keys else 'OFF'}")

        @event.listens_for(engine, "begin")
        def _begin(conn):
            write = conn.get_execution_options().get("roadmaps_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    return engine


# ----------------------------------------------------------------------------- the store

_open_stores: "weakref.WeakSet[Store]" = weakref.WeakSet()


def _forget_connections_in_child() -> None:
    """A forked worker must not use (or close) its parent's pooled connections."""
    for store in list(_open_stores):
        store.engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connections_in_child)


class Store:
    """Open the store at `url`, creating or upgrading its schema.

    `schema` (PostgreSQL): keep the tables in that schema (created if missing); a
    `?options=-csearch_path%3D<schema>` in the URL does the same for an existing schema.
    `group_renditions`: a file of a plan with the same approving act as a version already
    held, or with the same records when an act is missing, is another rendition of that
    version (the PDF of a DOCX), not a new version; False makes every new file a version.
    """

    def __init__(self, url: str, *, schema: str | None = None, upgrade: bool = True,
                 group_renditions: bool = True, echo: bool = False, notify=None):
        url = normalize_url(url)
        self.url = url
        self.notify = notify          # callable(message) told when a load waits for a lock
        self.schema = schema
        self.group_renditions = group_renditions
        self.backend = make_url(url).get_backend_name()
        self.engine: Engine = make_engine(url, schema=schema, echo=echo)
        self._writer = self.engine.execution_options(roadmaps_write=True)
        _open_stores.add(self)
        if upgrade:
            self.upgrade()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ schema

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema up to `revision`, creating it in an empty database.

        A database made by the first store (tables but no alembic_version) is stamped with
        that first revision and upgraded from there. Runs in one transaction under a lock:
        an advisory lock on PostgreSQL, the write lock on SQLite.
        """
        self._while_locked(lambda: self._migrate("upgrade", revision))

    def _while_locked(self, work, limit: float = LOCK_WAIT_LIMIT):
        """Run `work`, again while PostgreSQL says a lock is held elsewhere (lock_timeout),
        telling `notify` once that this run waits; up to `limit` seconds."""
        t0, told = time.monotonic(), False
        while True:
            try:
                return work()
            except DBAPIError as exc:
                if not _lock_timeout(exc) or time.monotonic() - t0 > limit:
                    raise
                if not told and self.notify:
                    self.notify(self.lock_message())
                told = True

    def lock_message(self) -> str:
        from .i18n import _
        return _("waiting for a lock on the store held by another process "
                 "(another import, or a session left open: see pg_stat_activity)…")

    def downgrade(self, revision: str) -> None:
        """Take the schema back to `revision` (same lock and transaction as `upgrade`)."""
        self._migrate("downgrade", revision)

    def _migrate(self, action: str, revision: str) -> None:
        from alembic import command
        from alembic.config import Config

        if self.backend == "postgresql" and self.schema:
            self._create_pg_schema()
        if self.backend == "sqlite":
            # table rebuilds (batch mode) need foreign keys off, or a DROP would cascade
            engine = make_engine(self.url, sqlite_foreign_keys=False, poolclass=NullPool)
        else:
            engine = self.engine
        try:
            with engine.execution_options(roadmaps_write=True).begin() as conn:
                if self.backend == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": UPGRADE_LOCK_KEY})
                cfg = Config()
                cfg.set_main_option("script_location", MIGRATIONS_DIR)
                cfg.attributes["connection"] = conn
                names = set(inspect(conn).get_table_names())
                if "alembic_version" not in names and "documents" in names:
                    command.stamp(cfg, LEGACY_REVISION)
                getattr(command, action)(cfg, revision)
        finally:
            if engine is not self.engine:
                engine.dispose()

    def _create_pg_schema(self) -> None:
        engine = create_engine(make_url(self.url), poolclass=NullPool)
        try:
            with engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": UPGRADE_LOCK_KEY})
                quoted = engine.dialect.identifier_preparer.quote_identifier(self.schema)
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))
        finally:
            engine.dispose()

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

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
        from .records import clean_record
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

    def _plan_for_update(self, s: Session, meta, doc_id: str) -> Plan:
        """The plan of this document, created if new, locked for this transaction (versions
        of one plan are numbered one importer at a time)."""
        key, cols = plan_identity(meta, doc_id)
        now = utcnow()
        self._insert_ignore(s, Plan.__table__, [dict(cols, plan_key=key, versions=0,
                                                     created_at=now, updated_at=now)])
        return s.scalars(select(Plan).where(Plan.plan_key == key).with_for_update()).one()

    def _next_version(self, s: Session, plan: Plan, rec) -> LoadResult:
        """The version of a new file of `plan` (in a LoadResult), updating the plan and the
        old versions' current flag.

        With `group_renditions`, a file is another rendition of a version already held
        (the PDF of a DOCX) when it is in another format and both name an approving act and
        it is the same act; when either names none, when their records are the same (at
        least RENDITION_MATCH of the rows equal). A file in the same format as that version's
        is a new version even when nearly identical (a byte or a letter changed). Otherwise
        it is the next version, and the current one unless its act is dated before the
        current version's.
        """
        meta = rec.meta
        date = (getattr(meta, "approved_date", "") or "").strip()
        number = _fold(getattr(meta, "approved_number", ""))
        if self.group_renditions and plan.versions:
            held = s.execute(select(DocumentRow.id, DocumentRow.version, DocumentRow.approved_date,
                                    DocumentRow.approved_number, DocumentRow.format,
                                    DocumentRow.doc_id)
                             .where(DocumentRow.plan_id == plan.id, DocumentRow.status == "imported")
                             .order_by(DocumentRow.version.desc(), DocumentRow.id)).all()
            formats: dict[int, set] = {}
            for _pk, v, _d, _n, fmt, _doc in held:
                formats.setdefault(v, set()).add((fmt or "").lower())
            mine = None
            for doc_pk, v, d, n, fmt, their_doc in held:
                if (getattr(rec, "format", "") or "").lower() in formats[v]:
                    continue          # that version has a file of this format: not a rendition
                theirs = ((d or "").strip(), _fold(n))
                if (date or number) and any(theirs):
                    same = theirs == (date, number)
                else:
                    mine = mine if mine is not None else _record_fingerprint(rec)
                    same = _similarity(mine, self._stored_fingerprint(s, doc_pk)) >= RENDITION_MATCH
                if same:
                    return LoadResult("imported", rec.doc_id, plan.id, v, v == plan.current_version,
                                      rendition_of=their_doc)
        version = (plan.versions or 0) + 1
        plan.versions = version
        plan.updated_at = utcnow()
        current_date = s.scalar(select(DocumentRow.approved_date).where(
            DocumentRow.plan_id == plan.id, DocumentRow.version == plan.current_version,
            DocumentRow.status == "imported").limit(1))
        if date and current_date and date < current_date.strip():
            return LoadResult("imported", rec.doc_id, plan.id, version, False)  # an older act received late
        replaced = [tuple(r) for r in s.execute(
            select(DocumentRow.doc_id, DocumentRow.version).where(
                DocumentRow.plan_id == plan.id, DocumentRow.is_current.is_(True))
            .order_by(DocumentRow.id))]
        s.execute(update(DocumentRow).where(DocumentRow.plan_id == plan.id,
                                            DocumentRow.is_current.is_(True))
                  .values(is_current=False))
        plan.current_version = version
        return LoadResult("imported", rec.doc_id, plan.id, version, True, replaced=replaced)

    @staticmethod
    def _stored_fingerprint(s: Session, document_pk: int) -> list[str]:
        acts = s.execute(select(*(getattr(ActivityRow, f) for f in _FINGERPRINT_FIELDS))
                         .where(ActivityRow.document_id == document_pk)).all()
        inds = s.execute(select(IndicatorRow.indicator, IndicatorRow.unit, IndicatorRow.year,
                                IndicatorRow.value).where(IndicatorRow.document_id == document_pk)).all()
        return _fingerprint(acts, inds)

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

    # ------------------------------------------------------------------ reading back

    def _documents_query(self, current_only: bool):
        q = select(DocumentRow).where(DocumentRow.status == "imported")
        if current_only:
            q = q.where(DocumentRow.is_current.is_(True))
        return q

    def document_rows(self, current_only: bool = True) -> list[dict]:
        """documents.csv rows, in import order: the current version of each plan (or all);
        `plan_id`, `version` and `current` come after the CSV's columns."""
        docs = self._documents_query(current_only).subquery()
        n_act = (select(func.count(ActivityRow.id)).where(ActivityRow.document_id == docs.c.id)
                 .scalar_subquery())
        n_ind = (select(func.count(IndicatorRow.id)).where(IndicatorRow.document_id == docs.c.id)
                 .scalar_subquery())
        with Session(self.engine) as s:
            out = []
            for d in s.execute(select(docs, n_act.label("records"), n_ind.label("indicators"))
                               .order_by(docs.c.id)):
                out.append(dict(schema.csv_row(schema.DOCUMENT, d), plan_id=d.plan_id,
                                version=d.version, current=int(bool(d.is_current))))
            from .overrides import apply as apply_overrides   # the analyst's corrections
            return apply_overrides(out)

    def activity_rows(self, current_only: bool = True) -> list[dict]:
        """activities.csv rows: documents in import order, records in seq order."""
        docs = self._documents_query(current_only).subquery()
        with Session(self.engine) as s:
            q = (select(ActivityRow, docs.c.doc_id).join(docs, ActivityRow.document_id == docs.c.id)
                 .order_by(docs.c.id, ActivityRow.seq))
            out, ids = [], []
            for a, doc_id in s.execute(q):
                ids.append(a.id)
                out.append(schema.csv_row(schema.ACTIVITY, _WithDocId(a, doc_id)))
        return overlay_corrections(self, out, ids)

    def indicator_rows(self, current_only: bool = True) -> list[dict]:
        docs = self._documents_query(current_only).subquery()
        with Session(self.engine) as s:
            q = (select(IndicatorRow, docs.c.doc_id).join(docs, IndicatorRow.document_id == docs.c.id)
                 .order_by(docs.c.id, IndicatorRow.position, IndicatorRow.id))
            return [schema.csv_row(schema.INDICATOR, _WithDocId(i, doc_id)) for i, doc_id in s.execute(q)]

    def plan_versions(self) -> list[dict]:
        """Every plan with its versions (all files, old versions included), for inspection."""
        with Session(self.engine) as s:
            out = []
            for p in s.scalars(select(Plan).order_by(Plan.id)):
                docs = s.execute(select(DocumentRow.doc_id, DocumentRow.sha256, DocumentRow.version,
                                        DocumentRow.is_current, DocumentRow.imported_at)
                                 .where(DocumentRow.plan_id == p.id, DocumentRow.status == "imported")
                                 .order_by(DocumentRow.version, DocumentRow.id)).all()
                out.append({"plan_id": p.id, "level": p.level, "region": p.region,
                            "municipality": p.municipality, "period_start": p.period_start,
                            "period_end": p.period_end, "current_version": p.current_version,
                            "documents": [dict(r._mapping) for r in docs]})
            return out

    def counts(self) -> dict[str, int]:
        """Rows per table (for reports and tests)."""
        with Session(self.engine) as s:
            return {t.name: s.scalar(select(func.count()).select_from(t))
                    for t in Base.metadata.sorted_tables}


# ----------------------------------------------------------------------------- compare (issue 15)

class CompareOverride(Base):
    """An analyst's status of one regional item for one municipal plan, kept across runs of
    `roadmaps compare` (plans by plan id: any rendition or later run finds it; the item by its
    key and its folded text, so that a renumbered item is still found)."""

    __tablename__ = "compare_overrides"
    id = Column(Integer, primary_key=True)
    regional_plan_id = Column(Integer, ForeignKey("plans.id", ondelete="CASCADE",
                                                  name="fk_compare_overrides_regional_plan_id_plans"),
                              nullable=False)
    municipal_plan_id = Column(Integer, ForeignKey("plans.id", ondelete="CASCADE",
                                                   name="fk_compare_overrides_municipal_plan_id_plans"),
                               nullable=False)
    regional_item = Column(Text, nullable=False)
    regional_activity = Column(Text, nullable=False, default="")
    status = Column(String(20), nullable=False)
    note = Column(Text, default="")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    __table_args__ = (Index("ix_compare_overrides_plans", "regional_plan_id", "municipal_plan_id"),)


def compare_documents(store: Store) -> list[dict]:
    """One row per current plan version, for `roadmaps compare`: the rendition read is the
    DOCX when there is one (else the first imported), `aliases` the doc_ids of all its
    renditions (the PDF of a DOCX is the same plan version, never a second municipality)."""
    by_version: dict[tuple, list[dict]] = {}
    for d in store.document_rows(current_only=True):
        key = (d["plan_id"], d["version"]) if d["plan_id"] is not None else ("doc", d["doc_id"])
        by_version.setdefault(key, []).append(d)
    with Session(store.engine) as s:
        pks = dict(s.execute(select(DocumentRow.sha256, DocumentRow.id)).all())
    out = []
    for docs in by_version.values():
        chosen = min(docs, key=lambda d: (str(d["format"]).lower() != "docx", pks.get(d["sha256"], 0)))
        out.append(dict(chosen, document_pk=pks.get(chosen["sha256"]),
                        aliases=[d["doc_id"] for d in docs]))
    return out


def compare_activities(store: Store, document_pks: list[int]) -> dict[int, list[dict]]:
    """Typed activity records of the given documents, in seq order, each with its stored
    deadline intervals [(start, end)] (open ends None) and its lists as lists."""
    out: dict[int, list[dict]] = {pk: [] for pk in document_pks}
    if not document_pks:
        return out
    with Session(store.engine) as s:
        acts = s.scalars(select(ActivityRow).where(ActivityRow.document_id.in_(document_pks))
                         .order_by(ActivityRow.document_id, ActivityRow.seq)).all()
        ivs: dict[int, list[tuple]] = {}
        ids = [a.id for a in acts]
        for chunk in range(0, len(ids), 900):
            for aid, start, end in s.execute(
                    select(DeadlineInterval.activity_id, DeadlineInterval.start_date,
                           DeadlineInterval.end_date)
                    .where(DeadlineInterval.activity_id.in_(ids[chunk:chunk + 900]))
                    .order_by(DeadlineInterval.activity_id, DeadlineInterval.position)):
                ivs.setdefault(aid, []).append((start, end))
        for a in acts:
            row = {f.name: _typed(f, getattr(a, f.name)) for f in _COMPARED}
            out[a.document_id].append(dict(row, intervals=ivs.get(a.id, [])))
    return out


_COMPARED = [f for f in schema.ACTIVITY if f.name in (
    "seq", "table", "section_no", "section_title", "item_no", "activity", "expected_result",
    "deadline_raw", "deadlines", "months", "recurrence", "responsible")]


def _typed(f: "schema.Field", value):
    """A stored value as its record type: a list as a list, a missing text as ''."""
    if f.type is list:
        return list(value or [])
    return "" if value is None and f.type is str else value


def save_compare_override(store: Store, regional_plan_id: int, municipal_plan_id: int,
                          regional_item: str, regional_activity: str, status: str | None,
                          note: str = "") -> None:
    """Set (replace) the analyst's status of one regional item for one municipal plan;
    status None removes it (the method's status applies again)."""
    with Session(store._writer) as s, s.begin():
        s.execute(delete(CompareOverride).where(
            CompareOverride.regional_plan_id == regional_plan_id,
            CompareOverride.municipal_plan_id == municipal_plan_id,
            CompareOverride.regional_item == regional_item))
        if status is None:
            return
        s.add(CompareOverride(regional_plan_id=regional_plan_id, municipal_plan_id=municipal_plan_id,
                              regional_item=regional_item, regional_activity=regional_activity,
                              status=status, note=note, created_at=utcnow()))


def compare_overrides(store: Store, regional_plan_id: int) -> list[dict]:
    """The analyst's statuses for items of this regional plan, oldest first."""
    with Session(store.engine) as s:
        rows = s.scalars(select(CompareOverride).where(
            CompareOverride.regional_plan_id == regional_plan_id).order_by(CompareOverride.id))
        return [{"municipal_plan_id": r.municipal_plan_id, "regional_item": r.regional_item,
                 "regional_activity": r.regional_activity, "status": r.status, "note": r.note or ""}
                for r in rows]


# ----------------------------------------------------------------------------- corrections, users
# (the analyst's workbench, pipeline/web): a correction is kept apart from the extracted value,
# with who and when; `activity_rows()` overlays the latest correction of each field, so the
# CSVs, the workbook, `roadmaps export` and the comparison all read corrected values.

EDITABLE_FIELDS = tuple(schema.names(schema.ACTIVITY, editable=True))
EXCLUDED = "__excluded__"      # new_value "1": the record is not an activity (left out of outputs)
ADDED = "__added__"            # the record was added by an analyst (new_value: its fields, JSON)


class User(Base):
    """A person who may sign in to the web application (role analyst or viewer)."""

    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    password_hash = Column(Text, nullable=False)
    role = Column(String(20), nullable=False, default="viewer")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Correction(Base):
    """One change of one field of one record by a person; the latest active one wins."""

    __tablename__ = "corrections"
    id = Column(Integer, primary_key=True)
    activity_id = Column(Integer, ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True,
                         nullable=False)
    table_index = Column(Integer)          # where the record sat, to find it in a new version
    row_index = Column(Integer)
    anchor = Column(Text)                  # its extracted activity text and year, folded
    field = Column(Text, nullable=False)
    old_value = Column(Text)
    new_value = Column(Text)
    username = Column(Text)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    status = Column(String(20), nullable=False, default="active")   # active / carried / unplaced
    carried_from = Column(Integer)         # the correction of an older version it continues
    carried_to = Column(Integer)           # documents.id it was carried (or failed to carry) to


def _anchor(activity: str | None, year: str | None) -> str:
    return _fold(activity) + "\x1f" + _fold(year)


def _as_text(a: "ActivityRow", name: str):
    """A stored field of a record as the CSV shows it."""
    return schema.csv_value(_ACTIVITY_FIELDS[name], getattr(a, name))


_ACTIVITY_FIELDS = schema.by_name(schema.ACTIVITY)


def overlay_corrections(store: "Store", rows: list[dict], ids: list[int]) -> list[dict]:
    """`rows` (activity_rows() dicts, `ids` their activities.id) with the analysts'
    corrections applied; records marked «not an activity» left out."""
    carry_corrections(store)
    with Session(store.engine) as s:
        found = s.execute(select(Correction.activity_id, Correction.field, Correction.new_value)
                          .where(Correction.status == "active", Correction.activity_id.isnot(None))
                          .order_by(Correction.id)).all()
    if not found:
        return rows
    latest: dict[int, dict] = {}
    for activity_id, field, value in found:
        latest.setdefault(activity_id, {})[field] = value
    out = []
    for row, activity_id in zip(rows, ids):
        changes = latest.get(activity_id)
        if changes:
            if changes.get(EXCLUDED) == "1":
                continue
            row = dict(row, **{f: v or "" for f, v in changes.items() if f in EDITABLE_FIELDS})
        out.append(row)
    return out


def record_corrections(store: "Store", activity_id: int) -> dict[str, str]:
    """{field: corrected value} of one record (latest active correction per field)."""
    with Session(store.engine) as s:
        found = s.execute(select(Correction.field, Correction.new_value)
                          .where(Correction.activity_id == activity_id,
                                 Correction.status == "active").order_by(Correction.id)).all()
    return {f: v or "" for f, v in found}


def correct_record(store: "Store", activity_id: int, changes: dict[str, str], user: str) -> int:
    """Store the fields of `changes` that differ from the record's current value; how many."""
    current = record_corrections(store, activity_id)
    n = 0
    with Session(store._writer) as s, s.begin():
        a = s.get(ActivityRow, activity_id)
        if a is None:
            raise KeyError(activity_id)
        for field, new in changes.items():
            if field not in EDITABLE_FIELDS and field != EXCLUDED:
                continue
            old = current[field] if field in current else (
                "0" if field == EXCLUDED else _as_text(a, field))
            new = "" if new is None else str(new)
            if new == old:
                continue
            s.add(Correction(activity_id=a.id, document_id=a.document_id, table_index=a.table_index,
                             row_index=a.row_index, anchor=_anchor(a.activity, a.year), field=field,
                             old_value=old, new_value=new, username=user))
            n += 1
    return n


def add_record(store: "Store", document_pk: int, fields: dict[str, str], user: str) -> int:
    """A record the extractor missed, added to a document; its activities.id."""
    import json
    with Session(store._writer) as s, s.begin():
        return _insert_added(s, document_pk, fields, user, json.dumps(fields, ensure_ascii=False))


def _insert_added(s: Session, document_pk: int, fields: dict, user: str, payload: str,
                  when=None, carried_from: int | None = None) -> int:
    seq = (s.scalar(select(func.max(ActivityRow.seq)).where(ActivityRow.document_id == document_pk))
           or 0) + 1
    values = {f: fields.get(f, "") for f in EDITABLE_FIELDS
              if f not in ("deadlines", "months", "responsible")}
    values["responsible"] = [p.strip() for p in str(fields.get("responsible", "")).split(";")
                             if p.strip()]
    values["deadlines"] = [p.strip() for p in str(fields.get("deadlines", "")).split(";") if p.strip()]
    a = ActivityRow(document_id=document_pk, seq=seq, table="", **values)
    s.add(a)
    s.flush()
    s.add(Correction(activity_id=a.id, document_id=document_pk, anchor=_anchor(a.activity, a.year),
                     field=ADDED, old_value="", new_value=payload, username=user,
                     created_at=when or utcnow(), carried_from=carried_from))
    return a.id


def record_history(store: "Store", activity_id: int) -> list[dict]:
    """Every change of one record, oldest first (carried ones keep their first author)."""
    with Session(store.engine) as s:
        return [{"field": c.field, "old": c.old_value, "new": c.new_value, "user": c.username,
                 "when": c.created_at, "carried": c.carried_from is not None}
                for c in s.scalars(select(Correction).where(Correction.activity_id == activity_id)
                                   .order_by(Correction.id))]


def unplaced_corrections(store: "Store", document_pk: int) -> list[dict]:
    """Corrections of an older version that found no record in this document."""
    with Session(store.engine) as s:
        return [{"field": c.field, "old": c.old_value, "new": c.new_value, "user": c.username,
                 "when": c.created_at, "anchor": (c.anchor or "").split("\x1f")[0],
                 "table_index": c.table_index, "row_index": c.row_index}
                for c in s.scalars(select(Correction).where(Correction.carried_to == document_pk,
                                                            Correction.status == "unplaced")
                                   .order_by(Correction.id))]


def carry_corrections(store: "Store") -> int:
    """Carry the active corrections of superseded versions to their plan's current document(s),
    matching records by table position and text (else by text alone, when unique); those that
    find no record are kept as «unplaced» on the new document. Idempotent; how many moved."""
    with Session(store.engine) as s:
        stale = s.execute(select(Correction.id, Correction.document_id)
                          .join(DocumentRow, DocumentRow.id == Correction.document_id)
                          .where(Correction.status == "active", DocumentRow.is_current.is_(False),
                                 DocumentRow.status == "imported")).all()
    if not stale:
        return 0
    moved = 0
    with Session(store._writer) as s, s.begin():
        for old_doc in sorted({d for _, d in stale}):
            plan_id = s.scalar(select(DocumentRow.plan_id).where(DocumentRow.id == old_doc))
            targets = s.scalars(select(DocumentRow.id).where(
                DocumentRow.plan_id == plan_id, DocumentRow.is_current.is_(True),
                DocumentRow.status == "imported", DocumentRow.id != old_doc)).all()
            corrections = s.scalars(select(Correction).where(Correction.document_id == old_doc,
                                                             Correction.status == "active")
                                    .order_by(Correction.id)).all()
            for target in targets:
                moved += _carry_into(s, corrections, target)
            for c in corrections:
                if c.status == "active":
                    c.status = "carried" if targets else c.status
    return moved


def _carry_into(s: Session, corrections: list, target: int) -> int:
    rows = s.execute(select(ActivityRow.id, ActivityRow.table_index, ActivityRow.row_index,
                            ActivityRow.activity, ActivityRow.year)
                     .where(ActivityRow.document_id == target)).all()
    by_place = {(r.table_index, r.row_index, _anchor(r.activity, r.year)): r.id for r in rows}
    by_text = Counter(_anchor(r.activity, r.year) for r in rows)
    text_id = {_anchor(r.activity, r.year): r.id for r in rows}
    placed, moved = {}, 0
    for c in corrections:
        if c.field == ADDED:
            import json
            new_id = _insert_added(s, target, json.loads(c.new_value or "{}"), c.username,
                                   c.new_value, when=c.created_at, carried_from=c.id)
            placed[c.activity_id] = new_id
            c.status, c.carried_to = "carried", target
            moved += 1
            continue
        new_id = placed.get(c.activity_id) or by_place.get((c.table_index, c.row_index, c.anchor))
        if new_id is None and by_text.get(c.anchor) == 1:
            new_id = text_id[c.anchor]
        c.carried_to = target
        if new_id is None:
            c.status = "unplaced"
            continue
        s.add(Correction(activity_id=new_id, document_id=target, table_index=c.table_index,
                         row_index=c.row_index, anchor=c.anchor, field=c.field,
                         old_value=c.old_value, new_value=c.new_value, username=c.username,
                         created_at=c.created_at, carried_from=c.id))
        c.status = "carried"
        moved += 1
    return moved


def add_user(store: "Store", name: str, password_hash: str, role: str) -> None:
    """Create or update a user (the hash made by pipeline.web.auth)."""
    with Session(store._writer) as s, s.begin():
        user = s.scalar(select(User).where(User.name == name))
        if user is None:
            s.add(User(name=name, password_hash=password_hash, role=role))
        else:
            user.password_hash, user.role = password_hash, role


def get_user(store: "Store", name: str) -> dict | None:
    with Session(store.engine) as s:
        u = s.scalar(select(User).where(User.name == name))
        return None if u is None else {"name": u.name, "role": u.role, "hash": u.password_hash}


def count_users(store: "Store") -> int:
    with Session(store.engine) as s:
        return s.scalar(select(func.count(User.id))) or 0
