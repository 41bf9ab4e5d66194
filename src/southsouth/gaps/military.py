"""Military spending: shares of world spending by SIPRI region, bloc and Global South group.

Data: the SIPRI Military Expenditure Database 2024 extracts in the warehouse —
``sipri-milex-2024`` (country spending, current US$ m, 2019–2023, with SIPRI's flags) and
``sipri-milex-2024-regions`` (world, regional and sub-regional totals: constant 2022 US$ bn for
2019–2023, current US$ bn for 2023 only). SIPRI's totals include its own estimates for
countries without data; sums of country rows do not.

Which basis reproduces the shares SIPRI published for 2023 (Africa 2.1 %, South America 2.1 %,
South-East Asia 2.0 %, the five largest spenders 61 %):

==========================================  ======  =============  ===============  =====
basis                                       Africa  South America  South East Asia  top 5
==========================================  ======  =============  ===============  =====
regional totals, current US$ / world total    2.11           2.07             1.96   —
regional totals, constant 2022 US$            2.02           1.95             2.01   —
country sums / SIPRI world total              1.94           2.07             1.70  60.6
country sums / sum of all country rows        1.99           2.12             1.74  62.1
==========================================  ======  =============  ===============  =====

Only SIPRI's current-US$ totals over SIPRI's current-US$ world total give all three regional
figures (country sums miss Libya and Sudan in Africa and Viet Nam and Laos in South-East Asia,
which SIPRI estimates), and only the SIPRI world total as denominator gives 61 % for the top
five. Hence the defaults: regions from SIPRI's current-US$ totals; blocs, groups and the top N
as sums of country values (current US$) over SIPRI's current-US$ world total. For years
without current-US$ totals in the extract (2019–2022) regions fall back to the constant-2022
totals and the country shares to the sum of country rows as denominator; every row states its
basis. ``region_basis="constant-2022"`` gives the constant-price regional series for trends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from southsouth.errors import InputError, YearOutOfRange
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.jsonable import records
from southsouth.registry.groups import GroupMembers, resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.warehouse.store import Warehouse

COUNTRY_DATASET = "sipri-milex-2024"
REGION_DATASET = "sipri-milex-2024-regions"
COUNTRY_INDICATOR = "sipri_milex_current_usd_m"
CURRENT_TOTAL = "sipri_milex_current_usd_bn"
CONSTANT_TOTAL = "sipri_milex_constant_2022_usd_bn"
WORLD = "World"
#: SIPRI's five regions; every other region row is one of its 13 sub-regions.
SIPRI_REGIONS = frozenset({"Africa", "Americas", "Asia & Oceania", "Europe", "Middle East"})
#: Global South definitions and blocs shown when the caller names none.
DEFAULT_GROUPS = (
    DEFAULT_GROUP,
    "m49-developing",
    "wb-lmic",
    "AU",
    "ASEAN",
    "BRICS",
    "ECOWAS",
    "LAS",
    "MERCOSUR",
    "SADC",
)
RegionBasis = Literal["current", "constant-2022"]
REGION_BASES: tuple[str, ...] = ("current", "constant-2022")
Denominator = Literal["sipri-world", "country-sum"]
DENOMINATORS: tuple[str, ...] = ("sipri-world", "country-sum")
PUBLISHED_2023 = {"Africa": 2.1, "South America": 2.1, "South East Asia": 2.0, "top-5": 61.0}
"""SIPRI's 2023 shares (per cent) as quoted in the founding text."""

COLUMNS = [
    "year",
    "entity",
    "name",
    "kind",
    "value_usd_bn",
    "share_pct",
    "basis",
    "denominator_usd_bn",
    "coverage",
    "missing",
    "note",
    "source_id",
    "source",
    "licence",
    "vintage",
]
TOP_COLUMNS = ["rank", "iso3", "name", "value_usd_bn", "share_pct", "flag"]


@dataclass(frozen=True)
class Provenance:
    """Where a figure comes from: dataset id, citation, licence and vintage."""

    source_id: str
    source: str
    licence: str
    vintage: str

    def columns(self) -> dict[str, str]:
        """The provenance columns of a result row."""
        return {
            "source_id": self.source_id,
            "source": self.source,
            "licence": self.licence,
            "vintage": self.vintage,
        }


@dataclass(frozen=True)
class WorldTotal:
    """The denominator of the country-based shares of one year."""

    value_usd_bn: float
    basis: str
    from_sipri_total: bool


