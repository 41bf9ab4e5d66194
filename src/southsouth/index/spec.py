"""The framework of a composite index: indicators, pillars, directions, weights, goalposts."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.errors import InputError, UnknownIndicator


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: its pillar, direction (+1 higher is better, −1 lower is better),
    weight within its pillar, optional goalposts ``(lower, upper)`` and target, all in the
    indicator's own units."""

    id: str
    pillar: str
    direction: int = 1
    weight: float = 1.0
    goalposts: tuple[float, float] | None = None
    target: float | None = None

    def __post_init__(self) -> None:
        if not self.id or not self.pillar:
            raise InputError(
                "an indicator needs an id and a pillar",
                hint="give every indicator a non-empty id and pillar",
            )
        if self.direction not in (1, -1):
            raise InputError(
                f"indicator {self.id!r}: direction must be +1 or -1, not {self.direction!r}",
                hint="+1 when higher values are better, -1 when lower values are better",
            )
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise InputError(
                f"indicator {self.id!r}: weight must be a positive number, not {self.weight!r}",
                hint="leave out an indicator instead of giving it weight 0",
            )
        if self.goalposts is not None:
            lower, upper = (float(v) for v in self.goalposts)
            if not (math.isfinite(lower) and math.isfinite(upper) and lower < upper):
                raise InputError(
                    f"indicator {self.id!r}: goalposts must be finite with lower < upper, "
                    f"not {self.goalposts!r}",
                    hint="goalposts are (lower, upper) in the indicator's units; direction "
                    "says which end is best",
                )
            object.__setattr__(self, "goalposts", (lower, upper))
        if self.target is not None:
            target = float(self.target)
            if not (math.isfinite(target) and target > 0):
                raise InputError(
                    f"indicator {self.id!r}: target must be a positive number, not {self.target!r}",
                    hint="distance to target divides by the target, so it must be > 0",
                )
            object.__setattr__(self, "target", target)


