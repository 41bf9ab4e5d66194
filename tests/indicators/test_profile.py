"""Country profiles: every pillar, sources, lights, and missing shown as missing."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.errors import UnknownCountry
from southsouth.indicators.framework import PILLARS, load_framework
from southsouth.indicators.profile import country_profile, goalpost_score


def test_nigeria_profile_covers_every_pillar_with_sources(full_warehouse):
    profile = country_profile(full_warehouse, "NGA", year=2026)
    entries = profile.entries
    assert set(entries["pillar"].dropna()) == set(PILLARS)
    observed = entries[entries["status"] == "observed"]
    assert observed["publisher"].notna().all() and observed["licence"].notna().all()
    assert observed["vintage"].notna().all()
    internet = entries.set_index("indicator").loc["internet_users"]
    assert internet["value"] == pytest.approx(39.2136) and internet["year"] == 2023
    assert internet["light"] == "red"  # SDR 2025: red below 50 %


def test_missing_is_missing_not_zero(full_warehouse):
    entries = country_profile(full_warehouse, "NGA", year=2026).entries.set_index("indicator")
    rd = entries.loc["rd_expenditure"]  # Nigeria's last WDI R&D value is older than the window
    assert rd["status"] == "missing" and pd.isna(rd["value"]) and rd["light"] is None
    assert "no value between 2020 and 2026" in rd["note"]


def test_health_worker_density_is_derived_from_both_cadres(full_warehouse):
    entries = country_profile(full_warehouse, "IND", year=2026).entries.set_index("indicator")
    density = entries.loc["health_worker_density"]
    nurses = entries.loc["nurses_midwives"]
    assert density["year"] == 2020 and nurses["year"] == 2020 and density["flag"] is None
    # WHO NHWA: India 17.48 nurses & midwives per 10,000 in 2020; WDI: 0.7234 physicians per 1,000
    assert nurses["value"] == pytest.approx(1.748)
    assert density["value"] == pytest.approx(1.748 + 0.7234, abs=1e-3)
    assert density["light"] == "orange"  # between 2.28 and the midpoint to 4.45
    assert density["publisher"].startswith("southsouth (computed from")


def test_goalpost_score_is_direction_aware():
    framework = load_framework()
    spec = next(i for i in framework.indicators if i.id == "external_health_financing")
    assert goalpost_score(spec, 0.0) == 100 and goalpost_score(spec, 60.0) == 0
    assert goalpost_score(spec, 30.0) == pytest.approx(50)
    assert goalpost_score(spec, 90.0) == 0  # clipped


def test_unknown_country(full_warehouse):
    with pytest.raises(UnknownCountry) as caught:
        country_profile(full_warehouse, "Nigerria")
    assert "Nigeria" in caught.value.suggestions


def test_profile_cli_json_and_chart(full_warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))
    chart = tmp_path / "nga.svg"
    result = CliRunner().invoke(app, ["profile", "NGA", "--json", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [p["pillar"] for p in body["pillars"]] == list(PILLARS)
    assert chart.read_text().startswith("<svg") and "Nigeria" in chart.read_text()
