"""Where a number came from and how old it is: origin records, file checksums, sidecars and
data ages.

Every downloaded file sits next to a ``<file>.origin.json`` sidecar that records what it
is (dataset, publisher, licence, citation, vintage), where it was fetched from, when, and
its sha256 and size. The warehouse copies the origin of every dataset it loads, so any
number can be traced back to a file and a licence.

A dataset's *data years* are the first and last year its rows describe (recorded at load
time, see :mod:`southsouth.warehouse.store`). Its *age* is the as-of year minus its last data
year; it is *stale* when that is more than :data:`STALE_AFTER_YEARS`. The as-of date is today
unless SOUTHSOUTH_AS_OF (or a command's ``--as-of``) names another day.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from southsouth.atomic import atomic_write_text

SIDECAR_SUFFIX = ".origin.json"


@dataclass(frozen=True)
class Licence:
    """The terms under which a dataset may be used."""

    name: str
    url: str = ""
    terms: str = ""


@dataclass(frozen=True)
class Origin:
    """Provenance of one fetched file."""

    dataset_id: str
    resource: str
    title: str
    publisher: str
    licence: Licence
    citation: str
    vintage: str
    url: str
    via: str
    retrieved_at: str
    sha256: str
    bytes: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        """Serialise for a sidecar file."""
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Origin:
        """Inverse of :meth:`to_json`."""
        raw = json.loads(text)
        raw["licence"] = Licence(**raw["licence"])
        raw["notes"] = tuple(raw.get("notes", ()))
        return cls(**raw)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def sidecar_path(path: Path) -> Path:
    """The sidecar that describes ``path``."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def write_sidecar(path: Path, origin: Origin) -> None:
    """Record ``origin`` next to ``path`` (atomically)."""
    atomic_write_text(sidecar_path(path), origin.to_json())


def read_sidecar(path: Path) -> Origin | None:
    """The origin recorded for ``path``, or None when there is no readable sidecar."""
    side = sidecar_path(path)
    try:
        return Origin.from_json(side.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def verified_origin(path: Path) -> Origin | None:
    """The sidecar's origin if ``path`` exists and still has the recorded size and sha256."""
    origin = read_sidecar(path)
    if origin is None or not path.is_file():
        return None
    if path.stat().st_size != origin.bytes or sha256_file(path) != origin.sha256:
        return None
    return origin


#: A dataset whose last data year is more than this many years before the as-of year is stale.
STALE_AFTER_YEARS = 5


@dataclass(frozen=True)
class DataAge:
    """A dataset's first and last data year seen from ``as_of``."""

    first_year: int | None
    last_year: int | None
    as_of: date

    @property
    def age_years(self) -> int | None:
        """Years from the last data year to the as-of year (None when unknown)."""
        return None if self.last_year is None else self.as_of.year - self.last_year

    @property
    def stale(self) -> bool:
        """Whether the last data year is more than STALE_AFTER_YEARS before the as-of year."""
        age = self.age_years
        return age is not None and age > STALE_AFTER_YEARS

    @property
    def label(self) -> str | None:
        """``2019–2023``, ``2020``, or None when the data years are unknown."""
        if self.last_year is None:
            return None
        if self.first_year is None or self.first_year == self.last_year:
            return str(self.last_year)
        return f"{self.first_year}–{self.last_year}"

    def fields(self) -> dict[str, Any]:
        """The fields a sources entry or a status row carries."""
        return {
            "data_year": self.last_year,
            "first_data_year": self.first_year,
            "data_years": self.label,
            "age_years": self.age_years,
            "stale": self.stale,
            "as_of": self.as_of.isoformat(),
        }


def age_of(first_year: Any, last_year: Any, as_of: date) -> DataAge:
    """A :class:`DataAge` from stored values (missing values, NaN and NA are unknown)."""
    return DataAge(stored_year(first_year), stored_year(last_year), as_of)


def stored_year(value: Any) -> int | None:
    """A year read from a table as ``int`` (None for missing values, NaN and NA)."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if year == value else None


def as_of_date(value: date | None = None) -> date:
    """``value``, or today."""
    return value or date.today()


def stale_note(entry: Mapping[str, Any]) -> str | None:
    """The sentence a document's notes carry for a stale sources entry, e.g. "GCI 2020 scores:
    data year 2020, 6 years before 2026-12-07 (older than 5 years)"; None when not stale."""
    if not entry.get("stale"):
        return None
    name = entry.get("title") or entry.get("source_id")
    years = entry.get("data_years") or entry.get("data_year")
    first, last = entry.get("first_data_year"), entry.get("data_year")
    span = (
        f"data years {years}, the last"
        if first is not None and first != last
        else f"data year {years},"
    )
    return (
        f"{name}: {span} {entry.get('age_years')} years before {entry.get('as_of')} "
        f"(older than {STALE_AFTER_YEARS} years)"
    )


def data_label(data_years: str | None, age_years: int | None, stale: bool) -> str | None:
    """``data 2019–2023`` for a caption, ``data 2014, 12 years old: stale`` when stale, None
    when the data years are unknown."""
    if not data_years:
        return None
    return f"data {data_years}, {age_years} years old: stale" if stale else f"data {data_years}"
