"""Missing air links: Global South country pairs with strong expected demand and no non-stop route.

Expected demand is a gravity score for an unordered pair of countries i, j::

    score_ij = exp(k) · (P_i P_j)^a · (GDP_i GDP_j)^b · d_ij^(−c)

P = population (WDI ``wdi_population``), GDP = GDP in current US$ (WDI
``wdi_gdp_current_usd``), both for ``year`` (default 2026, the year of the route network; the
latest value at or before it, else the earliest after, with the year used shown), d = great-
circle distance in km between the capitals (registry coordinates; the capital airport's when
the registry has none, flagged).

Calibration (default): Poisson pseudo-maximum likelihood (PPML, Santos Silva & Tenreyro 2006)
of the number of non-stop airport-pair routes between i and j (zeros included) on
log(P_i P_j), log(GDP_i GDP_j) and log d, over every pair of the Global South set whose two
countries have a served airport and all inputs. The score is then the model's expected number
of routes. Robustness rules: an exponent whose estimate has the wrong sign (a or b negative, c
negative) is fixed at 0 and the model refitted (so the score never falls as population or GDP
grows); with fewer than 30 linked pairs, or when the fit does not converge, the fixed exponents
a = 0.5, b = 0.5, c = 1 with k = 0 are used instead (an index, not a route count). Standard
errors are heteroskedasticity-robust (sandwich). The fit is the same for every area pair asked
about, so scores compare across region pairs.

Trade: the warehouse has bilateral trade for all pairs only within Africa (the intra-African
BACI table, annual mean 2012–2022, both directions summed). It is shown as an input where
available and not used in the score, so scores stay comparable between pairs with and without
trade data.

A *missing link* is a pair with no non-stop route in either direction in the current routes
(May 2026). Each row names the capital airports that would be joined, the score and every input,
the fewest-stops path between those airports today (does it need a Northern hub?), and whether
the pair had a non-stop route in the OpenFlights routes of June 2014 (``linked_2014``).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from southsouth.connectivity.change import history_network
from southsouth.connectivity.geodesy import haversine_km
from southsouth.connectivity.network import (
    CURRENT_YEAR,
    HISTORY_YEAR,
    AirNetwork,
    RouteSource,
    country_route_counts,
    load_network,
)
from southsouth.connectivity.paths import (
    RADIUS_KM,
    SEGMENT_COLUMNS,
    airport_graph,
    capital_airports,
    fewest_stops,
)
from southsouth.connectivity.regions import (
    DEFAULT_BLOCS,
    DEFAULT_REGION_PAIRS,
    Area,
    resolve_area,
)
from southsouth.errors import InputError
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.jsonable import records
from southsouth.registry import countries_table, group_countries
from southsouth.warehouse.store import Warehouse

POPULATION = "wdi_population"
GDP = "wdi_gdp_current_usd"
TRADE_DATASET = "africa-intra-trade-sections"
YEAR = CURRENT_YEAR
MIN_LINKED = 30
FloatArray = npt.NDArray[np.float64]


def gravity_score(
    pop_i: npt.ArrayLike,
    pop_j: npt.ArrayLike,
    gdp_i: npt.ArrayLike,
    gdp_j: npt.ArrayLike,
    distance_km: npt.ArrayLike,
    *,
    population: float = 0.5,
    gdp: float = 0.5,
    distance: float = 1.0,
    intercept: float = 0.0,
) -> FloatArray:
    """exp(intercept) (P_i P_j)^population (GDP_i GDP_j)^gdp / d^distance, elementwise.

    NaN wherever an input is missing or not positive (never a made-up zero).
    """
    arrays = [np.asarray(v, float) for v in (pop_i, pop_j, gdp_i, gdp_j, distance_km)]
    p_i, p_j, g_i, g_j, d = np.broadcast_arrays(*arrays)
    ok = np.isfinite(p_i + p_j + g_i + g_j + d) & (p_i > 0) & (p_j > 0) & (g_i > 0) & (g_j > 0)
    ok &= d > 0
    out = np.full(p_i.shape, np.nan)
    log = (
        intercept
        + population * (np.log(p_i[ok]) + np.log(p_j[ok]))
        + gdp * (np.log(g_i[ok]) + np.log(g_j[ok]))
        - distance * np.log(d[ok])
    )
    out[ok] = np.exp(log)
    return out


@dataclass(frozen=True)
class GravityModel:
    """Exponents of the gravity score and how they were obtained.

    ``method``: ``ppml`` (calibrated) or ``fixed``. ``std_errors``: robust standard errors of
    the estimated terms (None for fixed). ``constrained``: terms fixed at 0 for a wrong sign,
    with their unconstrained estimate.
    """

    method: str
    intercept: float
    population: float
    gdp: float
    distance: float
    std_errors: dict[str, float] | None = None
    pairs: int = 0
    linked_pairs: int = 0
    pseudo_r2: float | None = None
    constrained: dict[str, float] = field(default_factory=dict)
    note: str = ""

    def score(self, frame: pd.DataFrame) -> FloatArray:
        """Scores for a frame with pop_a, pop_b, gdp_a, gdp_b, distance_km."""
        return gravity_score(
            frame["pop_a"],
            frame["pop_b"],
            frame["gdp_a"],
            frame["gdp_b"],
            frame["distance_km"],
            population=self.population,
            gdp=self.gdp,
            distance=self.distance,
            intercept=self.intercept,
        )

    def formula(self) -> str:
        """The score with its numbers filled in."""
        what = "expected non-stop routes" if self.method == "ppml" else "gravity index (unitless)"
        return (
            f"{what} = exp({self.intercept:.3f}) · (P_i·P_j)^{self.population:.3f} · "
            f"(GDP_i·GDP_j)^{self.gdp:.3f} · d_km^−{self.distance:.3f}"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "method": self.method,
            "formula": self.formula(),
            "intercept": self.intercept,
            "population": self.population,
            "gdp": self.gdp,
            "distance": self.distance,
            "std_errors": self.std_errors,
            "pairs": self.pairs,
            "linked_pairs": self.linked_pairs,
            "pseudo_r2": self.pseudo_r2,
            "constrained": self.constrained,
            "note": self.note,
        }


FIXED = GravityModel(
    "fixed",
    0.0,
    0.5,
    0.5,
    1.0,
    note="fixed exponents a = 0.5, b = 0.5, c = 1 (not calibrated)",
)
TERMS = ("population", "gdp", "distance")


def _ppml(x: FloatArray, y: FloatArray, iterations: int = 100) -> tuple[FloatArray, bool]:
    """Poisson regression (log link) by iteratively reweighted least squares."""
    beta = np.zeros(x.shape[1])
    beta[0] = np.log(max(float(y.mean()), 1e-12))
    for _ in range(iterations):
        eta = np.clip(x @ beta, -700, 700)
        mu = np.exp(eta)
        z = eta + (y - mu) / mu
        xtw = x.T * mu
        try:
            new = np.linalg.solve(xtw @ x, xtw @ z)
        except np.linalg.LinAlgError:
            return beta, False
        if np.max(np.abs(new - beta)) < 1e-9:
            return new, True
        beta = new
    return beta, False


def _deviance(y: FloatArray, mu: FloatArray) -> float:
    ratio = np.where(y > 0, y / np.where(mu > 0, mu, 1.0), 1.0)
    return float(2 * np.sum(np.where(y > 0, y * np.log(ratio), 0.0) - (y - mu)))


def fit_gravity(pairs: pd.DataFrame, *, min_linked: int = MIN_LINKED) -> GravityModel:
    """Calibrate the exponents by PPML on ``pairs`` (routes, pop_a, pop_b, gdp_a, gdp_b,
    distance_km; rows with a missing input are left out). See the module docstring."""
    cols = ["routes", "pop_a", "pop_b", "gdp_a", "gdp_b", "distance_km"]
    data = pairs[cols].astype(float)
    data = data[np.isfinite(data).all(axis=1) & (data[cols[1:]] > 0).all(axis=1)]
    y = data["routes"].to_numpy()
    linked = int((y > 0).sum())
    if linked < min_linked:
        return _fixed(
            f"only {linked} linked pairs (< {min_linked}) to calibrate on", len(y), linked
        )
    logs = {
        "population": np.log(data["pop_a"].to_numpy() * data["pop_b"].to_numpy()),
        "gdp": np.log(data["gdp_a"].to_numpy() * data["gdp_b"].to_numpy()),
        "distance": -np.log(data["distance_km"].to_numpy()),
    }
    free = list(TERMS)
    constrained: dict[str, float] = {}
    while True:
        x = np.column_stack([np.ones(len(y)), *(logs[t] for t in free)])
        beta, converged = _ppml(x, y)
        if not converged:
            return _fixed("the PPML fit did not converge", len(y), linked)
        wrong = [t for t, b in zip(free, beta[1:], strict=True) if b < 0]
        if not wrong:
            break
        worst = min(wrong, key=lambda t: beta[1 + free.index(t)])
        constrained[worst] = float(beta[1 + free.index(worst)])
        free.remove(worst)
        if not free:
            return _fixed("every exponent had the wrong sign", len(y), linked)
    mu = np.exp(x @ beta)
    bread = np.linalg.inv((x.T * mu) @ x)
    meat = (x.T * (y - mu) ** 2) @ x
    se = np.sqrt(np.diag(bread @ meat @ bread))
    values = dict.fromkeys(TERMS, 0.0) | dict(zip(free, map(float, beta[1:]), strict=True))
    pseudo = 1 - _deviance(y, mu) / _deviance(y, np.full_like(y, y.mean()))
    note = "PPML on existing and absent routes between Global South pairs"
    if constrained:
        note += "; fixed at 0 for a wrong sign: " + ", ".join(
            f"{t} (estimate {v:.3f})" for t, v in constrained.items()
        )
    return GravityModel(
        method="ppml",
        intercept=float(beta[0]),
        population=values["population"],
        gdp=values["gdp"],
        distance=values["distance"],
        std_errors={"intercept": float(se[0])}
        | {t: float(s) for t, s in zip(free, se[1:], strict=True)},
        pairs=len(y),
        linked_pairs=linked,
        pseudo_r2=float(pseudo),
        constrained=constrained,
        note=note,
    )


def _fixed(reason: str, pairs: int, linked: int) -> GravityModel:
    return GravityModel(
        "fixed",
        FIXED.intercept,
        FIXED.population,
        FIXED.gdp,
        FIXED.distance,
        pairs=pairs,
        linked_pairs=linked,
        note=f"{FIXED.note}: {reason}",
    )


def latest_values(observations: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per country and indicator, the value of ``year`` or the latest before it, else the
    earliest after. ``observations``: country_iso3, indicator, year, value. Out: country_iso3,
    indicator, value, year (the year used)."""
    data = observations.dropna(subset=["value"])
    data = data.assign(_after=(data["year"] > year).astype(int), _gap=(data["year"] - year).abs())
    data = data.sort_values(["country_iso3", "indicator", "_after", "_gap"])
    first = data.groupby(["country_iso3", "indicator"], sort=True).head(1)
    return first[["country_iso3", "indicator", "value", "year"]].reset_index(drop=True)


