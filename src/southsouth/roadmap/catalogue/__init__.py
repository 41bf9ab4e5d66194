"""The initiative catalogue: initiatives instantiated from one group's evidence.

Each builder proposes an initiative only when the evidence motivates it and a KPI with a
baseline can be bound to it; otherwise it records why not (``Catalogue.skipped``), and the
report shows that too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from southsouth.roadmap.calendar import Forum
from southsouth.roadmap.catalogue.base import Builder, Skipped
from southsouth.roadmap.catalogue.climate import adaptation, negotiating_position, technology
from southsouth.roadmap.catalogue.economy import (
    air_links,
    debt,
    economic_plan,
    sourcing,
    trade_links,
)
from southsouth.roadmap.catalogue.health import health_financing, pharma_hubs, workforce_compact
from southsouth.roadmap.catalogue.integration import DEEPENING, Deepening
from southsouth.roadmap.catalogue.knowledge import (
    connectivity,
    cyber_capacity,
    rd_investment,
    research_consortia,
)
from southsouth.roadmap.catalogue.religion import interfaith
from southsouth.roadmap.catalogue.security import (
    integrated_framework,
    protocols,
    standby_capacity,
    transnational_crime,
)
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.model import Initiative

BUILDERS: tuple[Callable[[Builder], object], ...] = (
    research_consortia,
    rd_investment,
    cyber_capacity,
    connectivity,
    workforce_compact,
    health_financing,
    air_links,
    trade_links,
    sourcing,
    economic_plan,
    debt,
    pharma_hubs,
    interfaith,
    standby_capacity,
    transnational_crime,
    protocols,
    integrated_framework,
    adaptation,
    technology,
    negotiating_position,
    # phase 3 last: each step looks for its foundations among the initiatives above
    *DEEPENING,
)


@dataclass(frozen=True)
class Catalogue:
    """Proposed initiatives and the ones considered but not proposed."""

    initiatives: tuple[Initiative, ...]
    skipped: tuple[Skipped, ...]


def build_catalogue(
    ev: GroupEvidence, forums: dict[str, Forum], *, horizon: int | None = None
) -> Catalogue:
    """Every initiative the evidence for ``ev``'s group supports; phase-3 steps only when
    ``horizon`` reaches phase 3 (None: the whole horizon)."""
    builder = Builder(ev, forums)
    for build in BUILDERS:
        if isinstance(build, Deepening):
            build(builder, horizon=horizon)
        else:
            build(builder)
    return Catalogue(tuple(builder.initiatives), tuple(builder.skipped))


__all__ = ["Catalogue", "Skipped", "build_catalogue"]
