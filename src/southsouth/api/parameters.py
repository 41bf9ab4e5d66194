"""Query and path parameters shared by several routers, declared once with their bounds.

Group and country texts from a request are held to the registry's request grammar
(:data:`~southsouth.registry.groups.GROUP_TEXT_PATTERN`): codes, names, group ids and comma
lists, capped in length and in entries. Nothing a request sends names a file.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, Field, StringConstraints

from southsouth.group_grammar import (
    DEFAULT_GROUP,
    GROUP_TEXT_PATTERN,
    MAX_GROUP_TEXT,
    MAX_LIST_ITEMS,
)

MIN_YEAR, MAX_YEAR = 1945, 2100
#: Most groups a repeatable group parameter takes.
MAX_GROUPS = 12
#: Longest country code or name.
MAX_NAME = 80

GROUP_HELP = (
    "A Global South definition (g77, m49-developing, wb-lmic, all), a bloc id (AU, BRICS, …) "
    f"or ISO3 codes or names separated by commas (at most {MAX_LIST_ITEMS})"
)


def _few_entries(text: str) -> str:
    if text.count(",") >= MAX_LIST_ITEMS:
        raise ValueError(f"at most {MAX_LIST_ITEMS} comma-separated countries")
    return text


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
Checked = AfterValidator(_few_entries)

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
