"""Coalitions: the best plurilateral coalitions for an objective, and a group's tension network.

Sizes are bounded (2–8 members, the exact solver's range; up to 5 coalitions) so a request
stays around a second. The coalitions and the network are the answers of the declared reads
``GET /coalitions`` and ``GET /relations`` give (one cache), the network's chart drawn from
its answer. A choice the data cannot answer (a size above the group's membership) shows the
reason in the page.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from southsouth.charts.relations import tension_network
from southsouth.errors import excerpt
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.language import content
from southsouth.language.catalogue import Translator
from southsouth.relations import OBJECTIVES
from southsouth.relations.readiness import RelationsMap
from southsouth.service.documents import Document
from southsouth.service.http import Checked, group_query
from southsouth.service.reads.relations import COALITIONS, MAP
from southsouth.web.charts import chart_document, document_download, download
from southsouth.web.pages import Lang, answered, group_choices, shown
from southsouth.web.render import context, link, render
from southsouth.web.routes.core import world_map

router = APIRouter(prefix="/{lang}", include_in_schema=False)

#: Bounds of the selectors (the exact branch and bound runs up to 8 members).
SIZES, TOPS = tuple(range(2, 9)), tuple(range(1, 6))
FORMATS = ("svg", "png", "csv", "xlsx")

Objective = Literal[tuple(OBJECTIVES)]  # type: ignore[valid-type]
Group = Annotated[str, group_query(), Checked]
Size = Annotated[int, Query(ge=SIZES[0], le=SIZES[-1])]
Top = Annotated[int, Query(ge=TOPS[0], le=TOPS[-1])]
Format = Literal[FORMATS]  # type: ignore[valid-type]
TableFormat = Literal["csv", "xlsx"]


#: The columns of the tension network's CSV (elevated and high pairs).
NETWORK_COLUMNS = ["a", "b", "name_a", "name_b", "tension", "tension_label", "drivers", "readiness"]


def _found(answer: Document) -> Document:
    """The coalitions as the page shows them (the read's answer, candidates counted)."""
    return {
        "objective": answer["objective"],
        "method": answer["method"],
        "tension_threshold": answer["tension_threshold"],
        "as_of": answer["as_of"],
        "candidates": len(answer["candidates"]),
        "excluded": answer["excluded"],
        "items": answer["items"],
        "notes": answer["notes"],
        "sources": answer["sources"],
    }


def _network(
    answer: Document, group: str, world: tuple[dict[str, Any], pd.DataFrame], t: Translator
) -> Document:
    """The tension network of a relations-map answer on the world map, and its pairs (title
    in ``t``'s language)."""
    # Lines drawn in member order (the answer lists the most tense first).
    pairs = pd.DataFrame(sorted(answer["items"], key=lambda r: (r["a"], r["b"])))
    relations = RelationsMap(
        group=answer["group"],
        as_of=date.fromisoformat(answer["as_of"]),
        threshold=answer["threshold"],
        nodes=pd.DataFrame(answer["nodes"]),
        pairs=pairs,
        sources=tuple(answer["sources"]),
        notes=tuple(answer["notes"]),
    )
    title = t("coal.network_title", group=content.group_name(t, group, group), date=answer["as_of"])
    shown = [r for r in answer["items"] if r["tension_label"] in ("elevated", "high")]
    shown.sort(key=lambda r: (-r["tension"], r["a"], r["b"]))
    columns = [c for c in NETWORK_COLUMNS if c in pairs.columns]
    data = pd.DataFrame([{c: r[c] for c in columns} for r in shown], columns=columns)
    return {
        "chart": chart_document(
            tension_network(
                relations,
                topology=world[0],
                title=title,
                legend_title=t("coal.legend", threshold=answer["threshold"]),
                label_names={key: t(f"coal.tension.{key}") for key in ("low", "elevated", "high")},
            ),
            data,
            name="network",
            title=title,
            sources=answer["sources"],
        ),
        "counts": answer["counts"],
        "threshold": answer["threshold"],
    }


def _network_document(request: Request, group: str, lang: str) -> Document:
    """The tension network of ``group`` in ``lang``, drawn from the relations-map read's
    answer."""
    params = MAP.parse(group=request.app.state.runner.canonical_group(group))
    t = Translator(lang)
    return shown(
        request,
        MAP,
        params,
        "coalition-network",
        lambda answer: _network(answer, group, world_map(request), t),
        lang=lang,
    )


def _check_group(request: Request, group: str) -> None:
    if group not in {g["id"] for g in group_choices(request)}:
        raise HTTPException(422, f"unknown group or bloc {excerpt(group)}")


def _params(request: Request, objective: str, group: str, size: int, top: int) -> Any:
    return COALITIONS.parse(
        objective=objective,
        group=request.app.state.runner.canonical_group(group),
        size=size,
        top=top,
    )


def contribution_rows(answer: Document) -> list[dict[str, Any]]:
    """Every member's contribution to every coalition found, one row each, in rank order
    (the cards' contribution tables as one table)."""
    return [
        {"rank": c["rank"], "score": c["score"], **member}
        for c in answer["items"]
        for member in c["contributions"]
    ]


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
    t = Translator(lang)
    params = _params(request, objective, group, size, top)
    found = shown(request, COALITIONS, params, "coalitions", _found)
    network = _network_document(request, group, lang)
    values = context(
        request,
        lang,
        "coalitions",
        query=query,
        objectives=[
            {"id": key, "name": t.get(f"coal.objective.{key}", o.name)}
            for key, o in OBJECTIVES.items()
        ],
        groups=group_choices(request, lang),
        sizes=SIZES,
        tops=TOPS,
        found=found,
        network=network,
        downloads={fmt: link(lang, f"coalitions/network.{fmt}", group=group) for fmt in FORMATS},
        contributions={
            fmt: link(lang, f"coalitions/contributions.{fmt}", **query) for fmt in ("csv", "xlsx")
        },
    )
    return render(request, "coalitions.html.j2", values)


@router.get("/coalitions/network.{fmt}")
def coalitions_network_download(
    request: Request, lang: Lang, fmt: Format, group: Group = DEFAULT_GROUP
) -> Response:
    """The tension network of a group as SVG or PNG, or its elevated and high pairs as CSV."""
    _check_group(request, group)
    document = _network_document(request, group, lang)
    if document["chart"] is None:
        raise HTTPException(404, f"no tension network for {group}")
    return download(request, document["chart"], fmt, f"tension-{group}")


@router.get("/coalitions/contributions.{fmt}")
def coalitions_contributions_download(
    request: Request,
    lang: Lang,
    fmt: TableFormat,
    objective: Objective = "pharma",
    group: Group = DEFAULT_GROUP,
    size: Size = 5,
    top: Top = 3,
) -> Response:
    """The members' contributions of the coalitions found, as CSV or XLSX with the sources
    of the read's answer."""
    _check_group(request, group)
    answer = answered(request, COALITIONS, _params(request, objective, group, size, top))
    document = {"items": contribution_rows(answer), "sources": answer["sources"]}
    name = f"coalitions-{objective}-{group}-{size}"
    return document_download(request, document, fmt, name, name="coalitions")
