"""``southsouth data``: fetch datasets into the warehouse and show what is loaded."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from southsouth.cli.app import app
from southsouth.cli.options import (
    AsOfOption,
    ExportOption,
    JsonOption,
    parse_as_of,
    print_answer,
    workspace,
)
from southsouth.cli.output import print_error, print_json, print_table, records, stderr
from southsouth.errors import NotSynced
from southsouth.periods import DATA_YEARS, parse_year_list

#: The CEPII BACI release used when only a classification is given.
DEFAULT_BACI_VERSION = "V202501"

data_app = typer.Typer(help="Fetch published datasets and load them into the warehouse.")
app.add_typer(data_app, name="data")


@data_app.command("sync")
def sync(
    datasets: Annotated[
        list[str] | None,
        typer.Argument(
            help="Dataset ids or domains (countries, indicators, trade, …); all if none."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Reload even if up to date.")] = False,
    release: Annotated[
        str | None,
        typer.Option(help="With dataset `baci`: a CEPII BACI release, e.g. HS92:V202501."),
    ] = None,
    classification: Annotated[
        str | None,
        typer.Option(help="With dataset `baci`: HS92, HS96, … (release V202501 unless --release)."),
    ] = None,
    years: Annotated[
        str | None,
        typer.Option(help=f"With --release: years, e.g. 2019-2023 or 2015,2021 ({DATA_YEARS})."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="publishers|mirror",
            help="Where files come from. Default: the mirror when SOUTHSOUTH_MIRROR is set, "
            "else the publishers. publishers: each publisher's own service (World Bank API, "
            "WHO GHO, UCDP API with SOUTHSOUTH_UCDP_TOKEN, current files), falling back to "
            "the pinned copy; files that exist only in the mirror still come from "
            "SOUTHSOUTH_MIRROR when it is set. mirror: SOUTHSOUTH_MIRROR only.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Fetch datasets (from the publishers or SOUTHSOUTH_MIRROR) and load them.

    Without --from, files come from the mirror when SOUTHSOUTH_MIRROR is set and from the
    publishers otherwise. A dataset whose files cannot be fetched fails with the URL and the
    remedy, and its rows in the warehouse stay as they were.

    `southsouth data sync baci --release HS92:V202501 --years 2019-2023` downloads a full
    CEPII BACI release (several GB) and loads the chosen years.
    """
    if source not in (None, "publishers", "mirror"):
        raise typer.BadParameter(
            f"{source!r} is not a data source: use publishers or mirror", param_hint="--from"
        )
    import pandas as pd

    from southsouth.cli.progress import SyncProgress
    from southsouth.sources import resolve_datasets
    from southsouth.sources.baci import baci_release_dataset, parse_release

    names = list(datasets or [])
    extra = []
    if classification and not release:
        release = f"{classification}:{DEFAULT_BACI_VERSION}"
    if "baci" in names or release or years:
        if not (release and years):
            raise typer.BadParameter(
                "BACI needs --classification HS92 (or --release HS92:V202501) and --years "
                "(e.g. 2019-2023)",
                param_hint="--classification/--release/--years",
            )
        parsed = parse_release(release)
        extra.append(
            baci_release_dataset(
                parsed.classification,
                parsed.version,
                parse_year_list(years, DATA_YEARS, option="--years"),
            )
        )
        names = [n for n in names if n != "baci"]
    chosen = (*resolve_datasets(names), *extra) if names or not extra else tuple(extra)
    started = time.perf_counter()
    console = stderr()
    with workspace() as ws, SyncProgress(len(chosen), console) as progress:
        results = ws.sync(
            [d.id for d in chosen if d not in extra],
            extra=extra,
            force=force,
            events=progress,
            progress=progress,
            source=source or "auto",  # type: ignore[arg-type]
        )
        status = ws.datasets()
    elapsed = time.perf_counter() - started
    summary = pd.DataFrame(
        [
            {
                "dataset_id": r.dataset_id,
                "outcome": r.outcome,
                "rows_written": r.rows,
                "seconds": round(r.seconds, 2),
                "issues": len(r.issues),
                "error": r.error.as_dict() if r.error else None,
            }
            for r in results
        ]
    )
    summary = summary.merge(
        status[["dataset_id", "vintage", "licence", "rows", "via"]], on="dataset_id", how="left"
    )
    failed = [r for r in results if r.outcome == "failed"]
    if as_json:
        print_json(records(summary))
    else:
        print_table(
            summary,
            ["dataset_id", "outcome", "rows", "vintage", "licence", "via"],
            title=f"{len(results)} datasets in {elapsed:.1f} s "
            f"({sum(r.outcome == 'loaded' for r in results)} loaded, "
            f"{sum(r.outcome == 'up-to-date' for r in results)} up to date, {len(failed)} failed)",
        )
    for result in failed:
        if result.error is not None:
            print_error(result.error)
    if failed:
        raise typer.Exit(1)


