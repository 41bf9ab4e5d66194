"""Hubs of the South–South air network: degree and betweenness within the Global South.

Two graphs, both undirected and restricted to the Global South set (routes to or through the
North are not in them, so a hub here is one that connects the South to itself):

- ``country``: nodes are South countries with at least one served airport; an edge joins two
  countries with a non-stop route in either direction. ``degree`` = South partner countries;
  ``routes`` = non-stop airport pairs to them (weighted degree).
- ``airport``: nodes are airports in South countries; an edge is a non-stop route (either
  direction) between two of them, domestic routes included. ``degree`` = airports reached
  non-stop; ``routes`` = the same count (kept for a uniform table).

Betweenness is NetworkX's exact, unweighted (hop count), normalised betweenness centrality:
the share of shortest paths between other pairs of nodes that pass through the node. On the
airport graph it takes a few seconds (about 1,400 airports).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx
import pandas as pd

from southsouth.connectivity.network import (
    AirNetwork,
    RouteSource,
    country_links,
    load_network,
)
from southsouth.errors import InputError
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.jsonable import records
from southsouth.registry import countries_table, group_countries
from southsouth.warehouse.store import Warehouse

Level = Literal["country", "airport"]
ORDER = ("betweenness", "degree")


def country_graph(network: AirNetwork, south: Collection[str]) -> nx.Graph:
    """Undirected graph of South countries joined by a non-stop route (edge attr ``routes``)."""
    keep = set(south)
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(sorted(network.served_countries() & keep))
    links = country_links(network)
    inside = links[links["country_a"].isin(keep) & links["country_b"].isin(keep)]
    graph.add_edges_from(
        (a, b, {"routes": int(r)})
        for a, b, r in zip(inside["country_a"], inside["country_b"], inside["routes"], strict=True)
    )
    return graph


def south_airport_graph(network: AirNetwork, south: Collection[str]) -> nx.Graph:
    """Undirected graph of non-stop routes between airports in South countries."""
    keep = set(south)
    r = network.routes
    r = r[r["source_iso3"].isin(keep) & r["dest_iso3"].isin(keep)]
    graph: nx.Graph = nx.Graph()
    graph.add_edges_from(
        zip(r["source_airport_id"].astype(int), r["dest_airport_id"].astype(int), strict=True)
    )
    return graph


def hub_table(graph: nx.Graph, *, by: str = "betweenness") -> pd.DataFrame:
    """Degree, routes (weighted degree; degree when edges carry no ``routes``) and betweenness
    of every node, ranked by ``by`` (betweenness or degree; ties by the other, then node)."""
    if by not in ORDER:
        raise InputError(f"cannot rank hubs by {by!r}", hint="use betweenness or degree")
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    frame = pd.DataFrame(
        {
            "node": list(graph.nodes),
            "degree": [graph.degree(n) for n in graph.nodes],
            "routes": [
                sum(d.get("routes", 1) for _, _, d in graph.edges(n, data=True))
                for n in graph.nodes
            ],
            "betweenness": [betweenness[n] for n in graph.nodes],
        }
    )
    frame["degree_rank"] = frame["degree"].rank(ascending=False, method="min").astype(int)
    frame["betweenness_rank"] = frame["betweenness"].rank(ascending=False, method="min").astype(int)
    other = "degree" if by == "betweenness" else "betweenness"
    frame = frame.sort_values([by, other, "node"], ascending=[False, False, True])
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class HubRanking:
    """The top hubs of the South–South network at one level, with the rule used."""

    level: str
    group: str
    by: str
    nodes: int
    edges: int
    table: pd.DataFrame
    source: RouteSource
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "level": self.level,
            "group": self.group,
            "by": self.by,
            "nodes": self.nodes,
            "edges": self.edges,
            "hubs": records(self.table),
            "source": self.source.as_dict(),
            "notes": list(self.notes),
        }


def hub_ranking(
    warehouse: Warehouse,
    *,
    group: str = DEFAULT_GROUP,
    level: Level = "country",
    by: str = "betweenness",
    top: int = 20,
) -> HubRanking:
    """Top ``top`` hubs of the air network within ``group`` (members today; routes of May 2026)."""
    if level not in ("country", "airport"):
        raise InputError(f"unknown hub level {level!r}", hint="use country or airport")
    if top < 1:
        raise InputError(f"top must be at least 1, not {top}", hint="e.g. --top 20")
    network = load_network(warehouse)
    south = set(group_countries(warehouse, group)["iso3"])
    names = countries_table(warehouse).set_index("iso3")["name"]
    if level == "country":
        graph = country_graph(network, south)
        table = hub_table(graph, by=by).head(top)
        table.insert(2, "name", table["node"].map(names))
        table = table.rename(columns={"node": "iso3"})
    else:
        graph = south_airport_graph(network, south)
        table = hub_table(graph, by=by).head(top)
        info = network.airports.set_index("airport_id")
        table = table.rename(columns={"node": "airport_id"})
        for column in ("code", "name", "city", "country_iso3"):
            table.insert(
                table.columns.get_loc("degree"), column, table["airport_id"].map(info[column])
            )
    notes = (
        *network.notes,
        f"graph restricted to {group} members (today) and the routes among them; "
        "betweenness is exact, unweighted and normalised (NetworkX)",
    )
    return HubRanking(
        level=level,
        group=group,
        by=by,
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        table=table.reset_index(drop=True),
        source=network.source,
        notes=notes,
    )
