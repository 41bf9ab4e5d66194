"""``southsouth roadmap``: outputs, printed paths, and clear errors that change nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from southsouth.cli import app

runner = CliRunner()


@pytest.fixture
def synced_home(full_warehouse, monkeypatch):
    """Point the CLI at the session's fully synced home (read-only use)."""
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))


def test_roadmap_writes_files_and_prints_their_paths(synced_home, tmp_path):
    out = tmp_path / "mercosur"
    result = runner.invoke(
        app,
        [
            "roadmap",
            "--bloc",
            "MERCOSUR",
            "--out",
            str(out),
            "--no-pdf",
            "--as-of",
            "2026-11-28",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == {
        "json": str(out / "roadmap.json"),
        "html": str(out / "report.html"),
        "pdf": None,
    }
    assert "health-workforce-compact" in data["not_proposed"]
    assert "integrated-security-framework" in data["scheduled"]
    written = json.loads((out / "roadmap.json").read_text(encoding="utf-8"))
    assert written["group"]["id"] == "MERCOSUR"
    assert [i["id"] for i in written["plan"]["initiatives"]] == data["scheduled"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="figure-map-economy"' in html  # the world map came from the synced cache


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--bloc", "NOT-A-BLOC"], "unknown-group", "NOT-A-BLOC"),
        (["--group", "g77", "--bloc", "AU"], "invalid-input", "not both"),
        (["--horizon", "2070"], "year-out-of-range", "valid years are 2030–2055"),
        (["--as-of", "2020-01-01"], "year-out-of-range", "valid years are 2025–2055"),
        (["--as-of", "2026-13-01"], None, "not a date"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(synced_home, tmp_path, args, code, words):
    out = tmp_path / "out"
    result = runner.invoke(app, ["roadmap", "--out", str(out), *args])
    assert result.exit_code != 0
    assert words in result.output
    if code is not None:
        assert f"error[{code}]" in result.output
    assert not out.exists()


def test_invalid_initiatives_file_names_line_and_field(synced_home, tmp_path):
    bad = tmp_path / "initiatives.yaml"
    bad.write_text("override:\n  pharma-hubs:\n    sensitivity: secret\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["roadmap", "--bloc", "MERCOSUR", "--initiatives", str(bad), "--out", str(out)]
    )
    assert result.exit_code != 0
    assert "error[initiatives-file-invalid]" in result.output
    assert "line 3, override.pharma-hubs.sensitivity" in result.output
    assert not out.exists()
