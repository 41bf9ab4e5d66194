"""The air network from the warehouse's ``airport`` and ``route`` tables: clean routes and links.

Two route datasets share those tables (told apart by ``source_id``): the current network,
scheduled non-stop services listed around 3 May 2026 (``airline-routes-2026``, the default),
and the OpenFlights snapshot of June 2014 (``openflights``), kept as history. Every result
built here carries :class:`RouteSource`, whose ``year`` and ``caveat`` say which one it used.

Cleaning rules (:func:`build_network`), each counted in :class:`RouteQuirks`:

- only non-stop routes (``stops = 0``) are kept; the few OpenFlights rows with stops are dropped;
- rows whose airport id is ``\\N`` or absent from airports.dat are dropped and reported
  with their airport codes (the 2014 routes name airports the 2019 airports file no longer
  lists);
- a route is one (airline, source airport, destination airport) triple: repeated rows of the
  same airline on the same pair count once. A row flagged codeshare is a seat sold by the
  airline on a flight operated by another; the triple keeps the flag (``codeshare`` = every
  row of the triple is a codeshare), and airline counts separate operating airlines from
  codeshare-only marketers;
- airlines are identified by OpenFlights airline id, or by the code on the row when the id is
  ``\\N`` (the 2026 routes have codes only); a route listed without any airline counts as a
  route but adds no airline;
- airports keep their IATA code when it exists; ``code`` falls back to ICAO, then ``#id``;
- airports without a country (none in the 2019 file, but the column is nullable) stay in the
  airport graph and are left out of country pairs (counted).

Country pairs are unordered: two countries are linked when a non-stop route runs in either
direction. ``routes`` counts distinct unordered airport pairs, ``directed_routes`` distinct
ordered ones.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.jsonable import records
from southsouth.registry import group_countries
from southsouth.warehouse.store import Warehouse

#: The route datasets by the year their routes describe.
NETWORKS = {2026: "airline-routes-2026", 2014: "openflights"}
#: The default network (current schedules) and the history it is compared with.
CURRENT_YEAR, HISTORY_YEAR = 2026, 2014
NetworkYear = Literal[2026, 2014]
#: The airline key of a route row that names no airline.
NO_AIRLINE = "unknown"
EXAMPLES = 3


@dataclass(frozen=True)
class RouteSource:
    """Provenance of the route data and the caveat every output repeats."""

    source_id: str
    citation: str
    licence: str
    vintage: str
    caveat: str
    year: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "source_id": self.source_id,
            "source": self.citation,
            "licence": self.licence,
            "vintage": self.vintage,
            "caveat": self.caveat,
            "year": self.year,
        }


def _routes_part(vintage: str) -> str:
    parts = [p.strip() for p in vintage.split(";")]
    return next((p.split(":", 1)[1].strip() for p in parts if p.startswith("routes:")), vintage)


def route_caveat(source_id: str, vintage: str, licence: str) -> str:
    """The caveat sentence route outputs repeat, from the dataset's ``vintage`` and licence."""
    routes = _routes_part(vintage)
    if source_id == NETWORKS[HISTORY_YEAR]:
        return (
            f"Routes are the OpenFlights {routes} (not current schedules): routes opened since "
            "are missing and routes dropped since are still listed."
        )
    listed = routes if routes.startswith("scheduled services") else f"scheduled services ({routes})"
    return (
        f"Routes are the {listed} on FlightsFrom.com (airline-route-data; licence: "
        f"{licence}): bookable non-stop routes, not traffic or frequency; codeshare carriers "
        "count among a route's airlines."
    )


def route_source(provenance: dict[str, str], year: int) -> RouteSource:
    """:class:`RouteSource` from :meth:`Warehouse.provenance` of a route dataset."""
    return RouteSource(
        source_id=provenance["source_id"],
        citation=provenance["source"],
        licence=provenance["licence"],
        vintage=provenance["vintage"],
        caveat=route_caveat(provenance["source_id"], provenance["vintage"], provenance["licence"]),
        year=year,
    )


