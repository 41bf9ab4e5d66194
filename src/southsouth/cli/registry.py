"""Registry commands: countries, blocs, members, indicators."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from typing import Annotated

import typer

from southsouth.cli.app import app
from southsouth.cli.country_lists import expand
from southsouth.cli.options import (
    DateOption,
    ExportOption,
    JsonOption,
    YearOption,
    parse_date,
    print_answer,
    workspace,
    write_rows,
)
from southsouth.cli.output import print_json, print_table, records
from southsouth.group_grammar import DEFAULT_GROUP, DEFINITION_IDS


@app.command()
def countries(
    group: Annotated[
        str,
        typer.Option(
            "--group",
            "-g",
            help=f"{', '.join(DEFINITION_IDS)}, a bloc id, ISO3 codes separated by commas, "
            "or @file.",
            callback=expand,
        ),
    ] = DEFAULT_GROUP,
    year: YearOption = None,
    on: DateOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the countries of a Global South definition, bloc or custom list."""
    on_day = parse_date(on)
    if as_json or export is not None:
        print_answer("countries", group=group, year=year, on=on_day, export=export, as_json=as_json)
        return
    with workspace() as ws:
        frame = ws.countries(group, year=year, on=on_day)
    print_table(
        frame,
        ["iso3", "name", "region", "subregion", "income_group"],
        title=f"{len(frame)} countries in {group}",
        caption="Sources: UN M49 via DataHub; World Bank FY2023 income groups via NSF SEI 2024; "
        "memberships: see `southsouth members`.",
    )


@app.command()
def blocs(export: ExportOption = None, as_json: JsonOption = False) -> None:
    """List the blocs and forums with their current number of full members."""
    if as_json or export is not None:
        print_answer("blocs", export=export, as_json=as_json)
        return
    with workspace() as ws:
        frame = ws.blocs()
    print_table(
        frame,
        ["bloc_id", "name", "kind", "founded", "members"],
        title="Blocs and forums",
        caption="Members today (incl. suspended). Sources: COW IGO v3 (to 2014), CIA Factbook "
        "(Jan 2026), WHO GHO, curated rows with citations.",
    )


@app.command()
def members(
    bloc: Annotated[str, typer.Argument(help="Bloc id or name, e.g. BRICS, ECOWAS, WHO-AFRO.")],
    year: YearOption = None,
    on: DateOption = None,
    all_statuses: Annotated[
        bool,
        typer.Option("--all", help="Include associates, observers, partners and invitees."),
    ] = False,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """List a bloc's members on a given year or day (today by default)."""
    on_day = parse_date(on)
    if as_json or export is not None:
        print_answer(
            "members",
            bloc=bloc,
            year=year,
            on=on_day,
            all_statuses=all_statuses,
            export=export,
            as_json=as_json,
        )
        return
    with workspace() as ws:
        frame = ws.members(bloc, year=year, on=on_day, all_statuses=all_statuses)
    day = frame.attrs["reference_date"]
    found = frame.attrs["bloc"]
    print_table(
        frame,
        ["iso3", "name", "status", "start_date", "end_date", "note"],
        title=f"{found.name} ({found.bloc_id}) on {day.isoformat()}: {len(frame)} countries",
        caption="Each row's source is in --json output (source, source_url).",
    )


@app.command()
def resolve(
    names: Annotated[list[str], typer.Argument(help="Country names or codes, in any spelling.")],
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Map country names to ISO3 codes and report the ones that do not map (exit 1)."""
    with workspace() as ws:
        frame = ws.resolve(names)
        if export is not None:
            from southsouth.service.documents import sources
            from southsouth.service.exports import ExportTable

            crosswalk = sources(ws, ("countries",))
    unmapped = frame[frame["iso3"].isna()]
    if export is not None:
        # An unmapped name has no sourced value.
        rows = [{**r, "source_id": "countries" if r["iso3"] else None} for r in records(frame)]
        write_rows(export, ExportTable(rows, crosswalk, "resolve", {"names": names}))
    if as_json:
        print_json(records(frame))
    elif export is None:
        print_table(
            frame,
            ["name", "iso3", "matched_by", "suggestions"],
            title=f"{len(frame) - len(unmapped)} of {len(frame)} names mapped",
            caption="Crosswalk: UN M49/ISO via DataHub, mledoze/countries, countrycode, "
            "curated aliases.",
        )
    if len(unmapped):
        raise typer.Exit(1)
