"""World choropleth of a score by country, drawn from the world-atlas TopoJSON (offline)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from southsouth.charts.render import source_caption


def choropleth(
    values: pd.DataFrame,
    topology: dict[str, Any],
    shapes: pd.DataFrame,
    *,
    field: str,
    title: str,
    subtitle: str,
    domain: tuple[float, float] = (0, 100),
) -> alt.LayerChart:
    """Countries coloured by ``values[field]`` (joined on ISO3 through ``shapes``' feature ids).

    Countries without a value are drawn in light grey: missing, not zero.
    """
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
    base = (
        alt.Chart(source)
        .mark_geoshape(fill="#eeeeee", stroke="white", strokeWidth=0.3)
        .project("equalEarth")
    )
    scored = (
        alt.Chart(source)
        .mark_geoshape(stroke="white", strokeWidth=0.3)
        .transform_lookup(
            lookup="id", from_=alt.LookupData(alt.InlineData(values=lookup), "id", ["value"])
        )
        .transform_filter("isValid(datum.value)")
        .encode(
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme="viridis", domain=list(domain)),
                title=field,
            )
        )
        .project("equalEarth")
    )
    return alt.layer(base, scored).properties(
        width=760, height=400, title=source_caption(title, subtitle)
    )