@dataclass(frozen=True)
class RouteQuirks:
    """What cleaning dropped or merged, in rows of the route table."""

    rows: int
    with_stops: int
    missing_airport_id: int
    unknown_airport_id: int
    unknown_airport_codes: tuple[str, ...]
    self_loops: int
    repeated_rows: int
    codeshare_rows: int
    missing_airline_id: int
    routes_without_country: int

    def notes(self) -> tuple[str, ...]:
        """The counts as sentences (only those that are not zero)."""
        out = []
        if self.with_stops:
            out.append(f"{self.with_stops} route rows with stops > 0 left out (non-stop only)")
        if self.missing_airport_id:
            out.append(f"{self.missing_airport_id} route rows with \\N for an airport id left out")
        if self.unknown_airport_id:
            codes = ", ".join(self.unknown_airport_codes[:12])
            more = len(self.unknown_airport_codes) - 12
            out.append(
                f"{self.unknown_airport_id} route rows whose airport id is not in airports.dat "
                f"left out ({len(self.unknown_airport_codes)} airports: {codes}"
                + (f", and {more} more" if more > 0 else "")
                + ")"
            )
        if self.self_loops:
            out.append(f"{self.self_loops} route rows from an airport to itself left out")
        if self.repeated_rows:
            out.append(f"{self.repeated_rows} repeated rows (same airline and airport pair) merged")
        if self.missing_airline_id:
            out.append(
                f"{self.missing_airline_id} route rows with \\N for the airline id (airline "
                "identified by its code)"
            )
        if self.codeshare_rows:
            out.append(
                f"{self.codeshare_rows} codeshare rows kept and flagged; they count for a link's "
                "existence but not among its operating airlines"
            )
        if self.routes_without_country:
            out.append(
                f"{self.routes_without_country} routes touch an airport without a country and "
                "are left out of country pairs"
            )
        return tuple(out)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "rows": self.rows,
            "with_stops": self.with_stops,
            "missing_airport_id": self.missing_airport_id,
            "unknown_airport_id": self.unknown_airport_id,
            "unknown_airport_codes": list(self.unknown_airport_codes),
            "self_loops": self.self_loops,
            "repeated_rows": self.repeated_rows,
            "codeshare_rows": self.codeshare_rows,
            "missing_airline_id": self.missing_airline_id,
            "routes_without_country": self.routes_without_country,
        }


@dataclass(frozen=True, eq=False)
class AirNetwork:
    """Clean non-stop routes and the airports they serve.

    ``airports``: airport_id, name, city, country_iso3, iata, icao, code, lat, lon, routes
    (distinct directed airport pairs departing or arriving; 0 = not served).
    ``routes``: one row per (airline, source, destination): airline_key, airline,
    source_airport_id, dest_airport_id, source_iso3, dest_iso3, codeshare.
    """

    airports: pd.DataFrame
    routes: pd.DataFrame
    quirks: RouteQuirks
    source: RouteSource
    notes: tuple[str, ...] = field(default_factory=tuple)

    def served_countries(self) -> frozenset[str]:
        """Countries with at least one airport served by a non-stop route."""
        served = self.airports[self.airports["routes"] > 0]["country_iso3"].dropna()
        return frozenset(served)


def _airline_keys(routes: pd.DataFrame) -> pd.Series:
    ids = routes["airline_id"]
    by_id = ids.map(lambda v: None if pd.isna(v) else f"id:{int(v)}")
    by_code = routes["airline"].map(lambda v: None if pd.isna(v) else f"code:{v}")
    return by_id.where(by_id.notna(), by_code).fillna(NO_AIRLINE)


