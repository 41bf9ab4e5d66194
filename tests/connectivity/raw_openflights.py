"""Country pairs with a non-stop route, counted straight from the raw OpenFlights files.

Independent of southsouth: plain ``csv``, the OpenFlights countries file and the countrycode
code list from the mirror. Used to check the connectivity module's counts.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

#: airports.dat country names neither countries.dat nor the countrycode regexes place.
SPECIAL_NAMES = {
    "Virgin Islands": "VIR",  # OpenFlights' airports here are St Thomas and St Croix (US)
    "Johnston Atoll": "UMI",
    "Midway Islands": "UMI",
    "Wake Island": "UMI",
    "Micronesia": "FSM",  # the Federated States (the regex also matches the region's name)
}
#: The former Netherlands Antilles' airports, by ICAO code.
ANTILLES = {"TNCB": "BES", "TNCC": "CUW", "TNCE": "BES", "TNCM": "SXM", "TNCS": "BES"}


def _code_list(mirror: Path) -> list[dict[str, str]]:
    path = mirror / "countries" / "countrycode_codelist_without_cldr.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def regions(mirror: Path) -> dict[str, tuple[str, str]]:
    """ISO3 → (UN region name, UN intermediate region name) from the countrycode list."""
    return {
        row["iso3c"]: (row["un.region.name"], row["un.regionintermediate.name"])
        for row in _code_list(mirror)
        if row["iso3c"] and row["iso3c"] != "NA"
    }


def airport_countries(mirror: Path) -> dict[int, str]:
    """airport id → ISO3 for every airport in airports.dat whose country can be placed."""
    codes = _code_list(mirror)
    iso2_to_3 = {r["iso2c"]: r["iso3c"] for r in codes if r["iso2c"] and r["iso3c"]}
    patterns = [
        (re.compile(r["country.name.en.regex"], re.IGNORECASE), r["iso3c"])
        for r in codes
        if r["country.name.en.regex"] and r["iso3c"] and r["iso3c"] != "NA"
    ]
    flights = mirror / "flights"
    name_to_iso2: dict[str, str] = {}
    with (flights / "openflights_countries.dat").open(encoding="utf-8", newline="") as handle:
        for name, iso2, _dafif in csv.reader(handle):
            if iso2 not in ("", "\\N"):
                name_to_iso2.setdefault(name, iso2)

    def place(name: str) -> str | None:
        if name in SPECIAL_NAMES:
            return SPECIAL_NAMES[name]
        if name in name_to_iso2 and name_to_iso2[name] in iso2_to_3:
            return iso2_to_3[name_to_iso2[name]]
        hits = {iso3 for pattern, iso3 in patterns if pattern.search(name)}
        return hits.pop() if len(hits) == 1 else None

    out: dict[int, str] = {}
    with (flights / "openflights_airports.dat").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            airport_id, country, icao = int(row[0]), row[3], row[5]
            iso3 = ANTILLES.get(icao) if country == "Netherlands Antilles" else place(country)
            if iso3:
                out[airport_id] = iso3
    return out


def linked_country_pairs(mirror: Path) -> set[frozenset[str]]:
    """Unordered pairs of different countries joined by a non-stop route (either direction)."""
    country = airport_countries(mirror)
    pairs: set[frozenset[str]] = set()
    with (mirror / "flights" / "openflights_routes.dat").open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            source, dest, stops = row[3], row[5], row[7]
            if stops != "0" or not source.isdigit() or not dest.isdigit():
                continue
            a, b = country.get(int(source)), country.get(int(dest))
            if a and b and a != b:
                pairs.add(frozenset((a, b)))
    return pairs
