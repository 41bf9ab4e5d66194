"""Forum fit: mandates in the calendar, the group's own summits first, frameworks, fit lines."""

from __future__ import annotations

import dataclasses
from datetime import date
from importlib import resources

import pytest

from southsouth.errors import InputError
from southsouth.pillars import PILLARS
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.calendar import SUBJECTS, load_forums, parse_forums
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.frameworks import frameworks_for, load_frameworks, parse_frameworks
from southsouth.roadmap.model import Initiative
from southsouth.roadmap.pathways import PILLAR_SUBJECTS, candidate_forums, forum_fit
from southsouth.roadmap.planner import plan

AS_OF = date(2026, 11, 28)
FORUMS = load_forums()
#: The Group of 77's own forums and the proposed Global South summit.
G77_FORUMS = {"G77-MINISTERIAL", "SOUTH-SUMMIT", "GS-SUMMIT"}
#: Catalogue initiatives whose subject is aviation (air links, air services).
AIR = ("direct-air-links", "air-services-liberalisation")


def _forums_text() -> str:
    return resources.files("southsouth.roadmap.data").joinpath("forums.csv").read_text("utf-8")


def _all_members(roadmap: Roadmap, bloc: str) -> list[str]:
    """Ids of scheduled initiatives whose participants are all members of ``bloc``."""
    members = roadmap.evidence.blocs[bloc]
    return [
        s.initiative.id
        for s in roadmap.plan.scheduled
        if s.initiative.participants and set(s.initiative.participants) <= members
    ]


# -- the calendar's mandates --------------------------------------------------------------


def test_every_forum_mandate_uses_known_subjects() -> None:
    assert FORUMS and all(f.mandate for f in FORUMS.values())
    assert all(set(f.mandate) <= set(SUBJECTS) for f in FORUMS.values())
    assert set(FORUMS["WHA"].mandate) == {"health", "pharma"}
    assert set(FORUMS["COP"].mandate) == {"climate", "disaster"}
    assert FORUMS["ICAO-ASSEMBLY"].mandate == ("aviation",)
    # air traffic rights sit outside the WTO (GATS Annex on Air Transport Services)
    assert not FORUMS["WTO-MC"].covers("aviation")
    assert {"technology", "economy"} <= set(FORUMS["WGS"].mandate)
    assert set(FORUMS["AU-ASSEMBLY"].mandate) == set(SUBJECTS)  # the Union's supreme organ


def test_every_pillar_names_the_subjects_its_forums_must_cover() -> None:
    assert set(PILLAR_SUBJECTS) == set(PILLARS)
    assert all(set(subjects) <= set(SUBJECTS) for subjects in PILLAR_SUBJECTS.values())
    # A climate initiative without a subject goes where climate is on the agenda: the COP
    # qualifies, the World Health Assembly does not.
    assert FORUMS["COP"].covers(PILLAR_SUBJECTS["climate"][0])
    assert not any(FORUMS["WHA"].covers(s) for s in PILLAR_SUBJECTS["climate"])


def test_the_icao_assembly_meets_every_three_years_from_its_2025_session() -> None:
    icao = FORUMS["ICAO-ASSEMBLY"]
    assert icao.source_url.startswith("https://www.icao.int/")
    years = [m.day.year for m in icao.sessions(2026, 2034)]
    assert years == [2028, 2031, 2034]


def test_an_unknown_subject_in_the_calendar_is_a_clear_error() -> None:
    text = _forums_text()
    row = next(line for line in text.splitlines() if line.startswith("ICAO-ASSEMBLY,"))
    line = text.splitlines().index(row) + 1
    broken = text.replace(row, row.removesuffix(",aviation") + ",aviaton")
    with pytest.raises(InputError, match=rf"line {line}: unknown subject 'aviaton'"):
        parse_forums(broken)


def test_a_forum_without_a_mandate_is_an_error() -> None:
    text = _forums_text()
    row = next(line for line in text.splitlines() if line.startswith("ICAO-ASSEMBLY,"))
    with pytest.raises(InputError, match="every forum needs a mandate"):
        parse_forums(text.replace(row, row.removesuffix("aviation")))
    header = text.splitlines()[0]
    with pytest.raises(InputError, match="missing columns mandate"):
        parse_forums(text.replace(header, header.removesuffix(",mandate")))


# -- regional frameworks ------------------------------------------------------------------


