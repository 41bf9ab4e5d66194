"""CSV exports never hand a spreadsheet a formula, and read back to the same text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.spreadsheet_cells import neutralise_formula, restore_formula_text

#: The classic CSV-injection payloads (OWASP).
PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]
#: Text that must come back exactly: quotes that are or are not neutralising ones.
PLAIN = ["'=already quoted", "''@twice", "'hello", "it's fine", "-2 % of the budget"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_is_quoted_and_restored(payload):
    cell = neutralise_formula(payload)
    assert cell == "'" + payload
    assert restore_formula_text(cell) == payload


@pytest.mark.parametrize("text", [*PLAIN, "plain", "", "'", "a=b"])
def test_restoring_inverts_neutralising(text):
    assert restore_formula_text(neutralise_formula(text)) == text


def test_text_that_cannot_be_a_formula_is_left_alone():
    assert [neutralise_formula(t) for t in ("plain", "a=b", "'hello", "")] == [
        "plain",
        "a=b",
        "'hello",
        "",
    ]
    assert neutralise_formula("'=x") == "''=x"


@pytest.fixture
def run(monkeypatch, tmp_path):
    runner = CliRunner()

    def invoke(*args: str, code: int = 0, home: Path | None = None) -> str:
        if home is not None:
            monkeypatch.setenv("SOUTHSOUTH_HOME", str(home))
        result = runner.invoke(app, ["tracker", *args])
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def _forum(run, home: Path) -> None:
    run("init", home=home)
    run("forum", "add", "--id", "F1", "--kind", "cop", "--name", "COP", "--start", "2025-11-10")


def test_cli_csv_export_quotes_formulas_and_reads_back(run, tmp_path):
    first = tmp_path / "first"
    _forum(run, first)
    texts = [*PAYLOADS, *PLAIN]
    body = [
        {"id": f"p{n}", "forum_id": "F1", "text": t, "pillar": "health", "actors": ["KEN"]}
        for n, t in enumerate(texts)
    ]
    source = tmp_path / "payloads.json"
    source.write_text(json.dumps(body), encoding="utf-8")
    run("import", str(source), "--kind", "commitment")
    stored = {c["id"]: c["text"] for c in json.loads(run("export", "--kind", "commitment"))}
    # leading tab and carriage return are trimmed like any surrounding whitespace
    assert [stored[f"p{n}"] for n in range(len(PAYLOADS))] == [
        '=HYPERLINK("http://x","y")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "=1+1",
        "=1+1",
        "=1+1",
    ]
    exported = tmp_path / "out.csv"
    run("export", "--kind", "commitment", "--format", "csv", "-o", str(exported))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(exported.read_text("utf-8")))}
    for n in range(len(PAYLOADS)):
        cell = rows[f"p{n}"]["text"]
        assert cell.startswith("'") and cell == "'" + stored[f"p{n}"]
    assert [rows[f"p{len(PAYLOADS) + n}"]["text"] for n in range(len(PLAIN))] == [
        "''=already quoted",
        "'''@twice",
        "'hello",
        "it's fine",
        "'-2 % of the budget",
    ]
    # into a fresh tracker: the same text, not one character changed
    second = tmp_path / "second"
    _forum(run, second)
    run("import", str(exported), "--kind", "commitment")
    again = {c["id"]: c["text"] for c in json.loads(run("export", "--kind", "commitment"))}
    assert again == stored


def test_numbers_stay_numbers(run, tmp_path):
    _forum(run, tmp_path / "home-n")
    run(
        *("commitment", "add", "--id", "n1", "--forum", "F1", "--text", "Cut arrears"),
        *("--pillar", "economy", "--actor", "KEN", "--kpi", "debt_service"),
        *(
            "--baseline",
            "-0.5",
            "--baseline-year",
            "2020",
            "--target",
            "-2",
            "--target-year",
            "2030",
        ),
    )
    out = run("export", "--kind", "commitment", "--format", "csv")
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["kpi_baseline"], row["kpi_target"]) == ("-0.5", "-2.0")


def test_a_tab_hiding_a_formula_is_refused_on_import(run, tmp_path):
    _forum(run, tmp_path / "home-t")
    path = tmp_path / "tab.csv"
    path.write_text(
        'id,forum_id,text,pillar,actors\nt1,F1,"\t=1+1",health,KEN\nt2,F1,"\tTabbed",health,KEN\n',
        encoding="utf-8",
    )
    out = run("import", str(path), "--kind", "commitment", "--json", code=2)
    assert "would make it a spreadsheet formula" in out
    assert "t1" not in run("list", "commitments")
    partial = json.loads(run("import", str(path), "--kind", "commitment", "--partial", "--json"))
    assert (partial["ids"], [p["row"] for p in partial["problems"]]) == (["t2"], [1])
