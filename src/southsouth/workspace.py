"""The Python API: one object that holds the settings, the warehouse and the fetcher.

>>> import southsouth
>>> ws = southsouth.open()                      # doctest: +SKIP
>>> ws.ask.members("BRICS", year=2024)          # doctest: +SKIP
>>> ws.ask.gaps.military(year=2023).frame       # doctest: +SKIP

``ws.ask`` holds the declared reads (:mod:`southsouth.service`): each answer is the document
the command line prints with ``--json``, the REST API serves and the dashboard draws, with
``.frame``, ``.sources``, ``.notes`` and a notebook view. The methods below return the
feature objects those reads are computed from (for analyses of your own); the feature
packages are imported on first use. A workspace only reads its warehouse: any number of
notebooks, commands and servers read side by side while ``sync`` builds the next warehouse
beside it and swaps it in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from southsouth.errors import InputError, NotSynced, UnknownDataset
from southsouth.indicators import indicator_catalogue, observations
from southsouth.registry import (
    DEFAULT_GROUP,
    bloc_members,
    blocs_table,
    group_countries,
    resolve_country,
)
from southsouth.registry.crosswalk import Crosswalk, resolve_names
from southsouth.settings import Settings, load_settings
from southsouth.sources import Dataset, get_dataset, resolve_datasets
from southsouth.sources.fetch import Fetcher, FetchPolicy, Progress, Source
from southsouth.sync import CROSSWALK_DATASET, SyncEvents, SyncResult, sync_file
from southsouth.warehouse.store import Warehouse

if TYPE_CHECKING:
    from southsouth.connectivity import HubRanking, MissingLinks, RouteChange, RouteLinks
    from southsouth.gaps.civic_space import CivicSpace
    from southsouth.gaps.cyber import CyberGaps
    from southsouth.gaps.health_workforce import WorkforceGap
    from southsouth.gaps.military import MilitaryShares
    from southsouth.indicators.framework import Framework
    from southsouth.indicators.pillar_index import PillarIndex
    from southsouth.indicators.profile import Profile
    from southsouth.relations import CoalitionResult, PairRelations, RelationsMap
    from southsouth.service.answers import Questions
    from southsouth.trade import ComplexityResult, LinksResult, SouthShareResult
    from southsouth.trade.substitution_results import SubstitutionResult

#: The mirror's BACI extract: the exports of Afghanistan and South Africa only.
BACI_EXTRACT = "baci-hs92-2021-afg-zaf"
#: The mirror's complete intra-African flows by HS section.
INTRA_AFRICA = "africa-intra-trade-sections"
EXTRACT_WARNING = (
    "The mirror's BACI extract holds the exports of Afghanistan and South Africa only: "
    "imports from the North are absent from it, so these figures are not findings. Load a "
    "full release: southsouth data sync baci --classification HS92 --years 2019-2023"
)
#: Years the health-workforce model projects (the year asked for is added).
WORKFORCE_YEARS = tuple(range(2025, 2041))


@dataclass(frozen=True)
class SubstitutionSelection:
    """Substitution potential for chosen importers: the whole result and their rows."""

    result: SubstitutionResult
    source_id: str
    year: int
    importers: list[str]
    table: pd.DataFrame
    warning: str | None


@dataclass(frozen=True)
class WorkforceView:
    """The health-workforce model run for some groups, with the year to headline."""

    result: WorkforceGap
    year: int
    groups: tuple[str, ...]

    @property
    def headline(self) -> pd.DataFrame:
        """The group rows of the headline year."""
        rows = self.result.groups
        return rows[rows["year"] == self.year]

    @property
    def countries(self) -> pd.DataFrame:
        """The country rows of the headline year."""
        rows = self.result.countries
        return rows[rows["year"] == self.year]

    def published(self) -> list[dict[str, object]]:
        """Comparisons with the published figures for the headline year."""
        return [c.as_dict() for c in self.result.comparisons if c.published.year == self.year]


class Workspace:
    """A southsouth home directory: its download cache and its warehouse.

    The workspace only reads its warehouse file, so any number of workspaces, commands and
    servers can have it open at once; :meth:`sync` loads a copy and swaps it in.
    ``warehouse`` replaces the one the settings name (the API passes a per-request reader).
    ``read_only`` is kept for compatibility: either value opens the file read-only.
    """

    def __init__(
        self, settings: Settings, *, read_only: bool = True, warehouse: Warehouse | None = None
    ) -> None:
        self.settings = settings
        self.warehouse = warehouse or Warehouse(settings.warehouse_path, read_only=True)
        #: The pillar framework of profiles, the index and comparisons (None: the shipped one).
        self.framework: Framework | None = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the warehouse file."""
        self.warehouse.close()

    @property
    def ask(self) -> Questions:
        """The declared reads, as the command line names them (``ws.ask.profile("NGA")``,
        ``ws.ask.gaps.military(year=2023)``…); each returns an ``Answer``."""
        from southsouth.service.answers import Questions
        from southsouth.service.reads import READS

        return Questions(self, READS)

    # -- data -------------------------------------------------------------------------

    def fetcher(self, progress: Progress | None = None, *, source: Source = "auto") -> Fetcher:
        """A fetcher configured from the settings, reading from ``source`` (``auto``: the
        mirror when SOUTHSOUTH_MIRROR is set, else the publishers)."""
        token = self.settings.ucdp_token
        return Fetcher(
            self.settings.cache_dir,
            mirror=self.settings.mirror,
            policy=FetchPolicy(
                timeout=self.settings.http_timeout,
                retries=self.settings.http_retries,
                backoff=self.settings.http_backoff,
            ),
            progress=progress,
            source=source,
            secrets={"ucdp": token.get_secret_value() if token else None},
        )

    def sync(
        self,
        selectors: Iterable[str] = (),
        *,
        extra: Sequence[Dataset] = (),
        force: bool = False,
        events: SyncEvents | None = None,
        progress: Progress | None = None,
        source: Source = "auto",
    ) -> list[SyncResult]:
        """Fetch and load datasets (ids or domains; all when empty and no ``extra``).

        ``source`` is where files come from: ``mirror``, ``publishers`` or ``auto`` (the
        mirror when SOUTHSOUTH_MIRROR is set, else the publishers). ``extra`` adds datasets
        built on demand, such as a BACI release. The loads go to a
        copy of the warehouse swapped in at the end (a sync already running is waited for);
        this workspace's next read opens the new file.
        """
        selectors = list(selectors)
        datasets = (
            (*resolve_datasets(selectors), *extra) if selectors or not extra else tuple(extra)
        )
        with self.fetcher(progress, source=source) as fetcher:
            results = sync_file(
                self.warehouse.path, datasets, fetcher=fetcher, force=force, events=events
            )
        self.warehouse.close()
        return results

    def datasets(self) -> pd.DataFrame:
        """Loaded datasets with vintage, rows and licence."""
        return self.warehouse.status()

    def check_loaded(self, dataset_id: str) -> None:
        """Nothing if the dataset is loaded; NotSynced if it is one southsouth knows (a
        catalogue id or a BACI release); UnknownDataset otherwise."""
        if self.warehouse.loaded(dataset_id):
            return
        known = {d.id for d in resolve_datasets(())}
        if dataset_id in known or dataset_id.startswith("baci-"):
            self.warehouse.require(dataset_id)
        loaded = self.warehouse.query("SELECT dataset_id FROM dataset_status")["dataset_id"]
        raise UnknownDataset(
            dataset_id,
            [*loaded, *known],
            hint="`southsouth data list` shows every dataset id",
        )

    def sources(self, dataset_ids: Iterable[str]) -> pd.DataFrame:
        """Title, publisher, citation, licence and vintage of the loaded datasets named."""
        wanted = sorted({d for d in dataset_ids if d})
        return self.warehouse.query(
            "SELECT dataset_id AS source_id, title, publisher, citation, licence, licence_url, "
            "vintage FROM dataset_status WHERE dataset_id IN (SELECT unnest(?)) "
            "ORDER BY dataset_id",
            [wanted],
        )

    # -- registry ---------------------------------------------------------------------

    def countries(
        self, group: str = DEFAULT_GROUP, *, year: int | None = None, on: date | None = None
    ) -> pd.DataFrame:
        """Countries in a Global South definition, bloc or custom list."""
        return group_countries(self.warehouse, group, year=year, on=on)

    def members(
        self,
        bloc: str,
        *,
        year: int | None = None,
        on: date | None = None,
        all_statuses: bool = False,
    ) -> pd.DataFrame:
        """Members of a bloc on 31 December of ``year`` (or on ``on``, or today)."""
        return bloc_members(self.warehouse, bloc, year=year, on=on, all_statuses=all_statuses)

    def resolve(self, names: Iterable[str]) -> pd.DataFrame:
        """Map country names or codes to ISO3; unmapped names get an empty iso3 and suggestions.

        Uses the same crosswalk as the dataset parsers (the ``countries`` files in the cache).
        """
        dataset = get_dataset(CROSSWALK_DATASET)
        with self.fetcher() as fetcher:
            files = fetcher.cached(dataset)
        if files is None:
            raise NotSynced(
                "the country code lists are not in the cache",
                hint="run `southsouth data sync countries`",
            )
        return resolve_names(Crosswalk.from_files(files), names)

    def blocs(self) -> pd.DataFrame:
        """Every bloc and forum with its current member count."""
        return blocs_table(self.warehouse)

    # -- indicators -------------------------------------------------------------------

    def indicators(self) -> pd.DataFrame:
        """Loaded indicators with unit, source, licence and coverage."""
        return indicator_catalogue(self.warehouse)

    def observations(
        self,
        indicator: str,
        *,
        countries: Sequence[str] | str | None = None,
        years: Iterable[int] | int | None = None,
    ) -> pd.DataFrame:
        """Values of one indicator; ``countries`` is ISO3 codes or a group name."""
        codes: list[str] | None
        if isinstance(countries, str):
            codes = group_countries(self.warehouse, countries)["iso3"].tolist()
        elif countries is not None:
            codes = [resolve_country(self.warehouse, c) for c in countries]
        else:
            codes = None
        year_list = [years] if isinstance(years, int) else years
        return observations(self.warehouse, indicator, countries=codes, years=year_list)

    def profile(
        self, country: str, *, year: int | None = None, framework: Framework | None = None
    ) -> Profile:
        """A country across the pillars (latest value, light, trend, source)."""
        from southsouth.indicators.profile import country_profile

        return country_profile(
            self.warehouse, country, year=year, framework=framework or self.framework
        )

    def pillar_index(
        self,
        *,
        group: str = DEFAULT_GROUP,
        year: int | None = None,
        pillar: str | None = None,
        normalisation: str | None = None,
        aggregation: str | None = None,
        weights: str | None = None,
        imputation: str | None = None,
        replications: int = 0,
        seed: int = 0,
        sensitivity: int = 0,
        framework: Framework | None = None,
    ) -> PillarIndex:
        """The pillars' composite index of a group; ``pillar`` is checked against the
        framework (the result holds every pillar)."""
        from southsouth.indicators.framework import load_framework
        from southsouth.indicators.pillar_index import DEFAULT_OPTIONS, pillar_index, with_options

        options = with_options(
            DEFAULT_OPTIONS,
            normalisation=normalisation,
            aggregation=aggregation,
            weights=weights,
            imputation=imputation,
        )
        spec = framework or self.framework or load_framework()
        if pillar is not None:
            spec.pillar(pillar)
        return pillar_index(
            self.warehouse,
            group=group,
            year=year,
            framework=spec,
            options=options,
            replications=replications,
            seed=seed,
            sensitivity_samples=sensitivity,
        )

    # -- gaps -------------------------------------------------------------------------

    def military_shares(
        self,
        year: int,
        *,
        groups: Sequence[str] = (),
        top: int = 5,
        basis: str = "current",
    ) -> MilitaryShares:
        """Shares of world military spending (SIPRI) by region, bloc, group and top N."""
        from southsouth.gaps.military import DEFAULT_GROUPS, military_shares

        return military_shares(
            self.warehouse,
            year,
            groups=tuple(groups or DEFAULT_GROUPS),
            top_n=top,
            region_basis=basis,  # type: ignore[arg-type]
        )

    def cyber_gaps(self, groups: Sequence[str] = ()) -> CyberGaps:
        """ITU GCI 2024 scores and each group's score gap; GCI 2020 tiers as history."""
        from southsouth.gaps.cyber import cyber_gaps
        from southsouth.gaps.military import DEFAULT_GROUPS

        return cyber_gaps(self.warehouse, groups=tuple(groups or DEFAULT_GROUPS))

    def civic_space(self, groups: Sequence[str] = ()) -> CivicSpace:
        """CIVICUS Monitor ratings by group, with the closed and repressed countries."""
        from southsouth.gaps.civic_space import civic_space
        from southsouth.gaps.military import DEFAULT_GROUPS

        return civic_space(self.warehouse, groups=tuple(groups or DEFAULT_GROUPS))

    def health_workforce(
        self, groups: Sequence[str] = (), *, year: int = 2030, scenario: str = "baseline"
    ) -> WorkforceView:
        """Need, supply and shortage of health workers (WHO AFRO unless groups are given),
        projected over 2025–2040 and ``year``."""
        from southsouth.gaps.health_workforce import health_workforce_gap
        from southsouth.gaps.health_workforce_supply import parse_scenario
        from southsouth.service.reads.gaps import DEFAULT_WORKFORCE_GROUPS

        chosen = tuple(groups) or DEFAULT_WORKFORCE_GROUPS
        years = sorted({*WORKFORCE_YEARS, year})
        result = health_workforce_gap(
            self.warehouse, chosen, years=years, scenario=parse_scenario(scenario)
        )
        return WorkforceView(result=result, year=year, groups=chosen)

    # -- trade ------------------------------------------------------------------------

    def trade_flow_source(self, requested: str | None = None, *, complete: bool = False) -> str:
        """The flow dataset to use: the one asked for, else the latest full BACI release, else
        the mirror's (its complete intra-African table when ``complete``, else the BACI
        extract)."""
        if requested:
            self.check_loaded(requested)
            return requested
        from southsouth.trade import trade_flow_sources

        loaded = list(trade_flow_sources(self.warehouse)["source_id"].unique())
        releases = sorted(s for s in loaded if s.startswith("baci-") and s != BACI_EXTRACT)
        if releases:
            return releases[-1]
        fallback = INTRA_AFRICA if complete else BACI_EXTRACT
        if fallback in loaded:
            return fallback
        raise NotSynced(
            "no bilateral trade by product is loaded",
            hint="southsouth data sync baci --classification HS92 --years 2019-2023 "
            "(or `southsouth data sync trade` for the mirror's extracts)",
        )

    def complexity(
        self,
        *,
        source: str = "ots-hs4-exports-2017",
        year: int | None = None,
        level: str | None = None,
        method: str = "eigen",
        cog_method: str = "atlas_book",
        all_countries: bool = False,
    ) -> ComplexityResult:
        """ECI, PCI, density, COI and COG of a country × product export table (the countries
        the Atlas would rank unless ``all_countries``)."""
        from southsouth.trade import ComplexityOptions, warehouse_complexity

        self.check_loaded(source)
        options = ComplexityOptions(cog_method=cog_method, method=method)  # type: ignore[arg-type]
        return warehouse_complexity(
            self.warehouse,
            source=source,
            year=year,
            level=level,
            options=options,
            all_countries=all_countries,
        )

    def substitution(
        self,
        *,
        importer: str | None = None,
        bloc: str | None = None,
        products: str | None = None,
        scenario: str = "status-quo",
        year: int | None = None,
        window: int = 1,
        south: str = DEFAULT_GROUP,
        engine: str = "duckdb",
        source: str | None = None,
    ) -> SubstitutionSelection:
        """Imports from the North that Southern suppliers could replace, for one importer or
        the members of a bloc, largest substitutable value first."""
        from southsouth.registry import group_countries, resolve_country
        from southsouth.registry.membership import membership_year
        from southsouth.trade import trade_flow_sources
        from southsouth.trade.substitution import options_for, substitution_for

        if (importer is None) == (bloc is None):
            raise InputError(
                "give either an importer (ISO3) or a bloc of importers, not both or neither",
                hint="e.g. importer KEN, or bloc EAC",
            )
        wh = self.warehouse
        chosen = self.trade_flow_source(source)
        sources = trade_flow_sources(wh).set_index("source_id")
        if chosen not in sources.index:
            raise InputError(
                f"{chosen!r} is not a loaded bilateral flow dataset",
                hint="loaded: " + (", ".join(sources.index.unique()) or "none"),
            )
        data_year = year or int(sources.loc[[chosen], "last_year"].max())
        options = options_for(data_year, scenario=scenario, products=products, window=window)
        blocs = (bloc,) if bloc else ()
        result = substitution_for(wh, chosen, options, south=south, blocs=blocs, engine=engine)
        members = (
            [resolve_country(wh, importer)]
            if importer
            else group_countries(wh, bloc or "", year=membership_year(data_year))["iso3"].tolist()
        )
        table = result.by_importer_product
        table = table[table["importer"].isin(members)].sort_values(
            ["sp_star", "importer", "product"], ascending=[False, True, True], kind="stable"
        )
        return SubstitutionSelection(
            result=result,
            source_id=chosen,
            year=data_year,
            importers=members,
            table=table.reset_index(drop=True),
            warning=EXTRACT_WARNING if chosen == BACI_EXTRACT else None,
        )

    def trade_links(
        self, bloc: str, *, source: str | None = None, year: int | None = None
    ) -> LinksResult:
        """Complementarity, intensity and missing links between a bloc's members."""
        from southsouth.trade import trade_links_for

        chosen = self.trade_flow_source(source, complete=True)
        return trade_links_for(self.warehouse, chosen, year=year, among=bloc)

    def trade_share(
        self, *, group: str = DEFAULT_GROUP, source: str | None = None, year: int | None = None
    ) -> SouthShareResult:
        """South–South share of each country's trade."""
        from southsouth.trade import south_south_share_for

        chosen = self.trade_flow_source(source)
        return south_south_share_for(self.warehouse, chosen, group=group, year=year)

    # -- connectivity -----------------------------------------------------------------

    def missing_air_links(
        self, from_area: str, to_area: str, *, top: int = 10, group: str = DEFAULT_GROUP
    ) -> MissingLinks:
        """Country pairs with strong expected air demand and no direct flight (2026 routes)."""
        from southsouth.connectivity import missing_routes

        return missing_routes(self.warehouse, from_area, to_area, top=top, group=group)

    def air_hubs(
        self,
        *,
        group: str = DEFAULT_GROUP,
        level: str = "country",
        by: str = "betweenness",
        top: int = 20,
    ) -> HubRanking:
        """Hubs of the air network among a group's members."""
        from southsouth.connectivity import hub_ranking

        return hub_ranking(self.warehouse, group=group, level=level, by=by, top=top)  # type: ignore[arg-type]

    def air_links(
        self, country_a: str, country_b: str, *, group: str = DEFAULT_GROUP
    ) -> RouteLinks:
        """Direct routes between two countries and the fewest-stops paths between capitals."""
        from southsouth.connectivity import route_links

        return route_links(self.warehouse, country_a, country_b, group=group)

    def air_route_change(self, *, group: str = DEFAULT_GROUP) -> RouteChange:
        """Country links gained and lost from the 2014 to the 2026 routes, per region and bloc."""
        from southsouth.connectivity import route_change

        return route_change(self.warehouse, group=group)

    # -- relations --------------------------------------------------------------------

    def pair_relations(self, country_a: str, country_b: str) -> PairRelations:
        """Tension and readiness of a pair of countries, with the records behind them."""
        from southsouth.relations import pair_relations

        return pair_relations(self.warehouse, country_a, country_b)

    def relations_map(self, group: str) -> RelationsMap:
        """Tension and readiness between every pair of a bloc's or group's members."""
        from southsouth.relations import relations_map

        return relations_map(self.warehouse, group)

    def coalitions(
        self,
        objective: str,
        *,
        group: str = DEFAULT_GROUP,
        size: int = 5,
        top: int = 3,
        method: str = "auto",
    ) -> CoalitionResult:
        """The best plurilateral coalitions for a pillar objective, each score explained."""
        from southsouth.relations import find_coalitions

        return find_coalitions(
            self.warehouse, objective, group=group, size=size, top=top, method=method
        )


def open_workspace(*, read_only: bool = True, **overrides: object) -> Workspace:
    """Open the workspace named by SOUTHSOUTH_* settings (overridable: home=, mirror=);
    it reads the warehouse whatever ``read_only`` says (kept for compatibility)."""
    return Workspace(load_settings(**overrides), read_only=read_only)
