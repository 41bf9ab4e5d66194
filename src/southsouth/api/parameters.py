"""Query and path parameters shared by several routers, declared once with their bounds."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query

from southsouth.registry import DEFAULT_GROUP

MIN_YEAR, MAX_YEAR = 1945, 2100

Year = Annotated[
    int | None,
    Query(ge=MIN_YEAR, le=MAX_YEAR, description="Year (memberships: on 31 December of it)"),
]
DataYear = Annotated[
    int | None, Query(ge=1900, le=MAX_YEAR, description="Data year (default: the latest)")
]
Day = Annotated[date | None, Query(alias="date", description="Membership on this day")]
Group = Annotated[
    str,
    Query(
        min_length=1,
        max_length=200,
        description="A Global South definition (g77, m49-developing, …), a bloc (AU, BRICS, "
        "…) or comma-separated ISO3 codes",
    ),
]
Groups = Annotated[
    list[str] | None,
    Query(
        alias="group",
        description="Bloc or group to summarise; repeatable (default: the standard set)",
    ),
]
Country = Annotated[str, Path(min_length=1, max_length=80, description="ISO3 code or country name")]
DEFAULT = DEFAULT_GROUP