def world_total(
    country_usd_m: pd.Series, sipri_current_usd_bn: float | None, *, why: str = ""
) -> WorldTotal:
    """SIPRI's current-US$ world total when given, else the sum of the country rows (``why``)."""
    if sipri_current_usd_bn is not None and not pd.isna(sipri_current_usd_bn):
        return WorldTotal(
            float(sipri_current_usd_bn),
            "current US$; denominator: SIPRI world total (includes SIPRI estimates for "
            "countries without data)",
            True,
        )
    values = country_usd_m.dropna()
    return WorldTotal(
        float(values.sum()) / 1000,
        f"current US$; denominator: sum of the {len(values)} SIPRI country rows with data"
        + (f" ({why})" if why else ""),
        False,
    )


def region_shares(totals: pd.DataFrame, *, world_usd_bn: float, basis: str) -> pd.DataFrame:
    """Shares of SIPRI regional totals (columns region, value, note) in the world total."""
    rows = totals[totals["region"] != WORLD]
    share = 100 * rows["value"] / world_usd_bn
    level = rows["region"].map(lambda r: "region" if r in SIPRI_REGIONS else "sub-region")
    return pd.DataFrame(
        {
            "entity": rows["region"],
            "name": "SIPRI " + level + ": " + rows["region"],
            "kind": "region",
            "value_usd_bn": rows["value"],
            "share_pct": share,
            "basis": basis,
            "denominator_usd_bn": world_usd_bn,
            "coverage": "SIPRI total; includes SIPRI estimates for countries without data",
            "missing": rows["note"].str.removeprefix("countries SIPRI omits from this total: "),
            "note": rows["note"].map(
                lambda n: "SIPRI omits these countries entirely" if isinstance(n, str) else None
            ),
        }
    ).reset_index(drop=True)


def group_share(
    country_usd_m: pd.Series,
    flags: pd.Series,
    group: GroupMembers,
    world: WorldTotal,
) -> dict[str, Any]:
    """Sum of the members' spending (``country_usd_m``: ISO3 → US$ m) and its world share."""
    values = country_usd_m.reindex(list(group.members))
    have = values.dropna()
    missing = sorted(values.index[values.isna()])
    flagged = sorted(i for i in have.index if isinstance(flags.get(i), str))
    total = float(have.sum()) / 1000 if len(have) else float("nan")
    note = "sum of member country values; omits SIPRI's estimates for members without data"
    if flagged:
        note += f"; SIPRI estimate or highly uncertain: {', '.join(flagged)}"
    if group.note:
        note += f"; {group.note}"
    return {
        "entity": group.entity,
        "name": group.name,
        "kind": group.kind,
        "value_usd_bn": total,
        "share_pct": 100 * total / world.value_usd_bn,
        "basis": world.basis,
        "denominator_usd_bn": world.value_usd_bn,
        "coverage": f"{len(have)} of {len(group.members)} members with data",
        "missing": ", ".join(missing) or None,
        "note": note,
    }


def top_spenders(
    country_usd_m: pd.Series,
    flags: pd.Series,
    names: Mapping[str, str],
    n: int,
    world_usd_bn: float,
) -> pd.DataFrame:
    """The ``n`` largest spenders with their values (US$ bn) and shares of ``world_usd_bn``."""
    top = country_usd_m.dropna().sort_values(ascending=False, kind="stable").head(n)
    return pd.DataFrame(
        {
            "rank": range(1, len(top) + 1),
            "iso3": top.index,
            "name": [names.get(i, i) for i in top.index],
            "value_usd_bn": top.to_numpy() / 1000,
            "share_pct": 100 * top.to_numpy() / 1000 / world_usd_bn,
            "flag": [flags.get(i) for i in top.index],
        },
        columns=TOP_COLUMNS,
    )


def top_n_row(top: pd.DataFrame, n: int, world: WorldTotal, ranked: int) -> dict[str, Any]:
    """The concentration row: combined share of the ``n`` largest spenders."""
    flagged = [r.iso3 for r in top.itertuples() if isinstance(r.flag, str)]
    note = "largest spenders: " + ", ".join(top["iso3"])
    if flagged:
        note += f"; SIPRI estimate or highly uncertain: {', '.join(flagged)}"
    total = float(top["value_usd_bn"].sum())
    return {
        "entity": f"top-{n}",
        "name": f"{n} largest spenders: " + ", ".join(top["name"]),
        "kind": "top-n",
        "value_usd_bn": total,
        "share_pct": 100 * total / world.value_usd_bn,
        "basis": world.basis,
        "denominator_usd_bn": world.value_usd_bn,
        "coverage": f"ranked among {ranked} countries with data",
        "missing": None,
        "note": note,
    }


