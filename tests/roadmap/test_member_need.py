"""Member-level need (issue 13, item 3): who is red or orange decides initiatives and members.

Expected values are recomputed from the warehouse's ``observation`` table with the evidence's
latest-value rule (:func:`southsouth.indicators.matrix.latest_values`): for each member, the
newest non-missing value observed in the planning year or the indicator's window of years
before it (2026 and a window of 4: 2022–2026). Lights follow the SDSN rule: a value on a
boundary takes the better colour. Population is Gapminder's (UN WPP 2024) for 2026.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from southsouth.language.numbers import people
from southsouth.registry import group_countries
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.catalogue import need as need_module
from southsouth.roadmap.catalogue.need import RED_MIN, RED_SHARE, need
from southsouth.roadmap.evidence import MEMBER_COLUMNS
from southsouth.roadmap.model import Initiative
from southsouth.warehouse.store import Warehouse

AS_OF = date(2026, 11, 28)  # the planning date of the session's roadmaps (conftest.py)


def _latest(wh: Warehouse, group: str, source: str, window: int) -> pd.Series:
    """Each member's newest value of ``source`` in 2026 − window … 2026 (ISO3 → value)."""
    members = sorted(group_countries(wh, group, on=AS_OF, today=AS_OF)["iso3"])
    rows = wh.query(
        "SELECT country_iso3, year, value FROM observation WHERE indicator = ? "
        "AND country_iso3 IN (SELECT unnest(?)) AND year BETWEEN ? AND ? AND value IS NOT NULL",
        [source, members, AS_OF.year - window, AS_OF.year],
    )
    newest = rows.sort_values("year").groupby("country_iso3").tail(1)
    return newest.set_index("country_iso3")["value"].astype(float)


def _population(wh: Warehouse, iso3: list[str]) -> float:
    rows = wh.query(
        "SELECT sum(value) AS n FROM observation WHERE indicator = 'gapminder_population' "
        "AND year = ? AND country_iso3 IN (SELECT unnest(?))",
        [AS_OF.year, iso3],
    )
    return float(rows.at[0, "n"])


def _lower_is_better(values: pd.Series, green: float, red: float) -> tuple[list[str], list[str]]:
    """Members red (above ``red``) and orange (above the midpoint, up to ``red``)."""
    middle = (green + red) / 2
    reds = sorted(values.index[values > red])
    oranges = sorted(values.index[(values > middle) & (values <= red)])
    return reds, oranges


def _initiative(roadmap: Roadmap, initiative_id: str) -> Initiative:
    (found,) = [i for i in roadmap.catalogue.initiatives if i.id == initiative_id]
    return found


def test_g77_health_financing_compact_exists_on_member_need(
    g77_roadmap: Roadmap, full_warehouse: Warehouse
) -> None:
    """7.3 % weighted (yellow) hides 40 of 133 members above 20 % of spending from donors."""
    shares = _latest(full_warehouse, "g77", "who_ghed_ext_pct_che", window=4)
    reds, oranges = _lower_is_better(shares, green=5.0, red=20.0)
    assert (len(shares), len(reds), len(oranges)) == (133, 40, 19)
    row = g77_roadmap.evidence.baseline_row("external_health_financing")
    assert row is not None and row["light"] == "yellow"
    assert row["value"] == pytest.approx(7.31, abs=0.01)

    compact = _initiative(g77_roadmap, "health-financing-compact")
    assert compact.participants == tuple(sorted([*reds, *oranges]))
    red_people = people(_population(full_warehouse, reds))
    assert (
        f"7.31 % population-weighted (yellow), but 40 of 133 members with data are red "
        f"(above 20 %), {red_people} people; 19 more are orange (above 12.5 %)"
    ) in compact.rationale
    assert {k.members for k in compact.kpis} == {compact.participants}