def airport_codes(airports: pd.DataFrame) -> pd.Series:
    """Display code of each airport: IATA, else ICAO, else ``#airport_id``."""
    fallback = "#" + airports["airport_id"].astype("Int64").astype(str)
    icao = airports["icao"].where(airports["icao"].notna(), fallback)
    return airports["iata"].where(airports["iata"].notna(), icao)


def build_network(airports: pd.DataFrame, routes: pd.DataFrame, source: RouteSource) -> AirNetwork:
    """Clean the OpenFlights route rows (see the module docstring) into an :class:`AirNetwork`.

    ``airports`` and ``routes`` have the columns of the warehouse tables of the same name.
    """
    rows = len(routes)
    known = set(airports["airport_id"].dropna().astype(int))
    stops = routes["stops"].fillna(0).astype(int) > 0
    ends = routes[["source_airport_id", "dest_airport_id"]]
    missing_id = ends.isna().any(axis=1) & ~stops
    sides = (("source_airport_id", "source_airport"), ("dest_airport_id", "dest_airport"))
    bad_end = {col: routes[col].notna() & ~routes[col].isin(known) for col, _ in sides}
    unknown = (bad_end["source_airport_id"] | bad_end["dest_airport_id"]) & ~stops & ~missing_id
    codes: set[str] = set()
    for id_col, code_col in sides:
        bad = bad_end[id_col] & unknown
        codes |= {
            f"{c} ({int(i)})"
            for c, i in zip(routes.loc[bad, code_col], routes.loc[bad, id_col], strict=True)
        }
    kept = routes[~stops & ~missing_id & ~unknown].copy()
    kept["source_airport_id"] = kept["source_airport_id"].astype(int)
    kept["dest_airport_id"] = kept["dest_airport_id"].astype(int)
    loops = kept["source_airport_id"] == kept["dest_airport_id"]
    kept = kept[~loops]
    kept["airline_key"] = _airline_keys(kept)
    kept["codeshare"] = kept["codeshare"].astype(bool)
    triple = ["airline_key", "source_airport_id", "dest_airport_id"]
    merged = (
        kept.groupby(triple, sort=True)
        .agg(airline=("airline", "first"), codeshare=("codeshare", "all"))
        .reset_index()
    )
    country = airports.set_index("airport_id")["country_iso3"]
    merged["source_iso3"] = merged["source_airport_id"].map(country)
    merged["dest_iso3"] = merged["dest_airport_id"].map(country)
    merged = merged.astype({"source_iso3": object, "dest_iso3": object})
    merged["source_iso3"] = merged["source_iso3"].where(merged["source_iso3"].notna(), None)
    merged["dest_iso3"] = merged["dest_iso3"].where(merged["dest_iso3"].notna(), None)
    pairs = merged.drop_duplicates(["source_airport_id", "dest_airport_id"])
    no_country = int((pairs["source_iso3"].isna() | pairs["dest_iso3"].isna()).sum())

    degree = pd.concat([pairs["source_airport_id"], pairs["dest_airport_id"]]).value_counts()
    table = airports[
        ["airport_id", "name", "city", "country_iso3", "iata", "icao", "lat", "lon"]
    ].copy()
    table["airport_id"] = table["airport_id"].astype(int)
    table.insert(6, "code", airport_codes(table))
    table["routes"] = table["airport_id"].map(degree).fillna(0).astype(int)
    quirks = RouteQuirks(
        rows=rows,
        with_stops=int(stops.sum()),
        missing_airport_id=int(missing_id.sum()),
        unknown_airport_id=int(unknown.sum()),
        unknown_airport_codes=tuple(sorted(codes)),
        self_loops=int(loops.sum()),
        repeated_rows=len(kept) - len(merged),
        codeshare_rows=int(kept["codeshare"].sum()),
        # a network without airline ids (the 2026 routes) identifies airlines by code alone
        missing_airline_id=int(kept["airline_id"].isna().sum())
        if kept["airline_id"].notna().any()
        else 0,
        routes_without_country=no_country,
    )
    columns = ["airline_key", "airline", *triple[1:], "source_iso3", "dest_iso3", "codeshare"]
    return AirNetwork(
        airports=table.reset_index(drop=True),
        routes=merged[columns].reset_index(drop=True),
        quirks=quirks,
        source=source,
        notes=(source.caveat, *quirks.notes()),
    )


