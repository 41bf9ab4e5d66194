"""Wide country-year tables → ``observation`` rows.

Many publishers ship one row per country and year with one column per indicator. The
connectors read such a file into a *country-year table* (``country_iso3``, ``year`` and the
indicator columns), drop the rows they cannot load, and melt it to one ``observation`` row per
country, year and indicator. This module defines no dataset itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from southsouth.sources.dataset import IndicatorSpec, ParseInput
from southsouth.tabular import check_numeric

#: The keys of a country-year table.
KEYS = ["country_iso3", "year"]


def country_year_table(
    frame: pd.DataFrame,
    path: Path,
    iso3: pd.Series,
    year: pd.Series | int,
    columns: Mapping[str, IndicatorSpec],
) -> pd.DataFrame:
    """``iso3``, ``year`` and each of ``columns`` of ``frame`` checked as numbers (ParseError)."""
    values = {column: check_numeric(frame, column, path) for column in columns}
    return pd.DataFrame({"country_iso3": iso3, "year": year, **values})


def drop_duplicate_country_years(
    inp: ParseInput, table: pd.DataFrame, labels: pd.Series, *, what: str
) -> pd.DataFrame:
    """``table`` without the rows whose (ISO3, year) occurs more than once.

    Such rows come from several source entities mapping to one ISO3 code; they are reported
    with their ``labels`` (the source's names or codes, aligned with ``table``) as ``what``.
    """
    duplicated = table.duplicated(KEYS, keep=False)
    if duplicated.any():
        names = sorted(set(labels.loc[table.index[duplicated.to_numpy()]]))
        inp.report(
            "duplicate-country-year",
            f"{what} mapping to one ISO3 in the same year, not loaded: {', '.join(names)}",
            int(duplicated.sum()),
        )
    return table[~duplicated]


def report_missing(
    inp: ParseInput, table: pd.DataFrame, columns: Mapping[str, IndicatorSpec], note: str = ""
) -> None:
    """Report, per indicator, the countries of ``table`` whose value is empty."""
    for column, spec in columns.items():
        missing = table[column].isna()
        if missing.any():
            inp.report(
                "missing-value",
                f"{spec.id} empty for {', '.join(sorted(table.loc[missing, 'country_iso3']))}"
                + note,
                int(missing.sum()),
            )


def melt_indicators(
    table: pd.DataFrame,
    columns: Mapping[str, IndicatorSpec],
    *,
    flag: pd.Series | str | None = None,
) -> pd.DataFrame:
    """``observation`` rows of a country-year table: one per row and column with a value.

    ``columns`` maps the table's columns to their indicators; ``year`` must be filled (it
    becomes int); ``flag`` is one flag for every row or a series aligned with ``table``.
    """
    parts = [
        pd.DataFrame(
            {
                "country_iso3": table["country_iso3"],
                "indicator": spec.id,
                "year": table["year"].astype(int),
                "value": table[column],
                "flag": flag,
            }
        )
        for column, spec in columns.items()
    ]
    observation = pd.concat(parts, ignore_index=True)
    return observation[observation["value"].notna()]
