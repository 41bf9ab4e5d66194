"""The brief read: what a two-page brief on a country or a bloc says, for every surface.

A brief gathers, from the reads and the plan the other surfaces show, one country's or one
bloc's pillar scorecard (score, lights and trends per pillar), its three largest gaps,
the initiatives of the roadmap it would join, the sessions that adopt them, and the data
years and sources behind the figures. The rules it applies are stated in the document
(``rules``). The plan comes from :mod:`southsouth.service.plan_store`, so a brief's
initiatives are those of ``southsouth roadmap`` for the same group, day and data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import model_validator

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.periods import HORIZONS
from southsouth.service.declared import ALL_TABLES, Read, ReadParams
from southsouth.service.parameters import CountryText, GroupText

if TYPE_CHECKING:
    from southsouth.indicators.framework import Framework
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace

#: A dataset id in the baseline's sources text (``"wdi-x (CC BY 4.0); gapminder-y (…)"``).
_SOURCE_ID = re.compile(r"(?:^|; )([a-z0-9]+(?:[-_.][a-z0-9]+)+) \(")
#: How many gaps a brief names.
GAP_COUNT = 3
#: Lights from worst to best (grey: no data, not ranked).
LIGHT_ORDER = ("red", "orange", "yellow", "green")
#: The rules a brief applies, in its own words (shown in the brief's notes).
RULES = {
    "score": "Pillar score 0–100 between the framework's goalposts (arithmetic mean of the "
    "pillar's indicators, as the composite index computes it): for a country, its score in "
    "the index of {group}; for a bloc, the median of its members' scores in the bloc's index.",
    "light": "A pillar's light is the worst light among its indicators with data; the counts "
    "give every light (SDSN thresholds).",
    "trend": "Trends are counted per pillar from the country's indicator trends (SDSN method, "
    "from 2015); bloc aggregates carry no trend.",
    "gaps": "The three largest gaps: red indicators first, then orange; within a colour, the "
    "furthest from the green threshold as a share of the goalpost range.",
    "initiatives": "Initiatives scheduled by the roadmap of {group} (as `southsouth roadmap` "
    "plans it today) in which the country or bloc takes part.",
}


class BriefParams(ReadParams):
    """A country or a bloc (one of the two)."""

    country: CountryText | None = None
    bloc: GroupText | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> BriefParams:
        if (self.country is None) == (self.bloc is None):
            raise ValueError("give either a country or a bloc")
        return self


def gap_distance(spec: Any, value: float) -> float | None:
    """How far ``value`` is from the green threshold of ``spec``, as a share of its goalpost
    range (0 at green; None without thresholds or goalposts)."""
    if spec.green is None or spec.goalposts is None or spec.direction == 0:
        return None
    span = abs(spec.goalposts.best - spec.goalposts.worst)
    if span == 0:
        return None
    return max(0.0, spec.direction * (spec.green - value) / span)


def largest_gaps(rows: Iterable[Mapping[str, Any]], framework: Framework) -> list[dict[str, Any]]:
    """The :data:`GAP_COUNT` largest gaps among ``rows`` (indicator, pillar, value, light…):
    red before orange, then by :func:`gap_distance`, largest first (ties by indicator id)."""
    found = []
    for row in rows:
        if row.get("light") not in ("red", "orange") or row.get("value") is None:
            continue
        spec = framework.indicator(str(row["indicator"]))
        if spec.pillar is None:
            continue
        distance = gap_distance(spec, float(row["value"]))
        if distance is None:
            continue
        found.append(
            {
                "pillar": spec.pillar,
                "indicator": spec.id,
                "name": spec.name,
                "value": float(row["value"]),
                "unit": spec.unit,
                "year": row.get("year"),
                "light": row["light"],
                "green": spec.green,
                "distance": distance,
            }
        )
    found.sort(key=lambda g: (g["light"] != "red", -g["distance"], g["indicator"]))
    return found[:GAP_COUNT]


def pillar_row(
    pillar: str, name: str, score: float | None, rows: list[Mapping[str, Any]]
) -> dict[str, Any]:
    """One pillar of the scorecard: score, worst light, light and trend counts."""
    lights = Counter(str(r["light"]) for r in rows if r.get("light") in LIGHT_ORDER)
    trends = Counter(str(r["trend"]) for r in rows if r.get("trend"))
    worst = next((light for light in LIGHT_ORDER if lights[light]), None)
    return {
        "pillar": pillar,
        "name": name,
        "score": score,
        "light": worst,
        "lights": {light: lights[light] for light in LIGHT_ORDER},
        "trends": dict(sorted(trends.items())),
        "indicators": len(rows),
        "with_data": sum(1 for r in rows if r.get("value") is not None),
    }


def joined(plan: Mapping[str, Any], member: str | None) -> list[dict[str, Any]]:
    """The plan's scheduled initiatives ``member`` takes part in (all of them for None)."""
    out = []
    for item in plan["initiatives"]:
        if member is not None and member not in item["participants"]:
            continue
        out.append(
            {
                "id": item["id"],
                "pillar": item["pillar"],
                "title": item["title"],
                "forum": item["forum"],
                "start": item["start"],
                "end": item["end"],
                "phase": item["phase"],
                "participants": len(item["participants"]),
            }
        )
    return out


