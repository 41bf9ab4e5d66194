"""The initiatives file: add, drop, override, confirm sessions; errors name line and field."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from southsouth.roadmap.build import build_roadmap
from southsouth.roadmap.calendar import load_forums
from southsouth.roadmap.initiatives_file import InitiativesFileError, apply_initiatives_file
from southsouth.roadmap.planner import plan
from southsouth.roadmap.sequencing import PrerequisiteCycle

AS_OF = date(2026, 11, 28)  # the planning date of the session's roadmaps (conftest.py)

VALID = """\
drop:
  - debt-transparency
override:
  pharma-hubs:
    earliest_year: 2029
    forums: [WHA]
add:
  - id: vaccine-regulators
    pillar: pharma
    title: Joint regulatory reliance for vaccines
    participants: [BRA, ARG]
    forums: [MERCOSUR-SUMMIT]
    prerequisites: [pharma-hubs]
    kpis:
      - indicator: pharma_exports
        target: 40
sessions:
  - forum: MERCOSUR-SUMMIT
    date: 2026-12-10
    note: confirmed by the pro tempore presidency
"""


def write(tmp_path, text: str):
    path = tmp_path / "initiatives.yaml"
    path.write_text(dedent(text), encoding="utf-8")
    return path


def apply(roadmap, path):
    return apply_initiatives_file(path, roadmap.catalogue, roadmap.evidence, load_forums())


def test_valid_file_adds_drops_overrides_and_confirms(mercosur_roadmap, tmp_path):
    items, sessions = apply(mercosur_roadmap, write(tmp_path, VALID))
    by_id = {i.id: i for i in items}
    assert "debt-transparency" not in by_id
    assert by_id["pharma-hubs"].earliest_year == 2029 and by_id["pharma-hubs"].forums == ("WHA",)
    new = by_id["vaccine-regulators"]
    assert new.origin == "file" and new.participants == ("BRA", "ARG")
    (kpi,) = new.kpis
    assert kpi.indicator == "pharma_exports" and kpi.target == 40
    assert kpi.baseline > 0  # the participants' aggregate, from the data
    result = plan(items, load_forums(), as_of=AS_OF, confirmed=sessions).by_id()
    # The confirmed session replaces the indicative 15 December date.
    rd = result["rd-investment"]
    assert rd.meeting.day == date(2026, 12, 10) and not rd.meeting.indicative
    assert result["pharma-hubs"].start == date(2029, 5, 15)  # WHA in May, not before 2029
    assert result["vaccine-regulators"].start >= result["pharma-hubs"].end


def test_every_problem_is_reported_with_line_and_field(mercosur_roadmap, tmp_path):
    path = write(
        tmp_path,
        """\
        drop:
          - interfaith-dialogue
        override:
          pharma-hubs:
            sensitivity: secret
            duration_years: 0
        add:
          - id: Bad_Id
            pillar: health
            title: A new idea
            colour: blue
            kpis:
              - indicator: not_an_indicator
        """,
    )
    with pytest.raises(InitiativesFileError) as caught:
        apply(mercosur_roadmap, path)
    found = {(p.line, p.field) for p in caught.value.problems}
    # Shape errors come first (pydantic), with the line of the offending key.
    assert (5, "override.pharma-hubs.sensitivity") in found
    assert (6, "override.pharma-hubs.duration_years") in found
    assert (11, "add[0].colour") in found
    assert caught.value.code == "initiatives-file-invalid"
    assert "nothing was applied" in caught.value.message


def test_ids_are_checked_against_the_roadmap(mercosur_roadmap, tmp_path):
    path = write(
        tmp_path,
        """\
        drop:
          - debt-transparancy
        add:
          - id: bad-kpi
            pillar: health
            title: A new idea
            forums: [NOT-A-FORUM]
            prerequisites: [nothing-like-this]
            kpis:
              - indicator: not_an_indicator
        sessions:
          - forum: WHA
            date: 2070-05-20
        """,
    )
    with pytest.raises(InitiativesFileError) as caught:
        apply(mercosur_roadmap, path)
    problems = {(p.line, p.field): p.message for p in caught.value.problems}
    assert "did you mean debt-transparency" in problems[(2, "drop[0]")]
    assert "NOT-A-FORUM" in problems[(7, "add[0].forums[0]")]
    assert "nothing-like-this" in problems[(8, "add[0].prerequisites")]
    assert "not_an_indicator" in problems[(10, "add[0].kpis[0].indicator")]
    assert "2026–2055" in problems[(13, "sessions[0].date")]


def test_yaml_syntax_error_names_the_line(mercosur_roadmap, tmp_path):
    path = write(tmp_path, "drop:\n  - debt-transparency\noverride: [unclosed\n")
    with pytest.raises(InitiativesFileError) as caught:
        apply(mercosur_roadmap, path)
    (problem,) = caught.value.problems
    assert problem.field == "(syntax)" and problem.line in (3, 4)


def test_cycle_from_the_file_is_rejected_and_named(mercosur_roadmap, tmp_path, full_warehouse):
    path = write(
        tmp_path,
        """\
        override:
          rd-investment:
            prerequisites: [direct-air-links]
          direct-air-links:
            prerequisites: [rd-investment]
        """,
    )
    with pytest.raises(PrerequisiteCycle) as caught:
        build_roadmap(full_warehouse, "MERCOSUR", as_of=AS_OF, initiatives_file=path)
    assert set(caught.value.cycle) == {"rd-investment", "direct-air-links"}