@data_app.command("list")
def list_datasets(
    loaded: Annotated[
        bool,
        typer.Option(
            "--loaded", help="Only the loaded datasets, as the REST API's /datasets lists them."
        ),
    ] = False,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show every dataset: vintage, rows loaded, licence and status."""
    import pandas as pd

    if export is not None or (loaded and as_json):
        print_answer("datasets", everything=not loaded, export=export, as_json=as_json)
        return

    from southsouth.sources import all_datasets

    known = pd.DataFrame(
        [
            {
                "dataset_id": d.id,
                "domain": d.domain,
                "title": d.title,
                "publisher": d.publisher,
                "vintage": d.vintage,
                "licence": d.licence.name,
                "citation": d.citation,
                "files": len(d.resources),
                "mirror_only": d.derived,
            }
            for d in all_datasets()
        ]
    )
    with workspace() as ws:
        try:
            status = ws.datasets()
        except NotSynced:
            status = pd.DataFrame(columns=["dataset_id", "rows", "loaded_at", "via", "issues"])
    # Loaded datasets built on demand (BACI releases) are not in the registry: keep them too.
    extra = status[~status["dataset_id"].isin(known["dataset_id"])]
    extra = extra.reindex(columns=[*known.columns])
    frame = pd.concat([known, extra.dropna(axis=1, how="all")], ignore_index=True)
    frame = frame.merge(
        status[["dataset_id", "rows", "loaded_at", "via", "issues"]], on="dataset_id", how="left"
    )
    frame["status"] = frame["rows"].map(lambda r: "not loaded" if pd.isna(r) else "loaded")
    if loaded:
        frame = frame[frame["status"] == "loaded"]
    if as_json:
        print_json(records(frame))
        return
    print_table(
        frame,
        ["dataset_id", "domain", "vintage", "rows", "licence", "status"],
        title=f"{len(frame)} datasets, {int((frame['status'] == 'loaded').sum())} loaded",
        caption="`southsouth data list --json` adds title, publisher, citation and load details.",
    )


@data_app.command("status")
def status(
    as_of: AsOfOption = None, export: ExportOption = None, as_json: JsonOption = False
) -> None:
    """How current each dataset is: data years, retrieval day, load time, age, stale flag.

    A dataset is stale when its last data year is more than 5 years before the as-of year.
    """
    import pandas as pd

    from southsouth.service.reads import READS

    day = parse_as_of(as_of)
    if as_json or export is not None:
        print_answer("datasets", everything=True, as_of=day, export=export, as_json=as_json)
        return
    read = READS["datasets"]
    with workspace() as ws:
        document = read.run(ws, read.parse(everything=True, as_of=day))
    frame = pd.DataFrame(document["items"])
    frame["loaded"] = frame["loaded_at"].map(lambda v: str(v)[:10] if v else "not loaded")
    frame["flag"] = frame["stale"].map(lambda s: "STALE" if s else "")
    frame["age_years"] = frame["age_years"].astype("Int64")
    stale = int(frame["stale"].sum())
    print_table(
        frame,
        ["dataset_id", "title", "data_years", "retrieved", "loaded", "age_years", "flag"],
        headers=["dataset", "title", "data years", "retrieved", "loaded", "age (years)", ""],
        title=f"{len(frame)} datasets on {document['as_of']}: {stale} stale",
        caption=f"Stale: last data year more than {document['stale_after_years']} years "
        f"before {document['as_of'][:4]}. `--json` adds publisher, licence, citation and vintage.",
    )


@data_app.command("export")
def export(
    package: Annotated[
        Path,
        typer.Option(
            "--package",
            metavar="DIR",
            help="Write a Frictionless Data Package here: datapackage.json and one CSV per "
            "table, validated before it replaces DIR.",
        ),
    ],
    tables: Annotated[
        str | None,
        typer.Option(help="Warehouse tables, comma-separated (default: every table)."),
    ] = None,
    read: Annotated[
        str | None,
        typer.Option(
            "--read",
            help="Package the answer of this declared read instead (e.g. profile, index, "
            "'gaps military'), with its sources.",
        ),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            metavar="KEY=VALUE",
            help="A parameter of --read, e.g. --param country=NGA (repeat for lists).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the contents of a non-empty DIR.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Export the warehouse's tables, or a read's answer, as a Frictionless Data Package.

    Tables carry their Table Schema (types, units, descriptions, primary key) and the
    sources and licences of the datasets whose rows they hold. The package is built beside
    DIR and validated with the frictionless library before it takes DIR's place.
    """
    from southsouth.service.packages import check_target, read_package, warehouse_package

    if read is not None and tables is not None:
        raise typer.BadParameter("give --tables or --read, not both", param_hint="--tables")
    if param and read is None:
        raise typer.BadParameter("--param needs --read", param_hint="--param")
    check_target(package, force=force)
    if read is None:
        names = tables.split(",") if tables is not None else None
        with workspace() as ws:
            result = warehouse_package(ws.warehouse, package, tables=names, force=force)
    else:
        question, params = _read_params(read, param or [])
        with workspace() as ws:
            document = question.run(ws, params)
        result = read_package(
            document,
            package,
            read=question.name,
            parameters=params.model_dump(mode="json"),
            items=question.items,
            force=force,
        )
    if as_json:
        print_json({"path": str(result.path), "rows": dict(result.rows)})
        return
    stderr().print(
        f"wrote a valid data package to {result.path}: "
        + ", ".join(f"{name} ({rows:,} rows)" for name, rows in result.rows.items()),
        highlight=False,
        markup=False,
    )


def _read_params(name: str, pairs: list[str]) -> tuple[Any, Any]:
    """The declared read ``name`` and its parameters from ``KEY=VALUE`` pairs (a key given
    twice, or a list parameter, gathers its values; commas separate list values too)."""
    from southsouth.errors import InputError, close_matches
    from southsouth.service.reads import READS

    question = READS.get(name)
    if question is None:
        near = close_matches(name, READS)
        raise InputError(
            f"no declared read named {name!r}",
            hint=f"did you mean {', '.join(near)}?" if near else f"reads: {', '.join(READS)}",
        )
    given: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        given.setdefault(key.strip().replace("-", "_"), []).append(value.strip())
    fields = question.params.model_fields
    values: dict[str, Any] = {}
    for key, found in given.items():
        annotation = str(fields[key].annotation) if key in fields else ""
        if "tuple[" in annotation or "list[" in annotation:
            values[key] = [part.strip() for v in found for part in v.split(",") if part.strip()]
        else:
            values[key] = found if len(found) > 1 else (found[0] or None)
    return question, question.parse(values)
