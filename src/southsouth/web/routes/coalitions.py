"""Coalitions: the best plurilateral coalitions for an objective, and a group's tension network.

Sizes are bounded (2–8 members, the exact solver's range; up to 5 coalitions) so a request
stays around a second; results are cached per choice. A choice the data cannot answer (a
size above the group's membership) shows the reason in the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from southsouth.api.documents import Document
from southsouth.api.parameters import Checked, group_query
from southsouth.charts.relations import tension_network
from southsouth.charts.world_map import world_map_inputs
from southsouth.errors import excerpt
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.relations import OBJECTIVES
from southsouth.web.charts import chart_document, download
from southsouth.web.pages import Lang, cited, computed, group_choices, guarded
from southsouth.web.render import context, link, render
from southsouth.workspace import Workspace

router = APIRouter(prefix="/{lang}", include_in_schema=False)

#: Bounds of the selectors (the exact branch and bound runs up to 8 members).
SIZES, TOPS = tuple(range(2, 9)), tuple(range(1, 6))
FORMATS = ("svg", "png", "csv")

Objective = Literal[tuple(OBJECTIVES)]  # type: ignore[valid-type]
Group = Annotated[str, group_query(), Checked]
Size = Annotated[int, Query(ge=SIZES[0], le=SIZES[-1])]
Top = Annotated[int, Query(ge=TOPS[0], le=TOPS[-1])]
Format = Literal[FORMATS]  # type: ignore[valid-type]


def _coalitions(objective: str, group: str, size: int, top: int) -> Callable[..., Document]:
    def compute(ws: Workspace) -> Document:
        whole = ws.coalitions(objective, group=group, size=size, top=top).as_dict()
        return {
            "objective": whole["objective"],
            "method": whole["method"],
            "tension_threshold": whole["tension_threshold"],
            "as_of": whole["as_of"],
            "candidates": len(whole["candidates"]),
            "excluded": whole["excluded"],
            "items": whole["coalitions"],
            "notes": whole["notes"],
            "sources": cited(ws, whole["sources"]),
        }

    return guarded(compute)


def _network(group: str) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        relations = ws.relations_map(group)
        with ws.fetcher() as fetcher:
            topology, _ = world_map_inputs(fetcher, ws.warehouse)
        whole = relations.as_dict()
        pairs = relations.pairs
        shown = pairs[pairs["tension_label"].isin(("elevated", "high"))]
        columns = ["a", "b", "name_a", "name_b", "tension", "tension_label", "drivers", "readiness"]
        data = shown[[c for c in columns if c in shown.columns]].sort_values(
            ["tension", "a", "b"], ascending=[False, True, True], kind="stable"
        )
        return {
            "chart": chart_document(
                tension_network(relations, topology=topology),
                data,
                name="network",
                title=f"Tension between members of {group}, {whole['as_of']}",
                sources=cited(ws, whole["sources"]),
            ),
            "counts": whole["counts"],
            "threshold": whole["threshold"],
        }

    return guarded(compute)


def _check_group(request: Request, group: str) -> None:
    if group not in {g["id"] for g in group_choices(request)}:
        raise HTTPException(422, f"unknown group or bloc {excerpt(group)}")


@router.get("/coalitions")
def coalitions(
    request: Request,
    lang: Lang,
    objective: Objective = "pharma",
    group: Group = DEFAULT_GROUP,
    size: Size = 5,
    top: Top = 3,
) -> Response:
    """Coalition finder: members, scores and contributions; the group's tension network."""
    _check_group(request, group)
    query = {"objective": objective, "group": group, "size": size, "top": top}
    found = computed(
        request, "coalitions", query, _coalitions(objective, group, size, top), heavy=True
    )
    network = computed(request, "coalition-network", {"group": group}, _network(group), heavy=True)
    values = context(
        request,
        lang,
        "coalitions",
        query=query,
        objectives=[{"id": key, "name": o.name} for key, o in OBJECTIVES.items()],
        groups=group_choices(request),
        sizes=SIZES,
        tops=TOPS,
        found=found,
        network=network,
        downloads={fmt: link(lang, f"coalitions/network.{fmt}", group=group) for fmt in FORMATS},
    )
    return render(request, "coalitions.html.j2", values)


@router.get("/coalitions/network.{fmt}")
def coalitions_network_download(
    request: Request, lang: Lang, fmt: Format, group: Group = DEFAULT_GROUP
) -> Response:
    """The tension network of a group as SVG or PNG, or its elevated and high pairs as CSV."""
    _check_group(request, group)
    document = computed(request, "coalition-network", {"group": group}, _network(group), heavy=True)
    if document["chart"] is None:
        raise HTTPException(404, f"no tension network for {group}")
    return download(request, document["chart"], fmt, f"tension-{group}")
