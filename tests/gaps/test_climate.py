"""Climate gap: ND-GAIN vulnerability against readiness (2022 release, data year 2020),
quadrants at the medians, people per quadrant by bloc — recomputed from the raw files."""

from __future__ import annotations

import csv
import json
import statistics
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.errors import InputError, UnknownGroup
from southsouth.gaps.climate import Cutoffs, climate_gap, climate_gaps, quadrant
from southsouth.registry.groups import group_countries

NDGAIN_CSV = "climate/ndgain_2022_{measure}_1995_2020.csv"
WDI_POPULATION = "indicators/population/wdi_SP.POP.TOTL_population_1960_2024.csv"
runner = CliRunner()


def ndgain(mirror: Path, measure: str) -> dict[str, float]:
    """One ND-GAIN measure of 2020 by ISO3 code (blank cells left out)."""
    with (mirror / NDGAIN_CSV.format(measure=measure)).open(encoding="utf-8") as handle:
        return {row["ISO3"]: float(row["2020"]) for row in csv.DictReader(handle) if row["2020"]}


def wdi_population(mirror: Path) -> dict[str, float]:
    """WDI population of 2020 by ISO3 code."""
    with (mirror / WDI_POPULATION).open(encoding="utf-8") as handle:
        return {
            row["Country Code"]: float(row["Value"])
            for row in csv.DictReader(handle)
            if row["Year"] == "2020" and row["Value"]
        }


@pytest.fixture(scope="module")
def raw(mirror: Path) -> dict[str, dict[str, float]]:
    return {
        "vulnerability": ndgain(mirror, "vulnerability"),
        "readiness": ndgain(mirror, "readiness"),
        "population": wdi_population(mirror),
    }


@pytest.fixture(scope="module")
def gap(full_warehouse):
    return climate_gaps(full_warehouse, ["AU", "ASEAN"])


def expected_quadrant(raw: dict[str, dict[str, float]], iso3: str) -> str:
    v, r = raw["vulnerability"].get(iso3), raw["readiness"].get(iso3)
    if v is None or r is None:
        return "not_scored"
    exposed = v > statistics.median(raw["vulnerability"].values())
    ready = r > statistics.median(raw["readiness"].values())
    return f"{'exposed' if exposed else 'sheltered'}_{'ready' if ready else 'unready'}"


def test_cutoffs_are_the_medians_of_every_scored_country(gap, raw):
    cut = gap.cutoffs
    assert cut.year == 2020
    assert (cut.vulnerability_scored, cut.readiness_scored) == (182, 192)
    assert cut.vulnerability == pytest.approx(statistics.median(raw["vulnerability"].values()))
    assert cut.readiness == pytest.approx(statistics.median(raw["readiness"].values()))
    assert round(cut.vulnerability, 3) == 0.431 and round(cut.readiness, 3) == 0.408


def test_quadrants_of_known_countries(full_warehouse, raw):
    known = ["BGD", "TCD", "SGP", "THA", "NOR", "IND", "TUV"]
    result = climate_gap(full_warehouse, known)
    got = result.members.set_index("iso3")["quadrant"].to_dict()
    assert got == {iso3: expected_quadrant(raw, iso3) for iso3 in known}
    assert got["BGD"] == got["TCD"] == "exposed_unready"
    assert (got["SGP"], got["NOR"], got["THA"]) == ("sheltered_ready",) * 2 + ("exposed_ready",)
    assert got["TUV"] == "not_scored"  # readiness only: no vulnerability score
    members = result.members.set_index("iso3")
    assert members.loc["BGD", "vulnerability"] == pytest.approx(raw["vulnerability"]["BGD"])
    assert members.loc["BGD", "readiness"] == pytest.approx(raw["readiness"]["BGD"])


def test_at_the_median_counts_as_less_exposed_and_less_ready():
    cut = Cutoffs(2020, 0.4, 0.5, 10, 10)
    assert quadrant(0.4, 0.5, cut) == "sheltered_unready"
    assert quadrant(0.41, 0.51, cut) == "exposed_ready"
    assert quadrant(float("nan"), 0.9, cut) == "not_scored"


def test_bloc_totals_of_people(gap, raw, full_warehouse):
    for bloc in ("AU", "ASEAN"):
        members = group_countries(full_warehouse, bloc, year=date.today().year)["iso3"].tolist()
        totals = gap.groups[gap.groups["group"] == bloc].set_index("quadrant")
        assert int(totals["members"].sum()) == len(members)
        for quad, row in totals.iterrows():
            inside = [m for m in members if expected_quadrant(raw, m) == quad]
            assert row["members"] == len(inside), (bloc, quad)
            people = sum(raw["population"].get(m, 0.0) for m in inside)
            assert row["people"] == pytest.approx(people, rel=1e-12), (bloc, quad)
        assert totals["pct_people"].sum() == pytest.approx(100.0)
    # ASEAN today (Timor-Leste joined in October 2025): Myanmar, Cambodia, Laos, the
    # Philippines, Indonesia and Timor-Leste are more exposed and less ready; 465.3 million
    # people in 2020
    assert round(gap.people("ASEAN") / 1e6, 1) == 465.3
    assert sorted(
        gap.groups.set_index(["group", "quadrant"])
        .loc[("ASEAN", "exposed_unready")]["iso3s"]
        .split(",")
    ) == ["IDN", "KHM", "LAO", "MMR", "PHL", "TLS"]


def test_most_exposed_and_most_ready(gap, raw):
    exposed = gap.most_exposed(3, "AU")
    au = gap.members[gap.members["group"] == "AU"]
    candidates = [
        (raw["vulnerability"][m] - raw["readiness"][m], m)
        for m in au["iso3"]
        if expected_quadrant(raw, m) == "exposed_unready"
    ]
    assert list(exposed["iso3"]) == [m for _, m in sorted(candidates, reverse=True)[:3]]
    assert list(exposed["iso3"]) == ["TCD", "CAF", "GNB"]
    ready = gap.most_ready(2, "ASEAN")
    assert list(ready["iso3"]) == ["SGP", "BRN"]
    assert (ready["readiness"] > gap.cutoffs.readiness).all()
    with pytest.raises(InputError):
        gap.most_exposed(3, "BRICS")


def test_sources_notes_and_bad_input(gap, full_warehouse):
    assert [s["source_id"] for s in gap.sources] == ["ndgain-2022", "wdi-population"]
    assert any("2022 release" in n and "2020" in n for n in gap.notes)
    assert any("median of 182 countries" in n for n in gap.notes)
    with pytest.raises(InputError, match="2024"):
        climate_gap(full_warehouse, ["BGD"], year=2024)
    with pytest.raises(UnknownGroup):
        climate_gaps(full_warehouse, ["NOSUCH"])


def test_gaps_climate_cli(full_warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))
    answer = runner.invoke(app, ["gaps", "climate", "--group", "ASEAN", "--json"])
    assert answer.exit_code == 0, answer.output
    body = json.loads(answer.stdout)
    assert body["year"] == 2020 and len(body["items"]) == 11
    assert {s["source_id"] for s in body["sources"]} == {"ndgain-2022", "wdi-population"}
    shown = runner.invoke(app, ["gaps", "climate", "--group", "ASEAN"])
    assert shown.exit_code == 0 and "Singapore" in shown.stdout and "2020" in shown.stdout
    export = tmp_path / "asean.csv"
    written = runner.invoke(app, ["gaps", "climate", "--group", "ASEAN", "--export", str(export)])
    assert written.exit_code == 0 and export.read_text(encoding="utf-8").count("\nASEAN,") == 11
