"""Read-only queries over local files, for parsers that check files too big for pandas.

A parser that hands the warehouse a :class:`~southsouth.warehouse.store.SqlInsert` (BACI's
yearly files hold ~11 million rows) first checks and summarises the same file here, in a
private in-memory DuckDB, so a damaged file fails in the parser with a ``ParseError`` naming
the file and line, before the warehouse is touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from southsouth.errors import ParseError

_LINE = re.compile(r"CSV Error on Line: (\d+)")


def scan_file(
    path: Path, sql: str, params: Sequence[object] | Mapping[str, object] = ()
) -> pd.DataFrame:
    """Run ``sql`` (a SELECT reading ``path``; ``?`` or ``$name`` parameters) and return it.

    Any DuckDB error becomes a ParseError naming ``path`` and, when DuckDB reports it, the
    line and its text.
    """
    con = duckdb.connect(":memory:")
    try:
        bound = dict(params) if isinstance(params, Mapping) else list(params)
        return con.execute(sql, bound).df()
    except duckdb.Error as exc:
        raise scan_error(path, exc) from exc
    finally:
        con.close()


def scan_error(path: Path, exc: duckdb.Error) -> ParseError:
    """A ParseError for ``path`` from a DuckDB error (its kind, problem, line and row)."""
    lines = [part.strip() for part in str(exc).splitlines() if part.strip()]
    first = lines[0] if lines else type(exc).__name__
    line = _LINE.search(first)
    reason = first
    if line is not None:
        kind = first[: line.start()].rstrip(": ")
        rest = lines[1:]
        row = ""
        if rest and rest[0].startswith("Original Line:"):
            row = rest.pop(0).removeprefix("Original Line:").strip()
            if not row and rest:  # DuckDB puts a CRLF row on the next line
                row = rest.pop(0)
        problem = next((x for x in rest if not x.startswith(("Possible", "*"))), "")
        reason = f"{kind}: {problem}" if problem else kind
        if row:
            reason += f" (row: {row[:120]})"
    return ParseError(
        str(path),
        reason,
        line=int(line.group(1)) if line else None,
        hint="the file is damaged or not in the expected layout; delete it from the cache "
        "and sync again",
    )
