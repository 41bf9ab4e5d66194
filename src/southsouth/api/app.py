"""The read API over the warehouse: countries, blocs, memberships, datasets, indicators.

Routes only parse, call the feature functions and format; every row that carries a
number or a membership also carries its source.
"""

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request

from southsouth import __version__
from southsouth.api.problems import PROBLEM, handle_southsouth_error
from southsouth.errors import SouthsouthError
from southsouth.jsonable import records
from southsouth.registry import DEFAULT_GROUP
from southsouth.settings import Settings, load_settings
from southsouth.workspace import Workspace

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {PROBLEM: {}}}
    for status, text in (
        (400, "Invalid input (problem+json)"),
        (404, "Unknown country, bloc, group or indicator (problem+json)"),
        (503, "The warehouse is not loaded or busy (problem+json)"),
    )
}


def workspace(request: Request) -> Iterator[Workspace]:
    """A read-only workspace for one request."""
    ws = Workspace(request.app.state.settings, read_only=True)
    try:
        yield ws
    finally:
        ws.close()


WS = Annotated[Workspace, Depends(workspace)]
Year = Annotated[int | None, Query(ge=1945, le=2100, description="31 December of this year")]
Day = Annotated[date | None, Query(alias="date", description="Membership on this day")]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; settings come from the environment unless given."""
    settings = settings or load_settings()
    app = FastAPI(
        title="southsouth",
        version=__version__,
        description="Evidence for South–South cooperation: registry, memberships, indicators. "
        "Every row cites its source.",
    )
    app.state.settings = settings
    app.add_exception_handler(SouthsouthError, handle_southsouth_error)

    @app.get("/health")
    def health() -> dict[str, str]:
        """Liveness."""
        return {"status": "ok", "version": __version__}

    @app.get("/datasets", responses=ERRORS)
    def datasets(ws: WS) -> list[dict[str, Any]]:
        """Loaded datasets with vintage, licence, citation and row counts."""
        return records(ws.datasets())

    @app.get("/countries", responses=ERRORS)
    def countries(ws: WS, group: str = DEFAULT_GROUP, year: Year = None) -> list[dict[str, Any]]:
        """Countries of a Global South definition, bloc or comma-separated ISO3 list."""
        return records(ws.countries(group, year=year))

    @app.get("/blocs", responses=ERRORS)
    def blocs(ws: WS) -> list[dict[str, Any]]:
        """Blocs and forums with their current full-member counts."""
        return records(ws.blocs())

    @app.get("/blocs/{bloc}/members", responses=ERRORS)
    def members(
        ws: WS,
        bloc: str,
        year: Year = None,
        on: Day = None,
        all_statuses: Annotated[bool, Query(alias="all")] = False,
    ) -> dict[str, Any]:
        """A bloc's members on a day, each with status, dates and source."""
        frame = ws.members(bloc, year=year, on=on, all_statuses=all_statuses)
        found = frame.attrs["bloc"]
        return {
            "bloc_id": found.bloc_id,
            "name": found.name,
            "date": frame.attrs["reference_date"].isoformat(),
            "members": records(frame),
        }

    @app.get("/indicators", responses=ERRORS)
    def indicators(ws: WS) -> list[dict[str, Any]]:
        """Loaded indicators with unit, coverage, source and licence."""
        return records(ws.indicators())

    @app.get("/indicators/{indicator}/observations", responses=ERRORS)
    def observations(
        ws: WS,
        indicator: str,
        country: Annotated[list[str] | None, Query(description="ISO3; repeatable")] = None,
        group: str | None = None,
        year: Annotated[list[int] | None, Query(description="repeatable")] = None,
    ) -> list[dict[str, Any]]:
        """Values of one indicator, each with publisher, licence and vintage."""
        chosen: list[str] | str | None = country if country else group
        return records(ws.observations(indicator, countries=chosen, years=year))

    return app
