"""Helpers for the publisher-connector tests: local datasets, fetchers and parse comparisons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from southsouth.registry.crosswalk import Crosswalk
from southsouth.sources.dataset import Dataset, ParseInput
from southsouth.sources.fetch import Fetcher, FetchPolicy


def local(dataset: Dataset, **urls: str | None) -> Dataset:
    """``dataset`` with its pinned URLs replaced (resource name → URL; others → None), so a
    test never falls back to a copy on the internet."""
    return replace(
        dataset, resources=tuple(replace(r, url=urls.get(r.name)) for r in dataset.resources)
    )


def publisher_fetcher(tmp_path: Path, bases: Mapping[str, str], **kwargs: object) -> Fetcher:
    """A fetcher reading from the publishers at ``bases``; ``.sleeps`` lists its backoffs."""
    sleeps: list[float] = []
    kwargs.setdefault("source", "publishers")
    kwargs.setdefault("policy", FetchPolicy(timeout=10, retries=2, backoff=0.5))
    fetcher = Fetcher(tmp_path / "cache", bases=bases, sleep=sleeps.append, **kwargs)  # type: ignore[arg-type]
    fetcher.sleeps = sleeps  # type: ignore[attr-defined]
    return fetcher


def parse_files(
    dataset: Dataset, files: Mapping[str, Path], crosswalk: Crosswalk
) -> Mapping[str, pd.DataFrame]:
    """Run the dataset's own parser on ``files``."""
    return dataset.parse(ParseInput(dataset, dict(files), lambda: crosswalk))


def mirror_files(dataset: Dataset, mirror: Path) -> dict[str, Path]:
    """Each resource name → its file in the mirror."""
    return {r.name: mirror / r.mirror_path for r in dataset.resources}


def rows(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``frame`` sorted by ``keys`` with a fresh index, for exact comparisons."""
    return frame.sort_values(keys).reset_index(drop=True)
