"""The report's charts: pillar maps, gap projections, the Gantt timeline and the forum calendar.

Each function returns an Altair chart whose data is inline; the report prints each chart's
sources in one line under it (see :func:`pillar_datasets`) and cites them in full in its notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from southsouth.charts.render import source_caption
from southsouth.charts.world_map import choropleth
from southsouth.language import content
from southsouth.language.catalogue import Translator
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.model import PILLARS, Plan
from southsouth.roadmap.scenarios import Scenarios

#: Colours of the pillars (ColorBrewer Dark2, then blue for climate), used in the Gantt and
#: calendar; one per pillar, in PILLARS order.
PILLAR_COLOURS = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
    "#1f78b4",
)
#: Degrees added around the members' bounds; the smallest span a framed map shows.
MARGIN_DEGREES, MIN_SPAN_DEGREES = 3.0, 24.0
#: Members spanning more longitude than this are shown on the whole world.
MAX_LON_SPAN = 200.0
#: Years of forum sessions the calendar shows after the plan's date.
CALENDAR_YEARS = 10
#: The charts' language when none is given.
ENGLISH = Translator("en")


def _forum(t: Translator, forum_id: str, name: str) -> str:
    """A forum's name in ``t``'s language (as the plan names it in English)."""
    return name if t.lang == "en" else content.forum_name(t, forum_id, name)


def _inline(rows: list[dict[str, Any]]) -> alt.InlineData:
    return alt.InlineData(values=rows)


def pillar_map(
    ev: GroupEvidence,
    pillar: str,
    topology: dict[str, Any],
    shapes: pd.DataFrame,
    *,
    t: Translator = ENGLISH,
) -> alt.LayerChart | None:
    """Members coloured by their pillar score (0–100 within the group), titled in ``t``'s
    language; None without an index."""
    if ev.index is None or pillar not in ev.index.result.pillar_scores.columns:
        return None
    table = ev.index.table(pillar)
    if table["score"].notna().sum() == 0:
        return None
    name = content.pillar_name(t, pillar, ev.framework.pillar(pillar).name)
    group = content.group_name(t, ev.group, ev.name) if t.lang != "en" else ev.name
    drawn = set(shapes.dropna(subset=["feature_id", "country_iso3"])["country_iso3"])
    small = ev.members[~ev.members["iso3"].isin(drawn)][["iso3", "lon", "lat"]]
    return choropleth(
        table,
        topology,
        shapes,
        field="score",
        frame=member_frame(ev.members, topology, shapes),
        points=small,
        title=t("report.chart.map.title", pillar=name, group=group, year=ev.index.year),
        subtitle=(
            t("report.chart.map.subtitle") + (t("report.chart.map.dots") if len(small) else "")
        ),
        legend_title=None if t.lang == "en" else t("report.chart.map.legend"),
    )


def pillar_datasets(ev: GroupEvidence, pillar: str) -> list[str]:
    """Datasets behind a pillar's scores (members' latest values of its scored indicators)."""
    if ev.index is None:
        return []
    scored = {i.id for i in ev.framework.scored if i.pillar == pillar}
    used = ev.index.latest.dropna(subset=["value"])
    return sorted(set(used[used["indicator"].isin(scored)]["source_id"].astype(str)))


def stale_inputs(ev: GroupEvidence, pillar: str) -> str:
    """A pillar's scored indicators whose newest value is stale, with that year ('' if none)."""
    if ev.index is None:
        return ""
    scored = {i.id for i in ev.framework.scored if i.pillar == pillar}
    used = ev.index.latest.dropna(subset=["value"])
    return _stale(used[used["indicator"].isin(scored)], ev)


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


