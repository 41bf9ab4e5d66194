"""The coverage guard of trade aggregates: hand cases, then both sides of the threshold on the
mirror's flows (the BACI extract of two exporters, the intra-African table)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from southsouth.errors import InputError
from southsouth.registry import group_countries
from southsouth.trade.coverage import (
    FULL_COVERAGE,
    MIN_COVERAGE,
    REFERENCE_EXPORTS,
    RULE,
    group_coverage,
)
from southsouth.trade.south_share import south_south_share, south_south_share_for
from southsouth.trade.substitution import options_for, substitution_for
from southsouth.warehouse.store import Warehouse

EXTRACT = "baci-hs92-2021-afg-zaf"
AFRICA = "africa-intra-trade-sections"


def test_thresholds_by_hand():
    assert (MIN_COVERAGE, FULL_COVERAGE) == (0.5, 0.9)
    reference = pd.Series({"A": 60.0, "B": 30.0, "C": 10.0})
    full = group_coverage("g", 2020, "ABC", pd.Series({"A": 60.0, "B": 30.0}), reference=reference)
    assert (full.member_coverage, full.value_coverage, full.status) == (0.9, 0.9, "complete")
    half = group_coverage("g", 2020, "ABC", pd.Series({"A": 50.0}), reference=reference)
    assert (half.member_coverage, half.value_coverage) == (0.6, 0.5)
    assert half.status == "provisional"  # both at least 50 %, below 90 %
    thin = group_coverage("g", 2020, "ABC", pd.Series({"A": 49.0}), reference=reference)
    assert thin.status == "insufficient" and thin.with_data == ("A",)
    assert "1 of 3 members have flows (A); they hold 60.0 % of its exports" in thin.note()
    # Population weighs the members when no export table is given: value coverage unknown.
    people = pd.Series({"A": 1.0, "B": 3.0, "C": 1.0})
    weighed = group_coverage("g", 2020, "ABC", pd.Series({"B": 5.0}), population=people)
    assert (weighed.basis, weighed.member_coverage, weighed.status) == (
        "population",
        0.6,
        "provisional",
    )
    assert np.isnan(weighed.value_coverage) and weighed.as_dict()["value_coverage_pct"] is None
    none = group_coverage("g", 2020, "ABC", pd.Series(dtype=float))
    assert (none.basis, none.status) == ("members", "insufficient")


def test_group_share_by_population_when_no_export_table():
    flows = pd.DataFrame(
        {
            "year": 2020,
            "exporter": ["A", "A", "B"],
            "importer": ["B", "C", "A"],
            "product": ["p", "p", "q"],
            "value": [40.0, 20.0, 40.0],
        }
    )
    shown = south_south_share(flows, ["A", "B"], population=pd.Series({"A": 1.0, "B": 1.0}))
    south = shown.groups.set_index("group").loc["south"]
    assert south["coverage_basis"] == "population" and south["coverage_status"] == "provisional"
    assert south["export_share_pct"] == pytest.approx(80.0)
    withheld = south_south_share(flows, ["A", "B", "D"], population=pd.Series({"D": 9.0}))
    row = withheld.groups.set_index("group").loc["south"]
    assert row["member_coverage_pct"] == pytest.approx(0.0) and np.isnan(row["export_share_pct"])
    assert shown.options["coverage_rule"] == RULE


def _reference(wh: Warehouse, members: list[str]) -> float:
    rows = wh.query(
        "SELECT sum(value_usd) AS v FROM trade_export WHERE source_id = ? "
        "AND country_iso3 IN (SELECT unnest(?))",
        [REFERENCE_EXPORTS, members],
    )
    return float(rows.at[0, "v"])


def _carried(wh: Warehouse, source: str, members: list[str]) -> pd.Series:
    rows = wh.query(
        "SELECT exporter_iso3, sum(value_usd) AS v FROM trade_flow WHERE source_id = ? "
        "AND exporter_iso3 IN (SELECT unnest(?)) AND exporter_iso3 <> importer_iso3 "
        "GROUP BY ALL HAVING sum(value_usd) > 0",
        [source, members],
    )
    return rows.set_index("exporter_iso3")["v"]


@pytest.mark.parametrize(
    ("source", "group", "year", "with_data", "member", "value", "status"),
    [
        # Intra-African flows: 47 AU members with 98.1 % of the AU's exports report, but the
        # flows carry only their African sales (19.1 %): no AU share. The G77: 7.6 %, 1.5 %.
        (AFRICA, "AU", 2022, 47, 98.13, 19.06, "insufficient"),
        (AFRICA, "g77", 2022, 47, 7.61, 1.48, "insufficient"),
        # Every EAC member reports and the flows carry 50.1 % of their exports: shown, flagged.
        (AFRICA, "EAC", 2022, 7, 100.0, 50.14, "provisional"),
        # The BACI extract: South Africa alone holds 58.4 % of SADC's exports, but its flows are
        # 30.8 % of them; AFG and ZAF are 1.9 % of the G77's.
        (EXTRACT, "SADC", 2021, 1, 58.39, 30.84, "insufficient"),
        (EXTRACT, "g77", 2021, 2, 1.91, 1.01, "insufficient"),
    ],
)
def test_group_share_coverage_on_the_mirror(
    full_warehouse: Warehouse, source, group, year, with_data, member, value, status
):
    members = sorted(group_countries(full_warehouse, group, year=year)["iso3"])
    carried = _carried(full_warehouse, source, members)
    held = float(
        pd.Series(
            {m: _reference(full_warehouse, [m]) if m in carried.index else 0.0 for m in members}
        ).sum()
    )
    total = _reference(full_warehouse, members)
    assert len(carried) == with_data
    assert 100 * held / total == pytest.approx(member, abs=0.01)
    assert 100 * carried.sum() / total == pytest.approx(value, abs=0.01)
    result = south_south_share_for(full_warehouse, source, group=group)
    row = result.groups.set_index("group").loc[group]
    assert row["member_coverage_pct"] == pytest.approx(100 * held / total)
    assert row["export_value_coverage_pct"] == pytest.approx(100 * carried.sum() / total)
    assert row["coverage_status"] == status
    assert (status == "insufficient") == np.isnan(row["export_share_pct"])
    assert RULE in result.notes
    if status == "provisional":
        to_members = full_warehouse.query(
            "SELECT sum(value_usd) AS v FROM trade_flow WHERE source_id = ? "
            "AND exporter_iso3 IN (SELECT unnest(?)) AND importer_iso3 IN (SELECT unnest(?)) "
            "AND exporter_iso3 <> importer_iso3",
            [source, members, members],
        ).at[0, "v"]
        assert row["export_share_pct"] == pytest.approx(100 * to_members / carried.sum())
        assert any(n.startswith(f"{group}: provisional group share") for n in result.notes)
    else:
        assert any(n.startswith(f"{group}: no group share") for n in result.notes)


def test_substitution_is_provisional_or_refused(full_warehouse: Warehouse):
    options = options_for(2021, window=1)
    result = substitution_for(full_warehouse, EXTRACT, options, blocs=["SADC"])
    coverage = {row["group"]: row for row in result.coverage}
    assert coverage["g77"]["members_with_data"] == 2
    assert coverage["g77"]["member_coverage_pct"] == pytest.approx(1.9136, abs=1e-4)
    assert coverage["world"]["value_coverage_pct"] == pytest.approx(0.3455, abs=1e-4)
    assert result.provisional and result.as_dict(limit=0)["provisional"] is True
    assert any(
        n.startswith("PROVISIONAL: the flows do not fully cover g77 and world")
        for n in result.notes
    )
    with pytest.raises(InputError, match="none of the 6 members of EAC exports") as caught:
        substitution_for(full_warehouse, EXTRACT, options, south="EAC")
    assert "southsouth data sync baci" in (caught.value.hint or "")


def test_substitution_coverage_of_the_au_on_african_flows(full_warehouse: Warehouse):
    """The other side of the member threshold: 47 reporting AU members hold 98.1 % of its
    exports; the flows still carry only 19.1 % of them, so the answer stays provisional."""
    result = substitution_for(full_warehouse, AFRICA, options_for(2022, window=1), south="AU")
    au = next(row for row in result.coverage if row["group"] == "AU")
    assert au["member_coverage_pct"] >= 100 * MIN_COVERAGE
    assert au["member_coverage_pct"] == pytest.approx(98.13, abs=0.01)
    assert au["value_coverage_pct"] == pytest.approx(19.06, abs=0.01)
    assert au["status"] == "insufficient" and result.provisional
