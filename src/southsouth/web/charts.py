"""Charts of the dashboard: built once per query (cached), shown as SVG, downloadable.

A chart builder takes a workspace and the page's parameters and returns a ``ChartDocument``
(plain data: the SVG, the table behind it, the Vega-Lite spec for PNG, its sources). Its
table downloads as CSV or XLSX with the source, licence and data years of each row (see
:mod:`southsouth.service.exports`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd
from fastapi import Request
from fastapi.responses import Response

from southsouth.charts.render import chart_spec
from southsouth.jsonable import records
from southsouth.report.figures import to_svg
from southsouth.service.exports import FORMATS, ExportTable, export_bytes
from southsouth.web.render import compressed

ChartDocument = dict[str, Any]


def chart_document(
    chart: alt.TopLevelMixin,
    data: pd.DataFrame,
    *,
    name: str,
    title: str,
    sources: list[dict[str, Any]],
) -> ChartDocument:
    """The cached form of a chart: SVG (ids prefixed by ``name``), spec, table and sources."""
    return {
        "name": name,
        "title": title,
        "svg": to_svg(chart, name),
        "spec": chart_spec(chart),
        "export_table": table_of_rows(records(data), [str(c) for c in data.columns]),
        "sources": sources,
    }


def table_of_rows(rows: list[dict[str, Any]], columns: Sequence[str]) -> dict[str, Any]:
    """A downloadable table: its rows and the order of its columns."""
    return {"columns": list(columns), "rows": rows}


Builder = Callable[..., ChartDocument]


def source_label(entry: Mapping[str, Any], *, licence: bool = True) -> str:
    """A sources entry as a chart subtitle names it: ``publisher (licence; data 2019–2023)``,
    stale data flagged (``data 2014, 12 years old: stale``)."""
    from southsouth.provenance import data_label

    name = str(entry.get("publisher") or entry.get("source_id") or "")
    dated = data_label(entry.get("data_years"), entry.get("age_years"), bool(entry.get("stale")))
    parts = [p for p in (entry.get("licence") if licence else None, dated) if p]
    return f"{name} ({'; '.join(str(p) for p in parts)})" if parts else name


#: Download formats of a chart and their media types (its table: CSV and XLSX).
DOWNLOADS = {"svg": "image/svg+xml", "png": "image/png", **FORMATS}
#: The query parameter that picks another table of a page's document to download.
TABLE_PARAMETER = "table"
#: Query parameters named in an XLSX download's about sheet, and the length of each.
ABOUT_PARAMETERS = 12
ABOUT_LENGTH = 200


def download(request: Request, document: ChartDocument, fmt: str, filename: str) -> Response:
    """A chart (or its data) as an attachment named ``southsouth-<filename>.<fmt>``; with
    ``?table=NAME``, the CSV or XLSX of another table the page shows from the same document
    (a list of rows under that key; 404 when there is none)."""
    wanted = request.query_params.get(TABLE_PARAMETER)
    if wanted and fmt in FORMATS:
        document, name = other_table(document, wanted)
        filename = f"{filename}-{name}"
    asked = {
        key[:ABOUT_LENGTH]: value[:ABOUT_LENGTH]
        for key, value in list(request.query_params.items())[:ABOUT_PARAMETERS]
    }
    body, media = download_body(document, fmt, {"page": request.url.path, **asked})
    response = compressed(request, body, media)
    response.headers["Content-Disposition"] = f'attachment; filename="southsouth-{filename}.{fmt}"'
    return response


def download_body(
    document: ChartDocument, fmt: str, parameters: Mapping[str, Any] | None = None
) -> tuple[bytes, str]:
    """The bytes and media type of a chart download: SVG, PNG at 2×, or its table as CSV or
    XLSX with the sources of each row (``parameters``: what was asked, for the about
    sheet)."""
    import vl_convert as vlc

    if fmt == "svg":
        return document["svg"].encode("utf-8"), DOWNLOADS["svg"]
    if fmt == "png":
        return vlc.vegalite_to_png(document["spec"], scale=2, allowed_base_urls=[]), DOWNLOADS[
            "png"
        ]
    table = document["export_table"]
    export = ExportTable(
        rows=table["rows"],
        sources=document.get("sources") or [],
        read=str(document.get("name") or "table"),
        parameters=dict(parameters or {}),
        columns=table["columns"],
    )
    chosen = "xlsx" if fmt == "xlsx" else "csv"
    return export_bytes(export, chosen), DOWNLOADS[chosen]


def document_download(
    request: Request,
    document: Mapping[str, Any],
    fmt: str,
    filename: str,
    *,
    name: str,
    items: str = "items",
) -> Response:
    """The main list (``items``) of a read's document as CSV or XLSX, with its sources."""
    rows = [row for row in document.get(items) or [] if isinstance(row, Mapping)]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    table = {
        "name": name,
        "export_table": table_of_rows(rows, columns),
        "sources": document["sources"],
    }
    return download(request, table, fmt, filename)


def other_table(document: Mapping[str, Any], wanted: str) -> tuple[ChartDocument, str]:
    """The downloadable form of the table under key ``wanted`` of a page's document (rows:
    a list of objects), and that key; 404 for any other name."""
    from fastapi import HTTPException

    name = next((key for key in document if key == wanted and key != "sources"), None)
    rows = document.get(name) if name is not None else None
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        raise HTTPException(404, "this page has no such table")
    columns = list(dict.fromkeys(key for row in rows for key in row))
    table = {
        "name": f"{document.get('name') or 'table'}-{name}",
        "export_table": table_of_rows(rows, columns),
        "sources": document.get("sources") or [],
    }
    return table, str(name)
