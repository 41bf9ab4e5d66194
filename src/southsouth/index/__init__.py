"""Composite indices (JRC/OECD handbook method, COINr's choices): pure functions over a
units × indicators table and an ``IndexSpec``; no warehouse access."""

from southsouth.index.coherence import Coherence, cronbach_alpha
from southsouth.index.options import IndexOptions, OutlierRule
from southsouth.index.pipeline import (
    IndexResult,
    analyse_sensitivity,
    analyse_uncertainty,
    build_index,
)
from southsouth.index.sensitivity import SobolResult
from southsouth.index.spec import IndexSpec, IndicatorSpec
from southsouth.index.uncertainty import Choices, UncertaintyResult

__all__ = [
    "Choices",
    "Coherence",
    "IndexOptions",
    "IndexResult",
    "IndexSpec",
    "IndicatorSpec",
    "OutlierRule",
    "SobolResult",
    "UncertaintyResult",
    "analyse_sensitivity",
    "analyse_uncertainty",
    "build_index",
    "cronbach_alpha",
]
