"""Chart of a health-workforce projection: need, supply and shortage over the years."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from southsouth.charts.render import source_caption


def workforce_chart(
    rows: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    published: dict[str, float] | None = None,
    published_year: int | None = None,
    y_title: str = "health workers (millions)",
    series_title: str = "computed",
    published_title: str = "WHO AFRO (all cadres)",
    series_names: Mapping[str, str] | None = None,
    published_names: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """Lines of need, supply and shortage (millions) for one group; published figures as points.
    ``series_names`` names need, supply and shortage in the legend (the keys by default),
    ``published_names`` the published points (``published need`` …)."""
    named = {"need": "need", "supply": "supply", "shortage": "shortage"} | dict(series_names or {})
    long = rows.melt(id_vars=["year"], value_vars=["need", "supply", "shortage"], var_name="series")
    long["series"] = long["series"].map(named)
    long["millions"] = (long["value"] / 1e6).round(3)
    lines = (
        alt.Chart(alt.Data(values=long[["year", "series", "millions"]].to_dict("records")))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("millions:Q", title=y_title),
            color=alt.Color("series:N", title=series_title),
        )
    )
    layers: list[alt.Chart] = [lines]
    if published and published_year is not None:
        points = [
            {
                "year": published_year,
                "series": (published_names or {}).get(name, f"published {name}"),
                "millions": value / 1e6,
            }
            for name, value in published.items()
        ]
        layers.append(
            alt.Chart(alt.Data(values=points))
            .mark_point(shape="diamond", size=120, filled=True)
            .encode(
                x="year:O",
                y="millions:Q",
                shape=alt.Shape("series:N", title=published_title),
                color=alt.value("#555"),
            )
        )
    return alt.layer(*layers).properties(
        width=520, height=300, title=source_caption(title, subtitle)
    )
