"""Climate initiatives: joint adaptation and early warning, technology cooperation, a common
position for the next COP.

Participants come from the members' latest values of the climate pillar (ND-GAIN 2022 release,
data to 2020; OWID CO2, data to 2018), so every climate initiative is provisional: its data are
more than five years old.

* **Adaptation and early warning** — the most vulnerable members: those lit red or orange on
  ND-GAIN vulnerability (above the midpoint of the framework's thresholds), most vulnerable
  first, at most :data:`MAX_VULNERABLE`; with the most ready partners: the
  :data:`MAX_PARTNERS` members of the rest with the highest ND-GAIN readiness, of at least
  :data:`PARTNER_PEOPLE` people and not red or orange on readiness. It is launched at the COP,
  where adaptation finance is pledged, not at the bloc's summit. Vulnerability is mostly
  exposure and moves slowly: readiness carries the commitment and vulnerability is tracked
  (calibration marks it *monitor* when no feasible target beats the trend).
* **Climate-technology cooperation** — the members lit red or orange on CO2 per person with
  the same ready partners: low-carbon and adaptation technology shared inside the South.
* **Common position for the next COP** — every member, agreed at the group's own summit,
  on the group's share of the world's annual and cumulative CO2 against its vulnerability.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from southsouth.indicators.dashboard import LightThresholds
from southsouth.language import content as words
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.need import stale
from southsouth.roadmap.catalogue.sentences import (
    Sentence,
    countries,
    group,
    part,
    provisional,
    said,
    say,
)
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import make_kpi, scope_baseline, spec_of
from southsouth.roadmap.model import EvidenceLink
from southsouth.roadmap.pathways import home_bloc

VULNERABILITY = "climate_vulnerability"
READINESS = "climate_readiness"
CO2 = "co2_per_capita"
CO2_SHARE = "co2_share_global"
CO2_CUMULATIVE = "co2_cumulative_share"
#: The most vulnerable members a joint programme takes.
MAX_VULNERABLE = 10
#: The fewest vulnerable members that make a joint programme.
MIN_VULNERABLE = 2
#: Ready partners an initiative takes, and the people a partner needs (capacity to lend
#: forecasters, systems and engineers).
MAX_PARTNERS = 3
PARTNER_PEOPLE = 1e6
#: Lights that mark a member in need on an indicator.
IN_NEED = ("red", "orange")
#: The forum where adaptation finance is pledged.
COP = "COP"


def _in_need(ev: GroupEvidence, indicator: str) -> pd.Series:
    """Members lit red or orange on ``indicator`` with their latest values, worst first."""
    spec = spec_of(ev, indicator)
    values = ev.column(indicator).dropna()
    lights = ev.lights(indicator)
    chosen = values[lights.reindex(values.index).isin(IN_NEED)]
    return chosen.sort_values(ascending=spec.direction > 0)


def most_vulnerable(ev: GroupEvidence) -> list[str]:
    """The members lit red or orange on ND-GAIN vulnerability, most vulnerable first (at most
    :data:`MAX_VULNERABLE`)."""
    return [str(c) for c in _in_need(ev, VULNERABILITY).index[:MAX_VULNERABLE]]


def most_ready(ev: GroupEvidence, besides: list[str]) -> list[str]:
    """The :data:`MAX_PARTNERS` members not in ``besides`` with the highest ND-GAIN readiness,
    of at least :data:`PARTNER_PEOPLE` people and not red or orange on readiness."""
    values = ev.column(READINESS).dropna()
    lights = ev.lights(READINESS).reindex(values.index)
    people = ev.population.reindex(values.index)
    fit = values[~lights.isin(IN_NEED) & (people >= PARTNER_PEOPLE) & ~values.index.isin(besides)]
    return [str(c) for c in fit.sort_values(ascending=False).index[:MAX_PARTNERS]]


def _edge(ev: GroupEvidence, indicator: str) -> float:
    """The value above which (below for higher-is-better) a member is orange or red."""
    spec = spec_of(ev, indicator)
    if spec.green is None or spec.red is None:
        raise ValueError(f"{indicator} has no traffic-light thresholds")
    return LightThresholds(spec.green, spec.red).midpoint


def _year(ev: GroupEvidence, indicator: str, members: list[str]) -> int:
    """The newest year of the members' latest values of ``indicator``."""
    rows = ev.latest[
        (ev.latest["indicator"] == indicator)
        & ev.latest["country_iso3"].isin(members)
        & ev.latest["value"].notna()
    ]
    return int(rows["year"].max()) if len(rows) else ev.year


