"""The evidence a roadmap stands on, gathered for one group from the warehouse.

Each analysis is optional: when its data is not loaded (or the group has nothing to
analyse), the reason is kept in ``absent`` and the report says so instead of guessing.

The baseline table holds, beside each indicator's group aggregate, the member-level picture
(:data:`MEMBER_COLUMNS`): how many members have a value, which are red and which orange on
the indicator's own thresholds, and how many people live in them (UN WPP via Gapminder, in
the planning year). An aggregate weighted by population can hide many members in need
behind a few populous ones; the catalogue decides on both (``catalogue/need.py``).

A group's South–South export share is published only when the members whose shares are
known hold at least :data:`~southsouth.trade.south_share.MIN_EXPORT_COVERAGE` of the
group's goods exports (2017 HS4 table); otherwise the row says why it is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from southsouth.connectivity import MissingLinks, missing_routes
from southsouth.errors import InputError, NotSynced, SouthsouthError, UnknownBloc
from southsouth.gaps.aid_shock import AidShock, aid_shock
from southsouth.gaps.civic_space import CivicSpace, civic_space
from southsouth.gaps.cyber import CyberGaps, cyber_gaps
from southsouth.gaps.health_workforce import SDG_CADRE, WorkforceGap, health_workforce_gap
from southsouth.gaps.military import MilitaryShares, available_years, military_shares
from southsouth.indicators.comparison import compare_groups
from southsouth.indicators.dashboard import LightThresholds, traffic_light
from southsouth.indicators.derived import PHARMA_HS4
from southsouth.indicators.framework import Framework, FrameworkIndicator, load_framework
from southsouth.indicators.matrix import latest_values
from southsouth.indicators.pillar_index import PillarIndex, pillar_index
from southsouth.provenance import STALE_AFTER_YEARS
from southsouth.registry import bloc_members, group_countries, resolve_bloc
from southsouth.registry.blocs import FULL_STATUSES, active_on
from southsouth.registry.groups import DEFINITIONS
from southsouth.relations import CoalitionResult, find_coalitions, load_relation_data, tension_table
from southsouth.roadmap.model import SourceRef
from southsouth.sources.rivalries import TSS_END
from southsouth.trade import LinksResult, trade_links_for
from southsouth.trade.south_share import MIN_EXPORT_COVERAGE, REFERENCE_EXPORTS, reference_exports
from southsouth.warehouse.store import Warehouse

if TYPE_CHECKING:
    from southsouth.trade.substitution import SubstitutionResult

T = TypeVar("T")

#: Missing air links read, highest expected demand first: enough for the programme's ten once
#: pairs in high tension are left out.
AIR_CANDIDATES = 30
#: Coalition objectives the catalogue reads (research consortia), and the coalition size.
OBJECTIVES = ("research",)
COALITION_SIZE = 5
HEALTH_YEARS = tuple(range(2025, 2041))
#: Flow dataset for trade links where the group trades inside Africa.
AFRICA_TRADE = "africa-intra-trade-sections"
#: A flow dataset counts as global when this many exporters report in it.
GLOBAL_EXPORTERS = 150
#: The framework indicator that counts ongoing strategic rivalries (one per pair, TSS).
RIVALRIES = "strategic_rivalries"
RIVALRY_DATASET = "tss-rivalries"
#: The HS4 export table the pharmaceutical indicators are derived from.
PHARMA_TABLE = "ots-hs4-exports-2017"
#: The framework indicator of each member's share of exports going to the G77.
SOUTH_SHARE = "south_south_exports"
#: Member-level columns of the baseline table (lights on the indicator's own thresholds).
MEMBER_COLUMNS = (
    "members_with_data",
    "n_red",
    "red_members",
    "red_population",
    "n_orange",
    "orange_members",
    "orange_population",
)


@dataclass(frozen=True)
class FlowCoverage:
    """How much of a group's goods exports a bilateral flow table carries.

    ``flows_usd``: the members' exports in the flows (``year``); ``reference_usd``: their
    total goods exports in the 2017 HS4 table (:data:`REFERENCE_EXPORTS`).
    """

    source_id: str
    year: int
    members: int
    exporters: tuple[str, ...]
    flows_usd: float
    reference_usd: float

    @property
    def share(self) -> float:
        """Flows over the reference total (0 without a reference total)."""
        return self.flows_usd / self.reference_usd if self.reference_usd > 0 else 0.0

    def describe(self) -> str:
        """One clause: members exporting in the flows, value carried and its share."""
        return (
            f"{len(self.exporters)} of the {self.members} members export in them, carrying "
            f"US${self.flows_usd / 1e9:,.1f} bn ({self.year}), {100 * self.share:.1f} % of the "
            f"members' goods exports in the 2017 HS4 table (US${self.reference_usd / 1e9:,.1f} "
            "bn)"
        )


@dataclass(frozen=True)
class GroupEvidence:
    """Everything the catalogue and the report read about one group."""

    group: str
    name: str
    kind: str
    as_of: date
    year: int
    members: pd.DataFrame
    baseline: pd.DataFrame
    latest: pd.DataFrame
    framework: Framework
    index: PillarIndex | None
    health: WorkforceGap | None
    cyber: CyberGaps | None
    civic: CivicSpace | None
    military: MilitaryShares | None
    tensions: pd.DataFrame
    coalitions: dict[str, CoalitionResult]
    air: MissingLinks | None
    trade_links: LinksResult | None
    global_trade: str | None
    substitution: SubstitutionResult | None
    population: pd.Series
    pharma_exports_usd: pd.Series
    rivalries: pd.DataFrame
    blocs: dict[str, frozenset[str]]
    sources: dict[str, SourceRef]
    absent: dict[str, str] = field(default_factory=dict)
    trade_coverage: FlowCoverage | None = None
    aid: AidShock | None = None

    @property
    def iso3(self) -> list[str]:
        """Member ISO3 codes, sorted."""
        return sorted(self.members["iso3"])

    def names(self) -> dict[str, str]:
        """ISO3 → name of every member."""
        return dict(zip(self.members["iso3"], self.members["name"], strict=True))

    def value(self, indicator: str, iso3: str) -> float | None:
        """A member's latest value of a framework indicator (None when missing)."""
        rows = self.latest[
            (self.latest["indicator"] == indicator) & (self.latest["country_iso3"] == iso3)
        ]
        if rows.empty or pd.isna(rows["value"].iloc[0]):
            return None
        return float(rows["value"].iloc[0])

    def column(self, indicator: str) -> pd.Series:
        """Latest values of a framework indicator by member ISO3 (NaN when missing)."""
        rows = self.latest[self.latest["indicator"] == indicator]
        return rows.set_index("country_iso3")["value"].astype(float)

    def lights(self, indicator: str) -> pd.Series:
        """Traffic light of each member with a value (empty without thresholds)."""
        return member_lights(self.framework.indicator(indicator), self.column(indicator))

    def baseline_row(self, indicator: str) -> dict[str, Any] | None:
        """The group aggregate of a framework indicator (None when not computed)."""
        rows = self.baseline[self.baseline["indicator"] == indicator]
        return None if rows.empty else rows.iloc[0].to_dict()

    def baseline_sources(self, indicator: str) -> tuple[str, ...]:
        """The sources of the group aggregate of ``indicator`` (``id (licence)``), one per
        dataset; none when not computed."""
        row = self.baseline_row(indicator)
        return () if row is None else tuple(str(row["sources"]).split("; "))

    def health_rows(self) -> pd.DataFrame:
        """The health-workforce model's rows for this group, by year (empty without a model)."""
        if self.health is None:
            return pd.DataFrame()
        groups = self.health.groups
        # The model names blocs by their registry id (G77 for the g77 definition).
        keys = groups["group"].astype(str)
        mine = groups[keys.str.lower() == self.group.lower()]
        return mine[mine["cadre"] == SDG_CADRE.id].set_index("year")

    def health_row(self, year: int) -> pd.Series:
        """The health-workforce model's row for this group in ``year``."""
        rows = self.health_rows()
        if year not in rows.index:
            raise InputError(
                f"the health-workforce model has no {year} row for {self.name}",
                hint="the roadmap asks for 2025-2040",
            )
        return rows.loc[year]

    def staleness(self, year: int) -> int | None:
        """Years between data of ``year`` and the planning year when more than
        :data:`STALE_AFTER_YEARS` (the data is stale), else None."""
        age = self.year - year
        return age if age > STALE_AFTER_YEARS else None

    def rivalry_pairs(self, countries: Sequence[str]) -> tuple[int, int]:
        """Distinct ongoing rivalry pairs (touching ``countries``, with both sides in them)."""
        return count_pairs(self.rivalries, countries)

    def source_list(self, *dataset_ids: str) -> tuple[str, ...]:
        """Short citations of datasets that are loaded."""
        return tuple(self.sources[d].short() for d in dataset_ids if d in self.sources)


