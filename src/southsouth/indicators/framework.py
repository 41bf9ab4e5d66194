"""The pillar framework: which indicators measure each pillar, and how.

The framework is a data file (``data/framework.toml``, or a user's copy) validated on load;
an error names the entry and the field that is wrong.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from southsouth.errors import InputError
from southsouth.pillars import PILLARS

KINDS = ("stock", "rate")


class FrameworkError(InputError):
    """The framework file is malformed; names the entry and field."""

    code = "framework-invalid"


@dataclass(frozen=True)
class Goalposts:
    """Values that score 0 (worst) and 100 (best)."""

    worst: float
    best: float


@dataclass(frozen=True)
class FrameworkIndicator:
    """One indicator of a pillar (or a bottleneck shown for context)."""

    id: str
    pillar: str | None
    name: str
    source: str
    unit: str
    direction: int
    in_index: bool
    goalposts: Goalposts | None
    green: float | None
    red: float | None
    target: float | None
    window: int
    kind: str
    basis: str
    denominator: str = ""
    weight: float = 1.0

    @property
    def scored(self) -> bool:
        """True when the indicator enters the composite index."""
        return self.in_index and self.direction != 0 and self.pillar is not None

    @property
    def trend_target(self) -> float | None:
        """The value trends are measured against: the target, else the green threshold."""
        return self.target if self.target is not None else self.green


@dataclass(frozen=True)
class Pillar:
    """One pillar: the eight of the founding text, and climate."""

    id: str
    name: str
    description: str
    not_measured: tuple[str, ...]


@dataclass(frozen=True)
class Framework:
    """Pillars, their indicators, and bottleneck context indicators."""

    id: str
    version: str
    title: str
    target_year: int
    pillars: tuple[Pillar, ...]
    indicators: tuple[FrameworkIndicator, ...]
    context: tuple[FrameworkIndicator, ...]
    pillar_weights: tuple[tuple[str, float], ...] = ()

    def pillar(self, pillar_id: str) -> Pillar:
        """The pillar with this id."""
        for pillar in self.pillars:
            if pillar.id == pillar_id:
                return pillar
        raise FrameworkError(
            f"unknown pillar {pillar_id!r}", hint=f"pillars are {', '.join(PILLARS)}"
        )

    def of_pillar(self, pillar_id: str) -> tuple[FrameworkIndicator, ...]:
        """Indicators of one pillar, in file order."""
        self.pillar(pillar_id)
        return tuple(i for i in self.indicators if i.pillar == pillar_id)

    @property
    def entries(self) -> tuple[FrameworkIndicator, ...]:
        """Pillar indicators, then context indicators."""
        return (*self.indicators, *self.context)

    def indicator(self, indicator_id: str) -> FrameworkIndicator:
        """The pillar or context indicator with this id (KeyError naming the known ones)."""
        for item in self.entries:
            if item.id == indicator_id:
                return item
        known = ", ".join(i.id for i in self.entries)
        raise KeyError(f"{indicator_id!r} is not in the framework ({known})")

    @property
    def scored(self) -> tuple[FrameworkIndicator, ...]:
        """Indicators that enter the composite index."""
        return tuple(i for i in self.indicators if i.scored)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every warehouse indicator id the framework reads."""
        return tuple(dict.fromkeys(i.source for i in self.entries))


