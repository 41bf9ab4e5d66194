"""The methods document states the numbers the code uses, renders with anchors and a contents
list, and is what the README, the command line and the dashboard point to."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.gaps.health_workforce_cadres import SDG_THRESHOLD_PER_1000
from southsouth.gaps.health_workforce_supply import DEFAULT_RULE
from southsouth.index import IndexOptions
from southsouth.indicators.framework import load_framework
from southsouth.methods import (
    METHODS_FILE,
    METHODS_PAGE,
    methods_document,
    methods_html,
    methods_markdown,
    slug,
)
from southsouth.provenance import STALE_AFTER_YEARS
from southsouth.relations.tensions import TensionOptions
from southsouth.roadmap import calibration, plan_checks, references
from southsouth.roadmap.catalogue import health, need
from southsouth.trade import country_set, coverage

ROOT = Path(__file__).resolve().parents[1]
CHECK_ID = re.compile(r"^[a-z]+(-[a-z]+)*$")
NUMBERS = ("zero", "one", "two", "three", "four", "five", "six")
#: How the document's tension table names each component.
COMPONENT_ROWS = {
    "rivalry": "rivalry",
    "armed_conflict": "armed conflict",
    "mid": "militarised disputes",
    "friction": "friction",
    "territorial": "territorial",
}


@pytest.fixture(scope="module")
def text() -> str:
    return methods_markdown()


def _section(text: str, title: str) -> str:
    """The Markdown of the section headed ``title`` (up to the next heading of its level)."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", text, re.MULTILINE)
    assert match, title
    level = len(match.group(1))
    rest = text[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def _check_titles(module: ModuleType) -> list[tuple[str, str]]:
    """The (id, title) pairs a module declares for its plan checks."""
    return [
        value
        for value in vars(module).values()
        if isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(v, str) for v in value)
        and CHECK_ID.match(value[0])
        and " " in value[1]
    ]


def test_the_file_is_where_the_constant_says():
    assert (ROOT / METHODS_FILE).read_text(encoding="utf-8") == methods_markdown()
    assert METHODS_PAGE.format(lang="ar") == "/ar/methods"


def test_data_age_rule(text):
    section = _section(text, "1 Groups, provenance and data age")
    assert f"stale when the age is more than {STALE_AFTER_YEARS}" in section
    assert f"STALE_AFTER_YEARS = {STALE_AFTER_YEARS}" in section
    assert f"more than {STALE_AFTER_YEARS} years before the planning year" in text


def test_atlas_country_inclusion_rule(text):
    section = _section(text, "6 Economic complexity")
    people = f"{country_set.MIN_POPULATION / 1e6:g} million"
    dollars = f"US${country_set.MIN_EXPORTS_USD / 1e9:g} billion"
    assert f"**population is at least {people}**" in section
    assert f"**goods exports are at\nleast {dollars}**" in section
    assert f"MIN_POPULATION = {country_set.MIN_POPULATION:_}" in section
    assert f"MIN_EXPORTS_USD = {country_set.MIN_EXPORTS_USD:_}" in section


def test_coverage_guard(text):
    section = _section(text, "7 Trade links, South–South shares and substitution potential")
    withheld = (
        f"**below {100 * coverage.MIN_COVERAGE:.0f} %** (`MIN_COVERAGE = {coverage.MIN_COVERAGE}`)"
    )
    provisional = (
        f"**below {100 * coverage.FULL_COVERAGE:.0f} %** "
        f"(`FULL_COVERAGE = {coverage.FULL_COVERAGE}`)"
    )
    assert withheld in section and "**withheld**" in section
    assert provisional in section
    assert f"both at least {100 * coverage.FULL_COVERAGE:.0f} %" in section
    assert str(coverage.REFERENCE_YEAR) in section


def test_health_workforce_threshold(text):
    section = _section(text, "9 Health workforce")
    assert f"**{SDG_THRESHOLD_PER_1000} doctors, nurses and midwives per 1,000 people**" in section
    assert f"capped at ±{DEFAULT_RULE.max_growth:.0%}".replace("%", " %") in section
    assert f"within {DEFAULT_RULE.lookback_years} years" in section
    assert f"over the {DEFAULT_RULE.window_years} years" in section
    assert f"KPI target is {SDG_THRESHOLD_PER_1000} per 1,000" in text