def test_g77_debt_transparency_exists_on_member_need(
    g77_roadmap: Roadmap, full_warehouse: Warehouse
) -> None:
    """15.2 % weighted (yellow) hides 28 of 98 members above the 21 % red threshold."""
    service = _latest(full_warehouse, "g77", "gapminder_debt_service_pct_exports", window=4)
    reds, oranges = _lower_is_better(service, green=10.0, red=21.0)
    assert (len(service), len(reds), len(oranges)) == (98, 28, 12)
    facility = _initiative(g77_roadmap, "debt-transparency")
    assert facility.participants == tuple(sorted([*reds, *oranges]))
    assert "(yellow), but 28 of 98 members with data are red (above 21 %)" in facility.rationale
    assert "debt-transparency" not in {s.id for s in g77_roadmap.catalogue.skipped}


def test_baseline_has_member_level_columns(g77_roadmap: Roadmap, full_warehouse: Warehouse) -> None:
    """Internet use (higher is better: red below 50 %, orange from 50 % to below 65 %)."""
    baseline = g77_roadmap.evidence.baseline
    assert set(MEMBER_COLUMNS) <= set(baseline.columns)
    users = _latest(full_warehouse, "g77", "gapminder_internet_users_pct", window=4)
    reds = sorted(users.index[users < 50.0])
    oranges = sorted(users.index[(users >= 50.0) & (users < 65.0)])
    row = g77_roadmap.evidence.baseline_row("internet_users")
    assert row is not None
    assert row["members_with_data"] == len(users) == 123
    assert (row["n_red"], row["n_orange"]) == (len(reds), len(oranges)) == (39, 17)
    assert list(row["red_members"]) == reds and list(row["orange_members"]) == oranges
    assert row["red_population"] == pytest.approx(_population(full_warehouse, reds), rel=1e-12)
    assert row["orange_population"] == pytest.approx(
        _population(full_warehouse, oranges), rel=1e-12
    )
    # an indicator without thresholds has no lights, only members with data
    military = g77_roadmap.evidence.baseline_row("military_burden")
    assert military is not None and pd.isna(military["n_red"])
    assert military["red_members"] is None and military["members_with_data"] == 99


def test_participants_are_the_members_in_red_or_orange(g77_roadmap: Roadmap) -> None:
    ev = g77_roadmap.evidence
    for initiative_id, indicator in (
        ("digital-connectivity", "internet_users"),
        ("rd-investment", "rd_expenditure"),
    ):
        found = need(ev, indicator)
        assert found is not None and found.exists
        lights = ev.lights(indicator)
        expected = tuple(sorted(lights.index[lights.isin(["red", "orange"])]))
        assert _initiative(g77_roadmap, initiative_id).participants == expected
    connectivity = _initiative(g77_roadmap, "digital-connectivity")
    assert len(connectivity.participants) == 56 < len(ev.iso3)  # was every member
    cyber = _initiative(g77_roadmap, "cyber-capacity")
    gci = need(ev, "cybersecurity_commitment")
    assert gci is not None and set(gci.participants) < set(cyber.participants)  # and mentors


def test_the_rule_needs_one_in_five_and_three_red(au_roadmap: Roadmap) -> None:
    """AU: Pew aggregates yellow and 1 of 55 members red on each index: no interfaith step."""
    assert (RED_SHARE, RED_MIN) == (0.2, 3)
    assert "one in five" in (need_module.__doc__ or "")
    gri = need(au_roadmap.evidence, "government_restrictions")
    assert gri is not None
    assert (gri.light, len(gri.red), gri.measured) == ("yellow", 1, 55)
    assert not gri.by_aggregate and not gri.by_members and not gri.exists
    (skip,) = [s for s in au_roadmap.catalogue.skipped if s.id == "interfaith"]
    assert "1 of 55 members with data is red (above 6.6)" in skip.reason
    assert "neither a red or orange aggregate nor one in 5" in skip.reason


def test_au_aggregate_red_decides_and_members_join(au_roadmap: Roadmap) -> None:
    """AU external health financing is red as a whole; its red and orange members join."""
    found = need(au_roadmap.evidence, "external_health_financing")
    assert found is not None and found.by_aggregate and found.light == "red"
    compact = _initiative(au_roadmap, "health-financing-compact")
    assert compact.participants == found.participants
    assert len(found.red) == 27 and len(compact.participants) == 38
    assert "population-weighted (red), and 27 of 54 members with data are red" in (
        compact.rationale
    )
