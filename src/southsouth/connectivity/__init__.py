"""Air connectivity: the Global South route network and its missing links."""

from southsouth.connectivity.change import RouteChange, route_change
from southsouth.connectivity.hubs import HubRanking, hub_ranking
from southsouth.connectivity.missing import (
    MissingLinks,
    MissingOverview,
    demand_context,
    gravity_score,
    missing_routes,
    missing_routes_overview,
)
from southsouth.connectivity.network import (
    AirNetwork,
    ConnectivityMatrix,
    country_links,
    load_network,
    south_connectivity,
)
from southsouth.connectivity.paths import PathResult, RouteLinks, route_links
from southsouth.connectivity.regions import REGIONS, resolve_area

__all__ = [
    "REGIONS",
    "AirNetwork",
    "ConnectivityMatrix",
    "HubRanking",
    "MissingLinks",
    "MissingOverview",
    "PathResult",
    "RouteChange",
    "RouteLinks",
    "country_links",
    "demand_context",
    "gravity_score",
    "hub_ranking",
    "load_network",
    "missing_routes",
    "missing_routes_overview",
    "resolve_area",
    "route_change",
    "route_links",
    "south_connectivity",
]
