"""Chart of a country profile: each indicator's 0–100 goalpost score, coloured by its light."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from southsouth.charts.render import source_caption

LIGHT_COLOURS = {
    "green": "#2e7d32",
    "yellow": "#f9a825",
    "orange": "#ef6c00",
    "red": "#c62828",
    "no threshold": "#78909c",
    "missing": "#e0e0e0",
}


def profile_chart(
    entries: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    score_title: str = "score (0 = worst goalpost, 100 = best)",
    light_title: str = "traffic light",
    light_names: Mapping[str, str] | None = None,
) -> alt.Chart:
    """Bars per indicator, grouped by pillar; missing indicators are listed with no bar.
    ``light_names`` names the lights in the legend and labels (keys of ``LIGHT_COLOURS``)."""
    names = {key: key for key in LIGHT_COLOURS} | dict(light_names or {})
    missing = names["missing"]
    data = entries[entries["pillar"].notna()].copy()
    data["light"] = [
        names["missing" if pd.isna(v) else (light if isinstance(light, str) else "no threshold")]
        for v, light in zip(data["value"], data["light"], strict=True)
    ]
    data["label"] = [
        f"{name} ({missing if pd.isna(value) else f'{value:.3g} {unit}, {int(year)}'})"
        for name, value, unit, year in zip(
            data["name"], data["value"], data["unit"], data["year"], strict=True
        )
    ]
    data["score"] = data["score"].astype(float).fillna(0.0)
    pillars = list(dict.fromkeys(data["pillar"]))
    values = data[["pillar", "label", "score", "light"]].to_dict("records")
    bars = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=420)),
            x=alt.X(
                "score:Q",
                title=score_title,
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color(
                "light:N",
                scale=alt.Scale(
                    domain=[names[key] for key in LIGHT_COLOURS], range=list(LIGHT_COLOURS.values())
                ),
                title=light_title,
            ),
            row=alt.Row(
                "pillar:N",
                sort=pillars,
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left"),
            ),
        )
        .resolve_scale(y="independent")
        .properties(width=360)
    )
    return bars.properties(title=source_caption(title, subtitle))
