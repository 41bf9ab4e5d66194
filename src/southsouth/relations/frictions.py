"""Current frictions the relation datasets end too early to show, each with a public source.

The relation datasets stop years ago (strategic rivalries 2020, militarised disputes 2010,
UCDP interstate conflict 2024), so they cannot show, for instance, the strain between India
and Bangladesh since August 2024. ``data/frictions.csv`` lists such episodes by hand: one row
per episode and pair, a level (1 protest or recall of envoys; 2 sustained rupture or punitive
measures; 3 armed clashes or a formal accusation of armed aggression), since / until dates
and the publisher, title, date and URL of a public report. The file header states the scale.

Rows describe the situation as of their source's date, not today; outputs say so.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pandas as pd

from southsouth.errors import ParseError

COLUMNS = (
    "country_a",
    "country_b",
    "level",
    "since",
    "until",
    "summary",
    "publisher",
    "title",
    "date",
    "url",
)
REQUIRED = ("country_a", "country_b", "level", "since", "summary", "publisher", "title", "date")
LEVELS = {1: "protest or recall of envoys", 2: "rupture or punitive measures", 3: "armed clashes"}
MAX_LEVEL = max(LEVELS)
FILE = "frictions.csv"
ISO3 = re.compile(r"^[A-Z]{3}$")
CAVEAT = (
    "Curated frictions (southsouth data/frictions.csv) describe each episode as of its "
    "source's date; check for later developments before citing."
)


def _day(text: str) -> date:
    """A date from YYYY-MM-DD, or the first day of YYYY-MM."""
    return date.fromisoformat(text if len(text) > 7 else f"{text}-01")


def parse_frictions(text: str, *, origin: str = FILE) -> pd.DataFrame:
    """Validate the frictions CSV ``text``: one row per episode, a source for every row.

    Raises ParseError naming the line for a missing field, an unknown code, a level outside
    1–3, a bad date, until before since, a pair not in alphabetical order or a URL that is
    not https.
    """
    lines = text.splitlines()
    body = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    if not body:
        raise ParseError(origin, "no header row")
    header_line = body[0][0]
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in body)))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(origin, f"missing columns {missing}", line=header_line)
    rows = []
    for (line, _), raw in zip(body[1:], reader, strict=True):
        row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        empty = [c for c in REQUIRED if not row[c]]
        if empty:
            raise ParseError(origin, f"empty {', '.join(empty)}", line=line)
        a, b = row["country_a"], row["country_b"]
        if not (ISO3.match(a) and ISO3.match(b)) or a >= b:
            raise ParseError(
                origin,
                f"pair {a}–{b}: give two ISO3 codes in alphabetical order",
                line=line,
            )
        if row["level"] not in {str(level) for level in LEVELS}:
            raise ParseError(origin, f"level {row['level']!r} is not 1, 2 or 3", line=line)
        try:
            since, reported = _day(row["since"]), date.fromisoformat(row["date"])
            until = _day(row["until"]) if row["until"] else None
        except ValueError as exc:
            raise ParseError(origin, f"bad date: {exc}", line=line) from exc
        if until is not None and until < since:
            raise ParseError(origin, f"until {until} is before since {since}", line=line)
        if not row["url"].startswith("https://"):
            raise ParseError(origin, f"url {row['url']!r} is not an https address", line=line)
        rows.append(
            {
                **row,
                "level": int(row["level"]),
                "since": since,
                "until": until,
                "date": reported,
                "line": line,
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, "line"])


def load_frictions(path: Path | None = None) -> pd.DataFrame:
    """The curated frictions (``path``, or the file shipped with southsouth), validated."""
    if path is None:
        text = resources.files("southsouth.relations.data").joinpath(FILE).read_text("utf-8")
        return parse_frictions(text)
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ParseError(str(path), exc.strerror or "cannot read the file") from exc
    return parse_frictions(content, origin=str(path))


def in_effect(frictions: pd.DataFrame, on: date, *, years: int = 3) -> pd.DataFrame:
    """Rows begun by ``on`` that are ongoing or ended within ``years`` years before it."""
    if frictions.empty:
        return frictions
    horizon = on - timedelta(days=round(365.25 * years))
    until = frictions["until"]
    recent = until.isna() | until.map(lambda d: d is not None and d >= horizon)
    started = frictions["since"].map(lambda d: d <= on)
    return frictions[recent & started].reset_index(drop=True)


def unknown_codes(frictions: pd.DataFrame, known: set[str]) -> list[str]:
    """Codes in ``frictions`` that are not in ``known`` (the registry's ISO3 codes)."""
    codes = set(frictions["country_a"]) | set(frictions["country_b"])
    return sorted(codes - known)
