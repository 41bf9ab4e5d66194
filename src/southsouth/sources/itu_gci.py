"""ITU Global Cybersecurity Index 2020 (4th edition): overall score and five pillar scores.

The mirror's file is the Blavatnik Index team's extraction of the ITU report's score tables
(D-STR-GCI.01-2021), reshaped wide: one row per country, reference year 2020, ``gci_overall``
(0–100) and five pillars (0–20 each). Each becomes a ``observation`` indicator; empty pillar
cells (values the PDF extraction did not yield) are reported and skipped.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.country_year import (
    country_year_table,
    melt_indicators,
    report_missing,
)
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import ITU_TERMS
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
        "GCI 2020 (4th edition). The GCI 2024 tiers (Tier 1–5) are not included.",
        "Scores were extracted from the ITU PDF report; capacity development is missing for "
        "Slovakia and cooperative measures for Mozambique, Slovakia and Slovenia.",
        "ITU terms allow re-use for educational and non-commercial purposes.",
    ),
)

DATASETS = (ITU_GCI,)
