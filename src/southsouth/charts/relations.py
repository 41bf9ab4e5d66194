"""Tension network: members at their capitals, pairs joined by lines coloured by tension."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from southsouth.charts.render import source_caption
from southsouth.relations.readiness import RelationsMap

LABELS = ("low", "elevated", "high")
COLOURS = ("#9ecae1", "#fd8d3c", "#cb181d")


def _edges(relations: RelationsMap, labels: tuple[str, ...]) -> list[dict[str, Any]]:
    nodes = relations.nodes.set_index("iso3")
    pairs = relations.pairs[relations.pairs["tension_label"].isin(labels)]
    rows = []
    for pair in pairs.itertuples(index=False):
        if pair.a not in nodes.index or pair.b not in nodes.index:
            continue
        a, b = nodes.loc[pair.a], nodes.loc[pair.b]
        if pd.isna([a.capital_lat, a.capital_lon, b.capital_lat, b.capital_lon]).any():
            continue
        rows.append(
            {
                "pair": f"{pair.name_a} – {pair.name_b}",
                "lat_a": float(a.capital_lat),
                "lon_a": float(a.capital_lon),
                "lat_b": float(b.capital_lat),
                "lon_b": float(b.capital_lon),
                "tension": round(float(pair.tension), 3),
                "label": pair.tension_label,
                "readiness": round(float(pair.readiness), 1),
                "drivers": pair.drivers or "none recorded",
            }
        )
    return rows


def _framed(nodes: list[dict[str, Any]], margin: float = 0.08) -> list[list[float]]:
    """Capitals plus the corners of their box widened by ``margin`` (keeps labels inside)."""
    if not nodes:
        return []
    lons, lats = [n["lon"] for n in nodes], [n["lat"] for n in nodes]
    dx = max((max(lons) - min(lons)) * margin, 1.0)
    dy = max((max(lats) - min(lats)) * margin, 1.0)
    corners = [
        [max(min(lons) - dx, -180.0), max(min(lats) - dy, -89.0)],
        [min(max(lons) + dx, 180.0), min(max(lats) + dy, 89.0)],
    ]
    return [[n["lon"], n["lat"]] for n in nodes] + corners


def tension_network(
    relations: RelationsMap,
    *,
    topology: dict[str, Any] | None = None,
    show: tuple[str, ...] = ("elevated", "high"),
    title: str | None = None,
    legend_title: str | None = None,
    label_names: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """Members at their capitals; a line per pair whose tension label is in ``show``
    (``label_names`` names the labels in the legend and tooltips; the labels by default).

    With ``topology`` (the world-atlas TopoJSON) the countries are drawn underneath and the
    projection is fitted to the members' capitals; without it the capitals stand alone.
    Members without capital coordinates are left out (listed in the subtitle).
    """
    nodes = relations.nodes.dropna(subset=["capital_lat", "capital_lon"])
    unplaced = sorted(set(relations.nodes["iso3"]) - set(nodes["iso3"]))
    node_rows = [
        {
            "iso3": r.iso3,
            "name": r.name,
            "capital": r.capital,
            "lat": float(r.capital_lat),
            "lon": float(r.capital_lon),
        }
        for r in nodes.itertuples(index=False)
    ]
    names = {label: label for label in LABELS} | dict(label_names or {})
    edge_rows = [{**row, "label": names[row["label"]]} for row in _edges(relations, show)]
    fit = {
        "type": "Feature",
        "geometry": {"type": "MultiPoint", "coordinates": _framed(node_rows)},
        "properties": {},
    }
    projection: dict[str, Any] = {"type": "equalEarth"}
    if node_rows:
        projection["fit"] = fit
    layers: list[alt.Chart] = []
    if topology is not None:
        layers.append(
            alt.Chart(
                alt.InlineData(
                    values=topology, format=alt.DataFormat(type="topojson", feature="countries")
                )
            )
            .mark_geoshape(fill="#f0f0f0", stroke="white", strokeWidth=0.4, clip=True)
            .project(**projection)
        )
    colour = alt.Color(
        "label:N",
        scale=alt.Scale(domain=[names[label] for label in LABELS], range=list(COLOURS)),
        title=legend_title or f"tension (high ≥ {relations.threshold})",
    )
    layers.append(
        alt.Chart(alt.Data(values=edge_rows))
        .mark_rule(strokeWidth=2, opacity=0.85)
        .encode(
            latitude="lat_a:Q",
            longitude="lon_a:Q",
            latitude2="lat_b:Q",
            longitude2="lon_b:Q",
            color=colour,
            tooltip=["pair:N", "tension:Q", "label:N", "readiness:Q", "drivers:N"],
        )
        .project(**projection)
    )
    points = alt.Chart(alt.Data(values=node_rows)).encode(
        latitude="lat:Q", longitude="lon:Q", tooltip=["name:N", "capital:N"]
    )
    layers.append(points.mark_circle(size=40, color="#333333", opacity=0.9).project(**projection))
    layers.append(
        points.mark_text(dx=6, dy=-6, fontSize=9, align="left")
        .encode(text="iso3:N")
        .project(**projection)
    )
    counts = relations.pairs["tension_label"].value_counts()
    subtitle = [
        f"{len(node_rows)} members at their capitals; lines: {', '.join(show)} pairs "
        f"({', '.join(f'{k} {int(counts.get(k, 0))}' for k in LABELS)} of "
        f"{len(relations.pairs)} pairs)",
        "Tension: rivalries (TSS 2020 / TD 2010), UCDP interstate conflict 2015–2024, GML MIDs "
        "2001–2010, curated current frictions, territorial threat (2010)",
    ]
    if unplaced:
        subtitle.append(f"No capital coordinates: {', '.join(unplaced)}")
    heading = (
        title or f"Tension between members of {relations.group}, {relations.as_of.isoformat()}"
    )
    return alt.layer(*layers).properties(
        width=680, height=440, title=source_caption(heading, *subtitle)
    )
