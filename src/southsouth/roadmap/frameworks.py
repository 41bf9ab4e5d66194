"""Existing regional frameworks an initiative extends: free-trade areas, single markets, agencies.

``data/frameworks.csv`` lists, with a cited source per row, the frameworks of a bloc and the
subjects they cover (the AU's AfCFTA for trade, its SAATM for aviation; the ASEAN Economic
Community …). An initiative extends the frameworks of the blocs that hold all its participants
for its subject.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from southsouth.errors import InputError
from southsouth.roadmap.calendar import data_rows, parse_subjects

FILE = "frameworks.csv"
COLUMNS = ("bloc_id", "subjects", "name", "source", "source_url")


@dataclass(frozen=True)
class RegionalFramework:
    """A bloc's framework, the subjects it covers and the source that states it."""

    bloc_id: str
    subjects: tuple[str, ...]
    name: str
    source: str
    source_url: str


def _row(row: dict[str, str], line: int) -> RegionalFramework:
    where = f"{FILE} line {line}"
    subjects = parse_subjects(row["subjects"], where, empty="every framework needs a subject")
    fix = "fix the data file"
    if not row["bloc_id"] or not row["name"]:
        raise InputError(f"{where}: every framework needs a bloc and a name", hint=fix)
    if not row["source"] or not row["source_url"]:
        raise InputError(f"{where}: every framework needs a source", hint=fix)
    return RegionalFramework(
        row["bloc_id"], subjects, row["name"], row["source"], row["source_url"]
    )


def parse_frameworks(text: str) -> tuple[RegionalFramework, ...]:
    """The frameworks of a frameworks file's text, in file order; raises on a malformed row."""
    return tuple(_row(row, number) for number, row in data_rows(FILE, text, COLUMNS))


@cache
def load_frameworks() -> tuple[RegionalFramework, ...]:
    """Every framework of the data file, in file order (read once)."""
    text = resources.files("southsouth.roadmap.data").joinpath(FILE).read_text("utf-8")
    return parse_frameworks(text)


def frameworks_for(bloc_ids: Iterable[str], subject: str) -> tuple[str, ...]:
    """Names of the frameworks of ``bloc_ids`` (in that order) that cover ``subject``."""
    frameworks = load_frameworks()
    names: list[str] = []
    for bloc in bloc_ids:
        names += [
            f.name
            for f in frameworks
            if f.bloc_id == bloc and subject in f.subjects and f.name not in names
        ]
    return tuple(names)
