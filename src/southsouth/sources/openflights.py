"""OpenFlights airports, airlines and routes (routes as of June 2014)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import ODBL, github_raw
from southsouth.tabular import check_numeric, read_csv

REPO = "jpatokal/openflights"
#: Repository HEAD (2025-04-29) at which the mirror copied every file of ``data/``.
COMMIT = "5a0360255a5a2ff2b9f1e9cb199716da68a8a33f"

AIRPORT_COLUMNS = (
    "airport_id",
    "name",
    "city",
    "country",
    "iata",
    "icao",
    "lat",
    "lon",
    "altitude_ft",
    "utc_offset",
    "dst",
    "timezone",
    "type",
    "source",
)
AIRLINE_COLUMNS = ("airline_id", "name", "alias", "iata", "icao", "callsign", "country", "active")
ROUTE_COLUMNS = (
    "airline",
    "airline_id",
    "source_airport",
    "source_airport_id",
    "dest_airport",
    "dest_airport_id",
    "codeshare",
    "stops",
    "equipment",
)
COUNTRY_COLUMNS = ("name", "iso_code", "dafif_code")

#: Country names in airports.dat / airlines.dat that countries.dat lacks, mapped by hand.
NAMES = {
    # OpenFlights (after DAFIF) means the US Virgin Islands: STT, STX and the St. Thomas
    # seaplane base; the British ones are "British Virgin Islands". The crosswalk would say VGB.
    "Virgin Islands": "VIR",
    # United States Minor Outlying Islands (ISO 3166 UM) each have their own name here.
    "Johnston Atoll": "UMI",
    "Midway Islands": "UMI",
    "Wake Island": "UMI",
    # Spellings in airlines.dat.
    "Somali Republic": "SOM",
    "Netherland": "NLD",
    "Canadian Territories": "CAN",
}

#: The Netherlands Antilles (dissolved 2010) has no ISO3 code; its five airports lie in
#: territories that do. Keyed by ICAO code.
ANTILLES_AIRPORTS = {
    "TNCB": "BES",  # Flamingo, Bonaire
    "TNCC": "CUW",  # Hato, Curaçao
    "TNCE": "BES",  # F. D. Roosevelt, Sint Eustatius
    "TNCM": "SXM",  # Princess Juliana, Sint Maarten
    "TNCS": "BES",  # Juancho E. Yrausquin, Saba
}

#: Airline codes that mean "none" in airlines.dat.
NO_CODE = frozenset({"", "-", "N/A"})


def _read_dat(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> pd.DataFrame:
    """A header-less OpenFlights file as text, ``\\N`` as null; ParseError on a broken line."""
    frame = read_csv(
        path,
        header=None,
        dtype=str,
        na_values=[r"\N"],
        keep_default_na=False,
        encoding="utf-8",
        on_bad_lines="error",
    )
    if frame.shape[1] != len(columns):
        # pandas only rejects a line longer than the first one; a long first line sets the width.
        extra = frame.iloc[:, len(columns) :].notna().any(axis=1).to_numpy().nonzero()[0]
        raise ParseError(
            str(path),
            f"lines have {frame.shape[1]} fields, expected {len(columns)}",
            line=int(extra[0]) + 1 if len(extra) else None,
            hint="the file is damaged or not this OpenFlights file",
        )
    frame.columns = list(columns)
    for column in required:
        blank = frame[column].isna() | (frame[column].str.strip() == "")
        if blank.any():
            raise ParseError(
                str(path),
                f"{column!r} is empty (the line is truncated or lacks a required value)",
                line=int(blank.to_numpy().nonzero()[0][0]) + 1,
                hint="the file is damaged; delete it from the cache and sync again",
            )
    return frame


def _integers(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Column as nullable integers; a non-integer cell raises ParseError naming its line."""
    values = check_numeric(frame, column, path, header_lines=0)
    fractional = values.notna() & (values % 1 != 0)
    if fractional.any():
        first = int(fractional.to_numpy().nonzero()[0][0])
        raise ParseError(
            str(path),
            f"column {column!r} holds {frame[column].iloc[first]!r}, not an integer",
            line=first + 1,
        )
    return values.astype("Int64")


