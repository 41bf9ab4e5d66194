"""Non-stop routes of May 2026 counted straight from the raw airline-route-data file.

Independent of southsouth: ``gzip`` + ``json`` and the countrycode code list from the mirror
(ISO alpha-2 → alpha-3). Used to check the connectivity module's counts on the current network.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict
from functools import cache
from pathlib import Path

FILE = "flights/jonty_airline_routes_2026-05-03.json.gz"


@cache
def _airports(mirror: Path) -> dict[str, dict]:
    with gzip.open(mirror / FILE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _iso3(mirror: Path) -> dict[str, str]:
    path = mirror / "countries" / "countrycode_codelist_without_cldr.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        out = {r["iso2c"]: r["iso3c"] for r in csv.DictReader(handle) if r["iso2c"] and r["iso3c"]}
    out["XK"] = "XKX"  # Kosovo: user-assigned code, not in ISO 3166
    return out


def routes(mirror: Path) -> set[tuple[str, str]]:
    """(origin IATA, destination IATA) of every listed non-stop route with coordinates."""
    data = _airports(mirror)
    placed = {code for code, a in data.items() if a["latitude"] and a["longitude"]}
    return {
        (code, r["iata"])
        for code, a in data.items()
        for r in a["routes"]
        if code in placed and r["iata"] in placed and code != r["iata"]
    }


def airport_pairs_by_country_pair(mirror: Path) -> dict[frozenset[str], set[frozenset[str]]]:
    """Unordered country pair → unordered airport pairs joining them (international only)."""
    data, iso3 = _airports(mirror), _iso3(mirror)
    country = {code: iso3.get(a["country_code"]) for code, a in data.items()}
    out: dict[frozenset[str], set[frozenset[str]]] = defaultdict(set)
    for origin, dest in routes(mirror):
        a, b = country[origin], country[dest]
        if a and b and a != b:
            out[frozenset((a, b))].add(frozenset((origin, dest)))
    return dict(out)
