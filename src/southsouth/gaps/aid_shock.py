"""Aid-shock exposure: the US assistance each country stood to lose in the 2025 cut.

Data: ForeignAssistance.gov's country file (dataset ``us-foreign-aid``): obligations and
disbursements by US fiscal year (October–September), in current and constant 2022 US$,
economic and military assistance together (no sector split). The file ends during FY2024
reporting and has no FY2025, so the cut itself is not in the data: the exposure is what was
at risk, measured in the last full fiscal year before it.

Fiscal-year rule (:func:`last_full_year`): the latest fiscal year in which the world total
of both flows (every row of the file: countries, regions and "World") reaches
:data:`FULL_YEAR_SHARE` of its median over the three fiscal years before it. In the mirror
edition FY2024 (US$7.4 bn disbursed against a median of US$48.7 bn) is partial and FY2023
is chosen.

Beside each country's assistance: GDP (WDI, current US$), the WHO GHED external share of
current health expenditure times health spending per person times population (US$ of
external health financing, all donors), and net ODA received (% of GNI, WDI), each the
latest year at most :data:`LOOKBACK` years before the fiscal year, its year stated.

Health financing at risk (an upper bound, not a US health split): a country's US
disbursements capped at its external health financing — the US cannot have paid more of
its health spending than all external sources together, nor more than it disbursed.

Pooled-financing scenarios (:class:`ContributionRule`): members at or above a GDP per person
contribute a share of GDP (``0.01%@4500``), or every member contributes a share of its GDP
above a GDP per person (``0.1%>4500``); coverage is the pool over the group's health
financing at risk, capped at 100 %.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.gaps.military import DEFAULT_GROUPS
from southsouth.indicators.aggregates import latest_values
from southsouth.jsonable import records
from southsouth.registry.groups import GroupMembers, resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.warehouse.store import Warehouse

DATASET = "us-foreign-aid"
Flow = Literal["disbursements", "obligations"]
FLOWS: tuple[Flow, ...] = ("disbursements", "obligations")
#: Warehouse indicators of the US file: (flow, basis) → indicator id.
AID = {
    (flow, basis): f"us_aid_{flow}_{suffix}"
    for flow in FLOWS
    for basis, suffix in (("current", "usd"), ("constant", "constant_2022_usd"))
}
GDP = "wdi_gdp_current_usd"
POPULATION = "wdi_population"
EXTERNAL_SHARE = "who_ghed_ext_pct_che"
HEALTH_PER_PERSON = "who_ghed_che_per_capita_usd"
ODA = "wdi_oda_received_pct_gni"
CONTEXT = (GDP, POPULATION, EXTERNAL_SHARE, HEALTH_PER_PERSON, ODA)
#: A fiscal year is full when both world totals reach this share of their recent median.
FULL_YEAR_SHARE = 0.5
#: Fiscal years before a candidate year whose median it is measured against.
MEDIAN_YEARS = 3
#: Context data (GDP, GHED, ODA) may be this many years older than the fiscal year.
LOOKBACK = 5
MAX_RULES = 3
#: Contribution rules when the caller names none.
DEFAULT_RULES = ("0.01%@4500", "0.05%@13000", "0.1%>4500")
_RULE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*([@>])\s*(\d+(?:\.\d+)?)\s*$")
MAX_RATE_PCT = 5.0
MAX_THRESHOLD_USD = 200_000.0
NO_SECTOR_SPLIT = (
    "US assistance here is economic and military together; the file has no sector split, so "
    "the health figure is an upper bound (US disbursements capped at the country's external "
    "health financing from all donors), not the US share of health spending."
)


@dataclass(frozen=True)
class ContributionRule:
    """A pooled-financing rule: ``rate_pct`` % of GDP from members at or above
    ``threshold_usd`` GDP per person (``at``), or of the GDP above it from every member
    (``above``)."""

    rate_pct: float
    threshold_usd: float
    base: Literal["at", "above"]

    @property
    def text(self) -> str:
        """The rule as written: ``0.01%@4500`` or ``0.1%>4500``."""
        sign = "@" if self.base == "at" else ">"
        return f"{self.rate_pct:g}%{sign}{self.threshold_usd:g}"

    def describe(self) -> str:
        """The rule in words."""
        if self.base == "at":
            return (
                f"members with GDP per person of at least US${self.threshold_usd:,.0f} "
                f"contribute {self.rate_pct:g} % of GDP"
            )
        return (
            f"every member contributes {self.rate_pct:g} % of its GDP above "
            f"US${self.threshold_usd:,.0f} per person"
        )

    def contributions(self, gdp: pd.Series, population: pd.Series) -> pd.Series:
        """US$ each member contributes (ISO3 → US$; members contributing nothing left out)."""
        frame = pd.DataFrame({"gdp": gdp, "population": population}).dropna()
        frame = frame[(frame["gdp"] > 0) & (frame["population"] > 0)]
        per_person = frame["gdp"] / frame["population"]
        if self.base == "at":
            base = frame["gdp"].where(per_person >= self.threshold_usd, 0.0)
        else:
            base = ((per_person - self.threshold_usd).clip(lower=0.0)) * frame["population"]
        paid = base * self.rate_pct / 100
        return paid[paid > 0].astype(float)


def parse_rule(text: str) -> ContributionRule:
    """A rule from ``<rate>%@<US$ per person>`` (members at or above contribute that share of
    GDP) or ``<rate>%><US$ per person>`` (every member, that share of GDP above it)."""
    found = _RULE.match(text or "")
    hint = "e.g. 0.01%@4500 (members ≥ US$4,500 per person give 0.01 % of GDP) or 0.1%>4500"
    if found is None:
        raise InputError(
            f"contribution rule {text!r} is not <rate>%@<US$> or <rate>%><US$>", hint=hint
        )
    rate, sign, threshold = float(found[1]), found[2], float(found[3])
    if not 0 < rate <= MAX_RATE_PCT:
        raise InputError(
            f"contribution rate {rate:g} % is outside (0, {MAX_RATE_PCT:g}] % of GDP", hint=hint
        )
    if threshold > MAX_THRESHOLD_USD:
        raise InputError(
            f"GDP per person threshold US${threshold:,.0f} is above US${MAX_THRESHOLD_USD:,.0f}",
            hint=hint,
        )
    return ContributionRule(rate, threshold, "at" if sign == "@" else "above")


def parse_rules(texts: Sequence[str]) -> tuple[ContributionRule, ...]:
    """Up to :data:`MAX_RULES` distinct rules (default :data:`DEFAULT_RULES`)."""
    rules = tuple(dict.fromkeys(parse_rule(t) for t in (texts or DEFAULT_RULES)))
    if len(rules) > MAX_RULES:
        raise InputError(
            f"{len(rules)} contribution rules given; at most {MAX_RULES}",
            hint="compare two or three at a time, e.g. 0.01%@4500 and 0.1%>4500",
        )
    return rules


@dataclass(frozen=True, eq=False)
class AidShock:
    """Exposure by country and group, pooled-financing scenarios and world totals."""

    fiscal_year: int
    flow: Flow
    countries: pd.DataFrame
    groups: pd.DataFrame
    scenarios: pd.DataFrame
    contributors: pd.DataFrame
    years: pd.DataFrame
    totals: dict[str, Any]
    rules: tuple[ContributionRule, ...]
    year_rule: str
    health_rule: str
    source: dict[str, str]
    source_ids: tuple[str, ...]
    top: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    def ranked(self, by: Literal["usd", "pct_gdp"]) -> pd.DataFrame:
        """The ``top`` countries losing most in US$ or in % of GDP."""
        rank = "rank_usd" if by == "usd" else "rank_pct_gdp"
        rows = self.countries.dropna(subset=[rank]).sort_values(rank)
        columns = ["iso3", "name", rank, "at_risk_usd", "at_risk_pct_gdp", "health_at_risk_usd"]
        return rows.head(self.top)[columns].reset_index(drop=True)

    def group_row(self, group: str) -> dict[str, Any]:
        """One group's totals (by entity id, case-insensitive)."""
        rows = self.groups[self.groups["group"].str.lower() == group.lower()]
        if rows.empty:
            raise InputError(
                f"group {group!r} is not in this result",
                hint="ask for it: " + ", ".join(self.groups["group"]),
            )
        return rows.iloc[0].to_dict()

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return {
            "fiscal_year": self.fiscal_year,
            "flow": self.flow,
            "countries": records(self.countries),
            "groups": records(self.groups),
            "top_usd": records(self.ranked("usd")),
            "top_pct_gdp": records(self.ranked("pct_gdp")),
            "scenarios": records(self.scenarios),
            "contributors": records(self.contributors),
            "data_years": records(self.years),
            "totals": self.totals,
            "rules": [{"rule": r.text, "description": r.describe()} for r in self.rules],
            "year_rule": self.year_rule,
            "health_rule": self.health_rule,
            "source": self.source,
            "source_ids": list(self.source_ids),
            "notes": list(self.notes),
        }


