"""Impute → treat outliers → normalise: the steps before weighting, for one set of choices."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from southsouth.index.impute import impute
from southsouth.index.normalise import normalise
from southsouth.index.options import OutlierRule
from southsouth.index.outliers import skipped_log, treat
from southsouth.index.spec import IndexSpec

RAW_UNIT_METHODS = ("goalposts", "distance_to_target")


@dataclass(frozen=True)
class Prepared:
    """Imputed data with its mask, treated data with its log, and normalised scores."""

    imputed_data: pd.DataFrame
    imputed: pd.DataFrame
    treated_data: pd.DataFrame
    treatment: pd.DataFrame
    scores: pd.DataFrame


def prepare(
    data: pd.DataFrame,
    spec: IndexSpec,
    *,
    imputation: str,
    treat_outliers: bool,
    rule: OutlierRule,
    normalisation: str,
    groups: pd.Series | None = None,
) -> Prepared:
    """Run the three steps on screened ``data`` (columns = spec ids). Outlier treatment is
    skipped for goalposts and distance to target: their bounds are in raw units and already
    cap extreme values."""
    filled = impute(data, imputation, groups)
    if not treat_outliers:
        treated, log = filled.data, skipped_log(spec.ids, "outlier treatment switched off")
    elif normalisation in RAW_UNIT_METHODS:
        treated = filled.data
        log = skipped_log(spec.ids, f"{normalisation} works on raw units")
    else:
        result = treat(filled.data, rule)
        treated, log = result.data, result.log
    return Prepared(
        imputed_data=filled.data,
        imputed=filled.imputed,
        treated_data=treated,
        treatment=log,
        scores=normalise(treated, spec, normalisation),
    )
