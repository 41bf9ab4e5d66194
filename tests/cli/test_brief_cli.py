"""`southsouth brief`: the files it writes, the document it prints, what it refuses."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.service import plan_store
from southsouth.service.plan_store import plan_part
from southsouth.workspace import open_workspace

runner = CliRunner()


@pytest.fixture
def home(full_warehouse, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))
    return full_warehouse.path.parent


@pytest.fixture
def au_planned(au_roadmap, monkeypatch) -> list[str]:
    """The AU's plan is the session's (planning it again is the roadmap tests' business);
    returns the groups a brief asked for."""
    asked: list[str] = []

    def stored(_ws, group: str, _horizon: int) -> dict:
        asked.append(group)
        return plan_part(au_roadmap)

    monkeypatch.setattr(plan_store, "stored_plan", stored)
    return asked


def test_bloc_brief_writes_html_and_a_two_page_pdf(home, au_planned, tmp_path) -> None:
    result = runner.invoke(app, ["brief", "--bloc", "AU", "--lang", "ar", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html, pdf = tmp_path / "brief-AU-ar.html", tmp_path / "brief-AU-ar.pdf"
    assert result.stdout.split() == ["html:", str(html), "pdf:", str(pdf)]
    assert '<html lang="ar" dir="rtl">' in html.read_text(encoding="utf-8")
    assert len(PdfReader(pdf).pages) == 2
    assert au_planned == ["AU"]


def test_json_is_the_read_and_writes_nothing(home, au_planned, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["brief", "--bloc", "au", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    with open_workspace(home=home) as ws:
        assert printed == ws.ask.brief(bloc="au").document
    assert printed["id"] == "AU" and len(printed["items"]) == 9
    assert list(tmp_path.iterdir()) == []


def test_country_brief_without_pdf(home, tmp_path, monkeypatch, g77_roadmap) -> None:
    """A country's initiatives come from the G77's plan (the session's, stored in its place)."""
    asked: list[str] = []

    def stored(_ws, group: str, _horizon: int) -> dict:
        asked.append(group)
        return plan_part(g77_roadmap)

    monkeypatch.setattr(plan_store, "stored_plan", stored)
    result = runner.invoke(app, ["brief", "NGA", "--lang", "fr", "--no-pdf", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief-NGA-fr.html"]
    page = (tmp_path / "brief-NGA-fr.html").read_text(encoding="utf-8")
    assert "Nigeria : fiche de coopération Sud-Sud" in page
    assert "Autonomie scientifique" in page
    assert asked == ["g77"]
    joined = [s for s in g77_roadmap.plan.scheduled if "NGA" in s.initiative.participants]
    assert joined and all(f'data-initiative="{s.initiative.id}"' in page for s in joined[:4])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["XYZ"], "unknown country 'XYZ'"),
        (["--bloc", "NOPE"], "unknown bloc 'NOPE'"),
        (["NGA", "--bloc", "AU"], "give either a country or a bloc"),
        ([], "give either a country or a bloc"),
        (["NGA", "--lang", "de"], "no language 'de'"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(home, tmp_path, args, message) -> None:
    result = runner.invoke(app, ["brief", *args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()
