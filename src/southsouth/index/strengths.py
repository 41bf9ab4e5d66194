"""Strengths and weaknesses of each unit relative to the group it is indexed with."""

from __future__ import annotations

import numpy as np
import pandas as pd

COLUMNS = ["unit", "kind", "position", "indicator", "score", "median", "difference"]


def strengths_weaknesses(scores: pd.DataFrame, imputed: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """Per unit its ``n`` best (``strength``) and ``n`` worst (``weakness``) indicators by
    normalised score minus that indicator's median over all units indexed. Imputed and
    missing values are left out (an imputed value is no evidence of strength). Ties keep
    the spec's indicator order."""
    medians = scores.median()
    gap = (scores - medians).where(~imputed & scores.notna())
    rows = []
    indicators = np.array(scores.columns)
    for unit, row in gap.iterrows():
        values = row.to_numpy(float)
        present = np.flatnonzero(~np.isnan(values))
        order = present[np.argsort(-values[present], kind="stable")]
        worst = present[np.argsort(values[present], kind="stable")]
        for kind, picks in (("strength", order[:n]), ("weakness", worst[:n])):
            for position, k in enumerate(picks, start=1):
                indicator = indicators[k]
                rows.append(
                    {
                        "unit": unit,
                        "kind": kind,
                        "position": position,
                        "indicator": indicator,
                        "score": float(scores.at[unit, indicator]),
                        "median": float(medians[indicator]),
                        "difference": float(values[k]),
                    }
                )
    return pd.DataFrame(rows, columns=COLUMNS)
