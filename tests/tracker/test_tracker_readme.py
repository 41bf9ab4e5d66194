"""The README's tracker walk-through runs as written; readable ids; derived SMART flags."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from tracker_bodies import commitment, forum
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.tracker import Tracker

README = Path(__file__).resolve().parents[2] / "README.md"


def walkthrough() -> list[list[str]]:
    """The commands of the ```sh block under "### Commitments and compliance"."""
    section = README.read_text(encoding="utf-8").split("### Commitments and compliance", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section.split("\n### ", 1)[0], re.DOTALL)
    assert block is not None, "the section has no sh block"
    joined = block.group(1).replace("\\\n", " ")
    return [shlex.split(line, comments=True) for line in joined.splitlines() if line.strip()]


def test_the_readme_walkthrough_runs(loaded, tmp_path, monkeypatch):
    # progress reads the KPI's series from a warehouse synced from the mirror
    loaded("gapminder-physicians", "who-nhwa-nursing-midwifery").close()
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(tmp_path / "loaded"))
    runner = CliRunner()
    commands = walkthrough()
    assert [c[:3] for c in commands][:3] == [
        ["southsouth", "tracker", "init"],
        ["southsouth", "tracker", "forum"],
        ["southsouth", "tracker", "commitment"],
    ]
    outputs = {}
    for command in commands:
        assert command[:2] == ["southsouth", "tracker"], command
        result = runner.invoke(app, command[1:])
        assert result.exit_code == 0, (command, result.output)
        outputs[command[2]] = " ".join(result.output.split())
    assert "commitment au-38-c1 (draft)" in outputs["commitment"]
    assert "published assessment au-38-c1-gha-interim (version 2)" in outputs["publish"]
    assert "KEN" in outputs["progress"] and "overall:" in outputs["progress"]
    assert "matches 1 anchor(s)" in outputs["verify"]
    report = json.loads(runner.invoke(app, ["tracker", "compliance", "--json"]).output)
    # KEN +1 → 100 %, GHA 0 → 50 %; both actors of the one commitment assessed
    assert {r["key"]: (r["compliance_pct"], r["n"]) for r in report["rows"]} == {
        "GHA": (50.0, 1),
        "KEN": (100.0, 1),
    }
    shown = json.loads(runner.invoke(app, ["tracker", "list", "commitments", "--json"]).output)
    (made,) = shown["items"]
    assert made["smart"] == {
        "specific": True,
        "measurable": True,
        "achievable": False,
        "relevant": False,
        "time_bound": True,
    }
    assert made["smartness"] == pytest.approx(0.6)


def test_generated_ids_are_readable(tracker: Tracker, admin):
    made = tracker.create_record(
        admin, "forum", {k: v for k, v in forum("x", "AU").items() if k != "id"}
    )
    assert made.id == "forum-x"
    again = tracker.create_record(
        admin, "forum", {k: v for k, v in forum("x", "AU").items() if k != "id"}
    )
    assert again.id == "forum-x-2"
    ids = [
        tracker.create_record(
            admin, "commitment", {**commitment("-", made.id, ["KEN"]), "id": None}
        ).id
        for _ in range(2)
    ]
    assert ids == ["forum-x-c1", "forum-x-c2"]
    scored = tracker.create_record(
        admin,
        "assessment",
        {
            "commitment_id": "forum-x-c1",
            "actor": "KEN",
            "period": "final",
            "score": 1,
            "grade": "A",
            "assessor": "X",
        },
    )
    assert scored.id == "forum-x-c1-ken-final"
    # an import numbers on from there, rows of one file apart
    from southsouth.tracker import SourceRow

    rows = [
        SourceRow(n, {"forum_id": made.id, "text": f"T{n}", "pillar": "health", "actors": ["KEN"]})
        for n in (1, 2)
    ]
    assert tracker.import_records(admin, "commitment", rows).ids == ["forum-x-c3", "forum-x-c4"]
    assert tracker.verify(admin).ok


def test_smart_flags_follow_the_fields_unless_the_analyst_sets_them(tracker: Tracker, admin):
    tracker.create_record(admin, "forum", forum("F1", "AU"))
    bare = tracker.create_record(admin, "commitment", commitment("c1", "F1", ["KEN"], text="Do it"))
    assert bare.smart.model_dump() == dict.fromkeys(
        ("specific", "measurable", "achievable", "relevant", "time_bound"), False
    )
    kpi = {"indicator": "who_doctors", "target": 1.2, "target_year": 2030}
    body = commitment("c2", "F1", ["KEN"], text="Train four thousand doctors", kpi=kpi)
    full = tracker.create_record(admin, "commitment", {**body, "smart": {"relevant": True}})
    assert (full.smart.specific, full.smart.measurable, full.smart.time_bound) == (True, True, True)
    assert (full.smart.achievable, full.smart.relevant, full.smartness) == (False, True, 0.8)
    # an analyst's override holds through unrelated changes (publishing, rewording)…
    overruled = tracker.update_record(
        admin, "commitment", "c2", {"smart": {"measurable": False}}, expected_version=1
    )
    assert (overruled.smart.measurable, overruled.smart.relevant) == (False, False)
    kept = tracker.update_record(
        admin, "commitment", "c2", {"text": "Train five thousand doctors"}, expected_version=2
    )
    assert kept.smart.measurable is False and kept.smart.specific is True
    # … until a field it is derived from changes
    dropped = tracker.update_record(
        admin, "commitment", "c2", {"kpi": None, "deadline": "2031-12-31"}, expected_version=3
    )
    assert (dropped.smart.measurable, dropped.smart.time_bound) == (False, True)
    regained = tracker.update_record(admin, "commitment", "c2", {"kpi": kpi}, expected_version=4)
    assert regained.smart.measurable is True
