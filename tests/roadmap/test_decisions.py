"""Draft decisions per forum session and ranked recommendations, in five languages."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from importlib import resources

import pytest
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from southsouth.errors import InputError
from southsouth.language.bidi import isolate, year_range
from southsouth.language.catalogue import LANGUAGES, Translator, catalogue
from southsouth.language.names import country_name
from southsouth.language.numbers import format_figure, format_number
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.calendar import REGISTERS, load_forums, parse_forums
from southsouth.roadmap.decisions import (
    ABSOLUTE,
    RANK_RULE,
    Decision,
    decisions_document,
    draft_decisions,
    recommendations,
    reporting_dates,
)
from southsouth.roadmap.model import Meeting

FORUMS = load_forums()
#: A catalogue key left in the text (``decisions.kpi.target``) means a missing message.
KEY = re.compile(r"\b(?:decisions|unit|indicator|initiative|forum|group)\.[a-z_]+\b")


def _names(roadmap: Roadmap, lang: str) -> dict[str, str]:
    members = roadmap.evidence.members
    return {
        row.iso3: country_name(row.iso2, lang, row.name) for row in members.itertuples(index=False)
    }


@pytest.fixture(scope="module")
def au_decisions(au_roadmap: Roadmap) -> dict[str, list[Decision]]:
    """The AU roadmap's decisions in English, French and Arabic."""
    return {
        lang: draft_decisions(au_roadmap, Translator(lang), _names(au_roadmap, lang))
        for lang in ("en", "fr", "ar")
    }


def _texts(decision: Decision) -> list[str]:
    return [
        decision.opening,
        *(p.text for p in decision.paragraphs),
        *(i for p in decision.paragraphs for i in p.items),
    ]


# -- the forum calendar: who decides and who follows up ------------------------------------


def test_every_forum_names_its_deciding_body_register_and_follow_up_with_a_source() -> None:
    for forum in FORUMS.values():
        assert forum.body and forum.follow_up, forum.forum_id
        assert forum.register in REGISTERS, forum.forum_id
        assert forum.decision_source and forum.decision_source_url.startswith("http")
        for lang in LANGUAGES:
            assert catalogue(lang)[f"decisions.body.{forum.forum_id}"], (lang, forum.forum_id)
            assert catalogue(lang)[f"decisions.follow_up.{forum.forum_id}"]
        # the English catalogue says what the data file says
        assert catalogue("en")[f"decisions.body.{forum.forum_id}"] == forum.body
        assert catalogue("en")[f"decisions.follow_up.{forum.forum_id}"] == forum.follow_up
    assert (FORUMS["AU-ASSEMBLY"].register, FORUMS["AU-ASSEMBLY"].follow_up) == (
        "decides",
        "the African Union Commission",
    )
    assert (FORUMS["WHA"].register, FORUMS["WHA"].follow_up) == (
        "requests",
        "the Director-General of WHO",
    )
    assert (FORUMS["COP"].register, FORUMS["COP"].follow_up) == ("cop", "the UNFCCC secretariat")
    assert (FORUMS["BRICS-SUMMIT"].register, FORUMS["BRICS-SUMMIT"].follow_up) == (
        "agree",
        "the BRICS sherpas",
    )
    assert FORUMS["ASEAN-SUMMIT"].follow_up == "the ASEAN Secretariat"


