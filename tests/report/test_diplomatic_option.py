"""``southsouth roadmap --diplomatic``: an edition of the written report, refused without one."""

from __future__ import annotations

from typer.testing import CliRunner

from southsouth.cli import app

runner = CliRunner()


def test_diplomatic_without_a_report_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(tmp_path / "home"))
    result = runner.invoke(app, ["roadmap", "--bloc", "AU", "--diplomatic", "--json"])
    assert result.exit_code != 0
    assert "error[invalid-input]" in result.output
    assert "--diplomatic is an edition of the report" in result.output
    assert "add --out DIR" in result.output
    assert not (tmp_path / "home").exists()


def test_diplomatic_is_documented_in_the_help():
    result = runner.invoke(app, ["roadmap", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--diplomatic" in result.output
    assert "names no country in a bilateral tension" in " ".join(result.output.split())
