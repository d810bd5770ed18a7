"""The store's engine: database URLs, connection settings, lock conflicts told apart."""
from __future__ import annotations

import os
import weakref
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

if TYPE_CHECKING:
    from .core import Store


DEFAULT_URL_TEMPLATE = "sqlite:///{out}/roadmaps.db"
MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "migrations")
UPGRADE_LOCK_KEY = 0x726F61646D617073   # pg_advisory_xact_lock key ("roadmaps")
LEGACY_REVISION = "0001"               # the schema of the first store (create_all, no Alembic)
RETRIES = 4                            # deadlock / "database is locked" retries per file
PG_LOCK_TIMEOUT_MS = 5000              # a PostgreSQL lock wait longer than this is said aloud
PG_IDLE_IN_TRANSACTION_MS = 600000     # a session left idle in a transaction is ended by the server
LOCK_WAIT_LIMIT = 600.0                # s a file's load waits for locks before it is given up


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


_open_stores: "weakref.WeakSet[Store]" = weakref.WeakSet()


def _forget_connections_in_child() -> None:
    """A forked worker must not use (or close) its parent's pooled connections."""
    for store in list(_open_stores):
        store.engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connections_in_child)
