"""Country names and foreign codes → ISO 3166-1 alpha-3.

Built from the published code lists (countrycode's crosswalk, DataHub country codes,
mledoze/countries) plus a small curated table of aliases and code overrides, each row
with a reason. Lookups that fail return None; callers report the names they could not
map instead of guessing.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from southsouth.errors import close_matches
from southsouth.tabular import read_csv, read_json

#: Coding schemes and the countrycode column holding them.
CODE_COLUMNS = {
    "iso2": "iso2c",
    "iso3n": "iso3n",
    "m49": "un",
    "cown": "cown",
    "cowc": "cowc",
    "gwn": "gwn",
    "gwc": "gwc",
    "fips": "fips",
    "vdem": "vdem",
    "wb": "wb",
    "imf": "imf",
    "ioc": "ioc",
}

NAME_COLUMNS = (
    "country.name.en",
    "country.name.de",
    "country.name.es",
    "country.name.fr",
    "country.name.it",
    "cow.name",
    "iso.name.en",
    "iso.name.fr",
    "p4.name",
    "un.name.en",
    "un.name.es",
    "un.name.fr",
    "vdem.name",
)

DATAHUB_NAME_COLUMNS = (
    "UNTERM English Short",
    "UNTERM English Formal",
    "official_name_en",
    "CLDR display name",
)

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Fold a country name for matching: no accents, case, punctuation or leading 'the'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ").replace("’", "'")
    text = _PUNCT.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return text.removeprefix("the ")


def _code_key(code: object) -> str:
    """Codes compare as stripped strings; '004' and '4' are the same numeric code."""
    text = str(code).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text.isdigit():
        text = str(int(text))
    return text.upper()


@dataclass
class Crosswalk:
    """Name and code lookups to ISO3."""

    names: dict[str, str] = field(default_factory=dict)
    codes: dict[tuple[str, str], str] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    iso3: set[str] = field(default_factory=set)

    # -- building ---------------------------------------------------------------------

    def add_name(self, name: object, iso3: str, *, overwrite: bool = False) -> None:
        """Teach the crosswalk one more spelling."""
        if not isinstance(name, str) or not name.strip():
            return
        key = normalise_name(name)
        if key and (overwrite or key not in self.names):
            self.names[key] = iso3

    def add_code(self, scheme: str, code: object, iso3: str, *, overwrite: bool = False) -> None:
        """Teach the crosswalk one more code."""
        if code is None or (isinstance(code, float) and pd.isna(code)) or not str(code).strip():
            return
        key = (scheme, _code_key(code))
        if overwrite or key not in self.codes:
            self.codes[key] = iso3

    @classmethod
    def from_files(cls, files: Mapping[str, Path]) -> Crosswalk:
        """Build from the ``countries`` dataset's files (see sources.countries)."""
        walk = cls()
        overrides = _curated_rows("code_overrides.csv")
        aliases = _curated_rows("name_aliases.csv")
        for row in overrides:
            walk.add_code(row["scheme"], row["code"], row["iso3"])
            walk.iso3.add(row["iso3"])
        for row in aliases:
            walk.add_name(row["name"], row["iso3"])

        codelist = read_csv(files["countrycode.csv"], dtype=str, keep_default_na=False)
        for _, row in codelist.iterrows():
            iso3 = row.get("iso3c")
            if not isinstance(iso3, str) or not iso3:
                continue
            walk.iso3.add(iso3)
            walk.add_code("iso3", iso3, iso3)
            for scheme, column in CODE_COLUMNS.items():
                walk.add_code(scheme, row.get(column), iso3)
            for column in NAME_COLUMNS:
                walk.add_name(row.get(column), iso3)
            pattern = row.get("country.name.en.regex")
            if isinstance(pattern, str) and pattern:
                try:
                    walk.patterns.append((re.compile(pattern, re.IGNORECASE), iso3))
                except re.error:
                    continue

        datahub = read_csv(files["country-codes.csv"], dtype=str, keep_default_na=False)
        for _, row in datahub.iterrows():
            iso3 = row["ISO3166-1-Alpha-3"].strip()
            if not iso3:
                continue
            walk.iso3.add(iso3)
            walk.add_code("iso3", iso3, iso3)
            walk.add_code("iso2", row["ISO3166-1-Alpha-2"], iso3)
            walk.add_code("m49", row["M49"], iso3)
            walk.add_code("iso3n", row["ISO3166-1-numeric"], iso3)
            walk.add_code("fips", row["FIPS"], iso3)
            for column in DATAHUB_NAME_COLUMNS:
                walk.add_name(row.get(column), iso3)

        mledoze = read_json(files["mledoze-countries.json"])
        for record in mledoze:
            iso3 = record["cca3"]
            walk.iso3.add(iso3)
            walk.add_code("iso3", iso3, iso3)
            walk.add_code("iso2", record.get("cca2"), iso3)
            walk.add_code("iso3n", record.get("ccn3"), iso3)
            walk.add_name(record["name"]["common"], iso3)
            walk.add_name(record["name"]["official"], iso3)
            for alt in record.get("altSpellings", []):
                if len(alt) > 3:
                    walk.add_name(alt, iso3)
        return walk

    # -- lookups ----------------------------------------------------------------------

    def from_code(self, scheme: str, code: object) -> str | None:
        """ISO3 for ``code`` in ``scheme`` (iso2, iso3n, m49, cown, gwn, fips, …)."""
        if code is None or (isinstance(code, float) and pd.isna(code)):
            return None
        return self.codes.get((scheme, _code_key(code)))

    def from_name(self, name: object) -> str | None:
        """ISO3 for a country name in any common spelling, or None."""
        if not isinstance(name, str) or not name.strip():
            return None
        key = normalise_name(name)
        hit = self.names.get(key)
        if hit is not None:
            return hit
        matches = {iso3 for pattern, iso3 in self.patterns if pattern.search(name)}
        if len(matches) == 1:
            iso3 = matches.pop()
            self.names[key] = iso3
            return iso3
        return None

    def map_names(self, names: Iterable[object]) -> tuple[dict[str, str], list[str]]:
        """Map distinct names; return (name → ISO3, sorted names that did not map)."""
        mapped: dict[str, str] = {}
        unmapped: list[str] = []
        for name in sorted({n for n in names if isinstance(n, str)}):
            iso3 = self.from_name(name)
            if iso3 is None:
                unmapped.append(name)
            else:
                mapped[name] = iso3
        return mapped, unmapped


def _curated_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("southsouth.registry.data").joinpath(filename).read_text("utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def resolve_names(walk: Crosswalk, names: Iterable[str]) -> pd.DataFrame:
    """One row per input: name, iso3 (None if unmapped), how it matched, close spellings."""
    rows = []
    for name in names:
        text = name.strip()
        iso3, how, suggestions = None, "unmapped", ""
        if len(text) == 3 and text.upper() in walk.iso3:
            iso3, how = text.upper(), "iso3"
        elif len(text) == 2 and walk.from_code("iso2", text):
            iso3, how = walk.from_code("iso2", text), "iso2"
        elif (hit := walk.from_name(text)) is not None:
            iso3, how = hit, "name"
        else:
            close = close_matches(normalise_name(text), walk.names)
            suggestions = ", ".join(f"{key} ({walk.names[key]})" for key in close)
        rows.append({"name": name, "iso3": iso3, "matched_by": how, "suggestions": suggestions})
    return pd.DataFrame(rows, columns=["name", "iso3", "matched_by", "suggestions"])