def country_inputs(observations: pd.DataFrame, year: int) -> pd.DataFrame:
    """iso3, population, population_year, gdp_usd, gdp_year from WDI observations."""
    values = latest_values(observations, year)
    out = pd.DataFrame({"iso3": sorted(set(values["country_iso3"]))})
    for indicator, name in ((POPULATION, "population"), (GDP, "gdp_usd")):
        part = values[values["indicator"] == indicator].set_index("country_iso3")
        out[name] = out["iso3"].map(part["value"])
        out[name.split("_")[0] + "_year"] = out["iso3"].map(part["year"]).astype("Int64")
    return out


def pair_inputs(
    members: Sequence[str],
    capitals: pd.DataFrame,
    countries: pd.DataFrame,
    inputs: pd.DataFrame,
    links: pd.DataFrame,
    trade: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every unordered pair (a < b) of ``members`` with its gravity inputs and current routes.

    ``capitals``: :func:`capital_airports`; ``countries``: registry rows (capital_lat/lon);
    ``inputs``: :func:`country_inputs`; ``links``: :func:`country_route_counts`; ``trade``: a, b,
    trade_usd (unordered). Columns: a, b, routes (0 = no non-stop route), pop_a, pop_b,
    gdp_a, gdp_b, population_year_a/b, gdp_year_a/b, distance_km, distance_basis, trade_usd.
    """
    codes = sorted(set(members))
    pairs = pd.DataFrame(list(itertools.combinations(codes, 2)), columns=["a", "b"])
    routes = links.set_index(["country_a", "country_b"])["routes"]
    index = pd.MultiIndex.from_frame(pairs[["a", "b"]])
    pairs["routes"] = routes.reindex(index).fillna(0).astype(int).to_numpy()
    info = inputs.set_index("iso3")
    caps = capitals.set_index("iso3")
    geo = countries.set_index("iso3")
    lat = geo["capital_lat"].where(geo["capital_lat"].notna(), caps["lat"].reindex(geo.index))
    lon = geo["capital_lon"].where(geo["capital_lon"].notna(), caps["lon"].reindex(geo.index))
    for side in ("a", "b"):
        key = pairs[side]
        pairs[f"pop_{side}"] = key.map(info["population"])
        pairs[f"gdp_{side}"] = key.map(info["gdp_usd"])
        pairs[f"population_year_{side}"] = key.map(info["population_year"])
        pairs[f"gdp_year_{side}"] = key.map(info["gdp_year"])
    pairs["distance_km"] = haversine_km(
        pairs["a"].map(lat), pairs["a"].map(lon), pairs["b"].map(lat), pairs["b"].map(lon)
    )
    no_xy = geo["capital_lat"].isna() | geo["capital_lon"].isna()
    airport_based = pairs["a"].map(no_xy).fillna(True) | pairs["b"].map(no_xy).fillna(True)
    pairs["distance_basis"] = np.where(airport_based, "capital airport", "capital")
    if trade is not None and not trade.empty:
        flows = trade.set_index(["a", "b"])["trade_usd"]
        pairs["trade_usd"] = flows.reindex(index).to_numpy()
    else:
        pairs["trade_usd"] = np.nan
    return pairs


def intra_african_trade(warehouse: Warehouse) -> pd.DataFrame:
    """a, b (a < b), trade_usd: both directions summed over HS sections, mean of 2012–2022.

    Empty when the intra-African table is not loaded.
    """
    if not warehouse.loaded(TRADE_DATASET):
        return pd.DataFrame(columns=["a", "b", "trade_usd"])
    return warehouse.query(
        """
        SELECT least(exporter_iso3, importer_iso3) AS a,
               greatest(exporter_iso3, importer_iso3) AS b,
               sum(value_usd) AS trade_usd
        FROM trade_flow WHERE source_id = ? AND exporter_iso3 <> importer_iso3
        GROUP BY 1, 2
        """,
        [TRADE_DATASET],
    )


@dataclass(frozen=True, eq=False)
class DemandContext:
    """Everything the missing-link ranking needs, computed once for a Global South set."""

    group: str
    year: int
    network: AirNetwork
    graph: nx.DiGraph
    south: frozenset[str]
    capitals: pd.DataFrame
    pairs: pd.DataFrame
    model: GravityModel
    inputs_source: tuple[dict[str, str], ...]
    notes: tuple[str, ...]
    #: Unordered country pairs (a < b) linked in the 2014 routes; None when not loaded.
    linked_2014: frozenset[tuple[str, str]] | None = None


def history_pairs(warehouse: Warehouse) -> frozenset[tuple[str, str]] | None:
    """Country pairs (a < b) with a non-stop route in the 2014 routes; None when not loaded."""
    then = history_network(warehouse)
    if then is None:
        return None
    links = country_route_counts(then)
    return frozenset(zip(links["country_a"], links["country_b"], strict=True))


def demand_context(
    warehouse: Warehouse,
    *,
    group: str = DEFAULT_GROUP,
    year: int = YEAR,
    calibrate: bool = True,
    radius_km: float = RADIUS_KM,
) -> DemandContext:
    """Load routes, capitals, WDI inputs and trade; score every pair of ``group`` members."""
    warehouse.require("wdi-population", "wdi-gdp")
    network = load_network(warehouse)
    countries = countries_table(warehouse)
    south = frozenset(group_countries(warehouse, group)["iso3"])
    capitals = capital_airports(
        network.airports, countries[countries["iso3"].isin(south)], radius_km=radius_km
    )
    observations = warehouse.query(
        "SELECT country_iso3, indicator, year, value FROM observation "
        "WHERE indicator IN (?, ?) AND value IS NOT NULL",
        [POPULATION, GDP],
    )
    served = network.served_countries()
    usable = sorted(south & served)
    pairs = pair_inputs(
        usable,
        capitals,
        countries,
        country_inputs(observations, year),
        country_route_counts(network),
        intra_african_trade(warehouse),
    )
    model = fit_gravity(pairs) if calibrate else FIXED
    pairs["score"] = model.score(pairs)
    sources = [warehouse.provenance("wdi-population"), warehouse.provenance("wdi-gdp")]
    if warehouse.loaded(TRADE_DATASET):
        sources.append(warehouse.provenance(TRADE_DATASET))
    unserved = sorted(south - served)
    notes = [
        *network.notes,
        f"model: {model.formula()} ({model.note})",
        f"population and GDP for {year} (the route network's year) or the nearest year "
        "available: latest before, else earliest after; years shown per country",
        "trade_usd: intra-African BACI table only (annual mean 2012–2022, both directions); "
        "shown, not scored; empty elsewhere",
        f"{group} members as of today; capital airport = most-served airport within "
        f"{radius_km:g} km of the capital (flagged where the busiest airport stands in)",
    ]
    if unserved:
        notes.append("left out, no airport served by a route in the data: " + ", ".join(unserved))
    history = history_pairs(warehouse)
    if history is not None:
        notes.append(
            f"linked_{HISTORY_YEAR}: the pair had a non-stop route in the OpenFlights routes of "
            f"June {HISTORY_YEAR} (a link lost since, or one the two sources record differently)"
        )
    return DemandContext(
        group=group,
        year=year,
        network=network,
        graph=airport_graph(network),
        south=south,
        capitals=capitals,
        pairs=pairs,
        model=model,
        inputs_source=tuple(sources),
        notes=tuple(notes),
        linked_2014=history,
    )


def _between(pairs: pd.DataFrame, first: Collection[str], second: Collection[str]) -> pd.Series:
    one, two = set(first), set(second)
    return (pairs["a"].isin(one) & pairs["b"].isin(two)) | (
        pairs["a"].isin(two) & pairs["b"].isin(one)
    )


def rank_missing(
    context: DemandContext, first: Area, second: Area, *, top: int = 10
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The ``top`` unlinked pairs between two areas by score, with endpoints and inputs.

    Returns the table and counts: pairs, linked, missing, unscored (an input is missing).
    """
    pairs = context.pairs[_between(context.pairs, first.members, second.members)]
    missing = pairs[pairs["routes"] == 0]
    scored = missing[missing["score"].notna()]
    counts = {
        "pairs": len(pairs),
        "linked": int((pairs["routes"] > 0).sum()),
        "missing": len(missing),
        "unscored": len(missing) - len(scored),
    }
    best = scored.sort_values(["score", "a", "b"], ascending=[False, True, True]).head(top)
    caps = context.capitals.set_index("iso3")
    names = caps["country"]
    first_set = set(first.members)
    rows = []
    for rank, row in enumerate(best.itertuples(index=False), start=1):
        flip = row.a not in first_set
        f, t = (row.b, row.a) if flip else (row.a, row.b)
        sf, st = ("b", "a") if flip else ("a", "b")
        values = row._asdict()
        record: dict[str, Any] = {"rank": rank, "from_iso3": f, "from_country": names[f]}
        for side, code in (("from", f), ("to", t)):
            if side == "to":
                record["to_iso3"], record["to_country"] = code, names[code]
            cap = caps.loc[code]
            record[f"{side}_airport"] = cap["code"]
            record[f"{side}_airport_name"] = cap["airport"]
            record[f"{side}_city"] = cap["city"]
            record[f"{side}_airport_method"] = cap["method"]
        record["demand_score"] = float(row.score)
        record |= {
            "population_from": values[f"pop_{sf}"],
            "population_to": values[f"pop_{st}"],
            "gdp_usd_from": values[f"gdp_{sf}"],
            "gdp_usd_to": values[f"gdp_{st}"],
            "input_years": (
                f"population {values[f'population_year_{sf}']}/{values[f'population_year_{st}']}"
                f"; GDP {values[f'gdp_year_{sf}']}/{values[f'gdp_year_{st}']}"
            ),
            "distance_km": round(float(row.distance_km), 1),
            "distance_basis": row.distance_basis,
            "trade_usd": row.trade_usd,
        }
        path = fewest_stops(
            context.graph,
            int(caps.loc[f, "airport_id"]),
            int(caps.loc[t, "airport_id"]),
            context.south,
        )
        record |= {
            "stops": path.stops,
            "path": "–".join(s.code for s in path.path) or None,
            "via_north": path.via_north,
            "any_path_avoids_north": path.any_avoids_north,
            "linked_2014": None
            if context.linked_2014 is None
            else (min(f, t), max(f, t)) in context.linked_2014,
            "from_lat": float(caps.loc[f, "lat"]),
            "from_lon": float(caps.loc[f, "lon"]),
            "to_lat": float(caps.loc[t, "lat"]),
            "to_lon": float(caps.loc[t, "lon"]),
        }
        rows.append(record)
    return pd.DataFrame(rows, columns=_COLUMNS), counts


_COLUMNS = [
    "rank",
    "from_iso3",
    "from_country",
    "from_airport",
    "from_airport_name",
    "from_city",
    "from_airport_method",
    "to_iso3",
    "to_country",
    "to_airport",
    "to_airport_name",
    "to_city",
    "to_airport_method",
    "demand_score",
    "population_from",
    "population_to",
    "gdp_usd_from",
    "gdp_usd_to",
    "input_years",
    "distance_km",
    "distance_basis",
    "trade_usd",
    "stops",
    "path",
    "via_north",
    "any_path_avoids_north",
    "linked_2014",
    "from_lat",
    "from_lon",
    "to_lat",
    "to_lon",
]


def missing_segments(table: pd.DataFrame) -> pd.DataFrame:
    """Lines for a route map from a missing-link table: one per proposed capital-to-capital
    route (kind ``proposed non-stop route``; label with rank and score)."""
    return pd.DataFrame(
        {
            "from_code": table["from_airport"],
            "from_lat": table["from_lat"],
            "from_lon": table["from_lon"],
            "to_code": table["to_airport"],
            "to_lat": table["to_lat"],
            "to_lon": table["to_lon"],
            "kind": "proposed non-stop route",
            "label": [
                f"#{r} {a}–{b} (score {v:.3g})"
                for r, a, b, v in zip(
                    table["rank"],
                    table["from_airport"],
                    table["to_airport"],
                    table["demand_score"],
                    strict=True,
                )
            ],
        },
        columns=SEGMENT_COLUMNS,
    )


@dataclass(frozen=True, eq=False)
class MissingLinks:
    """Top missing links between two areas, the model that scored them, and the data used."""

    from_area: Area
    to_area: Area
    table: pd.DataFrame
    counts: dict[str, int]
    model: GravityModel
    year: int
    source: RouteSource
    inputs_source: tuple[dict[str, str], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def segments(self) -> pd.DataFrame:
        """Lines for a route map (see :func:`missing_segments`)."""
        return missing_segments(self.table)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "from": self.from_area.as_dict(),
            "to": self.to_area.as_dict(),
            "counts": self.counts,
            "model": self.model.as_dict(),
            "year": self.year,
            "links": records(self.table),
            "source": self.source.as_dict(),
            "inputs_source": list(self.inputs_source),
            "notes": list(self.notes),
        }


def _check_top(top: int) -> None:
    if top < 1:
        raise InputError(f"top must be at least 1, not {top}", hint="e.g. --top 10")


def missing_routes(
    warehouse: Warehouse,
    from_area: str,
    to_area: str,
    *,
    top: int = 10,
    group: str = DEFAULT_GROUP,
    year: int = YEAR,
    calibrate: bool = True,
    radius_km: float = RADIUS_KM,
    context: DemandContext | None = None,
) -> MissingLinks:
    """Top ``top`` missing links between two areas (region ids, M49 names, blocs, groups).

    Pass the same area twice for the missing links inside it (e.g. a bloc). ``context``
    reuses a :func:`demand_context` (its group, year and model then apply).
    """
    _check_top(top)
    if context is not None:
        group = context.group
    first = resolve_area(warehouse, from_area, group=group)
    second = resolve_area(warehouse, to_area, group=group)
    for area in (first, second):
        if not area.members:
            raise InputError(
                f"{area.name} has no members in {group}",
                hint="choose another area or a wider Global South set (--group all)",
            )
    ctx = context or demand_context(
        warehouse, group=group, year=year, calibrate=calibrate, radius_km=radius_km
    )
    table, counts = rank_missing(ctx, first, second, top=top)
    notes = list(ctx.notes)
    if counts["unscored"]:
        notes.append(f"{counts['unscored']} unlinked pairs not scored: an input is missing")
    return MissingLinks(
        from_area=first,
        to_area=second,
        table=table,
        counts=counts,
        model=ctx.model,
        year=ctx.year,
        source=ctx.network.source,
        inputs_source=ctx.inputs_source,
        notes=tuple(notes),
    )


@dataclass(frozen=True, eq=False)
class MissingOverview:
    """Top missing links for several region pairs and blocs, scored by one model."""

    table: pd.DataFrame
    counts: pd.DataFrame
    model: GravityModel
    year: int
    source: RouteSource
    inputs_source: tuple[dict[str, str], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def segments(self) -> pd.DataFrame:
        """Lines for a route map (see :func:`missing_segments`)."""
        return missing_segments(self.table)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "links": records(self.table),
            "counts": records(self.counts),
            "model": self.model.as_dict(),
            "year": self.year,
            "source": self.source.as_dict(),
            "inputs_source": list(self.inputs_source),
            "notes": list(self.notes),
        }


def missing_routes_overview(
    warehouse: Warehouse,
    *,
    region_pairs: Sequence[tuple[str, str]] = DEFAULT_REGION_PAIRS,
    blocs: Sequence[str] = DEFAULT_BLOCS,
    top: int = 5,
    group: str = DEFAULT_GROUP,
    year: int = YEAR,
    calibrate: bool = True,
    context: DemandContext | None = None,
) -> MissingOverview:
    """Top ``top`` missing links per region pair and inside each bloc (column ``areas``)."""
    _check_top(top)
    ctx = context or demand_context(warehouse, group=group, year=year, calibrate=calibrate)
    tables, counts = [], []
    for a, b in [*region_pairs, *((bloc, bloc) for bloc in blocs)]:
        result = missing_routes(warehouse, a, b, top=top, context=ctx)
        label = result.from_area.id if a == b else f"{result.from_area.id}–{result.to_area.id}"
        tables.append(result.table.assign(areas=label))
        counts.append({"areas": label, **result.counts})
    table = pd.concat(tables, ignore_index=True)
    table.insert(0, "areas", table.pop("areas"))
    return MissingOverview(
        table=table,
        counts=pd.DataFrame(counts),
        model=ctx.model,
        year=ctx.year,
        source=ctx.network.source,
        inputs_source=ctx.inputs_source,
        notes=ctx.notes,
    )