def member_lights(spec: FrameworkIndicator, values: pd.Series) -> pd.Series:
    """SDSN light of each non-missing value (ISO3 → colour); empty without thresholds."""
    known = values.dropna()
    if spec.green is None or spec.red is None or not spec.direction or known.empty:
        return pd.Series(dtype=object)
    thresholds = LightThresholds(spec.green, spec.red)
    return known.map(lambda v: traffic_light(float(v), thresholds, spec.direction))


def _member_columns(
    baseline: pd.DataFrame, latest: pd.DataFrame, framework: Framework, population: pd.Series
) -> pd.DataFrame:
    """The baseline with :data:`MEMBER_COLUMNS` from members' latest values."""
    rows = []
    for indicator in baseline["indicator"]:
        spec = framework.indicator(str(indicator))
        values = latest[latest["indicator"] == spec.id].set_index("country_iso3")["value"]
        known = values.astype(float).dropna()
        lights = member_lights(spec, known)
        row: dict[str, Any] = {"members_with_data": len(known)}
        for colour in ("red", "orange"):
            chosen = tuple(sorted(lights.index[lights == colour])) if len(lights) else None
            row[f"n_{colour}"] = None if chosen is None else len(chosen)
            row[f"{colour}_members"] = chosen
            row[f"{colour}_population"] = (
                None if chosen is None else float(population.reindex(list(chosen)).sum())
            )
        rows.append(row)
    extra = pd.DataFrame(rows, columns=list(MEMBER_COLUMNS), index=baseline.index)
    for column in ("members_with_data", "n_red", "n_orange"):
        extra[column] = extra[column].astype("Int64")
    return pd.concat([baseline, extra], axis=1)