def test_frameworks_are_cited_and_found_by_bloc_and_subject() -> None:
    frameworks = load_frameworks()
    assert all(f.source and f.source_url.startswith("http") for f in frameworks)
    assert all(set(f.subjects) <= set(SUBJECTS) for f in frameworks)
    assert frameworks_for(["AU"], "aviation") == ("Single African Air Transport Market (SAATM)",)
    assert frameworks_for(["AU"], "trade") == ("African Continental Free Trade Area (AfCFTA)",)
    assert frameworks_for(["AU"], "integration") == ("Agenda 2063",)
    assert frameworks_for(["ASEAN"], "economy") == ("ASEAN Economic Community (AEC)",)
    assert frameworks_for(["LAS", "AU"], "trade") == (
        "Greater Arab Free Trade Area (GAFTA)",
        "African Continental Free Trade Area (AfCFTA)",
    )
    assert frameworks_for(["G77", "BRICS"], "trade") == ()
    assert frameworks_for(["AU"], "religion") == ()


def test_an_unknown_subject_in_the_frameworks_file_is_an_error() -> None:
    text = "bloc_id,subjects,name,source,source_url\nAU,trade;shipping,X,AU,https://au.int\n"
    with pytest.raises(InputError, match="line 2: unknown subject 'shipping'"):
        parse_frameworks(text)


def test_au_trade_and_air_initiatives_extend_afcfta_and_saatm(au_roadmap: Roadmap) -> None:
    items = {i.id: i for i in au_roadmap.catalogue.initiatives}
    assert any("AfCFTA" in f for f in items["trade-corridors"].frameworks)
    assert any("Agenda 2063" in f for f in items["regional-economic-plan"].frameworks)
    air = [items[i] for i in AIR if i in items]
    assert air and all(any("SAATM" in f for f in i.frameworks) for i in air)
    assert not any("SAATM" in f for f in items["trade-corridors"].frameworks)


# -- candidate forums ---------------------------------------------------------------------


def test_candidates_respect_mandates_and_membership(g77_roadmap: Roadmap) -> None:
    ev = g77_roadmap.evidence
    african = sorted(ev.blocs["AU"])[:6]
    mixed = ["BRA", "IND", "KEN", "IDN"]
    trade = candidate_forums(
        ev, FORUMS, pathway="conference", subject="trade", participants=african
    )
    assert trade.index("AU-ASSEMBLY") < trade.index("WTO-MC")  # the AU before the WTO
    air = candidate_forums(ev, FORUMS, pathway="conference", subject="aviation", participants=mixed)
    assert air[0] == "ICAO-ASSEMBLY" and "WTO-MC" not in air
    climate = candidate_forums(
        ev, FORUMS, pathway="conference", subject="climate", participants=mixed
    )
    assert climate[0] == "COP"
    heads = candidate_forums(
        ev, FORUMS, pathway="heads-of-state", subject="technology", participants=mixed
    )
    assert heads == ("WGS", "UNGA")  # the AU Assembly and BRICS only for their members
    summit = candidate_forums(
        ev, FORUMS, pathway="global-south-summit", subject="security", participants=mixed
    )
    assert summit == ("GS-SUMMIT",)  # the G77's mandate is economic, not security
    economy = candidate_forums(
        ev, FORUMS, pathway="global-south-summit", subject="economy", participants=mixed
    )
    assert economy[:2] == ("G77-MINISTERIAL", "SOUTH-SUMMIT")
    with pytest.raises(InputError, match="unknown subject 'shipping'"):
        candidate_forums(ev, FORUMS, pathway="conference", subject="shipping", participants=mixed)


def test_a_bloc_roadmap_puts_its_own_summit_first_whatever_the_pathway(
    au_roadmap: Roadmap,
) -> None:
    ev: GroupEvidence = au_roadmap.evidence
    members = sorted(ev.blocs["AU"])[:4]
    for pathway in ("bloc", "heads-of-state", "conference", "global-south-summit"):
        chosen = candidate_forums(
            ev, FORUMS, pathway=pathway, subject="health", participants=members
        )
        assert chosen[0] == "AU-ASSEMBLY", pathway
    outsider = [*members, "IND"]
    chosen = candidate_forums(
        ev, FORUMS, pathway="conference", subject="health", participants=outsider
    )
    assert "AU-ASSEMBLY" not in chosen and chosen[0] == "WHA"


# -- assignments on real roadmaps ---------------------------------------------------------


def test_au_initiatives_of_members_only_sit_at_the_au_assembly(au_roadmap: Roadmap) -> None:
    at = {s.initiative.id: s.meeting.forum_id for s in au_roadmap.plan.scheduled}
    members_only = _all_members(au_roadmap, "AU")
    assert len(members_only) >= 15
    # but the adaptation programme, launched at the COP where adaptation finance is pledged
    elsewhere = {i: at[i] for i in members_only if at[i] != "AU-ASSEMBLY"}
    assert elsewhere == {"climate-adaptation": "COP"}


