"""Loading datasets from the offline mirror into a test warehouse (shared by test modules)."""

from __future__ import annotations

from pathlib import Path

from southsouth.sources import resolve_datasets
from southsouth.sources.fetch import Fetcher, FetchPolicy
from southsouth.sync import SyncResult, sync_datasets
from southsouth.warehouse.store import Warehouse


def load(home: Path, mirror: Path, *selectors: str) -> tuple[Warehouse, list[SyncResult]]:
    """Sync the named datasets (ids or domains) from the mirror into ``home``."""
    fetcher = Fetcher(home / "cache", mirror=str(mirror), policy=FetchPolicy(retries=0))
    warehouse = Warehouse(home / "warehouse.duckdb")
    with fetcher:
        results = sync_datasets(resolve_datasets(selectors), fetcher=fetcher, warehouse=warehouse)
    failed = [r for r in results if r.outcome == "failed"]
    if failed:
        warehouse.close()
        raise AssertionError(f"sync failed: {[(r.dataset_id, str(r.error)) for r in failed]}")
    return warehouse, results
