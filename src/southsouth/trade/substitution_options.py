"""The parameters of a substitution run (methods §7): window, λ, κ, RCA threshold, products."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from southsouth.errors import InputError
from southsouth.trade.products import ProductSet, resolve_products
from southsouth.trade.screening import OnBad

SCENARIOS: dict[str, float] = {"status-quo": 1.0, "frictions-removed": 0.0}
MatrixSteps = Literal["numpy", "engine"]
MATRIX_STEPS: tuple[str, ...] = ("numpy", "engine")


@dataclass(frozen=True)
class SubstitutionOptions:
    """Parameters of one substitution run (methods §7)."""

    year: int
    window: int = 5
    lam: float = 1.0
    kappa: float = 0.2
    rca_threshold: float = 1.0
    products: tuple[str, ...] | None = None
    latent: bool = True
    latent_quantile: float = 0.9
    max_iter: int = 500
    tol: float = 1e-12
    on_bad: OnBad = "exclude"

    def __post_init__(self) -> None:
        if self.window < 1:
            raise InputError(f"window must be ≥ 1 year, got {self.window}", hint="e.g. 5 or 1")
        if not 0.0 <= self.lam <= 1.0:
            raise InputError(
                f"λ must be in [0, 1], got {self.lam}",
                hint="1 = status quo, 0 = frictions removed",
            )
        if self.kappa < 0:
            raise InputError(f"κ must be ≥ 0, got {self.kappa}", hint="e.g. 0.2 (20 % headroom)")
        if self.rca_threshold <= 0:
            raise InputError(f"RCA threshold must be > 0, got {self.rca_threshold}", hint="e.g. 1")
        if not 0.0 < self.latent_quantile < 1.0:
            raise InputError(
                f"latent quantile must be in (0, 1), got {self.latent_quantile}", hint="e.g. 0.9"
            )
        if self.on_bad not in ("exclude", "raise"):
            raise InputError(f"on_bad must be exclude or raise, not {self.on_bad!r}")

    @property
    def years(self) -> tuple[int, ...]:
        """The window's years, oldest first."""
        return tuple(range(self.year - self.window + 1, self.year + 1))

    @property
    def weights(self) -> dict[int, float]:
        """METHODS weights by year: t/n for the t-th of n years (1.0 for the last)."""
        return year_weights(self.year, self.window)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        out = asdict(self)
        out["products"] = list(self.products) if self.products is not None else None
        out["weights"] = {str(y): w for y, w in self.weights.items()}
        return out


def year_weights(year: int, window: int) -> dict[int, float]:
    """Weights of the years ending at ``year``: t/n for the t-th of n (0.2 … 1.0 for n = 5)."""
    return {year - window + t: t / window for t in range(1, window + 1)}


def options_for(
    year: int,
    *,
    scenario: str | None = None,
    products: str | Sequence[str] | ProductSet | None = None,
    **kwargs: Any,
) -> SubstitutionOptions:
    """Options with a named scenario (``status-quo``, ``frictions-removed``) and product filter."""
    if scenario is not None:
        if scenario not in SCENARIOS:
            raise InputError(
                f"unknown scenario {scenario!r}", hint=f"use one of {', '.join(SCENARIOS)}"
            )
        kwargs["lam"] = SCENARIOS[scenario]
    return SubstitutionOptions(year=year, products=resolve_products(products), **kwargs)