@dataclass(frozen=True)
class IndexSpec:
    """The indicators of an index (in order) and the weight of each pillar.

    ``pillar_weights`` lists ``(pillar, weight)`` pairs; pillars not listed weigh 1, so an
    empty tuple means equal pillar weights. A mapping is accepted and stored as pairs.
    """

    indicators: tuple[IndicatorSpec, ...]
    pillar_weights: tuple[tuple[str, float], ...] | Mapping[str, float] = ()

    def __post_init__(self) -> None:
        indicators = tuple(self.indicators)
        if not indicators:
            raise InputError("the index has no indicators", hint="list at least one indicator")
        ids = [i.id for i in indicators]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise InputError(
                f"indicators listed twice: {', '.join(duplicates)}",
                hint="each indicator belongs to exactly one pillar",
            )
        raw = self.pillar_weights
        pairs = tuple(raw.items()) if isinstance(raw, Mapping) else tuple(tuple(p) for p in raw)
        pillars = {i.pillar for i in indicators}
        for pillar, weight in pairs:
            if pillar not in pillars:
                raise InputError(
                    f"pillar weight given for {pillar!r}, which has no indicators",
                    hint=f"pillars: {', '.join(sorted(pillars))}",
                )
            if not (math.isfinite(float(weight)) and float(weight) > 0):
                raise InputError(
                    f"pillar {pillar!r}: weight must be a positive number, not {weight!r}",
                    hint="leave a pillar out of the framework instead of weighting it 0",
                )
        object.__setattr__(self, "indicators", indicators)
        object.__setattr__(self, "pillar_weights", tuple((p, float(w)) for p, w in pairs))

    @classmethod
    def from_frame(
        cls, frame: pd.DataFrame, pillar_weights: Mapping[str, float] | None = None
    ) -> IndexSpec:
        """Spec from a table with columns ``indicator, pillar`` and optionally ``direction,
        weight, lower, upper, target`` (missing cells take the defaults)."""
        missing = {"indicator", "pillar"} - set(frame.columns)
        if missing:
            raise InputError(
                f"the framework table lacks columns {sorted(missing)}",
                hint="columns: indicator, pillar[, direction, weight, lower, upper, target]",
            )

        def cell(row: Mapping[str, object], name: str) -> float | None:
            value = row.get(name)
            return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]

        indicators = []
        for row in frame.to_dict("records"):
            lower, upper = cell(row, "lower"), cell(row, "upper")
            direction = cell(row, "direction")
            weight = cell(row, "weight")
            indicators.append(
                IndicatorSpec(
                    id=str(row["indicator"]),
                    pillar=str(row["pillar"]),
                    direction=1 if direction is None else int(direction),
                    weight=1.0 if weight is None else weight,
                    goalposts=None if lower is None or upper is None else (lower, upper),
                    target=cell(row, "target"),
                )
            )
        return cls(tuple(indicators), tuple((pillar_weights or {}).items()))

    @property
    def ids(self) -> list[str]:
        """Indicator ids in spec order."""
        return [i.id for i in self.indicators]

    @property
    def pillars(self) -> list[str]:
        """Pillars in order of first appearance."""
        return list(dict.fromkeys(i.pillar for i in self.indicators))

    @property
    def directions(self) -> np.ndarray:
        """+1/−1 per indicator."""
        return np.array([i.direction for i in self.indicators], dtype=float)

    @property
    def indicator_weights(self) -> np.ndarray:
        """Declared weight per indicator (not normalised)."""
        return np.array([i.weight for i in self.indicators], dtype=float)

    @property
    def pillar_weight_array(self) -> np.ndarray:
        """Weight per pillar (in ``pillars`` order), normalised to sum to 1."""
        given = dict(self.pillar_weights)  # stored as pairs by __post_init__
        weights = np.array([given.get(p, 1.0) for p in self.pillars], dtype=float)
        return weights / weights.sum()

    @property
    def membership(self) -> np.ndarray:
        """Indicator × pillar 0/1 matrix."""
        pillars = self.pillars
        matrix = np.zeros((len(self.indicators), len(pillars)))
        for k, indicator in enumerate(self.indicators):
            matrix[k, pillars.index(indicator.pillar)] = 1.0
        return matrix

    @property
    def lower(self) -> np.ndarray:
        """Lower goalpost per indicator (NaN where none)."""
        return np.array([i.goalposts[0] if i.goalposts else np.nan for i in self.indicators])

    @property
    def upper(self) -> np.ndarray:
        """Upper goalpost per indicator (NaN where none)."""
        return np.array([i.goalposts[1] if i.goalposts else np.nan for i in self.indicators])

    @property
    def targets(self) -> np.ndarray:
        """Target per indicator (NaN where none)."""
        return np.array(
            [i.target if i.target is not None else np.nan for i in self.indicators], dtype=float
        )

    def pillar_of(self, indicator: str) -> str:
        """The pillar an indicator belongs to."""
        for i in self.indicators:
            if i.id == indicator:
                return i.pillar
        raise UnknownIndicator(indicator, self.ids, hint="the index spec lists its indicators")

    def subset(self, keep: Iterable[str]) -> IndexSpec:
        """The spec restricted to ``keep`` (spec order kept; pillar weights of pillars that
        lost all their indicators are dropped)."""
        wanted = set(keep)
        indicators = tuple(i for i in self.indicators if i.id in wanted)
        pillars = {i.pillar for i in indicators}
        return IndexSpec(indicators, tuple((p, w) for p, w in self.pillar_weights if p in pillars))


def validate_data(data: pd.DataFrame, spec: IndexSpec) -> pd.DataFrame:
    """The spec's columns of ``data`` as floats, in spec order; raises ``InputError`` on
    duplicate units, missing indicators, non-numbers or infinities."""
    if not isinstance(data, pd.DataFrame) or data.shape[0] == 0:
        raise InputError(
            "the index needs a table of units × indicators", hint="pass a non-empty DataFrame"
        )
    if data.index.has_duplicates:
        dupes = sorted({str(u) for u in data.index[data.index.duplicated()]})
        raise InputError(
            f"units listed twice: {', '.join(dupes[:10])}",
            hint="one row per unit (e.g. ISO3 code) is expected",
        )
    columns = [str(c) for c in data.columns]
    for indicator in spec.ids:
        if indicator not in columns:
            raise UnknownIndicator(
                indicator, columns, hint="every indicator in the spec needs a column in the data"
            )
    frame = data.set_axis(columns, axis=1)[spec.ids]
    try:
        values = frame.apply(pd.to_numeric).astype(float)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"indicator values must be numbers: {exc}",
            hint="use NaN for missing values, never text",
        ) from exc
    if np.isinf(values.to_numpy()).any():
        bad = [c for c in values.columns if np.isinf(values[c].to_numpy()).any()]
        raise InputError(
            f"infinite values in {', '.join(bad)}",
            hint="replace infinities (e.g. from a division by zero) with NaN",
        )
    return values
