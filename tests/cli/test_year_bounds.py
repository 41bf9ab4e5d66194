"""Every command taking a year, a span of years, a horizon or a planning date refuses values
outside its range with exit code 2, names the range, and writes nothing."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.periods import DATA_YEARS, HORIZONS, MEMBERSHIP_YEARS, PLANNING_YEARS, TARGET_YEARS

runner = CliRunner()

#: (command before the year option, option, the range it must name, option writing a file)
COMMANDS = [
    (["countries"], "--year", MEMBERSHIP_YEARS, None),
    (["members", "AU"], "--year", MEMBERSHIP_YEARS, None),
    (["profile", "KEN"], "--year", DATA_YEARS, "--chart"),
    (["index"], "--year", MEMBERSHIP_YEARS, "--chart"),
    (["compare", "AU", "ASEAN"], "--year", MEMBERSHIP_YEARS, None),
    (["gaps", "military"], "--year", DATA_YEARS, "--chart"),
    (["gaps", "health-workforce"], "--year", TARGET_YEARS, "--chart"),
    (["trade", "complexity"], "--year", DATA_YEARS, "--csv"),
    (["trade", "substitution", "--importer", "ZAF"], "--year", DATA_YEARS, "--csv"),
    (["trade", "links", "--bloc", "SADC"], "--year", DATA_YEARS, "--csv"),
    (["trade", "share"], "--year", DATA_YEARS, "--csv"),
    (["roadmap", "--bloc", "AU"], "--horizon", HORIZONS, "--out"),
]
CASES = [
    pytest.param([*command, option, value], years, output, id=f"{' '.join(command)} {value}")
    for command, option, years, output in COMMANDS
    for value in ("3000", "0")
]
CASES += [
    pytest.param(["countries", "--date", "1900-06-30"], MEMBERSHIP_YEARS, None, id="countries"),
    pytest.param(["members", "AU", "--date", "3000-01-01"], MEMBERSHIP_YEARS, None, id="members"),
    pytest.param(["roadmap", "--as-of", "2020-01-01"], PLANNING_YEARS, "--out", id="as-of 2020"),
    pytest.param(["roadmap", "--as-of", "3000-01-01"], PLANNING_YEARS, "--out", id="as-of 3000"),
    *(
        pytest.param(
            ["data", "sync", "baci", "--classification", "HS92", "--years", years],
            DATA_YEARS,
            None,
            id=f"baci {years}",
        )
        for years in ("3000", "0", "1995-3000", "2015,2019-2023,2099")
    ),
]


def _refused(result, years) -> None:
    assert result.exit_code == 2, result.output
    assert "error[year-out-of-range]" in result.stderr
    assert f"valid years are {years.label()}" in result.stderr
    assert "fix:" in result.stderr


@pytest.mark.parametrize(("args", "years", "output"), CASES)
def test_out_of_range_year_exits_2_names_the_range_and_writes_nothing(
    tmp_path, args, years, output
):
    written = tmp_path / "written"
    chart = [output, str(written / "out.svg")] if output in ("--chart", "--csv") else []
    out = ["--out", str(written)] if output == "--out" else []
    result = runner.invoke(app, [*args, *chart, *out])
    _refused(result, years)
    assert not written.exists()
    assert not (tmp_path / "home").exists()  # no warehouse, cache or tracker was created


@pytest.mark.parametrize(
    ("years", "fix"), [("2023-1999", "--years 1999-2023"), ("2015,2023-2019", "--years 2019-2023")]
)
def test_reversed_year_range_is_refused_with_the_order_to_use(tmp_path, years, fix):
    result = runner.invoke(
        app, ["data", "sync", "baci", "--classification", "HS92", "--years", years]
    )
    _refused(result, DATA_YEARS)
    assert "ends before it starts" in result.stderr and fix in result.stderr
    assert not (tmp_path / "home").exists()


def test_roadmap_planning_date_after_the_horizon_is_refused(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["roadmap", "--horizon", "2040", "--as-of", "2045-03-01", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "error[year-out-of-range]" in result.stderr
    assert "valid years are 2025–2040" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["members", "AU", "--year", str(MEMBERSHIP_YEARS.first)],
        ["members", "AU", "--year", str(MEMBERSHIP_YEARS.last)],
        ["profile", "KEN", "--year", str(DATA_YEARS.first)],
        ["gaps", "health-workforce", "--year", str(TARGET_YEARS.last)],
        ["trade", "share", "--year", str(DATA_YEARS.last)],
    ],
    ids=lambda args: " ".join(args),
)
def test_years_at_the_ends_of_the_range_get_past_the_check(args):
    # No warehouse in the isolated home: a valid year reaches the data and fails there.
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "error[not-synced]" in result.stderr


def test_help_states_each_range():
    assert "2030–2055" in runner.invoke(app, ["roadmap", "--help"]).stdout
    assert "2025–2100" in runner.invoke(app, ["gaps", "health-workforce", "--help"]).stdout
