"""Data age: each load records its first and last data year; sources, the datasets read and the
API carry data year, age and a staleness flag against an injectable as-of day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mirror_sync import load
from southsouth.provenance import STALE_AFTER_YEARS, DataAge, stale_note
from southsouth.server import create_app
from southsouth.settings import load_settings
from southsouth.warehouse.store import Warehouse
from southsouth.workspace import open_workspace

AS_OF = "2026-12-07"
#: Small datasets of very different ages, loaded once for the module.
DATASETS = (
    "blocs",
    "sipri-milex-2024",
    "sipri-milex-2024-regions",
    "itu-gci-2020",
    "civicus-monitor-2021",
    "openflights",
    "ots-hs4-exports-2017",
    "africa-intra-trade-sections",
    "gapminder-population",
    "cow-interstate-war",
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, mirror: Path) -> Path:
    """A home whose warehouse holds :data:`DATASETS` (and countries) from the mirror."""
    path = tmp_path_factory.mktemp("data-age")
    warehouse, _ = load(path, mirror, "countries", *DATASETS)
    warehouse.close()
    return path


@pytest.fixture
def as_of(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The home, with ages counted to :data:`AS_OF`."""
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(home))
    monkeypatch.setenv("SOUTHSOUTH_AS_OF", AS_OF)
    return home


@pytest.fixture
def client(as_of: Path) -> Iterator[TestClient]:
    with TestClient(create_app(load_settings(home=as_of))) as test_client:
        yield test_client


def _years(warehouse: Warehouse) -> dict[str, tuple[object, object]]:
    status = warehouse.status().set_index("dataset_id")
    return {
        str(k): (r["first_data_year"], r["last_data_year"])
        for k, r in status[["first_data_year", "last_data_year"]].iterrows()
    }


def test_stale_only_beyond_the_stated_age() -> None:
    day = date(2026, 12, 7)
    assert STALE_AFTER_YEARS == 5
    assert not DataAge(2019, 2021, day).stale and DataAge(2019, 2021, day).age_years == 5
    assert DataAge(2020, 2020, day).stale and DataAge(2020, 2020, day).label == "2020"
    assert DataAge(2019, 2023, day).label == "2019–2023"
    unknown = DataAge(None, None, day)
    assert unknown.age_years is None and not unknown.stale and unknown.label is None
    entry = {"title": "GCI 2020 scores", **DataAge(2020, 2020, day).fields()}
    assert stale_note(entry) == (
        "GCI 2020 scores: data year 2020, 6 years before 2026-12-07 (older than 5 years)"
    )
    assert stale_note({"title": "SIPRI", **DataAge(2019, 2023, day).fields()}) is None


def test_loads_record_the_data_years_of_their_rows(home: Path) -> None:
    with Warehouse(home / "warehouse.duckdb", read_only=True) as warehouse:
        years = _years(warehouse)
    # SIPRI extract: 2019–2023 (indicators/SOURCES.md), countries and regional totals.
    assert years["sipri-milex-2024"] == (2019, 2023)
    assert years["sipri-milex-2024-regions"] == (2019, 2023)
    assert years["itu-gci-2020"] == (2020, 2020)
    # CIVICUS ratings of December 2020 (captured 2021).
    assert years["civicus-monitor-2021"] == (2020, 2020)
    assert years["ots-hs4-exports-2017"] == (2017, 2017)
    # Annual means of 2012–2022 are stored as year 2022, period 11 years.
    assert years["africa-intra-trade-sections"] == (2012, 2022)
    # UN WPP projections (flagged) are not data years: estimates end in 2023.
    assert years["gapminder-population"] == (1800, 2023)
    # Wars 1823–2003: relation spans.
    assert years["cow-interstate-war"] == (1823, 2003)
    # No year column: the years the datasets declare (routes of June 2014, memberships 2026).
    assert years["openflights"] == (2014, 2014)
    assert years["blocs"] == (2026, 2026)


