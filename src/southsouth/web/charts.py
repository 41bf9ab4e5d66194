"""Charts of the dashboard: built once per query (cached), shown as SVG, downloadable.

A chart builder takes a workspace and the page's parameters and returns a ``ChartDocument``
(plain data: the SVG, the table behind it as CSV, the Vega-Lite spec for PNG, its sources).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
from fastapi import Request
from fastapi.responses import Response

from southsouth.charts.render import chart_spec
from southsouth.report.figures import to_svg
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
    """The cached form of a chart: SVG (ids prefixed by ``name``), spec, CSV and sources."""
    buffer = io.StringIO()
    data.to_csv(buffer, index=False)
    return {
        "name": name,
        "title": title,
        "svg": to_svg(chart, name),
        "spec": chart_spec(chart),
        "csv": buffer.getvalue(),
        "sources": sources,
    }


Builder = Callable[..., ChartDocument]


#: Download formats of a chart and their media types.
DOWNLOADS = {"svg": "image/svg+xml", "png": "image/png", "csv": "text/csv; charset=utf-8"}


def download(request: Request, document: ChartDocument, fmt: str, filename: str) -> Response:
    """A chart (or its data) as an attachment named ``southsouth-<filename>.<fmt>``."""
    body, media = download_body(document, fmt)
    response = compressed(request, body, media)
    response.headers["Content-Disposition"] = f'attachment; filename="southsouth-{filename}.{fmt}"'
    return response


def download_body(document: ChartDocument, fmt: str) -> tuple[bytes, str]:
    """The bytes and media type of a chart download (SVG, PNG at 2×, or its data as CSV)."""
    import vl_convert as vlc

    if fmt == "svg":
        return document["svg"].encode("utf-8"), DOWNLOADS["svg"]
    if fmt == "png":
        return vlc.vegalite_to_png(document["spec"], scale=2, allowed_base_urls=[]), DOWNLOADS[
            "png"
        ]
    return document["csv"].encode("utf-8"), DOWNLOADS["csv"]
