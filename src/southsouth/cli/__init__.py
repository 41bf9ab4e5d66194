"""The ``southsouth`` command line: parse, call a feature function, format the result."""

from __future__ import annotations

from southsouth.cli import (  # noqa: F401 - modules register their commands
    data,
    evidence,
    gaps,
    registry,
    relations,
    roadmap,
    routes,
    serve,
    tracker,
    trade,
)
from southsouth.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app(prog_name="southsouth")


__all__ = ["app", "main"]
