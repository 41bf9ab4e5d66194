"""The report's charts: pillar maps, gap projections, the Gantt timeline and the forum calendar.

Each function returns an Altair chart whose data is inline and whose subtitle cites its sources.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from southsouth.charts.render import source_caption
from southsouth.charts.world_map import choropleth
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.model import PILLARS, Plan
from southsouth.roadmap.scenarios import Scenarios

#: Colours of the eight pillars (ColorBrewer Dark2 + one), used in the Gantt and calendar.
PILLAR_COLOURS = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)
#: Zoom limits of the pillar maps: below MIN_ZOOM the whole world is shown.
MIN_ZOOM, MAX_ZOOM = 1.3, 5.0
#: Years of forum sessions the calendar shows after the plan's date.
CALENDAR_YEARS = 10


def _inline(rows: list[dict[str, Any]]) -> alt.InlineData:
    return alt.InlineData(values=rows)


def pillar_map(
    ev: GroupEvidence,
    pillar: str,
    topology: dict[str, Any],
    shapes: pd.DataFrame,
) -> alt.LayerChart | None:
    """Members coloured by their pillar score (0–100 within the group); None without an index."""
    if ev.index is None or pillar not in ev.index.result.pillar_scores.columns:
        return None
    table = ev.index.table(pillar)
    if table["score"].notna().sum() == 0:
        return None
    name = ev.framework.pillar(pillar).name
    scored = {i.id for i in ev.framework.scored if i.pillar == pillar}
    used = ev.index.latest.dropna(subset=["value"])
    datasets = sorted(set(used[used["indicator"].isin(scored)]["source_id"].astype(str)))
    cited = "; ".join(dated_sources(ev, *datasets)) or ev.index.framework
    stale = _stale(used[used["indicator"].isin(scored)], ev)
    return choropleth(
        table,
        topology,
        shapes,
        field="score",
        focus=_focus(ev),
        title=f"{name}: pillar score of {ev.name} members, data up to {ev.index.year}",
        subtitle=(
            f"0–100 ({ev.index.result.options.normalisation} normalisation of the framework's "
            "goalposts); "
            "grey = not a member or no data. "
            + (f"Stale inputs: {stale}. " if stale else "")
            + f"Sources: {cited}"
        ),
    )


def dated_sources(ev: GroupEvidence, *dataset_ids: str) -> list[str]:
    """Each dataset as a chart subtitle cites it: ``publisher, vintage (licence)`` and its
    data years on the roadmap's as-of day, e.g. ``[data 2014, 12 years old: stale]``."""
    from southsouth.provenance import age_of, data_label

    cited = []
    for dataset_id in dataset_ids:
        ref = ev.sources.get(dataset_id)
        if ref is None:
            continue
        age = age_of(ref.first_data_year, ref.data_year, ev.as_of)
        label = data_label(age.label, age.age_years, age.stale)
        cited.append(f"{ref.short()} [{label}]" if label else ref.short())
    return cited


def _stale(used: pd.DataFrame, ev: GroupEvidence) -> str:
    """Indicators whose newest value is stale for the plan (``ev.staleness``), with that year."""
    if used.empty or "year" not in used:
        return ""
    newest = used.groupby("indicator")["year"].max()
    old = [
        f"{ev.framework.indicator(str(k)).name} ({int(y)})"
        for k, y in newest.items()
        if ev.staleness(int(y)) is not None
    ]
    return ", ".join(old)


def _focus(ev: GroupEvidence) -> tuple[float, float, float] | None:
    """Centre and zoom that frame the members (None: the whole world)."""
    where = ev.members.dropna(subset=["lat", "lon"])
    if where.empty:
        return None
    lon_span = float(where["lon"].max() - where["lon"].min())
    lat_span = float(where["lat"].max() - where["lat"].min())
    zoom = min(MAX_ZOOM, 340 / (lon_span + 30), 140 / (lat_span + 15))
    if zoom < MIN_ZOOM:
        return None
    centre_lon = float(where["lon"].min() + lon_span / 2)
    centre_lat = float(where["lat"].min() + lat_span / 2)
    return centre_lon, centre_lat, zoom


def gap_projections(scenarios: Scenarios) -> alt.FacetChart | None:
    """Status quo against roadmap for each group-level KPI with both paths (None when none has)."""
    rows = scenarios.rows
    if rows.empty:
        return None
    kinds = rows.groupby("indicator")["scenario"].agg(set)
    keep = kinds[kinds.map(lambda k: {"status quo", "roadmap"} <= k)].index
    shown = rows[rows["indicator"].isin(keep)].copy()
    if shown.empty:
        return None
    shown["panel"] = shown["name"] + " (" + shown["unit"] + ")"
    methods = "; ".join(
        f"{r.name}: {r.status_quo_method}"
        for r in scenarios.summary.itertuples()
        if r.indicator in set(keep)
    )
    caveats = "; ".join(
        f"{r.name}: {r.caveat}"
        for r in scenarios.summary.itertuples()
        if r.indicator in set(keep) and getattr(r, "caveat", "")
    )
    data = shown[["panel", "scenario", "year", "value"]].to_dict("records")
    base = (
        alt.Chart(_inline(data))
        .mark_line()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=6)),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "scenario:N",
                scale=alt.Scale(
                    domain=["observed", "status quo", "roadmap"],
                    range=["#333333", "#999999", "#1b9e77"],
                ),
                title="scenario",
            ),
            strokeDash=alt.StrokeDash(
                "scenario:N",
                scale=alt.Scale(
                    domain=["observed", "status quo", "roadmap"], range=[[1, 0], [4, 3], [1, 0]]
                ),
                legend=None,
            ),
        )
        .properties(width=260, height=150)
    )
    return (
        base.facet(facet=alt.Facet("panel:N", title=None), columns=2)
        .resolve_scale(y="independent")
        .properties(
            title=source_caption(
                "Key KPIs: status quo against the roadmap",
                f"Status quo: {methods}.",
                "Observed: the group aggregate up to the planning year. Roadmap: from the "
                "planning year, linear to the target, held after it, never below the status quo."
                + (f" Partial or stale inputs — {caveats}." if caveats else ""),
            )
        )
    )


