"""One number per fact (issue 13, item 9): each figure with its scope, published beside computed.

Expected values come from the models' own tables (the health-workforce model run for the WHO
African Region, SIPRI's rows in the warehouse), never from the report's text.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date

import pytest

from southsouth.gaps.health_workforce import AFRO_2030, SDG_CADRE, health_workforce_gap
from southsouth.gaps.military import PUBLISHED_2023, military_shares
from southsouth.language.numbers import people
from southsouth.registry import bloc_members
from southsouth.report.document import number, render_html, scope_parts
from southsouth.roadmap.bottlenecks import military_line
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.checks import Check
from southsouth.roadmap.evidence import HEALTH_YEARS, gather
from southsouth.roadmap.workforce_facts import workforce_facts
from southsouth.warehouse.store import Warehouse

AS_OF = date(2026, 11, 28)  # the planning date of the session's roadmaps (conftest.py)


def flat(fragment: str) -> str:
    """Text of an HTML fragment, tags removed and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, anchor: str) -> str:
    """The HTML of ``<section id="anchor">`` up to its end (sections do not nest here)."""
    start = page.index(f'<section id="{anchor}"')
    return page[start : page.index("</section>", start)]


def titled(text: str, roadmap: Roadmap) -> str:
    """``text`` as the report prints it: initiative ids replaced by their titles."""
    titles = {s.initiative.id: s.initiative.title for s in roadmap.plan.scheduled}
    for key in sorted(titles, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(key)}(?![\w-])", titles[key], text)
    return text


@pytest.fixture(scope="module")
def page(au_roadmap: Roadmap) -> str:
    return render_html(au_roadmap, {})


@pytest.fixture(scope="module")
def afro(full_warehouse: Warehouse):
    """The model's own comparison with WHO AFRO's published estimate (group WHO-AFRO)."""
    result = health_workforce_gap(full_warehouse, ("WHO-AFRO",), years=HEALTH_YEARS, today=AS_OF)
    (comparison,) = [c for c in result.comparisons if c.published.year == AFRO_2030.year]
    return comparison


def test_the_published_afro_figure_is_the_founding_texts_six_point_one_million():
    assert (AFRO_2030.group, AFRO_2030.year, AFRO_2030.shortage) == ("WHO-AFRO", 2030, 6.1e6)
    assert people(AFRO_2030.shortage) == "6.1 million"


def test_au_health_section_sets_the_published_shortfall_beside_the_computed_one(
    au_roadmap, page, afro, full_warehouse
):
    ev = au_roadmap.evidence
    # The AU holds every country of the WHO African Region, so the model's figure for those
    # countries is comparable with the published one.
    region = set(bloc_members(full_warehouse, "WHO-AFRO", on=AS_OF, today=AS_OF)["iso3"])
    assert len(region) == 47 and region <= set(ev.iso3)
    facts = workforce_facts(ev)
    assert facts is not None
    (mine,) = facts.comparisons
    assert mine.shortage == pytest.approx(afro.shortage)
    assert mine.need == pytest.approx(afro.need)
    assert mine.countries_with_data + mine.countries_without_data == 47

    health = flat(section(page, "pillar-health"))
    group_shortage = people(float(ev.health_row(2030)["shortage"]))
    assert group_shortage == "4.4 million"
    assert people(afro.shortage) == "3.9 million"
    assert (
        "The published WHO AFRO estimate is a shortfall of 6.1 million health workers of all "
        "cadres in the 47 countries of the WHO AFRO region in 2030 (Asamani et al. 2024); for "
        "the same countries the threshold model gives 3.9 million doctors, nurses and midwives"
    ) in health
    assert f"Health workforce: {group_shortage} doctors, nurses and midwives short" in health
    assert AFRO_2030.citation in health
    # The comparison table: published and computed side by side, with the same countries.
    assert "Shortage in 2030 6.1 million 3.9 million" in health
    assert "Countries 47 (WHO AFRO region) the same 47, 47 with density data" in health
    # The bottleneck line says the same, with the same numbers.
    capacity = next(b for b in au_roadmap.bottlenecks if b.id == "capacity")
    assert facts.published_texts()[0] in capacity.findings
    assert AFRO_2030.citation in capacity.sources


