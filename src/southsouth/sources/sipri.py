"""SIPRI Military Expenditure Database 2024: country extract and regional totals.

Both files are extracts of SIPRI's workbook (fair use allows at most 10 % of the database), so
only the mirror provides them. The country extract holds current-US$ spending (US$ m) and the
share of GDP (a FRACTION: 0.0817 = 8.17 %) for 2019–2023, with SIPRI's font-colour flags
(``estimate``, ``highly_uncertain``). The European Union's own line (not a country) goes to
``region_observation``. The regional totals (World, 5 regions, 13 sub-regions) go to
``region_observation``; they include SIPRI's estimates for countries without data, so they
exceed the sums of the country rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import SIPRI_TERMS
from southsouth.tabular import check_numeric, read_csv

CITATION = "SIPRI Military Expenditure Database 2024, https://www.sipri.org/databases/milex"
PUBLISHER = "Stockholm International Peace Research Institute (SIPRI)"
HOMEPAGE = "https://www.sipri.org/databases/milex"
WORKBOOK = (
    "SIPRI-Milex-data-1948-2023.xlsx (SIPRI Military Expenditure Database 2024) in "
    "CaiNiaoJian/A-Python-based-big-data-visualization-project at "
    "1b7a456dfae62eeee0148ff0522c95f7b6243edf"
)
TERMS_CAVEAT = (
    "SIPRI fair use: non-commercial use, cite SIPRI, reproduce at most 10 % of the database."
)

#: SIPRI spellings mapped by hand rather than left to pattern matching.
NAMES = {
    "Cape Verde": "CPV",
    "Congo, DR": "COD",
    "Congo, Republic": "COG",
    "Cote d'Ivoire": "CIV",
    "Côte d'Ivoire": "CIV",
    "Gambia, The": "GMB",
    "Korea, North": "PRK",
    "Korea, South": "KOR",
    "Kyrgyz Republic": "KGZ",
    "Laos": "LAO",
    "Timor Leste": "TLS",
    "Türkiye": "TUR",
    "United States of America": "USA",
    "Viet Nam": "VNM",
}

#: SIPRI rows that are not countries; their values go to region_observation.
NOT_COUNTRIES = frozenset({"European Union"})

#: status values of rows that carry no number.
NO_VALUE = {"not_available": "no data ('. .')", "not_independent": "not independent ('xxx')"}
FLAGS = frozenset({"", "estimate", "highly_uncertain"})

MILEX_CURRENT = IndicatorSpec(
    "sipri_milex_current_usd_m",
    "Military expenditure, current US$ (SIPRI 2024)",
    "current US$ millions",
    "SIPRI Military Expenditure Database 2024, current prices and exchange rates. "
    "Flags: estimate (SIPRI estimate), highly_uncertain.",
)
MILEX_SHARE = IndicatorSpec(
    "sipri_milex_share_of_gdp",
    "Military expenditure as a share of GDP (SIPRI 2024)",
    "fraction of GDP (0.0817 = 8.17 %)",
    "SIPRI 2024 workbook 'Share of GDP' as a FRACTION, not a percentage. For the percent "
    "series SIPRI gives WDI (to 2024) see gapminder_milex_pct_gdp.",
)
REGION_CONSTANT = IndicatorSpec(
    "sipri_milex_constant_2022_usd_bn",
    "Military expenditure, regional total, constant (2022) US$ (SIPRI 2024)",
    "constant 2022 US$ billions",
    "SIPRI world/regional/sub-regional totals in 2022 prices and exchange rates; include "
    "SIPRI estimates for countries without data (region_observation only).",
)
REGION_CURRENT = IndicatorSpec(
    "sipri_milex_current_usd_bn",
    "Military expenditure, regional total, current US$ (SIPRI 2024)",
    "current US$ billions",
    "SIPRI world/regional/sub-regional totals at 2023 prices and exchange rates (2023 only); "
    "include SIPRI estimates for countries without data (region_observation only).",
)

MEASURES = {
    "milex_current_usd_millions": MILEX_CURRENT.id,
    "milex_share_of_gdp": MILEX_SHARE.id,
}
PRICE_BASES = {
    "constant_2022_usd": REGION_CONSTANT.id,
    "current_2023_usd": REGION_CURRENT.id,
}


def _unknown(path: str, column: str, values: set[str], allowed: Iterable[str]) -> None:
    if values:
        raise ParseError(
            path,
            f"column {column!r} holds {sorted(values)[:5]}, expected one of {sorted(allowed)}",
            hint="the extract's layout changed; see indicators/SOURCES.md",
        )


def _parse_countries(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("countries.csv")
    frame = read_csv(
        path,
        columns=["country", "year", "measure", "value", "status", "sipri_flag"],
        dtype=str,
        keep_default_na=False,
    )
    _unknown(str(path), "measure", set(frame["measure"]) - set(MEASURES), MEASURES)
    _unknown(str(path), "status", set(frame["status"]) - {"", *NO_VALUE}, NO_VALUE)
    _unknown(str(path), "sipri_flag", set(frame["sipri_flag"]) - FLAGS, FLAGS)
    frame = frame.assign(
        year=check_numeric(frame, "year", path),
        number=check_numeric(frame, "value", path),
        indicator=frame["measure"].map(MEASURES),
        country=frame["country"].str.strip(),
    )
    for status, meaning in NO_VALUE.items():
        rows = frame[frame["status"] == status]
        if not rows.empty:
            inp.report(
                "no-value",
                f"SIPRI cells marked {meaning}: " + "; ".join(sorted(rows["country"].unique())),
                len(rows),
            )
    missing = frame["number"].isna() & (frame["status"] == "")
    if missing.any():
        first = int(missing.to_numpy().nonzero()[0][0])
        raise ParseError(str(path), "a row has neither a value nor a status", line=first + 2)
    frame = frame[frame["number"].notna()]
    flag = frame["sipri_flag"].where(frame["sipri_flag"] != "", None)

    apart = frame["country"].isin(NOT_COUNTRIES)
    region = pd.DataFrame(
        {
            "region": frame.loc[apart, "country"],
            "indicator": frame.loc[apart, "indicator"],
            "year": frame.loc[apart, "year"],
            "value": frame.loc[apart, "number"],
            "note": "listed among SIPRI's country rows, but not a country",
        }
    )
    countries = frame[~apart]
    iso3 = countries["country"].map(NAMES)
    by_name = iso3.isna()
    iso3[by_name] = inp.names_to_iso3(countries.loc[by_name, "country"], what="SIPRI names")
    countries = countries.assign(iso3=iso3, flag=flag[~apart])
    countries = countries[countries["iso3"].notna()]
    countries = countries[inp.countries_only(countries["iso3"], what="SIPRI countries")]
    observation = pd.DataFrame(
        {
            "country_iso3": countries["iso3"],
            "indicator": countries["indicator"],
            "year": countries["year"],
            "value": countries["number"],
            "flag": countries["flag"],
        }
    )
    return {"observation": observation, "region_observation": region}


def _parse_regions(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("regions.csv")
    frame = read_csv(
        path,
        columns=["region", "year", "price_basis", "value_usd_billions", "omitted_countries"],
        dtype=str,
        keep_default_na=False,
    )
    _unknown(str(path), "price_basis", set(frame["price_basis"]) - set(PRICE_BASES), PRICE_BASES)
    values = check_numeric(frame, "value_usd_billions", path)
    if values.isna().any():
        first = int(values.isna().to_numpy().nonzero()[0][0])
        raise ParseError(str(path), "a regional total is empty", line=first + 2)
    omitted = frame["omitted_countries"].str.strip()
    region = pd.DataFrame(
        {
            "region": frame["region"].str.strip(),
            "indicator": frame["price_basis"].map(PRICE_BASES),
            "year": check_numeric(frame, "year", path),
            "value": values,
            "note": ("countries SIPRI omits from this total: " + omitted).where(
                omitted != "", None
            ),
        }
    )
    return {"region_observation": region}


#: A dataset of one extract of SIPRI's 2024 workbook (only the mirror provides the extracts).
_extract = partial(
    Dataset,
    publisher=PUBLISHER,
    licence=SIPRI_TERMS,
    citation=CITATION,
    vintage="SIPRI Military Expenditure Database 2024 (April 2024); data 2019–2023",
    format="csv (extract of the SIPRI workbook)",
    domain="indicators",
    homepage=HOMEPAGE,
)

MILEX_COUNTRIES = _extract(
    id="sipri-milex-2024",
    title="Military expenditure by country, current US$ and share of GDP, 2019–2023 (SIPRI)",
    resources=(
        Resource(
            "countries.csv",
            "indicators/military/sipri_milex_db2024_extract_2019_2023_current_usd_and_share_gdp.csv",
            None,
            "6e009b7c120ed2329672b8e4438d1a0b21c4ea3619123117eaad9641799c4ca5",
            upstream="sheets 'Current US$' and 'Share of GDP' of " + WORKBOOK,
        ),
    ),
    parse=_parse_countries,
    tables=("observation", "region_observation"),
    indicators=(MILEX_CURRENT, MILEX_SHARE),
    caveats=(
        TERMS_CAVEAT,
        "Share of GDP is a fraction (0.0817 = 8.17 %), unlike WDI's percent series.",
        "Flags: 'estimate' = SIPRI estimate, 'highly_uncertain' = highly uncertain data.",
        "Sums of country rows are below SIPRI's world total (US$ 2,387.6 bn vs 2,443.4 bn in "
        "2023): SIPRI's totals add estimates for countries without data.",
        "The European Union's own spending line is in region_observation, not observation.",
    ),
)

MILEX_REGIONS = _extract(
    id="sipri-milex-2024-regions",
    title="Military expenditure, world and regional totals, 2019–2023 (SIPRI)",
    resources=(
        Resource(
            "regions.csv",
            "indicators/military/sipri_milex_db2024_regional_totals_extract.csv",
            None,
            "eefa0ab296fff23a59455ff37d044eab3664354b282c478a5eaadb94d77dfcc0",
            upstream="sheet 'Regional totals' of " + WORKBOOK,
        ),
    ),
    parse=_parse_regions,
    tables=("region_observation",),
    indicators=(REGION_CONSTANT, REGION_CURRENT),
    requires_crosswalk=False,
    caveats=(
        TERMS_CAVEAT,
        "Totals include SIPRI's estimates for countries without data; the countries SIPRI "
        "omits entirely are named in each row's note.",
        "Current-US$ totals are given for 2023 only; 2019–2023 are in constant 2022 US$.",
    ),
)

DATASETS = (MILEX_COUNTRIES, MILEX_REGIONS)
