"""Charts of the dashboard: built once per query (cached), shown as SVG, downloadable.

A chart builder takes a workspace and the page's parameters and returns a ``ChartDocument``
(plain data: the SVG, the table behind it as CSV, the Vega-Lite spec for PNG, its sources).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
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


def source_label(entry: Mapping[str, Any], *, licence: bool = True) -> str:
    """A sources entry as a chart subtitle names it: ``publisher (licence; data 2019–2023)``,
    stale data flagged (``data 2014, 12 years old: stale``)."""
    from southsouth.provenance import data_label

    name = str(entry.get("publisher") or entry.get("source_id") or "")
    dated = data_label(entry.get("data_years"), entry.get("age_years"), bool(entry.get("stale")))
    parts = [p for p in (entry.get("licence") if licence else None, dated) if p]
    return f"{name} ({'; '.join(str(p) for p in parts)})" if parts else name


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
