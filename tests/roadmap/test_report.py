"""The report: rendered in headless Chromium (Debian) and printed to PDF, with every section."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from southsouth.report.document import SECTIONS, render_html
from southsouth.report.outputs import RoadmapFiles, write_roadmap
from southsouth.roadmap.model import PILLARS


@pytest.fixture(scope="module")
def written(au_roadmap, world_map, tmp_path_factory) -> RoadmapFiles:
    topology, shapes = world_map
    return write_roadmap(
        au_roadmap, tmp_path_factory.mktemp("au"), topology=topology, shapes=shapes
    )


def expected_figures(roadmap) -> set[str]:
    pillars = set(roadmap.evidence.index.result.pillar_scores.columns)
    return {
        "figure-timeline",
        "figure-calendar",
        "figure-projections",
        "figure-health-workforce",
        *(f"figure-map-{p}" for p in PILLARS if p in pillars),
    }


def section_ids() -> list[str]:
    return [s for s, _ in SECTIONS] + [f"pillar-{p}" for p in PILLARS]


def test_report_renders_in_chromium_with_every_section_and_chart(written, au_roadmap, browser):
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()

        def block(route) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", block)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(written.html.as_uri(), wait_until="load")
        ids = page.evaluate("[...document.querySelectorAll('section[id]')].map(s => s.id)")
        figures = page.evaluate(
            """[...document.querySelectorAll('figure.chart')].map(f => {
                const svg = f.querySelector('svg');
                const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                return {id: f.id, width: box.width, height: box.height,
                        marks: svg ? svg.querySelectorAll('path, rect, line').length : 0,
                        text: svg ? svg.textContent : ''};
            })"""
        )
        broken = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        headings = page.evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent)")
    finally:
        context.close()
    assert set(section_ids()) <= set(ids), set(section_ids()) - set(ids)
    assert [h.strip() for h in headings] == [heading for _, heading in SECTIONS]
    by_id = {f["id"]: f for f in figures}
    assert expected_figures(au_roadmap) <= set(by_id), expected_figures(au_roadmap) - set(by_id)
    for f in figures:
        assert f["width"] > 200 and f["height"] > 100, f["id"]
        assert f["marks"] > 5, f["id"]
    # Charts cite their sources in their own subtitle.
    assert "Sources:" in by_id["figure-map-health"]["text"]
    assert "forum calendar" in by_id["figure-timeline"]["text"]
    assert broken == 0
    assert outside == [], "the report must not load anything from the network"
    assert errors == []


def test_pdf_has_the_same_sections(written, au_roadmap):
    reader = PdfReader(written.pdf)
    assert len(reader.pages) >= 10
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for _, heading in SECTIONS:
        assert heading in flat, heading
    for pillar in PILLARS:
        assert au_roadmap.evidence.framework.pillar(pillar).name in flat, pillar
    assert "Health-workforce training compact" in flat
    assert "page 1 of" in flat


def test_json_html_and_pdf_agree(written, au_roadmap):
    data = json.loads(written.json.read_text(encoding="utf-8"))
    html = written.html.read_text(encoding="utf-8")
    for item in data["plan"]["initiatives"]:
        assert f'id="initiative-{item["id"]}"' in html
    assert len(data["plan"]["initiatives"]) == len(au_roadmap.plan.scheduled)
    assert "<script" not in html and 'src="http' not in html


def test_rewriting_keeps_files_whole_and_refuses_a_file_as_directory(au_roadmap, tmp_path):
    out = tmp_path / "report"
    first = write_roadmap(au_roadmap, out, pdf=False)
    assert first.pdf is None and first.html.exists()
    assert not any(p.name.endswith(".tmp") for p in out.iterdir())
    assert oct(first.html.stat().st_mode & 0o777) == "0o644"
    # Without the world map the report still renders and says why the maps are missing.
    second = write_roadmap(au_roadmap, out, pdf=False, map_note="pillar maps not drawn: test")
    assert "pillar maps not drawn: test" in second.html.read_text(encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    from southsouth.errors import InputError

    with pytest.raises(InputError, match="is a file"):
        write_roadmap(au_roadmap, blocker, pdf=False)
    assert blocker.read_text() == "x"


def test_data_notes_list_data_years_and_flag_stale_datasets(au_roadmap):
    """The data notes give each dataset's data years and age on the roadmap's as-of day, and
    flag the stale ones."""
    notes = {n["dataset_id"]: n for n in au_roadmap.data_notes()}
    # The roadmap's as-of day is 2026-11-28 (conftest): HS4 exports of 2017 are 9 years old.
    exports = notes["ots-hs4-exports-2017"]
    assert exports["data_years"] == "2017" and exports["age_years"] == 9 and exports["stale"]
    routes = notes["openflights"]
    assert routes["data_year"] == 2014 and routes["stale"]
    sipri = notes["sipri-milex-2024"]
    assert sipri["data_years"] == "2019–2023" and sipri["age_years"] == 3
    assert not sipri["stale"] and sipri["as_of"] == "2026-11-28"

    html = render_html(au_roadmap, {})
    section = html[html.index('<section id="data-notes">') :]
    rows = {
        m.group(1): m.group(0)
        for m in re.finditer(r"<tr(?: class=\"stale\")?><td>([^<]+)</td>.*?</tr>", section)
    }
    assert 'class="stale"' in rows["ots-hs4-exports-2017"]
    assert '<td class="num">2017</td>' in rows["ots-hs4-exports-2017"]
    assert "9 <strong>(stale)</strong>" in rows["ots-hs4-exports-2017"]
    assert 'class="stale"' not in rows["sipri-milex-2024"]
    assert '<td class="num">2019–2023</td><td class="num">3</td>' in rows["sipri-milex-2024"]
    stale = [n for n in notes.values() if n["stale"]]
    assert f"{len(stale)} of {len(notes)} datasets are stale" in section
