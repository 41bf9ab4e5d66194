"""What the two HTTP surfaces (REST API and dashboard) share, beneath both of them.

Query and path parameters are built from the declared bounds
(:mod:`southsouth.service.parameters`): group and country texts follow the request grammar,
capped in length and in entries, and nothing a request sends names a file. Besides: the HTTP
status of an error, the caller a request is charged to, and the app's tracker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Path, Query, Request
from pydantic import AfterValidator, Field, StringConstraints

from southsouth.errors import AnalysisError, InputError, NotSynced, SouthsouthError, WarehouseBusy
from southsouth.group_grammar import (
    DEFAULT_GROUP,
    GROUP_TEXT_PATTERN,
    MAX_GROUP_TEXT,
    MAX_LIST_ITEMS,
)
from southsouth.periods import MEMBERSHIP_YEARS, TARGET_YEARS
from southsouth.service.parameters import GROUP_HELP, MAX_GROUPS, MAX_NAME, few_entries

if TYPE_CHECKING:
    from southsouth.tracker import Tracker

__all__ = ["GROUP_HELP", "MAX_GROUPS", "MAX_NAME"]

MIN_YEAR, MAX_YEAR = MEMBERSHIP_YEARS.first, TARGET_YEARS.until


def group_query(description: str = GROUP_HELP, **extra: Any) -> Any:
    """A ``Query`` for a group text: the request grammar, its length cap, ``description``."""
    return Query(
        min_length=1,
        max_length=MAX_GROUP_TEXT,
        pattern=GROUP_TEXT_PATTERN,
        description=description,
        **extra,
    )


#: A group text's value checks beyond the pattern (entries).
Checked = AfterValidator(few_entries)

Year = Annotated[
    int | None,
    Query(ge=MIN_YEAR, le=MAX_YEAR, description="Year (memberships: on 31 December of it)"),
]
DataYear = Annotated[
    int | None, Query(ge=1900, le=MAX_YEAR, description="Data year (default: the latest)")
]
Day = Annotated[date | None, Query(alias="date", description="Membership on this day")]
Group = Annotated[str, group_query(), Checked]
OptionalGroup = Annotated[str | None, group_query(), Checked]
#: One group text as it appears in a list (repeatable parameters).
GroupItem = Annotated[str, group_query(), Checked]
Groups = Annotated[
    list[GroupItem] | None,
    Query(
        alias="group",
        max_length=MAX_GROUPS,
        description=f"Bloc or group to summarise; repeatable, at most {MAX_GROUPS} (default: "
        "the standard set). " + GROUP_HELP,
    ),
]
Country = Annotated[
    str,
    Path(
        min_length=1,
        max_length=MAX_NAME,
        pattern=GROUP_TEXT_PATTERN,
        description="ISO3 code or country name",
    ),
]
#: A country code or name inside a list parameter.
CountryText = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_NAME, pattern=GROUP_TEXT_PATTERN)
]
Countries = Annotated[
    list[CountryText] | None,
    Query(
        alias="country",
        max_length=MAX_LIST_ITEMS,
        description=f"ISO3 or name; repeatable, at most {MAX_LIST_ITEMS} (default: all)",
    ),
]
Years = Annotated[
    list[Annotated[int, Field(ge=1800, le=MAX_YEAR)]] | None,
    Query(alias="year", max_length=300, description="Year; repeatable (default: all years)"),
]
DEFAULT = DEFAULT_GROUP


def status_of(error: SouthsouthError) -> int:
    """HTTP status for an error: 404 for unknown names, 400 other bad input, 503 not ready,
    422 when the data cannot support an answer (AnalysisError).

    An error class may name its own status in ``http_status`` (tracker: 401, 403, 409, 412,
    422, 428, 503); that wins.
    """
    declared = getattr(error, "http_status", None)
    if isinstance(declared, int):
        return declared
    if isinstance(error, InputError):
        return 404 if error.code.startswith("unknown-") else 400
    if isinstance(error, NotSynced | WarehouseBusy):
        return 503
    if isinstance(error, AnalysisError):
        return 422
    return 500


def caller_of(request: Request) -> Any:
    """Who the request guard charged for ``request`` (None when no guard runs)."""
    return getattr(request.state, "caller", None)


def charge_of(request: Request) -> Callable[[], None] | None:
    """What charges a heavy computation to the request's caller (None: no allowances)."""
    allowances = getattr(request.app.state, "allowances", None)
    if allowances is None:
        return None
    caller = caller_of(request)
    return lambda: allowances.charge_compute(caller)


_OPEN_LOCK = threading.Lock()


def get_tracker(request: Request) -> Tracker:
    """The app's tracker, opened on first use from the app's settings."""
    return tracker_of(request.app.state)


def tracker_of(state: Any) -> Tracker:
    """The tracker kept in an app's ``state``, opened once on first use."""
    found = getattr(state, "tracker", None)
    if found is None:
        with _OPEN_LOCK:
            found = getattr(state, "tracker", None)
            if found is None:
                from southsouth.tracker import open_tracker

                found = open_tracker(getattr(state, "settings", None))
                state.tracker = found
    return found