def test_shortage_and_coverage_each_carry_their_scope(au_roadmap, page):
    ev = au_roadmap.evidence
    year = ev.health.countries[
        (ev.health.countries["year"] == 2030)
        & (ev.health.countries["cadre"] == SDG_CADRE.id)
        & ev.health.countries["has_data"]
    ]
    below, above = int((year["shortage"] > 0).sum()), int((year["surplus"] > 0).sum())
    row = ev.health_row(2030)
    assert (below, above, int(row["countries_with_data"]), int(row["countries"])) == (45, 7, 52, 55)
    line = (
        "4.4 million doctors, nurses and midwives short of 4.45 per 1,000 in 2030 in the 45 "
        "members below the threshold (the sum of their shortages); across the whole group (52 "
        f"of 55 members with data) supply covers {100 * row['coverage']:.0f} % of need, because "
        f"that ratio counts the surplus of the 7 members above the threshold "
        f"({people(float(row['surplus']))} workers) against the shortages of the others"
    )
    capacity = next(b for b in au_roadmap.bottlenecks if b.id == "capacity")
    assert capacity.findings[0] == f"Health workforce: {line}."
    assert f"African Union: {line}." in flat(section(page, "summary"))
    # Summary, health section and bottlenecks: the shortage never appears without its scope.
    health = section(page, "pillar-health")
    workforce = health[health.index('<div class="workforce"') : health.index("</div>")]
    text = " ".join(flat(section(page, s)) for s in ("summary", "bottlenecks")) + flat(workforce)
    hits = list(re.finditer(r"4\.4 million doctors, nurses and midwives short of", text))
    assert len(hits) == 4  # summary headline and bottleneck list, bottlenecks, health section
    for hit in hits:
        assert text[hit.end() :].startswith(
            " 4.45 per 1,000 in 2030 in the 45 members below the threshold"
        )


def test_g77_coverage_above_one_is_explained_by_the_members_above_the_threshold(
    full_warehouse,
):
    ev = gather(full_warehouse, "g77", as_of=AS_OF, analyses=("health",))
    facts = workforce_facts(ev)
    assert facts is not None
    countries = ev.health.countries
    year = countries[
        (countries["year"] == 2030) & (countries["cadre"] == SDG_CADRE.id) & countries["has_data"]
    ]
    below = int((year["shortage"] > 0).sum())
    shortage = float(year["shortage"].sum())
    coverage = float(year["supply"].sum() / year["need"].sum())
    assert coverage > 1 and shortage > 0
    text = facts.lines()[0]
    assert f"{people(shortage)} doctors, nurses and midwives short of 4.45 per 1,000" in text
    assert f"in the {below} members below the threshold" in text
    assert f"supply covers {100 * coverage:.0f} % of need, because that ratio counts" in text
    # The G77 also holds the whole WHO African Region: the published figure stands beside it.
    assert [c.published.group for c in facts.comparisons] == ["WHO-AFRO"]