def _people(ev: GroupEvidence, members: list[str]) -> dict[str, object]:
    """The members' head-count for a sentence."""
    return words.head_count(float(ev.population.reindex(members).fillna(0).sum()))


def _dated(ev: GroupEvidence, indicator: str, finding: object) -> tuple[list[Sentence], str]:
    """The provisional sentence and note when the data behind ``finding`` are stale."""
    found = stale(ev, indicator, finding)
    return ([provisional(found)], said(found)) if found else ([], "")


def _mean(ev: GroupEvidence, indicator: str, members: list[str]) -> float | None:
    """``indicator`` over ``members`` as a KPI scope reads it (None without data)."""
    found = scope_baseline(ev, spec_of(ev, indicator), members) if members else None
    return None if found is None else found[0]


def adaptation(b: Builder) -> None:
    """Joint adaptation and early warning among the most vulnerable members with the most
    ready partners, launched at the COP."""
    ev, title = b.ev, "Joint adaptation and early-warning programme"
    if ev.column(VULNERABILITY).dropna().empty:
        b.skip(
            "climate-adaptation",
            "climate",
            title,
            f"no member of {ev.name} has ND-GAIN vulnerability data",
        )
        return
    vulnerable = most_vulnerable(ev)
    if len(vulnerable) < MIN_VULNERABLE:
        b.skip(
            "climate-adaptation",
            "climate",
            title,
            f"fewer than {MIN_VULNERABLE} members of {ev.name} score above "
            f"{_edge(ev, VULNERABILITY):g} on ND-GAIN vulnerability (red or orange)",
        )
        return
    partners = most_ready(ev, vulnerable)
    year = _year(ev, VULNERABILITY, vulnerable)
    scope = f"the {len(vulnerable)} most vulnerable members"
    kpis = (
        make_kpi(ev, READINESS, countries=vulnerable, scope=scope),
        make_kpi(ev, VULNERABILITY, countries=vulnerable, scope=scope),
    )
    ready = _mean(ev, READINESS, vulnerable)
    found = part("climate-adaptation.finding")
    dated, note = _dated(ev, VULNERABILITY, found)
    wording: list[Sentence] = [
        say(
            "climate-adaptation.1",
            n=len(vulnerable),
            group=group(ev),
            edge=words.figure(_edge(ev, VULNERABILITY)),
            year=year,
            people=_people(ev, vulnerable),
            vulnerable=countries(ev, vulnerable, MAX_VULNERABLE),
        ),
    ]
    if partners:
        wording.append(
            say(
                "climate-adaptation.2",
                partners=countries(ev, partners),
                readiness=words.figure(float(_mean(ev, READINESS, partners) or 0.0)),
                theirs=words.figure(float(ready or 0.0)),
            )
        )
    else:
        wording.append(say("climate-adaptation.2.alone"))
    wording += [say("climate-adaptation.3"), *dated]
    before = len(b.initiatives)
    b.add(
        id="climate-adaptation",
        pillar="climate",
        title=title,
        wording=wording,
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway="conference",
        subject="disaster",
        participants=[*vulnerable, *partners],
        kpis=kpis,
        duration_years=5,
        evidence=(
            EvidenceLink(
                f"{len(vulnerable)} members red or orange on ND-GAIN vulnerability ({year})",
                "climate",
                ev.baseline_sources(VULNERABILITY),
            ),
        ),
        participants_note=f"{scope} and {len(partners)} ready partners",
        provisional=note,
    )
    if len(b.initiatives) > before:
        _at_the_cop(b)


