"""Bring datasets from their publishers (or a mirror) into the warehouse.

For each dataset: fetch its files into the cache, skip it when the warehouse already holds
a load of exactly these files by this version of southsouth, else parse, check every table
against its contract and replace the dataset's rows in one transaction. A dataset that
fails leaves the warehouse as it was; the others still load.

:func:`sync_file` does this for a warehouse file others may be reading: it writes a copy
and swaps it in at the end (see :mod:`southsouth.warehouse.swap`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from southsouth.errors import ContractViolation, SouthsouthError
from southsouth.indicators.derived import DERIVED, DERIVED_EPOCH, DerivedIndicator
from southsouth.provenance import Origin, read_sidecar
from southsouth.registry.crosswalk import Crosswalk
from southsouth.sources.dataset import Dataset, ParseInput
from southsouth.sources.fetch import Fetcher
from southsouth.sources.registry import get_dataset
from southsouth.version import __version__
from southsouth.warehouse.contracts import CONTRACTS
from southsouth.warehouse.store import LoadRecord, SqlInsert, Warehouse
from southsouth.warehouse.swap import next_warehouse

#: Bump to force every dataset to reload after a change in how loads are built.
LOAD_EPOCH = 2
CROSSWALK_DATASET = "countries"

Outcome = Literal["loaded", "up-to-date", "failed"]


@dataclass
class SyncResult:
    """What happened to one dataset."""

    dataset_id: str
    outcome: Outcome
    rows: int = 0
    seconds: float = 0.0
    error: SouthsouthError | None = None
    issues: list[dict[str, object]] = field(default_factory=list)


class SyncEvents:
    """Hooks the CLI uses to show progress; the defaults do nothing."""

    def dataset_started(self, dataset_id: str, step: str) -> None:
        """A dataset entered a step (fetch, parse, load, derive)."""

    def dataset_finished(self, result: SyncResult) -> None:
        """A dataset is done."""

    def waiting(self, message: str) -> None:
        """Another sync is writing the warehouse and this one waits for it (``message`` says
        so); by default shown as step ``wait`` of ``warehouse``."""
        self.dataset_started("warehouse", "wait")


class _CrosswalkCache:
    def __init__(self, fetcher: Fetcher) -> None:
        self._fetcher = fetcher
        self._walk: Crosswalk | None = None

    def __call__(self) -> Crosswalk:
        if self._walk is None:
            files = self._fetcher.fetch(get_dataset(CROSSWALK_DATASET))
            self._walk = Crosswalk.from_files(files)
        return self._walk


def build_key(dataset: Dataset, origins: Sequence[Origin]) -> str:
    """Identity of a load: dataset and its vintage, file checksums, southsouth version, epoch."""
    digest = hashlib.sha256()
    digest.update(f"{dataset.id}|{dataset.vintage}|{__version__}|{LOAD_EPOCH}".encode())
    for origin in sorted(origins, key=lambda o: o.resource):
        digest.update(f"|{origin.resource}:{origin.sha256}".encode())
    return digest.hexdigest()


def sync_file(
    path: Path,
    datasets: Sequence[Dataset],
    *,
    fetcher: Fetcher,
    force: bool = False,
    events: SyncEvents | None = None,
) -> list[SyncResult]:
    """Sync ``datasets`` (and the derived indicators) into the warehouse file at ``path``
    without writing it in place: after waiting for any other sync of it, load a copy and
    rename it onto ``path``. When this raises, ``path`` is as it was."""
    events = events or SyncEvents()
    with next_warehouse(path, on_wait=events.waiting) as staged:
        return sync_datasets(
            datasets, fetcher=fetcher, warehouse=staged, force=force, events=events
        )


def sync_datasets(
    datasets: Sequence[Dataset],
    *,
    fetcher: Fetcher,
    warehouse: Warehouse,
    force: bool = False,
    events: SyncEvents | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> list[SyncResult]:
    """Fetch, parse and load each dataset; one failure does not stop the others."""
    events = events or SyncEvents()
    crosswalk = _CrosswalkCache(fetcher)
    results = []
    for dataset in datasets:
        started = clock()
        try:
            result = _sync_one(dataset, fetcher, warehouse, crosswalk, force, events)
        except SouthsouthError as exc:
            result = SyncResult(dataset.id, "failed", error=exc)
        result.seconds = clock() - started
        events.dataset_finished(result)
        results.append(result)
    results.extend(sync_derived(warehouse, force=force, events=events, clock=clock))
    return results


def sync_derived(
    warehouse: Warehouse,
    *,
    force: bool = False,
    events: SyncEvents | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> list[SyncResult]:
    """Compute every derived indicator whose input datasets are loaded; skip the others."""
    events = events or SyncEvents()
    status = warehouse.status().set_index("dataset_id")
    results = []
    for derived in DERIVED:
        inputs = [*derived.inputs]
        if derived.id == "south_south_export_share_pct":
            baci = [d for d in status.index if str(d).startswith("baci-")]
            if not baci:
                continue
            inputs += baci
        if not all(i in status.index for i in inputs):
            continue
        started = clock()
        events.dataset_started(derived.source_id, "derive")
        try:
            result = _derive_one(warehouse, derived, status.loc[inputs], force)
        except SouthsouthError as exc:
            result = SyncResult(derived.source_id, "failed", error=exc)
        result.seconds = clock() - started
        events.dataset_finished(result)
        results.append(result)
    return results


def _derive_one(
    warehouse: Warehouse, derived: DerivedIndicator, inputs: pd.DataFrame, force: bool
) -> SyncResult:
    digest = hashlib.sha256(f"{derived.id}|{__version__}|{LOAD_EPOCH}|{DERIVED_EPOCH}".encode())
    for dataset_id, key in zip(inputs.index, inputs["build_key"], strict=True):
        digest.update(f"|{dataset_id}:{key}".encode())
    key = digest.hexdigest()
    if not force and warehouse.build_key(derived.source_id) == key:
        return SyncResult(derived.source_id, "up-to-date")
    frame = derived.compute(warehouse).assign(indicator=derived.id)
    tables: dict[str, pd.DataFrame | SqlInsert] = {
        "observation": CONTRACTS["observation"].conform(frame, source_id=derived.source_id),
        "indicator": CONTRACTS["indicator"].conform(
            pd.DataFrame(
                [
                    {
                        "indicator": derived.id,
                        "name": derived.name,
                        "unit": derived.unit,
                        "description": derived.description,
                    }
                ]
            ),
            source_id=derived.source_id,
        ),
    }
    record = LoadRecord(
        dataset_id=derived.source_id,
        title=derived.name,
        publisher=f"southsouth (computed from {' + '.join(inputs.index)})",
        domain="derived",
        licence="; ".join(dict.fromkeys(inputs["licence"])),
        licence_url="",
        citation="Computed by southsouth from: " + "; ".join(dict.fromkeys(inputs["citation"])),
        vintage="; ".join(
            f"{i}: {v}" for i, v in zip(inputs.index, inputs["vintage"], strict=True)
        ),
        build_key=key,
        via="computed",
        issues=[],
        origins=[],
    )
    rows = warehouse.replace_dataset(record, tables, owned_tables=["observation", "indicator"])
    return SyncResult(derived.source_id, "loaded", rows=rows)


def _sync_one(
    dataset: Dataset,
    fetcher: Fetcher,
    warehouse: Warehouse,
    crosswalk: _CrosswalkCache,
    force: bool,
    events: SyncEvents,
) -> SyncResult:
    events.dataset_started(dataset.id, "fetch")
    files = fetcher.fetch(dataset)
    origins = [read_sidecar(path) for path in files.values()]
    if any(o is None for o in origins):
        raise ContractViolation(f"{dataset.id}: a cached file lost its provenance sidecar")
    checked = [o for o in origins if o is not None]
    key = build_key(dataset, checked)
    if not force and warehouse.build_key(dataset.id) == key:
        return SyncResult(dataset.id, "up-to-date")

    events.dataset_started(dataset.id, "parse")
    parse_input = ParseInput(dataset=dataset, files=files, crosswalk_factory=crosswalk)
    tables = prepare_tables(dataset, dataset.parse(parse_input))
    issues = [{"kind": i.kind, "detail": i.detail, "rows": i.count} for i in parse_input.issues]

    events.dataset_started(dataset.id, "load")
    vias = sorted({o.via for o in checked})
    record = LoadRecord(
        dataset_id=dataset.id,
        title=dataset.title,
        publisher=dataset.publisher,
        domain=dataset.domain,
        licence=dataset.licence.name,
        licence_url=dataset.licence.url,
        citation=dataset.citation,
        vintage=_vintage(dataset, checked),
        build_key=key,
        via=",".join(vias),
        issues=issues,
        origins=checked,
        data_year=dataset.data_year,
    )
    owned = list(dataset.tables)
    if dataset.indicators and "indicator" not in owned:
        owned.append("indicator")
    rows = warehouse.replace_dataset(record, tables, owned_tables=owned)
    return SyncResult(dataset.id, "loaded", rows=rows, issues=issues)


def _vintage(dataset: Dataset, origins: Sequence[Origin]) -> str:
    """The dataset's declared vintage, or what the publishers' services reported when its
    files came from them (a file from the mirror or a pinned copy has the declared one)."""
    seen = list(dict.fromkeys(o.vintage for o in origins if o.vintage))
    return "; ".join(seen) if seen and seen != [dataset.vintage] else dataset.vintage


def prepare_tables(
    dataset: Dataset, parsed: Mapping[str, pd.DataFrame | SqlInsert]
) -> dict[str, pd.DataFrame | SqlInsert]:
    """Check parsed tables against their contracts; add the indicator table."""
    unexpected = set(parsed) - set(dataset.tables)
    if unexpected:
        raise ContractViolation(
            f"{dataset.id} produced tables it does not declare: {sorted(unexpected)}"
        )
    tables: dict[str, pd.DataFrame | SqlInsert] = {}
    for name, frame in parsed.items():
        if isinstance(frame, SqlInsert):
            tables[name] = frame
            continue
        tables[name] = CONTRACTS[name].conform(frame, source_id=dataset.id)
    if "observation" in tables and isinstance(tables["observation"], pd.DataFrame):
        declared = {spec.id for spec in dataset.indicators}
        used = set(tables["observation"]["indicator"].unique())
        if used - declared:
            raise ContractViolation(
                f"{dataset.id} writes undeclared indicators: {sorted(used - declared)}"
            )
    if dataset.indicators:
        tables["indicator"] = CONTRACTS["indicator"].conform(
            pd.DataFrame(
                {
                    "indicator": [s.id for s in dataset.indicators],
                    "name": [s.name for s in dataset.indicators],
                    "unit": [s.unit for s in dataset.indicators],
                    "description": [s.description or None for s in dataset.indicators],
                }
            ),
            source_id=dataset.id,
        )
    return tables
