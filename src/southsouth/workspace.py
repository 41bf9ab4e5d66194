"""The Python API: one object that holds the settings, the warehouse and the fetcher.

>>> import southsouth
>>> ws = southsouth.open()                      # doctest: +SKIP
>>> ws.members("BRICS", year=2024)              # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from southsouth.errors import NotSynced
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
from southsouth.sources.fetch import Fetcher, FetchPolicy, Progress
from southsouth.sync import CROSSWALK_DATASET, SyncEvents, SyncResult, sync_datasets
from southsouth.warehouse.store import Warehouse


class Workspace:
    """A southsouth home directory: its download cache and its warehouse."""

    def __init__(self, settings: Settings, *, read_only: bool = False) -> None:
        self.settings = settings
        self.warehouse = Warehouse(settings.warehouse_path, read_only=read_only)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the warehouse file."""
        self.warehouse.close()

    # -- data -------------------------------------------------------------------------

    def fetcher(self, progress: Progress | None = None) -> Fetcher:
        """A fetcher configured from the settings."""
        return Fetcher(
            self.settings.cache_dir,
            mirror=self.settings.mirror,
            policy=FetchPolicy(
                timeout=self.settings.http_timeout,
                retries=self.settings.http_retries,
                backoff=self.settings.http_backoff,
            ),
            progress=progress,
        )

    def sync(
        self,
        selectors: Iterable[str] = (),
        *,
        extra: Sequence[Dataset] = (),
        force: bool = False,
        events: SyncEvents | None = None,
        progress: Progress | None = None,
    ) -> list[SyncResult]:
        """Fetch and load datasets (ids or domains; all when empty and no ``extra``).

        ``extra`` adds datasets built on demand, such as a BACI release.
        """
        selectors = list(selectors)
        datasets = (
            (*resolve_datasets(selectors), *extra) if selectors or not extra else tuple(extra)
        )
        with self.fetcher(progress) as fetcher:
            return sync_datasets(
                datasets, fetcher=fetcher, warehouse=self.warehouse, force=force, events=events
            )

    def datasets(self) -> pd.DataFrame:
        """Loaded datasets with vintage, rows and licence."""
        return self.warehouse.status()

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


def open_workspace(*, read_only: bool = False, **overrides: object) -> Workspace:
    """Open the workspace named by SOUTHSOUTH_* settings (overridable: home=, mirror=)."""
    return Workspace(load_settings(**overrides), read_only=read_only)