def network_dataset(year: int) -> str:
    """The route dataset of ``year`` (2026 current, 2014 history); InputError otherwise."""
    try:
        return NETWORKS[year]
    except KeyError:
        raise InputError(
            f"no route network for {year}",
            hint=f"use {CURRENT_YEAR} (scheduled routes of May 2026, the default) or "
            f"{HISTORY_YEAR} (OpenFlights, June 2014)",
        ) from None


def load_network(warehouse: Warehouse, year: int = CURRENT_YEAR) -> AirNetwork:
    """Read one route dataset's airports and routes and clean them (:func:`build_network`)."""
    dataset = network_dataset(year)
    warehouse.require(dataset)
    airports = warehouse.query(
        "SELECT airport_id, name, city, country_iso3, iata, icao, lat, lon FROM airport "
        "WHERE source_id = ? ORDER BY airport_id",
        [dataset],
    )
    routes = warehouse.query(
        "SELECT airline, airline_id, source_airport, source_airport_id, dest_airport, "
        "dest_airport_id, codeshare, stops FROM route WHERE source_id = ?",
        [dataset],
    )
    return build_network(airports, routes, route_source(warehouse.provenance(dataset), year))


def _examples(values: Sequence[str], limit: int = EXAMPLES) -> str:
    unique = list(dict.fromkeys(values))
    text = "; ".join(unique[:limit])
    return text + (f"; … {len(unique) - limit} more" if len(unique) > limit else "")


def airport_pair_routes(network: AirNetwork) -> pd.DataFrame:
    """One row per unordered airport pair with a non-stop route between two countries.

    Columns: country_a, country_b (ISO3, a < b), airport_a, airport_b (ids, on the a and b
    sides), directions (1 or 2), operating_airlines, codeshare_airlines (sorted airline codes),
    codeshare_only (no airline operates it: every row is a codeshare).
    """
    r = network.routes
    r = r[r["source_iso3"].notna() & r["dest_iso3"].notna() & (r["source_iso3"] != r["dest_iso3"])]
    swap = r["source_iso3"] > r["dest_iso3"]
    frame = pd.DataFrame(
        {
            "country_a": np.where(swap, r["dest_iso3"], r["source_iso3"]),
            "country_b": np.where(swap, r["source_iso3"], r["dest_iso3"]),
            "airport_a": np.where(swap, r["dest_airport_id"], r["source_airport_id"]),
            "airport_b": np.where(swap, r["source_airport_id"], r["dest_airport_id"]),
            "direction": np.where(swap, "ba", "ab"),
            "airline": r["airline"].fillna(r["airline_key"]).to_numpy(),
            "codeshare": r["codeshare"].to_numpy(),
        }
    )
    keys = ["country_a", "country_b", "airport_a", "airport_b"]

    def _codes(values: pd.Series) -> str:
        return ", ".join(sorted(set(values)))

    grouped = frame.groupby(keys, sort=True)
    out = grouped.agg(directions=("direction", "nunique")).reset_index()
    operating = frame[~frame["codeshare"]].groupby(keys)["airline"].agg(_codes)
    marketing = frame[frame["codeshare"]].groupby(keys)["airline"].agg(_codes)
    index = pd.MultiIndex.from_frame(out[keys])
    out["operating_airlines"] = operating.reindex(index).fillna("").to_numpy()
    out["codeshare_airlines"] = marketing.reindex(index).fillna("").to_numpy()
    out["codeshare_only"] = out["operating_airlines"] == ""
    return out


