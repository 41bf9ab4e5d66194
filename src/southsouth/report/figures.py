"""Charts rendered to inline SVG for the report, with ids made unique per chart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from southsouth.charts.health_workforce import workforce_chart
from southsouth.charts.render import chart_spec
from southsouth.report import charts
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.model import PILLARS

_ID = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class Figure:
    """One chart of the report: its anchor, caption and SVG markup."""

    id: str
    caption: str
    svg: str


def to_svg(chart: alt.TopLevelMixin, prefix: str) -> str:
    """``chart`` as an SVG element whose ids (and references to them) start with ``prefix``.

    Several SVGs inline in one page share one id namespace; prefixing keeps clip paths apart.
    """
    svg = vlc.vegalite_to_svg(chart_spec(chart), allowed_base_urls=[])
    svg = svg[svg.index("<svg") :]
    for old in sorted(set(_ID.findall(svg)), key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})").replace(
            f'href="#{old}"', f'href="#{new}"'
        )
    return svg.replace("<svg ", f'<svg role="img" data-chart="{prefix}" ', 1)


def report_figures(
    roadmap: Roadmap, topology: dict[str, Any] | None, shapes: pd.DataFrame | None
) -> dict[str, Figure]:
    """Every chart the report shows, by anchor id; a chart without data is left out."""
    ev, plan = roadmap.evidence, roadmap.plan
    wanted: dict[str, tuple[str, alt.TopLevelMixin | None]] = {
        "timeline": ("Timeline of the roadmap", charts.gantt(plan)),
        "calendar": ("Forum calendar", charts.forum_calendar(plan)),
        "projections": ("Status quo against roadmap", charts.gap_projections(roadmap.scenarios)),
    }
    rows = ev.health_rows()
    if ev.health is not None and not rows.empty:
        cited = "; ".join(charts.dated_sources(ev, *ev.health.sources["dataset_id"].astype(str)))
        wanted["health-workforce"] = (
            "Health-workforce projection",
            workforce_chart(
                rows.reset_index()[["year", "need", "supply", "shortage"]],
                title=f"Doctors, nurses and midwives, {ev.name}: need at 4.45 per 1,000 "
                "against supply on current trends",
                subtitle=f"WHO SDG index threshold; members with data. Sources: {cited}",
            ),
        )
    if topology is not None and shapes is not None:
        for pillar in PILLARS:
            chart = charts.pillar_map(ev, pillar, topology, shapes)
            wanted[f"map-{pillar}"] = (f"Map: {ev.framework.pillar(pillar).name}", chart)
    return {
        key: Figure(key, caption, to_svg(chart, key))
        for key, (caption, chart) in wanted.items()
        if chart is not None
    }
