"""Chart of a health-workforce projection: need, supply and shortage over the years."""

from __future__ import annotations

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
) -> alt.LayerChart:
    """Lines of need, supply and shortage (millions) for one group; published figures as points."""
    long = rows.melt(id_vars=["year"], value_vars=["need", "supply", "shortage"], var_name="series")
    long["millions"] = (long["value"] / 1e6).round(3)
    lines = (
        alt.Chart(alt.Data(values=long[["year", "series", "millions"]].to_dict("records")))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("millions:Q", title="health workers (millions)"),
            color=alt.Color("series:N", title="computed"),
        )
    )
    layers: list[alt.Chart] = [lines]
    if published and published_year is not None:
        points = [
            {"year": published_year, "series": f"published {name}", "millions": value / 1e6}
            for name, value in published.items()
        ]
        layers.append(
            alt.Chart(alt.Data(values=points))
            .mark_point(shape="diamond", size=120, filled=True)
            .encode(
                x="year:O",
                y="millions:Q",
                shape=alt.Shape("series:N", title="WHO AFRO (all cadres)"),
                color=alt.value("#555"),
            )
        )
    return alt.layer(*layers).properties(
        width=520, height=300, title=source_caption(title, subtitle)
    )
