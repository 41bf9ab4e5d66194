"""Pew Research Center, Global Restrictions on Religion 2007–2014: GRI, SHI and GRI items 1–10.

The file is a subset of Pew's public dataset: one row per country and year with the
Government Restrictions Index (GRI, 0–10), the Social Hostilities Index (SHI, 0–10) and the
first ten of the twenty GRI questions (each scored 0–1). Countries are named only
(``Ctry_EditorialName``) and are mapped to ISO3 through the crosswalk; Pew also rates
territories such as Hong Kong, Macau, Taiwan, Western Sahara and the Palestinian territories,
which keep their own ISO3 codes.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.country_year import (
    country_year_table,
    drop_duplicate_country_years,
    melt_indicators,
)
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import PEW_TERMS, github_raw
from southsouth.tabular import check_numeric, read_csv

INDEX_UNIT = "index (0–10)"
ITEM_UNIT = "item score (0–1)"
INDICES: dict[str, IndicatorSpec] = {
    "GRI": IndicatorSpec(
        "pew_gri",
        "Government Restrictions on Religion Index (Pew GRI)",
        INDEX_UNIT,
        "Pew's Government Restrictions Index: 20 indicators of laws, policies and actions by "
        "officials that restrict religious beliefs and practices, summed and scaled to 0–10 "
        "(higher = more restrictions).",
    ),
    "SHI": IndicatorSpec(
        "pew_shi",
        "Social Hostilities Involving Religion Index (Pew SHI)",
        INDEX_UNIT,
        "Pew's Social Hostilities Index: 13 indicators of hostile acts by private individuals, "
        "organisations or groups in society, scaled to 0–10 (higher = more hostility).",
    ),
}


def _item(number: int) -> IndicatorSpec:
    return IndicatorSpec(
        f"pew_gri_q{number:02d}",
        f"Pew GRI question {number}",
        ITEM_UNIT,
        f"Score on question {number} of the 20 questions behind Pew's Government Restrictions "
        "Index (0 = no restriction, 1 = the most severe answer; intermediate answers take "
        "fractional values). See Pew's codebook for the question wording.",
    )


COLUMNS: dict[str, IndicatorSpec] = {
    **INDICES,
    **{f"GRI_Q_{n}": _item(n) for n in range(1, 11)},
}


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("pew_restrictions.csv")
    frame = read_csv(
        path,
        columns=["Ctry_EditorialName", "Question_Year", *COLUMNS],
        dtype=str,
        keep_default_na=False,
    )
    names = frame["Ctry_EditorialName"].str.strip()
    iso3 = inp.names_to_iso3(names, what="Pew country names")
    years = check_numeric(frame, "Question_Year", path)
    table = country_year_table(frame, path, iso3, years, COLUMNS)[iso3.notna() & years.notna()]
    table = drop_duplicate_country_years(inp, table, names, what="names")
    return {"observation": melt_indicators(table, COLUMNS)}


PEW_RELIGION = Dataset(
    id="pew-religious-restrictions",
    title="Pew Global Restrictions on Religion 2007–2014: GRI, SHI and GRI questions 1–10",
    publisher="Pew Research Center",
    licence=PEW_TERMS,
    citation="Pew Research Center, Global Restrictions on Religion Data 2007–2014, "
    "https://www.pewresearch.org/religion/; copy from "
    "rishadhabib/STAT545-547-hw-habib-rishad (hw04/data)",
    vintage="Data years 2007–2014",
    format="csv",
    domain="governance",
    homepage="https://www.pewresearch.org/religion/",
    tables=("observation",),
    indicators=tuple(COLUMNS.values()),
    resources=(
        Resource(
            "pew_restrictions.csv",
            "governance/pew_global_restrictions_on_religion_2007_2014.csv",
            github_raw(
                "rishadhabib/STAT545-547-hw-habib-rishad",
                "d74a53af5f643c3817a897eec1f0ac48fe3a1bc2",
                "hw04/data/global%20religious%20restrictions.csv",
            ),
            "14387896e969a04a5c49a390bdfbf9448f55958325edd5972a5d1164d1f667ae",
        ),
    ),
    parse=_parse,
    caveats=(
        "Ends in 2014; later Pew releases (to 2022) are not included.",
        "Years 2007–2010 are Pew's periods ending in mid-year (30 June); from 2011 periods end "
        "on 31 December.",
        "A subset of Pew's release: only GRI questions 1–10 are present (not 11–20, nor the "
        "SHI items).",
        "197 countries and territories in 2007–2010, 198 from 2011 (South Sudan added).",
    ),
)

DATASETS = (PEW_RELIGION,)
