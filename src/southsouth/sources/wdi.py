"""World Bank World Development Indicators: population, GDP, GDP per capita, R&D, researchers,
net ODA received as % of GNI.

Two layouts reach us. The DataHub refreshes (``datasets/population``, ``datasets/gdp``) are
already long: ``Country Name, Country Code, Year, Value``. The World Bank's own bulk download
(``API_<code>_DS2_en_csv_v2_*.csv``) has four metadata lines, a UTF-8 byte-order mark and one
column per year; it is melted to long here. Both carry World Bank aggregates (WLD, SSF, income
groups, …) beside the economies: economies with an ISO3 code go to ``observation``, everything
else (aggregates and the Channel Islands) to ``region_observation`` under the World Bank's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from pathlib import Path

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import CC_BY_4, github_raw
from southsouth.sources.publishers.worldbank import WorldBankIndicator
from southsouth.tabular import check_numeric, read_csv

CITATION = "World Bank, World Development Indicators ({code}), https://data.worldbank.org"
PUBLISHER = "World Bank (World Development Indicators)"
HOMEPAGE = "https://databank.worldbank.org/source/world-development-indicators"
BULK_REPO = "Zavvnr/Zavier-ISS-Presentation-Data"
AGGREGATES_CAVEAT = (
    "World Bank aggregates (World, regions, income groups) are kept apart in "
    "region_observation; they are the World Bank's own aggregates, not sums of the countries here."
)

_YEAR = re.compile(r"^\d{4}$")
#: Lines before the header in a World Bank bulk CSV (two metadata lines, two blank lines).
BULK_PREAMBLE = 4


def read_long(path: Path) -> pd.DataFrame:
    """A DataHub WDI file (Country Name, Country Code, Year, Value) with numeric checks."""
    frame = read_csv(
        path,
        columns=["Country Name", "Country Code", "Year", "Value"],
        dtype=str,
        keep_default_na=False,
    )
    out = pd.DataFrame(
        {
            "name": frame["Country Name"],
            "code": frame["Country Code"].str.strip(),
            "year": check_numeric(frame, "Year", path),
            "value": check_numeric(frame, "Value", path),
        }
    )
    return out[out["value"].notna()]


def read_bulk(path: Path, indicator_code: str) -> pd.DataFrame:
    """A World Bank bulk-download CSV melted to (name, code, year, value).

    Raises ParseError naming the file when the preamble, the header, the indicator code or a
    value is not what a World Bank bulk file of ``indicator_code`` holds.
    """
    try:
        with path.open(encoding="utf-8-sig") as handle:
            first = handle.readline()
    except UnicodeDecodeError as exc:
        raise ParseError(str(path), f"not valid UTF-8 text ({exc.reason})") from exc
    if not first.startswith('"Data Source"'):
        raise ParseError(
            str(path),
            f"line 1 is {first.strip()[:60]!r}, not the World Bank preamble '\"Data Source\",…'",
            line=1,
            hint="this is not a World Bank bulk-download CSV, or the file is damaged",
        )
    frame = read_csv(
        path,
        columns=["Country Name", "Country Code", "Indicator Code"],
        skiprows=BULK_PREAMBLE,
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    codes = set(frame["Indicator Code"].unique())
    if codes != {indicator_code}:
        raise ParseError(
            str(path),
            f"expected indicator {indicator_code} only, found {sorted(codes)[:5]}",
            hint="the file is for another World Bank series",
        )
    years = [c for c in frame.columns if _YEAR.match(str(c))]
    if not years:
        raise ParseError(str(path), "no year columns (1960, 1961, …) in the header")
    wide = pd.DataFrame({"name": frame["Country Name"], "code": frame["Country Code"].str.strip()})
    for year in years:
        wide[year] = check_numeric(frame, year, path, header_lines=BULK_PREAMBLE + 1)
    long = wide.melt(id_vars=["name", "code"], var_name="year", value_name="value")
    long["year"] = long["year"].astype(int)
    return long[long["value"].notna()]


def split_countries(
    inp: ParseInput, frame: pd.DataFrame, indicator: str
) -> dict[str, pd.DataFrame]:
    """Economies with an ISO3 code → observation; World Bank aggregates → region_observation."""
    is_country = frame["code"].isin(inp.crosswalk.iso3)
    regions = frame[~is_country]
    if not regions.empty:
        names = regions.drop_duplicates("code").sort_values("code")
        inp.report(
            "not-a-country",
            "World Bank aggregates stored in region_observation, not observation: "
            + "; ".join(f"{c} ({n})" for c, n in zip(names["code"], names["name"], strict=True)),
            len(regions),
        )
    countries = frame[is_country]
    observation = pd.DataFrame(
        {
            "country_iso3": countries["code"],
            "indicator": indicator,
            "year": countries["year"],
            "value": countries["value"],
            "flag": None,
        }
    )
    region = pd.DataFrame(
        {
            "region": regions["name"],
            "indicator": indicator,
            "year": regions["year"],
            "value": regions["value"],
            "note": "World Bank aggregate " + regions["code"],
        }
    )
    return {"observation": observation, "region_observation": region}


def _parse_long(inp: ParseInput, *, indicator: str) -> Mapping[str, pd.DataFrame]:
    return split_countries(inp, read_long(inp.path("data.csv")), indicator)


def _parse_bulk(inp: ParseInput, *, indicator: str, code: str) -> Mapping[str, pd.DataFrame]:
    return split_countries(inp, read_bulk(inp.path("data.csv"), code), indicator)


POPULATION = IndicatorSpec(
    "wdi_population",
    "Population, total (WDI SP.POP.TOTL)",
    "people",
    "Midyear de facto population, World Bank WDI (UN WPP and national sources). Estimates "
    "only; for projections see gapminder_population.",
)
GDP = IndicatorSpec(
    "wdi_gdp_current_usd",
    "GDP (WDI NY.GDP.MKTP.CD)",
    "current US$",
    "Gross domestic product at purchaser's prices, current US dollars (World Bank and OECD "
    "national accounts).",
)
GDP_PER_CAPITA = IndicatorSpec(
    "wdi_gdp_per_capita_current_usd",
    "GDP per capita (WDI NY.GDP.PCAP.CD)",
    "current US$ per person",
    "GDP divided by midyear population, current US dollars.",
)
RD_EXPENDITURE = IndicatorSpec(
    "wdi_rd_expenditure_pct_gdp",
    "Research and development expenditure (WDI GB.XPD.RSDV.GD.ZS)",
    "% of GDP",
    "Gross domestic expenditure on R&D as a percentage of GDP (UNESCO Institute for Statistics).",
)
RESEARCHERS = IndicatorSpec(
    "wdi_researchers_per_million",
    "Researchers in R&D (WDI SP.POP.SCIE.RD.P6)",
    "per million people",
    "Full-time-equivalent researchers per million people (UNESCO Institute for Statistics).",
)

ODA_PCT_GNI = IndicatorSpec(
    "wdi_oda_received_pct_gni",
    "Net ODA received (WDI DT.ODA.ODAT.GN.ZS)",
    "% of GNI",
    "Net official development assistance received (OECD DAC data: disbursements of "
    "concessional loans and grants, net of repayments) as a percentage of the recipient's GNI.",
)


#: A WDI dataset: economies go to ``observation``, World Bank aggregates to ``region_observation``.
_wdi = partial(
    Dataset,
    publisher=PUBLISHER,
    licence=CC_BY_4,
    domain="indicators",
    tables=("observation", "region_observation"),
)


def _long_dataset(
    dataset_id: str,
    title: str,
    spec: IndicatorSpec,
    code: str,
    *,
    repo: str,
    commit: str,
    repo_path: str,
    mirror_path: str,
    sha256: str,
    vintage: str,
    caveat: str,
) -> Dataset:
    """A DataHub refresh of WDI series ``code`` (``repo``), already long."""
    return _wdi(
        id=dataset_id,
        title=title,
        citation=CITATION.format(code=code) + f"; DataHub {repo}",
        vintage=vintage,
        format="csv (long)",
        homepage=HOMEPAGE,
        resources=(
            Resource(
                "data.csv",
                mirror_path,
                github_raw(repo, commit, repo_path),
                sha256,
                service=WorldBankIndicator(code, "long"),
            ),
        ),
        parse=partial(_parse_long, indicator=spec.id),
        indicators=(spec,),
        caveats=(AGGREGATES_CAVEAT, caveat),
    )


def _bulk_dataset(
    dataset_id: str,
    title: str,
    spec: IndicatorSpec,
    code: str,
    mirror_path: str,
    repo_path: str,
    commit: str,
    sha256: str,
    vintage: str,
    caveats: tuple[str, ...] = (),
) -> Dataset:
    """A World Bank bulk download of series ``code`` (wide), republished in ``BULK_REPO``."""
    return _wdi(
        id=dataset_id,
        title=title,
        citation=CITATION.format(code=code),
        vintage=vintage,
        format="csv (World Bank bulk download, wide)",
        homepage=f"https://data.worldbank.org/indicator/{code}",
        resources=(
            Resource(
                "data.csv",
                mirror_path,
                github_raw(BULK_REPO, commit, repo_path),
                sha256,
                service=WorldBankIndicator(code, "bulk"),
            ),
        ),
        parse=partial(_parse_bulk, indicator=spec.id, code=code),
        indicators=(spec,),
        caveats=(AGGREGATES_CAVEAT, *caveats),
    )


WDI_POPULATION = _long_dataset(
    "wdi-population",
    "Population, total (WDI SP.POP.TOTL)",
    POPULATION,
    "SP.POP.TOTL",
    repo="datasets/population",
    commit="425fc447a53a26c767a15a7de60c4cc2478a0595",
    repo_path="data/population.csv",
    mirror_path="indicators/population/wdi_SP.POP.TOTL_population_1960_2024.csv",
    sha256="7d2dd6a17f5ed7916de1f89a9c116791e64d207f2e2f6ce47c57e1ab46f0088a",
    vintage="DataHub refresh of 2026-03-06; data 1960–2024",
    caveat="No projections: see gapminder-population for 2025–2100.",
)

WDI_GDP = _long_dataset(
    "wdi-gdp",
    "GDP, current US$ (WDI NY.GDP.MKTP.CD)",
    GDP,
    "NY.GDP.MKTP.CD",
    repo="datasets/gdp",
    commit="1cdcd2eb2364edd9da24bcbe134c1a9e0fb4c693",
    repo_path="data/gdp.csv",
    mirror_path="indicators/economy/wdi_NY.GDP.MKTP.CD_gdp_current_usd_1960_2023.csv",
    sha256="f0a8408195646dbb1a9d7fc4424e2d302ee5380d0ec8834793f12ca25cbd7e2c",
    vintage="DataHub refresh of 2024-10-21; data 1960–2023",
    caveat="October 2024 vintage, older than the other WDI files: no 2024 values.",
)

WDI_GDP_PER_CAPITA = _bulk_dataset(
    "wdi-gdp-per-capita",
    "GDP per capita, current US$ (WDI NY.GDP.PCAP.CD)",
    GDP_PER_CAPITA,
    "NY.GDP.PCAP.CD",
    "indicators/economy/wdi_API_NY.GDP.PCAP.CD_gdp_per_capita_current_usd.csv",
    "data/API_NY.GDP.PCAP.CD_DS2_en_csv_v2_33610.csv",
    "7b72244d60de456e16b781d1dc14726f9e0937dc",
    "b94a80de9d5ccdf5acb578bc27563b8d3c7a2ed1fa980766715b43d224ec4e08",
    "WDI last updated 2026-07-13; data 1960–2025",
)

WDI_RD_EXPENDITURE = _bulk_dataset(
    "wdi-rd-expenditure",
    "Research and development expenditure, % of GDP (WDI GB.XPD.RSDV.GD.ZS)",
    RD_EXPENDITURE,
    "GB.XPD.RSDV.GD.ZS",
    "indicators/science/wdi_API_GB.XPD.RSDV.GD.ZS_rd_expenditure_pct_gdp.csv",
    "data/API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_232.csv",
    "ba3917147a39b2c30f1509519a364a2c41f86085",
    "7a48885291793c52c7547e0d7c90387b26a2e2757f8f380ed1c45b889821c934",
    "WDI last updated 2026-07-13; data 1996–2024",
    (
        "Sparse for low-income countries; e.g. India's latest value is 2020. "
        "Use each country's latest year.",
    ),
)

WDI_RESEARCHERS = _bulk_dataset(
    "wdi-researchers",
    "Researchers in R&D per million people (WDI SP.POP.SCIE.RD.P6)",
    RESEARCHERS,
    "SP.POP.SCIE.RD.P6",
    "indicators/science/wdi_API_SP.POP.SCIE.RD.P6_researchers_per_million.csv",
    "data/API_SP.POP.SCIE.RD.P6_DS2_en_csv_v2_37695.csv",
    "ba3917147a39b2c30f1509519a364a2c41f86085",
    "12b3dcc992a678dca47a4867b454aa161fafd0c9658a9c3b961929049ef3283c",
    "WDI last updated 2026-07-13; data 1996–2024",
    ("Sparse: about 90 countries report in any recent year.",),
)

ODA_REPO = "hdesaioecd/oecd-sof-2022-public"
WDI_ODA_PCT_GNI = _wdi(
    id="wdi-oda-pct-gni",
    title="Net ODA received, % of GNI (WDI DT.ODA.ODAT.GN.ZS)",
    citation=CITATION.format(code="DT.ODA.ODAT.GN.ZS") + " (OECD DAC data)",
    vintage="WDI last updated 2021-12-16; data 1960–2019 (2020 column empty)",
    format="csv (World Bank bulk download, wide)",
    domain="finance",
    homepage="https://data.worldbank.org/indicator/DT.ODA.ODAT.GN.ZS",
    resources=(
        Resource(
            "data.csv",
            "finance/wdi_API_DT.ODA.ODAT.GN.ZS_oda_received_pct_gni.csv",
            github_raw(
                ODA_REPO,
                "4825f9a4ca4ebaa2d0bf3ac19695083d24a4bfa2",
                "data/2020 sfr model data/API_DT/API_DT.ODA.ODAT.GN.ZS_DS2_en_csv_v2_3470450.csv",
            ),
            "e2469bdad991fdf0bdfa0c5738f594a2f2a1ce8da9e8b2cc989931fda5b9cd9c",
            upstream="World Bank bulk download republished in the OECD States of Fragility "
            "2022 replication files",
            service=WorldBankIndicator("DT.ODA.ODAT.GN.ZS", "bulk"),
        ),
    ),
    parse=partial(_parse_bulk, indicator=ODA_PCT_GNI.id, code="DT.ODA.ODAT.GN.ZS"),
    indicators=(ODA_PCT_GNI,),
    caveats=(
        AGGREGATES_CAVEAT,
        "Stale: December 2021 vintage, values to 2019 (about 175 recipients in 2019); "
        "no newer copy is in the mirror. Fetch the current series for recent years.",
    ),
)

DATASETS = (
    WDI_POPULATION,
    WDI_GDP,
    WDI_GDP_PER_CAPITA,
    WDI_RD_EXPENDITURE,
    WDI_RESEARCHERS,
    WDI_ODA_PCT_GNI,
)
