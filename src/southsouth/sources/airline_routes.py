"""Current scheduled non-stop routes: airline-route-data (FlightsFrom.com), May 2026.

The publisher's file is one JSON object keyed by IATA airport code; each airport lists its
non-stop destinations (``routes``) with distance, scheduled time and the carriers selling the
route. The mirror holds a gzipped, byte-identical copy of the build of 2026-05-03; from the
publishers, sync takes the current build from the repository's default branch (rebuilt weekly),
and the pinned copy of 2026-05-03 is the fall-back. The parser reads either form.

Loaded into the same ``airport`` and ``route`` tables as OpenFlights (told apart by
``source_id``): one route row per (origin, destination, carrier), ``stops`` = 0, no codeshare
flag (the source lists codeshare carriers beside operating ones and does not say which is
which), airline = the carrier's IATA code; a route listed without carriers keeps one row with
an empty airline. Airports get ids 1…n in the order of their IATA codes (stable for one file).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from southsouth.errors import ParseError
from southsouth.provenance import Licence
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import github_raw
from southsouth.sources.publishers.files import AIRLINE_ROUTE_FILE

REPO = "Jonty/airline-route-data"
#: The weekly build of 2026-05-03 ("Automatic airline route update").
COMMIT = "cbb98fdc057c1cfc5a05d52208686bb3e84be016"
BUILD_DATE = "2026-05-03"
#: The repository that republished that build gzipped (the mirror's bytes), and its commit.
COPY_REPO = "dankli/OspreyLoyalty"
COPY_COMMIT = "b37a5333f8fa495101041aa049c70a5b28c89eda"
ROUTE_YEAR = 2026

NO_LICENCE = Licence(
    "none stated",
    "",
    "The repository grants no licence; the data are scraped from FlightsFrom.com, a commercial "
    "website. Cite 'Jonty/airline-route-data (data from FlightsFrom.com)' and check before "
    "redistributing.",
)

AIRPORT_FIELDS = ("iata", "name", "country_code", "latitude", "longitude", "routes")


def _load_json(path: Path) -> dict[str, Any]:
    """The route file, gzipped or plain; ParseError when it is not the expected JSON object."""
    raw = path.read_bytes()
    try:
        text = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        data = json.loads(text)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ParseError(
            str(path),
            f"not readable as (gzipped) JSON: {error}",
            hint="the download is damaged; delete it from the cache and sync again",
        ) from None
    if not isinstance(data, dict) or not data:
        raise ParseError(str(path), "expected a JSON object keyed by IATA airport code")
    for code, airport in data.items():
        if not isinstance(airport, dict):
            raise ParseError(str(path), f"airport {code!r} is not an object")
        absent = [f for f in AIRPORT_FIELDS if f not in airport]
        if absent:
            raise ParseError(
                str(path),
                f"airport {code!r} lacks {', '.join(absent)}",
                hint="the file is not an airline-route-data build, or it is truncated",
            )
        if not isinstance(airport["routes"], list):
            raise ParseError(str(path), f"airport {code!r}: 'routes' is not a list")
    return data


def _number(value: Any, what: str, path: Path) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ParseError(str(path), f"{what} is {value!r}, not a number") from None


def _airports(data: Mapping[str, Any], inp: ParseInput, path: Path) -> pd.DataFrame:
    codes = sorted(data)
    rows = []
    for ident, code in enumerate(codes, start=1):
        a = data[code]
        rows.append(
            {
                "airport_id": ident,
                "name": a["name"] or code,
                "city": a.get("city_name") or None,
                "iso2": a.get("country_code") or None,
                "iata": code,
                "icao": a.get("icao") or None,
                "lat": _number(a["latitude"], f"{code} latitude", path),
                "lon": _number(a["longitude"], f"{code} longitude", path),
                "altitude_ft": _number(a.get("elevation"), f"{code} elevation", path),
                "timezone": a.get("timezone") or None,
                "type": None,
            }
        )
    frame = pd.DataFrame(rows)
    frame["country_iso3"] = inp.codes_to_iso3(frame["iso2"], "iso2")
    unplaced = frame["lat"].isna() | frame["lon"].isna()
    if unplaced.any():
        inp.report(
            "airport-without-coordinates",
            "airports without latitude/longitude left out with their routes: "
            + ", ".join(frame.loc[unplaced, "iata"]),
            int(unplaced.sum()),
        )
    columns = ["airport_id", "name", "city", "country_iso3", "iata", "icao", "lat", "lon"]
    return frame.loc[~unplaced, [*columns, "altitude_ft", "timezone", "type"]].reset_index(
        drop=True
    )


def _routes(
    data: Mapping[str, Any], airports: pd.DataFrame, inp: ParseInput, path: Path
) -> pd.DataFrame:
    ids = dict(zip(airports["iata"], airports["airport_id"], strict=True))
    rows: list[tuple[str | None, str, int | None, str, int | None]] = []
    unknown: set[str] = set()
    without_carrier = 0
    for origin in sorted(data):
        for route in data[origin]["routes"]:
            if not isinstance(route, dict) or "iata" not in route:
                raise ParseError(str(path), f"a route of {origin!r} has no destination 'iata'")
            dest = route["iata"]
            if origin not in ids or dest not in ids:
                unknown.add(f"{origin}–{dest}")
                continue
            carriers = sorted({c.get("iata") for c in route.get("carriers") or [] if c.get("iata")})
            if not carriers:
                without_carrier += 1
            for carrier in carriers or [None]:
                rows.append((carrier, origin, ids[origin], dest, ids[dest]))
    if unknown:
        inp.report(
            "route-without-airport",
            "routes left out because an end airport has no coordinates or is not listed: "
            + ", ".join(sorted(unknown)[:20])
            + (f", and {len(unknown) - 20} more" if len(unknown) > 20 else ""),
            len(unknown),
        )
    if without_carrier:
        inp.report(
            "route-without-carrier",
            "routes listed without any carrier (kept, airline empty)",
            without_carrier,
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "airline",
            "source_airport",
            "source_airport_id",
            "dest_airport",
            "dest_airport_id",
        ],
    )
    return pd.DataFrame(
        {
            "airline": frame["airline"],
            "airline_id": pd.array([None] * len(frame), dtype="Int64"),
            "source_airport": frame["source_airport"],
            "source_airport_id": frame["source_airport_id"].astype("Int64"),
            "dest_airport": frame["dest_airport"],
            "dest_airport_id": frame["dest_airport_id"].astype("Int64"),
            "codeshare": False,
            "stops": pd.array([0] * len(frame), dtype="Int64"),
            "equipment": None,
        }
    )


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("airline_routes.json")
    data = _load_json(path)
    airports = _airports(data, inp, path)
    return {"airport": airports, "route": _routes(data, airports, inp, path)}


AIRLINE_ROUTES = Dataset(
    id="airline-routes-2026",
    title="Scheduled non-stop airline routes (airline-route-data, May 2026)",
    publisher="Jonty Wareing, airline-route-data (scraped from FlightsFrom.com)",
    licence=NO_LICENCE,
    citation=f"Jonty/airline-route-data (data from FlightsFrom.com), airline_routes.json, "
    f"build of {BUILD_DATE} (github.com/{REPO}, commit {COMMIT[:7]})",
    vintage=f"routes: scheduled services listed around {BUILD_DATE} (weekly build)",
    format="json (gzipped in the mirror)",
    domain="flights",
    tables=("airport", "route"),
    homepage=f"https://github.com/{REPO}",
    data_year=ROUTE_YEAR,
    caveats=(
        "No licence is stated: the data are scraped from FlightsFrom.com, a commercial site; "
        "cite the source and check before redistributing.",
        "A snapshot of bookable scheduled non-stop services around the build date, not traffic, "
        "seats or frequency; seasonal routes appear or vanish between weekly builds.",
        "Codeshare carriers are listed beside operating carriers and cannot be told apart, so "
        "airline counts include marketing carriers.",
        "Airports without coordinates are left out with their routes (reported at sync).",
    ),
    resources=(
        Resource(
            "airline_routes.json",
            f"flights/jonty_airline_routes_{BUILD_DATE}.json.gz",
            # A gzipped, byte-identical republication of the build (its decompressed git blob
            # is the publisher's airline_routes.json at COMMIT), pinned to a commit.
            github_raw(COPY_REPO, COPY_COMMIT, "services/routes/data/airline_routes.json.gz"),
            "c566df4ce623f0604fbb45e8d32e518eb34f4476d63e865ac8f31d16af7d27db",
            upstream=f"github.com/{REPO} airline_routes.json at commit {COMMIT[:7]}",
            service=AIRLINE_ROUTE_FILE,
        ),
    ),
    parse=_parse,
)

DATASETS = (AIRLINE_ROUTES,)