def _south_share_coverage(
    wh: Warehouse, baseline: pd.DataFrame, latest: pd.DataFrame, iso3: list[str]
) -> pd.DataFrame:
    """No group South–South export share from members holding too little of its exports."""
    mask = baseline["indicator"] == SOUTH_SHARE
    if not mask.any():
        return baseline
    out = baseline.copy()
    if not wh.loaded(REFERENCE_EXPORTS):
        out.loc[mask, "note"] = (
            f"{out.loc[mask, 'note'].iloc[0]}; not checked against members' total exports "
            f"({REFERENCE_EXPORTS} is not loaded)"
        )
        return out
    shares = latest[(latest["indicator"] == SOUTH_SHARE) & latest["value"].notna()]
    known = sorted(shares["country_iso3"])
    exports = reference_exports(wh).reindex(iso3)
    total = float(exports.sum())
    held = float(exports.reindex(known).sum()) / total if total > 0 else 0.0
    if held >= MIN_EXPORT_COVERAGE:
        return out
    who = ", ".join(known) if 0 < len(known) <= 5 else f"{len(known)} members"
    out.loc[mask, "value"] = None
    out.loc[mask, "light"] = None
    out.loc[mask, "note"] = (
        f"no group share: the members with a share ({who or 'none'}) hold "
        f"{100 * held:.1f} % of the group's goods exports in the 2017 HS4 table, below the "
        f"{100 * MIN_EXPORT_COVERAGE:.0f} % a group share needs; {out.loc[mask, 'note'].iloc[0]}"
    )
    return out