def test_older_warehouses_open_and_gain_their_data_years(home: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes((home / "warehouse.duckdb").read_bytes())
    with Warehouse(old) as writer:
        writer.con.execute("ALTER TABLE dataset_status DROP COLUMN first_data_year")
        writer.con.execute("ALTER TABLE dataset_status DROP COLUMN last_data_year")
    with Warehouse(old, read_only=True) as reader:
        columns = reader.query("SELECT * FROM dataset_status LIMIT 0").columns
        assert "last_data_year" not in columns
        computed = _years(reader)
        assert reader.data_years(["sipri-milex-2024"])["last_data_year"].tolist() == [2023]
    assert computed["sipri-milex-2024"] == (2019, 2023)
    assert computed["africa-intra-trade-sections"] == (2012, 2022)
    with Warehouse(old) as writer:
        stored = writer.query("SELECT dataset_id, last_data_year FROM dataset_status")
    stored_years = dict(zip(stored["dataset_id"], stored["last_data_year"], strict=True))
    assert stored_years["itu-gci-2020"] == 2020 and stored_years["gapminder-population"] == 2023
    # A declared year is not in the rows: the datasets read falls back on the catalogue.
    assert pd_isna(stored_years["openflights"])
    with open_workspace(home=tmp_path) as ws:
        ws.warehouse = Warehouse(old, read_only=True)
        rows = {r["dataset_id"]: r for r in ws.ask.datasets(as_of=date(2026, 12, 7))["items"]}
    assert rows["openflights"]["data_year"] == 2014 and rows["openflights"]["stale"]


def pd_isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_sources_carry_age_and_stale_sources_add_a_note(as_of: Path) -> None:
    with open_workspace() as ws:
        civic = ws.ask.gaps.civic_space().document
        military = ws.ask.gaps.military(year=2023).document
    (civicus,) = civic["sources"]
    assert civicus["source_id"] == "civicus-monitor-2021"
    assert civicus["data_year"] == 2020 and civicus["age_years"] == 6
    assert civicus["stale"] is True and civicus["retrieved"] and civicus["as_of"] == AS_OF
    assert civic["notes"][-1] == (
        f"{civicus['title']}: data year 2020, 6 years before {AS_OF} (older than 5 years)"
    )
    for source in military["sources"]:
        assert source["data_year"] == 2023 and source["first_data_year"] == 2019
        assert source["data_years"] == "2019–2023"
        assert source["age_years"] == 3 and source["stale"] is False
    assert not any("older than 5 years" in note for note in military["notes"])


def test_api_sources_and_datasets_carry_the_age(client: TestClient) -> None:
    civic = client.get("/gaps/civic-space").json()
    (civicus,) = civic["sources"]
    assert civicus["stale"] is True and civicus["data_year"] == 2020
    assert any("older than 5 years" in note for note in civic["notes"])
    military = client.get("/gaps/military", params={"year": 2023}).json()
    assert {s["stale"] for s in military["sources"]} == {False}
    assert {s["data_year"] for s in military["sources"]} == {2023}
    datasets = {r["dataset_id"]: r for r in client.get("/datasets?limit=100").json()["items"]}
    assert datasets["openflights"]["data_year"] == 2014 and datasets["openflights"]["stale"]
    assert datasets["sipri-milex-2024"]["age_years"] == 3
    assert not datasets["sipri-milex-2024"]["stale"]
    assert datasets["ots-hs4-exports-2017"]["age_years"] == 9


def _row(html: str, dataset_id: str) -> str:
    start = html.index(f'id="dataset-{dataset_id}"')
    return html[start : html.index("</tr>", start)]


def test_dashboard_shows_data_years_and_flags_stale_data(client: TestClient) -> None:
    page = client.get("/en/data")
    assert page.status_code == 200
    assert f"to {AS_OF}; stale when more than 5 years" in page.text
    routes = _row(page.text, "openflights")
    assert ">2014<" in routes and "12 <strong" in routes and "(stale)" in routes
    sipri = _row(page.text, "sipri-milex-2024")
    assert ">2019–2023<" in sipri and ">3<" in sipri and "stale" not in sipri
    # Not loaded: listed without an age.
    assert "not loaded" in _row(page.text, "wdi-gdp")
    # Chart subtitles and source lists name the data years.
    military = client.get("/en/gaps/military.svg", params={"year": 2023}).text
    assert "data 2019–2023" in military and "stale" not in military
    civic = client.get("/en/gaps/civic-space.svg").text
    assert "data 2020, 6 years old: stale" in civic
    gaps = client.get("/en/gaps/civic-space").text
    assert "data year 2020" in gaps and "6 years old" in gaps
