"""Military spending shares: SIPRI's 2023 figures, hand-computed shares and bad inputs."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from southsouth.errors import InputError, UnknownGroup, YearOutOfRange
from southsouth.gaps.military import (
    PUBLISHED_2023,
    group_share,
    military_shares,
    military_trend,
    top_spenders,
    world_total,
)
from southsouth.registry.groups import GroupMembers

COUNTRY_CSV = (
    "indicators/military/sipri_milex_db2024_extract_2019_2023_current_usd_and_share_gdp.csv"
)
DAY = date(2023, 12, 31)
REGION_CSV = "indicators/military/sipri_milex_db2024_regional_totals_extract.csv"


@pytest.fixture(scope="module")
def raw(mirror: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two SIPRI extracts read straight from the mirror (not through southsouth)."""
    countries = pd.read_csv(mirror / COUNTRY_CSV)
    countries = countries[
        (countries["measure"] == "milex_current_usd_millions")
        & (countries["country"] != "European Union")
    ]
    return countries, pd.read_csv(mirror / REGION_CSV)


@pytest.fixture(scope="module")
def shares_2023(full_warehouse):
    return military_shares(full_warehouse, 2023)


@pytest.mark.golden
def test_sipri_2023_published_shares(shares_2023):
    # SIPRI 2023 as quoted by the founding text: Africa 2.1 %, South America 2.1 %,
    # South-East Asia 2.0 %, the five largest spenders 61 %.
    assert round(shares_2023.share("Africa"), 1) == 2.1
    assert round(shares_2023.share("South America"), 1) == 2.1
    assert round(shares_2023.share("South East Asia"), 1) == 2.0
    assert round(shares_2023.share("top-5")) == 61
    assert {k: round(shares_2023.share(k), 0 if k == "top-5" else 1) for k in PUBLISHED_2023} == (
        PUBLISHED_2023
    )
    assert list(shares_2023.top["iso3"]) == ["USA", "CHN", "RUS", "IND", "SAU"]
    rows = shares_2023.rows.set_index("entity")
    for entity in PUBLISHED_2023:
        row = rows.loc[entity]
        assert row["source"].startswith("SIPRI Military Expenditure Database 2024")
        assert row["licence"] == "SIPRI fair use"
        assert "2024" in row["vintage"]
        assert "current" in row["basis"]
    assert rows.loc["Africa", "source_id"] == "sipri-milex-2024-regions"
    assert rows.loc["top-5", "source_id"] == "sipri-milex-2024 + sipri-milex-2024-regions"
    assert shares_2023.world_usd_bn == pytest.approx(2443.398803, abs=1e-6)


@pytest.mark.golden
def test_shares_recomputed_from_raw_mirror_rows(full_warehouse, raw):
    countries, regions = raw
    current = regions[regions["price_basis"] == "current_2023_usd"].set_index("region")
    world = current.loc["World", "value_usd_billions"]
    y2023 = countries[countries["year"] == 2023]

    result = military_shares(full_warehouse, 2023, groups=["BRA,IND,ZAF"])
    by_entity = result.rows.set_index("entity")

    africa = 100 * current.loc["Africa", "value_usd_billions"] / world
    assert by_entity.loc["Africa", "share_pct"] == pytest.approx(africa, rel=1e-12)

    trio = y2023[y2023["country"].isin(["Brazil", "India", "South Africa"])]["value"]
    assert len(trio) == 3
    trio_share = 100 * trio.sum() / 1000 / world
    assert by_entity.loc["BRA,IND,ZAF", "share_pct"] == pytest.approx(trio_share, rel=1e-12)
    assert by_entity.loc["BRA,IND,ZAF", "coverage"] == "3 of 3 members with data"

    top5 = y2023["value"].nlargest(5)
    assert by_entity.loc["top-5", "share_pct"] == pytest.approx(100 * top5.sum() / 1000 / world)


@pytest.mark.golden
def test_why_regional_totals_not_country_sums(raw):
    """Country sums do not give SIPRI's published 2023 shares; SIPRI's regional totals do."""
    countries, regions = raw
    y2023 = countries[countries["year"] == 2023]
    world = regions.query("region == 'World' and price_basis == 'current_2023_usd'")
    world_bn = world["value_usd_billions"].iloc[0]
    africa_sum = y2023.loc[y2023["sipri_region"] == "Africa", "value"].sum() / 1000
    sea_sum = y2023.loc[y2023["sipri_subregion"] == "South East Asia", "value"].sum() / 1000
    assert round(100 * africa_sum / world_bn, 1) == 1.9  # SIPRI published 2.1
    assert round(100 * sea_sum / world_bn, 1) == 1.7  # SIPRI published 2.0
    top5 = y2023["value"].nlargest(5).sum() / 1000
    assert round(100 * top5 / (y2023["value"].sum() / 1000)) == 62  # over country sums: not 61
    constant = regions[(regions["price_basis"] == "constant_2022_usd") & (regions["year"] == 2023)]
    constant = constant.set_index("region")["value_usd_billions"]
    assert round(100 * constant["Africa"] / constant["World"], 1) == 2.0  # not 2.1


