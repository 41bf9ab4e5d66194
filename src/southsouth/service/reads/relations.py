"""Relations reads: tension and readiness of a pair and of a group's pairs; coalitions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, Field

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.service.declared import ALL_TABLES, Read, ReadParams
from southsouth.service.parameters import CountryText, GroupText

if TYPE_CHECKING:
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace

#: Coalition bounds: members and coalitions per read (k = 10 solves in about a second).
MAX_SIZE, MAX_TOP = 10, 10


def known_objective(text: str) -> str:
    """``text`` as an objective id; ``UnknownObjective`` (with suggestions) otherwise."""
    from southsouth.relations.objectives import get_objective

    get_objective(text)
    return text.strip().lower()


#: A coalition objective id (pharma, health-workforce, …; checked against the catalogue).
ObjectiveText = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(known_objective)]


class PairParams(ReadParams):
    """Two countries."""

    country_a: CountryText
    country_b: CountryText


class MapParams(ReadParams):
    """A bloc or group whose member pairs to assess."""

    group: GroupText


class CoalitionParams(ReadParams):
    """An objective, the candidates, coalition size, how many, and the solver."""

    objective: ObjectiveText
    group: GroupText = DEFAULT_GROUP
    size: Annotated[int, Field(ge=2, le=MAX_SIZE)] = 5
    top: Annotated[int, Field(ge=1, le=MAX_TOP)] = 3
    method: Literal["auto", "exact", "milp", "heuristic"] = "auto"


def _pair(ws: Workspace, p: PairParams) -> Document:
    from southsouth.service.documents import ids_in, sources

    whole = ws.pair_relations(p.country_a, p.country_b).as_dict()
    used = whole["sources"]
    whole["sources"] = sources(ws, ids_in(used, "source_id"), used)
    return whole


def _map(ws: Workspace, p: MapParams) -> Document:
    from southsouth.service.documents import ids_in, sources

    whole = ws.relations_map(p.group).as_dict()
    pairs = sorted(whole["pairs"], key=lambda e: (-(e["tension"] or 0.0), e["a"], e["b"]))
    used = whole["sources"]
    return {
        "group": whole["group"],
        "as_of": whole["as_of"],
        "threshold": whole["threshold"],
        "counts": whole["counts"],
        "nodes": whole["nodes"],
        "items": pairs,
        "notes": whole["notes"],
        "sources": sources(ws, ids_in(used, "source_id"), used),
    }


def _coalitions(ws: Workspace, p: CoalitionParams) -> Document:
    from southsouth.service.documents import ids_in, sources

    found = ws.coalitions(p.objective, group=p.group, size=p.size, top=p.top, method=p.method)
    whole = found.as_dict()
    used = whole["sources"]
    return {
        "objective": whole["objective"],
        "group": whole["group"],
        "size": whole["size"],
        "method": whole["method"],
        "tension_threshold": whole["tension_threshold"],
        "as_of": whole["as_of"],
        "candidates": whole["candidates"],
        "excluded": whole["excluded"],
        "items": whole["coalitions"],
        "notes": whole["notes"],
        "sources": sources(ws, ids_in(used, "source_id"), used),
    }


PAIR = Read(
    "relations",
    "Tension and cooperation readiness of two countries, each component with its evidence",
    PairParams,
    _pair,
    ALL_TABLES,
)
MAP = Read(
    "relations map",
    "Tension and readiness between every pair of a bloc's or group's members",
    MapParams,
    _map,
    ALL_TABLES,
    heavy=lambda p: True,
)
COALITIONS = Read(
    "coalition",
    "The best plurilateral coalitions for a pillar objective, each score explained",
    CoalitionParams,
    _coalitions,
    ALL_TABLES,
    heavy=lambda p: True,
)
