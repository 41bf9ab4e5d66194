"""Dashboard downloads of tables: CSV and XLSX with the source, licence and data years of
each row, and a sources sheet (over the synced mirror, through the HTTP test client)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import openpyxl
import pytest

from southsouth.service.exports import FORMATS, SOURCE_COLUMNS, SOURCES_SHEET


@pytest.fixture(scope="module")
def client(web_server: str) -> Iterator[httpx.Client]:
    """HTTP to the session's dashboard over the synced mirror."""
    with httpx.Client(base_url=web_server, timeout=300) as served:
        yield served


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == FORMATS["csv"]
    return list(csv.DictReader(io.StringIO(response.text)))


def test_the_profile_workbook_has_a_sources_sheet_matching_the_profile(client) -> None:
    profile = client.get("/countries/NGA/profile").json()
    response = client.get("/en/country/NGA/profile.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == FORMATS["xlsx"]
    assert 'filename="southsouth-profile-NGA-' in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["data", "sources", "about"]
    listed = list(book["sources"].values)
    assert listed[0] == SOURCES_SHEET
    expected = {s["source_id"]: s for s in profile["sources"]}
    assert sorted(row[0] for row in listed[1:]) == sorted(expected)
    for row in listed[1:]:
        entry = dict(zip(SOURCES_SHEET, row, strict=True))
        assert entry["licence"] == expected[entry["source_id"]]["licence"]
        assert entry["data_years"] == expected[entry["source_id"]]["data_years"]
    header, *data = list(book["data"].values)
    assert len(data) == len(profile["items"])
    assert list(header[-4:]) == list(SOURCE_COLUMNS)
    about = dict(list(book["about"].values)[1:])
    assert about["read"] == "profile" and about["rows"] == len(profile["items"])


def test_the_profile_csv_carries_the_source_of_each_value(client) -> None:
    profile = client.get("/countries/NGA/profile").json()
    sources = {s["source_id"]: s for s in profile["sources"]}
    rows = _rows(client.get("/en/country/NGA/profile.csv"))
    for row in (r for r in rows if r["dataset"]):
        assert row["source_ids"] == row["dataset"]
        assert row["source_licence"] == sources[row["dataset"]]["licence"]
        assert row["source_publisher"] == sources[row["dataset"]]["publisher"]


def test_the_map_csv_has_source_columns(client) -> None:
    index = client.get("/index?group=ASEAN&limit=1").json()
    ids = "; ".join(sorted(s["source_id"] for s in index["sources"]))
    rows = _rows(client.get("/en/map.csv?group=ASEAN"))
    assert rows and set(SOURCE_COLUMNS) <= set(rows[0])
    assert {r["source_ids"] for r in rows} == {ids}
    licences = "; ".join(
        s["licence"] or "—" for s in sorted(index["sources"], key=lambda s: s["source_id"])
    )
    assert rows[0]["source_licence"] == licences


def test_the_data_page_table_downloads_and_links_its_files(client) -> None:
    page = client.get("/en/data")
    assert "/en/data.csv" in page.text and "/en/data.xlsx" in page.text
    rows = _rows(client.get("/en/data.csv"))
    sipri = next(r for r in rows if r["dataset_id"] == "sipri-milex-2024")
    assert sipri["source_ids"] == "sipri-milex-2024"
    assert sipri["source_licence"] == sipri["licence"] and sipri["source_data_years"] == "2019–2023"
    book = openpyxl.load_workbook(io.BytesIO(client.get("/en/data.xlsx").content))
    assert book["data"].max_row == len(rows) + 1


def test_pages_link_the_xlsx_of_their_tables(client) -> None:
    assert "/en/country/NGA/profile.xlsx" in client.get("/en/country/NGA").text
    assert client.get("/en/country/NGA/profile.ods").status_code == 422


def test_another_table_of_a_section_downloads_by_name(client) -> None:
    military = client.get("/gaps/military?year=2023").json()
    rows = _rows(client.get("/en/gaps/military.csv?year=2023&table=top"))
    assert [(r["rank"], r["iso3"]) for r in rows] == [
        (str(r["rank"]), r["iso3"]) for r in military["top"]
    ]
    assert rows[0]["source_ids"] == "; ".join(sorted(s["source_id"] for s in military["sources"]))
    for name in ("sources", "svg", "nothing"):
        missing = client.get(f"/en/gaps/military.csv?year=2023&table={name}")
        assert missing.status_code == 404, name


def _book(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == FORMATS["xlsx"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _sheet(book: openpyxl.Workbook, name: str) -> list[dict]:
    header, *rows = book[name].values
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_coalition_contributions_download_with_the_reads_sources(client) -> None:
    query = "objective=pharma&group=g77&size=5&top=3"  # the page test's choice: one cache
    answer = client.get(f"/coalitions?{query}").json()
    page = client.get(f"/en/coalitions?{query}").text
    assert f"/en/coalitions/contributions.xlsx?{query}" in page.replace("&amp;", "&")
    rows = _rows(client.get(f"/en/coalitions/contributions.csv?{query}"))
    expected = [(c["rank"], m) for c in answer["items"] for m in c["contributions"]]
    assert len(rows) == len(expected) == 5 * len(answer["items"])
    assert [(r["rank"], r["iso3"]) for r in rows] == [(str(k), m["iso3"]) for k, m in expected]
    assert float(rows[0]["provides"]) == pytest.approx(expected[0][1]["provides"])
    everything = "; ".join(sorted(s["source_id"] for s in answer["sources"]))
    assert rows[0]["source_ids"] == everything and everything
    book = _book(client.get(f"/en/coalitions/contributions.xlsx?{query}"))
    listed = [s["source_id"] for s in _sheet(book, "sources")]
    assert listed == [s["source_id"] for s in answer["sources"]]
    assert client.get(f"/en/coalitions/contributions.ods?{query}").status_code == 422


def test_roadmap_tables_download_as_the_read_states_them(client) -> None:
    answer = client.get("/roadmaps/AU?limit=500").json()  # the roadmap page test's group
    items = answer["items"]
    assert answer["total"] == len(items) > 0
    initiatives = _rows(client.get("/en/roadmap/table/initiatives.csv?group=AU"))
    assert sorted(r["id"] for r in initiatives) == sorted(i["id"] for i in items)
    by_id = {i["id"]: i for i in items}
    assert all(r["start"] == by_id[r["id"]]["start"] for r in initiatives)
    book = _book(client.get("/en/roadmap/table/kpis.xlsx?group=AU"))
    kpis = _sheet(book, "data")
    assert len(kpis) == sum(len(i["kpis"]) for i in items)
    first = next(k for i in items for k in i["kpis"])
    assert (kpis[0]["name"], kpis[0]["baseline"]) == (first["name"], first["baseline"])
    sources = _sheet(book, "sources")
    assert [s["source_id"] for s in sources] == [s["source_id"] for s in answer["sources"]]
    assert all(s["licence"] for s in sources)
    datasets = _rows(client.get("/en/roadmap/table/datasets.csv?group=AU"))
    assert [r["source_ids"] for r in datasets] == [s["source_id"] for s in answer["sources"]]
    page = client.get("/en/roadmap?group=AU").text
    assert "/en/roadmap/table/kpis.csv?group=AU" in page
    for name in ("nothing", "..%2Fsecrets", "items"):
        assert client.get(f"/en/roadmap/table/{name}.csv?group=AU").status_code in (404, 422)


def test_hubs_and_route_change_tables_download(client) -> None:
    hubs = client.get("/connectivity/hubs?top=10").json()
    rows = _rows(client.get("/en/opportunities/table/hubs.csv"))
    assert [r["iso3"] for r in rows] == [h["iso3"] for h in hubs["items"]] and len(rows) == 10
    assert rows[0]["source_ids"] == "; ".join(sorted(s["source_id"] for s in hubs["sources"]))
    change = client.get("/connectivity/change").json()
    book = _book(client.get("/en/opportunities/table/change.xlsx"))
    assert [r["area"] for r in _sheet(book, "data")] == [r["area"] for r in change["items"]]
    assert [s["source_id"] for s in _sheet(book, "sources")] == [
        s["source_id"] for s in change["sources"]
    ]
    assert "/en/opportunities/table/hubs.xlsx" in client.get("/en/opportunities").text
    assert client.get("/en/opportunities/table/substitution.csv").status_code == 422
