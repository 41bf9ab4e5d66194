"""Chart of military-spending shares."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from southsouth.charts.render import source_caption


def military_shares_chart(
    rows: pd.DataFrame,
    *,
    year: int,
    source: str,
    title: str | None = None,
    x_title: str = "% of world military spending",
    kind_names: Mapping[str, str] | None = None,
) -> alt.Chart:
    """Horizontal bars: share of world military spending by region, group, bloc and top N
    (``title`` by default "Shares of world military spending, <year>"; ``kind_names`` names
    the kinds in the legend)."""
    data = rows.loc[rows["share_pct"].notna(), ["entity", "name", "kind", "share_pct", "basis"]]
    data = data.assign(
        label=data["name"].fillna(data["entity"]),
        share_pct=data["share_pct"].round(2),
        kind=[(kind_names or {}).get(k, k) for k in data["kind"]],
    )
    return (
        alt.Chart(alt.Data(values=data.to_dict("records")))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
            x=alt.X("share_pct:Q", title=x_title),
            color=alt.Color("kind:N", title=None),
            tooltip=["name:N", "share_pct:Q", "basis:N"],
        )
        .properties(
            width=520,
            height=alt.Step(16),
            title=source_caption(title or f"Shares of world military spending, {year}", source),
        )
    )
