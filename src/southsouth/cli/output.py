"""Formatting results for the terminal: Rich tables for people, JSON for programs."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    import pandas as pd

    from southsouth.errors import SouthsouthError

WIDE = 160


def stdout() -> Console:
    """Console for results (wide when writing to a file or pipe); ``:name:`` stays text."""
    console = Console(soft_wrap=False, emoji=False)
    if not console.is_terminal:
        console = Console(soft_wrap=False, width=WIDE, emoji=False)
    return console


def stderr() -> Console:
    """Console for progress, notes and errors; long lines are not broken, ``:name:`` stays
    text."""
    return Console(stderr=True, soft_wrap=True, emoji=False)


def print_json(data: Any) -> None:
    """Write ``data`` as JSON to standard output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-ready dicts (:func:`southsouth.jsonable.records`, loaded on use)."""
    from southsouth.jsonable import records as plain_records

    return plain_records(frame)


def print_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    title: str = "",
    caption: str = "",
    headers: Sequence[str] | None = None,
) -> None:
    """Show ``columns`` of ``frame`` as a Rich table."""
    table = Table(title=title or None, caption=caption or None, caption_justify="left")
    for header in headers or columns:
        table.add_column(header)
    for row in records(frame[list(columns)]):
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    stdout().print(table)


def print_error(error: SouthsouthError) -> None:
    """``error[code]: message`` and the fix, on standard error."""
    console = stderr()
    console.print(
        Text.assemble((f"error[{error.code}]", "bold red"), f": {error.message}"), highlight=False
    )
    if error.hint:
        console.print(Text.assemble(("  fix: ", "dim"), error.hint), highlight=False)


def data_age_line(entry: Mapping[str, Any]) -> str:
    """One source of a footer: its name, data years and age, flagged when stale."""
    name = entry.get("title") or entry.get("source_id")
    years = entry.get("data_years")
    if years is None:
        return f"{name}: data year not recorded"
    first, last = entry.get("first_data_year"), entry.get("data_year")
    what = "data years" if first is not None and first != last else "data year"
    line = f"{name}: {what} {years}, {entry.get('age_years')} years before {entry.get('as_of')}"
    if entry.get("stale"):
        from southsouth.provenance import STALE_AFTER_YEARS

        line += f" — STALE (older than {STALE_AFTER_YEARS} years)"
    return line


def print_data_age(sources: Sequence[Mapping[str, Any]]) -> None:
    """The footer of a command: the data years and age of each source behind its figures."""
    console = stdout()
    for entry in sources:
        console.print(f"Data: {data_age_line(entry)}", highlight=False, markup=False)
