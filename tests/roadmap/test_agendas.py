"""Agendas the blocs adopted: the data file, the economic plan that extends the AfCFTA instead of
duplicating it, and the alignment table in the roadmap's JSON and report."""

from __future__ import annotations

import json
import re

import pytest

from southsouth.errors import InputError
from southsouth.language.catalogue import LANGUAGES, Translator
from southsouth.roadmap.agendas import COLUMNS, GLOBAL, load_agendas, parse_agendas
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.calendar import SUBJECTS
from southsouth.roadmap.model import ECONOMIC_PLAN

HEADER = ",".join(COLUMNS)
GOOD = (
    "sdgs,Sustainable Development Goals,sdg-13,global,Climate action,Goal 13,climate;disaster,"
    "UN General Assembly resolution 70/1 (25 September 2015),https://sdgs.un.org/2030agenda"
)
NEW_PLAN = "Regional economic integration plan"


def test_the_agendas_file_parses_and_every_goal_cites_its_decision() -> None:
    goals = load_agendas()
    agendas = {g.agenda_id for g in goals}
    assert {"agenda2063", "afcfta", "ama", "acv2045", "aec2025", "asuncion", "risdp"} <= agendas
    assert {"sdgs", "paris", "sendai"} <= agendas
    assert len({g.key for g in goals}) == len(goals) >= 35
    for goal in goals:
        assert goal.decision and goal.source_url.startswith("http"), goal.key
        assert set(goal.subjects) <= set(SUBJECTS) and goal.subjects, goal.key
        assert goal.bloc_id in ("AU", "ASEAN", "MERCOSUR", "SADC", GLOBAL), goal.key
    sdgs = [g for g in goals if g.agenda_id == "sdgs"]
    assert {g.goal_id for g in sdgs} >= {"sdg-3", "sdg-9", "sdg-13", "sdg-17"}
    assert all(g.bloc_id == GLOBAL for g in sdgs)
    afcfta = next(g for g in goals if g.key == "afcfta:single-market")
    assert "21 March 2018" in afcfta.decision and "30 May 2019" in afcfta.decision


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD.replace(",https://sdgs.un.org/2030agenda", ","), "line 2: every goal needs the"),
        (GOOD.replace("UN General Assembly resolution 70/1 (25 September 2015)", ""), "decision"),
        (GOOD.replace("climate;disaster", "climate;weather"), "line 2: unknown subject 'weather'"),
        (GOOD.replace("climate;disaster", ""), "line 2: every goal needs a subject"),
        (GOOD.replace(",global,", ",,"), "line 2: every goal needs bloc_id"),
    ],
)
def test_a_malformed_row_is_a_clear_error(row: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_agendas(f"{HEADER}\n{row}\n")


def test_a_missing_column_or_a_goal_listed_twice_is_an_error() -> None:
    assert len(parse_agendas(f"{HEADER}\n{GOOD}\n")) == 1
    with pytest.raises(InputError, match="missing columns source_url"):
        parse_agendas(f"{HEADER.removesuffix(',source_url')}\n{GOOD}\n")
    with pytest.raises(InputError, match="goals listed twice: sdgs:sdg-13"):
        parse_agendas(f"{HEADER}\n{GOOD}\n{GOOD}\n")


def _all_initiatives(roadmap: Roadmap) -> list:
    plan = roadmap.plan
    return [*(s.initiative for s in plan.scheduled), *(u.initiative for u in plan.unscheduled)]


def test_the_au_extends_the_afcfta_instead_of_a_new_integration_plan(au_roadmap: Roadmap) -> None:
    items = _all_initiatives(au_roadmap)
    assert not [i.id for i in items if NEW_PLAN in i.title]
    plans = [i for i in items if ECONOMIC_PLAN in i.tags]
    assert len(plans) == 1
    plan = plans[0]
    assert plan.title.startswith("African Continental Free Trade Area (AfCFTA) implementation")
    assert plan.frameworks == ("African Continental Free Trade Area (AfCFTA)", "Agenda 2063")
    assert {"agenda2063:goal-4", "afcfta:single-market", "afcfta:value-chains"} <= set(
        plan.agenda_goals
    )
    assert "sdgs:sdg-8" in plan.agenda_goals
    # the rationale names the AfCFTA and the Agenda 2063 goal it extends, in every language
    assert "instead of drafting a new integration plan" in plan.rationale
    assert "Transformed economies with growth, jobs and manufacturing (Agenda 2063)" in (
        plan.rationale
    )
    assert "single market for goods and services" in plan.rationale
    assert {k.indicator for k in plan.kpis} >= {"export_diversity", "direct_air_links"}
    # the security frameworks stay tied to it
    framework = au_roadmap.plan.by_id()["integrated-security-framework"]
    assert ("integrated-security-framework", plan.id, "tied-to-economic-plan") in (
        au_roadmap.plan.implied
    )
    assert au_roadmap.plan.by_id()[plan.id].end <= framework.start


def test_a_group_without_a_framework_gets_a_new_plan(g77_roadmap: Roadmap) -> None:
    plan = g77_roadmap.plan.by_id()["regional-economic-plan"].initiative
    assert plan.title == NEW_PLAN and plan.frameworks == () and plan.title_values == {}
    assert plan.agenda_goals == ("sdgs:sdg-8",)


def test_the_alignment_table_is_in_the_roadmap_json(au_roadmap: Roadmap) -> None:
    data = json.loads(json.dumps(au_roadmap.as_dict()))
    table = data["alignment"]
    goals = {g["key"]: g for g in table["goals"]}
    initiatives = data["plan"]["initiatives"]
    # every adopted goal of the AU and every global goal is listed, each citing its decision
    adopted = {g.key for g in load_agendas() if g.bloc_id in ("AU", GLOBAL)}
    assert adopted <= set(goals)
    assert all(g["decision"] and g["source_url"].startswith("http") for g in goals.values())
    # each goal's initiatives are exactly those naming it, and the unserved are those with none
    for key, goal in goals.items():
        naming = [i["id"] for i in initiatives if key in i["agenda_goals"]]
        assert goal["initiatives"] == naming, key
    unserved = sorted(k for k in adopted if not goals[k]["initiatives"])
    assert sorted(table["unserved"]) == unserved
    assert "afcfta:overlapping-memberships" in table["unserved"]
    assert "regional-economic-plan" in goals["afcfta:single-market"]["initiatives"]
    assert "health-financing-compact" in goals["sdgs:sdg-3"]["initiatives"]
    # every initiative serves at least one SDG
    assert all(any(k.startswith("sdgs:") for k in i["agenda_goals"]) for i in initiatives)


def test_the_report_shows_the_alignment_table_and_the_unserved_goals(au_roadmap: Roadmap) -> None:
    from southsouth.report.document import render_html

    html = render_html(au_roadmap, {}, lang="en")
    table = html[
        html.index('id="table-alignment"') : html.index("</table>", html.index("table-alignment"))
    ]
    number = int(re.search(r'class="label">Table (\d+)\.', table).group(1))
    assert f"Table {number} lists the goals of the agendas African Union has adopted" in html
    rows = re.findall(r'<tr data-goal="([^"]+)"', table)
    assert len(rows) == len(au_roadmap.alignment.as_dict()["goals"])
    served = table[table.index('data-goal="afcfta:single-market"') :].split("</tr>")[0]
    assert "African Continental Free Trade Area (AfCFTA) implementation" in served
    assert "21 March 2018" in served and 'href="https://au-afcfta.org/"' in served
    unserved = re.findall(r'<li data-goal="([^"]+)">', html)
    assert unserved == [g.key for g in au_roadmap.alignment.unserved] and unserved
    french = render_html(au_roadmap, {}, lang="fr")
    assert "Objectifs adoptés qu&#39;aucune initiative ne sert" in french
    assert "Un marché unique des biens et des services" in french


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_agenda_and_goal_has_words_in_every_language(lang: str) -> None:
    t = Translator(lang)
    for goal in load_agendas():
        agenda = t.get(f"agenda.{goal.agenda_id}", "")
        text = t.get(f"agenda.{goal.agenda_id}.{goal.goal_id}", "")
        assert agenda and text, goal.key
        if lang == "en":
            assert (agenda, text) == (goal.agenda, goal.goal)
        else:
            assert text != goal.goal, goal.key
