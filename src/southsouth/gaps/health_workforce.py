"""Health-workforce gap under the SDG needs-based threshold, by country, bloc and WHO region.

Per country c, cadre q and year T (population P from UN WPP 2024, projected after 2023):

* need_cqT = τ_q · P_cT / 1000, τ = 4.45 doctors + nurses & midwives per 1,000 (WHO 2016);
* supply_cqT = d_cqT · P_cT / 1000, d the cadre's projected density per 1,000 (the sum of
  its series, see :mod:`southsouth.gaps.health_workforce_supply`);
* shortage_cqT = max(0, need − supply); surplus_cqT = max(0, supply − need);
* coverage_cqT = supply / need, **not capped** (a country above the threshold shows > 1);
  ``need_met_share`` = Σ min(supply, need) / Σ need = 1 − shortage / need is in [0, 1].

A group's need, supply, shortage and surplus are sums over its countries with data; a
surplus never offsets another country's shortage. Countries without density data are
listed, and their need is reported separately (``need_without_data``).

Other cadres (pharmacists, community health workers, …) are a documented extension: give a
:class:`Cadre` with its own threshold and density series (``extra_densities`` supplies the
values). Each cadre's shortage is computed on its own, so one cadre's surplus does not
offset another's shortage either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError, UnknownBloc, YearOutOfRange
from southsouth.gaps.health_workforce_cadres import (
    DOCTORS,
    NURSES_MIDWIVES,
    SDG_CADRE,
    SDG_THRESHOLD_PER_1000,
    Cadre,
    country_gaps,
    missing_data,
)
from southsouth.gaps.health_workforce_published import (
    AFRO_2030,
    PUBLISHED,
    PublishedComparison,
    PublishedEstimate,
    compare_with_published,
)
from southsouth.gaps.health_workforce_supply import (
    BASELINE,
    DEFAULT_RULE,
    DensitySeries,
    Scenario,
    TrendRule,
    parse_scenario,
    project_densities,
    supply_basis,
)
from southsouth.indicators import observations
from southsouth.jsonable import records
from southsouth.registry import bloc_members, countries_table, group_countries, resolve_bloc
from southsouth.warehouse.store import Warehouse

__all__ = [
    "AFRO_2030",
    "BASELINE",
    "DEFAULT_AS_OF",
    "DEFAULT_RULE",
    "DEFAULT_YEARS",
    "DOCTORS",
    "NURSES_MIDWIVES",
    "SDG_CADRE",
    "SDG_THRESHOLD_PER_1000",
    "WHO_REGION_ALIASES",
    "WHO_REGION_BLOCS",
    "Cadre",
    "DensitySeries",
    "PublishedComparison",
    "PublishedEstimate",
    "Scenario",
    "TrendRule",
    "WorkforceGap",
    "aggregate",
    "health_workforce_gap",
    "parse_scenario",
    "workforce_gap",
]

DEFAULT_AS_OF = 2025
DEFAULT_YEARS = tuple(range(2025, 2041))
POPULATION_INDICATOR = "gapminder_population"
POPULATION_DATASET = "gapminder-population"
WHO_REGION_BLOCS = ("WHO-AFRO", "WHO-AMRO", "WHO-SEARO", "WHO-EURO", "WHO-EMRO", "WHO-WPRO")
#: Short names accepted for the WHO regions (``afro`` → ``WHO-AFRO``).
WHO_REGION_ALIASES = {b.split("-", 1)[1].lower(): b for b in WHO_REGION_BLOCS}


@dataclass(frozen=True)
class WorkforceGap:
    """Need, supply, shortage and coverage by country and group, with provenance."""

    countries: pd.DataFrame
    groups: pd.DataFrame
    basis: pd.DataFrame
    without_data: pd.DataFrame
    comparisons: tuple[PublishedComparison, ...]
    cadres: tuple[Cadre, ...]
    scenario: Scenario
    rule: TrendRule
    as_of: int
    notes: tuple[str, ...]
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)

    def group_row(self, group: str, year: int, cadre: str = SDG_CADRE.id) -> pd.Series:
        """The aggregate row of ``group`` in ``year`` for ``cadre``."""
        rows = self.groups[
            (self.groups["group"] == group)
            & (self.groups["year"] == year)
            & (self.groups["cadre"] == cadre)
        ]
        if len(rows) != 1:
            raise InputError(
                f"no result for group {group!r}, year {year}, cadre {cadre!r}",
                hint=f"groups computed: {sorted(self.groups['group'].unique())}",
            )
        return rows.iloc[0]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of every table, comparison and setting."""
        return {
            "groups": records(self.groups),
            "countries": records(self.countries),
            "basis": records(self.basis),
            "without_data": records(self.without_data),
            "published": [c.as_dict() for c in self.comparisons],
            "cadres": [asdict(c) for c in self.cadres],
            "scenario": asdict(self.scenario),
            "rule": asdict(self.rule),
            "as_of": self.as_of,
            "notes": list(self.notes),
            "sources": records(self.sources),
        }


