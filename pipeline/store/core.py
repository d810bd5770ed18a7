"""The store: opening it, creating or upgrading its schema (Alembic), and its parts."""
from __future__ import annotations

import time

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from .engine import (MIGRATIONS_DIR, UPGRADE_LOCK_KEY, LEGACY_REVISION, LOCK_WAIT_LIMIT,
                     normalize_url, _lock_timeout, make_engine, _open_stores)
from .load import Loading
from .plans import Versions
from .read import Reading


class Store(Loading, Versions, Reading):
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
        from ..i18n import _
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