@dataclass(frozen=True, eq=False)
class MilitaryShares:
    """Shares of world military spending in one year, each row with basis and source."""

    year: int
    rows: pd.DataFrame
    top: pd.DataFrame
    world_usd_bn: float
    world_basis: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def share(self, entity: str) -> float:
        """Share (per cent) of the row named ``entity`` (region, group id, bloc id, ``top-N``)."""
        hit = self.rows[self.rows["entity"] == entity]
        if hit.empty:
            raise InputError(
                f"no row {entity!r} in the {self.year} military-spending shares",
                hint="entities: " + ", ".join(self.rows["entity"]),
            )
        return float(hit["share_pct"].iloc[0])

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as JSON-ready dicts (missing values as null)."""
        return records(self.rows)

    def as_dict(self) -> dict[str, Any]:
        """Everything (rows, top spenders, world total, notes) as JSON-ready data."""
        return {
            "year": self.year,
            "world_usd_bn": self.world_usd_bn,
            "world_basis": self.world_basis,
            "rows": self.to_records(),
            "top": records(self.top),
            "notes": list(self.notes),
        }


def _provenance(warehouse: Warehouse, *dataset_ids: str) -> Provenance:
    status = warehouse.query(
        "SELECT dataset_id, citation, licence, vintage FROM dataset_status "
        "WHERE dataset_id IN (SELECT unnest(?)) ORDER BY dataset_id",
        [list(dataset_ids)],
    )
    return Provenance(
        " + ".join(status["dataset_id"]),
        "; ".join(dict.fromkeys(status["citation"])),
        "; ".join(dict.fromkeys(status["licence"])),
        "; ".join(dict.fromkeys(status["vintage"])),
    )


def available_years(warehouse: Warehouse) -> list[int]:
    """Years with SIPRI country values or regional totals in the warehouse."""
    years = warehouse.query(
        "SELECT DISTINCT year FROM observation WHERE indicator = ? UNION "
        "SELECT DISTINCT year FROM region_observation WHERE indicator IN (?, ?) ORDER BY year",
        [COUNTRY_INDICATOR, CURRENT_TOTAL, CONSTANT_TOTAL],
    )
    return [int(y) for y in years["year"]]


def _check_year(warehouse: Warehouse, year: int) -> None:
    years = available_years(warehouse)
    if year not in years:
        span = f"{years[0]}–{years[-1]}" if years else "no years"
        raise YearOutOfRange(
            f"SIPRI military expenditure in the warehouse covers {span}; no data for {year}",
            hint=f"ask for a year between {years[0]} and {years[-1]}" if years else "",
        )


def military_shares(
    warehouse: Warehouse,
    year: int,
    *,
    groups: Sequence[str] = DEFAULT_GROUPS,
    top_n: int = 5,
    region_basis: RegionBasis = "current",
    denominator: Denominator = "sipri-world",
) -> MilitaryShares:
    """Shares of world military spending in ``year`` by SIPRI region, bloc, group and top N.

    ``groups``: Global South definitions (``g77``, ``m49-developing``, ``wb-lmic``), bloc ids
    or custom lists, members as on 31 December of ``year``. ``region_basis``: ``current``
    (SIPRI's current-US$ totals; constant 2022 US$ for years without them) or
    ``constant-2022``. ``denominator`` of the bloc, group and top-N shares: ``sipri-world``
    (SIPRI's current-US$ world total; the sum of country rows for years without it) or
    ``country-sum`` (always the sum of country rows, for series comparable across years).
    """
    if region_basis not in REGION_BASES:
        raise InputError(
            f"unknown price basis {region_basis!r}", hint="use 'current' or 'constant-2022'"
        )
    if denominator not in DENOMINATORS:
        raise InputError(
            f"unknown denominator {denominator!r}", hint="use 'sipri-world' or 'country-sum'"
        )
    if top_n < 1:
        raise InputError(f"top_n must be at least 1, not {top_n}", hint="e.g. top_n=5")
    warehouse.require(COUNTRY_DATASET, REGION_DATASET)
    _check_year(warehouse, year)
    resolved = resolve_groups(warehouse, groups, year=membership_year(year))

    country = warehouse.query(
        "SELECT o.country_iso3 AS iso3, c.name, o.value, o.flag FROM observation o "
        "LEFT JOIN country c ON c.iso3 = o.country_iso3 "
        "WHERE o.indicator = ? AND o.year = ? AND o.value IS NOT NULL",
        [COUNTRY_INDICATOR, year],
    ).set_index("iso3")
    totals = warehouse.query(
        "SELECT region, indicator, value, note FROM region_observation "
        "WHERE indicator IN (?, ?) AND year = ? ORDER BY region",
        [CURRENT_TOTAL, CONSTANT_TOTAL, year],
    )
    current = totals[totals["indicator"] == CURRENT_TOTAL]
    constant = totals[totals["indicator"] == CONSTANT_TOTAL]
    world_current = current.loc[current["region"] == WORLD, "value"]
    sipri_world = world_current.iloc[0] if len(world_current) else None
    if denominator == "country-sum":
        world = world_total(
            country["value"],
            None,
            why="chosen for comparability across years; it leaves out "
            "SIPRI's estimates for countries without data",
        )
    else:
        world = world_total(
            country["value"],
            sipri_world,
            why="SIPRI's current-US$ world total for this year "
            "is not in the extract; countries without data are left out of the denominator too",
        )
    notes: list[str] = []

    use_current = region_basis == "current" and (current["region"] == WORLD).any()
    regional = current if use_current else constant
    if region_basis == "current" and not use_current:
        notes.append(
            f"SIPRI's current-US$ regional totals are not in the extract for {year}; regional "
            "shares use its constant (2022) US$ totals"
        )
    rows: list[pd.DataFrame] = []
    if (regional["region"] == WORLD).any():
        regional_world = float(regional.loc[regional["region"] == WORLD, "value"].iloc[0])
        basis = (
            f"current {year} US$; SIPRI regional total / SIPRI world total"
            if use_current
            else "constant 2022 US$; SIPRI regional total / SIPRI world total"
        )
        frame = region_shares(regional, world_usd_bn=regional_world, basis=basis)
        rows.append(frame.assign(**_provenance(warehouse, REGION_DATASET).columns()))

    country_source = _provenance(
        warehouse, COUNTRY_DATASET, *([REGION_DATASET] if world.from_sipri_total else [])
    )
    flags = country["flag"]
    group_rows = [group_share(country["value"], flags, g, world) for g in resolved]
    names = country["name"].fillna(pd.Series(country.index, index=country.index)).to_dict()
    top = top_spenders(country["value"], flags, names, top_n, world.value_usd_bn)
    group_rows.append(top_n_row(top, top_n, world, len(country)))
    rows.append(pd.DataFrame(group_rows).assign(**country_source.columns()))

    table = pd.concat(rows, ignore_index=True).assign(year=year)[COLUMNS]
    notes.append(
        "Bloc and group shares are sums of member values over the world total; they omit "
        "SIPRI's estimates for members without data (see coverage and missing)."
    )
    notes.append(
        "SIPRI fair use: non-commercial use, cite SIPRI Military Expenditure Database 2024, "
        "reproduce at most 10 % of the database."
    )
    return MilitaryShares(
        year=year,
        rows=table,
        top=top,
        world_usd_bn=world.value_usd_bn,
        world_basis=world.basis,
        notes=tuple(notes),
    )


def military_trend(
    warehouse: Warehouse,
    *,
    years: Sequence[int] | None = None,
    groups: Sequence[str] = DEFAULT_GROUPS,
    top_n: int = 5,
) -> pd.DataFrame:
    """Rows of :func:`military_shares` for each year, comparable across years.

    Regions: SIPRI's constant (2022) US$ totals. Blocs, groups and top N: current US$ over
    the sum of country rows in every year (SIPRI's current-US$ world total exists for 2023
    only, so using it would break the series).
    """
    warehouse.require(COUNTRY_DATASET, REGION_DATASET)
    wanted = list(years) if years is not None else available_years(warehouse)
    frames = [
        military_shares(
            warehouse,
            y,
            groups=groups,
            top_n=top_n,
            region_basis="constant-2022",
            denominator="country-sum",
        ).rows
        for y in wanted
    ]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)