def test_every_kpi_baseline_in_the_report_is_followed_by_its_scope(au_roadmap, page):
    kpis = [k for s in au_roadmap.plan.scheduled for k in s.initiative.kpis]
    scopes: dict[str, set[str]] = {}
    for k in kpis:
        scopes.setdefault(f"{number(k.baseline)} ({k.baseline_year})", set()).add(
            scope_parts(k.scope)[0]
        )
    pairs = re.findall(
        r'<span class="kpi-baseline">([^<]*)</span> <span class="kpi-scope">([^<]*)</span>', page
    )
    printed = re.findall(r'<span class="kpi-baseline">', page)
    assert len(pairs) == len(printed)
    # In the pillars, in the executive summary and in the scenario table.
    first_phase = [s for s in au_roadmap.plan.scheduled if s.phase == au_roadmap.plan.phases[0].id]
    with_kpis = [s for s in first_phase if s.initiative.kpis]
    assert len(pairs) == len(kpis) + len(with_kpis) + len(au_roadmap.scenarios.summary)
    for baseline, scope in pairs:
        assert html.unescape(scope) in scopes[baseline], (baseline, scope)
    # Where a baseline is printed as "value (year)", it is one of those spans.
    for baseline in scopes:
        text = html.escape(baseline)
        assert page.count(text) == page.count(f'<span class="kpi-baseline">{text}</span>'), text
    # The two health baselines: members below the threshold and the whole group.
    health = au_roadmap.plan.by_id()["health-workforce-compact"].initiative.kpis
    assert [scope_parts(k.scope)[0] for k in health] == [
        "45 members below the threshold",
        "African Union (group aggregate)",
    ]
    assert [f"{number(k.baseline)} ({k.baseline_year})" for k in health] == [
        "1.41 (2023)",
        "1.66 (2023)",
    ]
    scenarios = section(page, "scenarios")
    assert (
        '<span class="kpi-baseline">1.66 (2023)</span> '
        '<span class="kpi-scope">African Union (group aggregate)</span>'
    ) in scenarios


def test_the_military_line_names_sipris_world_total_as_its_one_denominator(au_roadmap, page):
    shares = au_roadmap.evidence.military
    assert shares is not None and shares.year == 2023
    rows = shares.rows.set_index("entity")
    # Regions, the AU and the top five: all over SIPRI's current-US$ world total of 2023.
    shown = ["Africa", "South America", "South East Asia", "top-5", "AU"]
    assert set(rows.loc[shown, "denominator_usd_bn"]) == {shares.world_usd_bn}
    assert shares.world_basis.startswith("current US$; denominator: SIPRI world total")
    # SIPRI's published 2023 shares still come out.
    for entity, published in PUBLISHED_2023.items():
        digits = 0 if entity == "top-5" else 1
        assert round(float(rows.loc[entity, "share_pct"]), digits) == published, entity
    line = military_line(shares, "AU", "African Union")
    assert line.startswith(
        "Shares of world military spending in 2023, all over SIPRI's world total of "
        f"US${shares.world_usd_bn:,.0f} bn (current 2023 US$"
    )
    assert f"US${shares.world_usd_bn:,.0f} bn" == "US$2,443 bn"
    assert "Africa 2.1 %, South America 2.1 %, South-East Asia 2.0 %" in line
    assert f"(African Union: {rows.loc['AU', 'coverage']})" in line
    assert line in au_roadmap.bottlenecks[-1].findings
    assert line in flat(section(page, "bottlenecks"))


def test_without_sipris_world_total_each_share_names_its_denominator(full_warehouse):
    shares = military_shares(full_warehouse, 2022, groups=("AU",))
    rows = shares.rows.set_index("entity")
    line = military_line(shares, "AU", "African Union")
    assert "with different denominators" in line
    region = float(rows.loc["Africa", "denominator_usd_bn"])
    countries = float(rows.loc["AU", "denominator_usd_bn"])
    assert region != countries
    assert f"over US${region:,.0f} bn (constant 2022 US$; SIPRI regional total" in line
    assert f"African Union 1.8 % over US${countries:,.0f} bn (current US$; denominator: sum" in line


def test_plan_checks_section_lists_the_checks_or_says_none_ran(au_roadmap, page):
    checks = section(page, "checks")
    assert "<h2>Plan checks</h2>" in checks
    if au_roadmap.checks:
        for c in au_roadmap.checks:
            assert html.escape(c.title) in checks
    else:
        assert "No checks run" in checks
    empty = section(render_html(replace(au_roadmap, checks=()), {}), "checks")
    assert "No checks run" in flat(empty)
    assert '<section id="checks">' in page
    assert page.index('<section id="checks">') < page.index('<section id="data-notes">')


