"""Every declared read, by name (the catalogue the surfaces and their tests iterate)."""

from __future__ import annotations

from typing import Any

from southsouth.service.declared import Read
from southsouth.service.reads import (
    brief,
    connectivity,
    evidence,
    gaps,
    registry,
    relations,
    roadmap,
    trade,
)

#: The declared reads, by name.
READS: dict[str, Read[Any]] = {
    read.name: read
    for read in (
        registry.DATASETS,
        registry.COUNTRIES,
        registry.BLOCS,
        registry.MEMBERS,
        evidence.INDICATORS,
        evidence.OBSERVATIONS,
        evidence.PROFILE,
        evidence.INDEX,
        evidence.COMPARE,
        gaps.MILITARY,
        gaps.CYBER,
        gaps.CIVIC_SPACE,
        gaps.HEALTH_WORKFORCE,
        gaps.CLIMATE,
        gaps.AID_SHOCK,
        trade.COMPLEXITY,
        trade.PRODUCT_COMPLEXITY,
        trade.SUBSTITUTION,
        trade.LINKS,
        trade.SHARE,
        connectivity.MISSING,
        connectivity.HUBS,
        connectivity.ROUTE_LINKS,
        connectivity.ROUTE_CHANGE,
        relations.PAIR,
        relations.MAP,
        relations.COALITIONS,
        roadmap.ROADMAP,
        brief.BRIEF,
    )
}
