"""U.S. foreign assistance by country (ForeignAssistance.gov), US fiscal years 1946–2024.

The file has one row per country code, transaction type and US fiscal year, with the amount
in current and in constant (2022) US dollars. Obligations (FY1946–2024) and disbursements
(FY2001–2024) become ``observation`` indicators; the year of every row is the **US federal
fiscal year** (FY2023 = 1 October 2022 – 30 September 2023) and its flag says so. Rows for
ForeignAssistance.gov's regions, "World" and defunct entities (West Berlin, the Soviet Union,
South Vietnam, …) go to ``region_observation`` under the publisher's name: they must not be
added to the country rows. ``CS-KM`` is Kosovo (XKX). The transition quarter ``1976tq``
(July–September 1976) and the planning types (appropriated and planned, budget requests) are
reported, not loaded.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import US_GOVERNMENT_WORK, github_raw
from southsouth.tabular import check_numeric, read_csv

FISCAL_YEAR_FLAG = "US fiscal year (Oct–Sep)"
#: Codes of the file that are countries under another code.
CODE_FIXES = {"CS-KM": "XKX"}
TRANSITION_QUARTER = "1976tq"
TYPES = {"Obligations": "obligations", "Disbursements": "disbursements"}
AMOUNTS = {
    "current_amount": ("usd", "current US$"),
    "constant_amount": ("constant_2022_usd", "constant 2022 US$"),
}
COLUMNS = [
    "Country Code",
    "Country Name",
    "Transaction Type Name",
    "Fiscal Year",
    *AMOUNTS,
]


def _spec(kind: str, amount: str) -> IndicatorSpec:
    suffix, unit = AMOUNTS[amount]
    what = {
        "obligations": "amounts the US government committed (obligated) to the country",
        "disbursements": "amounts the US government paid out (disbursed) to the country",
    }[kind]
    return IndicatorSpec(
        f"us_aid_{kind}_{suffix}",
        f"US foreign assistance {kind}, {unit} (ForeignAssistance.gov)",
        unit,
        f"U.S. foreign assistance {what} in the US federal fiscal year (October–September; "
        "the year stored is the fiscal year, e.g. 2023 = Oct 2022–Sep 2023), economic and "
        "military assistance together.",
    )


INDICATORS: dict[tuple[str, str], IndicatorSpec] = {
    (kind, amount): _spec(kind, amount) for kind in TYPES.values() for amount in AMOUNTS
}


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("us_foreign_aid_country.csv")
    frame = read_csv(path, columns=COLUMNS, dtype=str, keep_default_na=False)
    planning = ~frame["Transaction Type Name"].isin(list(TYPES))
    if planning.any():
        kinds = sorted(set(frame.loc[planning, "Transaction Type Name"]))
        inp.report(
            "not-loaded", f"transaction types not loaded: {', '.join(kinds)}", int(planning.sum())
        )
    quarter = frame["Fiscal Year"].str.strip().str.lower() == TRANSITION_QUARTER
    if (quarter & ~planning).any():
        inp.report(
            "not-loaded",
            "transition quarter 1976tq (July–September 1976) is not a fiscal year; not loaded",
            int((quarter & ~planning).sum()),
        )
    fiscal_year = frame["Fiscal Year"].where(~quarter, "")
    years = check_numeric(frame.assign(**{"Fiscal Year": fiscal_year}), "Fiscal Year", path)
    amounts = {a: check_numeric(frame, a, path) for a in AMOUNTS}
    code = frame["Country Code"].str.strip().replace(CODE_FIXES)
    is_country = code.isin(inp.crosswalk.iso3)
    keep = ~planning & ~quarter
    observations, regions = [], []
    for (kind, amount), spec in INDICATORS.items():
        rows = keep & (frame["Transaction Type Name"].map(TYPES) == kind) & amounts[amount].notna()
        here = rows & is_country
        observations.append(
            pd.DataFrame(
                {
                    "country_iso3": code[here],
                    "indicator": spec.id,
                    "year": years[here].astype(int),
                    "value": amounts[amount][here],
                    "flag": FISCAL_YEAR_FLAG,
                }
            )
        )
        there = rows & ~is_country
        regions.append(
            pd.DataFrame(
                {
                    "region": frame.loc[there, "Country Name"].str.strip(),
                    "indicator": spec.id,
                    "year": years[there].astype(int),
                    "value": amounts[amount][there],
                    "note": "ForeignAssistance.gov " + code[there] + "; " + FISCAL_YEAR_FLAG,
                }
            )
        )
    apart = frame.loc[keep & ~is_country].drop_duplicates("Country Name")
    if len(apart):
        inp.report(
            "not-a-country",
            "regions, world and defunct entities stored in region_observation: "
            + "; ".join(
                sorted(
                    f"{n} ({c})"
                    for c, n in zip(apart["Country Code"], apart["Country Name"], strict=True)
                )
            ),
            int((keep & ~is_country).sum()),
        )
    return {
        "observation": pd.concat(observations, ignore_index=True),
        "region_observation": pd.concat(regions, ignore_index=True),
    }


US_FOREIGN_AID = Dataset(
    id="us-foreign-aid",
    title="U.S. foreign assistance by country: obligations and disbursements",
    publisher="ForeignAssistance.gov (US Department of State and USAID)",
    licence=US_GOVERNMENT_WORK,
    citation="ForeignAssistance.gov, U.S. Foreign Assistance by Country (summary download), "
    "US Department of State and USAID",
    vintage="file built during FY2024 reporting; obligations FY1946–2024, disbursements "
    "FY2001–2024 (FY2024 partial)",
    format="csv",
    domain="finance",
    homepage="https://foreignassistance.gov/data",
    tables=("observation", "region_observation"),
    indicators=tuple(INDICATORS.values()),
    resources=(
        Resource(
            "us_foreign_aid_country.csv",
            "finance/foreignassistance_us_foreign_aid_country.csv",
            github_raw(
                "jacqpark/Aid-Lending-and-TRIPS-RIO",
                "c06f58073391feca6711c8bb4f58a925bef0449e",
                "us_foreign_aid_country.csv",
            ),
            "cbcdd3ebe0a4a5801fbc17ec797dfdd73319d42baed35e213ac5285e04299b43",
            upstream="ForeignAssistance.gov country summary file, republished unchanged",
        ),
    ),
    parse=_parse,
    caveats=(
        "Years are US federal fiscal years (October–September), not calendar years.",
        "FY2024 is partial (the file was built during FY2024 reporting) and there is no "
        "FY2025, so the 2025 aid cut is not visible; FY2023 is the last full year.",
        "Amounts mix economic and military assistance (no sector split).",
        "Regions, World and defunct entities are in region_observation; never add them to "
        "country totals.",
    ),
)

DATASETS = (US_FOREIGN_AID,)
