"""Bloc comparison: every framework indicator aggregated over chosen blocs, side by side."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from southsouth.api.documents import Document, sources
from southsouth.api.parameters import GroupItem
from southsouth.indicators.comparison import compare_groups
from southsouth.indicators.framework import load_framework
from southsouth.jsonable import records
from southsouth.web.charts import download
from southsouth.web.pages import Lang, computed, group_choices
from southsouth.web.render import context, render
from southsouth.web.routes.country import Year
from southsouth.workspace import Workspace

router = APIRouter(prefix="/{lang}", include_in_schema=False)

#: Blocs shown when none are chosen, and the most that can be compared at once.
DEFAULT_GROUPS = ("AU", "ASEAN")
MAX_GROUPS = 6
#: A dataset id in a comparison row's ``sources`` text ("wdi-population (CC BY 4.0); …").
DATASET_ID = re.compile(r"(?:^|; )([a-z0-9][a-z0-9.+-]*) \(")

Groups = Annotated[
    list[GroupItem] | None,
    Query(max_length=MAX_GROUPS, description="Bloc or group; repeatable (default AU, ASEAN)"),
]


def _chosen(group: list[str] | None) -> list[str]:
    """The groups asked for (duplicates dropped, default blocs when none)."""
    chosen = list(dict.fromkeys(g.strip() for g in group or () if g.strip()))
    if any(len(g) > 200 for g in chosen):
        raise HTTPException(422, "a group id is at most 200 characters")
    return chosen or list(DEFAULT_GROUPS)


def _comparison(groups: list[str], year: int | None) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        result = compare_groups(ws.warehouse, groups, year=year)
        rows = result.rows
        entities = list(dict.fromkeys(rows["group"]))
        names = {p.id: p.name for p in load_framework().pillars} | {"context": None}
        pillars = []
        for pillar, block in rows.groupby("pillar", sort=False):
            indicators = []
            for (indicator, name, unit), cells in block.groupby(
                ["indicator", "name", "unit"], sort=False
            ):
                by_group = {str(r["group"]): r for r in records(cells)}
                indicators.append(
                    {
                        "indicator": indicator,
                        "name": name,
                        "unit": unit,
                        "cells": [by_group.get(e) for e in entities],
                    }
                )
            pillars.append({"pillar": pillar, "name": names.get(pillar), "rows": indicators})
        buffer = io.StringIO()
        rows.to_csv(buffer, index=False)
        cited = {i for text in rows["sources"].dropna() for i in DATASET_ID.findall(str(text))}
        return {
            "year": result.year,
            "framework": result.framework,
            "groups": entities,
            "pillars": pillars,
            "sources": sources(ws, cited),
            "csv": buffer.getvalue(),
        }

    return compute


def _document(request: Request, groups: list[str], year: int | None) -> Document:
    params = {"group": groups, "year": year}
    return computed(request, "compare", params, _comparison(groups, year), heavy=True)


@router.get("/compare")
def compare(request: Request, lang: Lang, year: Year, group: Groups = None) -> Response:
    """Blocs side by side on every framework indicator, with coverage and traffic lights."""
    chosen = _chosen(group)
    document = _document(request, chosen, year)
    values = context(
        request,
        lang,
        "compare",
        chosen=chosen,
        year=year,
        groups=group_choices(request),
        comparison=document,
        max_groups=MAX_GROUPS,
    )
    return render(request, "compare.html.j2", values)


@router.get("/compare.{fmt}")
def compare_download(
    request: Request,
    lang: Lang,
    fmt: Literal["csv"],
    year: Year,
    group: Groups = None,
) -> Response:
    """The comparison table as CSV (one row per bloc and indicator)."""
    chosen = _chosen(group)
    name = "-".join(chosen)[:80]
    return download(request, _document(request, chosen, year), "csv", f"compare-{name}")
