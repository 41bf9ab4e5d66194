"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer

from southsouth.periods import MEMBERSHIP_YEARS, YearRange, check_date, check_year
from southsouth.workspace import Workspace, open_workspace


def within(years: YearRange) -> Callable[[typer.CallbackParam, int | None], int | None]:
    """An option callback that refuses a year outside ``years`` before the command runs."""

    def check(param: typer.CallbackParam, value: int | None) -> int | None:
        option = max(param.opts, key=len) if param.opts else str(param.name)
        return check_year(value, years, option=option)

    return check


JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help=f"Membership on 31 December of this year ({MEMBERSHIP_YEARS}).",
        callback=within(MEMBERSHIP_YEARS),
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help=f"Membership on this day, YYYY-MM-DD ({MEMBERSHIP_YEARS})."),
]


def workspace(*, read_only: bool = True) -> Workspace:
    """The workspace named by SOUTHSOUTH_* settings."""
    return open_workspace(read_only=read_only)


def parse_date(
    text: str | None, years: YearRange = MEMBERSHIP_YEARS, *, option: str = "--date"
) -> date | None:
    """``YYYY-MM-DD`` → date whose year is in ``years``, or a usage error naming the option."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2025-01-29", param_hint=option
        ) from None
    return check_date(day, years, option=option)