def _flow_coverage(wh: Warehouse, source_id: str, iso3: list[str]) -> FlowCoverage | None:
    """The members' exports in ``source_id`` (newest year) against the reference table."""
    if not wh.loaded(REFERENCE_EXPORTS):
        return None
    rows = wh.query(
        "SELECT exporter_iso3, sum(value_usd) AS value FROM trade_flow WHERE source_id = ? "
        "AND year = (SELECT max(year) FROM trade_flow WHERE source_id = ?) "
        "AND exporter_iso3 IN (SELECT unnest(?)) AND exporter_iso3 <> importer_iso3 "
        "GROUP BY exporter_iso3",
        [source_id, source_id, iso3],
    )
    year = wh.query("SELECT max(year) AS y FROM trade_flow WHERE source_id = ?", [source_id])
    exporters = rows[rows["value"] > 0]
    return FlowCoverage(
        source_id=source_id,
        year=int(year.at[0, "y"]),
        members=len(iso3),
        exporters=tuple(sorted(exporters["exporter_iso3"])),
        flows_usd=float(exporters["value"].sum()),
        reference_usd=float(reference_exports(wh).reindex(iso3).sum()),
    )


def _describe_group(wh: Warehouse, group: str) -> tuple[str, str, str]:
    key = group.strip()
    if key.lower() in DEFINITIONS:
        definition = DEFINITIONS[key.lower()]
        return definition.id, definition.name, "definition"
    try:
        bloc = resolve_bloc(wh, key)
    except UnknownBloc:
        return key, key, "list"
    return bloc.bloc_id, bloc.name, "bloc"


def _sources(wh: Warehouse) -> dict[str, SourceRef]:
    from southsouth.provenance import stored_year

    rows = wh.status().sort_values("dataset_id", kind="stable")
    return {
        str(r.dataset_id): SourceRef(
            str(r.dataset_id),
            str(r.publisher or ""),
            str(r.licence or ""),
            str(r.vintage or ""),
            str(r.citation or ""),
            first_data_year=stored_year(r.first_data_year),
            data_year=stored_year(r.last_data_year),
        )
        for r in rows.itertuples()
    }


def _global_flows(wh: Warehouse) -> str | None:
    counts = wh.query(
        "SELECT source_id, count(DISTINCT exporter_iso3) AS n FROM trade_flow GROUP BY source_id"
    )
    wide = counts[counts["n"] >= GLOBAL_EXPORTERS].sort_values("source_id")
    return None if wide.empty else str(wide["source_id"].iloc[-1])


def _bloc_members(wh: Warehouse, as_of: date) -> dict[str, frozenset[str]]:
    """Full members of every bloc on ``as_of`` (one read of the membership table)."""
    memberships = wh.query("SELECT * EXCLUDE (source_id) FROM membership")
    active = active_on(memberships, as_of, FULL_STATUSES)
    grouped = active.groupby("bloc_id")["country_iso3"].agg(frozenset)
    blocs = wh.query("SELECT bloc_id FROM bloc ORDER BY bloc_id")["bloc_id"]
    return {str(b): grouped.get(b, frozenset()) for b in blocs}


