"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from southsouth.periods import MEMBERSHIP_YEARS, YearRange, check_date, check_year

if TYPE_CHECKING:
    import pandas as pd

    from southsouth.workspace import Workspace


def within(years: YearRange) -> Callable[[typer.CallbackParam, int | None], int | None]:
    """An option callback that refuses a year outside ``years`` before the command runs."""

    def check(param: typer.CallbackParam, value: int | None) -> int | None:
        option = max(param.opts, key=len) if param.opts else str(param.name)
        return check_year(value, years, option=option)

    return check


JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help=f"Membership on 31 December of this year ({MEMBERSHIP_YEARS}).",
        callback=within(MEMBERSHIP_YEARS),
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help=f"Membership on this day, YYYY-MM-DD ({MEMBERSHIP_YEARS})."),
]


def export_suffix(param: typer.CallbackParam, value: Path | None) -> Path | None:
    """An option callback that refuses an export file not ending in .csv or .xlsx, before
    the command does any work."""
    if value is not None and value.suffix.lower() not in (".csv", ".xlsx"):
        raise typer.BadParameter(
            f"{value.name!r} must end in .csv or .xlsx (an .xlsx workbook has a sources sheet)"
        )
    return value


ExportOption = Annotated[
    Path | None,
    typer.Option(
        "--export",
        metavar="FILE",
        help="Write the rows with the source, licence and data years of each to FILE: "
        ".csv, or .xlsx (sheets data, sources and about); nothing is printed.",
        callback=export_suffix,
    ),
]


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Count data ages to this day, YYYY-MM-DD (default: SOUTHSOUTH_AS_OF, else today).",
    ),
]


def parse_as_of(text: str | None) -> date | None:
    """``--as-of YYYY-MM-DD`` → date, or a usage error saying what a date looks like."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2026-12-07", param_hint="--as-of"
        ) from None


def source_ages(ws: Workspace, named: Iterable[object]) -> list[dict[str, Any]]:
    """The sources block (data years, age, stale flag) for a footer, of the datasets
    ``named``: ids, or combined values such as ``"a + b"`` that name several."""
    from southsouth.service.documents import source_ids, sources

    return sources(ws, {part for value in named for part in source_ids(value)})


def workspace() -> Workspace:
    """The workspace named by SOUTHSOUTH_* settings, read-only (a sync builds its new
    warehouse beside the one it reads); pandas, DuckDB and the settings load here."""
    from southsouth.workspace import open_workspace

    return open_workspace(read_only=True)


def parse_date(
    text: str | None, years: YearRange = MEMBERSHIP_YEARS, *, option: str = "--date"
) -> date | None:
    """``YYYY-MM-DD`` → date whose year is in ``years``, or a usage error naming the option."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2025-01-29", param_hint=option
        ) from None
    return check_date(day, years, option=option)


def print_answer(
    read: str,
    *,
    framework: Path | None = None,
    export: Path | None = None,
    as_json: bool = True,
    **values: Any,
) -> dict[str, Any]:
    """Print the document of the declared read ``read`` for ``values`` as JSON: the very
    document the REST API serves and ``ws.ask`` returns (``framework``: a TOML file in
    place of the shipped framework); with ``export``, write its rows and their sources
    there too (see :func:`write_rows`), and print the JSON only when ``as_json``; returns
    the document."""
    from southsouth.cli.output import print_json
    from southsouth.service.reads import READS

    question = READS[read]
    params = question.parse(values)
    with workspace() as ws:
        if framework is not None:
            from southsouth.indicators.framework import load_framework

            ws.framework = load_framework(framework)
        document = question.run(ws, params)
    if export is not None:
        from southsouth.service.exports import table_of

        asked = params.model_dump(mode="json")
        write_rows(export, table_of(document, read=read, parameters=asked, items=question.items))
    if as_json:
        print_json(document)
    return document


def write_rows(path: Path, table: Any, fmt: str | None = None) -> None:
    """Write an export table (:class:`southsouth.service.exports.ExportTable`) to ``path``
    atomically, as CSV or XLSX by its suffix (or ``fmt``), and say so on standard error."""
    from southsouth.cli.output import stderr
    from southsouth.service.exports import write_export

    size = write_export(path, table, fmt)  # type: ignore[arg-type]
    stderr().print(
        f"wrote {len(table.rows)} rows and {len(table.sources)} sources to {path} ({size:,} bytes)",
        highlight=False,
        markup=False,
    )


def write_csv(
    frame: pd.DataFrame, path: Path | None, ages: list[dict[str, Any]], read: str
) -> None:
    """``--csv FILE``: every row of ``frame`` as CSV with the source columns of an export
    (``ages``: the sources block of the rows), when a file is given."""
    if path is not None:
        from southsouth.cli.output import records
        from southsouth.service.exports import ExportTable

        write_rows(path, ExportTable(records(frame), ages, read), "csv")
