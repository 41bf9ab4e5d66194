"""Published datasets: their registry, download with provenance, and parsers."""

from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.registry import all_datasets, get_dataset, resolve_datasets

__all__ = [
    "Dataset",
    "IndicatorSpec",
    "ParseInput",
    "Resource",
    "all_datasets",
    "get_dataset",
    "resolve_datasets",
]
