"""Statistical coherence: correlations between levels, Cronbach's alpha per pillar."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.index.spec import IndexSpec
from southsouth.index.weights import pca_weights

HIGH_CORRELATION = 0.9


def cronbach_alpha(items: pd.DataFrame | np.ndarray) -> float:
    """α = K/(K−1)·(1 − Σ var(item)/var(Σ items)) over the complete rows (sample variances);
    NaN with fewer than two items, two complete rows or a constant total."""
    frame = pd.DataFrame(items).dropna()
    values = frame.to_numpy(float)
    n, k = values.shape
    if k < 2 or n < 2:
        return float("nan")
    total_var = values.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - values.var(axis=0, ddof=1).sum() / total_var))


@dataclass(frozen=True)
class Coherence:
    """``indicator_pillar``: correlation of each indicator with each pillar score;
    ``pillar_index``: correlations among pillar scores and the overall score; ``flags``:
    within-pillar indicator pairs with |r| > 0.9 or r < 0; ``pillars``: per pillar the
    number of indicators, Cronbach's alpha and the variance explained by the first
    principal component."""

    indicator_pillar: pd.DataFrame
    pillar_index: pd.DataFrame
    flags: pd.DataFrame
    pillars: pd.DataFrame


def coherence(
    scores: pd.DataFrame,
    pillar_scores: pd.DataFrame,
    overall: pd.Series,
    spec: IndexSpec,
    method: str = "pearson",
) -> Coherence:
    """Coherence tables for normalised indicator scores, pillar scores and overall score
    (``method``: pearson | spearman; pairwise complete units)."""
    joined = pd.concat([scores[spec.ids], pillar_scores[spec.pillars]], axis=1)
    corr = joined.corr(method=method)
    indicator_pillar = corr.loc[spec.ids, spec.pillars]
    levels = pd.concat([pillar_scores[spec.pillars], overall.rename("overall")], axis=1)
    pillar_index = levels.corr(method=method)
    flag_rows = []
    pca = pca_weights(scores, spec).pillars.set_index("pillar")
    pillar_rows = []
    for pillar in spec.pillars:
        members = [i.id for i in spec.indicators if i.pillar == pillar]
        within = scores[members].corr(method=method)
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                r = float(within.loc[a, b])
                if abs(r) > HIGH_CORRELATION or r < 0:
                    flag = "negative" if r < 0 else f"|r| > {HIGH_CORRELATION}"
                    flag_rows.append({"pillar": pillar, "a": a, "b": b, "r": r, "flag": flag})
        pillar_rows.append(
            {
                "pillar": pillar,
                "indicators": len(members),
                "complete_units": int(scores[members].dropna().shape[0]),
                "cronbach_alpha": cronbach_alpha(scores[members]),
                "pca_variance_explained": float(pca.loc[pillar, "variance_explained"]),
            }
        )
    return Coherence(
        indicator_pillar=indicator_pillar,
        pillar_index=pillar_index,
        flags=pd.DataFrame(flag_rows, columns=["pillar", "a", "b", "r", "flag"]),
        pillars=pd.DataFrame(pillar_rows),
    )