def test_every_plan_check_by_title_with_its_threshold(text):
    section = _section(text, "14.6 Plan checks")
    checks = _check_titles(plan_checks) + _check_titles(calibration)
    assert len(checks) == len(plan_checks.RULES) + 2
    rows = {line.split("|")[2].strip(): line for line in section.splitlines() if "| `" in line}
    for check_id, title in checks:
        assert f"`{check_id}`" in rows, check_id
        assert rows[f"`{check_id}`"].split("|")[1].strip() == title
    assert f"US${health.HUB_MIN_USD / 1e6:.0f} million" in rows["`capacity-scale`"]
    assert f"RCA ≥ {health.HUB_RCA:g}" in rows["`capacity-scale`"]
    assert f"{calibration.MARGIN:.0%}".replace("%", " %") in rows["`ambition`"]
    assert f"{calibration.BEYOND_TREND:.0%}".replace("%", " %") in rows["`ambition`"]
    assert f"{references.FRONTIER_QUANTILE * 100:.0f}th-percentile" in rows["`feasibility`"]
    assert f"≥ {references.MIN_PEOPLE / 1e6:g} million" in rows["`feasibility`"]
    assert f"≥ {calibration.PEER_PEOPLE / 1e6:g} million" in rows["`feasibility`"]
    assert f"older than {STALE_AFTER_YEARS} years" in rows["`partial-data`"]


def test_roadmap_rules(text):
    targets = _section(text, "14.5 KPI targets")
    assert (
        f"the 90th percentile of countries' annualised change over the last {references.SPAN}"
        in targets
    )
    assert (
        f"at least {references.MIN_SPAN} years, at least {references.MIN_COUNTRIES} countries"
        in targets
    )
    catalogue = _section(text, "14.2 Catalogue rules")
    assert f"one in {NUMBERS[round(1 / need.RED_SHARE)]} members" in catalogue
    assert f"at least\n  {NUMBERS[need.RED_MIN]}, are red" in catalogue


def test_framework_pillars_and_thresholds(text):
    framework = load_framework()
    section = _section(text, "2 The pillar framework")
    for pillar in framework.pillars:
        assert f"| `{pillar.id}` | {pillar.name} |" in section
    for item in framework.entries:
        row = next(line for line in section.splitlines() if f"`{item.id}`" in line)
        cells = [c.strip().replace("−", "-") for c in row.split("|")[1:-1]]
        goalposts = f"{item.goalposts.worst:g} → {item.goalposts.best:g}" if item.goalposts else "–"
        shown = (goalposts, *(f"{v:g}" if v is not None else "–" for v in (item.green, item.red)))
        assert tuple(cells[3:6]) == shown, item.id
        assert cells[6] == str(item.window), item.id


def test_index_and_tension_defaults(text):
    index = _section(text, "5 The composite index")
    options = IndexOptions()
    rule = options.outlier_rule
    assert f"fewer than {options.indicator_min_coverage:.0%}".replace("%", " %") in index
    skew, kurtosis = f"{rule.skew_threshold:g}", f"{rule.kurtosis_threshold:g}"
    assert f"|skewness| > {skew} **and** excess kurtosis > {kurtosis}" in index
    assert f"up to {rule.winsor_max} points" in index
    tensions = _section(text, "13 Tensions, readiness and coalitions")
    tension = TensionOptions()
    assert f"**high tension** at T ≥ {tension.threshold:g}" in tensions
    assert f"T ≥ {tension.threshold / 2:g}" in tensions
    for name, weight in tension.weights.as_dict().items():
        row = next(
            line for line in tensions.splitlines() if line.startswith(f"| {COMPONENT_ROWS[name]} |")
        )
        assert row.rstrip(" |").endswith(f"{weight:.2f}"), name


def test_html_has_heading_ids_and_contents():
    class Outline(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.headings: list[str | None] = []
            self.ids: list[str] = []
            self.links: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            if re.fullmatch(r"h[1-6]", tag):
                self.headings.append(found.get("id"))
            if found.get("id"):
                self.ids.append(str(found["id"]))
            if tag == "a" and str(found.get("href", "")).startswith("#"):
                self.links.append(str(found["href"])[1:])

    document = methods_document()
    outline = Outline()
    outline.feed(document.body)
    assert outline.headings and all(outline.headings)
    assert len(set(outline.ids)) == len(outline.ids)
    whole = Outline()
    whole.feed(methods_html())
    assert '<nav class="contents"' in methods_html()
    assert set(whole.links) == {s.id for s in document.contents} <= set(outline.ids)
    assert "146-plan-checks" in whole.links and "17-data-limits" in whole.links
    assert slug("7 Trade links, South–South shares") == "7-trade-links-southsouth-shares"


def test_no_link_outside_the_repository(text):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for body in (text, methods_html(standalone=True)):
        assert "../shared" not in body and "/work/shared" not in body
    assert not re.search(r"METHODS(\.md)? §", readme)
    ids = {s.id for s in methods_document().contents}
    linked = re.findall(rf"\]\({re.escape(METHODS_FILE)}(?:#([^)]+))?\)", readme)
    assert linked and all(not anchor or anchor in ids for anchor in linked)


def test_command_prints_markdown_and_writes_html(tmp_path):
    runner = CliRunner()
    printed = runner.invoke(app, ["methods"])
    assert printed.exit_code == 0 and printed.output == methods_markdown()
    target = tmp_path / "methods.html"
    target.write_text("old", encoding="utf-8")
    written = runner.invoke(app, ["methods", "--html", str(target)])
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8") == methods_html(standalone=True)
    assert list(tmp_path.iterdir()) == [target]