def world_totals(warehouse: Warehouse) -> pd.DataFrame:
    """US$ (current) of every row of the file by flow and fiscal year: countries, regions
    and "World" (ForeignAssistance.gov's unallocated assistance)."""
    ids = [AID[(flow, "current")] for flow in FLOWS]
    return warehouse.query(
        "SELECT indicator, year, sum(value) AS countries, 0.0 AS regions FROM observation "
        "WHERE indicator IN (SELECT unnest(?)) GROUP BY indicator, year "
        "UNION ALL SELECT indicator, year, 0.0, sum(value) FROM region_observation "
        "WHERE indicator IN (SELECT unnest(?)) GROUP BY indicator, year",
        [ids, ids],
    ).pivot_table(index="year", columns="indicator", values=["countries", "regions"], aggfunc="sum")


def last_full_year(totals: pd.DataFrame) -> int:
    """The latest fiscal year whose world total of each flow reaches
    :data:`FULL_YEAR_SHARE` of its median over the :data:`MEDIAN_YEARS` years before it."""
    whole = totals["countries"].add(totals["regions"], fill_value=0.0).sort_index()
    for year in sorted(whole.index, reverse=True):
        before = whole.loc[(whole.index < year) & (whole.index >= year - MEDIAN_YEARS)]
        if len(before) < MEDIAN_YEARS or before.isna().any().any():
            continue
        if all(whole.at[year, c] >= FULL_YEAR_SHARE * before[c].median() for c in whole.columns):
            return int(year)
    raise InputError(
        "no full fiscal year in the US foreign-aid data",
        hint="run `southsouth data sync us-foreign-aid`",
    )