def gather(
    wh: Warehouse,
    group: str,
    *,
    as_of: date | None = None,
    framework: Framework | None = None,
    analyses: tuple[str, ...] | None = None,
) -> GroupEvidence:
    """Run every analysis the roadmap uses for ``group`` as of ``as_of`` (default today).

    ``analyses`` limits the optional analyses (ids as in ``GroupEvidence.absent``).
    Raises for an unknown group; missing data only marks an analysis absent.
    """
    as_of = as_of or date.today()
    framework = framework or load_framework()
    wh.require("countries", "blocs")
    members = group_countries(wh, group, on=as_of, today=as_of)
    if members.empty:
        raise InputError(f"group {group!r} has no members on {as_of}", hint="choose another group")
    gid, name, kind = _describe_group(wh, group)
    year = as_of.year
    iso3 = sorted(members["iso3"])
    absent: dict[str, str] = {}
    wanted = set(analyses) if analyses is not None else None

    def attempt(key: str, run: Callable[[], T], *, optional: bool = True) -> T | None:
        if optional and wanted is not None and key not in wanted:
            absent[key] = "not requested"
            return None
        try:
            return run()
        except (NotSynced, InputError) as exc:
            absent[key] = f"{exc.message}" + (f" ({exc.hint})" if exc.hint else "")
            return None

    baseline = compare_groups(wh, [gid], year=year, framework=framework).rows
    rivalries = attempt("rivalries", lambda: _ongoing_rivalries(wh), optional=False)
    if rivalries is not None:
        baseline = _count_pairs_once(baseline, rivalries, iso3, framework)
    pharma = attempt("pharma-exports", lambda: _pharma_exports(wh, iso3), optional=False)
    latest = latest_values(wh, framework, iso3, year)
    population = _population(wh, iso3, year)
    baseline = _south_share_coverage(wh, baseline, latest, iso3)
    baseline = _member_columns(baseline, latest, framework, population)
    index = attempt("index", lambda: pillar_index(wh, group=gid, year=year, framework=framework))
    health = attempt(
        "health", lambda: health_workforce_gap(wh, (gid,), years=HEALTH_YEARS, today=as_of)
    )
    cyber = attempt("cyber", lambda: cyber_gaps(wh, groups=(gid,)))
    civic = attempt("civic", lambda: civic_space(wh, groups=(gid,)))
    aid = attempt("aid-shock", lambda: aid_shock(wh, groups=(gid,)))
    military = attempt(
        "military",
        lambda: military_shares(wh, max(available_years(wh)), groups=(gid,)),
    )
    tensions = attempt("tensions", lambda: _high_tensions(wh, iso3, as_of))
    coalitions: dict[str, CoalitionResult] = {}
    for objective in OBJECTIVES:
        found = attempt(
            f"coalition:{objective}",
            lambda objective=objective: find_coalitions(
                wh,
                objective,
                group=gid,
                size=min(COALITION_SIZE, len(iso3)),
                top=1,
                as_of=as_of,
                framework=framework,
            ),
        )
        if found is not None and found.coalitions:
            coalitions[objective] = found
    air = attempt("air", lambda: missing_routes(wh, gid, gid, top=AIR_CANDIDATES, group=gid))
    links = attempt("trade-links", lambda: _africa_links(wh, gid, iso3))
    coverage = _flow_coverage(wh, AFRICA_TRADE, iso3) if links is not None else None
    global_trade = _global_flows(wh)
    substitution = None
    if global_trade is not None:
        substitution = attempt("substitution", lambda: _substitution(wh, global_trade, gid))
    else:
        absent["substitution"] = (
            "import substitution needs bilateral trade by product for every exporter; the "
            "loaded flows cover too few exporters (run `southsouth data sync baci --release "
            "<release> --years <year>` to add a full CEPII BACI year)"
        )
    return GroupEvidence(
        group=gid,
        name=name,
        kind=kind,
        as_of=as_of,
        year=year,
        members=members,
        baseline=baseline,
        latest=latest,
        framework=framework,
        index=index,
        health=health,
        cyber=cyber,
        civic=civic,
        military=military,
        tensions=tensions if tensions is not None else pd.DataFrame(),
        coalitions=coalitions,
        air=air,
        trade_links=links,
        global_trade=global_trade,
        substitution=substitution,
        population=population,
        pharma_exports_usd=pharma if pharma is not None else pd.Series(dtype=float),
        rivalries=rivalries if rivalries is not None else pd.DataFrame(columns=["a", "b"]),
        blocs=_bloc_members(wh, as_of),
        sources=_sources(wh),
        absent=absent,
        trade_coverage=coverage,
        aid=aid,
    )


def _substitution(wh: Warehouse, source_id: str, gid: str) -> SubstitutionResult:
    from southsouth.trade.substitution import options_for, substitution_for  # loads Ibis

    years = wh.query("SELECT max(year) AS y FROM trade_flow WHERE source_id = ?", [source_id])
    return substitution_for(wh, source_id, options_for(int(years.at[0, "y"])), south=gid)


