"""Route map: great-circle lines between airports over the world-atlas TopoJSON (offline)."""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from southsouth.charts.render import source_caption
from southsouth.connectivity.geodesy import great_circle

#: Line colours and dashes by segment kind (other kinds get Vega's default palette).
KIND_STYLES: dict[str, tuple[str, list[int]]] = {
    "non-stop route": ("#1b5e20", []),
    "path via the South": ("#2e7d32", []),
    "path via the North": ("#c62828", []),
    "Southern alternative": ("#2e7d32", [4, 3]),
    "proposed non-stop route": ("#ef6c00", [6, 3]),
}


def arc_points(segments: pd.DataFrame, *, points: int = 32) -> pd.DataFrame:
    """Points along each segment's great circle, split where it crosses the antimeridian.

    ``segments``: from_code, from_lat, from_lon, to_code, to_lat, to_lon, kind, label. Out: one
    row per point with line (a piece id), order, lat, lon, kind, label.
    """
    rows: list[dict[str, Any]] = []
    piece = 0
    for seg in segments.itertuples(index=False):
        lats, lons = great_circle(seg.from_lat, seg.from_lon, seg.to_lat, seg.to_lon, points)
        wrapped = (lons + 180.0) % 360.0 - 180.0
        breaks = np.nonzero(np.abs(np.diff(wrapped)) > 180.0)[0]
        start = 0
        for stop in [*(int(b) + 1 for b in breaks), len(wrapped)]:
            for k in range(start, stop):
                rows.append(
                    {
                        "line": piece,
                        "order": k,
                        "lat": float(lats[k]),
                        "lon": float(wrapped[k]),
                        "kind": seg.kind,
                        "label": seg.label,
                    }
                )
            piece += 1
            start = stop
    return pd.DataFrame(rows, columns=["line", "order", "lat", "lon", "kind", "label"])


def _airports(segments: pd.DataFrame) -> pd.DataFrame:
    ends = pd.concat(
        [
            segments[["from_code", "from_lat", "from_lon"]].set_axis(
                ["code", "lat", "lon"], axis=1
            ),
            segments[["to_code", "to_lat", "to_lon"]].set_axis(["code", "lat", "lon"], axis=1),
        ]
    )
    return ends.drop_duplicates("code").reset_index(drop=True)


def route_map(
    segments: pd.DataFrame,
    topology: dict[str, Any],
    *,
    title: str,
    subtitle: str,
    points: int = 32,
) -> alt.LayerChart:
    """World map with ``segments`` drawn as great-circle lines, airports as labelled dots.

    ``segments`` as :func:`arc_points` takes (e.g. ``RouteLinks.segments()`` or
    ``MissingLinks.segments()``); ``subtitle`` should cite the route data and its date.
    """
    source = alt.InlineData(
        values=topology, format=alt.DataFormat(type="topojson", feature="countries")
    )
    base = (
        alt.Chart(source)
        .mark_geoshape(fill="#eeeeee", stroke="white", strokeWidth=0.3)
        .project("equalEarth")
    )
    arcs = arc_points(segments, points=points)
    kinds = list(dict.fromkeys(arcs["kind"]))
    known = [k for k in kinds if k in KIND_STYLES]
    colour = (
        alt.Color(
            "kind:N",
            title="",
            scale=alt.Scale(domain=known, range=[KIND_STYLES[k][0] for k in known]),
        )
        if known == kinds
        else alt.Color("kind:N", title="")
    )
    dash = (
        alt.StrokeDash(
            "kind:N",
            legend=None,
            scale=alt.Scale(domain=known, range=[KIND_STYLES[k][1] for k in known]),
        )
        if known == kinds
        else alt.StrokeDash("kind:N", legend=None)
    )
    lines = (
        alt.Chart(alt.InlineData(values=arcs.to_dict(orient="records")))
        .mark_line(strokeWidth=1.6)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            detail="line:N",
            order="order:Q",
            color=colour,
            strokeDash=dash,
            tooltip=["label:N", "kind:N"],
        )
        .project("equalEarth")
    )
    airports = _airports(segments)
    dots = (
        alt.Chart(alt.InlineData(values=airports.to_dict(orient="records")))
        .mark_circle(size=28, color="#212121")
        .encode(longitude="lon:Q", latitude="lat:Q", tooltip=["code:N"])
        .project("equalEarth")
    )
    labels = (
        alt.Chart(alt.InlineData(values=airports.to_dict(orient="records")))
        .mark_text(dx=9, dy=-6, fontSize=9, align="left", color="#212121")
        .encode(longitude="lon:Q", latitude="lat:Q", text="code:N")
        .project("equalEarth")
    )
    return alt.layer(base, lines, dots, labels).properties(
        width=760, height=400, title=source_caption(title, subtitle)
    )
