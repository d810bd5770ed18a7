"""Shared pytest fixtures.

Store fixtures: every store test runs against a SQLite file, and against PostgreSQL when
`ROADMAPS_TEST_PG_URL` is set (e.g. postgresql+psycopg2://postgres@127.0.0.1:5432/test);
each PostgreSQL test gets a schema of its own (`roadmaps_test_<pid>_<n>`), dropped afterwards.
"""
from __future__ import annotations

import itertools
import os
import sys
from dataclasses import dataclass, field

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

PG_URL_ENV = "ROADMAPS_TEST_PG_URL"
_schema_numbers = itertools.count(1)


@dataclass
class StoreTarget:
    """One database for a test: `url` (+ `schema` on PostgreSQL); `open()` gives a Store."""

    backend: str
    url: str
    schema: str | None = None
    opened: list = field(default_factory=list)

    def open(self, **kw):
        from pipeline.store import Store
        store = Store(self.url, schema=self.schema, **kw)
        self.opened.append(store)
        return store


def _drop_pg_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture
def pg_url():
    """The PostgreSQL server of the store tests (skips the test when none is configured)."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(f"{PG_URL_ENV} not set")
    return url


@pytest.fixture
def pg_target(pg_url):
    """A PostgreSQL schema of this test's own, dropped afterwards."""
    target = StoreTarget("postgresql", pg_url, f"roadmaps_test_{os.getpid()}_{next(_schema_numbers)}")
    _drop_pg_schema(pg_url, target.schema)
    yield target
    for store in target.opened:
        store.close()
    _drop_pg_schema(pg_url, target.schema)


@pytest.fixture
def sqlite_target(tmp_path):
    target = StoreTarget("sqlite", f"sqlite:///{tmp_path / 'roadmaps.db'}")
    yield target
    for store in target.opened:
        store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request):
    """The same test once on a SQLite file, once on PostgreSQL (skipped without a server)."""
    return request.getfixturevalue(f"{'pg' if request.param == 'postgresql' else 'sqlite'}_target")


@pytest.fixture(autouse=True, scope="session")
def _no_analyst_overrides():
    """Tests never read the analyst's corrections (data/overrides.yaml): a test that needs
    corrections names its own file in ROADMAPS_OVERRIDES."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROADMAPS_OVERRIDES", os.path.join(os.path.dirname(__file__), "no-such-overrides.yaml"))
        yield