def _population(wh: Warehouse, iso3: list[str], year: int) -> pd.Series:
    """Population by ISO3 in ``year``: UN WPP via Gapminder (estimates and projections)."""
    rows = wh.query(
        "SELECT country_iso3, value FROM observation WHERE indicator = 'gapminder_population' "
        "AND year = ? AND country_iso3 IN (SELECT unnest(?))",
        [year, iso3],
    )
    return rows.set_index("country_iso3")["value"].astype(float)


def _pharma_exports(wh: Warehouse, iso3: list[str]) -> pd.Series:
    """HS 3001–3006 exports in US$ by ISO3, from the table ``pharma_exports`` is derived from."""
    wh.require(PHARMA_TABLE)
    rows = wh.query(
        "SELECT country_iso3, sum(value_usd) AS value FROM trade_export WHERE source_id = ? "
        "AND product IN (SELECT unnest(?)) AND country_iso3 IN (SELECT unnest(?)) "
        "GROUP BY country_iso3",
        [PHARMA_TABLE, list(PHARMA_HS4), iso3],
    )
    return rows.set_index("country_iso3")["value"].astype(float)


def _ongoing_rivalries(wh: Warehouse) -> pd.DataFrame:
    """Strategic rivalries ongoing at the end of the TSS data: one row per unordered pair."""
    wh.require(RIVALRY_DATASET)
    return wh.query(
        "SELECT DISTINCT least(country_a, country_b) AS a, greatest(country_a, country_b) AS b "
        "FROM relation WHERE source_id = ? AND kind = 'rivalry' AND year_end IS NULL "
        "ORDER BY a, b",
        [RIVALRY_DATASET],
    )


def count_pairs(pairs: pd.DataFrame, countries: Sequence[str]) -> tuple[int, int]:
    """Unordered pairs (columns a, b) with at least one side in ``countries``, and with both."""
    inside = set(countries)
    a, b = pairs["a"].isin(inside), pairs["b"].isin(inside)
    return int((a | b).sum()), int((a & b).sum())


def _count_pairs_once(
    baseline: pd.DataFrame, rivalries: pd.DataFrame, iso3: list[str], framework: Framework
) -> pd.DataFrame:
    """The group's rivalry count as distinct pairs, not the sum of members' counts.

    Summing members' counts counts a rivalry between two members twice; the group value is
    the number of distinct ongoing pairs with at least one member, and the note says how many
    have both sides inside and what the sum would have been.
    """
    mask = baseline["indicator"] == RIVALRIES
    if not mask.any():
        return baseline
    touching, both = count_pairs(rivalries, iso3)
    lights = member_lights(framework.indicator(RIVALRIES), pd.Series({"group": float(touching)}))
    light = lights.get("group")
    note = (
        f"{touching} distinct ongoing rivalries (TSS, {TSS_END}) with at least one member, "
        f"{both} of them between two members; each pair counted once (the sum of members' "
        f"counts would be {touching + both})"
    )
    out = baseline.copy()
    out.loc[mask, "value"] = float(touching)
    out.loc[mask, "light"] = light
    out.loc[mask, "note"] = note
    return out


def _high_tensions(wh: Warehouse, iso3: list[str], as_of: date) -> pd.DataFrame:
    data = load_relation_data(wh, as_of=as_of)
    table = tension_table(data, iso3)
    return table[table["high"]].sort_values("tension", ascending=False).reset_index(drop=True)


def _africa_links(wh: Warehouse, gid: str, iso3: list[str]) -> LinksResult:
    wh.require(AFRICA_TRADE)
    african = set(bloc_members(wh, "AU")["iso3"])
    inside = [c for c in iso3 if c in african]
    if len(inside) < 2:
        raise InputError(
            "the intra-African trade table covers fewer than two members of this group",
            hint="bilateral trade for other regions needs a full CEPII BACI year",
        )
    among = gid if len(inside) == len(iso3) else ",".join(inside)
    return trade_links_for(wh, AFRICA_TRADE, among=among)


def describe_absent(error: SouthsouthError) -> str:
    """One line for the report's data notes."""
    return error.message + (f" — {error.hint}" if error.hint else "")
