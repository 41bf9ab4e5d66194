"""The catalogue of datasets southsouth knows, collected from the connector modules.

Every module of ``southsouth.sources`` that defines ``DATASETS: tuple[Dataset, ...]`` is a
connector. Datasets sync in domain order (the country registry first, because every other
parser maps names and codes through it), then by id.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

import southsouth.sources as sources_package
from southsouth.errors import SouthsouthError, UnknownDataset
from southsouth.sources.dataset import Dataset

#: Order in which domains sync; unknown domains go last.
DOMAIN_ORDER = (
    "countries",
    "blocs",
    "indicators",
    "governance",
    "security",
    "finance",
    "climate",
    "flights",
    "geo",
    "trade",
)
FRAMEWORK_MODULES = frozenset({"dataset", "fetch", "licences", "registry"})


def _connector_modules() -> list[str]:
    return sorted(
        f"{sources_package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(sources_package.__path__)
        if info.name not in FRAMEWORK_MODULES and not info.name.startswith("_")
    )


def all_datasets() -> tuple[Dataset, ...]:
    """Every dataset, in sync order."""
    found: dict[str, Dataset] = {}
    for name in _connector_modules():
        module = importlib.import_module(name)
        for dataset in getattr(module, "DATASETS", ()):
            if dataset.id in found:
                raise SouthsouthError(f"dataset id {dataset.id!r} is defined twice ({name})")
            found[dataset.id] = dataset

    def order(d: Dataset) -> tuple[int, str]:
        rank = DOMAIN_ORDER.index(d.domain) if d.domain in DOMAIN_ORDER else len(DOMAIN_ORDER)
        return rank, d.id

    return tuple(sorted(found.values(), key=order))


def get_dataset(dataset_id: str) -> Dataset:
    """The dataset with this id, or UnknownDataset listing close ids."""
    datasets = {d.id: d for d in all_datasets()}
    try:
        return datasets[dataset_id]
    except KeyError:
        raise UnknownDataset(
            dataset_id, datasets, hint="`southsouth data list` shows every dataset id"
        ) from None


def resolve_datasets(selectors: Iterable[str]) -> tuple[Dataset, ...]:
    """Datasets named by id or by domain (e.g. ``indicators``); all when none given."""
    datasets = all_datasets()
    selectors = list(selectors)
    if not selectors:
        return datasets
    domains = {d.domain for d in datasets}
    chosen: set[str] = set()
    for selector in selectors:
        if selector in domains:
            chosen.update(d.id for d in datasets if d.domain == selector)
        else:
            chosen.add(get_dataset(selector).id)
    return tuple(d for d in datasets if d.id in chosen)
