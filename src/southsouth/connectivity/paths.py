"""Capitals' main airports and fewest-stops paths between them; does the best path need the North?

Capital airport of a country (:func:`capital_airports`): among the country's own airports served
by at least one non-stop route, the one with the most routes (distinct directed airport pairs)
within ``radius_km`` (default 50 km) of the capital's coordinates, ties to the nearest
(method ``capital-coordinates``). A capital without coordinates in the registry is matched by
its name against the airports' city (``capital-name``). When neither finds a served airport,
the country's busiest airport stands in, flagged (``busiest-fallback``); a country without a
served airport gets none (``no-served-airport``).

Paths (:func:`fewest_stops`) are breadth-first on the directed airport graph of non-stop routes:
a path of ``legs`` flights makes ``legs − 1`` stops. Among all fewest-legs paths the *best* is
the shortest in great-circle km (then the lowest airport ids). A path "passes through the
North" when one of its intermediate airports lies in a country outside the Global South set
(airports without a country count as outside). Whether ANY fewest-legs path avoids the North
is decided exactly, by searching the same layered graph with Northern intermediate airports
removed; the number of fewest-legs paths is counted, not enumerated.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from southsouth.connectivity.change import SOURCES_DIFFER, history_network
from southsouth.connectivity.geodesy import haversine_km
from southsouth.connectivity.network import (
    CURRENT_YEAR,
    HISTORY_YEAR,
    AirNetwork,
    RouteSource,
    airport_pair_routes,
    country_links,
    load_network,
)
from southsouth.errors import InputError
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.jsonable import records
from southsouth.registry import countries_table, group_countries, resolve_country
from southsouth.registry.crosswalk import normalise_name
from southsouth.warehouse.store import Warehouse

RADIUS_KM = 50.0
METHODS = ("capital-coordinates", "capital-name", "busiest-fallback", "no-served-airport")


def capital_airports(
    airports: pd.DataFrame, countries: pd.DataFrame, *, radius_km: float = RADIUS_KM
) -> pd.DataFrame:
    """One row per country: its capital's main airport (see the module docstring).

    ``airports``: :attr:`AirNetwork.airports`. ``countries``: iso3, name, capital,
    capital_lat, capital_lon. Columns out: iso3, country, capital, airport_id, code, iata,
    airport, city, lat, lon, routes, distance_km (from the capital; NaN without coordinates),
    method, flagged (True for the fallbacks).
    """
    served = airports[airports["routes"] > 0]
    by_country = {c: g for c, g in served.groupby("country_iso3")}
    rows: list[dict[str, Any]] = []
    for row in countries.itertuples(index=False):
        own = by_country.get(row.iso3)
        has_xy = pd.notna(row.capital_lat) and pd.notna(row.capital_lon)
        pick, method, distance = None, "no-served-airport", np.nan
        if own is not None:
            dist = (
                haversine_km(row.capital_lat, row.capital_lon, own["lat"], own["lon"])
                if has_xy
                else np.full(len(own), np.nan)
            )
            own = own.assign(_d=dist)
            if has_xy:
                near = own[own["_d"] <= radius_km]
                method = "capital-coordinates"
            elif isinstance(row.capital, str):
                wanted = normalise_name(row.capital)
                near = own[
                    own["city"].map(lambda c: isinstance(c, str) and normalise_name(c)) == wanted
                ]
                method = "capital-name"
            else:
                near = own.iloc[:0]
            if near.empty:
                near, method = own, "busiest-fallback"
            best = near.sort_values(
                ["routes", "_d", "airport_id"], ascending=[False, True, True], na_position="last"
            ).iloc[0]
            pick, distance = best, float(best["_d"])
        rows.append(
            {
                "iso3": row.iso3,
                "country": row.name,
                "capital": row.capital if isinstance(row.capital, str) else None,
                "airport_id": None if pick is None else int(pick["airport_id"]),
                "code": None if pick is None else pick["code"],
                "iata": None if pick is None else pick["iata"],
                "airport": None if pick is None else pick["name"],
                "city": None if pick is None else pick["city"],
                "lat": np.nan if pick is None else float(pick["lat"]),
                "lon": np.nan if pick is None else float(pick["lon"]),
                "routes": 0 if pick is None else int(pick["routes"]),
                "distance_km": distance,
                "method": method,
                "flagged": method in ("busiest-fallback", "no-served-airport"),
            }
        )
    out = pd.DataFrame(rows)
    out["airport_id"] = out["airport_id"].astype("Int64")
    return out


def airport_graph(network: AirNetwork) -> nx.DiGraph:
    """Directed graph of non-stop routes: nodes are airport ids (attributes country, code, name,
    city, lat, lon), edges carry ``km`` (great-circle) and ``airlines`` (rows merged)."""
    graph: nx.DiGraph = nx.DiGraph()
    a = network.airports
    used = set(network.routes["source_airport_id"]) | set(network.routes["dest_airport_id"])
    for row in a[a["airport_id"].isin(used)].itertuples(index=False):
        graph.add_node(
            int(row.airport_id),
            country=row.country_iso3 if isinstance(row.country_iso3, str) else None,
            code=row.code,
            iata=row.iata if isinstance(row.iata, str) else None,
            name=row.name,
            city=row.city if isinstance(row.city, str) else None,
            lat=float(row.lat),
            lon=float(row.lon),
        )
    counts = network.routes.groupby(["source_airport_id", "dest_airport_id"]).size()
    lat = a.set_index("airport_id")["lat"]
    lon = a.set_index("airport_id")["lon"]
    s = counts.index.get_level_values(0)
    d = counts.index.get_level_values(1)
    km = haversine_km(lat.reindex(s), lon.reindex(s), lat.reindex(d), lon.reindex(d))
    graph.add_edges_from(
        (int(u), int(v), {"km": float(k), "airlines": int(n)})
        for u, v, k, n in zip(s, d, km, counts.to_numpy(), strict=True)
    )
    return graph


@dataclass(frozen=True)
class Stop:
    """An airport on a path."""

    airport_id: int
    code: str
    iata: str | None
    name: str
    city: str | None
    country_iso3: str | None
    south: bool
    lat: float
    lon: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "airport_id": self.airport_id,
            "code": self.code,
            "iata": self.iata,
            "name": self.name,
            "city": self.city,
            "country_iso3": self.country_iso3,
            "south": self.south,
            "lat": self.lat,
            "lon": self.lon,
        }


@dataclass(frozen=True)
class PathResult:
    """Fewest-stops connection between two airports and whether it needs a Northern hub.

    ``legs``: flights on a fewest-stops path (None when unreachable); ``stops`` = legs − 1.
    ``path``: the best such path (shortest great-circle km). ``via_north``: the best path has an
    intermediate airport outside the South set. ``shortest_paths``: how many fewest-legs paths
    exist. ``any_avoids_north``: at least one of them has only Southern intermediate airports;
    ``south_path`` is the best of those (None when none does, or equal to ``path``).
    """

    origin: Stop
    destination: Stop
    reachable: bool
    legs: int | None
    path: tuple[Stop, ...]
    distance_km: float | None
    via_north: bool | None
    north_hubs: tuple[Stop, ...]
    shortest_paths: int
    any_avoids_north: bool | None
    south_path: tuple[Stop, ...] | None
    south_distance_km: float | None

    @property
    def stops(self) -> int | None:
        """Intermediate airports on a fewest-stops path."""
        return None if self.legs is None else self.legs - 1

    def describe(self) -> str:
        """One line: the path by IATA code with countries, and the Northern-hub verdict."""
        if not self.reachable:
            return f"{self.origin.code} → {self.destination.code}: no connection in the data"
        chain = " → ".join(f"{s.code} ({s.country_iso3 or '?'})" for s in self.path)
        if self.legs == 1:
            return f"{chain}: non-stop"
        verdict = "via a Northern hub" if self.via_north else "through Southern hubs only"
        alt = ""
        if self.via_north:
            alt = (
                "; another path with as few stops avoids the North"
                if self.any_avoids_north
                else "; every path with as few stops passes through the North"
            )
        return f"{chain}: {self.stops} stop(s), {verdict}{alt}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "origin": self.origin.as_dict(),
            "destination": self.destination.as_dict(),
            "reachable": self.reachable,
            "legs": self.legs,
            "stops": self.stops,
            "path": [s.as_dict() for s in self.path],
            "distance_km": self.distance_km,
            "via_north": self.via_north,
            "north_hubs": [s.as_dict() for s in self.north_hubs],
            "shortest_paths": self.shortest_paths,
            "any_avoids_north": self.any_avoids_north,
            "south_path": None
            if self.south_path is None
            else [s.as_dict() for s in self.south_path],
            "south_distance_km": self.south_distance_km,
            "summary": self.describe(),
        }


def _stop(graph: nx.DiGraph, node: Hashable, south: Collection[str]) -> Stop:
    data = graph.nodes[node]
    country = data.get("country")
    return Stop(
        airport_id=int(node),  # type: ignore[call-overload]
        code=str(data.get("code") or node),
        iata=data.get("iata"),
        name=str(data.get("name") or node),
        city=data.get("city"),
        country_iso3=country,
        south=country is not None and country in south,
        lat=float(data.get("lat", float("nan"))),
        lon=float(data.get("lon", float("nan"))),
    )


def _best_in_layers(
    graph: nx.DiGraph,
    layers: list[list[Hashable]],
    allowed: Collection[Hashable] | None,
) -> tuple[int, float, tuple[Hashable, ...]] | None:
    """Number and best (km, then ids) of the paths stepping through consecutive ``layers``.

    ``allowed``: the intermediate nodes a path may use (None: all). None when no path.
    """
    source, target = layers[0][0], layers[-1][0]
    best: dict[Hashable, tuple[float, tuple[Hashable, ...]]] = {source: (0.0, (source,))}
    count: dict[Hashable, int] = {source: 1}
    for k in range(1, len(layers)):
        previous = frozenset(layers[k - 1])
        for node in layers[k]:
            if node != target and allowed is not None and node not in allowed:
                continue
            preds = [p for p in graph.predecessors(node) if p in previous and p in best]
            if not preds:
                continue
            best[node] = min(
                ((best[p][0] + graph.edges[p, node]["km"], (*best[p][1], node)) for p in preds),
                key=lambda option: (option[0], option[1]),
            )
            count[node] = sum(count[p] for p in preds)
    if target not in best:
        return None
    return count[target], best[target][0], best[target][1]


def fewest_stops(
    graph: nx.DiGraph, origin: Hashable, destination: Hashable, south: Collection[str]
) -> PathResult:
    """Fewest-stops path from airport ``origin`` to ``destination`` (see the module docstring).

    ``south``: ISO3 codes of the Global South set; node attribute ``country`` places airports.
    """
    south = frozenset(south)
    o, d = _stop(graph, origin, south), _stop(graph, destination, south)
    unreachable = PathResult(o, d, False, None, (), None, None, (), 0, None, None, None)
    from_o = nx.single_source_shortest_path_length(graph, origin)
    if destination not in from_o or origin == destination:
        return unreachable
    legs = from_o[destination]
    to_d = nx.single_source_shortest_path_length(graph.reverse(copy=False), destination, legs)
    layers: list[list[Hashable]] = [[] for _ in range(legs + 1)]
    for node, k in from_o.items():
        if k <= legs and node in to_d and k + to_d[node] == legs:
            layers[k].append(node)
    return _path_result(graph, layers, o, d, south)


def _path_result(
    graph: nx.DiGraph, layers: list[list[Hashable]], o: Stop, d: Stop, south: frozenset[str]
) -> PathResult:
    found = _best_in_layers(graph, layers, None)
    if found is None:  # pragma: no cover - layers come from a reachable BFS
        raise AssertionError("no path through the layers of a reachable pair")
    total, km, nodes = found
    path = tuple(_stop(graph, n, south) for n in nodes)
    north = tuple(s for s in path[1:-1] if not s.south)
    southern = {
        n for layer in layers[1:-1] for n in layer if graph.nodes[n].get("country") in south
    }
    alt = _best_in_layers(graph, layers, southern)
    south_path = None if alt is None else tuple(_stop(graph, n, south) for n in alt[2])
    return PathResult(
        origin=o,
        destination=d,
        reachable=True,
        legs=len(layers) - 1,
        path=path,
        distance_km=round(km, 1),
        via_north=bool(north),
        north_hubs=north,
        shortest_paths=total,
        any_avoids_north=alt is not None,
        south_path=south_path,
        south_distance_km=None if alt is None else round(alt[1], 1),
    )


SEGMENT_COLUMNS = [
    "from_code",
    "from_lat",
    "from_lon",
    "to_code",
    "to_lat",
    "to_lon",
    "kind",
    "label",
]


def _legs(path: tuple[Stop, ...], kind: str) -> list[dict[str, Any]]:
    return [
        {
            "from_code": u.code,
            "from_lat": u.lat,
            "from_lon": u.lon,
            "to_code": v.code,
            "to_lat": v.lat,
            "to_lon": v.lon,
            "kind": kind,
            "label": f"{u.code}–{v.code}",
        }
        for u, v in itertools.pairwise(path)
    ]


def _capital_row(capitals: pd.DataFrame, iso3: str) -> dict[str, Any]:
    row = capitals[capitals["iso3"] == iso3]
    return records(row)[0]


@dataclass(frozen=True, eq=False)
class RouteLinks:
    """Direct links between two countries and the fewest-stops paths between their capitals.

    ``routes``: one row per airport pair with a non-stop route (codes, names, cities,
    directions, operating and codeshare airlines). ``outbound`` / ``inbound``: capital-to-capital
    paths a → b and b → a (the graph is directed).
    """

    country_a: str
    country_b: str
    names: tuple[str, str]
    group: str
    in_group: tuple[bool, bool]
    direct: bool
    link: dict[str, Any] | None
    routes: pd.DataFrame
    capitals: tuple[dict[str, Any], dict[str, Any]]
    outbound: PathResult | None
    inbound: PathResult | None
    source: RouteSource
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: The pair in the 2014 and 2026 routes (see :func:`pair_history`); None if absent.
    since_2014: dict[str, Any] | None = None

    def segments(self) -> pd.DataFrame:
        """Lines for a route map: the direct routes, else the best a → b path (and the best
        Southern one when the best passes through the North). Columns: from_code, from_lat,
        from_lon, to_code, to_lat, to_lon, kind, label."""
        rows: list[dict[str, Any]] = []
        if self.direct:
            for r in self.routes.itertuples(index=False):
                rows.append(
                    {
                        "from_code": r.from_code,
                        "from_lat": r.from_lat,
                        "from_lon": r.from_lon,
                        "to_code": r.to_code,
                        "to_lat": r.to_lat,
                        "to_lon": r.to_lon,
                        "kind": "non-stop route",
                        "label": f"{r.from_code}–{r.to_code}",
                    }
                )
        elif self.outbound is not None and self.outbound.reachable:
            best = "path via the North" if self.outbound.via_north else "path via the South"
            rows += _legs(self.outbound.path, best)
            if self.outbound.via_north and self.outbound.south_path is not None:
                rows += _legs(self.outbound.south_path, "Southern alternative")
        return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "country_a": self.country_a,
            "country_b": self.country_b,
            "names": list(self.names),
            "group": self.group,
            "in_group": list(self.in_group),
            "direct": self.direct,
            "link": self.link,
            "routes": records(self.routes),
            "capitals": list(self.capitals),
            "outbound": None if self.outbound is None else self.outbound.as_dict(),
            "inbound": None if self.inbound is None else self.inbound.as_dict(),
            "since_2014": self.since_2014,
            "source": self.source.as_dict(),
            "notes": list(self.notes),
        }


def pair_routes(network: AirNetwork, a: str, b: str) -> pd.DataFrame:
    """Non-stop airport pairs between countries ``a`` and ``b``, ``a``'s airport first.

    Columns: from_code, from_airport, from_city, to_code, to_airport, to_city, from_lat,
    from_lon, to_lat, to_lon, directions
    (1 = one way only in the data, 2 = both), operating_airlines, codeshare_airlines,
    codeshare_only.
    """
    lo, hi = sorted((a, b))
    pairs = airport_pair_routes(network)
    pairs = pairs[(pairs["country_a"] == lo) & (pairs["country_b"] == hi)]
    if a != lo:
        pairs = pairs.rename(columns={"airport_a": "airport_b", "airport_b": "airport_a"})
    info = network.airports.set_index("airport_id")
    out = pd.DataFrame(
        {
            "from_code": pairs["airport_a"].map(info["code"]).to_numpy(),
            "from_airport": pairs["airport_a"].map(info["name"]).to_numpy(),
            "from_city": pairs["airport_a"].map(info["city"]).to_numpy(),
            "to_code": pairs["airport_b"].map(info["code"]).to_numpy(),
            "to_airport": pairs["airport_b"].map(info["name"]).to_numpy(),
            "to_city": pairs["airport_b"].map(info["city"]).to_numpy(),
            "from_lat": pairs["airport_a"].map(info["lat"]).to_numpy(),
            "from_lon": pairs["airport_a"].map(info["lon"]).to_numpy(),
            "to_lat": pairs["airport_b"].map(info["lat"]).to_numpy(),
            "to_lon": pairs["airport_b"].map(info["lon"]).to_numpy(),
            "directions": pairs["directions"].to_numpy(),
            "operating_airlines": pairs["operating_airlines"].to_numpy(),
            "codeshare_airlines": pairs["codeshare_airlines"].to_numpy(),
            "codeshare_only": pairs["codeshare_only"].to_numpy(),
        }
    )
    return out.sort_values(["from_code", "to_code"]).reset_index(drop=True)


def pair_history(now: AirNetwork, then: AirNetwork | None, a: str, b: str) -> dict[str, Any] | None:
    """The link between ``a`` and ``b`` in the 2014 and 2026 networks by airport pair (codes,
    ``a``'s airport first, as :func:`pair_routes`); None without the 2014 network."""
    if then is None:
        return None

    def _pairs(network: AirNetwork) -> set[str]:
        routes = pair_routes(network, a, b)
        return {f"{f}–{t}" for f, t in zip(routes["from_code"], routes["to_code"], strict=True)}

    old, new = _pairs(then), _pairs(now)
    change = "kept" if old and new else "gained" if new else "lost" if old else "none"
    return {
        f"routes_{HISTORY_YEAR}": len(old),
        f"routes_{CURRENT_YEAR}": len(new),
        "change": change,
        "gained": sorted(new - old),
        "lost": sorted(old - new),
        "note": SOURCES_DIFFER,
    }


def route_links(
    warehouse: Warehouse,
    country_a: str,
    country_b: str,
    *,
    group: str = DEFAULT_GROUP,
    radius_km: float = RADIUS_KM,
) -> RouteLinks:
    """Direct routes between two countries (ISO3 or names) and their capitals' fewest-stops paths.

    ``group``: the Global South set deciding which hubs are Northern (any name
    ``group_countries`` accepts; members as of today; routes of May 2026, compared with
    June 2014 in ``since_2014``).
    """
    a = resolve_country(warehouse, country_a)
    b = resolve_country(warehouse, country_b)
    if a == b:
        raise InputError(
            f"both countries are {a}", hint="give two different countries, e.g. NGA BRA"
        )
    network = load_network(warehouse)
    countries = countries_table(warehouse)
    south = frozenset(group_countries(warehouse, group)["iso3"])
    chosen = countries[countries["iso3"].isin([a, b])]
    capitals = capital_airports(network.airports, chosen, radius_km=radius_km)
    cap_a, cap_b = _capital_row(capitals, a), _capital_row(capitals, b)
    links = country_links(network)
    lo, hi = sorted((a, b))
    hit = links[(links["country_a"] == lo) & (links["country_b"] == hi)]
    graph = airport_graph(network)
    outbound = inbound = None
    notes = list(network.notes)
    if cap_a["airport_id"] is not None and cap_b["airport_id"] is not None:
        outbound = fewest_stops(graph, cap_a["airport_id"], cap_b["airport_id"], south)
        inbound = fewest_stops(graph, cap_b["airport_id"], cap_a["airport_id"], south)
    for cap in (cap_a, cap_b):
        if cap["flagged"]:
            notes.append(
                f"{cap['iso3']}: no served airport within {radius_km:g} km of the capital; "
                + (
                    f"using the busiest airport ({cap['code']})"
                    if cap["airport_id"] is not None
                    else "no airport of the country is served by a route in the data"
                )
            )
    notes.append(
        f"Northern hub = an intermediate airport in a country outside {group} (members today)"
    )
    since = pair_history(network, history_network(warehouse), a, b)
    if since is not None:
        moved = [
            f"{word} {', '.join(since[word][:5])}" for word in ("gained", "lost") if since[word]
        ]
        notes.append(
            f"since {HISTORY_YEAR}: {since[f'routes_{HISTORY_YEAR}']} → "
            f"{since[f'routes_{CURRENT_YEAR}']} airport pairs ({since['change']}"
            + "".join(f"; {m}" for m in moved)
            + f"); {SOURCES_DIFFER}"
        )
    names = countries.set_index("iso3")["name"]
    return RouteLinks(
        country_a=a,
        country_b=b,
        names=(str(names[a]), str(names[b])),
        group=group,
        in_group=(a in south, b in south),
        direct=not hit.empty,
        link=None if hit.empty else records(hit)[0],
        routes=pair_routes(network, a, b),
        capitals=(cap_a, cap_b),
        outbound=outbound,
        inbound=inbound,
        source=network.source,
        notes=tuple(notes),
        since_2014=since,
    )
