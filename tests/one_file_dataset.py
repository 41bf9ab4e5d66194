"""A dataset of one CSV in a test mirror, for tests of sync semantics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from southsouth.provenance import Licence, sha256_file
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.tabular import read_csv

SPEC = IndicatorSpec("test_value", "A test value", "units")


def make_dataset(
    mirror: Path,
    parse: Callable[[ParseInput], dict[str, pd.DataFrame]],
    *,
    dataset_id: str = "test-values",
    tables: Sequence[str] = ("observation",),
    indicators: Sequence[IndicatorSpec] = (SPEC,),
) -> Dataset:
    """A dataset of ``mirror``'s ``test/values.csv``, parsed by ``parse``."""
    path = mirror / "test" / "values.csv"
    return Dataset(
        id=dataset_id,
        title="Test values",
        publisher="southsouth tests",
        licence=Licence("CC0 1.0"),
        citation="southsouth test fixture",
        vintage="test",
        format="csv",
        domain="indicators",
        resources=(Resource("values.csv", "test/values.csv", None, sha256_file(path), "tests"),),
        parse=parse,
        tables=tuple(tables),
        indicators=tuple(indicators),
        requires_crosswalk=False,
    )


def parse_values(inp: ParseInput) -> dict[str, pd.DataFrame]:
    """The test CSV as observations of ``test_value``."""
    frame = read_csv(inp.path("values.csv"), columns=["iso3", "year", "value"])
    return {
        "observation": pd.DataFrame(
            {
                "country_iso3": frame["iso3"],
                "indicator": "test_value",
                "year": frame["year"],
                "value": frame["value"],
                "flag": None,
            }
        )
    }