def _notes(
    cadres: Sequence[Cadre], scenario: Scenario, rule: TrendRule, as_of: int
) -> tuple[str, ...]:
    cadre_text = "; ".join(
        f"{c.name}: need {c.threshold_per_1000:g} per 1,000, supply = "
        + " + ".join(s.label for s in c.series)
        for c in cadres
    )
    series_text = " ".join(s.note for c in cadres for s in c.series if s.note)
    levers = (
        "baseline: trends only"
        if scenario.annual_factor == 1
        else f"{scenario.name}: training {scenario.training_growth:+.2%}/yr, attrition "
        f"{scenario.attrition:.2%}/yr, emigration {scenario.emigration:.2%}/yr on top of the "
        f"trend, compounding after {scenario.start_year}"
    )
    return (
        f"Need = threshold × population / 1,000; {cadre_text}. {series_text}",
        "Shortage = max(0, need − supply) per country and cadre; group shortage is the sum of "
        "country shortages, never offset by another country's surplus (shown as surplus).",
        "Coverage = supply / need, not capped: it exceeds 1 where supply exceeds need; "
        "need_met_share = 1 − shortage / need is the capped share in [0, 1].",
        "Group need, supply and shortage cover countries with data only; the need of "
        "countries without density data is given as need_without_data and they are listed.",
        f"Supply: latest density in {as_of - rule.lookback_years}–{as_of}, projected by the "
        f"country's compound log-linear trend over the {rule.window_years} years to that value "
        f"(≥ {rule.min_points} points over ≥ {rule.min_span_years} years), else its WHO "
        f"region's median trend (≥ {rule.min_region_countries} countries), else the median of "
        f"all countries; growth capped to {rule.min_growth:+.0%}…{rule.max_growth:+.0%} a year.",
        f"Scenario {levers}.",
        "Population: UN WPP 2024 via Gapminder v8; years after 2023 are medium-variant "
        "projections (population_flag 'projection').",
    )


def _validate_years(years: Iterable[int], as_of: int, population: pd.DataFrame) -> list[int]:
    wanted = sorted({int(y) for y in years})
    if not wanted:
        raise InputError("no years asked for", hint="e.g. years=range(2025, 2041)")
    have = set(population["year"].astype(int))
    bad = [y for y in wanted if y < as_of or y not in have]
    if bad:
        top = max(have) if have else as_of
        raise YearOutOfRange(
            f"cannot project to {bad[0]}: projections run from {as_of} to {top}",
            hint=f"ask for years between {as_of} and {top} (or lower as_of)",
        )
    return wanted


