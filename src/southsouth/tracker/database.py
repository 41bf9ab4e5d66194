"""Connecting to the tracker database and migrating it (Alembic, run from code).

SQLite (the embedded default) keeps its file private: a database file the tracker creates
gets mode 0600 whatever the umask (SQLite gives its ``-wal`` and ``-shm`` files the same
mode); an existing file keeps its mode. It runs in WAL mode with ``synchronous=NORMAL`` and
foreign keys on; write transactions start with ``BEGIN IMMEDIATE`` so that writers queue
for the one write lock instead of failing on upgrade, and wait up to ``busy_timeout``
seconds for it.
PostgreSQL is reached by URL (``postgresql+psycopg://…``) with READ COMMITTED transactions;
writers serialise their audit appends on the chain-head row (see :mod:`.audit`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from southsouth.errors import ConfigError, TrackerBusy, TrackerNotReady

MIGRATIONS = "southsouth.tracker.migrations"
BEGIN_OPTION = "tracker_sqlite_begin"


@dataclass(frozen=True)
class SchemaState:
    """Where the database's schema stands against the code's migrations."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        """True when the database is at the newest migration."""
        return self.current == self.head


class Database:
    """One tracker database: an engine for reads, one for writes, and the migrations."""

    def __init__(self, url: str, *, busy_timeout: float = 30.0, pool_size: int = 20) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise ConfigError(
                f"not a database URL: {url!r}",
                hint="use sqlite:///path/to/tracker.sqlite or postgresql+psycopg://user@host/db",
            ) from exc
        self.url = parsed
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise ConfigError(
                f"the tracker runs on SQLite or PostgreSQL, not {self.dialect}",
                hint="use sqlite:///path/to/tracker.sqlite or postgresql+psycopg://user@host/db",
            )
        try:
            self.engine = self._create(busy_timeout, pool_size)
        except NoSuchModuleError as exc:
            raise ConfigError(
                f"no driver for {parsed.drivername}",
                hint="use postgresql+psycopg:// (psycopg 3 is installed)",
            ) from exc
        self.write_engine = self.engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        # SQLite has one write lock per file: queue this process's writers on a lock of our
        # own (fair, no sleeping in SQLite's busy handler); other processes still meet the
        # file lock and wait up to busy_timeout.
        self._writers = threading.Lock() if self.sqlite else None

    @property
    def sqlite(self) -> bool:
        """True for the embedded SQLite backend."""
        return self.dialect == "sqlite"

    @property
    def location(self) -> str:
        """The URL with any password hidden."""
        return self.url.render_as_string(hide_password=True)

    def _create(self, busy_timeout: float, pool_size: int) -> Engine:
        if self.dialect == "sqlite":
            if self.url.database in (None, "", ":memory:"):
                raise ConfigError(
                    "the tracker needs a SQLite file, not an in-memory database",
                    hint="use sqlite:///path/to/tracker.sqlite",
                )
            engine = create_engine(
                self.url,
                connect_args={"timeout": busy_timeout, "check_same_thread": False},
                pool_size=pool_size,
                max_overflow=pool_size,
            )
            _sqlite_events(engine)
            return engine
        return create_engine(
            self.url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_recycle=1800,
            connect_args={"application_name": "southsouth-tracker"},
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on an error."""
        with self._writers if self._writers is not None else nullcontext():
            try:
                with self.write_engine.begin() as conn:
                    yield conn
            except OperationalError as exc:
                _raise_if_busy(exc)
                raise

    @contextmanager
    def reading(self, *, snapshot: bool = False) -> Iterator[Connection]:
        """A read transaction; ``snapshot`` makes every statement see the same state
        (REPEATABLE READ on PostgreSQL; any SQLite read transaction already does)."""
        engine = self.engine
        if snapshot and not self.sqlite:
            engine = engine.execution_options(isolation_level="REPEATABLE READ")
        try:
            with engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            _raise_if_busy(exc)
            raise

    # -- migrations -------------------------------------------------------------------------

    def schema_state(self) -> SchemaState:
        """The applied and the newest migration."""
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self._alembic_config()).get_current_head()
        assert head is not None
        if self.sqlite and not Path(str(self.url.database)).exists():
            return SchemaState(None, head)
        try:
            with self.engine.connect() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
        except OperationalError as exc:
            raise TrackerNotReady(
                f"cannot reach the tracker database at {self.location}: {exc.orig}",
                hint="check SOUTHSOUTH_TRACKER_URL and that the server is running",
            ) from exc
        return SchemaState(current, head)

    def require_current(self) -> None:
        """Raise TrackerNotReady unless the schema is at the newest migration."""
        state = self.schema_state()
        if state.current is None:
            raise TrackerNotReady(
                f"the tracker database at {self.location} is not initialised",
                hint="run `southsouth tracker init`",
            )
        if not state.up_to_date:
            raise TrackerNotReady(
                f"the tracker database is at migration {state.current}, the code needs "
                f"{state.head}",
                hint="run `southsouth tracker migrate`",
            )

    def create_if_missing(self) -> bool:
        """Create and migrate an embedded SQLite database whose file does not exist yet;
        True if it did. (A PostgreSQL database is initialised explicitly: `tracker init`.)"""
        if not self.sqlite or Path(str(self.url.database)).exists():
            return False
        self.migrate()
        return True

    def migrate(self) -> tuple[str | None, str]:
        """Upgrade the schema to the newest migration; returns (before, after) revisions."""
        from alembic import command

        if self.sqlite:
            Path(str(self.url.database)).parent.mkdir(parents=True, exist_ok=True)
        before = self.schema_state().current
        config = self._alembic_config()
        with (
            self._writers if self._writers is not None else nullcontext(),
            self.write_engine.begin() as conn,
        ):
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        return before, self.schema_state().head

    def _alembic_config(self) -> Any:
        from alembic.config import Config

        config = Config()
        location = resources.files(MIGRATIONS)
        config.set_main_option("script_location", str(location))
        config.set_main_option("path_separator", "os")
        return config

    def table_names(self) -> list[str]:
        """Tables present in the database."""
        with self.engine.connect() as conn:
            return sorted(inspect(conn).get_table_names())


def create_private(path: Path) -> bool:
    """Create an empty file at ``path`` with mode 0600 unless it exists; True if it did."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return True


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "do_connect")
    def _private(dialect: Any, record: Any, cargs: Any, cparams: Any) -> None:
        path = Path(str(engine.url.database))
        if path.parent.is_dir():
            create_private(path)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def _raise_if_busy(exc: OperationalError) -> None:
    text = str(exc.orig).lower()
    if "database is locked" in text or "database is busy" in text:
        raise TrackerBusy(
            "another writer held the tracker database for longer than the timeout",
            hint="retry; if it persists, look for a stuck process using tracker.sqlite",
        ) from exc
