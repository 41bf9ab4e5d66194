"""The report: rendered in headless Chromium (Debian) and printed to PDF, with every section,
numbered figures and tables, a paged contents, plain names and a compact data appendix."""

from __future__ import annotations

import html as markup
import json
import re

import pytest
from pypdf import PdfReader

from southsouth.report.document import SECTIONS, country_names, render_html
from southsouth.report.outputs import RoadmapFiles, write_roadmap
from southsouth.roadmap.model import KINDS, PATHWAYS, PILLARS, SENSITIVITIES

#: Most pages the data appendix (the data notes and the datasets table) may take.
APPENDIX_PAGES = 4


@pytest.fixture(scope="module")
def written(au_roadmap, world_map, tmp_path_factory) -> RoadmapFiles:
    topology, shapes = world_map
    return write_roadmap(
        au_roadmap, tmp_path_factory.mktemp("au"), topology=topology, shapes=shapes
    )


@pytest.fixture(scope="module")
def pdf_pages(written) -> list[str]:
    """Each page's text, whitespace collapsed."""
    return [" ".join(p.extract_text().split()) for p in PdfReader(written.pdf).pages]


def text_of(page: str) -> str:
    """The words a reader sees in an HTML page, SVG text included."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", page)).split())


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
                const source = f.querySelector('figcaption .chart-source');
                return {id: f.id, width: box.width, height: box.height,
                        marks: svg ? svg.querySelectorAll('path, rect, line').length : 0,
                        text: svg ? svg.textContent : '',
                        caption: f.querySelector('figcaption .caption').textContent,
                        source: source ? source.textContent : '',
                        refs: source ? source.querySelectorAll('a.ref').length : 0};
            })"""
        )
        broken = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        headings = page.evaluate(
            "[...document.querySelectorAll('main > section > h2')].map(h => h.textContent)"
        )
        dangling = page.evaluate(
            "[...document.querySelectorAll('a[href^=\"#\"]')]"
            ".filter(a => !document.getElementById(a.getAttribute('href').slice(1)))"
            ".map(a => a.getAttribute('href'))"
        )
    finally:
        context.close()
    assert set(section_ids()) <= set(ids), set(section_ids()) - set(ids)
    assert [h.strip() for h in headings] == [heading for _, heading in SECTIONS]
    by_id = {f["id"]: f for f in figures}
    assert expected_figures(au_roadmap) <= set(by_id), expected_figures(au_roadmap) - set(by_id)
    for f in figures:
        assert f["width"] > 200 and f["height"] > 100, f["id"]
        assert f["marks"] > 5, f["id"]
    # Figures are numbered in reading order; each cites its sources in one short line
    # under it, with the full citations in the datasets table, not in the chart.
    numbers = [int(re.match(r"Figure (\d+)\.", f["caption"].strip()).group(1)) for f in figures]
    assert numbers == list(range(1, len(figures) + 1))
    health = by_id["figure-map-health"]
    assert health["source"].startswith("Sources: ") and health["refs"] >= 2
    assert len(health["source"]) < 300
    assert "Sources:" not in health["text"]
    assert "forum calendar" in by_id["figure-timeline"]["source"]
    assert broken == 0
    assert dangling == []
    assert outside == [], "the report must not load anything from the network"
    assert errors == []


def test_pdf_has_the_same_sections(pdf_pages, au_roadmap):
    assert len(pdf_pages) >= 10
    flat = " ".join(pdf_pages)
    for _, heading in SECTIONS:
        assert heading in flat, heading
    for pillar in PILLARS:
        assert au_roadmap.evidence.framework.pillar(pillar).name in flat, pillar
    assert "Health-workforce training compact" in flat
    assert "page 3 of" in flat


def test_pdf_contents_give_each_section_its_page(pdf_pages):
    contents = next(i for i, text in enumerate(pdf_pages) if text.startswith("Contents"))
    listed = pdf_pages[contents]
    pages = []
    for _, heading in SECTIONS:
        found = re.search(re.escape(heading) + r" ?\.{3,} ?(\d+)", listed)
        assert found, heading
        pages.append(int(found.group(1)))
    assert pages == sorted(pages) and pages[0] > contents + 1
    # Each entry's page is the page its heading starts.
    for (_, heading), page in zip(SECTIONS, pages, strict=True):
        assert pdf_pages[page - 1].startswith(heading), (heading, page)


