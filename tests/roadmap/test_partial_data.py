"""Partial and stale data at the point of use (issue 13, item 8).

Initiatives built on partial or stale inputs are provisional and say why in their rationale;
KPIs on them carry a caveat; a group's South–South export share is not published from flows
(or member shares) that cover less than half of the group's goods exports. Coverage is
recomputed from the warehouse's ``trade_flow`` and ``trade_export`` tables.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from southsouth.registry import group_countries
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.catalogue.knowledge import GCI_CAVEAT
from southsouth.roadmap.catalogue.religion import PEW_CAVEAT
from southsouth.roadmap.checks import failed
from southsouth.roadmap.evidence import AFRICA_TRADE
from southsouth.roadmap.model import Initiative
from southsouth.trade.south_share import (
    MIN_EXPORT_COVERAGE,
    REFERENCE_EXPORTS,
    south_south_share,
    south_south_share_for,
)
from southsouth.warehouse.store import Warehouse

AS_OF = date(2026, 11, 28)  # the planning date of the session's roadmaps (conftest.py)


def _initiative(roadmap: Roadmap, initiative_id: str) -> Initiative:
    (found,) = [i for i in roadmap.catalogue.initiatives if i.id == initiative_id]
    return found


def _members(wh: Warehouse, group: str) -> list[str]:
    return sorted(group_countries(wh, group, on=AS_OF, today=AS_OF)["iso3"])


def _reference(wh: Warehouse, iso3: list[str]) -> float:
    """The members' total goods exports in the 2017 HS4 table (US$)."""
    rows = wh.query(
        "SELECT sum(value_usd) AS v FROM trade_export WHERE source_id = ? "
        "AND country_iso3 IN (SELECT unnest(?))",
        [REFERENCE_EXPORTS, iso3],
    )
    return float(rows.at[0, "v"])


@pytest.mark.parametrize(("group", "exporters", "share"), [("AU", 47, "19.1"), ("g77", 47, "1.5")])
def test_trade_corridors_are_provisional_with_their_coverage(
    request: pytest.FixtureRequest,
    full_warehouse: Warehouse,
    group: str,
    exporters: int,
    share: str,
) -> None:
    roadmap: Roadmap = request.getfixturevalue("au_roadmap" if group == "AU" else "g77_roadmap")
    members = _members(full_warehouse, group)
    flows = full_warehouse.query(
        "SELECT exporter_iso3, sum(value_usd) AS v FROM trade_flow WHERE source_id = ? "
        "AND exporter_iso3 IN (SELECT unnest(?)) AND exporter_iso3 <> importer_iso3 "
        "GROUP BY exporter_iso3 HAVING sum(value_usd) > 0",
        [AFRICA_TRADE, members],
    )
    carried, total = float(flows["v"].sum()), _reference(full_warehouse, members)
    assert len(flows) == exporters
    assert f"{100 * carried / total:.1f}" == share
    corridors = _initiative(roadmap, "trade-corridors")
    clause = (
        f"{exporters} of the {len(members)} members export in them, carrying "
        f"US${carried / 1e9:,.1f} bn (2022), {share} % of the members' goods exports in the "
        f"2017 HS4 table (US${total / 1e9:,.1f} bn)"
    )
    assert corridors.provisional.startswith("the links come from intra-African flows only")
    assert clause in corridors.provisional
    assert "Provisional: the links come from intra-African flows only" in corridors.rationale
    assert clause in corridors.rationale


@pytest.mark.parametrize("plan", ["g77_roadmap", "au_roadmap"])
def test_air_links_use_the_2026_routes_and_say_so(plan: str, request: pytest.FixtureRequest):
    """Acceptance (issue 15): the air-link initiative uses the May 2026 network, says so, and
    stays provisional because the route data carry no licence."""
    links = _initiative(request.getfixturevalue(plan), "direct-air-links")
    assert links.provisional.startswith(
        "Routes are the scheduled services listed around 2026-05-03"
    )
    assert "licence: none stated" in links.provisional
    assert "had no non-stop flight in 2026" in links.rationale
    assert "(2026)" in links.evidence[0].claim
    (kpi,) = links.kpis
    assert kpi.baseline_year == 2026
    assert kpi.caveat is None or "stale" not in kpi.caveat


