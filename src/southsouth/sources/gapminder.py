"""Gapminder DDF datapoints: systema_globalis re-publications of WDI/WIPO series, and the
fasttrack population (UN WPP 2024 to 2100) and GDP per capita PPP files.

Each file is ``geo, time, <concept>`` (``country`` instead of ``geo`` in fasttrack), keyed by
Gapminder geo ids. Ids map to ISO3 through Gapminder's own geo entity table
(``iso3166_1_alpha3``), then through ``GEO_IDS`` for ids that table leaves without a code, then
as upper-cased ISO3 codes. Historical states and territory groups without a current ISO3
(``ussr``, ``yug``, ``cheslo``, ``chanisl``) are reported and left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import pandas as pd

from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import CC_BY_4, github_raw
from southsouth.tabular import check_numeric, read_csv

SYSTEMA_GLOBALIS = "open-numbers/ddf--gapminder--systema_globalis"
FASTTRACK = "open-numbers/ddf--gapminder--fasttrack"
PUBLISHER = "Gapminder"
HOMEPAGE = "https://www.gapminder.org/data/"

#: Gapminder geo ids whose entity row has no ISO 3166 code, mapped by hand.
GEO_IDS = {
    "kos": "XKX",  # Kosovo: no ISO 3166 code; XKX is the user-assigned code the EU and IMF use
}

#: UN World Population Prospects 2024: estimates end in 2023, the medium variant follows.
WPP_LAST_ESTIMATE_YEAR = 2023

GEO_RESOURCE = Resource(
    "gapminder-geo.csv",
    "indicators/geo/gapminder_ddf_entities_geo_country.csv",
    github_raw(
        SYSTEMA_GLOBALIS,
        "5918971d129612026f2ea5f51b15d7eb7e859e23",
        "ddf--entities--geo--country.csv",
    ),
    "eb9428941f8a2d7b6ce10feada30d723f8b5284fcb47e566128851a1637a4e35",
)


def geo_lookup(inp: ParseInput) -> dict[str, str]:
    """Gapminder geo id → ISO3 from the geo entity table, plus ``GEO_IDS``."""
    geo = read_csv(
        inp.path(GEO_RESOURCE.name),
        columns=["country", "iso3166_1_alpha3"],
        dtype=str,
        keep_default_na=False,
    )
    lookup = {
        gid.strip(): iso3.strip()
        for gid, iso3 in zip(geo["country"], geo["iso3166_1_alpha3"], strict=True)
        if iso3.strip()
    }
    return {**lookup, **GEO_IDS}


def geo_to_iso3(inp: ParseInput, ids: pd.Series) -> pd.Series:
    """Map Gapminder geo ids to ISO3 (None where there is none) and report the misses."""
    lookup = geo_lookup(inp)
    known = inp.crosswalk.iso3
    mapping: dict[str, str | None] = {}
    for gid in ids.unique():
        iso3 = lookup.get(gid)
        if iso3 is None and gid.upper() in known:
            iso3 = gid.upper()
        mapping[gid] = iso3
    missing = sorted(g for g, iso3 in mapping.items() if iso3 is None)
    if missing:
        inp.report(
            "unmapped-code",
            "Gapminder geo ids without a current ISO3 (historical states or territory groups), "
            "left out: " + ", ".join(missing),
            int(ids.isin(missing).sum()),
        )
    return ids.map(mapping).astype(object)


@dataclass(frozen=True)
class Concept:
    """One Gapminder datapoints file: its key column, value column and indicator."""

    key: str
    column: str
    spec: IndicatorSpec
    projection_after: int | None = None


def _parse(inp: ParseInput, *, concept: Concept) -> Mapping[str, pd.DataFrame]:
    path = inp.path("data.csv")
    frame = read_csv(
        path, columns=[concept.key, "time", concept.column], dtype=str, keep_default_na=False
    )
    frame = frame.assign(
        time=check_numeric(frame, "time", path), value=check_numeric(frame, concept.column, path)
    )
    frame = frame[frame["value"].notna()]
    iso3 = geo_to_iso3(inp, frame[concept.key].str.strip())
    frame = frame.assign(iso3=iso3)[iso3.notna()]
    frame = frame[inp.countries_only(frame["iso3"], what="Gapminder geo ids")]
    flag = None
    if concept.projection_after is not None:
        flag = frame["time"].gt(concept.projection_after).map({True: "projection", False: None})
    observation = pd.DataFrame(
        {
            "country_iso3": frame["iso3"],
            "indicator": concept.spec.id,
            "year": frame["time"],
            "value": frame["value"],
            "flag": flag,
        }
    )
    return {"observation": observation}


def _dataset(
    dataset_id: str,
    title: str,
    concept: Concept,
    *,
    repo: str,
    repo_path: str,
    commit: str,
    mirror_path: str,
    sha256: str,
    citation: str,
    vintage: str,
    caveats: tuple[str, ...] = (),
    publisher: str = PUBLISHER,
) -> Dataset:
    return Dataset(
        id=dataset_id,
        title=title,
        publisher=publisher,
        licence=CC_BY_4,
        citation=citation,
        vintage=vintage,
        format="csv (Gapminder DDF datapoints)",
        domain="indicators",
        homepage=HOMEPAGE,
        resources=(
            Resource("data.csv", mirror_path, github_raw(repo, commit, repo_path), sha256),
            GEO_RESOURCE,
        ),
        parse=partial(_parse, concept=concept),
        tables=("observation",),
        indicators=(concept.spec,),
        caveats=caveats,
    )


@dataclass(frozen=True)
class Update:
    """A systema_globalis commit and the date of the Gapminder update it holds (if stated)."""

    commit: str
    date: str | None = None

    def vintage(self, years: str) -> str:
        """The vintage of a file of this update covering ``years``."""
        updated = f"Gapminder update of {self.date}; " if self.date else ""
        return f"{updated}data {years}"


UPDATE_2025_07_06 = Update("16d53b2ddaa891bdc951ada60f04ea94ac3e2932", "2025-07-06")
UPDATE_2025_12_08 = Update("1a8e0d6189e3fc2aa2a0b121dd63e1f877ac4bb7", "2025-12-08")
UPDATE_2026_02_23 = Update("efff876b47bb12d0d7fb0d97a8e0e6896d3f5b57", "2026-02-23")
UNDATED = Update("7ce348e4d0ea3961ba7bad960a60e37b2843232c")


def _systema_globalis(
    dataset_id: str,
    title: str,
    column: str,
    spec: IndicatorSpec,
    *,
    wdi_code: str,
    publisher: str,
    file: str,
    sha256: str,
    update: Update,
    years: str,
    caveats: tuple[str, ...] = (),
) -> Dataset:
    """A systema_globalis datapoints file (``geo, time, <column>``) mirrored as ``file``."""
    return _dataset(
        dataset_id,
        title,
        Concept("geo", column, spec),
        repo=SYSTEMA_GLOBALIS,
        repo_path=f"countries-etc-datapoints/ddf--datapoints--{column}--by--geo--time.csv",
        commit=update.commit,
        mirror_path=f"indicators/{file}",
        sha256=sha256,
        citation=f"{publisher}, {wdi_code}, as republished by Gapminder (systema_globalis, "
        "CC BY 4.0), https://github.com/open-numbers/ddf--gapminder--systema_globalis",
        vintage=update.vintage(years),
        caveats=caveats,
        publisher=f"{publisher} via Gapminder",
    )


DEBT_CAVEAT = (
    "Only the ~121 low- and middle-income countries reporting to the World Bank Debtor "
    "Reporting System are covered."
)
DEBT_NOTE = "World Bank International Debt Statistics via WDI and Gapminder systema_globalis."

INTERNET = _systema_globalis(
    "gapminder-internet-users",
    "Individuals using the Internet, % of population (WDI IT.NET.USER.ZS, ITU)",
    "internet_users",
    IndicatorSpec(
        "gapminder_internet_users_pct",
        "Individuals using the Internet (WDI IT.NET.USER.ZS)",
        "% of population",
        "ITU estimate of Internet users, via WDI and Gapminder systema_globalis.",
    ),
    wdi_code="IT.NET.USER.ZS",
    publisher="ITU / World Bank WDI",
    file="ict/sg_IT.NET.USER.ZS_internet_users_pct.csv",
    sha256="419483eb92b38182339334345ff0cc4780097f999b70dfe393e56a29f94aff41",
    update=UPDATE_2025_12_08,
    years="1990–2024 (2024 for ~50 countries)",
)

BROADBAND = _systema_globalis(
    "gapminder-fixed-broadband",
    "Fixed broadband subscriptions per 100 people (WDI IT.NET.BBND.P2, ITU)",
    "broadband_subscribers_per_100_people",
    IndicatorSpec(
        "gapminder_fixed_broadband_per_100",
        "Fixed broadband subscriptions (WDI IT.NET.BBND.P2)",
        "per 100 people",
        "ITU fixed broadband subscriptions, via WDI and Gapminder systema_globalis.",
    ),
    wdi_code="IT.NET.BBND.P2",
    publisher="ITU / World Bank WDI",
    file="ict/sg_IT.NET.BBND.P2_fixed_broadband_per100.csv",
    sha256="eb7e4610d02e6c4a658cf4885cccbdff10d44f2bb89c933283223dca9de64f53",
    update=UPDATE_2025_07_06,
    years="1998–2023",
)

HIGH_TECH = _systema_globalis(
    "gapminder-high-tech-exports",
    "High-technology exports, % of manufactured exports (WDI TX.VAL.TECH.MF.ZS)",
    "high_technology_exports_percent_of_manufactured_exports",
    IndicatorSpec(
        "gapminder_high_tech_exports_pct_manufactured",
        "High-technology exports (WDI TX.VAL.TECH.MF.ZS)",
        "% of manufactured exports",
        "UN Comtrade-based WDI series, via Gapminder systema_globalis.",
    ),
    wdi_code="TX.VAL.TECH.MF.ZS",
    publisher="UN Comtrade / World Bank WDI",
    file="ict/sg_TX.VAL.TECH.MF.ZS_hightech_exports_pct_manuf.csv",
    sha256="d2421f22ab695984e9cf52bd06db70eb7844e79e01bb41af92e3feb3d2ab0012",
    update=UPDATE_2026_02_23,
    years="2007–2024",
    caveats=("The series starts in 2007.",),
)

PHYSICIANS = _systema_globalis(
    "gapminder-physicians",
    "Physicians per 1,000 people (WDI SH.MED.PHYS.ZS, WHO NHWA)",
    "medical_doctors_per_1000_people",
    IndicatorSpec(
        "gapminder_physicians_per_1000",
        "Physicians (WDI SH.MED.PHYS.ZS)",
        "per 1,000 people",
        "WHO National Health Workforce Accounts via WDI and Gapminder systema_globalis.",
    ),
    wdi_code="SH.MED.PHYS.ZS",
    publisher="WHO NHWA / World Bank WDI",
    file="health/sg_SH.MED.PHYS.ZS_physicians_per1000.csv",
    sha256="d5e788a7fc81f4ec744e65e6883b6e310b5eaf92ce06706ed6335edce2be2584",
    update=UPDATE_2026_02_23,
    years="1960–2023",
    caveats=("Reporting is irregular: use each country's latest available year.",),
)

PATENTS = _systema_globalis(
    "gapminder-patent-applications",
    "Patent applications, total (WIPO)",
    "patent_applications_total",
    IndicatorSpec(
        "gapminder_patent_applications",
        "Patent applications, total (WIPO)",
        "applications",
        "WIPO IP statistics, Gapminder concept patent_applications_total.",
    ),
    wdi_code="WIPO patent applications",
    publisher="WIPO",
    file="science/sg_wipo_patent_applications_total.csv",
    sha256="199826ce77db60b178b74d4bf5e8d10eba47eb767365cabec0d33df84781d021",
    update=UPDATE_2026_02_23,
    years="1980–2024",
)

MILEX_PCT_GDP = _systema_globalis(
    "gapminder-military-expenditure",
    "Military expenditure, % of GDP (WDI MS.MIL.XPND.GD.ZS, SIPRI)",
    "military_expenditure_percent_of_gdp",
    IndicatorSpec(
        "gapminder_milex_pct_gdp",
        "Military expenditure (WDI MS.MIL.XPND.GD.ZS)",
        "% of GDP",
        "SIPRI's share-of-GDP series in PERCENT as carried by WDI and Gapminder (to 2024). "
        "Not the same id as sipri_milex_share_of_gdp, which is SIPRI's 2024 workbook as a "
        "FRACTION (0.0817 = 8.17 %); values may differ slightly by release.",
    ),
    wdi_code="MS.MIL.XPND.GD.ZS",
    publisher="SIPRI / World Bank WDI",
    file="military/sg_MS.MIL.XPND.GD.ZS_milex_pct_gdp.csv",
    sha256="0d9ccd3017f100e3c1e6f2a0537ad745e77aa0bbe68411ca345456a16e532f6f",
    update=UPDATE_2026_02_23,
    years="1960–2024",
    caveats=("Percent, not a fraction; may differ slightly from the SIPRI 2024 workbook.",),
)

TIV_UNIT = "SIPRI trend-indicator value, WDI scale (TIV millions × 1,000,000)"
TIV_NOTE = (
    "SIPRI TIV measure the volume of major-weapon transfers, not their price; WDI "
    "writes 1 TIV million as 1,000,000."
)
TIV_CAVEAT = "TIV is a volume index of major weapons, not a financial value."

ARMS_IMPORTS = _systema_globalis(
    "gapminder-arms-imports",
    "Arms imports, SIPRI trend-indicator values (WDI MS.MIL.MPRT.KD)",
    "arms_imports_sipri_tiv",
    IndicatorSpec(
        "gapminder_arms_imports_tiv", "Arms imports (WDI MS.MIL.MPRT.KD)", TIV_UNIT, TIV_NOTE
    ),
    wdi_code="MS.MIL.MPRT.KD",
    publisher="SIPRI / World Bank WDI",
    file="military/sg_MS.MIL.MPRT.KD_arms_imports_sipri_tiv.csv",
    sha256="c1528a1de6391bab96cf5646832b421ff77b325d1988eb65d519a2c0b090963b",
    update=UPDATE_2025_12_08,
    years="1960–2024",
    caveats=(TIV_CAVEAT,),
)

ARMS_EXPORTS = _systema_globalis(
    "gapminder-arms-exports",
    "Arms exports, SIPRI trend-indicator values (WDI MS.MIL.XPRT.KD)",
    "arms_exports_sipri_tiv",
    IndicatorSpec(
        "gapminder_arms_exports_tiv", "Arms exports (WDI MS.MIL.XPRT.KD)", TIV_UNIT, TIV_NOTE
    ),
    wdi_code="MS.MIL.XPRT.KD",
    publisher="SIPRI / World Bank WDI",
    file="military/sg_MS.MIL.XPRT.KD_arms_exports_sipri_tiv.csv",
    sha256="dd2ac0290af50524784e70dc44c5c758fa512bdfe3fd35da197c0ca4b1237c3e",
    update=UPDATE_2025_12_08,
    years="1960–2024",
    caveats=(TIV_CAVEAT,),
)

ARMED_FORCES = _systema_globalis(
    "gapminder-armed-forces",
    "Armed forces personnel, total (WDI MS.MIL.TOTL.P1, IISS)",
    "armed_forces_personnel_total",
    IndicatorSpec(
        "gapminder_armed_forces_personnel",
        "Armed forces personnel, total (WDI MS.MIL.TOTL.P1)",
        "people",
        "IISS Military Balance via WDI and Gapminder systema_globalis.",
    ),
    wdi_code="MS.MIL.TOTL.P1",
    publisher="IISS / World Bank WDI",
    file="military/sg_MS.MIL.TOTL.P1_armed_forces_personnel.csv",
    sha256="b485626fdc39ab3b1f2cdbfaf690630d8534d178a44d34edc0e1dcf2f7b95086",
    update=UNDATED,
    years="1985–2020",
    caveats=("Ends in 2020.",),
)

EXTERNAL_DEBT = _systema_globalis(
    "gapminder-external-debt",
    "External debt stocks, total, current US$ (WDI DT.DOD.DECT.CD)",
    "external_debt_total_us_not_inflation_adjusted",
    IndicatorSpec(
        "gapminder_external_debt_usd",
        "External debt stocks, total (WDI DT.DOD.DECT.CD)",
        "current US$",
        DEBT_NOTE,
    ),
    wdi_code="DT.DOD.DECT.CD",
    publisher="World Bank International Debt Statistics",
    file="debt/sg_DT.DOD.DECT.CD_external_debt_stocks_usd.csv",
    sha256="033de05268d229dec37e68c3ec7bbe86b11fed7b6e886c86d7f472956cf6cc75",
    update=UPDATE_2026_02_23,
    years="1970–2024",
    caveats=(DEBT_CAVEAT,),
)

DEBT_SERVICE = _systema_globalis(
    "gapminder-debt-service",
    "Total debt service, % of exports and primary income (WDI DT.TDS.DECT.EX.ZS)",
    "debt_servicing_costs_percent_of_exports_and_net_income_from_abroad",
    IndicatorSpec(
        "gapminder_debt_service_pct_exports",
        "Total debt service (WDI DT.TDS.DECT.EX.ZS)",
        "% of exports of goods, services and primary income",
        DEBT_NOTE,
    ),
    wdi_code="DT.TDS.DECT.EX.ZS",
    publisher="World Bank International Debt Statistics",
    file="debt/sg_DT.TDS.DECT.EX.ZS_debt_service_pct_exports.csv",
    sha256="43bf28944dc2b001e68092a088a26e4b1b63c7a37b1f5989451b725256ab278c",
    update=UPDATE_2026_02_23,
    years="1970–2024",
    caveats=(DEBT_CAVEAT,),
)

EXTERNAL_DEBT_GNI = _systema_globalis(
    "gapminder-external-debt-gni",
    "External debt stocks, % of GNI (WDI DT.DOD.DECT.GN.ZS)",
    "debt_to_foreigners_by_public_and_private_percent_of_gni",
    IndicatorSpec(
        "gapminder_external_debt_pct_gni",
        "External debt stocks (WDI DT.DOD.DECT.GN.ZS)",
        "% of GNI",
        DEBT_NOTE,
    ),
    wdi_code="DT.DOD.DECT.GN.ZS",
    publisher="World Bank International Debt Statistics",
    file="debt/sg_DT.DOD.DECT.GN.ZS_external_debt_pct_gni.csv",
    sha256="7c4c6cb19439577518ff3737cc3eab4bb21c7a3130387b72cced6c33131a1b8f",
    update=UPDATE_2026_02_23,
    years="1970–2024",
    caveats=(DEBT_CAVEAT,),
)

POPULATION = _dataset(
    "gapminder-population",
    "Population v8, 1800–2100 (UN World Population Prospects 2024 from 1950)",
    Concept(
        "country",
        "pop",
        IndicatorSpec(
            "gapminder_population",
            "Population (Gapminder v8 / UN WPP 2024)",
            "people",
            "Gapminder population v8: UN World Population Prospects 2024 for 1950–2100 "
            "(medium variant after 2023, flagged 'projection'), Gapminder estimates before 1950.",
        ),
        projection_after=WPP_LAST_ESTIMATE_YEAR,
    ),
    repo=FASTTRACK,
    repo_path="countries_etc_datapoints/ddf--datapoints--pop--by--country--time.csv",
    commit="0efa2365af870e0ae8056f3b9b88582a223be167",
    mirror_path="indicators/population/gapminder_pop_v8_wpp2024_1800_2100.csv",
    sha256="87e96a3555f00437e1fcd85c715f8be029de64ac100d2c32085f97d25aa4f491",
    citation="Gapminder, Population v8 (gapm.io/dpop), based on UN DESA World Population "
    "Prospects 2024",
    vintage="Gapminder v8 of 2024-07-29 (UN WPP 2024); estimates to 2023, projections 2024–2100",
    caveats=(
        "Values after 2023 are UN WPP 2024 medium-variant projections (flag 'projection').",
        "Gapminder's packaging of WPP, not the UN file itself; small territories may differ.",
    ),
    publisher="Gapminder (UN DESA World Population Prospects 2024)",
)

GDP_PER_CAPITA_PPP = _dataset(
    "gapminder-gdp-per-capita-ppp",
    "GDP per capita, PPP, constant 2021 international $ (Gapminder v32)",
    Concept(
        "country",
        "gdp_pcap",
        IndicatorSpec(
            "gapminder_gdp_per_capita_ppp_2021",
            "GDP per capita, PPP (Gapminder v32)",
            "constant 2021 international $ per person",
            "Gapminder v32 from WDI (ICP 2021 PPPs), Maddison Project (history) and IMF WEO "
            "forecasts, extended to 2100. Not WDI NY.GDP.PCAP.PP.CD (current international $).",
        ),
    ),
    repo=FASTTRACK,
    repo_path="countries_etc_datapoints/ddf--datapoints--gdp_pcap--by--country--time.csv",
    commit="2e3556e0f7355b953a441737e7f298febe088f89",
    mirror_path="indicators/economy/gapminder_gdp_pcap_ppp_const2021_v32_1800_2100.csv",
    sha256="0474f3fe4e77035308f66d59c82dc27e4ed1138109a58e6aed85fae5a39cd764",
    citation="Gapminder, GDP per capita in constant PPP dollars v32 (gapm.io/dgdpcap_cppp)",
    vintage="Gapminder v32 of 2025-09-20; data 1800–2100",
    caveats=(
        "Values after the latest WDI year are IMF forecasts and Gapminder extrapolations.",
        "Constant 2021 international $, not current international $.",
    ),
)

DATASETS = (
    POPULATION,
    GDP_PER_CAPITA_PPP,
    INTERNET,
    BROADBAND,
    HIGH_TECH,
    PHYSICIANS,
    PATENTS,
    MILEX_PCT_GDP,
    ARMS_IMPORTS,
    ARMS_EXPORTS,
    ARMED_FORCES,
    EXTERNAL_DEBT,
    DEBT_SERVICE,
    EXTERNAL_DEBT_GNI,
)