def _floats(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Column as floats exactly as written (round-trip), ParseError naming a non-number's line."""
    check_numeric(frame, column, path, header_lines=0)
    return frame[column].map(lambda text: float(text) if isinstance(text, str) else None)


def _blank_to_none(series: pd.Series, blanks: frozenset[str] = frozenset({""})) -> pd.Series:
    return series.where(series.notna() & ~series.fillna("").str.strip().isin(blanks), None)


def _country_lookup(countries: pd.DataFrame, inp: ParseInput) -> dict[str, str]:
    """countries.dat name → ISO3 through its ISO alpha-2 code (names without one are left out)."""
    walk = inp.crosswalk
    lookup: dict[str, str] = {}
    for name, iso2 in zip(countries["name"], countries["iso_code"], strict=True):
        if pd.isna(name) or pd.isna(iso2) or not iso2.strip() or name in lookup:
            continue
        iso3 = walk.from_code("iso2", iso2.strip())
        if iso3 is not None:
            lookup[name] = iso3
    return lookup


def _countries_to_iso3(
    names: pd.Series,
    lookup: Mapping[str, str],
    inp: ParseInput,
    *,
    what: str,
    preset: pd.Series | None = None,
) -> pd.Series:
    """Country names → ISO3: ``preset``, hand mapping, countries.dat, the crosswalk (reported)."""
    known = {**lookup, **NAMES}
    mapped = names.map(known)
    if preset is not None:
        mapped = preset.where(preset.notna(), mapped)
    rest = names[mapped.isna() & names.notna() & (names.fillna("").str.strip() != "")]
    if not rest.empty:
        mapped.loc[rest.index] = inp.names_to_iso3(rest, what=what)
    return mapped.astype(object).where(mapped.notna(), None)


def _airports(path: Path, lookup: Mapping[str, str], inp: ParseInput) -> pd.DataFrame:
    raw = _read_dat(path, AIRPORT_COLUMNS, ("airport_id", "name", "lat", "lon", "source"))
    ids = _integers(raw, "airport_id", path)
    if ids.duplicated().any():
        dup = ids[ids.duplicated()].iloc[0]
        raise ParseError(str(path), f"airport_id {dup} appears twice")
    antilles = raw["icao"].map(ANTILLES_AIRPORTS).where(raw["country"] == "Netherlands Antilles")
    moved = antilles.notna()
    if moved.any():
        inp.report(
            "successor-territory",
            "airports in the former Netherlands Antilles assigned by ICAO code to "
            + ", ".join(f"{code} → {ANTILLES_AIRPORTS[code]}" for code in raw["icao"][moved]),
            int(moved.sum()),
        )
    iso3 = _countries_to_iso3(
        raw["country"], lookup, inp, what="airports.dat countries", preset=antilles
    )
    unmapped = iso3.isna()
    if unmapped.any():
        inp.report(
            "airport-without-country",
            "airports kept with an empty country_iso3 (country name did not map): "
            + ", ".join(sorted(raw.loc[unmapped, "country"].fillna("(empty)").unique())),
            int(unmapped.sum()),
        )
    return pd.DataFrame(
        {
            "airport_id": ids,
            "name": raw["name"],
            "city": _blank_to_none(raw["city"]),
            "country_iso3": iso3,
            "iata": _blank_to_none(raw["iata"]),
            "icao": _blank_to_none(raw["icao"]),
            "lat": _floats(raw, "lat", path),
            "lon": _floats(raw, "lon", path),
            "altitude_ft": _floats(raw, "altitude_ft", path),
            "timezone": _blank_to_none(raw["timezone"]),
            "type": _blank_to_none(raw["type"]),
        }
    )


def _airlines(path: Path, lookup: Mapping[str, str], inp: ParseInput) -> pd.DataFrame:
    raw = _read_dat(path, AIRLINE_COLUMNS, ("airline_id", "name"))
    ids = _integers(raw, "airline_id", path)
    country = _blank_to_none(raw["country"])
    # Where an unquoted comma split the publisher's callsign or company name, the fields
    # shifted and the country column holds a callsign (upper case, e.g. "ALASKA").
    # Callsigns are not country names: they are not mapped, however country-like they look.
    listed = country.isin(lookup.keys()) | country.isin(NAMES.keys())
    text = country.fillna("")
    shifted = ~listed & country.notna() & (text == text.str.upper()) & text.str.contains(r"[A-Z]")
    if shifted.any():
        inp.report(
            "shifted-fields",
            "airlines whose country column holds a callsign or name fragment (fields shifted "
            "in the source); "
            "country left empty: " + ", ".join(sorted(text[shifted].unique())),
            int(shifted.sum()),
        )
    iso3 = _countries_to_iso3(
        country.where(~shifted, None), lookup, inp, what="airlines.dat countries"
    )
    active_text = raw["active"].fillna("").str.strip().str.upper()
    active = active_text.map({"Y": True, "N": False})
    odd = active.isna()
    if odd.any():
        inp.report(
            "unknown-active-flag",
            "airlines whose active flag is neither Y nor N (left empty): "
            + ", ".join(sorted(raw.loc[odd, "active"].fillna("(empty)").unique())),
            int(odd.sum()),
        )
    return pd.DataFrame(
        {
            "airline_id": ids,
            "name": raw["name"],
            "alias": _blank_to_none(raw["alias"]),
            "iata": _blank_to_none(raw["iata"], NO_CODE),
            "icao": _blank_to_none(raw["icao"], NO_CODE),
            "callsign": _blank_to_none(raw["callsign"]),
            "country_iso3": iso3,
            "active": active.astype("boolean"),
        }
    )


def _routes(
    path: Path, airport_ids: pd.Series, airline_ids: pd.Series, inp: ParseInput
) -> pd.DataFrame:
    raw = _read_dat(path, ROUTE_COLUMNS, ("source_airport", "dest_airport", "stops"))
    codeshare_text = raw["codeshare"].fillna("").str.strip()
    bad = ~codeshare_text.isin(["", "Y"])
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise ParseError(
            str(path),
            f"codeshare holds {raw['codeshare'].iloc[first]!r}; expected 'Y' or empty",
            line=first + 1,
        )
    routes = pd.DataFrame(
        {
            "airline": _blank_to_none(raw["airline"]),
            "airline_id": _integers(raw, "airline_id", path),
            "source_airport": raw["source_airport"],
            "source_airport_id": _integers(raw, "source_airport_id", path),
            "dest_airport": raw["dest_airport"],
            "dest_airport_id": _integers(raw, "dest_airport_id", path),
            "codeshare": codeshare_text == "Y",
            "stops": _integers(raw, "stops", path),
            "equipment": _blank_to_none(raw["equipment"]),
        }
    )
    _report_route_gaps(routes, set(airport_ids.dropna()), set(airline_ids.dropna()), inp)
    return routes


def _report_route_gaps(
    routes: pd.DataFrame, airports: set[int], airlines: set[int], inp: ParseInput
) -> None:
    """Report routes whose ids are missing (``\\N``) or absent from airports.dat / airlines.dat."""
    ends = ("source_airport_id", "dest_airport_id")
    missing = routes[list(ends)].isna().any(axis=1)
    if missing.any():
        inp.report(
            "route-missing-airport-id",
            "routes with \\N for an airport id (the IATA/ICAO code is kept)",
            int(missing.sum()),
        )
    unknown = pd.Series(False, index=routes.index)
    for end in ends:
        ids = routes[end]
        unknown |= ids.notna() & ~ids.isin(airports)
    if unknown.any():
        codes = sorted(
            {
                f"{code} ({int(ident)})"
                for end, code_column in zip(ends, ("source_airport", "dest_airport"), strict=True)
                for code, ident in zip(
                    routes.loc[unknown, code_column], routes.loc[unknown, end], strict=True
                )
                if pd.notna(ident) and int(ident) not in airports
            }
        )
        inp.report(
            "route-unknown-airport",
            "routes whose airport id is not in airports.dat: " + ", ".join(codes),
            int(unknown.sum()),
        )
    no_airline = routes["airline_id"].isna()
    if no_airline.any():
        inp.report(
            "route-missing-airline-id", "routes with \\N for the airline id", int(no_airline.sum())
        )
    stray = routes["airline_id"].notna() & ~routes["airline_id"].isin(airlines)
    if stray.any():
        inp.report(
            "route-unknown-airline",
            "routes whose airline id is not in airlines.dat: "
            + ", ".join(
                sorted({str(a) for a in routes.loc[stray, "airline"].fillna("(none)").unique()})
            ),
            int(stray.sum()),
        )


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    countries = _read_dat(inp.path("countries.dat"), COUNTRY_COLUMNS, ("name",))
    lookup = _country_lookup(countries, inp)
    airports = _airports(inp.path("airports.dat"), lookup, inp)
    airlines = _airlines(inp.path("airlines.dat"), lookup, inp)
    routes = _routes(inp.path("routes.dat"), airports["airport_id"], airlines["airline_id"], inp)
    return {"airport": airports, "airline": airlines, "route": routes}


def _resource(name: str) -> Resource:
    sha = {
        "routes.dat": "bd373706238134f619c624c606dccc74c05c2582a977c489c81de501735f2390",
        "airports.dat": "9387cdb38df5bd664da823f8ccb69fdd9b33a1888f5b7cca09c34a3cd9ff59f9",
        "airlines.dat": "39be1a432e8b04ebc12860c29281c974a9cb52169c82b2456a835d66ab1548a1",
        "countries.dat": "5cbd1a7da0f4f8003f595d22d80f025f483caad7a0672354ef9bc70221d348ed",
    }[name]
    return Resource(
        name, f"flights/openflights_{name}", github_raw(REPO, COMMIT, f"data/{name}"), sha
    )


OPENFLIGHTS = Dataset(
    id="openflights",
    title="OpenFlights airports, airlines and routes",
    publisher="OpenFlights.org (Jani Patokallio and contributors; airports partly from "
    "OurAirports)",
    licence=ODBL,
    citation="OpenFlights.org, Airport, airline and route database "
    f"(github.com/{REPO}, data/ at commit {COMMIT[:7]}), Open Database License 1.0",
    vintage="routes: June 2014 snapshot; airlines 2017-02; airports 2019-05; "
    "countries 2020-01 (repository 2025-04-29)",
    format="csv (no header, \\N = null)",
    domain="flights",
    tables=("airport", "airline", "route"),
    homepage="https://openflights.org/data.php",
    data_year=2014,
    caveats=(
        "Routes are a June 2014 snapshot: routes opened since (e.g. the post-2014 expansion of "
        "Gulf, Indian, African and Chinese carriers) are missing, and routes later dropped "
        "(including for COVID or sanctions) are still listed.",
        "The route table has one row per operating airline as published, codeshares flagged; "
        "for direct country-to-country links deduplicate by airport pair and keep stops = 0.",
        "The airlines' active flag is unreliable, as OpenFlights itself documents.",
        "Countries are published as names and mapped to ISO3 via OpenFlights' countries.dat; "
        "Netherlands Antilles airports are assigned to Bonaire/Sint Eustatius/Saba, Curaçao and "
        "Sint Maarten; airlines whose row is shifted in the source have no country.",
    ),
    resources=tuple(
        _resource(name) for name in ("routes.dat", "airports.dat", "airlines.dat", "countries.dat")
    ),
    parse=_parse,
)

DATASETS = (OPENFLIGHTS,)
