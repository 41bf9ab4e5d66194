"""Bloc comparison: every framework indicator aggregated over chosen blocs, side by side."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from southsouth.service.documents import Document
from southsouth.service.http import GroupItem
from southsouth.service.reads.evidence import COMPARE, DEFAULT_COMPARED, MAX_COMPARED
from southsouth.web.charts import download, table_of_rows
from southsouth.web.pages import Lang, drawn, group_choices
from southsouth.web.render import context, render
from southsouth.web.routes.country import Year

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Groups = Annotated[
    list[GroupItem] | None,
    Query(
        max_length=MAX_COMPARED,
        description=f"Bloc or group; repeatable (default {', '.join(DEFAULT_COMPARED)})",
    ),
]


def _chosen(group: list[str] | None) -> list[str]:
    """The groups asked for (duplicates and blanks dropped, default blocs when none)."""
    chosen = list(dict.fromkeys(g.strip() for g in group or () if g.strip()))
    return chosen or list(DEFAULT_COMPARED)


def _table(comparison: Document) -> Document:
    """The comparison as the page shows it: pillars, indicators, a cell per bloc; and its
    downloadable table."""
    entities = comparison["groups"]
    names = comparison["pillar_names"]
    pillars: list[dict[str, Any]] = []
    for row in comparison["items"]:
        if not pillars or pillars[-1]["pillar"] != row["pillar"]:
            pillars.append({"pillar": row["pillar"], "name": names.get(row["pillar"]), "rows": []})
        rows = pillars[-1]["rows"]
        if not rows or rows[-1]["indicator"] != row["indicator"]:
            rows.append(
                {
                    "indicator": row["indicator"],
                    "name": row["name"],
                    "unit": row["unit"],
                    "cells": {},
                }
            )
        rows[-1]["cells"][row["group"]] = row
    for pillar in pillars:
        for row in pillar["rows"]:
            row["cells"] = [row["cells"].get(e) for e in entities]
    columns = list(dict.fromkeys(k for row in comparison["items"] for k in row))
    table = table_of_rows(comparison["items"], columns)
    return {**comparison, "name": "compare", "pillars": pillars, "export_table": table}


def _document(request: Request, groups: list[str], year: int | None) -> Document:
    params = COMPARE.parse(groups=groups, year=year)
    return drawn(request, COMPARE, params, "compare", _table)


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
        groups=group_choices(request, lang),
        comparison=document,
        max_groups=MAX_COMPARED,
    )
    return render(request, "compare.html.j2", values)


@router.get("/compare.{fmt}")
def compare_download(
    request: Request,
    lang: Lang,
    fmt: Literal["csv", "xlsx"],
    year: Year,
    group: Groups = None,
) -> Response:
    """The comparison table as CSV or XLSX (one row per bloc and indicator, with its
    sources)."""
    chosen = _chosen(group)
    name = "-".join(chosen)[:80]
    return download(request, _document(request, chosen, year), fmt, f"compare-{name}")
