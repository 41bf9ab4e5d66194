"""``southsouth gaps``: the capacity gaps the founding text names, computed from raw data."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from pathlib import Path
from typing import Annotated

import typer

from southsouth.cli.app import app
from southsouth.cli.country_lists import expand_all
from southsouth.cli.options import (
    ExportOption,
    JsonOption,
    print_answer,
    source_ages,
    within,
    workspace,
)
from southsouth.cli.output import print_data_age, print_table, stdout
from southsouth.periods import DATA_YEARS, TARGET_YEARS

gaps_app = typer.Typer(
    help="Capacity gaps: military spending, health workforce, cyber, civic space, climate, "
    "aid shock."
)
app.add_typer(gaps_app, name="gaps")

GroupsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--group",
        "-g",
        help="Global South definition, bloc id, ISO3 list or @file (repeat).",
        callback=expand_all,
    ),
]
ChartOption = Annotated[
    Path | None, typer.Option("--chart", help="Also write a chart (.svg, .png, .pdf or .json).")
]


def _notes(notes: tuple[str, ...] | list[str]) -> None:
    console = stdout()
    for note in notes:
        console.print(f"• {note}", highlight=False, markup=False)


@gaps_app.command("military")
def military(
    year: Annotated[
        int,
        typer.Option(
            "--year",
            "-y",
            help=f"Year of SIPRI data (the mirror holds 2019–2023; {DATA_YEARS}).",
            callback=within(DATA_YEARS),
        ),
    ],
    groups: GroupsOption = None,
    top: Annotated[int, typer.Option(help="How many of the largest spenders to sum.")] = 5,
    basis: Annotated[
        str, typer.Option(help="Regional totals in 'current' or 'constant-2022' US$.")
    ] = "current",
    chart: ChartOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Shares of world military spending by SIPRI region, bloc, Global South group and top N."""
    from southsouth.charts import save_chart
    from southsouth.charts.military import military_shares_chart

    if as_json or export is not None:
        print_answer(
            "gaps military",
            year=year,
            groups=groups or (),
            top=top,
            basis=basis,
            export=export,
            as_json=as_json,
        )
        if chart is None:
            return
    with workspace() as ws:
        result = ws.military_shares(year, groups=groups or (), top=top, basis=basis)
        ages = source_ages(ws, result.rows.get("source_id", ()))
    source = str(result.rows["source"].iloc[0]) if len(result.rows) else "SIPRI"
    if chart is not None:
        dated = [f"{s['title']}: data {s['data_years']}" for s in ages if s.get("data_years")]
        cited = "; ".join([source, *dated])
        save_chart(military_shares_chart(result.rows, year=year, source=cited), chart)
    if as_json or export is not None:
        return
    frame = result.rows.assign(share_pct=result.rows["share_pct"].round(2))
    print_table(
        frame,
        ["entity", "kind", "share_pct", "value_usd_bn", "basis", "coverage"],
        title=f"Shares of world military spending, {year} "
        f"(world {result.world_usd_bn:,.1f} bn US$, {result.world_basis})",
        caption=f"Source: {source}. Licence: {frame['licence'].iloc[0] if len(frame) else ''}.",
    )
    print_table(result.top, ["rank", "iso3", "name", "value_usd_bn", "share_pct", "flag"])
    _notes(result.notes)
    print_data_age(ages)


@gaps_app.command("cyber")
def cyber(
    groups: GroupsOption = None, export: ExportOption = None, as_json: JsonOption = False
) -> None:
    """ITU GCI 2024 score gap by group; GCI 2020 tiers and the share in the lowest."""
    if as_json or export is not None:
        print_answer("gaps cyber", groups=groups or (), export=export, as_json=as_json)
        return
    with workspace() as ws:
        result = ws.cyber_gaps(groups or ())
        ages = source_ages(ws, [s["source_id"] for s in result.sources()])
    print_table(
        result.gap,
        ["comparison", "group", "scored", "mean_score", "median_score", "gap_to_rest"],
        title="ITU GCI 2024 scores: each group against the rest of the world",
        caption=f"Source: {result.source.get('source', '')}",
    )
    if len(result.lowest) and result.history_source:
        print_table(
            result.lowest,
            [c for c in result.lowest.columns if not str(c).endswith("iso3s")][:8],
            title="Lowest GCI 2020 tiers: each group against the rest of the world",
            caption=f"Rule: {result.rule} Source: {result.history_source.get('source', '')}",
        )
    _notes(result.notes)
    print_data_age(ages)


@gaps_app.command("civic-space")
def civic(
    groups: GroupsOption = None, export: ExportOption = None, as_json: JsonOption = False
) -> None:
    """CIVICUS Monitor ratings: closed and repressed civic space by bloc and group."""
    import pandas as pd

    if as_json or export is not None:
        print_answer("gaps civic-space", groups=groups or (), export=export, as_json=as_json)
        return
    with workspace() as ws:
        result = ws.civic_space(groups or ())
        ages = source_ages(ws, [str(result.source.get("source_id", ""))])
    distribution = result.distribution
    print_table(
        distribution,
        list(distribution.columns[:8]),
        title=f"CIVICUS Monitor ratings (snapshot {result.snapshot})",
        caption=f"Source: {result.source.get('citation', '')}",
    )
    lists = result.lists
    if isinstance(lists, pd.DataFrame) and len(lists):
        print_table(lists, list(lists.columns[:4]), title="Closed and repressed")
    _notes(result.notes)
    print_data_age(ages)


