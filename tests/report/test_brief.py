"""Briefs: what they say (against the profile read and the roadmaps they draw on), two A4
pages, every fixed phrase from the catalogue, bad input refused with nothing written, and
plans stored on disk until the data change."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader

from shared_builds import AS_OF
from southsouth.errors import InputError, UnknownBloc, UnknownCountry
from southsouth.indicators.framework import load_framework
from southsouth.language import content
from southsouth.language.catalogue import LANGUAGES, Translator, catalogue
from southsouth.report.brief import brief_pdf, brief_values, page, write_brief
from southsouth.service import plan_store
from southsouth.service.declared import InvalidParameter
from southsouth.service.plan_store import plan_part, stored_plan
from southsouth.service.reads.brief import BRIEF, bloc_brief, country_brief, gap_distance
from southsouth.settings import load_settings
from southsouth.workspace import Workspace

FRAMEWORK = load_framework()


@pytest.fixture(scope="module")
def ws(full_warehouse):
    return Workspace(load_settings(home=full_warehouse.path.parent), warehouse=full_warehouse)


@pytest.fixture(scope="module")
def nga_brief(ws, g77_roadmap):
    return country_brief(ws, "NGA", FRAMEWORK, plan_part(g77_roadmap))


@pytest.fixture(scope="module")
def au_brief(ws, au_roadmap):
    return bloc_brief(ws, "AU", FRAMEWORK, plan_part(au_roadmap))


def test_country_scorecard_is_the_profile_and_index(ws, nga_brief) -> None:
    profile = ws.ask.profile("NGA").document
    index = ws.ask.index(group="g77", draws=0).document
    scores = next(r["pillars"] for r in index["items"] if r["iso3"] == "NGA")
    assert [p["pillar"] for p in nga_brief["items"]] == [p["pillar"] for p in profile["pillars"]]
    assert len(nga_brief["items"]) == 9  # one row per pillar
    for row, pillar in zip(nga_brief["items"], profile["pillars"], strict=True):
        lit = [e["light"] for e in pillar["indicators"] if e["light"]]
        assert row["score"] == scores[row["pillar"]]
        assert row["indicators"] == len(pillar["indicators"])
        assert row["with_data"] == sum(e["value"] is not None for e in pillar["indicators"])
        assert sum(row["lights"].values()) == len(lit)
        worst = next((c for c in ("red", "orange", "yellow", "green") if c in lit), None)
        assert row["light"] == worst
        assert sum(row["trends"].values()) == sum(bool(e["trend"]) for e in pillar["indicators"])
    science = nga_brief["items"][0]
    assert science["pillar"] == "science" and round(science["score"], 2) == 3.51
    assert nga_brief["sources"] == profile["sources"]


def test_country_gaps_follow_the_stated_rule(nga_brief) -> None:
    gaps = nga_brief["gaps"]
    assert len(gaps) == 3
    assert [g["light"] for g in gaps] == sorted((g["light"] for g in gaps), key="red".__ne__)
    for g in gaps:
        spec = FRAMEWORK.indicator(g["indicator"])
        assert g["distance"] == pytest.approx(gap_distance(spec, g["value"]))
        assert g["distance"] > 0
    reds = [g["distance"] for g in gaps if g["light"] == "red"]
    assert reds == sorted(reds, reverse=True)
    assert "red indicators first" in nga_brief["rules"]["gaps"].lower()


def test_country_initiatives_are_the_g77_roadmaps(nga_brief, g77_roadmap) -> None:
    expected = [s for s in g77_roadmap.plan.scheduled if "NGA" in s.initiative.participants]
    assert expected, "Nigeria takes part in G77 initiatives"
    assert [i["id"] for i in nga_brief["initiatives"]] == [s.initiative.id for s in expected]
    for item, s in zip(nga_brief["initiatives"], expected, strict=True):
        assert item["forum"]["forum_id"] == s.meeting.forum_id
        assert item["forum"]["date"] == s.meeting.day.isoformat()
        assert item["start"] == s.start.isoformat() and item["phase"] == s.phase
    adopted = sorted(i for s in nga_brief["sessions"] for i in s["initiatives"])
    assert adopted == sorted(i["id"] for i in nga_brief["initiatives"])
    assert [s["date"] for s in nga_brief["sessions"]] == sorted(
        s["date"] for s in nga_brief["sessions"]
    )
    assert nga_brief["plan"]["as_of"] == AS_OF.isoformat()
    assert nga_brief["plan"]["group"]["id"] == "g77"


def test_bloc_brief_is_its_roadmap_and_baseline(ws, au_brief, au_roadmap) -> None:
    plan = au_roadmap.plan
    assert [i["id"] for i in au_brief["initiatives"]] == [s.initiative.id for s in plan.scheduled]
    assert au_brief["members"] == len(au_roadmap.evidence.iso3) == 55
    baseline = au_roadmap.evidence.baseline
    lit = baseline[baseline["light"].isin(["red", "orange"]) & baseline["pillar"].notna()]
    gaps = au_brief["gaps"]
    assert {g["indicator"] for g in gaps} <= set(lit["indicator"])
    first = baseline[baseline["indicator"] == gaps[0]["indicator"]].iloc[0]
    assert gaps[0]["value"] == pytest.approx(float(first["value"]))
    index = ws.ask.index(group="AU", draws=0).document
    science = sorted(
        r["pillars"]["science"] for r in index["items"] if r["pillars"].get("science") is not None
    )
    middle = len(science) // 2
    median = science[middle] if len(science) % 2 else (science[middle - 1] + science[middle]) / 2
    assert au_brief["items"][0]["score"] == pytest.approx(median)
    assert all(not p["trends"] for p in au_brief["items"])
    assert {s["source_id"] for s in au_brief["sources"]} >= {"wdi-rd-expenditure", "itu-gci-2024"}
    assert all(s["publisher"] for s in au_brief["sources"])


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_fixed_phrase_is_in_the_language(au_brief, lang: str) -> None:
    html = page(au_brief, lang)
    keys = [k for k in catalogue(lang) if k.startswith("brief.")]
    assert keys and not [k for k in keys if k in html]
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    t = Translator(lang)
    texts = brief_values(au_brief, lang)
    name = content.group_name(t, "AU", "African Union")
    assert texts["title"] == catalogue(lang)["brief.title"].format(name=name)
    assert str(escape(texts["title"])) in html
    for pillar in FRAMEWORK.pillars:
        assert str(escape(content.pillar_name(t, pillar.id, pillar.name))) in html
    if lang != "en":
        assert catalogue(lang)["brief.scorecard"] != catalogue("en")["brief.scorecard"]
        assert catalogue(lang)["brief.scorecard"] in html


def test_the_pdf_has_two_a4_pages(au_brief, nga_brief) -> None:
    for document, lang in ((au_brief, "ar"), (nga_brief, "fr")):
        _, printed = brief_pdf(document, lang)
        pages = PdfReader(io.BytesIO(printed)).pages
        assert len(pages) == 2
        width, height = (float(v) for v in pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842)


def test_bad_input_is_refused_and_nothing_written(ws, au_brief, tmp_path: Path) -> None:
    with pytest.raises(InvalidParameter, match="either a country or a bloc"):
        BRIEF.parse()
    with pytest.raises(InvalidParameter, match="either a country or a bloc"):
        BRIEF.parse(country="NGA", bloc="AU")
    with pytest.raises(UnknownCountry):
        BRIEF.run(ws, BRIEF.parse(country="XYZ"))
    with pytest.raises(UnknownBloc):
        BRIEF.run(ws, BRIEF.parse(bloc="NOPE"))
    with pytest.raises(InputError, match="no language"):
        write_brief(au_brief, "de", tmp_path / "out")
    target = tmp_path / "file"
    target.write_text("keep")
    with pytest.raises(InputError, match="not a directory"):
        write_brief(au_brief, "en", target, pdf=False)
    assert target.read_text() == "keep"
    assert not (tmp_path / "out").exists()
    files = write_brief(au_brief, "pt", tmp_path / "out", pdf=False)
    assert files.html.name == "brief-AU-pt.html" and files.pdf is None
    assert "<h1>" + str(escape(brief_values(au_brief, "pt")["title"])) in files.html.read_text()


def test_plans_are_stored_until_the_data_change(full_warehouse, au_roadmap, tmp_path, monkeypatch):
    ws = Workspace(load_settings(home=tmp_path), warehouse=full_warehouse)
    planned: list[str] = []

    def plan(_ws, group, _horizon, _day):
        planned.append(group)
        return au_roadmap

    monkeypatch.setattr(plan_store, "_planned", plan)
    monkeypatch.setattr(
        plan_store,
        "plan_part",
        lambda built: {**plan_part(built), "as_of": plan_store.date.today().isoformat()},
    )
    first = stored_plan(ws, "AU", 2055)
    again = stored_plan(ws, "AU", 2055)
    assert planned == ["AU"] and again == first
    files = list((tmp_path / "cache" / "plans").glob("*.json"))
    assert len(files) == 1
    monkeypatch.setattr(plan_store, "warehouse_stamp", lambda _wh: "after a sync")
    stored_plan(ws, "AU", 2055)
    assert planned == ["AU", "AU"]
    assert not files[0].exists()
    assert len(list((tmp_path / "cache" / "plans").glob("*.json"))) == 1


def test_a_plan_written_by_the_roadmap_command_is_reused(
    full_warehouse, au_roadmap, tmp_path, monkeypatch
):
    """`southsouth roadmap` stores what a brief needs of today's plan; one planned on another
    day (the session's AS_OF) is not stored."""
    ws = Workspace(load_settings(home=tmp_path), warehouse=full_warehouse)
    plan_store.remember(ws, au_roadmap)
    assert not (tmp_path / "cache" / "plans").exists()
    today = replace(au_roadmap, evidence=replace(au_roadmap.evidence, as_of=date.today()))
    plan_store.remember(ws, today)

    def plan(*_args):
        raise AssertionError("planned again")

    monkeypatch.setattr(plan_store, "_planned", plan)
    stored = stored_plan(ws, "AU", au_roadmap.plan.horizon)
    assert [i["id"] for i in stored["initiatives"]] == [
        s.initiative.id for s in au_roadmap.plan.scheduled
    ]
