"""WHO Global Health Observatory exports: health expenditure (GHED) and nursing workforce (NHWA).

GHED files are GHO OData bulk exports (``SpatialDimension``, ``SpatialDimensionValueCode``,
``TimeDim``, ``NumericValue``). Country rows go to ``observation``; WHO region, World Bank
income group and global rows go to ``region_observation`` under WHO's names. WHO's own list of
country codes (``codes/COUNTRY.csv`` of the same download) checks that every country code in
the data is one WHO publishes. The NHWA file is a GHO export of a different shape
(``SpatialDimValueCode``, ``Period``, ``FactValueNumeric``) holding four indicators.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import WHO_TERMS, github_raw
from southsouth.sources.publishers.gho import GhoDimension, GhoIndicators
from southsouth.tabular import check_numeric, read_csv

GHED_REPO = "jaji-capstone/project_AfriHealth"
GHED_COMMIT = "2bc02d6f0569575137acebf4255982af8052af98"
GHED_FOLDER = "africa-health-spending/data/raw-data/who-ghed"
GHED_CITATION = (
    "World Health Organization, Global Health Expenditure Database (GHED), via the Global "
    "Health Observatory, indicator {code}, https://apps.who.int/nha/database"
)
GHED_VINTAGE = "GHED December 2024 release (GHO export of 2025-05-20); data 2000–2022"
GHED_CAVEATS = (
    "The latest year is 2022: GHED lags about two years.",
    "WHO terms (CC BY-NC-SA 3.0 IGO) are assumed; the download states no licence.",
)

#: GHO aggregate codes → WHO's names for them.
AGGREGATES = {
    "GLOBAL": "World (WHO global)",
    "AFR": "WHO African Region",
    "AMR": "WHO Region of the Americas",
    "SEAR": "WHO South-East Asia Region",
    "EUR": "WHO European Region",
    "EMR": "WHO Eastern Mediterranean Region",
    "WPR": "WHO Western Pacific Region",
    "WB_HI": "World Bank high income",
    "WB_UMI": "World Bank upper-middle income",
    "WB_LMI": "World Bank lower-middle income",
    "WB_LI": "World Bank low income",
}

CODES_RESOURCE = Resource(
    "who-country-codes.csv",
    "indicators/health/who_gho_codes_COUNTRY.csv",
    github_raw(GHED_REPO, GHED_COMMIT, f"{GHED_FOLDER}/codes/COUNTRY.csv"),
    "89f39be44a79c523e92f745920c5fba376d8f66dfa29b64df89b16c2dc9ff129",
    service=GhoDimension("COUNTRY"),
)


def _who_country_codes(inp: ParseInput) -> dict[str, str]:
    codes = read_csv(
        inp.path(CODES_RESOURCE.name),
        columns=["Dimension", "Code", "Title"],
        dtype=str,
        keep_default_na=False,
    )
    codes = codes[codes["Dimension"] == "COUNTRY"]
    return dict(zip(codes["Code"].str.strip(), codes["Title"], strict=True))


def _parse_ghed(inp: ParseInput, *, code: str, indicator: str) -> Mapping[str, pd.DataFrame]:
    path = inp.path("data.csv")
    frame = read_csv(
        path,
        columns=[
            "IndicatorCode",
            "SpatialDimension",
            "SpatialDimensionValueCode",
            "TimeDim",
            "NumericValue",
        ],
        dtype=str,
        keep_default_na=False,
    )
    found = set(frame["IndicatorCode"].unique())
    if found != {code}:
        raise ParseError(
            str(path),
            f"expected indicator {code} only, found {sorted(found)[:5]}",
            hint="the file is a GHO export of another indicator",
        )
    frame = frame.assign(
        year=check_numeric(frame, "TimeDim", path),
        value=check_numeric(frame, "NumericValue", path),
        place=frame["SpatialDimensionValueCode"].str.strip(),
    )
    blank = frame["value"].isna()
    if blank.any():
        per_place = frame.loc[blank, "place"].value_counts().sort_index()
        inp.report(
            "blank-value",
            "rows without a value (code × years): "
            + ", ".join(f"{place} ×{n}" for place, n in per_place.items()),
            int(blank.sum()),
        )
    frame = frame[~blank]
    is_country = frame["SpatialDimension"] == "COUNTRY"
    countries = frame[is_country]
    who_codes = _who_country_codes(inp)
    unknown = sorted(set(countries["place"]) - set(who_codes))
    if unknown:
        raise ParseError(
            str(path),
            f"country codes not in WHO's country list: {unknown[:10]}",
            hint="the data and the code list come from different GHO downloads",
        )
    countries = countries[inp.countries_only(countries["place"], what="WHO country codes")]
    observation = pd.DataFrame(
        {
            "country_iso3": countries["place"],
            "indicator": indicator,
            "year": countries["year"],
            "value": countries["value"],
            "flag": None,
        }
    )
    aggregates = frame[~is_country]
    unnamed = sorted(set(aggregates["place"]) - set(AGGREGATES))
    if unnamed:
        inp.report(
            "unknown-aggregate",
            "GHO aggregate codes without a name here, left out: " + ", ".join(unnamed),
            int(aggregates["place"].isin(unnamed).sum()),
        )
        aggregates = aggregates[~aggregates["place"].isin(unnamed)]
    region = pd.DataFrame(
        {
            "region": aggregates["place"].map(AGGREGATES),
            "indicator": indicator,
            "year": aggregates["year"],
            "value": aggregates["value"],
            "note": "GHO " + aggregates["SpatialDimension"] + " " + aggregates["place"],
        }
    )
    return {"observation": observation, "region_observation": region}


def _ghed(
    dataset_id: str, title: str, code: str, spec: IndicatorSpec, sha256: str, wdi: str
) -> Dataset:
    return Dataset(
        id=dataset_id,
        title=title,
        publisher="World Health Organization (GHED via GHO)",
        licence=WHO_TERMS,
        citation=GHED_CITATION.format(code=code),
        vintage=GHED_VINTAGE,
        format="csv (GHO OData export)",
        domain="indicators",
        homepage="https://apps.who.int/nha/database",
        resources=(
            Resource(
                "data.csv",
                f"indicators/health/who_gho_{code}.csv",
                github_raw(GHED_REPO, GHED_COMMIT, f"{GHED_FOLDER}/data/{code}.csv"),
                sha256,
                service=GhoIndicators((code,), "ghed"),
            ),
            CODES_RESOURCE,
        ),
        parse=partial(_parse_ghed, code=code, indicator=spec.id),
        tables=("observation", "region_observation"),
        indicators=(spec,),
        caveats=(*GHED_CAVEATS, f"Same concept as WDI {wdi}, which republishes GHED."),
    )


CHE_PER_CAPITA = _ghed(
    "who-ghed-che-per-capita",
    "Current health expenditure per capita, current US$ (GHED)",
    "GHED_CHE_pc_US_SHA2011",
    IndicatorSpec(
        "who_ghed_che_per_capita_usd",
        "Current health expenditure (CHE) per capita (GHED_CHE_pc_US_SHA2011)",
        "current US$ per person",
        "All current spending on health goods and services (SHA 2011), per person, US$.",
    ),
    "7003511a5fafacba6dfc6626f71ec8e7da2b87fecc747627bf3d9f40cb68ddc4",
    "SH.XPD.CHEX.PC.CD",
)

GOVERNMENT_SHARE = _ghed(
    "who-ghed-government-share-che",
    "Domestic general government health expenditure, % of CHE (GHED)",
    "GHED_GGHE-DCHE_SHA2011",
    IndicatorSpec(
        "who_ghed_gghe_d_pct_che",
        "Domestic general government health expenditure (GHED_GGHE-DCHE_SHA2011)",
        "% of current health expenditure",
        "Share of current health expenditure paid from domestic public sources (SHA 2011).",
    ),
    "48c1f51c75b4f3151f353351f4c35f8676a718bebcc7d648dee368ca0cc0bca3",
    "SH.XPD.GHED.CH.ZS",
)

EXTERNAL_SHARE = _ghed(
    "who-ghed-external-share-che",
    "External health expenditure, % of CHE (GHED)",
    "GHED_EXTCHE_SHA2011",
    IndicatorSpec(
        "who_ghed_ext_pct_che",
        "External health expenditure (GHED_EXTCHE_SHA2011)",
        "% of current health expenditure",
        "Share of current health expenditure financed by external (donor) sources. Blank for "
        "most high-income countries.",
    ),
    "831d43e7424e7f2bc3cc1f9bf672ddef480a1775fa82691ef654ae9c3712a8ee",
    "SH.XPD.EHEX.CH.ZS",
)

EXTERNAL_PER_CAPITA = _ghed(
    "who-ghed-external-per-capita",
    "External health expenditure per capita, current US$ (GHED)",
    "GHED_EXT_pc_US_SHA2011",
    IndicatorSpec(
        "who_ghed_ext_per_capita_usd",
        "External health expenditure per capita (GHED_EXT_pc_US_SHA2011)",
        "current US$ per person",
        "Health spending financed by external sources, per person, US$. Blank for most "
        "high-income countries.",
    ),
    "4b466d4300a7425c47f0e8efe95534b3f6a4332a752e2dd8f0916c6e3aaa84ea",
    "SH.XPD.EHEX.PC.CD",
)

NHWA_INDICATORS = {
    "HWF_0006": IndicatorSpec(
        "who_nhwa_nursing_midwifery_per_10k",
        "Nursing and midwifery personnel (NHWA HWF_0006)",
        "per 10,000 people",
        "WHO National Health Workforce Accounts density, per 10,000 population as WHO "
        "publishes it; divide by 10 for WDI SH.MED.NUMW.P3 (per 1,000).",
    ),
    "HWF_0007": IndicatorSpec(
        "who_nhwa_nursing_midwifery_count",
        "Nursing and midwifery personnel (NHWA HWF_0007)",
        "people",
        "Headcount of nursing and midwifery personnel (WHO NHWA).",
    ),
    "HWF_0008": IndicatorSpec(
        "who_nhwa_nursing_count",
        "Nursing personnel (NHWA HWF_0008)",
        "people",
        "Headcount of nursing personnel (WHO NHWA).",
    ),
    "HWF_0009": IndicatorSpec(
        "who_nhwa_midwifery_count",
        "Midwifery personnel (NHWA HWF_0009)",
        "people",
        "Headcount of midwifery personnel (WHO NHWA).",
    ),
}


def _parse_nhwa(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("data.csv")
    frame = read_csv(
        path,
        columns=[
            "IndicatorCode",
            "Location type",
            "SpatialDimValueCode",
            "Period",
            "FactValueNumeric",
        ],
        dtype=str,
        keep_default_na=False,
    )
    frame = frame.assign(
        year=check_numeric(frame, "Period", path),
        value=check_numeric(frame, "FactValueNumeric", path),
        place=frame["SpatialDimValueCode"].str.strip(),
    )
    other = ~frame["IndicatorCode"].isin(NHWA_INDICATORS)
    if other.any():
        inp.report(
            "other-indicator",
            "GHO indicators not part of this dataset, left out: "
            + ", ".join(sorted(frame.loc[other, "IndicatorCode"].unique())),
            int(other.sum()),
        )
    not_country = frame["Location type"] != "Country"
    if not_country.any():
        inp.report(
            "not-a-country",
            "non-country locations left out: "
            + ", ".join(sorted(frame.loc[not_country, "place"].unique())),
            int(not_country.sum()),
        )
    frame = frame[~other & ~not_country & frame["value"].notna()]
    frame = frame[inp.countries_only(frame["place"], what="WHO country codes")]
    observation = pd.DataFrame(
        {
            "country_iso3": frame["place"],
            "indicator": frame["IndicatorCode"].map({k: v.id for k, v in NHWA_INDICATORS.items()}),
            "year": frame["year"],
            "value": frame["value"],
            "flag": None,
        }
    )
    return {"observation": observation}


NURSING_MIDWIFERY = Dataset(
    id="who-nhwa-nursing-midwifery",
    title="Nursing and midwifery personnel: density and headcounts (WHO NHWA, HWF_0006–0009)",
    publisher="World Health Organization (National Health Workforce Accounts via GHO)",
    licence=WHO_TERMS,
    citation="World Health Organization, National Health Workforce Accounts, Global Health "
    "Observatory indicators HWF_0006–HWF_0009, https://www.who.int/data/gho",
    vintage="GHO export modified 2022-02-08; data 1990–2020",
    format="csv (GHO export)",
    domain="indicators",
    homepage="https://apps.who.int/nhwaportal/",
    resources=(
        Resource(
            "data.csv",
            "indicators/health/who_gho_nhwa_HWF_0006-0009_nursing_midwifery_2022download.csv",
            github_raw(
                "cghss/IHR-costing",
                "946e5a8939937563646b820842dbafba54b994b6",
                "data/generate-country-data/inputs/who/ursing_midwives_per10000.csv",
            ),
            "761e1fc664cff0fa3465b30379e0774d10748c2cf6fb840f05be8015e697db91",
            service=GhoIndicators(tuple(NHWA_INDICATORS), "nhwa"),
        ),
    ),
    parse=_parse_nhwa,
    tables=("observation",),
    indicators=tuple(NHWA_INDICATORS.values()),
    caveats=(
        "Old vintage (February 2022): no values after 2020, and few after 2019.",
        "Density HWF_0006 is per 10,000 people (WDI uses per 1,000).",
        "WHO terms (CC BY-NC-SA 3.0 IGO) are assumed; the download states no licence.",
    ),
)

DATASETS = (
    CHE_PER_CAPITA,
    GOVERNMENT_SHARE,
    EXTERNAL_SHARE,
    EXTERNAL_PER_CAPITA,
    NURSING_MIDWIFERY,
)
