"""AidData Global Chinese Development Finance Dataset 3.0 (commitments 2000–2021), three cuts.

The project-level GCDF 3.0 files are not mirrored; three published aggregates are, each summing
the projects AidData recommends for aggregates in constant 2021 US dollars:

* ``aiddata-gcdf3-country-totals`` (Teal Insights' ``aiddataviz``): total commitments per
  recipient over 2000–2021 (US$ bn, stored as year 2021 with the period in the indicator id)
  and the commitment-weighted mean interest rate.
* ``aiddata-gcdf3-country-year`` (Miles Williams' ``odadata``): per recipient and year, the
  amounts by flow class: OOF-like (other official flows, loan-like; the best proxy for debt),
  ODA-like (aid-like) and vague official finance, each as AidData's amount and its
  "adjusted amount", in constant 2021 US$. Recipients are COW-coded and mapped to ISO3.
* ``aiddata-gcdf3-world-flows`` (``aiddataviz``): world commitments per year and flow class
  (US$ bn), in ``region_observation`` under region "World"; these include regional and
  multi-country projects that the country files leave out.

Units are kept as each publisher gives them (billions in the Teal files, dollars in odadata).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.country_year import (
    country_year_table,
    drop_duplicate_country_years,
    melt_indicators,
    report_missing,
)
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Parser, Resource
from southsouth.sources.licences import AIDDATA_TERMS, github_raw
from southsouth.tabular import check_numeric, read_csv

TEAL_REPO = "Teal-Insights/aiddataviz"
TEAL_COMMIT = "c2110e3c3be17230160656ffddd83d308bac4b27"
PERIOD_END = 2021
PERIOD_FLAG = "total 2000–2021"
CITATION = (
    "Custer, S. et al. (2023), Tracking Chinese Development Finance: An Application of "
    "AidData's TUFF 3.0 Methodology, AidData at William & Mary; Dreher, A., A. Fuchs, B. Parks, "
    "A. Strange and M. Tierney (2022), Banking on Beijing, Cambridge University Press; "
    "Global Chinese Development Finance Dataset, Version 3.0"
)
PUBLISHER = "AidData at William & Mary"
HOMEPAGE = (
    "https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0"
)
USD_BN = "constant 2021 US$ bn"
USD = "constant 2021 US$"

TOTAL = IndicatorSpec(
    "gcdf3_commitments_2000_2021",
    "Chinese development finance commitments, total 2000–2021 (AidData GCDF 3.0)",
    USD_BN,
    "Sum of the recipient's GCDF 3.0 projects recommended for aggregates, committed 2000–2021, "
    "in constant 2021 US dollars (billions); all flow classes. Stored as year 2021.",
)
RATE = IndicatorSpec(
    "gcdf3_weighted_interest_rate_2000_2021",
    "Commitment-weighted mean interest rate of Chinese lending, 2000–2021 (AidData GCDF 3.0)",
    "% per year",
    "Mean interest rate of the recipient's GCDF 3.0 commitments 2000–2021 with a known rate, "
    "weighted by commitment amount (Teal Insights' aggregation). Stored as year 2021.",
)
CLASSES = {
    "oof": ("OOF-like", "other official flows (loan-like; the best proxy for debt)"),
    "oda": ("ODA-like", "official development assistance-like flows (aid-like)"),
    "vof": ("vague official finance", "official finance that cannot be classed as ODA or OOF"),
}


def _year_spec(flow: str, adjusted: bool) -> IndicatorSpec:
    label, meaning = CLASSES[flow]
    suffix = "_adjusted" if adjusted else ""
    kind = "AidData's adjusted amount" if adjusted else "amount"
    return IndicatorSpec(
        f"gcdf3_{flow}_commitments{suffix}",
        f"Chinese {label} commitments{' (adjusted)' if adjusted else ''} (AidData GCDF 3.0)",
        USD,
        f"Commitments of {meaning} to the recipient in the year, summed over GCDF 3.0 projects "
        f"recommended for aggregates ({kind}, constant 2021 US dollars; odadata aggregation).",
    )


YEAR_COLUMNS: dict[str, IndicatorSpec] = {
    f"{flow}_{part}": _year_spec(flow, part == "adj") for flow in CLASSES for part in ("amt", "adj")
}
WORLD_CLASSES = {
    "ODA-like": "gcdf3_world_commitments_oda_like",
    "OOF-like": "gcdf3_world_commitments_oof_like",
    "Vague (Official Finance)": "gcdf3_world_commitments_vague",
}
WORLD_INDICATORS = tuple(
    IndicatorSpec(
        indicator,
        f"Chinese development finance commitments worldwide, {flow_class} (AidData GCDF 3.0)",
        USD_BN,
        f"World total of GCDF 3.0 {flow_class} commitments in the year, including regional and "
        "multi-country projects, constant 2021 US dollars (billions). In region_observation "
        "under 'World'.",
    )
    for flow_class, indicator in WORLD_CLASSES.items()
)


#: Columns of the Teal Insights country totals.
TOTAL_COLUMNS = {"total_commitments_bn": TOTAL, "weighted_interest_rate": RATE}


def _parse_totals(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("gcdf_country_commitments.csv")
    frame = read_csv(
        path, columns=["country_name", "iso3c", *TOTAL_COLUMNS], dtype=str, keep_default_na=False
    )
    iso3 = frame["iso3c"].str.strip()
    keep = inp.countries_only(iso3, what="AidData recipient ISO3 codes")
    table = country_year_table(frame, path, iso3, PERIOD_END, TOTAL_COLUMNS)[keep]
    report_missing(inp, table, TOTAL_COLUMNS)
    return {"observation": melt_indicators(table, TOTAL_COLUMNS, flag=PERIOD_FLAG)}


def _parse_country_year(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("cow_gcdf.csv")
    raw = read_csv(path, columns=["ccode", "year", *YEAR_COLUMNS], dtype=str, keep_default_na=False)
    frame = pd.DataFrame({c: check_numeric(raw, c, path) for c in ["ccode", "year", *YEAR_COLUMNS]})
    frame = frame[frame["ccode"].notna() & frame["year"].notna()]
    frame["country_iso3"] = inp.codes_to_iso3(frame["ccode"].astype("Int64"), "cown")
    unmapped = frame["country_iso3"].isna()
    if unmapped.any():
        inp.report("dropped-row", "country-years with an unmapped COW code", int(unmapped.sum()))
    frame = frame[~unmapped]
    codes = frame["ccode"].astype(int).astype(str)
    frame = drop_duplicate_country_years(inp, frame, codes, what="COW codes")
    return {"observation": melt_indicators(frame, YEAR_COLUMNS)}


def _parse_world(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("gcdf_yearly_flows.csv")
    raw = read_csv(
        path,
        columns=["commitment_year", "flow_class", "commitments_bn"],
        dtype=str,
        keep_default_na=False,
    )
    frame = pd.DataFrame(
        {
            "commitment_year": check_numeric(raw, "commitment_year", path),
            "flow_class": raw["flow_class"].str.strip(),
            "commitments_bn": check_numeric(raw, "commitments_bn", path),
        }
    )
    frame = frame[frame["commitment_year"].notna() & frame["commitments_bn"].notna()]
    known = frame["flow_class"].isin(WORLD_CLASSES)
    if not known.all():
        inp.report(
            "unknown-code",
            f"flow classes not loaded: {sorted(set(frame.loc[~known, 'flow_class']))}",
            int((~known).sum()),
        )
    frame = frame[known]
    region = pd.DataFrame(
        {
            "region": "World",
            "indicator": frame["flow_class"].map(WORLD_CLASSES),
            "year": frame["commitment_year"].astype(int),
            "value": frame["commitments_bn"],
            "note": "AidData GCDF 3.0 world total, flow class " + frame["flow_class"],
        }
    )
    return {"region_observation": region}


def _gcdf(
    dataset_id: str,
    title: str,
    *,
    aggregator: str,
    citation: str,
    format: str,
    resource: Resource,
    parse: Parser,
    tables: tuple[str, ...],
    indicators: tuple[IndicatorSpec, ...],
    caveats: tuple[str, ...],
) -> Dataset:
    """A published aggregate of GCDF 3.0 by ``aggregator`` (one file)."""
    return Dataset(
        id=dataset_id,
        title=title,
        publisher=f"{PUBLISHER}; aggregated by {aggregator}",
        licence=AIDDATA_TERMS,
        citation=f"{CITATION}; {citation}",
        vintage="GCDF 3.0 (2023): commitments 2000–2021, constant 2021 US$",
        format=format,
        domain="finance",
        homepage=HOMEPAGE,
        tables=tables,
        indicators=indicators,
        resources=(resource,),
        parse=parse,
        caveats=(
            "Commitments, not disbursements or debt outstanding; constant 2021 US dollars.",
            "Only projects AidData recommends for aggregates are summed (GCDF 3.0, "
            "commitments 2000–2021).",
            *caveats,
        ),
    )


def _teal_file(name: str, mirror_file: str, sha256: str) -> Resource:
    """A CSV converted from the ``.rda`` file of the same name in ``aiddataviz``."""
    return Resource(
        name,
        f"finance/{mirror_file}",
        None,
        sha256,
        upstream=f"{TEAL_REPO}@{TEAL_COMMIT[:7]} data/{name.removesuffix('.csv')}.rda "
        "(converted to CSV)",
    )


TEAL = "Teal Insights (aiddataviz)"
TEAL_FORMAT = "csv (converted from aiddataviz .rda)"

COUNTRY_TOTALS = _gcdf(
    "aiddata-gcdf3-country-totals",
    "Chinese development finance commitments by recipient, total 2000–2021 (AidData GCDF 3.0)",
    aggregator=TEAL,
    citation="country totals from Teal-Insights/aiddataviz (gcdf_country_commitments)",
    format=TEAL_FORMAT,
    resource=_teal_file(
        "gcdf_country_commitments.csv",
        "aiddata_gcdf3_country_commitments_2000_2021.csv",
        "ada54dc4b5f03db906254c0fbcc5f27557c21c062600b158d688ae50893460ca",
    ),
    parse=_parse_totals,
    tables=("observation",),
    indicators=(TOTAL, RATE),
    caveats=(
        "One value per recipient for the whole period 2000–2021, stored as year 2021 with the "
        "flag 'total 2000–2021'; 145 recipients. Regional and multi-country projects without "
        "a recipient ISO3 code are excluded.",
        "The interest rate is empty where no commitment has a known rate.",
    ),
)

COUNTRY_YEAR = _gcdf(
    "aiddata-gcdf3-country-year",
    "Chinese development finance commitments by recipient and year, by flow class "
    "(AidData GCDF 3.0)",
    aggregator="Miles D. Williams (odadata)",
    citation="country-years from milesdwilliams15/odadata (data/cow_gcdf.csv)",
    format="csv",
    resource=Resource(
        "cow_gcdf.csv",
        "finance/aiddata_gcdf3_country_year_cow.csv",
        github_raw(
            "milesdwilliams15/odadata",
            "87a2b3792d39ccaa483e5d4b05000284cfb69d16",
            "data/cow_gcdf.csv",
        ),
        "ea467bbfad21fa5595005754b27f0951cc713256d0d637a03d086d8f68dc4fa7",
    ),
    parse=_parse_country_year,
    tables=("observation",),
    indicators=tuple(YEAR_COLUMNS.values()),
    caveats=(
        "Values are US dollars, not billions. OOF-like = other official flows (loan-like, the "
        "best proxy for debt); ODA-like = aid-like; vague = official finance AidData could not "
        "class. '_adjusted' indicators are AidData's adjusted amounts.",
        "Recipients without a COW code (small territories) are dropped; the country-year "
        "sums match the Teal Insights totals (Russia 169.6 bn), which lack Micronesia.",
    ),
)

WORLD_FLOWS = _gcdf(
    "aiddata-gcdf3-world-flows",
    "Chinese development finance commitments worldwide by year and flow class (AidData GCDF 3.0)",
    aggregator=TEAL,
    citation="yearly flows from Teal-Insights/aiddataviz (gcdf_yearly_flows)",
    format=TEAL_FORMAT,
    resource=_teal_file(
        "gcdf_yearly_flows.csv",
        "aiddata_gcdf3_yearly_flows_by_class.csv",
        "ff75c7743d04f990f2480fcd8d145ff7d447dc6579a79dfd98331519466e634c",
    ),
    parse=_parse_world,
    tables=("region_observation",),
    indicators=WORLD_INDICATORS,
    caveats=(
        "World totals by flow class (ODA-like, OOF-like, vague official finance), stored in "
        "region_observation under 'World'; they include projects with no single recipient.",
    ),
)

DATASETS = (COUNTRY_TOTALS, COUNTRY_YEAR, WORLD_FLOWS)