def aggregate(
    countries: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    group_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Sum country rows into group × cadre × year rows (countries with data only)."""
    rows = []
    for group, members in groups.items():
        sub = countries[countries["country_iso3"].isin(list(members))]
        for (cadre, year), g in sub.groupby(["cadre", "year"], sort=True):
            ok = g[g["has_data"]]
            # sums over no country stay missing (NaN), never zero
            need = float(ok["need"].sum(min_count=1))
            shortage = float(ok["shortage"].sum(min_count=1))
            supply = float(ok["supply"].sum(min_count=1))
            need_without = float(g.loc[~g["has_data"], "need"].sum())
            rows.append(
                {
                    "group": group,
                    "group_name": (group_names or {}).get(group, group),
                    "cadre": cadre,
                    "year": int(year),
                    "countries": len(set(members)),
                    "countries_with_data": len(ok),
                    "countries_without_data": len(set(members)) - len(ok),
                    "without_data": tuple(sorted(set(members) - set(ok["country_iso3"]))),
                    "population": float(g["population"].sum(min_count=1)),
                    "need": need,
                    "supply": supply,
                    "shortage": shortage,
                    "surplus": float(ok["surplus"].sum(min_count=1)),
                    "coverage": supply / need if need > 0 else np.nan,
                    "need_met_share": 1 - shortage / need if need > 0 else np.nan,
                    "need_without_data": need_without,
                    "need_total": float(g["need"].sum(min_count=1)),
                }
            )
    return pd.DataFrame(rows)


def published_comparisons(
    result_groups: pd.DataFrame,
    countries: pd.DataFrame,
    basis: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    cadres: Sequence[Cadre],
) -> tuple[PublishedComparison, ...]:
    """Published estimates for the SDG cadre's groups and years that were computed."""
    cadre = next((c for c in cadres if c.id == SDG_CADRE.id), None)
    if cadre is None:
        return ()
    out = []
    for estimate in PUBLISHED:
        rows = result_groups[
            (result_groups["group"] == estimate.group)
            & (result_groups["year"] == estimate.year)
            & (result_groups["cadre"] == cadre.id)
        ]
        if rows.empty or not rows.iloc[0]["need"] > 0:
            continue
        row = rows.iloc[0]
        with_data = countries[
            (countries["cadre"] == cadre.id)
            & (countries["year"] == estimate.year)
            & countries["has_data"]
            & countries["country_iso3"].isin(list(groups[estimate.group]))
        ]["country_iso3"]
        used = basis[
            basis["country_iso3"].isin(with_data)
            & basis["indicator"].isin([s.indicator for s in cadre.series])
        ]
        base_years = {
            s.label: (
                int(used.loc[used["indicator"] == s.indicator, "base_year"].min()),
                int(used.loc[used["indicator"] == s.indicator, "base_year"].max()),
            )
            for s in cadre.series
        }
        out.append(
            compare_with_published(
                estimate,
                population=float(row["population"]),
                need=float(row["need"]),
                supply=float(row["supply"]),
                shortage=float(row["shortage"]),
                countries_with_data=int(row["countries_with_data"]),
                countries_without_data=int(row["countries_without_data"]),
                mirror_stock=float(used["base_headcount"].sum()),
                mirror_stock_years=(int(used["base_year"].min()), int(used["base_year"].max())),
                threshold_per_1000=cadre.threshold_per_1000,
                base_years=base_years,
            )
        )
    return tuple(out)


def workforce_gap(
    densities: pd.DataFrame,
    population: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    *,
    regions: Mapping[str, str],
    cadres: Sequence[Cadre] = (SDG_CADRE,),
    years: Iterable[int] = DEFAULT_YEARS,
    scenario: Scenario = BASELINE,
    rule: TrendRule = DEFAULT_RULE,
    as_of: int = DEFAULT_AS_OF,
    names: Mapping[str, str] | None = None,
    group_names: Mapping[str, str] | None = None,
) -> WorkforceGap:
    """The threshold model over plain tables.

    ``densities``: country_iso3, indicator, year, value (every country, for the trends);
    ``population``: country_iso3, year, value, flag; ``groups``: group id → member ISO3s;
    ``regions``: ISO3 → WHO region id (for borrowed trends).
    """
    cadres = tuple(cadres)
    wanted_years = _validate_years(years, as_of, population)
    series = list({s.indicator: s for c in cadres for s in c.series}.values())
    basis = supply_basis(densities, series, as_of=as_of, regions=regions, rule=rule)
    pop = population.set_index(["country_iso3", "year"])
    key = pd.MultiIndex.from_arrays(
        [basis["country_iso3"], basis["base_year"].fillna(-1).astype(int)]
    )
    basis["base_headcount"] = (
        basis["base_per_1000"].to_numpy() * pop["value"].reindex(key).to_numpy() / 1000
    )
    projected = project_densities(basis, wanted_years, scenario)

    members = sorted({iso3 for m in groups.values() for iso3 in m})
    grid = pd.MultiIndex.from_product(
        [members, wanted_years], names=["country_iso3", "year"]
    ).to_frame(index=False)
    grid = grid.merge(
        population[["country_iso3", "year", "value", "flag"]].rename(
            columns={"value": "population", "flag": "population_flag"}
        ),
        how="left",
        on=["country_iso3", "year"],
    )
    grid["name"] = grid["country_iso3"].map(names or {})
    countries = pd.concat(
        [country_gaps(c, grid, projected) for c in cadres], ignore_index=True
    ).sort_values(["cadre", "country_iso3", "year"], ignore_index=True)

    present = countries["population"].notna().groupby(countries["country_iso3"]).all()
    roster = pd.DataFrame(
        {"country_iso3": members, "name": [(names or {}).get(m) for m in members]}
    ).assign(has_pop=lambda f: f["country_iso3"].map(present).fillna(False).astype(bool))
    without = missing_data(cadres, roster, basis)

    grouped = aggregate(countries, groups, group_names)
    comparisons = published_comparisons(grouped, countries, basis, groups, cadres)
    return WorkforceGap(
        countries=countries,
        groups=grouped,
        basis=basis[basis["country_iso3"].isin(members)].reset_index(drop=True),
        without_data=without,
        comparisons=comparisons,
        cadres=cadres,
        scenario=scenario,
        rule=rule,
        as_of=as_of,
        notes=_notes(cadres, scenario, rule, as_of),
    )


def _group_id(warehouse: Warehouse, spec: str) -> str:
    key = WHO_REGION_ALIASES.get(spec.strip().lower(), spec.strip())
    try:
        return resolve_bloc(warehouse, key).bloc_id
    except UnknownBloc:
        return key


def health_workforce_gap(
    warehouse: Warehouse,
    groups: Sequence[str] = ("WHO-AFRO",),
    *,
    years: Iterable[int] = DEFAULT_YEARS,
    scenario: Scenario = BASELINE,
    rule: TrendRule = DEFAULT_RULE,
    cadres: Sequence[Cadre] = (SDG_CADRE,),
    extra_densities: pd.DataFrame | None = None,
    as_of: int = DEFAULT_AS_OF,
    today: date | None = None,
) -> WorkforceGap:
    """The threshold model for ``groups`` (bloc ids, WHO region aliases, Global South ids,
    ISO3 lists; see ``group_countries``), read from the warehouse.

    Memberships are those of the current year (records, not forecasts) for every
    projection year. ``extra_densities`` (country_iso3, indicator, year, value) supplies
    series of user-defined cadres that the warehouse does not hold.
    """
    cadres = tuple(cadres)
    series = {s.indicator: s for c in cadres for s in c.series}
    datasets = sorted({s.dataset_id for s in series.values() if s.dataset_id})
    warehouse.require("countries", "blocs", POPULATION_DATASET, *datasets)
    today = today or date.today()
    year = today.year
    members: dict[str, list[str]] = {}
    for spec in groups:
        gid = _group_id(warehouse, spec)
        members[gid] = group_countries(warehouse, gid, year=year, today=today)["iso3"].tolist()
    regions = {
        iso3: bloc
        for bloc in WHO_REGION_BLOCS
        for iso3 in bloc_members(warehouse, bloc, year=year, today=today)["iso3"]
    }
    frames = [
        observations(warehouse, s.indicator)[["country_iso3", "indicator", "year", "value"]]
        for s in series.values()
        if s.dataset_id
    ]
    if extra_densities is not None:
        frames.append(_checked_extra(extra_densities, series))
    population = observations(
        warehouse, POPULATION_INDICATOR, years=range(as_of - rule.lookback_years, 2101)
    )[["country_iso3", "year", "value", "flag"]]
    registry = countries_table(warehouse)
    names = dict(zip(registry["iso3"], registry["name"], strict=True))
    blocs = warehouse.query("SELECT bloc_id, name FROM bloc")
    group_names = dict(zip(blocs["bloc_id"], blocs["name"], strict=True))
    result = workforce_gap(
        pd.concat(frames, ignore_index=True),
        population,
        members,
        regions=regions,
        cadres=cadres,
        years=years,
        scenario=scenario,
        rule=rule,
        as_of=as_of,
        names=names,
        group_names=group_names,
    )
    sources = warehouse.query(
        "SELECT dataset_id, title, publisher, citation, licence, vintage FROM dataset_status "
        "WHERE dataset_id IN (SELECT unnest(?)) ORDER BY dataset_id",
        [[POPULATION_DATASET, *datasets, "blocs"]],
    )
    membership = (
        f"Group memberships as recorded on {today.isoformat()} are used for every projection "
        "year (memberships are records, not forecasts); WHO regions from the registry's "
        "WHO-* blocs."
    )
    return replace(result, sources=sources, notes=(*result.notes, membership))


def _checked_extra(frame: pd.DataFrame, series: Mapping[str, DensitySeries]) -> pd.DataFrame:
    needed = ["country_iso3", "indicator", "year", "value"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InputError(
            f"extra densities lack columns {missing}",
            hint="give a table with country_iso3, indicator, year, value",
        )
    unknown = sorted(set(frame["indicator"]) - set(series))
    if unknown:
        raise InputError(
            f"extra densities for indicators no cadre uses: {unknown}",
            hint="name them in a Cadre's DensitySeries",
        )
    return frame[needed]
