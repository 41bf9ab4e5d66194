"""The climate pillar: framework entries, profiles, group aggregates, the index and the
comparison, checked against the raw OWID (December 2020) and ND-GAIN (2022) files."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.indicators.comparison import compare_groups
from southsouth.indicators.framework import PILLARS, load_framework
from southsouth.indicators.pillar_index import pillar_index
from southsouth.indicators.profile import country_profile
from southsouth.registry.groups import group_countries

OWID_CSV = "climate/owid_co2_data_2020-12.csv"
NDGAIN_CSV = "climate/ndgain_2022_{measure}_1995_2020.csv"
CLIMATE = (
    "co2_per_capita",
    "co2_share_global",
    "co2_cumulative_share",
    "climate_vulnerability",
    "climate_readiness",
)
runner = CliRunner()


def owid(mirror: Path, column: str, year: int = 2018) -> dict[str, float]:
    """One OWID column of ``year`` by ISO3 code (countries only: no OWID_* aggregates)."""
    with (mirror / OWID_CSV).open(encoding="utf-8") as handle:
        return {
            row["iso_code"]: float(row[column])
            for row in csv.DictReader(handle)
            if row["year"] == str(year)
            and len(row["iso_code"]) == 3
            and not row["iso_code"].startswith("OWID")
            and row[column]
        }


def ndgain(mirror: Path, measure: str, year: int = 2020) -> dict[str, float]:
    """One ND-GAIN measure of ``year`` by ISO3 code (blank cells left out)."""
    path = mirror / NDGAIN_CSV.format(measure=measure)
    with path.open(encoding="utf-8") as handle:
        return {
            row["ISO3"]: float(row[str(year)]) for row in csv.DictReader(handle) if row[str(year)]
        }


@pytest.fixture(scope="module")
def raw(mirror: Path) -> dict[str, dict[str, float]]:
    return {
        "co2_per_capita": owid(mirror, "co2_per_capita"),
        "co2_share_global": owid(mirror, "share_global_co2"),
        "co2_cumulative_share": owid(mirror, "share_global_cumulative_co2"),
        "climate_vulnerability": ndgain(mirror, "vulnerability"),
        "climate_readiness": ndgain(mirror, "readiness"),
    }


def test_the_framework_declares_the_climate_pillar_last():
    framework = load_framework()
    assert PILLARS[-1] == "climate" and len(framework.pillars) == 9
    pillar = framework.pillar("climate")
    assert pillar.name == "Climate resilience and emissions"
    assert any("Adaptation and climate finance" in n for n in pillar.not_measured)
    assert any("December 2020" in n and "2018" in n for n in pillar.not_measured)
    assert any("2022 release" in n and "2020" in n for n in pillar.not_measured)
    specs = {i.id: i for i in framework.of_pillar("climate")}
    assert tuple(specs) == CLIMATE
    assert {i: (s.source, s.direction, s.kind, s.scored) for i, s in specs.items()} == {
        "co2_per_capita": ("owid_co2_per_capita_t", -1, "rate", True),
        "co2_share_global": ("owid_co2_share_global_pct", 0, "stock", False),
        "co2_cumulative_share": ("owid_co2_cumulative_share_global_pct", 0, "stock", False),
        "climate_vulnerability": ("ndgain_vulnerability", -1, "rate", True),
        "climate_readiness": ("ndgain_readiness", 1, "rate", True),
    }
    # the windows reach the editions' last years from the reference year 2026
    assert specs["co2_per_capita"].window >= 2026 - 2018
    assert specs["climate_readiness"].window >= 2026 - 2020
    assert "southsouth rule" in specs["co2_per_capita"].basis


@pytest.mark.parametrize("iso3", ["BGD", "IND", "NOR"])
def test_profile_values_are_the_raw_files(full_warehouse, raw, iso3):
    entries = country_profile(full_warehouse, iso3, year=2026).entries.set_index("indicator")
    for indicator in CLIMATE:
        row = entries.loc[indicator]
        assert row["pillar"] == "climate" and row["status"] == "observed", indicator
        assert row["value"] == pytest.approx(raw[indicator][iso3], rel=1e-9), indicator
        expected_year = 2020 if indicator.startswith("climate_") else 2018
        assert row["year"] == expected_year, indicator
        expected_dataset = "ndgain-2022" if indicator.startswith("climate_") else "owid-co2-2020"
        assert row["dataset"] == expected_dataset and row["licence"], indicator
        assert str(expected_year) in row["vintage"], indicator


def test_bangladesh_lights(full_warehouse):
    entries = country_profile(full_warehouse, "BGD", year=2026).entries.set_index("indicator")
    # 0.531 t per person is under the 2 t green line; vulnerability 0.541 ≥ 0.52 and
    # readiness 0.278 ≤ 0.32 are in the worst quartile of the 2020 scores
    assert entries.loc["co2_per_capita", "light"] == "green"
    assert entries.loc["climate_vulnerability", "light"] == "red"
    assert entries.loc["climate_readiness", "light"] == "red"
    assert entries.loc["co2_share_global", "light"] is None  # context only
    china = country_profile(full_warehouse, "CHN", year=2026).entries.set_index("indicator")
    assert china.loc["co2_per_capita", "value"] == pytest.approx(7.05)
    assert china.loc["co2_per_capita", "light"] == "red"


def test_g77_climate_index_is_the_goalpost_mean(full_warehouse, raw):
    built = pillar_index(full_warehouse, group="g77", year=2026)
    scores = built.result.pillar_scores["climate"]
    expected = (
        (raw["co2_per_capita"]["BGD"] - 20.0) / (0.0 - 20.0) * 100
        + (1.0 - raw["climate_vulnerability"]["BGD"]) * 100
        + raw["climate_readiness"]["BGD"] * 100
    ) / 3
    assert scores["BGD"] == pytest.approx(expected, rel=1e-9)
    assert round(scores["BGD"], 1) == 57.0
    table = built.table("climate")
    assert table["score"].between(0, 100).all() and table["rank"].min() == 1


def test_countries_ranked_without_a_vulnerability_score_are_named(full_warehouse, raw):
    built = pillar_index(full_warehouse, group="g77", year=2026)
    table = built.table("climate").set_index("iso3")
    # Kiribati has no ND-GAIN vulnerability in 2020 (small states are not scored), so it
    # ranks on CO2 per person and readiness alone: 2 of the 3 scored indicators.
    assert "KIR" not in raw["climate_vulnerability"] and "KIR" in raw["climate_readiness"]
    assert table.at["KIR", "share"] == pytest.approx(2 / 3) and table.at["KIR", "rank"] <= 10
    partial = table[table["share"] < 1]
    note = built.partial_note("climate")
    assert note is not None and note.startswith(f"{len(partial)} of {len(table)} countries")
    assert "KIR 0.67, no climate_vulnerability" in note
    assert note in built.as_dict("climate")["notes"]


def test_index_cli_for_the_climate_pillar(full_warehouse, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))
    shown = runner.invoke(
        app, ["index", "--pillar", "climate", "--group", "g77", "--uncertainty", "10"]
    )
    assert shown.exit_code == 0, shown.output
    assert "Pillar climate: g77" in shown.stdout and "Bangladesh" in shown.stdout
    assert "1995–2020" in shown.stdout and "1751–2018" in shown.stdout  # the data years
    assert "Research and development" not in shown.stdout  # only the pillar's datasets
    answer = runner.invoke(app, ["index", "--pillar", "climate", "--group", "g77", "--json"])
    body = json.loads(answer.stdout)
    assert body["pillar"] == "climate"
    years = {s["source_id"]: s["data_years"] for s in body["sources"]}
    assert years["owid-co2-2020"] == "1751–2018" and years["ndgain-2022"] == "1995–2020"


def test_compare_au_asean_has_the_climate_pillar(full_warehouse, raw):
    framework = load_framework()  # the climate rows only: the other pillars are tested apart
    climate = replace(framework, indicators=framework.of_pillar("climate"), context=())
    result = compare_groups(full_warehouse, ["AU", "ASEAN"], year=2026, framework=climate)
    rows = result.rows[result.rows["pillar"] == "climate"].set_index(["indicator", "group"])
    assert sorted(set(rows.index.get_level_values(0))) == sorted(CLIMATE)
    members = group_countries(full_warehouse, "ASEAN", year=2026)["iso3"].tolist()
    share = rows.loc[("co2_share_global", "ASEAN")]
    assert share["kind"] == "stock" and share["n_with_data"] == len(members)
    assert share["value"] == pytest.approx(sum(raw["co2_share_global"][m] for m in members))
    assert "owid-co2-2020" in share["sources"]
    vulnerability = rows.loc[("climate_vulnerability", "AU")]
    assert vulnerability["kind"] == "rate" and "ndgain-2022" in vulnerability["sources"]
    assert min(raw["climate_vulnerability"].values()) < vulnerability["value"]
    assert vulnerability["value"] < max(raw["climate_vulnerability"].values())
    assert {"owid-co2-2020", "ndgain-2022"} <= set(result.dataset_ids)
