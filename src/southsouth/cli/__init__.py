"""The ``southsouth`` command line: parse, call a feature function, format the result.

Importing it loads Typer, Rich and light southsouth modules only (``tests/cli/test_startup.py``
checks): each command imports pandas, the workspace and its feature package when it runs, and
an annotation that names a heavy type is a string under ``TYPE_CHECKING``.

The modules that declare commands do not postpone annotations (no ``from __future__ import
annotations``): Typer reads every command's signature on each run, and evaluating some six
hundred annotation strings twice cost about 45 ms of every call, ``--help`` included.
"""

from __future__ import annotations

from southsouth.cli import (  # noqa: F401 - modules register their commands
    brief,
    data,
    evidence,
    gaps,
    methods,
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