def country_route_counts(network: AirNetwork) -> pd.DataFrame:
    """country_a, country_b (ISO3, a < b) and routes: the distinct unordered airport pairs
    with a non-stop route between the two countries (the ``routes`` of
    :func:`country_links`, without its airline and example columns)."""
    r = network.routes
    r = r[r["source_iso3"].notna() & r["dest_iso3"].notna() & (r["source_iso3"] != r["dest_iso3"])]
    swap = (r["source_iso3"] > r["dest_iso3"]).to_numpy()
    pairs = pd.DataFrame(
        {
            "country_a": np.where(swap, r["dest_iso3"], r["source_iso3"]),
            "country_b": np.where(swap, r["source_iso3"], r["dest_iso3"]),
            "airport_a": np.where(swap, r["dest_airport_id"], r["source_airport_id"]),
            "airport_b": np.where(swap, r["source_airport_id"], r["dest_airport_id"]),
        }
    ).drop_duplicates()
    counts = pairs.groupby(["country_a", "country_b"], sort=True).size()
    return counts.rename("routes").reset_index()


def country_links(network: AirNetwork) -> pd.DataFrame:
    """One row per unordered pair of countries linked by at least one non-stop route.

    Columns: country_a, country_b (ISO3, a < b); routes (distinct unordered airport pairs);
    directed_routes (distinct ordered airport pairs); airlines (distinct operating airlines,
    codeshare rows excluded); codeshare_airlines (airlines present only through codeshare
    rows); codeshare_only_routes; example_routes (up to three airport pairs by IATA code,
    busiest airports first); example_airlines (up to three operating airline codes).
    """
    pairs = airport_pair_routes(network)
    code = network.airports.set_index("airport_id")["code"]
    size = network.airports.set_index("airport_id")["routes"]
    pairs = pairs.assign(
        label=pairs["airport_a"].map(code) + "–" + pairs["airport_b"].map(code),
        weight=pairs["airport_a"].map(size) + pairs["airport_b"].map(size),
    ).sort_values(["country_a", "country_b", "weight"], ascending=[True, True, False])
    r = network.routes
    r = r[r["source_iso3"].notna() & r["dest_iso3"].notna() & (r["source_iso3"] != r["dest_iso3"])]
    lo = np.minimum(r["source_iso3"].to_numpy(), r["dest_iso3"].to_numpy())
    hi = np.maximum(r["source_iso3"].to_numpy(), r["dest_iso3"].to_numpy())
    rows = r.assign(country_a=lo, country_b=hi, label=r["airline"].fillna(r["airline_key"]))
    operating = rows[~rows["codeshare"]].groupby(["country_a", "country_b"])["airline_key"]
    all_keys = rows.groupby(["country_a", "country_b"])["airline_key"].agg(set)
    op_keys = operating.agg(set)
    keys = ["country_a", "country_b"]
    out = pairs.groupby(keys, sort=True).agg(
        routes=("label", "size"),
        directed_routes=("directions", "sum"),
        codeshare_only_routes=("codeshare_only", "sum"),
        example_routes=("label", lambda s: _examples(list(s))),
    )
    ops = [o - {NO_AIRLINE} if isinstance(o, set) else set() for o in op_keys.reindex(out.index)]
    alls = [a - {NO_AIRLINE} for a in all_keys.reindex(out.index)]
    out["airlines"] = [len(o) for o in ops]
    out["codeshare_airlines"] = [len(a - o) for a, o in zip(alls, ops, strict=True)]
    named = rows[~rows["codeshare"] & (rows["airline_key"] != NO_AIRLINE)]
    names = named.groupby(keys)["label"].agg(lambda s: _examples(sorted(set(s))))
    out["example_airlines"] = names.reindex(out.index).fillna("").to_numpy()
    out = out.reset_index()
    out["codeshare_only_routes"] = out["codeshare_only_routes"].astype(int)
    return out[
        [
            "country_a",
            "country_b",
            "routes",
            "directed_routes",
            "airlines",
            "codeshare_airlines",
            "codeshare_only_routes",
            "example_routes",
            "example_airlines",
        ]
    ]


