"""Reading tabular files with errors that name the file, the line and the problem."""

from __future__ import annotations

import csv
import json
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from southsouth.errors import ParseError

_LINE = re.compile(r"line (\d+)")


def read_csv(path: Path, *, columns: Iterable[str] = (), **kwargs: Any) -> pd.DataFrame:
    """``pandas.read_csv`` that raises ParseError (file, line) and checks ``columns`` exist.

    A row with more fields than the header is an error (pandas would otherwise silently
    turn the first column into an index and shift every value).
    """
    kwargs.setdefault("index_col", False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(path, **kwargs)
    except pd.errors.ParserWarning as exc:
        raise ParseError(
            str(path),
            "a row has more fields than the header",
            line=_first_ragged_line(path, kwargs),
            hint="the file is damaged; delete it from the cache and sync again",
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise ParseError(str(path), "the file is empty") from exc
    except pd.errors.ParserError as exc:
        match = _LINE.search(str(exc))
        raise ParseError(
            str(path),
            str(exc).split("\n")[0],
            line=int(match.group(1)) if match else None,
            hint="the file is damaged; delete it from the cache and sync again",
        ) from exc
    except UnicodeDecodeError as exc:
        raise ParseError(
            str(path), f"not valid {kwargs.get('encoding', 'UTF-8')} text ({exc.reason})"
        ) from exc
    except ValueError as exc:
        raise ParseError(str(path), str(exc)) from exc
    require_columns(frame, columns, path)
    return frame


def _first_ragged_line(path: Path, kwargs: dict[str, Any]) -> int | None:
    """1-based line number of the first row whose field count differs from the first row's."""
    encoding = kwargs.get("encoding") or "utf-8"
    delimiter = kwargs.get("sep") or kwargs.get("delimiter") or ","
    try:
        with path.open(newline="", encoding=encoding, errors="replace") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            width = None
            for row in reader:
                if width is None:
                    width = len(row)
                elif row and len(row) != width:
                    return reader.line_num
    except (OSError, csv.Error):
        return None
    return None


def require_columns(frame: pd.DataFrame, columns: Iterable[str], path: Path) -> None:
    """Raise ParseError naming the columns ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParseError(
            str(path),
            f"missing columns {missing}; found {list(frame.columns)[:12]}",
            hint="the publisher changed the file layout, or this is not the right file",
        )


def read_json(path: Path) -> Any:
    """Parse a JSON file, raising ParseError with the line of the first error."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ParseError(str(path), exc.msg, line=exc.lineno) from exc
    except UnicodeDecodeError as exc:
        raise ParseError(str(path), f"not valid UTF-8 text ({exc.reason})") from exc


def check_numeric(
    frame: pd.DataFrame, column: str, path: Path, *, header_lines: int = 1
) -> pd.Series:
    """Column as float; a non-numeric cell raises ParseError naming its line."""
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna() & (frame[column].astype(str).str.strip() != "")
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise ParseError(
            str(path),
            f"column {column!r} holds {frame[column].iloc[first]!r}, not a number",
            line=first + header_lines + 1,
        )
    return values