def test_pdf_numbers_its_figures_and_tables_and_cites_them_in_the_text(pdf_pages, written):
    flat = " ".join(pdf_pages[2:])
    html = written.html.read_text(encoding="utf-8")
    figures = len(re.findall(r'<figure id="figure-', html))
    tables = len(re.findall(r"<caption><span class=\"label\">Table \d+\.</span>", html))
    assert figures >= 10 and tables >= 20
    for kind, count in (("Figure", figures), ("Table", tables)):
        for n in range(1, count + 1):
            captions = re.findall(rf"\b{kind} {n}\. ", flat)
            assert len(captions) == 1, (kind, n, len(captions))
        assert not re.search(rf"\b{kind} {count + 1}\. ", flat)
    # The text cites every figure and the main tables by number, beside their captions.
    for n in range(1, figures + 1):
        assert len(re.findall(rf"\bFigure {n}\b", flat)) >= 2, n
    for key in ("first-phase", "scenarios", "sessions", "forums", "checks", "sources"):
        n = int(
            re.search(rf'id="table-{key}">\s*<caption><span class="label">Table (\d+)', html)[1]
        )
        assert len(re.findall(rf"\bTable {n}\b", flat)) >= 2, key


def test_pdf_tables_one_draft_decision_per_session(pdf_pages, written, au_roadmap):
    sessions = sorted({(s.meeting.day, s.meeting.forum_id) for s in au_roadmap.plan.scheduled})
    flat = " ".join(pdf_pages)
    start = flat.index("Draft decisions One draft decision for each forum session")
    annex = flat[start : flat.index("Data notes and sources", start)]
    headings = re.findall(r"Draft decision (\d+): ", annex)
    assert [int(n) for n in headings] == list(range(1, len(sessions) + 1))
    html = written.html.read_text(encoding="utf-8")
    assert len(re.findall(r'<article class="decision" id="decision-\d+">', html)) == len(sessions)
    # Each decision adopts its session's initiatives, named by title, as roadmap.json records.
    data = json.loads(written.json.read_text(encoding="utf-8"))
    assert len(data["decisions"]) == len(sessions)
    decisions = re.split(r"Draft decision \d+: ", annex)[1:]
    for (day, forum), decision, text in zip(sessions, data["decisions"], decisions, strict=True):
        session = {
            s.initiative.id
            for s in au_roadmap.plan.scheduled
            if (s.meeting.day, s.meeting.forum_id) == (day, forum)
        }
        assert (decision["date"], decision["forum_id"]) == (day.isoformat(), forum)
        assert {a["initiative"] for a in decision["adopted"]} == session
        for adopted in decision["adopted"]:
            assert f"“{adopted['title']}”" in text, adopted["initiative"]
    # The recommendations open the executive summary, one line per initiative, ranked.
    summary = html[html.index('<section id="summary">') : html.index('<section id="timeline">')]
    lines = re.findall(r'<li value="(\d+)">Adopt ', summary)
    assert [int(n) for n in lines] == list(range(1, len(au_roadmap.plan.scheduled) + 1))
    assert summary.index('id="recommendations"') < summary.index('id="table-first-phase"')


def test_data_appendix_is_one_short_table_of_the_datasets_cited(pdf_pages, written, au_roadmap):
    start = next(i for i, text in enumerate(pdf_pages) if text.startswith("Data notes and sources"))
    assert len(pdf_pages) - start <= APPENDIX_PAGES, len(pdf_pages) - start
    html = written.html.read_text(encoding="utf-8")
    cited = re.findall(r'<tr id="source-(\d+)" data-dataset="([^"]+)"', html)
    notes = {n["dataset_id"]: n for n in au_roadmap.data_notes()}
    assert [int(n) for n, _ in cited] == list(range(1, len(cited) + 1))
    # Only datasets the report cites: every number is referred to, and datasets the report
    # does not cite (the world map's other resolutions, unused trade tables) are left out.
    for n, dataset in cited:
        assert dataset in notes
        assert f'href="#source-{n}"' in html, dataset
    assert len(cited) < len(notes)
    # The long caveats are in roadmap.json, not in the report.
    data = json.loads(written.json.read_text(encoding="utf-8"))
    caveats = [s["caveats"] for s in data["sources"] if s["caveats"]]
    assert caveats and not any(c[:80] in html for c in caveats)


def test_report_names_things_in_words_never_by_id(written, au_roadmap):
    text = text_of(written.html.read_text(encoding="utf-8"))
    ev = au_roadmap.evidence
    ids = {
        *(p for p in PILLARS if "_" in p),
        *(i.id for i in ev.framework.indicators if "_" in i.id),
        *(k for k in (*KINDS, *SENSITIVITIES, *PATHWAYS) if k not in text_words()),
        *(b.id for b in au_roadmap.bottlenecks if "-" in b.id),
        "armed_conflict",
    }
    leaks = {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}
    assert leaks == set()
    # Countries by their CLDR short names, made plain.
    assert "Congo (Kinshasa)" in text and "Congo - Kinshasa" not in text
    assert not re.search(r"\b(?:BDI|CAF|DJI|GNQ|SSD)\b", text)
    names = country_names(ev)
    assert names["COD"] == "Congo (Kinshasa)"


def text_words() -> set[str]:
    """Ids that are also plain English words or spellings a sentence uses."""
    return {"multilateral", "plurilateral", "non-sensitive", "sensitive", "bloc", "conference"}


