"""Imputation of missing indicator values, each imputed cell flagged."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from southsouth.errors import InputError
from southsouth.index.options import IMPUTATIONS, check_choice


@dataclass(frozen=True)
class Imputed:
    """Data after imputation and a boolean mask, True where a value was imputed."""

    data: pd.DataFrame
    imputed: pd.DataFrame


def impute(data: pd.DataFrame, method: str, groups: pd.Series | None = None) -> Imputed:
    """Fill missing values per indicator (column).

    ``none`` leaves them missing; ``mean``/``median`` use the indicator's mean/median over
    the units that report it; ``group_mean``/``group_median`` use the statistic within the
    unit's group (``groups``: unit → label), falling back to the overall statistic when the
    unit has no group or its group has no value. A column with no value stays missing.
    """
    check_choice("imputation", method, IMPUTATIONS)
    missing = data.isna()
    if method == "none":
        return Imputed(data=data.copy(), imputed=missing & False)
    statistic = "median" if method.endswith("median") else "mean"
    overall = data.agg(statistic)
    filled = data
    if method.startswith("group_"):
        if groups is None:
            raise InputError(
                f"imputation {method!r} needs a grouping of the units",
                hint="pass groups= (a Series unit → region or income group)",
            )
        labels = groups.set_axis([str(u) for u in groups.index]).reindex(
            [str(u) for u in data.index]
        )
        by_group = data.groupby(labels.to_numpy(), dropna=True).transform(statistic)
        filled = data.fillna(by_group.set_axis(data.index))
    filled = filled.fillna(overall)
    return Imputed(data=filled, imputed=missing & filled.notna())
