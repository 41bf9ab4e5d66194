"""World choropleth of a score by country, drawn from the world-atlas TopoJSON (offline)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from southsouth.charts.render import source_caption
from southsouth.errors import NotSynced
from southsouth.sources import get_dataset
from southsouth.sources.fetch import Fetcher
from southsouth.tabular import read_json
from southsouth.warehouse.store import Warehouse

#: equalEarth scale at which the world fills a 760-pixel-wide map.
WORLD_SCALE = 140.0


def choropleth(
    values: pd.DataFrame,
    topology: dict[str, Any],
    shapes: pd.DataFrame,
    *,
    field: str,
    title: str,
    subtitle: str,
    domain: tuple[float, float] = (0, 100),
    focus: tuple[float, float, float] | None = None,
    frame: tuple[float, float, float, float] | None = None,
    points: pd.DataFrame | None = None,
    legend_title: str | None = None,
) -> alt.LayerChart:
    """Countries coloured by ``values[field]`` (joined on ISO3 through ``shapes``' feature ids).

    Countries without a value are drawn in light grey: missing, not zero. ``focus`` is
    (longitude, latitude, zoom) to centre the map on a region; ``frame`` is (west, south,
    east, north) in degrees, which the projection is fitted to and the map clipped at; the
    whole world by default. ``points`` (``iso3``, ``lon``, ``lat``) are countries too small
    for the map's shapes, drawn as dots coloured by their value. ``legend_title`` names the
    colour legend (``field`` by default).
    """
    projection: dict[str, Any] = {"type": "equalEarth"}
    if focus is not None:
        lon, lat, zoom = focus
        projection.update(center=[lon, lat], scale=WORLD_SCALE * zoom)
    if frame is not None:
        west, south, east, north = frame
        corners = [[west, south], [east, south], [east, north], [west, north]]
        projection["fit"] = {
            "type": "Feature",
            "geometry": {"type": "MultiPoint", "coordinates": corners},
            "properties": {},
        }
    ids = shapes.dropna(subset=["feature_id", "country_iso3"])
    joined = ids.merge(values, left_on="country_iso3", right_on="iso3", how="inner")
    joined = joined[joined[field].notna()]
    lookup = [
        {"id": fid, "value": round(float(v), 2)}
        for fid, v in zip(joined["feature_id"], joined[field], strict=True)
    ]
    source = alt.InlineData(
        values=topology, format=alt.DataFormat(type="topojson", feature="countries")
    )
    clip: dict[str, bool] = {"clip": True} if frame is not None else {}
    base = (
        alt.Chart(source)
        .mark_geoshape(fill="#eeeeee", stroke="white", strokeWidth=0.3, **clip)
        .project(**projection)
    )
    scored = (
        alt.Chart(source)
        .mark_geoshape(stroke="white", strokeWidth=0.3, **clip)
        .transform_lookup(
            lookup="id", from_=alt.LookupData(alt.InlineData(values=lookup), "id", ["value"])
        )
        .transform_filter("isValid(datum.value)")
        .encode(
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme="viridis", domain=list(domain)),
                title=legend_title or field,
            )
        )
        .project(**projection)
    )
    layers: list[alt.Chart] = [base, scored]
    if points is not None:
        dots = points.merge(values, on="iso3", how="inner").dropna(subset=[field, "lon", "lat"])
        if len(dots):
            rows = [
                {"lon": float(x), "lat": float(y), "value": round(float(v), 2)}
                for x, y, v in zip(dots["lon"], dots["lat"], dots[field], strict=True)
            ]
            layers.append(
                alt.Chart(alt.InlineData(values=rows))
                .mark_circle(size=40, stroke="#333333", strokeWidth=0.6, opacity=1, **clip)
                .encode(longitude="lon:Q", latitude="lat:Q", color=alt.Color("value:Q"))
                .project(**projection)
            )
    return alt.layer(*layers).properties(
        width=760, height=400, title=source_caption(title, subtitle)
    )


def world_topology(fetcher: Fetcher) -> dict[str, Any]:
    """The world-atlas TopoJSON (110m countries) from the download cache."""
    files = fetcher.cached(get_dataset("world-atlas"))
    if files is None:
        raise NotSynced("the world map is not in the cache", hint="southsouth data sync geo")
    return read_json(files["countries-110m.json"])


def world_map_inputs(fetcher: Fetcher, warehouse: Warehouse) -> tuple[dict[str, Any], pd.DataFrame]:
    """The world-atlas topology from the download cache and the feature-id → ISO3 table."""
    topology = world_topology(fetcher)
    shapes = warehouse.query(
        "SELECT feature_id, country_iso3 FROM geo_shape WHERE resolution = '110m'"
    )
    return topology, shapes
