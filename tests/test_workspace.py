"""The Python API: southsouth.open() and its DataFrames."""

from __future__ import annotations

import pytest

import southsouth
from southsouth.errors import UnknownIndicator, YearOutOfRange


@pytest.fixture
def ws(tmp_path, mirror):
    workspace = southsouth.open(home=tmp_path / "ws", mirror=str(mirror))
    results = workspace.sync(["countries", "blocs", "wdi-population", "who-nhwa-nursing-midwifery"])
    assert {r.outcome for r in results} == {"loaded"}
    yield workspace
    workspace.close()


def test_countries_and_members(ws):
    g77 = ws.countries(group="g77")
    assert len(g77) == 135 and {"iso3", "name", "region", "income_group"} <= set(g77.columns)
    members = ws.members("ECOWAS", year=2023)
    assert len(members) == 15 and set(members["status"]) <= {"member", "suspended"}


def test_observations_for_a_group_and_years(ws):
    frame = ws.observations("wdi_population", countries="BRICS", years=range(2020, 2024))
    assert sorted(frame["country_iso3"].unique()) == [
        "ARE",
        "BRA",
        "CHN",
        "EGY",
        "ETH",
        "IDN",
        "IND",
        "IRN",
        "RUS",
        "ZAF",
    ]
    assert sorted(frame["year"].unique()) == [2020, 2021, 2022, 2023]
    india = frame[(frame["country_iso3"] == "IND") & (frame["year"] == 2023)].iloc[0]
    assert india["value"] == 1438069596
    assert india["licence"] == "CC BY 4.0" and india["publisher"].startswith("World Bank")
    assert india["unit"] and india["vintage"] and india["citation"]


def test_observations_by_name_and_single_year(ws):
    frame = ws.observations("who_nhwa_nursing_midwifery_per_10k", countries=["India"], years=2020)
    assert frame[["country_iso3", "year", "value"]].values.tolist() == [["IND", 2020, 17.48]]


def test_bad_indicator_and_year(ws):
    with pytest.raises(UnknownIndicator) as caught:
        ws.observations("wdi_populaton")
    assert "wdi_population" in caught.value.suggestions
    with pytest.raises(YearOutOfRange, match="covers 1960–2024"):
        ws.observations("wdi_population", years=[1900])


def test_resolve_names(ws):
    frame = ws.resolve(["Korea, South", "Türkiye", "Narnia"])
    assert frame["iso3"].tolist()[:2] == ["KOR", "TUR"] and frame["iso3"].isna().tolist()[2]


def test_datasets_and_indicators_carry_licences(ws):
    datasets = ws.datasets()
    assert set(datasets["dataset_id"]) == {
        "countries",
        "blocs",
        "wdi-population",
        "who-nhwa-nursing-midwifery",
        "derived-nurses-midwives-per-1000",
    }
    derived = datasets.set_index("dataset_id").loc["derived-nurses-midwives-per-1000"]
    assert derived["licence"].startswith("WHO terms")
    assert "World Health Organization" in derived["citation"]
    indicators = ws.indicators().set_index("indicator")
    assert indicators.loc["wdi_population", "licence"] == "CC BY 4.0"
    assert indicators.loc["wdi_population", "first_year"] == 1960
