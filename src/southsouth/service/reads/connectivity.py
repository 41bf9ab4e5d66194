"""Connectivity reads: missing direct air links, hubs, the links between two countries, and the
change since 2014.

Routes are the scheduled non-stop services listed around 3 May 2026 (airline-route-data), with
OpenFlights' June 2014 routes as history; each document says so in ``notes`` and in its routes
source's ``caveat``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.service.declared import ALL_TABLES, Read, ReadParams
from southsouth.service.parameters import CountryText, GroupText

if TYPE_CHECKING:
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace

#: Most missing links and hubs ranked per read.
MAX_MISSING, MAX_HUBS = 200, 500


class MissingParams(ReadParams):
    """Two areas (regions, blocs or groups), how many links to rank, the Global South set."""

    from_area: GroupText
    to_area: GroupText
    top: Annotated[int, Field(ge=1, le=MAX_MISSING)] = 10
    group: GroupText = DEFAULT_GROUP


class HubsParams(ReadParams):
    """The Global South set, the level and measure of the ranking, how many hubs."""

    group: GroupText = DEFAULT_GROUP
    level: Literal["country", "airport"] = "country"
    by: Literal["betweenness", "degree"] = "betweenness"
    top: Annotated[int, Field(ge=1, le=MAX_HUBS)] = 20


class RouteLinksParams(ReadParams):
    """Two countries and the Global South set whose hubs count as Southern."""

    country_a: CountryText
    country_b: CountryText
    group: GroupText = DEFAULT_GROUP


class ChangeParams(ReadParams):
    """The Global South set, and whether to list areas or the pairs that changed."""

    group: GroupText = DEFAULT_GROUP
    detail: Literal["areas", "pairs"] = "areas"


def _sources(ws: Workspace, whole: dict[str, Any]) -> list[dict[str, Any]]:
    """The sources block of the routes and of the model's inputs; each route dataset's entry
    carries the caveat every route output repeats (what the routes are, and are not)."""
    from southsouth.service.documents import ids_in, sources

    routes = whole["sources"] if "sources" in whole else [whole["source"]]
    given = [*routes, *whole.get("inputs_source", [])]
    block = sources(ws, ids_in(given, "source_id"), given)
    caveats = {r["source_id"]: r["caveat"] for r in routes}
    for entry in block:
        if entry["source_id"] in caveats:
            entry["caveat"] = caveats[entry["source_id"]]
    return block


def _missing(ws: Workspace, p: MissingParams) -> Document:
    whole = ws.missing_air_links(p.from_area, p.to_area, top=p.top, group=p.group).as_dict()
    return {
        "from": whole["from"],
        "to": whole["to"],
        "counts": whole["counts"],
        "model": whole["model"],
        "year": whole["year"],
        "items": whole["links"],
        "notes": whole["notes"],
        "sources": _sources(ws, whole),
    }


def _hubs(ws: Workspace, p: HubsParams) -> Document:
    whole = ws.air_hubs(group=p.group, level=p.level, by=p.by, top=p.top).as_dict()
    return {
        "level": whole["level"],
        "group": whole["group"],
        "by": whole["by"],
        "nodes": whole["nodes"],
        "edges": whole["edges"],
        "items": whole["hubs"],
        "notes": whole["notes"],
        "sources": _sources(ws, whole),
    }


def _route_links(ws: Workspace, p: RouteLinksParams) -> Document:
    result = ws.air_links(p.country_a, p.country_b, group=p.group)
    whole = result.as_dict()
    return {
        "country_a": whole["country_a"],
        "country_b": whole["country_b"],
        "names": whole["names"],
        "group": whole["group"],
        "in_group": whole["in_group"],
        "direct": whole["direct"],
        "link": whole["link"],
        "capitals": whole["capitals"],
        "outbound": whole["outbound"],
        "inbound": whole["inbound"],
        "items": whole["routes"],
        "since_2014": whole["since_2014"],
        "segments": result.segments(),
        "notes": whole["notes"],
        "sources": _sources(ws, whole),
    }


def _change(ws: Workspace, p: ChangeParams) -> Document:
    whole = ws.air_route_change(group=p.group).as_dict()
    return {
        "group": whole["group"],
        "years": whole["years"],
        "detail": p.detail,
        "items": whole["areas"] if p.detail == "areas" else whole["pairs"],
        "notes": whole["notes"],
        "sources": _sources(ws, whole),
    }


MISSING = Read(
    "routes missing",
    "Country pairs with strong expected air demand (gravity) and no direct flight",
    MissingParams,
    _missing,
    ALL_TABLES,
    heavy=lambda p: True,
)
HUBS = Read(
    "routes hubs",
    "Hubs of the air network among a group's members (degree, betweenness)",
    HubsParams,
    _hubs,
    ALL_TABLES,
    heavy=lambda p: True,
)
ROUTE_LINKS = Read(
    "routes links",
    "Direct routes between two countries and the fewest-stops paths between their capitals",
    RouteLinksParams,
    _route_links,
    ALL_TABLES,
    heavy=lambda p: True,
)
ROUTE_CHANGE = Read(
    "routes change",
    "Country links gained and lost between the 2014 and 2026 route networks, per region and bloc",
    ChangeParams,
    _change,
    ALL_TABLES,
    heavy=lambda p: True,
)
