"""A throwaway PostgreSQL server for the tracker tests (RECIPES §5).

``initdb`` into a fresh directory (as the ``postgres`` user when the tests run as root),
trust authentication, a free port on 127.0.0.1, the socket in the data directory, fsync off.
``SOUTHSOUTH_TEST_DATABASE_URL`` points the tests at an existing server instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) are missing: `make system` installs the "
    "Debian package postgresql; or set SOUTHSOUTH_TEST_DATABASE_URL to a server the tests "
    "may create databases on"
)


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb, if any."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(x) for x in p.parent.parent.name.split(".") if x.isdigit()],
    )
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayPostgres:
    """Start with :meth:`start`, get an admin URL, create databases, :meth:`stop` removes all."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.data_dir = Path(tempfile.mkdtemp(prefix="southsouth-pg-"))
        self.port = _free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the maintenance database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=60,
        )

    def start(self) -> str:
        """initdb and start; returns :attr:`url`."""
        if self.as_postgres:
            shutil.chown(self.data_dir, "postgres", "postgres")
        os.chmod(self.data_dir, 0o700)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=300"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.data_dir / "server.log"),
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "start",
        )
        return self.url

    def stop(self) -> None:
        """Stop the server (immediately) and delete its files."""
        if (self.data_dir / "PG_VERSION").exists():
            subprocess.run(
                [
                    *self.as_postgres,
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    *("-m", "immediate", "-w", "stop"),
                ],
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=60,
            )
        shutil.rmtree(self.data_dir, ignore_errors=True)


def plain(url: str) -> str:
    """A libpq URL (psycopg) from a SQLAlchemy one."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name``."""
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def create_database(admin_url: str, name: str, template: str | None = None) -> str:
    """CREATE DATABASE ``name`` (optionally from ``template``); returns its SQLAlchemy URL."""
    with psycopg.connect(plain(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')
    return with_database(admin_url, name)


def drop_database(admin_url: str, name: str) -> None:
    """DROP DATABASE ``name``, disconnecting whoever is still on it."""
    with psycopg.connect(plain(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
