"""Plan credibility (issue 13): capacity chosen by absolute scale; pairs counted once.

Expected values are recomputed here from the warehouse's raw tables (``observation`` and
``relation``), not from the roadmap's own evidence.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from southsouth.registry import group_countries
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.catalogue.health import HUB_MIN_USD, HUB_RCA
from southsouth.roadmap.model import Initiative
from southsouth.warehouse.store import Warehouse

AS_OF = date(2026, 11, 28)  # the planning date of the session's roadmaps (conftest.py)


def _initiative(roadmap: Roadmap, initiative_id: str) -> Initiative:
    (found,) = [s.initiative for s in roadmap.plan.scheduled if s.initiative.id == initiative_id]
    return found


def _pharma_table(wh: Warehouse, members: list[str]) -> pd.DataFrame:
    """RCA and absolute HS 30 exports (US$ per person × same-year WDI population)."""
    return wh.query(
        """
        WITH pp AS (SELECT country_iso3, year, value FROM observation
                    WHERE indicator = 'pharma_exports_usd_per_capita'),
             rca AS (SELECT country_iso3, value AS rca FROM observation
                     WHERE indicator = 'pharma_export_rca'),
             pop AS (SELECT country_iso3, year, value AS pop FROM observation
                     WHERE indicator = 'wdi_population')
        SELECT pp.country_iso3 AS iso3, rca.rca, pp.value * pop.pop AS exports
        FROM pp JOIN rca USING (country_iso3) JOIN pop USING (country_iso3, year)
        WHERE pp.country_iso3 IN (SELECT unnest(?))
        """,
        [members],
    ).set_index("iso3")


def _ongoing_pairs(wh: Warehouse) -> set[frozenset[str]]:
    rows = wh.query(
        "SELECT country_a, country_b FROM relation "
        "WHERE source_id = 'tss-rivalries' AND year_end IS NULL"
    )
    return {frozenset((r.country_a, r.country_b)) for r in rows.itertuples()}


def test_g77_pharma_hubs_are_the_largest_specialised_exporters(
    g77_roadmap: Roadmap, full_warehouse: Warehouse
) -> None:
    hubs_initiative = _initiative(g77_roadmap, "pharma-hubs")
    members = sorted(group_countries(full_warehouse, "g77", on=AS_OF, today=AS_OF)["iso3"])
    table = _pharma_table(full_warehouse, members)
    specialised = table[(table["rca"] >= HUB_RCA) & (table["exports"] >= HUB_MIN_USD)]
    hubs = [c for c in hubs_initiative.participants if c in specialised.index]
    assert len(hubs) == 3
    assert "IND" in hubs
    assert (table.loc[hubs, "rca"] >= 1.0).all()
    # the three hubs are the three largest exporters among specialised members
    largest = set(specialised.sort_values("exports", ascending=False).index[:3])
    assert set(hubs) == largest
    # India: about US$16 bn of HS 30 exports in 2017, stated with its RCA
    assert table.loc["IND", "exports"] == pytest.approx(15.96e9, rel=0.01)
    assert "India (US$16.0 bn, RCA 1.32)" in hubs_initiative.rationale
    assert "ranked by export value" in hubs_initiative.rationale


def test_large_exporters_are_not_listed_as_demand(
    g77_roadmap: Roadmap, full_warehouse: Warehouse
) -> None:
    hubs_initiative = _initiative(g77_roadmap, "pharma-hubs")
    members = sorted(group_countries(full_warehouse, "g77", on=AS_OF, today=AS_OF)["iso3"])
    table = _pharma_table(full_warehouse, members)
    at_scale = set(table[table["exports"] >= HUB_MIN_USD].index)
    demand = [c for c in hubs_initiative.participants if c not in at_scale or c not in table.index]
    assert "CHN" in at_scale and "CHN" not in hubs_initiative.participants
    assert len(demand) == 5
    assert all(table.loc[c, "exports"] < HUB_MIN_USD for c in demand if c in table.index)
    assert "China (US$8.7 bn, RCA 0.09)" in hubs_initiative.rationale


@pytest.mark.parametrize("group", ["g77", "AU"])
def test_rivalries_count_each_pair_once(
    group: str, g77_roadmap: Roadmap, au_roadmap: Roadmap, full_warehouse: Warehouse
) -> None:
    roadmap = g77_roadmap if group == "g77" else au_roadmap
    members = set(group_countries(full_warehouse, group, on=AS_OF, today=AS_OF)["iso3"])
    pairs = _ongoing_pairs(full_warehouse)
    touching = [p for p in pairs if p & members]
    inside = [p for p in touching if p <= members]
    per_country_sum = sum(len(p & members) for p in pairs)
    assert per_country_sum > len(touching)  # the old sum counted pairs inside twice
    row = roadmap.evidence.baseline_row("strategic_rivalries")
    assert row is not None and row["value"] == len(touching) <= len(pairs)
    assert f"{len(inside)} of them between two members" in row["note"]
    checked = 0
    for scheduled in roadmap.plan.scheduled:
        for kpi in scheduled.initiative.kpis:
            if kpi.indicator != "strategic_rivalries":
                continue
            scope = (
                members
                if "group aggregate" in kpi.scope
                else set(scheduled.initiative.participants)
            )
            assert kpi.baseline == len([p for p in pairs if p & scope]) <= len(pairs)
            checked += 1
    framework = _initiative(roadmap, "integrated-security-framework")
    assert [k.baseline for k in framework.kpis if k.indicator == "strategic_rivalries"] == [
        len(touching)
    ]
    assert checked >= 2


@pytest.mark.parametrize("group", ["g77", "AU"])
def test_participant_rivalry_kpis_count_distinct_pairs(
    group: str, g77_roadmap: Roadmap, au_roadmap: Roadmap, full_warehouse: Warehouse
) -> None:
    roadmap = g77_roadmap if group == "g77" else au_roadmap
    pairs = _ongoing_pairs(full_warehouse)
    mechanism = _initiative(roadmap, "territorial-claims-mechanism")
    parties = set(mechanism.participants)
    (kpi,) = [k for k in mechanism.kpis if k.indicator == "strategic_rivalries"]
    assert kpi.baseline == len([p for p in pairs if p & parties])
    counts = [int(n) for n in re.findall(r"(\d+) distinct ongoing rivalries", kpi.scope)]
    assert counts == [kpi.baseline]


def test_trade_corridors_count_country_pairs_once(au_roadmap: Roadmap) -> None:
    assert au_roadmap.evidence.trade_links is not None
    links = au_roadmap.evidence.trade_links.missing_links()
    pairs = {frozenset(p) for p in zip(links["exporter"], links["importer"], strict=True)}
    assert len(pairs) < len(links)  # some pairs are flagged in both directions
    rationale = _initiative(au_roadmap, "trade-corridors").rationale
    assert f"{len(links)} exporter→importer links ({len(pairs)} country pairs)" in rationale


@pytest.mark.parametrize(
    ("fixture", "left_out"),
    [
        # India and Pakistan; Egypt and Iran; Morocco and Algeria (border closed since 1994,
        # relations cut in 2021): high demand, high tension.
        ("g77_roadmap", {("IND", "PAK"), ("EGY", "IRN"), ("DZA", "MAR")}),
        ("au_roadmap", {("DZA", "MAR")}),
    ],
)
def test_air_links_leave_out_pairs_in_high_tension(
    fixture: str, left_out: set[tuple[str, str]], request: pytest.FixtureRequest
) -> None:
    roadmap: Roadmap = request.getfixturevalue(fixture)
    ev = roadmap.evidence
    assert ev.air is not None
    table = ev.air.table
    ranked = [tuple(sorted(p)) for p in zip(table["from_iso3"], table["to_iso3"], strict=True)]
    tense = {tuple(sorted(p)) for p in zip(ev.tensions["a"], ev.tensions["b"], strict=True)}
    calm = [p for p in ranked if p not in tense][:10]
    above = {p for p in ranked[: ranked.index(calm[-1])] if p in tense}
    assert above == left_out
    links = _initiative(roadmap, "direct-air-links")
    assert sorted({c for p in calm for c in p}) == sorted(links.participants)
    assert f"ranks above the last link chosen: {len(left_out)}." in links.rationale