def _arc_points(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc of a TopoJSON topology as longitude–latitude points (quantisation undone)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _arc_ids(arcs: Any) -> Iterator[int]:
    """Arc indices of a (nested) TopoJSON ``arcs`` field; ``~i`` is arc ``i`` reversed."""
    if isinstance(arcs, int):
        yield arcs if arcs >= 0 else ~arcs
    else:
        for item in arcs:
            yield from _arc_ids(item)


def member_frame(
    members: pd.DataFrame, topology: dict[str, Any], shapes: pd.DataFrame
) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) around the shapes of ``members`` (``iso3``, ``lon``,
    ``lat``) and the points of those too small to draw, with a margin; None (the whole
    world) when the members span most longitudes."""
    codes = set(members["iso3"])
    features = set(shapes[shapes["country_iso3"].isin(codes)]["feature_id"].dropna().astype(str))
    arcs = _arc_points(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    points: list[tuple[float, float]] = [
        (float(x), float(y)) for x, y in members[["lon", "lat"]].dropna().itertuples(index=False)
    ]
    for geometry in geometries:
        if str(geometry.get("id")) in features:
            points.extend(_points(arcs, _arc_ids(geometry.get("arcs", []))))
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    if east - west > MAX_LON_SPAN:
        return None
    grow_lon = max(0.0, MIN_SPAN_DEGREES - (east - west)) / 2 + MARGIN_DEGREES
    grow_lat = max(0.0, MIN_SPAN_DEGREES - (north - south)) / 2 + MARGIN_DEGREES
    return (
        max(-180.0, west - grow_lon),
        max(-89.0, south - grow_lat),
        min(180.0, east + grow_lon),
        min(89.0, north + grow_lat),
    )


def _points(
    arcs: list[list[tuple[float, float]]], ids: Iterable[int]
) -> Iterator[tuple[float, float]]:
    for i in ids:
        yield from arcs[i]


def gap_projections(scenarios: Scenarios, *, t: Translator = ENGLISH) -> alt.FacetChart | None:
    """Status quo against roadmap for each group-level KPI with both paths (None when none
    has), labelled in ``t``'s language."""
    rows = scenarios.rows
    if rows.empty:
        return None
    kinds = rows.groupby("indicator")["scenario"].agg(set)
    keep = kinds[kinds.map(lambda k: {"status quo", "roadmap"} <= k)].index
    shown = rows[rows["indicator"].isin(keep)].copy()
    if shown.empty:
        return None
    if t.lang == "en":
        names, units = list(shown["name"]), list(shown["unit"])
    else:
        pairs = zip(shown["indicator"], shown["name"], strict=True)
        names = [content.indicator_name(t, str(i), str(n)) for i, n in pairs]
        units = [content.unit(t, str(u)) for u in shown["unit"]]
    shown["panel"] = [f"{n} ({u})" for n, u in zip(names, units, strict=True)]
    scenario = {k: t(f"report.chart.scenario.{k}") for k in ("observed", "status quo", "roadmap")}
    shown["scenario"] = shown["scenario"].map(lambda k: scenario.get(k, k))
    domain = list(scenario.values())
    data = shown[["panel", "scenario", "year", "value"]].to_dict("records")
    base = (
        alt.Chart(_inline(data))
        .mark_line()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=6)),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "scenario:N",
                scale=alt.Scale(domain=domain, range=["#333333", "#999999", "#1b9e77"]),
                title=t("report.chart.projections.legend"),
            ),
            strokeDash=alt.StrokeDash(
                "scenario:N",
                scale=alt.Scale(domain=domain, range=[[1, 0], [4, 3], [1, 0]]),
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
                t("report.chart.projections.title"), t("report.chart.projections.subtitle")
            )
        )
    )


def gantt(
    plan: Plan, pillar_names: dict[str, str] | None = None, *, t: Translator = ENGLISH
) -> alt.LayerChart | None:
    """The timeline: one bar per initiative from adoption to the end of its first cycle,
    titled and labelled in ``t``'s language (initiative titles, forums, phases).

    ``pillar_names`` names the pillars in the legend (their ids by default).
    """
    if not plan.scheduled:
        return None
    named = {p: (pillar_names or {}).get(p, p) for p in PILLARS}
    rows = [
        {
            "title": content.initiative_title(
                t, s.initiative.id, s.initiative.title, s.initiative.title_values
            ),
            "pillar": named[s.initiative.pillar],
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "forum": _forum(t, s.meeting.forum_id, s.meeting.forum_name),
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
            "phase": t(
                "report.chart.gantt.phase",
                phase=t.get(f"roadmap.phase.{p.id}", p.name) if t.lang != "en" else p.name,
                years=f"{p.start}–{p.end}",
            ),
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
                scale=alt.Scale(domain=list(named.values()), range=list(PILLAR_COLOURS)),
                title=t("report.chart.gantt.legend"),
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
            title=source_caption(t("report.chart.gantt.title"), t("report.chart.gantt.subtitle")),
        )
    )


def forum_calendar(plan: Plan, *, t: Translator = ENGLISH) -> alt.LayerChart | None:
    """Sessions of the forums the plan uses, with the initiatives each session adopts, titled
    and labelled in ``t``'s language."""
    if not plan.scheduled:
        return None
    used = {s.meeting.forum_id for s in plan.scheduled}
    until = plan.as_of.year + CALENDAR_YEARS
    adopted: dict[tuple[str, date], list[str]] = {}
    for s in plan.scheduled:
        adopted.setdefault((s.meeting.forum_id, s.meeting.day), []).append(
            content.initiative_title(
                t, s.initiative.id, s.initiative.title, s.initiative.title_values
            )
        )
    until = max(until, *(day.year for _, day in adopted))
    sessions = [
        {
            "forum": _forum(t, m.forum_id, m.forum_name),
            "date": m.day.isoformat(),
            "adopts": len(adopted.get((m.forum_id, m.day), [])),
            "initiatives": t("list.join").join(adopted.get((m.forum_id, m.day), [])),
            "indicative": t(
                "report.chart.calendar.indicative"
                if m.indicative
                else "report.chart.calendar.confirmed"
            ),
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
                "adopts:Q",
                title=t("report.chart.calendar.legend"),
                scale=alt.Scale(range=[60, 400]),
            ),
            tooltip=["forum:N", "date:T", "initiatives:N", "indicative:N"],
        )
    )
    return alt.layer(ticks, points).properties(
        width=560,
        height=height,
        title=source_caption(
            t("report.chart.calendar.title", years=f"{plan.as_of.year}–{until}"),
            t("report.chart.calendar.subtitle"),
        ),
    )