def test_an_unknown_register_or_a_missing_follow_up_body_is_a_clear_error() -> None:
    text = resources.files("southsouth.roadmap.data").joinpath("forums.csv").read_text("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("WHA,"))
    with pytest.raises(InputError, match="unknown register 'urges'"):
        parse_forums(text.replace(row, row.replace(",requests,", ",urges,")))
    with pytest.raises(InputError, match="every forum needs body, follow_up"):
        parse_forums(text.replace(row, row.replace(",the Director-General of WHO,", ",,")))


# -- decisions ---------------------------------------------------------------------------------


def test_every_initiative_is_adopted_once_by_the_decision_of_its_own_session(
    au_roadmap: Roadmap, au_decisions: dict[str, list[Decision]]
) -> None:
    decisions = au_decisions["en"]
    sessions = {(s.meeting.forum_id, s.meeting.day) for s in au_roadmap.plan.scheduled}
    assert len(decisions) == len(sessions)
    assert [d.number for d in decisions] == list(range(1, len(decisions) + 1))
    assert [d.day for d in decisions] == sorted(d.day for d in decisions)
    for s in au_roadmap.plan.scheduled:
        holding = [d for d in decisions if s.initiative.id in {a.initiative for a in d.adopted}]
        assert len(holding) == 1, s.initiative.id
        assert (holding[0].forum_id, holding[0].day) == (s.meeting.forum_id, s.meeting.day)
    first = decisions[0]
    assert first.forum_id == "AU-ASSEMBLY" and first.register == "decides"
    assert first.opening.startswith("The Assembly of the African Union, at its session (")
    assert first.paragraphs[0].text.startswith("Decides to adopt the initiative “")
    assert first.paragraphs[-1].text.startswith("Requests the African Union Commission to ")


def test_participants_are_named_or_all_members(
    au_roadmap: Roadmap, au_decisions: dict[str, list[Decision]]
) -> None:
    names = _names(au_roadmap, "en")
    members = set(au_roadmap.evidence.iso3)
    seen = {"all": 0, "named": 0}
    for decision in au_decisions["en"]:
        for adopted in decision.adopted:
            text = next(p.text for p in decision.paragraphs if f"“{adopted.title}”" in p.text)
            if set(adopted.participants) == members:
                assert adopted.all_members
                assert f"all {len(members)} members (African Union)" in text
                seen["all"] += 1
            else:
                assert not adopted.all_members
                assert all(names[c] in text for c in adopted.participants)
                seen["named"] += 1
    assert seen["all"] and seen["named"]


def test_each_kpi_is_stated_with_the_baseline_and_target_of_roadmap_json(
    au_roadmap: Roadmap, au_decisions: dict[str, list[Decision]]
) -> None:
    doc = {i["id"]: i for i in au_roadmap.as_dict()["plan"]["initiatives"]}
    monitored = 0
    for decision in au_decisions["en"]:
        for adopted in decision.adopted:
            kpis = doc[adopted.initiative]["kpis"]
            stated = adopted.as_dict()["kpis"]
            assert [(k["baseline"], k["target"]) for k in stated] == [
                (k["baseline"], k["target"]) for k in kpis
            ]
            paragraph = next(
                p for p in decision.paragraphs if p.items and f"“{adopted.title}”" in p.text
            )
            assert len(paragraph.items) == len(kpis)
            for kpi, item in zip(kpis, paragraph.items, strict=True):
                for value in (kpi["baseline"], kpi["target"]):
                    assert format_number(value, "en") in item
                assert f"in {kpi['baseline_year']}" in item
                assert f"by {kpi['target_year']}" in item
                if kpi["status"] == "monitor":
                    monitored += 1
                    assert "monitored, with no target beyond the status quo" in item
                    assert " from " not in item
                else:
                    assert f": from {format_number(kpi['baseline'], 'en')} " in item
                if kpi["absolute"] and kpi["status"] == "commitment":
                    target = ABSOLUTE.fullmatch(kpi["absolute"])
                    assert target is not None
                    assert f"in absolute terms, {target['target']} " in item
    assert monitored  # the AU plan monitors the health workforce in its third phase


def test_the_health_workforce_compact_reads_its_targets_in_people(
    au_decisions: dict[str, list[Decision]],
) -> None:
    decision = next(
        d
        for d in au_decisions["en"]
        if "health-workforce-compact" in {a.initiative for a in d.adopted}
    )
    items = [i for p in decision.paragraphs for i in p.items if "Doctors, nurses and midwives" in i]
    assert items[0].startswith("Doctors, nurses and midwives (45 of the participants): from 1.41 ")
    assert "million doctors, nurses and midwives by 2035 (from 1.9 million in 2023)" in items[0]
    assert "(the group as a whole)" in items[1]


def test_reports_follow_the_rule_after_adoption(
    au_roadmap: Roadmap, au_decisions: dict[str, list[Decision]]
) -> None:
    by_id = au_roadmap.plan.by_id()
    for decision in au_decisions["en"]:
        # reports are due at the sessions of the forum that adopted the decision (the AU
        # Assembly, or the COP for the climate programme launched there)
        sessions = sorted(
            m.day for m in au_roadmap.plan.meetings if m.forum_id == decision.forum_id
        )
        for adopted in decision.adopted:
            s = by_id[adopted.initiative]
            year_on = s.start.replace(year=s.start.year + 1)
            assert isinstance(adopted.final, date)  # AU sessions run to the horizon
            assert adopted.final == min(d for d in sessions if d >= s.end)
            assert adopted.progress == min(d for d in sessions if d >= year_on)
            assert s.start < adopted.progress < adopted.final
    first = au_decisions["en"][0]
    report = first.paragraphs[-2]
    assert report.text.startswith("Requests the African Union Commission to report to it")
    assert len(report.items) == len(first.adopted)
    five_years = next(a for a in first.adopted if (a.start, a.end) == (2027, 2032))
    assert (five_years.progress, five_years.final) == (date(2028, 2, 15), date(2032, 2, 15))
    line = next(i for i in report.items if i.startswith(f"“{five_years.title}”"))
    assert line.endswith(": progress report, February 2028; final report, February 2032")


def test_a_report_beyond_the_calendar_is_due_in_its_year(au_roadmap: Roadmap) -> None:
    s = au_roadmap.plan.scheduled[0]
    last = max(m.day for m in au_roadmap.plan.meetings if m.forum_id == s.meeting.forum_id)
    late = dataclasses.replace(
        s, start=last.replace(year=last.year - 2), end=last.replace(year=last.year + 3)
    )
    progress, final = reporting_dates(late, au_roadmap.plan.meetings)
    assert isinstance(progress, Meeting) and progress.day.year == last.year - 1
    assert final == last.year + 3
    short = dataclasses.replace(s, end=s.start.replace(year=s.start.year + 1))
    progress, final = reporting_dates(short, au_roadmap.plan.meetings)
    assert progress is None  # the first session a year on is the final report's
    assert isinstance(final, Meeting) and final.day.year == s.start.year + 1


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_translated_decisions_keep_the_structure_and_the_numbers(
    au_decisions: dict[str, list[Decision]], lang: str
) -> None:
    english, other = au_decisions["en"], au_decisions[lang]
    assert len(other) == len(english)

    def number(value: float) -> str:
        text = format_number(value, lang)
        return isolate(text) if lang == "ar" else text

    for en, tr in zip(english, other, strict=True):
        assert [len(p.items) for p in tr.paragraphs] == [len(p.items) for p in en.paragraphs]
        assert tr.adopted == tuple(
            dataclasses.replace(a, title=b.title)
            for a, b in zip(en.adopted, tr.adopted, strict=True)
        )
        for text in _texts(tr):
            assert not KEY.search(text), text
        kpi_items = [
            (p_en, p_tr)
            for p_en, p_tr in zip(en.paragraphs, tr.paragraphs, strict=True)
            if p_en.items and p_en is not en.paragraphs[-2]
        ]
        kpis = [k for a in tr.adopted for k in a.kpis]
        items = [i for _, p in kpi_items for i in p.items]
        assert len(items) == len(kpis)
        for kpi, item in zip(kpis, items, strict=True):
            for value in (kpi.baseline, kpi.target):
                assert number(value) in item
                # the same value as the English text, in the language's signs
                local = number(value).strip("\u2066\u2069")
                local = local.replace(",", "") if lang == "ar" else local.replace("\u202f", "")
                local = local.replace(",", ".")
                assert float(local) == float(format_number(value, "en").replace(",", ""))
            found = ABSOLUTE.fullmatch(kpi.absolute) if kpi.absolute else None
            if found and kpi.status == "commitment":
                figure, _, scale = found["target"].partition(" ")
                value = float(figure.replace(",", "")) * {"million": 1e6, "billion": 1e9}.get(
                    scale, 1.0
                )
                shown = format_figure(value, lang)
                assert re.sub(r"[\u2066\u2069]", "", item).count(shown) >= 1, item
    if lang == "ar":
        adopted = other[0].adopted[0]
        assert year_range(adopted.start, adopted.end) in other[0].paragraphs[0].text
        assert other[0].opening.startswith("صدر عن مؤتمر الاتحاد الأفريقي")
    else:
        assert other[0].opening.startswith("La Conférence de l'Union africaine, à sa session (")
        assert other[0].paragraphs[-1].text.startswith("Prie la Commission de l'Union africaine")


def test_the_english_document_is_json_ready(au_roadmap: Roadmap) -> None:
    doc = decisions_document(au_roadmap, _names(au_roadmap, "en"))
    again = json.loads(json.dumps(doc))
    assert again == doc
    first = doc[0]
    assert first["lang"] == "en" and first["forum_id"] == "AU-ASSEMBLY"
    assert first["follow_up"] == "the African Union Commission"
    adopted = first["adopted"][0]
    assert set(adopted) >= {"initiative", "cycle", "participants", "kpis", "final_report"}
    assert adopted["final_report"] > first["date"]


# -- recommendations ---------------------------------------------------------------------------


def test_recommendations_are_ranked_by_phase_then_gap_then_session(au_roadmap: Roadmap) -> None:
    t = Translator("en")
    lines = recommendations(au_roadmap, t, _names(au_roadmap, "en"))
    assert sorted(r.initiative for r in lines) == sorted(
        s.initiative.id for s in au_roadmap.plan.scheduled
    )
    assert [r.rank for r in lines] == list(range(1, len(lines) + 1))
    phases = [p.id for p in au_roadmap.plan.phases]
    order = [phases.index(r.phase) for r in lines]
    assert order == sorted(order)
    framework = au_roadmap.evidence.framework

    def expected_gap(initiative_id: str) -> float:
        kpis = au_roadmap.plan.by_id()[initiative_id].initiative.kpis
        kpi = next(k for k in kpis if k.status == "commitment")
        posts = framework.indicator(kpi.indicator).goalposts
        assert posts is not None
        return 100 * abs(kpi.target - kpi.baseline) / abs(posts.best - posts.worst)

    for phase in phases:
        ranked = [r for r in lines if r.phase == phase and r.gap]
        assert [r.gap for r in ranked] == sorted((r.gap for r in ranked), reverse=True)
        for r in ranked:
            assert r.gap == pytest.approx(expected_gap(r.initiative))
    top = lines[0]
    internet = au_roadmap.plan.by_id()["digital-connectivity"].initiative.kpis[0]
    # the internet-use target (31.8 % → 72.7 %, goalposts 2.2–100) is the first phase's largest
    assert top.initiative == "digital-connectivity"
    assert top.gap == pytest.approx(100 * (internet.target - internet.baseline) / 97.8)
    assert top.text.startswith("Adopt “Digital connectivity programme” (")
    assert "February 2027): 868 million internet users by 2032 (from 313 million in 2024)." in (
        top.text
    )
    monitored = next(r for r in lines if r.initiative == "health-qualifications-recognition")
    assert monitored.gap == 0.0 and "monitor Doctors, nurses and midwives" in monitored.text
    assert all(r.text.startswith("Adopt ") for r in lines)
    assert t("decisions.rank_rule") == f"Ranked {RANK_RULE}."


def test_recommendations_in_arabic_are_verb_first_and_translated(au_roadmap: Roadmap) -> None:
    english = recommendations(au_roadmap, Translator("en"), _names(au_roadmap, "en"))
    arabic = recommendations(au_roadmap, Translator("ar"), _names(au_roadmap, "ar"))
    assert [r.initiative for r in arabic] == [r.initiative for r in english]
    for line in arabic:
        assert line.text.startswith("اعتماد «") and not KEY.search(line.text)
    assert isolate("868") + " مليون" in arabic[0].text


# -- the report's partials ---------------------------------------------------------------------


def test_the_partials_render_the_annex_and_the_ranked_list(
    au_roadmap: Roadmap, au_decisions: dict[str, list[Decision]]
) -> None:
    env = Environment(
        loader=PackageLoader("southsouth.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    t = Translator("fr")
    decisions = [d.as_dict() for d in au_decisions["fr"]]
    html = env.get_template("decisions.html.j2").render(decisions=decisions, t=t)
    assert html.count('<section id="decisions"') == 1
    assert html.count("<h3>") == len(decisions)
    assert "Projet de décision 1 : " in html and "(date indicative)" in html
    assert html.count('<ol type="a">') == sum(
        1 for d in decisions for p in d["paragraphs"] if p["items"]
    )
    lines = [r.as_dict() for r in recommendations(au_roadmap, t, _names(au_roadmap, "fr"))]
    listed = env.get_template("recommendations.html.j2").render(recommendations=lines, t=t)
    assert listed.count("<li ") == len(lines)
    assert "Adopter « " in listed and "Classement par phase" in listed
