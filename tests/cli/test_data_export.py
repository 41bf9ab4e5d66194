"""`--export FILE` of the table commands and `southsouth data export --package DIR`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.service.exports import SOURCE_COLUMNS, SOURCES_SHEET

runner = CliRunner()
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture
def full_home(full_warehouse, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))
    return full_warehouse.path.parent


@pytest.fixture
def registry_home(loaded, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home whose warehouse holds the countries and blocs only."""
    warehouse = loaded("blocs")
    home = warehouse.path.parent
    warehouse.close()
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(home))
    return home


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_profile_exports_its_rows_and_sources(full_home: Path, tmp_path: Path) -> None:
    document = json.loads(invoke("profile", "NGA", "--json"))
    sources = {s["source_id"]: s for s in document["sources"]}
    book_path = tmp_path / "nga.xlsx"
    assert invoke("profile", "NGA", "--export", str(book_path)) == ""
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["data", "sources", "about"]
    listed = list(book["sources"].values)
    assert listed[0] == SOURCES_SHEET
    assert [row[0] for row in listed[1:]] == sorted(sources)
    for row in listed[1:]:
        entry = dict(zip(SOURCES_SHEET, row, strict=True))
        expected = sources[entry["source_id"]]
        assert (entry["licence"], entry["data_years"], entry["stale"]) == (
            expected["licence"],
            expected["data_years"],
            expected["stale"],
        )
    data = list(book["data"].values)
    assert len(data) == len(document["items"]) + 1

    table_path = tmp_path / "nga.csv"
    invoke("profile", "NGA", "--export", str(table_path))
    rows = list(csv.DictReader(io.StringIO(table_path.read_text("utf-8"))))
    assert [r["indicator"] for r in rows] == [i["indicator"] for i in document["items"]]
    sourced = [r for r in rows if r["dataset"]]
    assert sourced, "the profile has values with a dataset"
    for row in sourced:
        entry = sources[row["dataset"]]
        assert row["source_ids"] == row["dataset"]
        assert row["source_licence"] == entry["licence"]
        assert row["source_data_years"] == (entry["data_years"] or "—")
    assert all(r["source_ids"] == "" for r in rows if not r["dataset"])
    assert list(rows[0])[-4:] == list(SOURCE_COLUMNS)


def test_a_bad_export_suffix_is_refused_before_any_work(tmp_path: Path) -> None:
    target = tmp_path / "nga.txt"
    result = runner.invoke(app, ["profile", "NGA", "--export", str(target)])
    assert result.exit_code == 2
    assert "must end in .csv or .xlsx" in result.output
    assert list(tmp_path.iterdir()) == []


def test_members_export_and_the_warehouse_package(registry_home: Path, tmp_path: Path) -> None:
    members = tmp_path / "brics.csv"
    invoke("members", "BRICS", "--year", "2024", "--export", str(members))
    rows = list(csv.DictReader(io.StringIO(members.read_text("utf-8"))))
    assert {"BRA", "CHN", "IND", "RUS", "ZAF"} <= {r["iso3"] for r in rows}
    assert all(r["source_ids"] for r in rows)

    package = tmp_path / "registry"
    body = json.loads(
        invoke("data", "export", "--package", str(package), "--tables", "bloc,country", "--json")
    )
    assert list(body["rows"]) == ["bloc", "country"] and body["rows"]["country"] > 200
    checked = subprocess.run(
        [str(FRICTIONLESS), "validate", str(package / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

    again = runner.invoke(app, ["data", "export", "--package", str(package), "--tables", "bloc"])
    assert again.exit_code == 2 and "not empty" in again.output
    assert sorted(p.name for p in package.iterdir()) == [
        "bloc.csv",
        "country.csv",
        "datapackage.json",
    ]
    invoke("data", "export", "--package", str(package), "--tables", "bloc", "--force")
    assert sorted(p.name for p in package.iterdir()) == ["bloc.csv", "datapackage.json"]

    unknown = runner.invoke(
        app, ["data", "export", "--package", str(tmp_path / "x"), "--tables", "blocz"]
    )
    assert unknown.exit_code == 2 and "did you mean bloc" in unknown.output
    assert not (tmp_path / "x").exists()


def test_a_read_package_validates(registry_home: Path, tmp_path: Path) -> None:
    package = tmp_path / "ecowas"
    invoke(
        "data", "export", "--package", str(package), "--read", "members", "--param", "bloc=ECOWAS"
    )
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == ["members", "sources"]
    assert descriptor["southsouth:parameters"]["bloc"] == "ECOWAS"
    rows = list(csv.DictReader(io.StringIO((package / "members.csv").read_text("utf-8"))))
    assert "NGA" in {r["iso3"] for r in rows}
    from southsouth.service.packages import validation_errors

    assert validation_errors(package / "datapackage.json") == []
    wrong = runner.invoke(
        app,
        ["data", "export", "--package", str(tmp_path / "y"), "--read", "members", "--param", "x=1"],
    )
    assert wrong.exit_code == 2 and "x" in wrong.output
    assert not (tmp_path / "y").exists()


def test_resolve_exports_its_matches_with_the_crosswalk_source(
    registry_home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "names.xlsx"
    result = runner.invoke(app, ["resolve", "Ivory Coast", "Narnia", "--export", str(target)])
    assert result.exit_code == 1  # an unmapped name still fails the command
    assert result.stdout == ""
    book = openpyxl.load_workbook(target)
    header, *rows = book["data"].values
    found = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(r["name"], r["iso3"], r["source_ids"]) for r in found] == [
        ("Ivory Coast", "CIV", "countries"),
        ("Narnia", None, None),
    ]
    listed = [
        dict(zip(SOURCES_SHEET, row, strict=True)) for row in list(book["sources"].values)[1:]
    ]
    assert [s["source_id"] for s in listed] == ["countries"] and listed[0]["licence"]
    assert found[0]["source_licence"] == listed[0]["licence"]


def test_roadmap_export_is_the_reads_initiatives(
    full_home: Path, au_roadmap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both paths of `roadmap --export` (the read's, and the one that writes a report) give
    the plan's initiatives with its datasets; the session's AU plan stands in for planning."""
    from southsouth.cli.roadmap import initiatives_table
    from southsouth.roadmap import build
    from southsouth.workspace import open_workspace

    monkeypatch.setattr(build, "build_roadmap", lambda *args, **kwargs: au_roadmap)
    document = json.loads(invoke("roadmap", "--bloc", "AU", "--json"))
    target = tmp_path / "au.xlsx"
    assert invoke("roadmap", "--bloc", "AU", "--export", str(target)) == ""
    book = openpyxl.load_workbook(target)
    header, *rows = book["data"].values
    found = [dict(zip(header, row, strict=True)) for row in rows]
    assert [r["id"] for r in found] == [i["id"] for i in document["items"]]
    assert found[0]["start"] == document["items"][0]["start"] and len(found) > 5
    listed = [row[0] for row in list(book["sources"].values)[1:]]
    assert listed == [s["source_id"] for s in document["sources"]]
    with open_workspace(home=full_home) as ws:
        table = initiatives_table(ws, au_roadmap, {"group": "AU"})
    assert [r["id"] for r in table.rows] == [r["id"] for r in found]
    assert [s["source_id"] for s in table.sources] == listed
