"""The initiatives file: add, drop, override, confirm sessions; errors name line and field."""

from __future__ import annotations

import time
import tracemalloc
from datetime import date
from pathlib import Path
from textwrap import dedent

import psutil
import pytest

from southsouth.roadmap.build import build_roadmap
from southsouth.roadmap.calendar import load_forums
from southsouth.roadmap.initiatives_file import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    InitiativesFileError,
    apply_initiatives_file,
    load_initiatives_file,
)
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


def _refusal(path):
    """The one problem load_initiatives_file reports for ``path``."""
    with pytest.raises(InitiativesFileError) as caught:
        load_initiatives_file(path)
    (problem,) = caught.value.problems
    return problem


def billion_laughs() -> str:
    """The classic alias bomb: ten references per level, nine levels: 10**9 strings."""
    lines = ["drop: [debt-transparency]", 'lol0: &l0 "lol"']
    for level in range(1, 10):
        refs = ",".join([f"*l{level - 1}"] * 10)
        lines.append(f"lol{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_fails_fast_and_small_naming_the_line(tmp_path):
    text = billion_laughs()
    assert 500 <= len(text.encode()) <= 700
    path = write(tmp_path, text)
    process = psutil.Process()
    rss_before = process.memory_info().rss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problem = _refusal(path)
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 200e6
    assert process.memory_info().rss - rss_before < 200e6
    assert (problem.line, problem.field) == (2, "(syntax)")
    assert "anchors and aliases (&l0) are not allowed" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "name"),
    [
        ("drop: [a-b]\noverride:\n  pharma-hubs: &x {duration_years: 3}\n", 3, "&x"),
        ("drop:\n  - a-b\n  - *nothing\n", 3, "*nothing"),
        ("<<: *base\n", 1, "*base"),
    ],
)
def test_any_anchor_or_alias_is_refused(tmp_path, text, line, name):
    problem = _refusal(write(tmp_path, text))
    assert problem.line == line and f"({name}) are not allowed" in problem.message


def test_a_file_over_the_cap_is_refused_without_reading_it_all(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: 4 GB on paper, nothing on disk
        handle.truncate(4 * 1024**3)
    tracemalloc.start()
    try:
        problem = _refusal(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_BYTES  # it read MAX_BYTES + 1, not 4 GB
    assert (problem.line, problem.field) == (1, "(file)")
    assert f"larger than {MAX_BYTES:,} bytes" in problem.message
    just_under = write(tmp_path, "drop: []\n" + "#" * (MAX_BYTES - 20) + "\n")
    entries, _, problems = load_initiatives_file(just_under)
    assert problems == [] and entries.drop == ()


def test_an_endless_device_is_refused(tmp_path):
    problem = _refusal(Path("/dev/zero"))
    assert problem.field == "(file)"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("drop: " + "[" * 200 + "]" * 200 + "\n", 1, f"more than {MAX_DEPTH} levels"),
        # The mapping, its key and the list are three values: the first refused is on this line.
        ("drop:\n" + "  - a-b\n" * (MAX_NODES + 10), MAX_NODES - 1, f"more than {MAX_NODES:,}"),
        ("drop: [a-b]\nadd:\n  - id: x\x07\n", 3, "#x0007 is not allowed"),
        ("drop: [a-b]\noverride: {x: !!python/object:os.system {}}\n", 2, "python/object"),
    ],
    ids=["deep", "many", "control-character", "python-tag"],
)
def test_bounded_and_safe_yaml(tmp_path, text, line, words):
    problem = _refusal(write(tmp_path, text))
    assert problem.line == line and words in problem.message


def test_several_problems_of_every_kind_are_reported_in_one_pass(mercosur_roadmap, tmp_path):
    path = write(
        tmp_path,
        """\
        drop:
          - debt-transparancy
          - 42
        override:
          pharma-hubs:
            sensitivity: secret
          no-such-thing:
            duration_years: 3
        add:
          - id: first-new
            pillar: health
            title: A new idea
            forums: [NOT-A-FORUM]
            prerequisites: [second-new]
            kpis:
              - indicator: not_an_indicator
          - id: second-new
            pillar: nowhere
            title: Broken shape
            kpis: []
          - id: first-new
            pillar: pharma
            title: The same id again
            title: Twice
            kpis:
              - indicator: pharma_exports
                target: 40
        sessions:
          - forum: WHA
            date: 2070-05-20
          - forum: WHA
            date: someday
        sessions2: []
        """,
    )
    with pytest.raises(InitiativesFileError) as caught:
        apply(mercosur_roadmap, path)
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {
        (2, "drop[0]"),  # unknown id, did you mean
        (3, "drop[1]"),  # not a string
        (6, "override.pharma-hubs.sensitivity"),
        (7, "override.no-such-thing"),
        (13, "add[0].forums[0]"),
        (16, "add[0].kpis[0].indicator"),
        (18, "add[1].pillar"),
        (20, "add[1].kpis"),
        (21, "add[2].id"),  # added twice
        (24, "add[2].title"),  # duplicate key
        (30, "sessions[0].date"),
        (32, "sessions[1].date"),
        (33, "sessions2"),
    }
    messages = {(p.line, p.field): p.message for p in caught.value.problems}
    assert "did you mean debt-transparency" in messages[(2, "drop[0]")]
    assert "added twice (also add[0])" in messages[(21, "add[2].id")]
    assert "duplicate key 'title' (also on line 23" in messages[(24, "add[2].title")]
    # second-new is broken and reported once; first-new's prerequisite on it is not a second
    # problem, and nothing was applied.
    assert caught.value.message.startswith(f"{path}: 13 problems; nothing was applied")
