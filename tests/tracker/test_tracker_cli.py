"""``southsouth tracker …`` on the embedded SQLite database in the southsouth home."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.service.exports import SOURCE_COLUMNS
from southsouth.tracker import Database


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(tmp_path / "home"))
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["tracker", *args])
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def test_record_assess_and_score(run, tmp_path):
    assert "tracker initialised at sqlite:///" in run("init")
    assert "already initialised" in run("init")
    unopened = Database(f"sqlite:///{tmp_path / 'not-created.sqlite'}")
    head = unopened.schema_state().head
    unopened.close()
    assert f"up to date (migration {head})" in run("migrate")
    run(
        "forum",
        "add",
        "--id",
        "au-38",
        "--kind",
        "summit",
        "--name",
        "AU Assembly 38",
        "--start",
        "2025-02-15",
        "--end",
        "2025-02-16",
        "--bloc",
        "AU",
    )
    made = json.loads(
        run(
            "commitment",
            "add",
            "--id",
            "c1",
            "--forum",
            "au-38",
            "--text",
            "Train CHWs",
            "--pillar",
            "health",
            "--actor",
            "KEN,NGA",
            "--actor",
            "ZAF",
            "--status",
            "published",
            "--smart",
            "specific,measurable",
            "--catalyst",
            "timeline",
            "--kpi",
            "who_doctors",
            "--baseline",
            "0.2",
            "--baseline-year",
            "2020",
            "--target",
            "0.5",
            "--target-year",
            "2030",
            "--json",
        )
    )
    # specific and measurable as given, time_bound derived from the KPI's target year
    assert made["actors"] == ["KEN", "NGA", "ZAF"] and made["smartness"] == 0.6
    assert made["kpi"]["target"] == 0.5 and made["trackable"] is True
    for actor, score in (("KEN", "1"), ("NGA", "-1"), ("ZAF", "0")):
        run(
            "assess",
            "c1",
            actor,
            "--score",
            score,
            "--grade",
            "B",
            "--assessor",
            "Think tank",
            "--status",
            "published",
            "--evidence",
            "https://example.org/report",
        )
    report = json.loads(run("compliance", "--by", "commitment", "--json"))
    # c1: (1 − 1 + 0)/3 = 0 → 50 %, all 3 actors assessed
    assert report["rows"] == [
        {
            "key": "c1",
            "n": 3,
            "expected": 3,
            "coverage": 1.0,
            "mean_score": 0.0,
            "compliance_pct": 50.0,
            "full": 1,
            "partial": 1,
            "none": 1,
        }
    ]
    table = run("compliance")
    assert "KEN" in table and "100.0" in table and "C_a = mean" in table
    listed = run("list", "assessments")
    assert "assessments 1–3 of 3" in listed
    log = json.loads(run("log", "--json", "--limit", "2"))
    assert log["total"] == 5 and log["items"][0]["entity"] == "assessment"
    assert "ok: 5 audit entries" in run("verify")

    # --export: the rows --json gives, as CSV or XLSX (the tracker's own records: no datasets).
    exported = tmp_path / "compliance.csv"
    assert "wrote 2 rows" in run("compliance", "--by", "commitment", "--export", str(exported))
    rows = list(csv.DictReader(io.StringIO(exported.read_text("utf-8"))))
    assert [(r["key"], r["compliance_pct"], r["n"]) for r in rows[:1]] == [("c1", "50.0", "3")]
    assert rows[1]["key"] == report["overall"]["key"]  # the table's overall row
    assert list(rows[0])[-4:] == list(SOURCE_COLUMNS) and rows[0]["source_ids"] == ""
    book_path = tmp_path / "assessments.xlsx"
    run("list", "assessments", "--export", str(book_path))
    data = list(openpyxl.load_workbook(book_path)["data"].values)
    listed_json = json.loads(run("list", "assessments", "--json"))["items"]
    header = data[0]
    assert [dict(zip(header, r, strict=True))["actor"] for r in data[1:]] == [
        a["actor"] for a in listed_json
    ]
    run("log", "--limit", "2", "--export", str(tmp_path / "log.csv"))
    entries = list(csv.DictReader(io.StringIO((tmp_path / "log.csv").read_text("utf-8"))))
    assert [e["seq"] for e in entries] == [str(e["seq"]) for e in log["items"]]


def test_token_secret_is_shown_once(run):
    run("init")
    out = run("token", "create", "--role", "editor", "--scope", "AU", "--name", "AU desk")
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("sst_") and len(secret) == 47
    listed = run("token", "list", "--json")
    assert secret not in listed
    (token,) = json.loads(listed)
    assert (token["role"], token["scopes"], token["name"]) == ("editor", ["AU"], "AU desk")
    assert f"revoked {token['id']}" in run("token", "revoke", token["id"])
    again = run("token", "revoke", token["id"], code=1)
    assert "error[record-conflict]" in again
    bad = run("token", "create", "--role", "viewer", "--scope", "XYZ", code=2)
    assert "only editor tokens can be scoped" in bad and "not a registry bloc" in bad


def test_import_export_and_errors(run, tmp_path):
    run("init")
    run(
        "forum",
        "add",
        "--id",
        "F1",
        "--kind",
        "cop",
        "--name",
        "COP 30",
        "--start",
        "2025-11-10",
        "--end",
        "2025-11-21",
    )
    good = tmp_path / "good.csv"
    good.write_text(
        "id,forum_id,text,pillar,actors,status\n"
        "a,F1,One,economy,BRA,published\n"
        "b,F1,Two,science,IND ZAF,draft\n",
        encoding="utf-8",
    )
    assert "imported 2 of 2 commitments" in run("import", str(good), "--kind", "commitment")
    out = tmp_path / "out" / "commitments.json"
    run("export", "--kind", "commitment", "-o", str(out))
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [(c["id"], c["actors"]) for c in exported] == [("a", ["BRA"]), ("b", ["IND", "ZAF"])]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,forum_id,text,pillar,actors\nc,F1,Three,economy,BRA\nd,F1,Four,sport,BRA\n",
        encoding="utf-8",
    )
    rejected = run("import", str(bad), "--kind", "commitment", code=2)
    assert "error[import-rejected]" in rejected and "pillar" in rejected
    assert "--partial" in rejected
    assert "commitments 1–2 of 2" in run("list", "commitments")
    partial = run("import", str(bad), "--kind", "commitment", "--partial")
    assert "imported 1 of 2 commitments; 1 row(s) rejected" in partial
    missing = run(
        "commitment",
        "add",
        "--forum",
        "nope",
        "--text",
        "x",
        "--pillar",
        "health",
        "--actor",
        "KEN",
        code=2,
    )
    assert "error[invalid-record]" in missing and "forum_id: no forum with id 'nope'" in missing


def test_an_existing_database_without_the_schema_is_refused(run, tmp_path, monkeypatch):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    monkeypatch.setenv("SOUTHSOUTH_TRACKER_URL", f"sqlite:///{empty}")
    out = run("list", "forums", code=1)
    assert "error[tracker-not-ready]" in out and "southsouth tracker init" in out
    database = Database(f"sqlite:///{empty}")
    assert database.table_names() == []  # nothing was created
    database.close()