def _field(entry: dict[str, Any], name: str, where: str, kind: type) -> Any:
    if name not in entry:
        raise FrameworkError(f"{where}: missing field {name!r}", hint="see data/framework.toml")
    value = entry[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise FrameworkError(f"{where}: field {name!r} is {value!r}, expected {kind.__name__}")
    return value


def _number(entry: dict[str, Any], name: str, where: str) -> float | None:
    if name not in entry:
        return None
    value = entry[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FrameworkError(f"{where}: field {name!r} is {value!r}, expected a number")
    return float(value)


def _indicator(entry: dict[str, Any], where: str, *, context: bool) -> FrameworkIndicator:
    ident = _field(entry, "id", where, str)
    where = f"{where} ({ident})"
    pillar = None if context else _field(entry, "pillar", where, str)
    if pillar is not None and pillar not in PILLARS:
        raise FrameworkError(f"{where}: pillar {pillar!r} is not one of {', '.join(PILLARS)}")
    direction = _field(entry, "direction", where, int)
    if direction not in (-1, 0, 1):
        raise FrameworkError(f"{where}: direction must be 1, -1 or 0, not {direction}")
    kind = entry.get("kind", "rate")
    if kind not in KINDS:
        raise FrameworkError(f"{where}: kind must be 'stock' or 'rate', not {kind!r}")
    goalposts = None
    if "goalposts" in entry:
        raw = _field(entry, "goalposts", where, dict)
        worst, best = _number(raw, "worst", where), _number(raw, "best", where)
        if worst is None or best is None or worst == best:
            raise FrameworkError(f"{where}: goalposts need distinct 'worst' and 'best'")
        if direction and (best - worst) * direction < 0:
            raise FrameworkError(
                f"{where}: goalposts run against direction {direction} (worst {worst}, best {best})"
            )
        goalposts = Goalposts(worst, best)
    green, red = _number(entry, "green", where), _number(entry, "red", where)
    if (green is None) != (red is None):
        raise FrameworkError(f"{where}: give both 'green' and 'red' thresholds, or neither")
    if green is not None and red is not None and direction and (green - red) * direction <= 0:
        raise FrameworkError(
            f"{where}: with direction {direction} the green threshold ({green}) must be "
            f"{'above' if direction > 0 else 'below'} the red one ({red})"
        )
    in_index = entry.get("index", True)
    if not isinstance(in_index, bool):
        raise FrameworkError(f"{where}: field 'index' must be true or false")
    if in_index and direction and not context and goalposts is None:
        raise FrameworkError(f"{where}: an indicator in the index needs goalposts")
    window = entry.get("window", 5)
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise FrameworkError(f"{where}: window must be a whole number of years ≥ 0")
    return FrameworkIndicator(
        id=ident,
        pillar=pillar,
        name=_field(entry, "name", where, str),
        source=_field(entry, "source", where, str),
        unit=_field(entry, "unit", where, str),
        direction=direction,
        in_index=in_index and not context,
        goalposts=goalposts,
        green=green,
        red=red,
        target=_number(entry, "target", where),
        window=window,
        kind=kind,
        basis=_field(entry, "basis", where, str),
        denominator=str(entry.get("denominator", "")),
        weight=_weight(entry, where),
    )


def _weight(entry: dict[str, Any], where: str) -> float:
    weight = _number(entry, "weight", where)
    if weight is None:
        return 1.0
    if weight <= 0:
        raise FrameworkError(f"{where}: weight must be positive, not {weight}")
    return weight


def parse_framework(text: str, *, origin: str = "framework") -> Framework:
    """Validate a framework document (TOML text)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{origin}: {exc}", hint="fix the TOML syntax") from exc
    head = _field(raw, "framework", origin, dict)
    pillars = []
    for n, entry in enumerate(raw.get("pillar", []), start=1):
        where = f"{origin}: pillar #{n}"
        ident = _field(entry, "id", where, str)
        if ident not in PILLARS:
            raise FrameworkError(f"{where}: {ident!r} is not one of {', '.join(PILLARS)}")
        pillars.append(
            Pillar(
                ident,
                _field(entry, "name", where, str),
                _field(entry, "description", where, str),
                tuple(entry.get("not_measured", [])),
            )
        )
    if sorted(p.id for p in pillars) != sorted(PILLARS):
        missing = sorted(set(PILLARS) - {p.id for p in pillars})
        raise FrameworkError(f"{origin}: every pillar must be defined once; missing {missing}")
    indicators = tuple(
        _indicator(e, f"{origin}: indicator #{n}", context=False)
        for n, e in enumerate(raw.get("indicator", []), start=1)
    )
    context = tuple(
        _indicator(e, f"{origin}: context #{n}", context=True)
        for n, e in enumerate(raw.get("context", []), start=1)
    )
    ids = [i.id for i in (*indicators, *context)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise FrameworkError(f"{origin}: indicator ids used twice: {duplicates}")
    weights = head.get("pillar_weights", {})
    if not isinstance(weights, dict) or any(
        k not in PILLARS or isinstance(v, bool) or not isinstance(v, int | float) or v <= 0
        for k, v in weights.items()
    ):
        raise FrameworkError(
            f"{origin}: pillar_weights must map pillar ids to positive numbers",
            hint="e.g. pillar_weights = { health = 2 }",
        )
    return Framework(
        pillar_weights=tuple((k, float(v)) for k, v in weights.items()),
        id=_field(head, "id", origin, str),
        version=_field(head, "version", origin, str),
        title=_field(head, "title", origin, str),
        target_year=_field(head, "target_year", origin, int),
        pillars=tuple(sorted(pillars, key=lambda p: PILLARS.index(p.id))),
        indicators=indicators,
        context=context,
    )


def load_framework(path: Path | None = None) -> Framework:
    """The framework in ``path``, or the one shipped with southsouth."""
    if path is None:
        text = resources.files("southsouth.indicators.data").joinpath("framework.toml")
        return parse_framework(text.read_text("utf-8"), origin="framework.toml")
    try:
        text_read = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(
            f"cannot read framework file {path}: {exc.strerror}",
            hint="give the path of a TOML file laid out like data/framework.toml",
        ) from exc
    return parse_framework(text_read, origin=str(path))