def sessions_of(initiatives: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The forum sessions that adopt ``initiatives``, by date, each with their ids."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for item in initiatives:
        forum = item["forum"]
        key = (forum["date"], forum["forum_id"])
        entry = found.setdefault(
            key,
            {
                "forum_id": forum["forum_id"],
                "forum_name": forum["forum_name"],
                "date": forum["date"],
                "indicative": forum["indicative"],
                "initiatives": [],
            },
        )
        entry["initiatives"].append(item["id"])
    return [found[key] for key in sorted(found)]


def data_years(sources: Iterable[Mapping[str, Any]]) -> dict[str, int | None]:
    """The first and last data years over ``sources``, and how many are stale."""
    block = list(sources)
    firsts = [s["first_data_year"] for s in block if s.get("first_data_year") is not None]
    lasts = [s["data_year"] for s in block if s.get("data_year") is not None]
    return {
        "first": min(firsts) if firsts else None,
        "last": max(lasts) if lasts else None,
        "stale": sum(1 for s in block if s.get("stale")),
    }


def _rules(group: str) -> dict[str, str]:
    return {key: text.format(group=group) for key, text in RULES.items()}


def country_brief(
    ws: Workspace, country: str, framework: Framework, plan: Mapping[str, Any]
) -> Document:
    """The brief of ``country`` with the initiatives of ``plan`` (a stored plan part of the
    default group's roadmap: :func:`southsouth.service.plan_store.plan_part`)."""
    from southsouth.service.reads.evidence import INDEX, PROFILE

    profile = PROFILE.compute(ws, PROFILE.parse(country=country))
    iso3 = profile["iso3"]
    index = INDEX.compute(ws, INDEX.parse(group=DEFAULT_GROUP, draws=0))
    scores = next((r["pillars"] for r in index["items"] if r["iso3"] == iso3), {})
    scorecard = [
        pillar_row(p["pillar"], p["name"], scores.get(p["pillar"]), p["indicators"])
        for p in profile["pillars"]
    ]
    member = iso3 in plan["group"]["members"]
    initiatives = joined(plan, iso3) if member else []
    iso2 = ws.warehouse.query("SELECT iso2 FROM country WHERE iso3 = ?", [iso3])["iso2"]
    notes = list(profile.get("notes") or [])
    if not member:
        notes.append(f"{profile['name']} is not a member of {plan['group']['name']}.")
    if not scores:
        notes.append(f"{profile['name']} has no pillar scores in the index of {DEFAULT_GROUP}.")
    return {
        "kind": "country",
        "id": iso3,
        "iso2": str(iso2.iloc[0]) if len(iso2) and isinstance(iso2.iloc[0], str) else None,
        "name": profile["name"],
        "year": profile["year"],
        "framework": profile["framework"],
        "plan": {k: plan[k] for k in ("as_of", "horizon")} | {"group": _group(plan)},
        "items": scorecard,
        "gaps": largest_gaps(profile["items"], framework),
        "initiatives": initiatives,
        "sessions": sessions_of(initiatives),
        "data_years": data_years(profile["sources"]),
        "rules": _rules(plan["group"]["name"]),
        "notes": notes,
        "sources": profile["sources"],
    }


def _group(plan: Mapping[str, Any]) -> dict[str, Any]:
    """The plan's group without its member list."""
    return {k: plan["group"][k] for k in ("id", "name", "kind")}


def bloc_brief(
    ws: Workspace, bloc_id: str, framework: Framework, plan: Mapping[str, Any]
) -> Document:
    """The brief of the bloc ``bloc_id`` with its own roadmap's ``plan`` (a stored plan part:
    :func:`southsouth.service.plan_store.plan_part`)."""
    from statistics import median

    from southsouth.registry import resolve_bloc
    from southsouth.service.documents import sources
    from southsouth.service.reads.evidence import INDEX

    bloc = resolve_bloc(ws.warehouse, bloc_id)
    index = INDEX.compute(ws, INDEX.parse(group=bloc.bloc_id, draws=0))
    baseline = plan["baseline"]
    scorecard = []
    for pillar in framework.pillars:
        members = [
            r["pillars"][pillar.id]
            for r in index["items"]
            if r["pillars"].get(pillar.id) is not None
        ]
        rows = [r for r in baseline if r["pillar"] == pillar.id]
        scorecard.append(
            pillar_row(pillar.id, pillar.name, median(members) if members else None, rows)
        )
    used = {found for row in baseline for found in _SOURCE_ID.findall(str(row.get("sources")))}
    block = sources(ws, used)
    initiatives = joined(plan, None)
    return {
        "kind": "bloc",
        "id": bloc.bloc_id,
        "iso2": None,
        "name": bloc.name,
        "year": index["year"],
        "framework": index["framework"],
        "plan": {k: plan[k] for k in ("as_of", "horizon")} | {"group": _group(plan)},
        "members": len(plan["group"]["members"]),
        "items": scorecard,
        "gaps": largest_gaps(baseline, framework),
        "initiatives": initiatives,
        "sessions": sessions_of(initiatives),
        "data_years": data_years(block),
        "rules": _rules(plan["group"]["name"]),
        "notes": [],
        "sources": block,
    }


def _brief(ws: Workspace, p: BriefParams) -> Document:
    from southsouth.indicators.framework import load_framework
    from southsouth.registry import resolve_bloc, resolve_country
    from southsouth.service.plan_store import stored_plan

    framework = ws.framework or load_framework()
    if p.country is not None:
        resolve_country(ws.warehouse, p.country)  # an unknown country fails before planning
        plan = stored_plan(ws, DEFAULT_GROUP, HORIZONS.last)
        return country_brief(ws, p.country, framework, plan)
    assert p.bloc is not None
    bloc = resolve_bloc(ws.warehouse, p.bloc)
    return bloc_brief(ws, bloc.bloc_id, framework, stored_plan(ws, bloc.bloc_id, HORIZONS.last))


BRIEF = Read(
    "brief",
    "A two-page brief on a country or a bloc: scorecard, largest gaps, initiatives, sessions",
    BriefParams,
    _brief,
    ALL_TABLES,
    heavy=lambda p: True,
)