def _at_the_cop(b: Builder) -> None:
    """The initiative just filed, its forums without the group's own: it is launched at the COP
    (then the open heads-of-state meetings), where adaptation finance is pledged."""
    item = b.initiatives[-1]
    home = home_bloc(b.ev)
    kept = tuple(
        f for f in item.forums if f in b.forums and (home is None or b.forums[f].bloc_id != home)
    )
    first = () if COP in kept or COP not in b.forums else (COP,)
    b.initiatives[-1] = replace(item, forums=(*first, *kept))


def technology(b: Builder) -> None:
    """Low-carbon and adaptation technology shared between the members emitting most per person
    and the most ready members."""
    ev, title = b.ev, "South–South climate-technology cooperation"
    emitters = [str(c) for c in _in_need(ev, CO2).index]
    if not emitters:
        b.skip(
            "climate-technology-cooperation",
            "climate",
            title,
            f"no member of {ev.name} emits more than {_edge(ev, CO2):g} t of CO2 per person "
            "(red or orange)",
        )
        return
    partners = most_ready(ev, emitters)
    year = _year(ev, CO2, emitters)
    scope = f"{len(emitters)} members in red or orange"
    kpis = (make_kpi(ev, CO2, countries=emitters, scope=scope),)
    found = part("climate-technology.finding")
    dated, note = _dated(ev, CO2, found)
    wording: list[Sentence] = [
        say(
            "climate-technology.1",
            n=len(emitters),
            group=group(ev),
            edge=words.figure(_edge(ev, CO2)),
            year=year,
            emitters=countries(ev, emitters),
            level=words.figure(float(_mean(ev, CO2, emitters) or 0.0)),
        ),
        say("climate-technology.2", partners=countries(ev, partners))
        if partners
        else say("climate-technology.2.alone"),
        *dated,
    ]
    b.add(
        id="climate-technology-cooperation",
        pillar="climate",
        title=title,
        wording=wording,
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="climate",
        participants=[*emitters, *partners],
        kpis=kpis,
        duration_years=5,
        evidence=(
            EvidenceLink(
                f"{len(emitters)} members emit more than {_edge(ev, CO2):g} t CO2 per person "
                f"({year})",
                "climate",
                ev.baseline_sources(CO2),
            ),
        ),
        participants_note=f"{scope} and {len(partners)} ready partners",
        provisional=note,
    )


def negotiating_position(b: Builder) -> None:
    """A common position for the next COP, agreed by every member at the group's summit."""
    ev, title = b.ev, "Common negotiating position for the next COP"
    share = scope_baseline(ev, spec_of(ev, CO2_SHARE), None)
    cumulative = scope_baseline(ev, spec_of(ev, CO2_CUMULATIVE), None)
    if share is None or cumulative is None:
        b.skip(
            "cop-negotiating-position",
            "climate",
            title,
            f"no aggregate of {ev.name}'s share of world CO2",
        )
        return
    vulnerable = _in_need(ev, VULNERABILITY)
    measured = int(ev.column(VULNERABILITY).notna().sum())
    kpis = (make_kpi(ev, READINESS),)
    found = part("cop-negotiating-position.finding")
    dated, note = _dated(ev, CO2_SHARE, found)
    b.add(
        id="cop-negotiating-position",
        pillar="climate",
        title=title,
        wording=(
            say(
                "cop-negotiating-position.1",
                group=group(ev),
                share=part("percent", figure=words.figure(share[0])),
                cumulative=part("percent", figure=words.figure(cumulative[0])),
                year=share[1],
                vulnerable=len(vulnerable),
                measured=measured,
            ),
            say("cop-negotiating-position.2"),
            *dated,
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.summit_pathway,
        subject="climate",
        participants=ev.iso3,
        kpis=kpis,
        duration_years=4,
        evidence=(
            EvidenceLink(
                f"{share[0]:.2f} % of world CO2 and {cumulative[0]:.2f} % of cumulative CO2 "
                f"({share[1]})",
                "climate",
                ev.baseline_sources(CO2_SHARE),
            ),
        ),
        provisional=note,
    )
