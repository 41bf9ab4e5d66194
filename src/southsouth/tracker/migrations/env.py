"""Alembic environment: migrate the connection the caller passes in ``config.attributes``.

Run from code by :meth:`southsouth.tracker.database.Database.migrate`. A developer adding a
migration may also run Alembic directly with ``-x url=…`` (or SOUTHSOUTH_TRACKER_URL).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from southsouth.tracker.tables import Base


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    from southsouth.settings import load_settings

    url = context.get_x_argument(as_dictionary=True).get("url")
    engine = create_engine(url or load_settings().tracker_database_url)
    with engine.begin() as conn:
        _migrate(conn)
    engine.dispose()


_run()