def test_pew_and_gci_findings_say_so_where_used(g77_roadmap: Roadmap) -> None:
    interfaith = _initiative(g77_roadmap, "interfaith")
    assert interfaith.provisional.startswith(PEW_CAVEAT)
    assert interfaith.rationale.endswith(f"Provisional: {PEW_CAVEAT}.")
    for kpi in interfaith.kpis:
        assert kpi.baseline_year == 2014 and PEW_CAVEAT in kpi.caveat
    cyber = _initiative(g77_roadmap, "cyber-capacity")
    assert cyber.provisional.startswith(GCI_CAVEAT)
    assert f"Provisional: {GCI_CAVEAT}." in cyber.rationale
    assert all(k.baseline_year == 2024 and GCI_CAVEAT in k.caveat for k in cyber.kpis)
    # the reason is given once, the stale years once per group of KPIs
    assert cyber.provisional.count(GCI_CAVEAT) == 1


def test_caveated_kpis_make_their_initiative_provisional(
    au_roadmap: Roadmap, g77_roadmap: Roadmap
) -> None:
    for roadmap in (au_roadmap, g77_roadmap):
        for item in roadmap.catalogue.initiatives:
            if any(k.caveat for k in item.kpis):
                assert item.provisional, item.id
        recent = _initiative(roadmap, "health-financing-compact")
        assert not recent.provisional and not any(k.caveat for k in recent.kpis)
        assert not [c for c in failed(roadmap.checks) if c.check == "partial-data"]


def test_no_group_south_south_share_from_two_exporters(
    g77_roadmap: Roadmap, full_warehouse: Warehouse
) -> None:
    """Only AFG and ZAF have a share (the BACI extract): 1.9 % of the G77's 2017 exports."""
    members = _members(full_warehouse, "g77")
    known = full_warehouse.query(
        "SELECT DISTINCT country_iso3 FROM observation "
        "WHERE indicator = 'south_south_export_share_pct' AND country_iso3 IN (SELECT unnest(?))",
        [members],
    )["country_iso3"]
    assert sorted(known) == ["AFG", "ZAF"]
    held = _reference(full_warehouse, sorted(known)) / _reference(full_warehouse, members)
    row = g77_roadmap.evidence.baseline_row("south_south_exports")
    assert row is not None and pd.isna(row["value"]) and row["light"] is None
    assert (
        f"no group share: the members with a share (AFG, ZAF) hold {100 * held:.1f} % of the "
        "group's goods exports in the 2017 HS4 table, below the 50 % a group share needs"
    ) in row["note"]
    assert all(
        k.indicator != "south_south_exports"
        for i in g77_roadmap.catalogue.initiatives
        for k in i.kpis
    )


def test_group_share_needs_half_of_the_groups_exports(full_warehouse: Warehouse) -> None:
    """Intra-African flows carry 1.5 % of the G77's exports: no G77 share (it was 100 %)."""
    result = south_south_share_for(full_warehouse, AFRICA_TRADE)
    groups = result.groups.set_index("group")
    assert np.isnan(groups.loc["g77", "export_share_pct"])
    assert groups.loc["g77", "export_value_coverage_pct"] == pytest.approx(1.478, abs=0.001)
    assert any(
        n.startswith("g77: no group share: the flows carry US$101.1 bn") for n in result.notes
    )
    # the countries' own shares are still given
    assert result.countries.set_index("iso3").loc["ZAF", "export_share_pct"] > 0


def test_group_share_threshold_on_a_hand_case() -> None:
    """A exports 60 (40 to the South), B 40; the reference says A and B export 100 and 150."""
    flows = pd.DataFrame(
        {
            "year": 2020,
            "exporter": ["A", "A", "B"],
            "importer": ["B", "C", "A"],
            "product": ["p", "p", "q"],
            "value": [40.0, 20.0, 40.0],
        }
    )
    covered = south_south_share(flows, ["A", "B"], reference=pd.Series({"A": 100.0, "B": 80.0}))
    south = covered.groups.set_index("group").loc["south"]
    assert south["export_value_coverage_pct"] == pytest.approx(100 * 100 / 180)
    assert south["export_share_pct"] == pytest.approx(80.0)
    short = south_south_share(flows, ["A", "B"], reference=pd.Series({"A": 100.0, "B": 150.0}))
    row = short.groups.set_index("group").loc["south"]
    assert MIN_EXPORT_COVERAGE == 0.5  # 100 of 250 is below it
    assert np.isnan(row["export_share_pct"]) and np.isnan(row["trade_share_pct"])
    assert any("40.0 % of their goods exports" in n for n in short.notes)
