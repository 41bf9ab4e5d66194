"""Exports: a read's rows as CSV and XLSX with their sources, and Frictionless Data Packages
of warehouse tables and of a read's answer (validated by the frictionless library)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from southsouth.errors import DataError, InputError
from southsouth.service import packages
from southsouth.service.exports import (
    SOURCE_COLUMNS,
    SOURCES_SHEET,
    csv_bytes,
    export_format,
    table_of,
    write_export,
    xlsx_bytes,
)
from southsouth.service.packages import read_package, warehouse_package

FRICTIONLESS = Path(sys.executable).with_name("frictionless")

SOURCES = [
    {
        "source_id": "sipri",
        "title": "SIPRI Military Expenditure",
        "publisher": "SIPRI",
        "licence": "CC BY-NC-ND 4.0",
        "vintage": "2024",
        "data_years": "2019–2023",
        "age_years": 3,
        "stale": False,
        "as_of": "2026-12-07",
    },
    {
        "source_id": "wdi",
        "title": "World Development Indicators",
        "publisher": "World Bank",
        "licence": "CC BY 4.0",
        "vintage": "2026",
        "data_years": "1960–2024",
        "age_years": 2,
        "stale": False,
        "as_of": "2026-12-07",
    },
]

DOCUMENT: dict[str, Any] = {
    "items": [
        {"iso3": "NGA", "value": -0.5, "note": '=HYPERLINK("http://x")', "source_id": "sipri"},
        {"iso3": "GHA", "value": 2.0, "note": "per capita", "source_id": "sipri + wdi"},
        {"iso3": "KEN", "value": None, "note": "no value", "source_id": None},
    ],
    "sources": SOURCES,
    "notes": ["one note"],
}


def _csv(document: dict[str, Any] = DOCUMENT) -> list[dict[str, str]]:
    table = table_of(document, read="example", parameters={"year": 2023})
    return list(csv.DictReader(io.StringIO(csv_bytes(table).decode("utf-8"))))


def test_each_csv_row_names_the_source_licence_and_data_years_of_its_values() -> None:
    rows = _csv()
    assert list(rows[0])[-4:] == list(SOURCE_COLUMNS)
    assert [r["source_ids"] for r in rows] == ["sipri", "sipri; wdi", ""]
    assert rows[0]["source_publisher"] == "SIPRI"
    assert rows[0]["source_licence"] == "CC BY-NC-ND 4.0"
    assert rows[0]["source_data_years"] == "2019–2023"
    assert rows[1]["source_licence"] == "CC BY-NC-ND 4.0; CC BY 4.0"
    assert rows[1]["source_data_years"] == "2019–2023; 1960–2024"
    assert rows[2]["source_publisher"] == "" and rows[2]["value"] == ""


def test_rows_that_name_no_dataset_get_every_source_of_the_document() -> None:
    document = {"items": [{"iso3": "NGA", "score": 41.5}], "sources": SOURCES}
    (row,) = _csv(document)
    assert row["source_ids"] == "sipri; wdi"
    assert row["source_publisher"] == "SIPRI; World Bank"
    assert row["score"] == "41.5"


def test_formula_looking_text_is_neutralised_and_numbers_stay_numbers() -> None:
    rows = _csv()
    assert rows[0]["note"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["value"] == "-0.5"
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table_of(DOCUMENT, read="example"))))
    data = list(book["data"].values)
    header = data[0]
    first = dict(zip(header, data[1], strict=True))
    assert first["note"] == '\'=HYPERLINK("http://x")'
    assert first["value"] == -0.5
    assert book["data"]["C2"].data_type == "s"


def test_the_workbook_has_data_sources_and_about_sheets() -> None:
    table = table_of(DOCUMENT, read="example", parameters={"year": 2023})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table)))
    assert book.sheetnames == ["data", "sources", "about"]
    sources = list(book["sources"].values)
    assert sources[0] == SOURCES_SHEET
    assert [r[0] for r in sources[1:]] == ["sipri", "wdi"]
    assert [r[SOURCES_SHEET.index("licence")] for r in sources[1:]] == [
        "CC BY-NC-ND 4.0",
        "CC BY 4.0",
    ]
    about = dict(list(book["about"].values)[1:])
    assert about["read"] == "example"
    assert json.loads(about["parameters"]) == {"year": 2023}
    assert about["as_of"] == "2026-12-07" and about["rows"] == 3


def test_a_bad_suffix_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    table = table_of(DOCUMENT, read="example")
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        write_export(tmp_path / "rows.txt", table)
    assert list(tmp_path.iterdir()) == []
    assert export_format(tmp_path / "ROWS.XLSX") == "xlsx"
    written = write_export(tmp_path / "rows.csv", table)
    assert (tmp_path / "rows.csv").stat().st_size == written
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]


def _validate(descriptor: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from frictionless import validate

        return validate(str(descriptor))


@pytest.fixture
def registry(loaded):
    return loaded("blocs")


def test_a_package_of_warehouse_tables_validates(registry, tmp_path: Path) -> None:
    target = tmp_path / "out" / "package"
    tables = ["country", "bloc", "membership"]
    result = warehouse_package(registry, target, tables=tables)
    assert sorted(p.name for p in target.iterdir()) == [
        "bloc.csv",
        "country.csv",
        "datapackage.json",
        "membership.csv",
    ]
    counted = registry.query("SELECT count(*) AS n FROM membership")["n"].iloc[0]
    assert result.rows["membership"] == counted > 0
    descriptor = json.loads((target / "datapackage.json").read_text("utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    membership = resources["membership"]
    assert membership["schema"]["primaryKey"] == [
        "source_id",
        "bloc_id",
        "country_iso3",
        "status",
        "start_date",
    ]
    fields = {f["name"]: f for f in membership["schema"]["fields"]}
    assert fields["start_date"]["type"] == "date"
    assert "constraints" not in fields["start_date"]
    assert fields["bloc_id"]["constraints"] == {"required": True}
    assert [s["southsouth:dataset"] for s in membership["sources"]] == ["blocs"]
    assert descriptor["licenses"] and descriptor["sources"]
    assert _validate(target / "datapackage.json").valid
    checked = subprocess.run(
        [str(FRICTIONLESS), "validate", str(target / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert [p.name for p in target.parent.iterdir()] == ["package"]


def test_a_package_of_a_read_validates_and_keeps_its_sources(tmp_path: Path) -> None:
    target = tmp_path / "read"
    result = read_package(DOCUMENT, target, read="gaps military", parameters={"year": 2023})
    assert result.rows == {"gaps-military": 3, "sources": 2}
    rows = list(csv.DictReader(io.StringIO((target / "gaps-military.csv").read_text("utf-8"))))
    assert rows[1]["source_ids"] == "sipri; wdi"
    assert rows[0]["note"] == '=HYPERLINK("http://x")'
    descriptor = json.loads((target / "datapackage.json").read_text("utf-8"))
    assert descriptor["southsouth:parameters"] == {"year": 2023}
    assert descriptor["description"] == "one note"
    fields = {f["name"]: f["type"] for f in descriptor["resources"][0]["schema"]["fields"]}
    assert fields["value"] == "number" and fields["iso3"] == "string"
    assert {li["title"] for li in descriptor["licenses"]} == {"CC BY-NC-ND 4.0", "CC BY 4.0"}
    assert _validate(target / "datapackage.json").valid


def test_a_package_is_refused_over_a_non_empty_directory_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "read"
    target.mkdir()
    (target / "keep.txt").write_text("mine", "utf-8")
    with pytest.raises(InputError, match="not empty"):
        read_package(DOCUMENT, target, read="example", parameters={})
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    read_package(DOCUMENT, target, read="example", parameters={}, force=True)
    assert sorted(p.name for p in target.iterdir()) == [
        "datapackage.json",
        "example.csv",
        "sources.csv",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["read"]


def test_an_invalid_package_is_reported_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packages, "validation_errors", lambda _: ["example: type-error: bad"])
    with pytest.raises(DataError, match="does not validate: example: type-error"):
        read_package(DOCUMENT, tmp_path / "read", read="example", parameters={})
    assert list(tmp_path.iterdir()) == []


def test_a_document_without_items_exports_its_first_list_of_rows() -> None:
    document = {
        "pair": ["IND", "PAK"],
        "components": [{"component": "rivalry", "value": 1.0, "sources": "sipri, wdi"}],
        "sources": SOURCES,
    }
    (row,) = _csv(document)
    assert row["component"] == "rivalry"
    assert row["source_ids"] == "sipri; wdi"
    assert row["source_publisher"] == "SIPRI; World Bank"


def test_a_listing_of_datasets_is_its_own_sources_sheet() -> None:
    listed = [
        {**{k: v for k, v in s.items() if k != "source_id"}, "dataset_id": s["source_id"]}
        for s in SOURCES
    ]
    table = table_of({"items": listed, "sources": []}, read="datasets")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table)))
    assert [r[0] for r in list(book["sources"].values)[1:]] == ["sipri", "wdi"]
    rows = list(csv.DictReader(io.StringIO(csv_bytes(table).decode("utf-8"))))
    assert [r["source_licence"] for r in rows] == ["CC BY-NC-ND 4.0", "CC BY 4.0"]
