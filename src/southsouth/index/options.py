"""The methodological choices of one index build (JRC/OECD handbook steps, COINr defaults)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from southsouth.errors import InputError

IMPUTATIONS = ("none", "mean", "median", "group_mean", "group_median")
NORMALISATIONS = ("minmax", "zscore", "goalposts", "distance_to_target")
AGGREGATIONS = ("arithmetic", "geometric")
WEIGHTINGS = ("equal", "custom", "pca")


def check_choice(kind: str, value: str, allowed: tuple[str, ...]) -> None:
    """Raise ``InputError`` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise InputError(f"unknown {kind} {value!r}", hint=f"choose one of {', '.join(allowed)}")


def check_share(name: str, value: float | None) -> None:
    """Raise ``InputError`` unless ``value`` is None or a share in [0, 1]."""
    if value is not None and not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InputError(f"{name} must be a share in [0, 1], not {value!r}", hint="e.g. 0.65")


@dataclass(frozen=True)
class OutlierRule:
    """COINr's default outlier rule: an indicator fails when |skewness| > ``skew_threshold``
    AND excess kurtosis > ``kurtosis_threshold``; it is winsorised up to ``winsor_max``
    points, then log-transformed if it still fails."""

    skew_threshold: float = 2.0
    kurtosis_threshold: float = 3.5
    winsor_max: int = 5

    def __post_init__(self) -> None:
        if not (self.skew_threshold > 0 and self.kurtosis_threshold > -3 and self.winsor_max >= 0):
            raise InputError(
                f"invalid outlier rule {self!r}",
                hint="skew threshold > 0, kurtosis threshold > -3, winsor_max ≥ 0",
            )


@dataclass(frozen=True)
class IndexOptions:
    """Every choice of a build. Defaults follow COINr / the JRC handbook where they have one.

    - screening: indicators with data for fewer than ``indicator_min_coverage`` of units and
      units with data for fewer than ``unit_min_coverage`` of indicators (and, if set,
      ``unit_min_pillar_coverage`` of each pillar's indicators) are dropped;
      ``force_include``/``force_exclude`` override the unit rule;
    - ``imputation``: none | mean | median | group_mean | group_median (groups are passed to
      the build; a unit without a group, or a group without data, falls back to all units);
    - ``treat_outliers`` with ``outlier_rule`` (skipped for goalposts and distance to target,
      whose bounds are in raw units);
    - ``normalisation``: minmax | zscore | goalposts | distance_to_target;
    - ``weights``: equal | custom (the spec's weights) | pca;
    - ``aggregation``: arithmetic | geometric;
    - ``min_share``: an aggregate is NaN when the share of its weight backed by data is lower;
    - ``n_strengths``: strengths and weaknesses listed per unit.
    """

    indicator_min_coverage: float = 0.65
    unit_min_coverage: float = 0.65
    unit_min_pillar_coverage: float | None = None
    force_include: tuple[str, ...] = ()
    force_exclude: tuple[str, ...] = ()
    imputation: str = "none"
    treat_outliers: bool = True
    outlier_rule: OutlierRule = OutlierRule()
    normalisation: str = "minmax"
    weights: str = "custom"
    aggregation: str = "arithmetic"
    min_share: float = 0.0
    n_strengths: int = 3

    def __post_init__(self) -> None:
        check_choice("imputation", self.imputation, IMPUTATIONS)
        check_choice("normalisation", self.normalisation, NORMALISATIONS)
        check_choice("weighting", self.weights, WEIGHTINGS)
        check_choice("aggregation", self.aggregation, AGGREGATIONS)
        check_share("indicator_min_coverage", self.indicator_min_coverage)
        check_share("unit_min_coverage", self.unit_min_coverage)
        check_share("unit_min_pillar_coverage", self.unit_min_pillar_coverage)
        check_share("min_share", self.min_share)
        if self.n_strengths < 0:
            raise InputError("n_strengths must be ≥ 0", hint="e.g. 3")
        object.__setattr__(self, "force_include", tuple(self.force_include))
        object.__setattr__(self, "force_exclude", tuple(self.force_exclude))
        overlap = set(self.force_include) & set(self.force_exclude)
        if overlap:
            raise InputError(
                f"units both forced in and out: {', '.join(sorted(overlap))}",
                hint="list a unit in force_include or force_exclude, not both",
            )