def test_plan_checks_are_counted_by_status_with_the_open_ones_spelled_out(au_roadmap):
    # Checks over the roadmap's real KPIs: a baseline's scope is named (pass), and an
    # indicator with two baselines in one initiative is flagged with both.
    subjects = [(s.initiative.id, k) for s in au_roadmap.plan.scheduled for k in s.initiative.kpis]
    checks = [
        Check("kpi-scope", "KPI baselines name their scope", f"{i}: {k.name}", "pass", k.scope)
        for i, k in subjects
    ]
    health = au_roadmap.plan.by_id()["health-workforce-compact"].initiative.kpis
    detail = "; ".join(f"{number(k.baseline)} for {scope_parts(k.scope)[0]}" for k in health)
    checks.append(
        Check(
            "one-number",
            "One baseline per indicator and initiative",
            "health-workforce-compact",
            "flagged",
            detail,
        )
    )
    rendered = flat(section(render_html(replace(au_roadmap, checks=tuple(checks)), {}), "checks"))
    assert f"KPI baselines name their scope {len(subjects)} 0 0 0" in rendered
    assert "One baseline per indicator and initiative 0 0 1 0" in rendered
    # The report names the initiative by its title, never by its id.
    title = au_roadmap.plan.by_id()["health-workforce-compact"].initiative.title
    assert (
        f"flagged {title}: 1.41 for 45 members below the threshold; "
        "1.66 for African Union (group aggregate)"
    ) in rendered
    assert "No checks run" not in rendered


def test_kpi_and_initiative_fields_of_the_plan_checks_are_shown(au_roadmap, page):
    for s in au_roadmap.plan.scheduled:
        item = s.initiative
        block = section_of_initiative(page, item.id)
        text = flat(block)
        if item.provisional:
            assert 'class="badge provisional"' in block
            assert f"Provisional: {item.provisional}" in text
        if item.frameworks:
            assert f"Extends: {'; '.join(item.frameworks)}" in text
        if s.fit:
            assert f"Why this forum: {s.fit}" in text
        for k in item.kpis:
            if k.status == "monitor":
                assert "on track — monitor" in text
            if k.proposed is not None and k.proposed != k.target:
                assert f"proposed {number(k.proposed)} → adjusted {number(k.target)}" in text
            for note in k.adjustments:
                assert titled(note, au_roadmap) in text
            if k.absolute:
                assert f"In absolute terms: {k.absolute}" in text
            if k.caveat:
                assert f"Caveat: {k.caveat}" in text


def test_a_monitored_kpi_carries_the_badge_wherever_it_is_printed(au_roadmap, page):
    # The health compact's group KPI, set to "monitor": the badge follows it into the
    # initiative's KPI table, the executive summary (when it heads the list) and the scenarios.
    scheduled = au_roadmap.plan.by_id()["health-workforce-compact"]
    kpis = tuple(
        replace(k, status="monitor") if "(group aggregate)" in k.scope else k
        for k in scheduled.initiative.kpis
    )
    item = replace(scheduled.initiative, kpis=kpis)
    plan = replace(
        au_roadmap.plan,
        scheduled=tuple(
            replace(s, initiative=item) if s is scheduled else s for s in au_roadmap.plan.scheduled
        ),
    )
    summary = au_roadmap.scenarios.summary.copy()
    if "status" in summary.columns:
        mine = summary["initiative"] == item.id
        summary.loc[mine, "status"] = "monitor"
    scenarios = replace(au_roadmap.scenarios, summary=summary)
    rendered = render_html(replace(au_roadmap, plan=plan, scenarios=scenarios), {})
    block = section_of_initiative(rendered, item.id)
    assert block.count("on track — monitor") == 1
    row = next(
        r
        for r in section(rendered, "scenarios").split("<tr>")
        if "Doctors, nurses and midwives" in r
    )
    assert "on track — monitor" in row
    if all(k.status != "monitor" for k in scheduled.initiative.kpis):
        assert "on track — monitor" not in section_of_initiative(page, item.id)


def section_of_initiative(page: str, initiative_id: str) -> str:
    """The HTML of one initiative's article."""
    start = page.index(f'id="initiative-{initiative_id}"')
    return page[start : page.index("</article>", start)]