@gaps_app.command("climate")
def climate(
    groups: GroupsOption = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="ND-GAIN data year (default: its last, 2020)."),
    ] = None,
    top: Annotated[int, typer.Option(help="Members named in each list (1–50).")] = 5,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Climate vulnerability against readiness (ND-GAIN): quadrants, people in each by group,
    the most exposed and least ready members, and the most ready (partners)."""
    import pandas as pd

    given = {"groups": tuple(groups)} if groups else {}
    document = print_answer(
        "gaps climate", year=year, top=top, **given, export=export, as_json=as_json
    )
    if as_json or export is not None:
        return
    cut = document["cutoffs"]
    totals = pd.DataFrame(document["groups"])
    print_table(
        totals.assign(people=(totals["people"] / 1e6).round(1), pct=totals["pct_people"].round(1)),
        ["group", "quadrant", "members", "people", "pct"],
        headers=["group", "quadrant", "members", "people (M)", "% of people"],
        title=f"Climate vulnerability against readiness, {document['year']} (ND-GAIN): "
        f"cut-offs vulnerability {cut['vulnerability_median']:.3f}, "
        f"readiness {cut['readiness_median']:.3f}",
        caption=f"People: population in {document['year']}. Cut-offs: {cut['rule']}.",
    )
    columns = ["group", "iso3", "name", "vulnerability", "readiness", "population"]
    for key, title in (
        ("most_exposed", "Most exposed, least ready (adaptation and early-warning candidates)"),
        ("most_ready", "Most ready (partners)"),
    ):
        rows = pd.DataFrame(document[key], columns=[*columns, "gap", "quadrant"])
        print_table(
            rows.assign(
                vulnerability=rows["vulnerability"].round(3),
                readiness=rows["readiness"].round(3),
                population=(rows["population"] / 1e6).round(1),
            ),
            columns,
            headers=[*columns[:-1], "people (M)"],
            title=title,
        )
    _notes(document["notes"])
    print_data_age(document["sources"])


@gaps_app.command("health-workforce")
def health_workforce(
    region: Annotated[
        str | None,
        typer.Option(help="WHO region: afro, amro, searo, euro, emro or wpro."),
    ] = None,
    groups: GroupsOption = None,
    year: Annotated[
        int,
        typer.Option(
            "--year", "-y", help=f"Projection year ({TARGET_YEARS}).", callback=within(TARGET_YEARS)
        ),
    ] = 2030,
    scenario: Annotated[
        str,
        typer.Option(help="baseline, or levers e.g. training=2%,attrition=1%,emigration=0.5%."),
    ] = "baseline",
    chart: ChartOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Need, supply, shortage and coverage of doctors, nurses and midwives (4.45 per 1,000)."""
    from southsouth.charts import save_chart
    from southsouth.charts.health_workforce import workforce_chart

    chosen = tuple(groups or ()) + ((region,) if region else ())
    if as_json or export is not None:
        given = {"groups": chosen} if chosen else {}
        print_answer(
            "gaps health-workforce",
            year=year,
            scenario=scenario,
            **given,
            export=export,
            as_json=as_json,
        )
        if chart is None:
            return
    with workspace() as ws:
        view = ws.health_workforce(chosen, year=year, scenario=scenario)
        ages = source_ages(ws, view.result.sources["dataset_id"].astype(str))
    result = view.result
    headline = view.headline
    published = view.published()
    if chart is not None:
        first = headline["group"].iloc[0]
        rows = result.groups[result.groups["group"] == first]
        comparison = next((c for c in result.comparisons if c.published.group == first), None)
        save_chart(
            workforce_chart(
                rows,
                title=f"Doctors, nurses and midwives: {headline['group_name'].iloc[0]}",
                subtitle=f"Need at 4.45 per 1,000 (UN WPP 2024 population), supply by trend; "
                f"scenario {result.scenario.name}",
                published={
                    "need": comparison.published.need,
                    "shortage": comparison.published.shortage,
                }
                if comparison
                else None,
                published_year=comparison.published.year if comparison else None,
            ),
            chart,
        )
    if as_json or export is not None:
        return
    shown = headline.assign(
        need=(headline["need"] / 1e6).round(2),
        supply=(headline["supply"] / 1e6).round(2),
        shortage=(headline["shortage"] / 1e6).round(2),
        coverage=(100 * headline["coverage"]).round(1),
    )
    print_table(
        shown,
        ["group", "group_name", "need", "supply", "shortage", "coverage", "countries_with_data"],
        headers=[
            "group",
            "name",
            "need (M)",
            "supply (M)",
            "shortage (M)",
            "coverage %",
            "with data",
        ],
        title=f"Health workforce {year}, scenario {result.scenario.name}",
    )
    for comparison in published:
        stdout().print(
            f"Published: need {comparison['published']['need'] / 1e6:.1f} M, shortage "
            f"{comparison['published']['shortage'] / 1e6:.1f} M, coverage "
            f"{100 * comparison['published']['coverage']:.0f}% "
            f"({comparison['published']['citation']})",
            highlight=False,
            markup=False,
        )
        _notes(comparison["reasons"])
    _notes(result.notes)
    print_data_age(ages)