def count_linked_pairs(
    links: pd.DataFrame, first: Collection[str], second: Collection[str] | None = None
) -> int:
    """Country pairs with a non-stop route: within ``first``, or between ``first`` and ``second``.

    ``links`` is :func:`country_links`. A pair is counted once even when both countries are
    in both sets.
    """
    a, b = links["country_a"], links["country_b"]
    one = set(first)
    if second is None:
        mask = a.isin(one) & b.isin(one)
    else:
        two = set(second)
        mask = (a.isin(one) & b.isin(two)) | (a.isin(two) & b.isin(one))
    return int(mask.sum())


def connectivity_matrix(
    links: pd.DataFrame,
    members: Sequence[str],
    served: Collection[str],
    *,
    value: str = "routes",
) -> pd.DataFrame:
    """Square matrix (ISO3 × ISO3, symmetric) of ``value`` from :func:`country_links`.

    0 means both countries have served airports and no non-stop route joins them; NaN means one
    of them has no airport served by any route in the data (nothing to count) and on the
    diagonal.
    """
    codes = sorted(set(members))
    matrix = pd.DataFrame(0.0, index=codes, columns=codes)
    inside = links[links["country_a"].isin(codes) & links["country_b"].isin(codes)]
    for a, b, v in zip(inside["country_a"], inside["country_b"], inside[value], strict=True):
        matrix.loc[a, b] = matrix.loc[b, a] = float(v)
    unserved = [c for c in codes if c not in set(served)]
    matrix.loc[unserved, :] = np.nan
    matrix.loc[:, unserved] = np.nan
    for c in codes:
        matrix.loc[c, c] = np.nan
    matrix.index.name = "iso3"
    return matrix


@dataclass(frozen=True, eq=False)
class ConnectivityMatrix:
    """A group's country × country matrix of non-stop links, with the pair list behind it."""

    group: str
    members: tuple[str, ...]
    value: str
    matrix: pd.DataFrame
    links: pd.DataFrame
    linked_pairs: int
    possible_pairs: int
    unserved: tuple[str, ...]
    source: RouteSource
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the pair list (not the square matrix) and the counts."""
        return {
            "group": self.group,
            "members": list(self.members),
            "value": self.value,
            "linked_pairs": self.linked_pairs,
            "possible_pairs": self.possible_pairs,
            "unserved": list(self.unserved),
            "links": records(self.links),
            "source": self.source.as_dict(),
            "notes": list(self.notes),
        }


def south_connectivity(
    warehouse: Warehouse, group: str = DEFAULT_GROUP, *, value: str = "routes"
) -> ConnectivityMatrix:
    """Non-stop links among the members of ``group`` (any name ``group_countries`` accepts).

    ``value``: routes, directed_routes or airlines. Membership is today's; routes are the
    current network's.
    """
    if value not in ("routes", "directed_routes", "airlines"):
        raise InputError(
            f"cannot fill the matrix with {value!r}", hint="use routes, directed_routes or airlines"
        )
    network = load_network(warehouse)
    members = tuple(sorted(group_countries(warehouse, group)["iso3"]))
    links = country_links(network)
    served = network.served_countries()
    inside = links[links["country_a"].isin(members) & links["country_b"].isin(members)]
    usable = [m for m in members if m in served]
    return ConnectivityMatrix(
        group=group,
        members=members,
        value=value,
        matrix=connectivity_matrix(links, members, served, value=value),
        links=inside.reset_index(drop=True),
        linked_pairs=len(inside),
        possible_pairs=len(usable) * (len(usable) - 1) // 2,
        unserved=tuple(m for m in members if m not in served),
        source=network.source,
        notes=(
            *network.notes,
            f"members of {group} as of today; routes of {network.source.year}",
            "possible_pairs counts pairs of members with at least one served airport",
        ),
    )
