"""ITU Global Cybersecurity Index, 2020 and 2024 editions: overall and five pillar scores.

* ``itu-gci-2020`` (4th edition): the Blavatnik Index team's extraction of the ITU report's
  score tables (D-STR-GCI.01-2021), reshaped wide: one row per country, reference year 2020,
  ``gci_overall`` (0–100) and five pillars (0–20 each). Empty pillar cells (values the PDF
  extraction did not yield) are reported and skipped.
* ``itu-gci-2024`` (5th edition): World Bank Data360's ITU_GCI series for 2024, joined into one
  row per country (``country, legal, technical, organizational, capacity, cooperation, gci,
  iso3, year``). Its indicators have their own ids (``itu_gci_2024_…``): the two editions use
  different questionnaires and weights, so they are not one series. ITU's 2024 tiers are not
  in the file and are not derived here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.country_year import (
    country_year_table,
    drop_duplicate_country_years,
    melt_indicators,
    report_missing,
)
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import ITU_TERMS, github_raw
from southsouth.tabular import check_numeric, read_csv

PILLAR_UNIT = "score (0–20)"
COLUMNS: dict[str, IndicatorSpec] = {
    "gci_overall": IndicatorSpec(
        "itu_gci_score",
        "ITU Global Cybersecurity Index, overall score",
        "score (0–100)",
        "Overall GCI 2020 score, the sum of the five pillar scores (legal, technical, "
        "organisational, capacity development, cooperation; 0–20 each); 100 = highest.",
    ),
    "gci_legal_measures": IndicatorSpec(
        "itu_gci_legal",
        "ITU GCI pillar: legal measures",
        PILLAR_UNIT,
        "GCI 2020 pillar score for cybercrime and cybersecurity legislation and regulation.",
    ),
    "gci_technical_measures": IndicatorSpec(
        "itu_gci_technical",
        "ITU GCI pillar: technical measures",
        PILLAR_UNIT,
        "GCI 2020 pillar score for technical capabilities such as national and sectoral "
        "incident response teams (CIRTs).",
    ),
    "gci_organisational_measures": IndicatorSpec(
        "itu_gci_organisational",
        "ITU GCI pillar: organisational measures",
        PILLAR_UNIT,
        "GCI 2020 pillar score for national strategies, responsible agencies and metrics.",
    ),
    "gci_capacity_development": IndicatorSpec(
        "itu_gci_capacity_development",
        "ITU GCI pillar: capacity development",
        PILLAR_UNIT,
        "GCI 2020 pillar score for awareness, training, education, R&D and industry.",
    ),
    "gci_cooperative_measures": IndicatorSpec(
        "itu_gci_cooperation",
        "ITU GCI pillar: cooperative measures",
        PILLAR_UNIT,
        "GCI 2020 pillar score for bilateral, multilateral and public–private partnerships.",
    ),
}


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("gci_2020.csv")
    frame = read_csv(path, columns=["iso3", "year", *COLUMNS], dtype=str, keep_default_na=False)
    iso3 = frame["iso3"].str.strip()
    years = check_numeric(frame, "year", path)
    keep = inp.countries_only(iso3, what="GCI ISO3 codes") & years.notna()
    table = country_year_table(frame, path, iso3, years, COLUMNS)[keep]
    report_missing(inp, table, COLUMNS, " (not extracted from the ITU report)")
    return {"observation": melt_indicators(table, COLUMNS)}


GCI_2024_YEAR = 2024
GCI_2024_COLUMNS: dict[str, IndicatorSpec] = {
    "gci": IndicatorSpec(
        "itu_gci_2024_score",
        "ITU Global Cybersecurity Index 2024, overall score",
        "score (0–100)",
        "Overall GCI 2024 score (5th edition), the sum of the five pillar scores (0–20 each); "
        "100 = highest. World Bank Data360 values, which differ from the ITU report for some "
        "countries. Not comparable with the GCI 2020 score (itu_gci_score).",
    ),
    "legal": IndicatorSpec(
        "itu_gci_2024_legal",
        "ITU GCI 2024 pillar: legal measures",
        PILLAR_UNIT,
        "GCI 2024 pillar score for cybercrime and cybersecurity legislation and regulation.",
    ),
    "technical": IndicatorSpec(
        "itu_gci_2024_technical",
        "ITU GCI 2024 pillar: technical measures",
        PILLAR_UNIT,
        "GCI 2024 pillar score for technical capabilities such as incident response teams.",
    ),
    "organizational": IndicatorSpec(
        "itu_gci_2024_organisational",
        "ITU GCI 2024 pillar: organisational measures",
        PILLAR_UNIT,
        "GCI 2024 pillar score for national strategies, responsible agencies and metrics.",
    ),
    "capacity": IndicatorSpec(
        "itu_gci_2024_capacity_development",
        "ITU GCI 2024 pillar: capacity development",
        PILLAR_UNIT,
        "GCI 2024 pillar score for awareness, training, education, R&D and industry.",
    ),
    "cooperation": IndicatorSpec(
        "itu_gci_2024_cooperation",
        "ITU GCI 2024 pillar: cooperative measures",
        PILLAR_UNIT,
        "GCI 2024 pillar score for bilateral, multilateral and public–private partnerships.",
    ),
}


def _parse_2024(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("gci_2024.csv")
    frame = read_csv(
        path,
        columns=["country", "iso3", "year", *GCI_2024_COLUMNS],
        dtype=str,
        keep_default_na=False,
    )
    years = check_numeric(frame, "year", path)
    other = sorted({str(y) for y in frame["year"][years != GCI_2024_YEAR]})
    if other:
        raise ParseError(
            str(path),
            f"expected year {GCI_2024_YEAR} only, found {', '.join(other)}",
            line=int((years != GCI_2024_YEAR).to_numpy().nonzero()[0][0]) + 2,
            hint="this is not the Data360 GCI 2024 extract",
        )
    iso3 = frame["iso3"].str.strip()
    keep = inp.countries_only(iso3, what="GCI 2024 ISO3 codes")
    table = country_year_table(frame, path, iso3, years, GCI_2024_COLUMNS)[keep]
    table = drop_duplicate_country_years(inp, table, frame["country"][keep], what="GCI countries")
    report_missing(inp, table, GCI_2024_COLUMNS)
    return {"observation": melt_indicators(table, GCI_2024_COLUMNS)}


ITU_GCI = Dataset(
    id="itu-gci-2020",
    title="ITU Global Cybersecurity Index 2020: overall and pillar scores",
    publisher="International Telecommunication Union (ITU); extracted by the Blavatnik Index "
    "of Public Administration team",
    licence=ITU_TERMS,
    citation="ITU (2021), Global Cybersecurity Index 2020 (D-STR-GCI.01-2021); scores "
    "extracted by the Blavatnik Index of Public Administration (blavatnik-index/"
    "bipa2024_sourcedata, CC BY 4.0 for the extraction)",
    vintage="GCI 2020 (4th edition, published 2021), reference year 2020",
    format="csv",
    domain="governance",
    homepage="https://www.itu.int/en/ITU-D/Cybersecurity/Pages/global-cybersecurity-index.aspx",
    tables=("observation",),
    indicators=tuple(COLUMNS.values()),
    resources=(
        Resource(
            "gci_2020.csv",
            "governance/itu_gci_2020_scores.csv",
            None,
            "8f2d0c62fb7ae44971ea0745da48dd9876bd08370bf8582a2e2b5607f18c8f7d",
            upstream="blavatnik-index/bipa2024_sourcedata@088271d data_raw/GCI_2020/"
            "gci_2020.csv (long), reshaped to one row per country",
        ),
    ),
    parse=_parse,
    caveats=(
        "GCI 2020 (4th edition), kept as history; GCI 2024 scores are dataset itu-gci-2024. "
        "GCI 2020 had no tiers.",
        "Scores were extracted from the ITU PDF report; capacity development is missing for "
        "Slovakia and cooperative measures for Mozambique, Slovakia and Slovenia.",
        "ITU terms allow re-use for educational and non-commercial purposes.",
    ),
)

ITU_GCI_2024 = Dataset(
    id="itu-gci-2024",
    title="ITU Global Cybersecurity Index 2024: overall and pillar scores",
    publisher="International Telecommunication Union (ITU), as distributed by World Bank Data360",
    licence=ITU_TERMS,
    citation="ITU (2024), Global Cybersecurity Index 2024, 5th edition; scores from World Bank "
    "Data360 (dataset ITU_GCI), joined per country by joaolucasoliv/Homework-Questions-6---Gov-50",
    vintage="GCI 2024 (5th edition, published September 2024); Data360 values retrieved "
    "2026-09-21, reference year 2024",
    format="csv",
    domain="governance",
    homepage="https://data360.worldbank.org/en/dataset/ITU_GCI",
    tables=("observation",),
    indicators=tuple(GCI_2024_COLUMNS.values()),
    resources=(
        Resource(
            "gci_2024.csv",
            "governance/itu_gci_2024_scores_data360.csv",
            github_raw(
                "joaolucasoliv/Homework-Questions-6---Gov-50",
                "260a5213a8f191e6aa8da94a2e43ee7859474085",
                "gci_2024.csv",
            ),
            "533e170b2e6bd6757dce37eeada09fe251a06790cece5f8d033d3b3588b48cce",
            upstream="World Bank Data360 ITU_GCI indicator CSVs, TIME_PERIOD 2024, joined on "
            "REF_AREA (no imputation)",
        ),
    ),
    parse=_parse_2024,
    caveats=(
        "No tier column: ITU's GCI 2024 places countries in Tiers 1–5, but its per-country tier "
        "list is not in the data. A score-threshold mapping (95/85/55/20) is unchecked for "
        "Tiers 2 and 5 and several countries sit within a point of a threshold, so southsouth "
        "publishes no 2024 tiers.",
        "Data360 values differ from the ITU PDF for some countries beyond rounding (e.g. "
        "Brazil capacity development 19.25 here, 19.09 in the PDF); El Salvador carries the "
        "corrected profile.",
        "Scores measure commitments (laws, institutions, strategies, cooperation), not "
        "outcomes; they are not comparable with GCI 2020 scores.",
        "ITU terms allow re-use for educational and non-commercial purposes.",
    ),
)

DATASETS = (ITU_GCI, ITU_GCI_2024)