@pytest.fixture(scope="module")
def editions(written, au_roadmap) -> tuple[str, str]:
    """The AU report's full edition (as written) and its diplomatic edition (no charts: the
    text is what differs)."""
    full = written.html.read_text(encoding="utf-8")
    return full, render_html(au_roadmap, {}, diplomatic=True)


def tension_pairs_named(text: str, pairs: list[str]) -> list[str]:
    """Pairs named in a sentence or clause about tensions."""
    about = re.compile(r"tension|rival|dispute|conflict|friction|territorial", re.I)
    clauses = [c for c in re.split(r"(?<=[.;])\s", text) if about.search(c)]
    return [p for p in pairs if any(p in c for c in clauses)]


def test_diplomatic_edition_names_no_tension_or_closed_civic_space(editions, au_roadmap):
    full, diplomatic = editions
    ev = au_roadmap.evidence
    names = country_names(ev)
    registry = ev.names()
    pairs = [
        f"{n[x]}–{n[y]}"
        for a, b in zip(ev.tensions["a"], ev.tensions["b"], strict=True)
        for x, y in ((a, b), (b, a))
        for n in (names, registry)
    ]
    closed = [names[c] for c in ev.civic.listed(ev.group, "Closed")]
    assert len(ev.tensions) >= 10 and len(closed) >= 5
    full_text, text = text_of(full), text_of(diplomatic)
    # The full edition names them as tensions; the diplomatic one does not (a pair may still
    # be named as, say, an air route).
    assert tension_pairs_named(full_text, pairs)
    assert tension_pairs_named(text, pairs) == []
    civic = text_of(diplomatic[diplomatic.index('id="bottleneck-civic-space"') :])
    civic = civic[: civic.index("Mitigation")]
    assert [c for c in closed if c in civic] == []
    assert all(
        c in text_of(full[full.index('id="bottleneck-civic-space"') :])[:800] for c in closed
    )
    summary = text_of(diplomatic[: diplomatic.index('<section id="timeline">')])
    summary = summary[summary.index("Bottlenecks") :]
    assert [c for c in closed if c in summary] == []
    # The territorial-claims initiative keeps its place and participants' count, not names.
    mechanism = diplomatic[diplomatic.index('id="initiative-territorial-claims-mechanism"') :]
    mechanism = text_of(mechanism[: mechanism.index("</article>")])
    parties = {c for pair in zip(ev.tensions["a"], ev.tensions["b"], strict=True) for c in pair}
    assert "not named in this edition" in mechanism
    assert [names[c] for c in parties if names[c] in mechanism] == []
    # Nor does its draft decision list them.
    title = au_roadmap.plan.by_id()["territorial-claims-mechanism"].initiative.title
    annex = text_of(diplomatic[diplomatic.index('<section id="decisions"') :])
    adopt = re.search(rf"adopt the initiative “{re.escape(title)}”[^;]*;", annex)[0]
    assert "the parties, not named in this edition" in adopt
    assert [names[c] for c in parties if names[c] in adopt] == []
    full_annex = text_of(full[full.index('<section id="decisions"') :])
    assert (
        names["MAR"]
        in re.search(rf"adopt the initiative “{re.escape(title)}”[^;]*;", full_annex)[0]
    )
    # The plan is the same: the same initiatives, scheduled at the same sessions.
    scheduled = r'id="initiative-([^"]+)"'
    assert re.findall(scheduled, full) == re.findall(scheduled, diplomatic)
    sessions = r'<table id="table-sessions">.*?</table>'
    assert re.search(sessions, full, re.S)[0] == re.search(sessions, diplomatic, re.S)[0]
    # The data notes say what was withheld: counts and kinds.
    note = text_of(diplomatic[diplomatic.index('id="withheld"') :])[:1200]
    assert f"the members of {len(ev.tensions)} high-tension pairs" in note
    assert f"the {len(closed)} members CIVICUS rates closed" in note
    assert 'id="withheld"' not in full


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


def test_data_notes_list_data_years_and_flag_stale_datasets(au_roadmap, editions):
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

    html, _ = editions
    section = html[html.index('<section id="data-notes">') :]
    rows = {
        m.group(2): m.group(0)
        for m in re.finditer(r'<tr id="source-(\d+)" data-dataset="([^"]+)".*?</tr>', section)
    }
    assert 'class="stale"' in rows["ots-hs4-exports-2017"]
    assert '<td class="num">2017 <strong>(stale)</strong></td>' in rows["ots-hs4-exports-2017"]
    assert 'class="stale"' not in rows["sipri-milex-2024"]
    assert '<td class="num">2019–2023</td>' in rows["sipri-milex-2024"]
    stale = [d for d in rows if notes[d]["stale"]]
    assert f"{len(stale)} of {len(rows)} datasets are stale" in section
