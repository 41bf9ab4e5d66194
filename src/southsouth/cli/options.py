"""Options shared by several commands, defined once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from southsouth.workspace import Workspace, open_workspace

JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")]
YearOption = Annotated[
    int | None, typer.Option("--year", "-y", help="Membership on 31 December of this year.")
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Membership on this day (YYYY-MM-DD).")
]


def workspace(*, read_only: bool = True) -> Workspace:
    """The workspace named by SOUTHSOUTH_* settings."""
    return open_workspace(read_only=read_only)


def parse_date(text: str | None) -> date | None:
    """``YYYY-MM-DD`` → date, or a usage error naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2025-01-29", param_hint="--date"
        ) from None
