"""Alembic environment of the store.

The store runs the migrations itself on start (`pipeline.store.Store.upgrade`), handing
over a connection that already holds the upgrade lock. From the command line:

    alembic -c pipeline/alembic.ini upgrade head        # DATABASE_URL, else -x url=...
    alembic -c pipeline/alembic.ini revision --autogenerate -m "..."
"""
from __future__ import annotations

import os

from alembic import context

from pipeline.store import Base, Store

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      transactional_ddl=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    url = (context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("DATABASE_URL")
           or config.get_main_option("sqlalchemy.url"))
    if not url:
        raise SystemExit("set DATABASE_URL or pass -x url=...")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    store = Store(url, upgrade=False)
    try:
        with store.engine.connect() as conn:
            run(conn)
            conn.commit()
    finally:
        store.close()


main()