def _bn(usd: float | None) -> str:
    """US$ in billions, two decimals."""
    return "" if usd is None else f"{usd / 1e9:,.2f}"


@gaps_app.command("aid-shock")
def aid_shock(
    groups: GroupsOption = None,
    top: Annotated[int, typer.Option(help="Countries in each ranking (1–100).")] = 10,
    flow: Annotated[
        str, typer.Option(help="What is at risk: 'disbursements' or 'obligations'.")
    ] = "disbursements",
    rules: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            help="Pooled-financing rule, up to 3: 0.01%@4500 (members ≥ US$4,500 GDP per "
            "person give 0.01 % of GDP) or 0.1%>4500 (0.1 % of GDP above US$4,500 per person).",
        ),
    ] = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """US assistance at risk in the 2025 cut (last full fiscal year): by country, against GDP,
    external health financing and ODA; totals by group; pooled-financing scenarios."""
    import pandas as pd

    document = print_answer(
        "gaps aid-shock",
        groups=groups or (),
        top=top,
        flow=flow,
        rules=tuple(rules or ()),
        export=export,
        as_json=as_json,
    )
    if as_json or export is not None:
        return
    year = document["fiscal_year"]
    ranked = pd.DataFrame(document["top_usd"])
    shown = ranked.assign(
        usd=ranked["at_risk_usd"].map(_bn),
        pct=ranked["at_risk_pct_gdp"].round(2),
        health=ranked["health_at_risk_usd"].map(_bn),
    )
    print_table(
        shown,
        ["rank_usd", "iso3", "name", "usd", "pct", "health"],
        headers=["rank", "iso3", "name", "US$ bn", "% of GDP", "health US$ bn (max)"],
        title=f"US assistance at risk, FY{year} {flow} (current US$): largest in US$",
    )
    relative = pd.DataFrame(document["top_pct_gdp"])
    print_table(
        relative.assign(
            usd=relative["at_risk_usd"].map(_bn), pct=relative["at_risk_pct_gdp"].round(2)
        ),
        ["rank_pct_gdp", "iso3", "name", "pct", "usd"],
        headers=["rank", "iso3", "name", "% of GDP", "US$ bn"],
        title=f"US assistance at risk, FY{year}: largest in % of GDP",
    )
    blocs = pd.DataFrame(document["groups"])
    print_table(
        blocs.assign(
            usd=blocs["at_risk_usd"].map(_bn),
            pct=blocs["at_risk_pct_gdp"].round(3),
            health=blocs["health_at_risk_usd"].map(_bn),
        ),
        ["group", "members", "recipients", "usd", "pct", "health", "members_with_health"],
        headers=[
            "group",
            "members",
            "recipients",
            "US$ bn",
            "% of GDP",
            "health US$ bn",
            "with GHED",
        ],
        title="By group (each member counted once)",
    )
    scenarios = pd.DataFrame(document["scenarios"])
    print_table(
        scenarios.assign(
            pooled=scenarios["pooled_usd"].map(_bn), coverage=scenarios["coverage_pct"].round(1)
        ),
        ["group", "rule", "contributors", "pooled", "coverage", "description"],
        headers=["group", "rule", "contributors", "pooled US$ bn", "coverage %", "rule in words"],
        title="Pooled financing: share of the health financing at risk covered (capped at 100 %)",
    )
    totals, data = document["totals"], pd.DataFrame(document["data_years"])
    world = totals["countries_usd"]
    stdout().print(
        f"World, FY{year} {flow}: US${_bn(world)} bn to countries, US$"
        f"{_bn(totals['all_rows_usd'])} bn with the file's regions and World rows.",
        highlight=False,
        markup=False,
    )
    for row in document["groups"]:
        stdout().print(
            f"{row['name']}: US${_bn(row['at_risk_usd'])} bn at risk "
            f"({100 * row['at_risk_usd'] / world:.1f} % of the world's country total; "
            f"{row['recipients']} of {row['members']} members receiving), of which at most "
            f"US${_bn(row['health_at_risk_usd'])} bn health financing "
            f"({row['members_with_health']} members with GHED data).",
            highlight=False,
            markup=False,
        )
    stdout().print(
        "Data years: "
        + "; ".join(f"{r.measure} {r.years} ({r.countries} countries)" for r in data.itertuples()),
        highlight=False,
        markup=False,
    )
    _notes([document["year_rule"], document["health_rule"], *document["notes"]])
    print_data_age(document["sources"])
