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
from southsouth.language import content
from southsouth.language.catalogue import Translator, language
from southsouth.report import charts
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.model import PILLARS

_ID = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class Figure:
    """One chart of the report: its anchor and SVG markup, the datasets it draws (cited in
    one line under it) and a note (stale inputs) when there is one. The report captions it
    (messages ``report.figure.*``)."""

    id: str
    svg: str
    datasets: tuple[str, ...] = ()
    note: str = ""


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
    roadmap: Roadmap,
    topology: dict[str, Any] | None,
    shapes: pd.DataFrame | None,
    pillar_names: dict[str, str] | None = None,
    *,
    lang: str = "en",
) -> dict[str, Figure]:
    """Every chart the report shows, by anchor id, titled and labelled in ``lang``; a chart
    without data is left out.

    ``pillar_names`` names the pillars where a chart shows them (their names in ``lang`` by
    default).
    """
    ev, plan = roadmap.evidence, roadmap.plan
    t = Translator(language(lang))
    named = pillar_names or {
        p: content.pillar_name(t, p, ev.framework.pillar(p).name) for p in PILLARS
    }
    wanted: dict[str, tuple[alt.TopLevelMixin | None, tuple[str, ...], str]] = {
        "timeline": (charts.gantt(plan, named, t=t), (), ""),
        "calendar": (charts.forum_calendar(plan, t=t), (), ""),
    }
    rows = ev.health_rows()
    if ev.health is not None and not rows.empty:
        group = content.group_name(t, ev.group, ev.name)
        wanted["health-workforce"] = (
            workforce_chart(
                rows.reset_index()[["year", "need", "supply", "shortage"]],
                title=t("report.chart.workforce.title", group=group),
                subtitle=t("report.chart.workforce.subtitle"),
                y_title=t("report.chart.workforce.axis"),
                series_title=t("report.chart.workforce.series"),
                series_names={
                    s: t(f"report.chart.workforce.{s}") for s in ("need", "supply", "shortage")
                },
            ),
            tuple(sorted(set(ev.health.sources["dataset_id"].astype(str)))),
            "",
        )
    if topology is not None and shapes is not None:
        for pillar in PILLARS:
            chart = charts.pillar_map(ev, pillar, topology, shapes, t=t)
            wanted[f"map-{pillar}"] = (
                chart,
                (*charts.pillar_datasets(ev, pillar), "world-atlas"),
                charts.stale_inputs(ev, pillar),
            )
    projections = charts.gap_projections(roadmap.scenarios, t=t)
    shown = set(roadmap.scenarios.rows["indicator"]) if projections is not None else set()
    latest = ev.latest[ev.latest["indicator"].isin(shown)]
    wanted["projections"] = (
        projections,
        tuple(sorted(set(latest["source_id"].dropna().astype(str)))),
        "",
    )
    return {
        key: Figure(key, to_svg(chart, key), datasets, note)
        for key, (chart, datasets, note) in wanted.items()
        if chart is not None
    }
