"""Aid-shock exposure: US assistance at risk (last full fiscal year) recomputed from the raw
ForeignAssistance.gov and WDI GDP files; scenario arithmetic; bad parameters; the API route."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from southsouth.cli import app as cli_app
from southsouth.errors import InputError
from southsouth.gaps.aid_shock import (
    ContributionRule,
    aid_shock,
    last_full_year,
    parse_rule,
    parse_rules,
)
from southsouth.registry.groups import group_members
from southsouth.server import create_app
from southsouth.settings import load_settings

AID_CSV = "finance/foreignassistance_us_foreign_aid_country.csv"
GDP_CSV = "indicators/economy/wdi_NY.GDP.MKTP.CD_gdp_current_usd_1960_2023.csv"


@pytest.fixture(scope="module")
def raw_aid(mirror: Path) -> pd.DataFrame:
    """Obligations and disbursements of the raw file, current US$, numeric fiscal years."""
    frame = pd.read_csv(mirror / AID_CSV, dtype=str, keep_default_na=False)
    frame = frame[frame["Transaction Type Name"].isin(["Obligations", "Disbursements"])]
    frame = frame[frame["Fiscal Year"].str.isdigit()]
    return frame.assign(
        year=frame["Fiscal Year"].astype(int), usd=pd.to_numeric(frame["current_amount"])
    )


@pytest.fixture(scope="module")
def g77(full_warehouse) -> list[str]:
    return sorted(group_members(full_warehouse, "g77", year=2023).members)


@pytest.fixture(scope="module")
def document(full_warehouse, monkeypatch_module) -> dict:
    monkeypatch_module.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))
    printed = CliRunner().invoke(cli_app, ["gaps", "aid-shock", "--group", "g77", "--json"])
    assert printed.exit_code == 0, printed.output
    return json.loads(printed.stdout)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def shock(full_warehouse):
    return aid_shock(full_warehouse, groups=["g77", "AU"])


def _received(raw_aid: pd.DataFrame, members: list[str], year: int) -> pd.Series:
    rows = raw_aid[
        (raw_aid["Transaction Type Name"] == "Disbursements")
        & (raw_aid["year"] == year)
        & raw_aid["Country Code"].isin(members)
    ]
    return rows.groupby("Country Code")["usd"].sum().clip(lower=0.0)


def test_fiscal_year_rule_picks_fy2023_from_the_raw_totals(raw_aid, document):
    totals = raw_aid.pivot_table(
        index="year", columns="Transaction Type Name", values="usd", aggfunc="sum"
    )
    assert totals.loc[2024, "Disbursements"] < 0.2 * totals.loc[2023, "Disbursements"]
    ours = pd.concat({"countries": totals, "regions": 0.0 * totals}, axis=1)
    assert last_full_year(ours) == document["fiscal_year"] == 2023
    assert "FY2023" in document["year_rule"] and "partial" in document["year_rule"]
    # sanity: every row of the file (countries, regions, World) adds up to the world total
    world = document["totals"]
    assert world["all_rows_usd"] == pytest.approx(totals.loc[2023, "Disbursements"], rel=1e-9)
    assert world["all_rows_usd"] == pytest.approx(62.011e9, rel=1e-4)
    assert world["countries_usd"] + world["regions_and_world_usd"] == pytest.approx(
        world["all_rows_usd"]
    )


def test_top_ten_in_usd_recomputed_from_the_raw_file(raw_aid, g77, document):
    received = _received(raw_aid, g77, 2023)
    expected = received.sort_values(ascending=False).head(10)
    got = document["top_usd"]
    assert [r["iso3"] for r in got] == list(expected.index)
    for row in got:
        assert row["at_risk_usd"] == pytest.approx(expected[row["iso3"]], rel=1e-9)
    assert got[0]["iso3"] == "ETH" and got[0]["at_risk_usd"] == pytest.approx(1.9565e9, rel=1e-4)
    (g77_row,) = document["groups"]
    assert g77_row["at_risk_usd"] == pytest.approx(received.sum(), rel=1e-9)
    assert g77_row["recipients"] == int((received > 0).sum())


def test_top_ten_in_share_of_gdp_recomputed_from_raw_files(raw_aid, g77, document, mirror):
    gdp = pd.read_csv(mirror / GDP_CSV)
    gdp = gdp[gdp["Country Code"].isin(g77) & gdp["Year"].between(2018, 2023)].dropna()
    latest = gdp.sort_values("Year").groupby("Country Code")["Value"].last()
    share = (100 * _received(raw_aid, g77, 2023) / latest).dropna()
    expected = share[share > 0].sort_values(ascending=False).head(10)
    got = document["top_pct_gdp"]
    assert [r["iso3"] for r in got] == list(expected.index)
    for row in got:
        assert row["at_risk_pct_gdp"] == pytest.approx(expected[row["iso3"]], rel=1e-9)


def test_health_at_risk_is_bounded_by_aid_and_external_health(shock, full_warehouse):
    rows = shock.countries.dropna(subset=["health_at_risk_usd"])
    assert len(rows) > 100
    assert (rows["health_at_risk_usd"] <= rows["at_risk_usd"] + 1e-6).all()
    assert (rows["health_at_risk_usd"] <= rows["external_health_usd"] + 1e-6).all()
    g77 = shock.group_row("g77")
    assert 0 < g77["health_at_risk_usd"] < g77["at_risk_usd"]
    assert "no sector split" in " ".join(shock.notes)
    # each member once: a group's total is the sum of its members' rows
    members = set(group_members(full_warehouse, "AU", year=2023).members)
    au_rows = shock.countries[shock.countries["iso3"].isin(members)]
    assert len(au_rows) == shock.group_row("AU")["members"] == len(members)
    assert shock.group_row("AU")["at_risk_usd"] == pytest.approx(au_rows["at_risk_usd"].sum())
    assert set(shock.countries["iso3"]) == members | set(
        group_members(full_warehouse, "g77", year=2023).members
    )
    assert shock.countries["iso3"].is_unique


def test_scenario_arithmetic_on_a_small_case():
    gdp = pd.Series({"A": 1e12, "B": 2e10, "C": 5e9})
    population = pd.Series({"A": 1e8, "B": 1e7, "C": 1e7})  # 10,000, 2,000 and 500 per person
    at = ContributionRule(0.5, 1_000.0, "at").contributions(gdp, population)
    assert at.to_dict() == pytest.approx({"A": 5e9, "B": 1e8})
    above = ContributionRule(1.0, 1_000.0, "above").contributions(gdp, population)
    # A: 1 % of (10,000 − 1,000) × 1e8; B: 1 % of (2,000 − 1,000) × 1e7; C pays nothing
    assert above.to_dict() == pytest.approx({"A": 9e9, "B": 1e8})
    assert parse_rule("0.01%@4500") == ContributionRule(0.01, 4500.0, "at")
    assert parse_rule(" 0.1 % > 4500 ") == ContributionRule(0.1, 4500.0, "above")
    assert parse_rule("0.1%>4500").text == "0.1%>4500"


def test_scenarios_add_up(shock):
    for row in shock.scenarios.itertuples():
        paid = shock.contributors[
            (shock.contributors["group"] == row.group) & (shock.contributors["rule"] == row.rule)
        ]
        assert len(paid) == row.contributors
        assert paid["contribution_usd"].sum() == pytest.approx(row.pooled_usd)
        assert row.coverage_pct == pytest.approx(
            min(100.0, 100 * row.pooled_usd / row.health_at_risk_usd)
        )
    g77 = shock.scenarios[shock.scenarios["group"] == "g77"].set_index("rule")
    # 0.01 % of GDP from members at or above US$4,500 per person: China gives most
    first = shock.contributors[
        (shock.contributors["group"] == "g77") & (shock.contributors["rule"] == "0.01%@4500")
    ]
    assert first["iso3"].iloc[0] == "CHN"
    assert (first["gdp_per_person_usd"] >= 4500).all()
    assert 0 < g77.loc["0.01%@4500", "coverage_pct"] < 100
    assert g77.loc["0.1%>4500", "coverage_pct"] == 100.0
    assert g77.loc["0.1%>4500", "uncapped_pct"] > 100.0


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (["abc"], "is not <rate>%@<US$>"),
        (["0%@4500"], "outside (0, 5] %"),
        (["6%@4500"], "outside (0, 5] %"),
        (["0.1%@900000"], "is above US$200,000"),
        (["0.1%@1", "0.2%@1", "0.3%@1", "0.4%@1"], "at most 3"),
    ],
)
def test_bad_rules_get_a_clear_error(rules, message):
    with pytest.raises(InputError) as raised:
        parse_rules(rules)
    assert message in raised.value.message
    assert "0.01%@4500" in (raised.value.hint or "")


def test_bad_parameters_of_the_model_and_the_command(full_warehouse, monkeypatch):
    with pytest.raises(InputError, match="top must be"):
        aid_shock(full_warehouse, groups=["g77"], top=0)
    with pytest.raises(InputError, match="unknown flow"):
        aid_shock(full_warehouse, groups=["g77"], flow="grants")  # type: ignore[arg-type]
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))
    printed = CliRunner().invoke(cli_app, ["gaps", "aid-shock", "--rule", "5%of-gdp"])
    assert printed.exit_code != 0
    assert "contribution rule '5%of-gdp'" in printed.output
    assert "0.01%@4500" in printed.output


@pytest.fixture(scope="module")
def client(full_warehouse):
    app = create_app(load_settings(home=full_warehouse.path.parent), snapshot=False)
    with TestClient(app) as test_client:
        yield test_client


def test_api_route_answers(client, document):
    body = client.get("/gaps/aid-shock", params={"group": "g77", "limit": 5}).json()
    assert body["fiscal_year"] == 2023 and body["total"] == len(document["items"])
    assert [r["iso3"] for r in body["items"]] == [r["iso3"] for r in document["items"][:5]]
    assert body["top_usd"] == document["top_usd"]
    assert {s["source_id"] for s in body["sources"]} >= {"us-foreign-aid", "wdi-gdp"}
    ruled = client.get(
        "/gaps/aid-shock", params={"group": "g77", "rule": ["0.02%@4500"], "top": 3}
    ).json()
    assert [r["rule"] for r in ruled["scenarios"]] == ["0.02%@4500"]
    assert len(ruled["top_usd"]) == 3


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"top": 0}, 422),
        ({"top": 101}, 422),
        ({"flow": "grants"}, 422),
        ({"rule": "x" * 41}, 422),
        ({"rule": ["0.1%@1"] * 4}, 422),
        ({"group": "@/etc/passwd"}, 422),
        ({"group": "../../etc/passwd"}, 422),
        ({"rule": "9%@4500"}, 400),
        ({"rule": "0.1%@1e9"}, 400),
    ],
)
def test_api_route_rejects_hostile_parameters(client, params, status):
    response = client.get("/gaps/aid-shock", params=params)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_health_financing_compact_states_the_exposure(g77_roadmap, document):
    (g77_row,) = document["groups"]
    shock = g77_roadmap.evidence.aid
    assert shock is not None and shock.fiscal_year == 2023
    assert shock.groups.iloc[0]["at_risk_usd"] == pytest.approx(g77_row["at_risk_usd"])
    compact = next(
        i for i in g77_roadmap.catalogue.initiatives if i.id == "health-financing-compact"
    )
    usd, health = g77_row["at_risk_usd"] / 1e9, g77_row["health_at_risk_usd"] / 1e9
    assert (
        f"In US fiscal year 2023, the last full year before the 2025 cut in US aid, members of "
        f"Group of 77 and China received US${usd:.1f} bn of US assistance "
        f"({g77_row['at_risk_pct_gdp']:.2f} % of their GDP), most of all Ethiopia, Jordan and "
        f"Egypt; at most US${health:.1f} bn of it financed health"
    ) in compact.rationale
    assert any("US assistance at risk, FY2023" in e.claim for e in compact.evidence)


def test_report_health_pillar_opens_with_the_exposure(g77_roadmap, document):
    from southsouth.report.document import render_html

    report = render_html(g77_roadmap, {}, lang="en")
    section = report[report.index('<section id="pillar-health"') :]
    heading_end = section.index("</h3>") + len("</h3>")
    assert section[heading_end:].lstrip().startswith('<p class="aid-shock"')
    opening = section[heading_end : section.index("</p>", heading_end)]
    (g77_row,) = document["groups"]
    assert f"US${g77_row['at_risk_usd'] / 1e9:.1f} bn of US assistance" in opening
    assert f"{g77_row['recipients']} of the {g77_row['members']} members" in opening
    coverage = {r["rule"]: r["coverage_pct"] for r in document["scenarios"]}
    assert 10 <= coverage["0.01%@4500"] < 100  # shown as a whole percentage
    first = f"{coverage['0.01%@4500']:.0f} % if members with a GDP per person of at least US$4,500"
    assert first in opening
    assert "100 % if every member gives 0.1 % of its GDP above US$4,500 per person" in opening


def test_dashboard_section_and_its_download(client, document):
    page = client.get("/fr/gaps/aid-shock", params={"group": "g77"})
    assert page.status_code == 200
    assert (
        "Choc de l'aide américaine" in html.unescape(page.text)
        and 'data-fiscal-year="2023"' in page.text
    )
    assert 'data-rule="0.1%&gt;4500"' in page.text
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/en/gaps/aid-shock.csv", params={"group": "g77"}).text)
        )
    )
    assert [r["iso3"] for r in rows] == [r["iso3"] for r in document["top_usd"]]
    assert float(rows[0]["at_risk_usd"]) == pytest.approx(document["top_usd"][0]["at_risk_usd"])