def test_asean_initiatives_of_members_only_sit_at_the_asean_summit(asean_roadmap: Roadmap) -> None:
    at = {s.initiative.id: s.meeting.forum_id for s in asean_roadmap.plan.scheduled}
    members_only = _all_members(asean_roadmap, "ASEAN")
    assert len(members_only) >= 10
    # but the adaptation programme, launched at the COP where adaptation finance is pledged
    elsewhere = {i: at[i] for i in members_only if at[i] != "ASEAN-SUMMIT"}
    assert elsewhere == {"climate-adaptation": "COP"}


def test_the_g77_roadmap_uses_its_own_forums_bloc_summits_and_heads_of_state(
    g77_roadmap: Roadmap,
) -> None:
    used = {s.meeting.forum_id for s in g77_roadmap.plan.scheduled}
    assert used & G77_FORUMS
    assert "G77-MINISTERIAL" in used  # the economic plan and other economic items
    assert "AU-ASSEMBLY" in used  # intra-African trade corridors
    assert "WGS" in used
    at = g77_roadmap.plan.by_id()
    corridors = at["trade-corridors"]
    if set(corridors.initiative.participants) <= g77_roadmap.evidence.blocs["AU"]:
        assert corridors.meeting.forum_id == "AU-ASSEMBLY"
        assert any("AfCFTA" in f for f in corridors.initiative.frameworks)


def test_no_aviation_initiative_sits_at_the_wto(
    au_roadmap: Roadmap, g77_roadmap: Roadmap, asean_roadmap: Roadmap
) -> None:
    for roadmap in (au_roadmap, g77_roadmap, asean_roadmap):
        for s in roadmap.plan.scheduled:
            if s.initiative.id in AIR:
                assert "WTO-MC" not in s.initiative.forums
                assert s.meeting.forum_id != "WTO-MC"
    air = g77_roadmap.plan.by_id()["direct-air-links"]
    assert air.initiative.forums[0] == "ICAO-ASSEMBLY"


def test_every_assignment_states_why_its_forum_fits(
    au_roadmap: Roadmap, g77_roadmap: Roadmap, asean_roadmap: Roadmap
) -> None:
    for roadmap in (au_roadmap, g77_roadmap, asean_roadmap):
        assert roadmap.plan.scheduled
        for s in roadmap.plan.scheduled:
            assert s.fit.startswith(f"{s.meeting.forum_name}: "), s.fit
            assert "mandate" in s.fit
            assert s.as_dict()["forum_fit"] == s.fit
    corridors = au_roadmap.plan.by_id()["trade-corridors"]
    count = len(corridors.initiative.participants)
    assert corridors.fit == (
        f"{FORUMS['AU-ASSEMBLY'].name}: all {count} participants are AU members; "
        "its mandate covers economy"
    )
    compact = g77_roadmap.plan.by_id()["health-workforce-compact"]
    assert compact.fit == "World Health Assembly: its mandate covers health"


def test_the_fallback_follows_mandates_and_says_so() -> None:
    item = Initiative(
        id="review",
        pillar="security_integrated",
        title="Review",
        rationale="test",
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway="global-south-summit",
        forums=("SAARC-SUMMIT",),  # dormant: no session
        participants=("IND", "PAK"),
        kpis=(),
        duration_years=4,
        origin="file",
    )
    # from August 2029 the G77 ministerial meets first (September 2029), the proposed
    # Global South summit only in 2031
    later = date(2029, 8, 1)
    placed = plan([item], FORUMS, as_of=later).by_id()["review"]
    assert placed.meeting.forum_id == "GS-SUMMIT"  # the G77's mandate has no security
    assert placed.start == date(2031, 7, 1)
    assert placed.fit == (
        f"{FORUMS['GS-SUMMIT'].name}: Global South fallback, none of its forums (SAARC-SUMMIT) "
        "meets in time; its mandate covers integrated security"
    )
    economic = dataclasses.replace(item, id="plan", pillar="economy")
    placed = plan([economic], FORUMS, as_of=later).by_id()["plan"]
    assert placed.meeting.forum_id == "G77-MINISTERIAL"
    assert placed.start == date(2029, 9, 15)


def test_forum_fit_names_the_subject_when_given() -> None:
    item = Initiative(
        id="links",
        pillar="economy",
        title="Links",
        rationale="test",
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway="conference",
        forums=("ICAO-ASSEMBLY",),
        participants=("BRA", "IND"),
        kpis=(),
        duration_years=4,
    )
    icao = FORUMS["ICAO-ASSEMBLY"]
    assert forum_fit(icao, item) == "ICAO Assembly: its mandate covers aviation"
    assert forum_fit(icao, item, subject="aviation") == "ICAO Assembly: its mandate covers aviation"
    wto = FORUMS["WTO-MC"]
    fit = forum_fit(wto, item)
    assert fit == "WTO Ministerial Conference: its mandate covers economy and trade"