def gantt(plan: Plan) -> alt.LayerChart | None:
    """The timeline: one bar per initiative from adoption to the end of its first cycle."""
    if not plan.scheduled:
        return None
    rows = [
        {
            "title": s.initiative.title,
            "pillar": s.initiative.pillar,
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "forum": s.meeting.forum_name,
            "sensitivity": s.initiative.sensitivity,
            "order": i,
        }
        for i, s in enumerate(
            sorted(plan.scheduled, key=lambda s: (s.start, PILLARS.index(s.initiative.pillar)))
        )
    ]
    last = max(date.fromisoformat(r["end"]) for r in rows)
    phases = [
        {
            "phase": f"{p.name} {p.start}–{p.end}",
            "start": date(p.start, 1, 1).isoformat(),
            "end": date(min(p.end, last.year) + 1, 1, 1).isoformat(),
        }
        for p in plan.phases
        if p.start <= last.year
    ]
    height = max(160, 22 * len(rows))
    bands = (
        alt.Chart(_inline(phases))
        .mark_rect(opacity=0.12)
        .encode(
            x=alt.X("start:T"),
            x2="end:T",
            color=alt.Color(
                "phase:N", scale=alt.Scale(range=["#4c78a8", "#f58518", "#54a24b"]), legend=None
            ),
        )
    )
    labels = (
        alt.Chart(_inline(phases))
        .mark_text(align="left", baseline="bottom", dx=3, dy=-3, fontSize=10, color="#555555")
        .encode(x="start:T", y=alt.value(0), text="phase:N")
    )
    bars = (
        alt.Chart(_inline(rows))
        .mark_bar(cornerRadius=2, height=14)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y")),
            x2="end:T",
            y=alt.Y("title:N", sort=alt.SortField("order"), title=None),
            color=alt.Color(
                "pillar:N",
                scale=alt.Scale(domain=list(PILLARS), range=list(PILLAR_COLOURS)),
                title="pillar",
            ),
            opacity=alt.condition(
                "datum.sensitivity == 'non-sensitive'", alt.value(1.0), alt.value(0.65)
            ),
            tooltip=["title:N", "forum:N", "start:T", "end:T", "sensitivity:N"],
        )
    )
    return (
        alt.layer(bands, labels, bars)
        .resolve_scale(color="independent")
        .properties(
            width=560,
            height=height,
            title=source_caption(
                "Timeline: adoption at a forum session to the end of the first cycle",
                "Paler bars: sensitive and deep-integration security initiatives. "
                "Forum dates are indicative; source: southsouth forum calendar (each forum cites "
                "its secretariat).",
            ),
        )
    )


def forum_calendar(plan: Plan) -> alt.LayerChart | None:
    """Sessions of the forums the plan uses, with the initiatives each session adopts."""
    if not plan.scheduled:
        return None
    used = {s.meeting.forum_id for s in plan.scheduled}
    until = plan.as_of.year + CALENDAR_YEARS
    adopted: dict[tuple[str, date], list[str]] = {}
    for s in plan.scheduled:
        adopted.setdefault((s.meeting.forum_id, s.meeting.day), []).append(s.initiative.title)
    until = max(until, *(day.year for _, day in adopted))
    sessions = [
        {
            "forum": m.forum_name,
            "date": m.day.isoformat(),
            "adopts": len(adopted.get((m.forum_id, m.day), [])),
            "initiatives": "; ".join(adopted.get((m.forum_id, m.day), [])),
            "indicative": "indicative" if m.indicative else "confirmed",
        }
        for m in plan.meetings
        if m.forum_id in used and m.day.year <= until
    ]
    if not sessions:
        return None
    height = max(120, 26 * len(used))
    ticks = (
        alt.Chart(_inline([s for s in sessions if s["adopts"] == 0]))
        .mark_tick(color="#bbbbbb", thickness=1.5, size=12)
        .encode(x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y")), y="forum:N")
    )
    points = (
        alt.Chart(_inline([s for s in sessions if s["adopts"] > 0]))
        .mark_circle(color="#1b9e77", opacity=0.9)
        .encode(
            x="date:T",
            y=alt.Y("forum:N", title=None),
            size=alt.Size(
                "adopts:Q", title="initiatives adopted", scale=alt.Scale(range=[60, 400])
            ),
            tooltip=["forum:N", "date:T", "initiatives:N", "indicative:N"],
        )
    )
    return alt.layer(ticks, points).properties(
        width=560,
        height=height,
        title=source_caption(
            f"Forum calendar {plan.as_of.year}–{until}: sessions of the forums the plan uses",
            "Circles: sessions that adopt initiatives (size = number); ticks: other sessions. "
            "Dates indicative unless confirmed; source: southsouth forum calendar.",
        ),
    )
