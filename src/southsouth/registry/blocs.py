"""Blocs, forums and their time-valid memberships.

Memberships are assembled from three kinds of evidence, in this order of authority:

1. ``data/memberships.csv``: curated rows, each citing a public source. When a (bloc,
   country) pair appears there, those rows replace everything the lists below say.
2. The Correlates of War IGO v3 spells (to 2014) and the CIA World Factbook lists (about
   January 2026). Where both exist they are merged: a COW spell open in 2014 that the
   Factbook confirms stays open; one the Factbook does not confirm ends "by 2026-01-01";
   a Factbook row without a COW spell starts at an unknown date (or at the bloc's founding,
   when every member is a founder, as for CELAC).
3. WHO's Global Health Observatory country → region codes, for the WHO regions.

Pure functions over parsed inputs: no I/O here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

import pandas as pd

COW_STATUS = {1: "member", 2: "associate", 3: "observer"}
COW_LAST_YEAR = 2014
FACTBOOK_DATE = date(2026, 1, 1)
FACTBOOK_CITATION = (
    "CIA World Factbook, International organization participation (about January 2026)"
)
FACTBOOK_URL = "https://github.com/factbook/factbook.json"
COW_CITATION = "Correlates of War IGO v3.0 (Pevehouse et al. 2020), membership to 2014"
COW_URL = "https://correlatesofwar.org/data-sets/igos/"
WHO_CITATION = "WHO Global Health Observatory, country codes and WHO regions"
WHO_URL = "https://www.who.int/data/gho"

FACTBOOK_QUALIFIERS = {
    "": "member",
    "suspended": "suspended",
    "observer": "observer",
    "associate": "associate",
    "associate member": "associate",
    "partner": "partner",
    "dialogue partner": "dialogue-partner",
    "sectoral dialogue partner": "dialogue-partner",
    "dialogue member": "dialogue-partner",
}
FULL_STATUSES = frozenset({"member", "suspended"})
WHO_REGIONS = {
    "AFR": "WHO-AFRO",
    "AMR": "WHO-AMRO",
    "SEAR": "WHO-SEARO",
    "EUR": "WHO-EURO",
    "EMR": "WHO-EMRO",
    "WPR": "WHO-WPRO",
}
#: WHO Member States that are not UN members, and the UN member that is not a WHO member.
WHO_NON_UN_MEMBERS = frozenset({"COK", "NIU"})
UN_NOT_WHO = frozenset({"LIE"})
WHO_OBSERVERS = frozenset({"PSE"})

MEMBERSHIP_COLUMNS = [
    "bloc_id",
    "country_iso3",
    "status",
    "start_date",
    "end_date",
    "start_precision",
    "end_precision",
    "source",
    "source_url",
    "note",
]


@dataclass(frozen=True)
class BlocSpec:
    """One row of ``data/blocs.csv``."""

    bloc_id: str
    name: str
    kind: str
    founded: date | None
    url: str
    cow_ioname: str
    factbook_org: str
    derive: str
    factbook_start: str
    description: str


@dataclass
class BlocInputs:
    """Parsed inputs: COW spells (with ISO3), Factbook rows, WHO region codes, UN members."""

    cow_spells: pd.DataFrame
    factbook: pd.DataFrame
    who_codes: pd.DataFrame
    un_members: frozenset[str]
    known_iso3: frozenset[str]


@dataclass
class BlocTables:
    """The registry tables and what could not be used."""

    blocs: pd.DataFrame
    memberships: pd.DataFrame
    skipped: list[str] = field(default_factory=list)


def _curated(filename: str) -> list[dict[str, str]]:
    text = resources.files("southsouth.registry.data").joinpath(filename).read_text("utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def bloc_specs() -> tuple[BlocSpec, ...]:
    """The blocs the registry tracks (``data/blocs.csv``)."""
    return tuple(
        BlocSpec(
            bloc_id=r["bloc_id"],
            name=r["name"],
            kind=r["kind"],
            founded=_date(r["founded"]),
            url=r["url"],
            cow_ioname=r["cow_ioname"],
            factbook_org=r["factbook_org"],
            derive=r["derive"],
            factbook_start=r["factbook_start"],
            description=r["description"],
        )
        for r in _curated("blocs.csv")
    )


def curated_memberships() -> pd.DataFrame:
    """The curated rows of ``data/memberships.csv``, typed."""
    rows = _curated("memberships.csv")
    frame = pd.DataFrame(rows, columns=["bloc_id", "iso3", *MEMBERSHIP_COLUMNS[2:]])
    frame = frame.rename(columns={"iso3": "country_iso3"})
    for col in ("start_date", "end_date"):
        frame[col] = [_date(v) for v in frame[col]]
    for col in ("end_precision", "source_url", "note"):
        frame[col] = frame[col].replace("", None)
    return frame


def build_bloc_tables(inputs: BlocInputs) -> BlocTables:
    """Blocs and membership spells for every bloc in ``data/blocs.csv``."""
    specs = bloc_specs()
    curated = curated_memberships()
    unknown = sorted(set(curated["bloc_id"]) - {s.bloc_id for s in specs})
    if unknown:
        raise ValueError(f"memberships.csv names blocs not in blocs.csv: {unknown}")
    skipped: list[str] = []
    parts = [curated]
    for spec in specs:
        covered = set(curated.loc[curated["bloc_id"] == spec.bloc_id, "country_iso3"])
        if spec.derive == "cow+factbook":
            rows = _cow_factbook(spec, inputs, skipped)
        elif spec.derive == "factbook":
            rows = _factbook_only(spec, inputs, skipped)
        elif spec.derive == "who":
            rows = _who_region(spec, inputs, skipped)
        else:
            rows = []
        parts.append(
            pd.DataFrame(
                [r for r in rows if r["country_iso3"] not in covered], columns=MEMBERSHIP_COLUMNS
            )
        )
    memberships = pd.concat(parts, ignore_index=True)[MEMBERSHIP_COLUMNS]
    stray = sorted(set(memberships["country_iso3"]) - inputs.known_iso3)
    if stray:
        skipped.append(f"memberships for codes not in the country registry: {', '.join(stray)}")
        memberships = memberships[memberships["country_iso3"].isin(inputs.known_iso3)]
    blocs = pd.DataFrame(
        [
            {
                "bloc_id": s.bloc_id,
                "name": s.name,
                "kind": s.kind,
                "founded": s.founded,
                "description": s.description,
                "url": s.url or None,
            }
            for s in specs
        ]
    )
    return BlocTables(blocs, memberships.reset_index(drop=True), skipped)


def _factbook_status(spec: BlocSpec, inputs: BlocInputs, skipped: list[str]) -> dict[str, str]:
    rows = inputs.factbook[inputs.factbook["org"] == spec.factbook_org]
    statuses: dict[str, str] = {}
    for iso3, qualifier, raw in zip(rows["iso3"], rows["qualifier"], rows["raw"], strict=True):
        status = FACTBOOK_QUALIFIERS.get(qualifier.strip().lower())
        if not iso3 or status is None:
            skipped.append(f"{spec.bloc_id}: Factbook entry {raw!r} ({iso3 or 'no country'})")
            continue
        statuses[iso3] = status
    return statuses


def _row(spec: BlocSpec, iso3: str, status: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "bloc_id": spec.bloc_id,
        "country_iso3": iso3,
        "status": status,
        "start_date": None,
        "end_date": None,
        "start_precision": "unknown",
        "end_precision": None,
        "source": FACTBOOK_CITATION,
        "source_url": FACTBOOK_URL,
        "note": None,
    }
    row.update(values)
    return row


def _factbook_start(spec: BlocSpec) -> dict[str, object]:
    if spec.factbook_start == "founded" and spec.founded is not None:
        return {"start_date": spec.founded, "start_precision": "day", "note": "founding member"}
    return {"note": "listed by the CIA Factbook (Jan 2026); start date not recorded"}


def _factbook_only(spec: BlocSpec, inputs: BlocInputs, skipped: list[str]) -> list[dict]:
    return [
        _row(spec, iso3, status, **_factbook_start(spec))
        for iso3, status in sorted(_factbook_status(spec, inputs, skipped).items())
    ]


def _cow_factbook(spec: BlocSpec, inputs: BlocInputs, skipped: list[str]) -> list[dict]:
    factbook = _factbook_status(spec, inputs, skipped)
    spells = inputs.cow_spells[inputs.cow_spells["ioname"] == spec.cow_ioname]
    unmapped = spells[spells["iso3"].isna()]
    for abb, start, end in (
        unmapped[["stateabb", "start_year", "end_year"]].drop_duplicates().values
    ):
        skipped.append(f"{spec.bloc_id}: COW state {abb} {start}-{end} has no ISO3 successor")
    rows: list[dict] = []
    open_at_end: dict[str, str] = {}
    for spell in spells[spells["iso3"].notna()].itertuples(index=False):
        status = COW_STATUS[int(spell.status)]
        start_year, end_year = int(spell.start_year), int(spell.end_year)
        if spec.founded is not None and start_year <= spec.founded.year:
            start, start_precision = spec.founded, "day"
        else:
            start, start_precision = date(start_year, 1, 1), "year"
        values: dict[str, object] = {
            "start_date": start,
            "start_precision": start_precision,
            "source": COW_CITATION,
            "source_url": COW_URL,
        }
        if end_year < COW_LAST_YEAR:
            values.update(end_date=date(end_year + 1, 1, 1), end_precision="year")
        elif factbook.get(spell.iso3) == status:
            values["note"] = "confirmed by the CIA Factbook (Jan 2026)"
            open_at_end[spell.iso3] = status
        else:
            values.update(
                end_date=FACTBOOK_DATE,
                end_precision="by",
                note=f"COW shows {status} in 2014; the CIA Factbook (Jan 2026) "
                + (f"shows {factbook[spell.iso3]}" if spell.iso3 in factbook else "omits it")
                + "; the change date is not recorded",
            )
        rows.append(_row(spec, spell.iso3, status, **values))
    for iso3, status in sorted(factbook.items()):
        if open_at_end.get(iso3) == status:
            continue
        had_cow = any(r["country_iso3"] == iso3 for r in rows)
        if had_cow:
            rows.append(
                _row(
                    spec,
                    iso3,
                    status,
                    start_date=FACTBOOK_DATE,
                    start_precision="by",
                    note="status as listed by the CIA Factbook (Jan 2026); "
                    "change date not recorded",
                )
            )
        else:
            rows.append(_row(spec, iso3, status, **_factbook_start(spec)))
    return rows


def _who_region(spec: BlocSpec, inputs: BlocInputs, skipped: list[str]) -> list[dict]:
    code = next(k for k, v in WHO_REGIONS.items() if v == spec.bloc_id)
    rows = inputs.who_codes[inputs.who_codes["ParentCode"] == code]
    out = []
    areas = []
    for iso3 in sorted(rows["Code"]):
        if iso3 in WHO_OBSERVERS:
            status = "observer"
        elif (iso3 in inputs.un_members and iso3 not in UN_NOT_WHO) or iso3 in WHO_NON_UN_MEMBERS:
            status = "member"
        else:
            areas.append(iso3)
            continue
        out.append(
            _row(
                spec,
                iso3,
                status,
                source=WHO_CITATION,
                source_url=WHO_URL,
                note="WHO Member State" if status == "member" else "WHO observer",
            )
        )
    if areas:
        skipped.append(f"{spec.bloc_id}: areas that are not WHO Member States: {', '.join(areas)}")
    return out


def active_on(
    memberships: pd.DataFrame, on: date, statuses: Iterable[str] | None = None
) -> pd.DataFrame:
    """Rows of ``memberships`` in force on ``on`` (start ≤ on < end), optionally by status."""
    start = pd.to_datetime(memberships["start_date"])
    end = pd.to_datetime(memberships["end_date"])
    day = pd.Timestamp(on)
    mask = (start.isna() | (start <= day)) & (end.isna() | (end > day))
    if statuses is not None:
        mask &= memberships["status"].isin(list(statuses))
    return memberships[mask]