def _latest(frame: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    """Each country's latest value of ``indicator`` in [year − LOOKBACK, year], with its year."""
    values, years = latest_values(frame[frame["indicator"] == indicator], year, LOOKBACK)
    return pd.DataFrame({"value": values, "year": years})


def _external_health(context: pd.DataFrame, year: int) -> pd.DataFrame:
    """US$ of external health financing by country: GHED external share × health spending
    per person × population, in the latest year (≤ ``year``) holding all three."""
    wide = context[context["indicator"].isin([EXTERNAL_SHARE, HEALTH_PER_PERSON, POPULATION])]
    wide = wide[wide["year"] <= year].pivot_table(
        index=["country_iso3", "year"], columns="indicator", values="value"
    )
    wide = wide.reindex(columns=[EXTERNAL_SHARE, HEALTH_PER_PERSON, POPULATION]).dropna()
    wide = wide.reset_index().sort_values(["country_iso3", "year"])
    wide = wide.drop_duplicates("country_iso3", keep="last").set_index("country_iso3")
    return pd.DataFrame(
        {
            "external_health_usd": wide[EXTERNAL_SHARE]
            / 100
            * wide[HEALTH_PER_PERSON]
            * wide[POPULATION],
            "external_health_pct_che": wide[EXTERNAL_SHARE],
            "health_year": wide["year"].astype(int),
        }
    )


def _country_table(
    warehouse: Warehouse, members: list[str], year: int, flow: Flow
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """One row per member (both flows in both bases, context values and their years) and the
    dataset ids read."""
    aid = warehouse.query(
        "SELECT country_iso3, indicator, value FROM observation "
        "WHERE indicator IN (SELECT unnest(?)) AND year = ? AND country_iso3 IN (SELECT unnest(?))",
        [list(AID.values()), year, members],
    ).pivot_table(index="country_iso3", columns="indicator", values="value", aggfunc="sum")
    context = warehouse.query(
        "SELECT country_iso3, indicator, year, value, source_id FROM observation "
        "WHERE indicator IN (SELECT unnest(?)) AND year BETWEEN ? AND ? "
        "AND country_iso3 IN (SELECT unnest(?))",
        [list(CONTEXT), year - LOOKBACK, year, members],
    )
    names = warehouse.query(
        "SELECT iso3, name FROM country WHERE iso3 IN (SELECT unnest(?))", [members]
    ).set_index("iso3")["name"]
    out = pd.DataFrame(index=pd.Index(sorted(members), name="iso3"))
    out["name"] = names.reindex(out.index).fillna(pd.Series(out.index, index=out.index))
    for (kind, basis), ident in AID.items():
        out[f"{kind}_{basis}_usd"] = aid[ident].reindex(out.index) if ident in aid else np.nan
    gdp = _latest(context, GDP, year)
    population = _latest(context, POPULATION, year)
    oda = _latest(context, ODA, year)
    health = _external_health(context, year)
    out["gdp_usd"], out["gdp_year"] = gdp["value"], gdp["year"]
    out["population"], out["population_year"] = population["value"], population["year"]
    out = out.join(health)
    out["oda_pct_gni"], out["oda_year"] = oda["value"], oda["year"]
    received = out[f"{flow}_current_usd"]
    out["at_risk_usd"] = received.clip(lower=0.0)
    out.loc[received.isna(), "at_risk_usd"] = np.nan
    out["at_risk_pct_gdp"] = 100 * out["at_risk_usd"] / out["gdp_usd"].where(out["gdp_usd"] > 0)
    out["health_at_risk_usd"] = np.fmin(
        out["at_risk_usd"].where(out["external_health_usd"].notna()), out["external_health_usd"]
    )
    out.loc[out["at_risk_usd"].isna(), "health_at_risk_usd"] = np.nan
    exposed = out["at_risk_usd"] > 0
    out["rank_usd"] = out["at_risk_usd"].where(exposed).rank(ascending=False, method="first")
    out["rank_pct_gdp"] = (
        out["at_risk_pct_gdp"].where(exposed).rank(ascending=False, method="first")
    )
    for column in ("rank_usd", "rank_pct_gdp", *(c for c in out if c.endswith("_year"))):
        out[column] = out[column].astype("Int64")
    out = out.reset_index().sort_values(["rank_usd", "iso3"], na_position="last", kind="stable")
    used = tuple(sorted({DATASET, *context["source_id"].astype(str)}))
    return out.reset_index(drop=True), used


def _group_rows(table: pd.DataFrame, resolved: Sequence[GroupMembers]) -> pd.DataFrame:
    """Totals per group, each member counted once."""
    by_iso = table.set_index("iso3")
    rows = []
    for found in resolved:
        mine = by_iso.reindex(sorted(set(found.members)))
        usd, gdp = mine["at_risk_usd"], mine["gdp_usd"]
        both = usd.notna() & gdp.notna()
        health_known = mine["health_at_risk_usd"].notna()
        rows.append(
            {
                "group": found.entity,
                "name": found.name,
                "members": len(mine),
                "recipients": int((usd > 0).sum()),
                "at_risk_usd": float(usd.sum()),
                "obligations_current_usd": float(mine["obligations_current_usd"].sum()),
                "disbursements_current_usd": float(mine["disbursements_current_usd"].sum()),
                "disbursements_constant_usd": float(mine["disbursements_constant_usd"].sum()),
                "obligations_constant_usd": float(mine["obligations_constant_usd"].sum()),
                "gdp_usd": float(gdp[both].sum()),
                "at_risk_pct_gdp": 100 * float(usd[both].sum()) / float(gdp[both].sum())
                if both.any()
                else np.nan,
                "members_with_gdp": int(both.sum()),
                "health_at_risk_usd": float(mine["health_at_risk_usd"].sum()),
                "external_health_usd": float(mine["external_health_usd"].sum()),
                "members_with_health": int(health_known.sum()),
                "recipients_without_health": int(((usd > 0) & ~health_known).sum()),
            }
        )
    return pd.DataFrame(rows)


def _scenarios(
    table: pd.DataFrame,
    resolved: Sequence[GroupMembers],
    groups: pd.DataFrame,
    rules: Sequence[ContributionRule],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pool, coverage of the health financing at risk, and each contributor's US$."""
    by_iso = table.set_index("iso3")
    totals = groups.set_index("group")
    rows, paid_rows = [], []
    for found in resolved:
        mine = by_iso.reindex(sorted(set(found.members)))
        at_risk = float(totals.at[found.entity, "health_at_risk_usd"])
        all_aid = float(totals.at[found.entity, "at_risk_usd"])
        for rule in rules:
            paid = rule.contributions(mine["gdp_usd"], mine["population"])
            pooled = float(paid.sum())
            rows.append(
                {
                    "group": found.entity,
                    "rule": rule.text,
                    "description": rule.describe(),
                    "contributors": len(paid),
                    "pooled_usd": pooled,
                    "health_at_risk_usd": at_risk,
                    "coverage_pct": min(100.0, 100 * pooled / at_risk) if at_risk > 0 else np.nan,
                    "uncapped_pct": 100 * pooled / at_risk if at_risk > 0 else np.nan,
                    "coverage_all_aid_pct": min(100.0, 100 * pooled / all_aid)
                    if all_aid > 0
                    else np.nan,
                }
            )
            for iso3, usd in paid.sort_values(ascending=False).items():
                paid_rows.append(
                    {
                        "group": found.entity,
                        "rule": rule.text,
                        "iso3": iso3,
                        "name": by_iso.at[iso3, "name"],
                        "gdp_per_person_usd": float(
                            by_iso.at[iso3, "gdp_usd"] / by_iso.at[iso3, "population"]
                        ),
                        "contribution_usd": float(usd),
                        "share_of_pool_pct": 100 * float(usd) / pooled,
                    }
                )
    columns = [
        "group",
        "rule",
        "iso3",
        "name",
        "gdp_per_person_usd",
        "contribution_usd",
        "share_of_pool_pct",
    ]
    return pd.DataFrame(rows), pd.DataFrame(paid_rows, columns=columns)


def _data_years(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """For each measure: countries with a value, and the range of its data years."""
    rows = [
        {
            "measure": "us_aid",
            "years": f"FY{year}",
            "countries": int(table["at_risk_usd"].notna().sum()),
        }
    ]
    for measure, column in (
        ("gdp", "gdp_year"),
        ("population", "population_year"),
        ("external_health", "health_year"),
        ("oda_pct_gni", "oda_year"),
    ):
        known = table[column].dropna().astype(int)
        span = "" if known.empty else f"{known.min()}–{known.max()}"
        if not known.empty and known.min() == known.max():
            span = str(known.min())
        rows.append({"measure": measure, "years": span, "countries": len(known)})
    return pd.DataFrame(rows)


def aid_shock(
    warehouse: Warehouse,
    *,
    groups: Sequence[str] = DEFAULT_GROUPS,
    flow: Flow = "disbursements",
    rules: Sequence[str] = DEFAULT_RULES,
    top: int = 10,
) -> AidShock:
    """US assistance at risk by country and group in the last full fiscal year before the
    2025 cut, against GDP, external health financing and ODA; pooled-financing scenarios.

    ``groups``: Global South definitions, bloc ids or custom lists (members on 31 December
    of the fiscal year); the country table holds every member of any of them, once.
    ``flow``: what is at risk (disbursements, or obligations). ``rules``: contribution rules
    (:func:`parse_rule`). ``top``: countries listed in each ranking.
    """
    if flow not in FLOWS:
        raise InputError(f"unknown flow {flow!r}", hint="use disbursements or obligations")
    if not 1 <= top <= 100:
        raise InputError(f"top must be 1–100, got {top}", hint="e.g. --top 10")
    chosen = parse_rules(rules)
    warehouse.require(DATASET)
    totals = world_totals(warehouse)
    year = last_full_year(totals)
    resolved = resolve_groups(
        warehouse, tuple(groups or DEFAULT_GROUPS), year=membership_year(year)
    )
    members = sorted({m for g in resolved for m in g.members})
    table, used = _country_table(warehouse, members, year, flow)
    group_rows = _group_rows(table, resolved)
    scenarios, contributors = _scenarios(table, resolved, group_rows, chosen)
    ident = AID[(flow, "current")]
    countries_usd = float(totals.at[year, ("countries", ident)])
    regions_usd = float(totals["regions"].get(ident, pd.Series(dtype=float)).get(year, 0.0))
    world = {
        "fiscal_year": year,
        "flow": flow,
        "countries_usd": countries_usd,
        "regions_and_world_usd": regions_usd,
        "all_rows_usd": countries_usd + regions_usd,
        "members_usd": float(table["at_risk_usd"].sum()),
        "members_share_of_countries_pct": 100 * float(table["at_risk_usd"].sum()) / countries_usd
        if countries_usd
        else np.nan,
        "previous_years": {
            str(int(y)): float(totals.at[y, ("countries", ident)])
            + float(totals.at[y, ("regions", ident)] if ("regions", ident) in totals else 0.0)
            for y in totals.index
            if year - MEDIAN_YEARS <= y <= year + 1
        },
    }
    year_rule = (
        f"FY{year}: the latest US fiscal year whose world totals of obligations and "
        f"disbursements (all rows: countries, regions, World) reach "
        f"{100 * FULL_YEAR_SHARE:.0f} % of their median over the {MEDIAN_YEARS} fiscal years "
        "before it; later years are partial."
    )
    notes = (
        f"US fiscal year {year} (1 October {year - 1} – 30 September {year}), the last full "
        "year before the 2025 cut; the cut itself postdates the data, so this is what was at "
        "risk, not what was lost.",
        NO_SECTOR_SPLIT,
        f"At risk = FY{year} {flow} in current US$ (negative amounts, i.e. refunds, count as "
        "zero); ranked in US$ and in % of GDP (WDI, current US$).",
        "Regions, World and defunct entities of the file are excluded from country figures and "
        "shown only in the world totals.",
        f"GDP, population, GHED and ODA: latest year at most {LOOKBACK} years before the fiscal "
        "year (see data_years); ODA received is WDI's December 2021 vintage.",
        f"Group and bloc members as of 31 December {membership_year(year)} unless noted.",
        *(g.note for g in resolved if g.note),
    )
    return AidShock(
        fiscal_year=year,
        flow=flow,
        countries=table,
        groups=group_rows,
        scenarios=scenarios,
        contributors=contributors,
        years=_data_years(table, year),
        totals=world,
        rules=chosen,
        year_rule=year_rule,
        health_rule=(
            "Health financing at risk (upper bound) = min(US "
            f"{flow}, GHED external share × health spending per person × population)."
        ),
        source=warehouse.provenance(DATASET),
        source_ids=used,
        top=top,
        notes=notes,
    )