def test_constant_2022_basis_and_fallback(full_warehouse, raw):
    _, regions = raw
    constant = regions[regions["price_basis"] == "constant_2022_usd"]
    const = constant.set_index(["region", "year"])["value_usd_billions"]

    shares = military_shares(full_warehouse, 2023, groups=[], region_basis="constant-2022")
    africa = shares.rows.set_index("entity").loc["Africa"]
    assert africa["share_pct"] == pytest.approx(
        100 * const[("Africa", 2023)] / const[("World", 2023)]
    )
    assert africa["basis"].startswith("constant 2022 US$")

    older = military_shares(full_warehouse, 2021, groups=[])
    row = older.rows.set_index("entity").loc["South America"]
    assert row["share_pct"] == pytest.approx(
        100 * const[("South America", 2021)] / const[("World", 2021)]
    )
    assert row["basis"].startswith("constant 2022 US$")
    assert any("not in the extract for 2021" in n for n in older.notes)
    top = older.rows.set_index("entity").loc["top-5"]
    assert "sum of the 156 SIPRI country rows" in top["basis"]


def test_trend_uses_one_basis_per_kind(full_warehouse, raw):
    countries, _ = raw
    trend = military_trend(full_warehouse, groups=["g77"])
    assert sorted(trend["year"].unique()) == [2019, 2020, 2021, 2022, 2023]
    regions = trend[trend["kind"] == "region"]
    assert regions["basis"].str.startswith("constant 2022 US$").all()
    tops = trend[trend["kind"] == "top-n"].set_index("year")
    assert tops["basis"].str.contains("sum of the").all()
    y2019 = countries[countries["year"] == 2019]["value"]
    assert tops.loc[2019, "share_pct"] == pytest.approx(100 * y2019.nlargest(5).sum() / y2019.sum())


def test_group_coverage_and_missing(shares_2023):
    g77 = shares_2023.rows.set_index("entity").loc["g77"]
    assert g77["kind"] == "group"
    missing = g77["missing"].split(", ")
    assert {"CUB", "ERI", "AFG"} <= set(missing)  # SIPRI has no 2023 value for them
    have, total = (int(x) for x in g77["coverage"].split(" members")[0].split(" of "))
    assert have + len(missing) == total
    assert "omits SIPRI's estimates" in g77["note"]
    au = shares_2023.rows.set_index("entity").loc["AU"]
    assert au["kind"] == "bloc"


def test_bloc_founded_after_the_year_uses_todays_members(full_warehouse):
    shares = military_shares(full_warehouse, 2023, groups=["HAGUE"])
    row = shares.rows.set_index("entity").loc["HAGUE"]
    assert row["coverage"].endswith("of 9 members with data")
    assert "founded on 2025-01-31" in row["note"]


def test_group_share_hand_computed_and_missing_stays_missing():
    values = pd.Series({"AAA": 1000.0, "BBB": 3000.0, "CCC": 6000.0})  # US$ m
    flags = pd.Series({"AAA": None, "BBB": "estimate", "CCC": None})
    world = world_total(values, 20.0)
    group = GroupMembers("x", "X", "group", ("AAA", "BBB", "ZZZ"), DAY)
    row = group_share(values, flags, group, world)
    assert row["value_usd_bn"] == pytest.approx(4.0)
    assert row["share_pct"] == pytest.approx(20.0)  # 4 / 20
    assert row["coverage"] == "2 of 3 members with data"
    assert row["missing"] == "ZZZ"
    assert "BBB" in row["note"]
    empty = GroupMembers("y", "Y", "group", ("ZZZ",), DAY)
    none = group_share(values, flags, empty, world)
    assert math.isnan(none["value_usd_bn"]) and math.isnan(none["share_pct"])

    fallback = world_total(values, None)
    assert fallback.value_usd_bn == pytest.approx(10.0)
    assert not fallback.from_sipri_total
    top = top_spenders(values, flags, {}, 2, fallback.value_usd_bn)
    assert list(top["iso3"]) == ["CCC", "BBB"]
    assert top["share_pct"].sum() == pytest.approx(90.0)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"year": 2030}, YearOutOfRange),
        ({"year": 1990}, YearOutOfRange),
        ({"year": 2023, "groups": ["ATLANTIS"]}, UnknownGroup),
        ({"year": 2023, "top_n": 0}, InputError),
        ({"year": 2023, "region_basis": "ppp"}, InputError),
        ({"year": 2023, "denominator": "gdp"}, InputError),
    ],
)
def test_bad_inputs(full_warehouse, kwargs, error):
    with pytest.raises(error) as caught:
        military_shares(full_warehouse, **kwargs)
    assert isinstance(caught.value, InputError)
    assert caught.value.hint


def test_unknown_entity_and_records(shares_2023):
    with pytest.raises(InputError):
        shares_2023.share("Atlantis")
    records = shares_2023.to_records()
    assert len(records) == len(shares_2023.rows)
    assert {"entity", "kind", "share_pct", "basis", "coverage", "source"} <= set(records[0])
    full = shares_2023.as_dict()
    assert [t["iso3"] for t in full["top"]] == ["USA", "CHN", "RUS", "IND", "SAU"]
    assert set(shares_2023.rows["kind"]) == {"region", "group", "bloc", "top-n"}
