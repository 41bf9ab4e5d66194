"""Our World in Data CO2 and greenhouse-gas emissions, December 2020 edition (data 1751–2018).

One row per country or aggregate and year, 38 columns. The main emission series are loaded as
``observation`` indicators: production-based CO2, CO2 per capita, share of the world's CO2,
cumulative CO2 and its share, consumption-based CO2, and total GHG (CAIT) with its per-capita
value. Aggregates are dropped and reported: rows with an ``OWID_*`` code (World) or no code at
all (continents, income groups, EU, "International transport", historical entities).
``OWID_KOS`` is Kosovo and becomes XKX. The codebook is read to check that every loaded
column is defined in this edition.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.country_year import (
    country_year_table,
    drop_duplicate_country_years,
    melt_indicators,
)
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import CC_BY_4, github_raw
from southsouth.tabular import check_numeric, read_csv

REPO = "owid/co2-data"
COMMIT = "2a6c4a26fafc29000d1ee0deebf083d60b563c78"
#: OWID codes of countries that have no ISO 3166 code.
CODE_FIXES = {"OWID_KOS": "XKX"}
MT = "million tonnes CO2"
COLUMNS: dict[str, IndicatorSpec] = {
    "co2": IndicatorSpec(
        "owid_co2_mt",
        "CO2 emissions, production-based (OWID, Global Carbon Project)",
        MT,
        "Annual production-based (territorial) CO2 emissions from fossil fuels and cement.",
    ),
    "co2_per_capita": IndicatorSpec(
        "owid_co2_per_capita_t",
        "CO2 emissions per capita (OWID)",
        "tonnes CO2 per person",
        "Annual production-based CO2 emissions divided by population.",
    ),
    "share_global_co2": IndicatorSpec(
        "owid_co2_share_global_pct",
        "Share of world CO2 emissions (OWID)",
        "% of world",
        "The country's annual production-based CO2 emissions as a percentage of the world's.",
    ),
    "cumulative_co2": IndicatorSpec(
        "owid_co2_cumulative_mt",
        "Cumulative CO2 emissions since 1751 (OWID)",
        MT,
        "Sum of the country's annual CO2 emissions from 1751 to the year.",
    ),
    "share_global_cumulative_co2": IndicatorSpec(
        "owid_co2_cumulative_share_global_pct",
        "Share of world cumulative CO2 emissions (OWID)",
        "% of world",
        "The country's cumulative CO2 emissions as a percentage of the world's.",
    ),
    "consumption_co2": IndicatorSpec(
        "owid_consumption_co2_mt",
        "CO2 emissions, consumption-based (OWID, Global Carbon Project)",
        MT,
        "Annual CO2 emissions embodied in the goods and services the country consumes "
        "(production emissions adjusted for trade); from 1990, for fewer countries.",
    ),
    "total_ghg": IndicatorSpec(
        "owid_total_ghg_mt",
        "Greenhouse-gas emissions, total (OWID, CAIT)",
        "million tonnes CO2e",
        "Annual greenhouse-gas emissions in CO2 equivalents (CAIT Climate Data Explorer, "
        "this edition's definition), 1990–2016.",
    ),
    "ghg_per_capita": IndicatorSpec(
        "owid_ghg_per_capita_t",
        "Greenhouse-gas emissions per capita (OWID, CAIT)",
        "tonnes CO2e per person",
        "Annual greenhouse-gas emissions (CAIT) divided by population, 1990–2016.",
    ),
}


def _check_codebook(inp: ParseInput) -> None:
    path = inp.path("owid-co2-codebook.csv")
    book = read_csv(path, columns=["column", "description"], dtype=str, keep_default_na=False)
    undefined = sorted(set(COLUMNS) - set(book["column"].str.strip()))
    if undefined:
        raise ParseError(
            str(path),
            f"the codebook does not define {undefined}",
            hint="the codebook is not the one of the December 2020 edition",
        )


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    _check_codebook(inp)
    path = inp.path("owid-co2-data.csv")
    frame = read_csv(
        path, columns=["iso_code", "country", "year", *COLUMNS], dtype=str, keep_default_na=False
    )
    code = frame["iso_code"].str.strip().replace(CODE_FIXES)
    years = check_numeric(frame, "year", path)
    is_country = code.isin(inp.crosswalk.iso3)
    dropped = frame.loc[~is_country].assign(code=frame["iso_code"].str.strip())
    if len(dropped):
        names = dropped.drop_duplicates("country")
        inp.report(
            "not-a-country",
            "OWID aggregates and entities without an ISO3 code, not loaded: "
            + "; ".join(
                sorted(
                    f"{n} ({c})" if c else n
                    for n, c in zip(names["country"], names["code"], strict=True)
                )
            ),
            len(dropped),
        )
    keep = is_country & years.notna()
    table = country_year_table(frame, path, code, years, COLUMNS)[keep]
    table = drop_duplicate_country_years(inp, table, frame["country"][keep], what="OWID entities")
    return {"observation": melt_indicators(table, COLUMNS)}


OWID_CO2 = Dataset(
    id="owid-co2-2020",
    title="CO2 and greenhouse-gas emissions by country (Our World in Data, December 2020)",
    publisher="Our World in Data (Global Carbon Project; CAIT Climate Data Explorer)",
    licence=CC_BY_4,
    citation="Ritchie, H., M. Roser et al., CO2 and Greenhouse Gas Emissions, Our World in Data "
    "(owid/co2-data, December 2020 edition), based on the Global Carbon Project (2019) and "
    "CAIT Climate Data Explorer",
    vintage="December 2020 edition (commit 2a6c4a2, 2020-12-09); CO2 to 2018, GHG 1990–2016",
    format="csv",
    domain="climate",
    homepage="https://github.com/owid/co2-data",
    tables=("observation",),
    indicators=tuple(COLUMNS.values()),
    resources=(
        Resource(
            "owid-co2-data.csv",
            "climate/owid_co2_data_2020-12.csv",
            github_raw(REPO, COMMIT, "owid-co2-data.csv"),
            "3a4bc7eda41f51edec39bce305ae01af1aafb288701e2b4c0871b690c8d07c06",
        ),
        Resource(
            "owid-co2-codebook.csv",
            "climate/owid_co2_codebook_2020-12.csv",
            github_raw(REPO, COMMIT, "owid-co2-codebook.csv"),
            "3988a84fc4fe2e64c737f3c77bbccfe60d9f976f46dcadba1c08b2d3304f9c72",
        ),
    ),
    parse=_parse,
    caveats=(
        "Old vintage: the December 2020 edition (CO2 to 2018, GHG to 2016). Newer editions "
        "revise the series and change definitions (e.g. total_ghg now includes land use), so "
        "values are not comparable across editions; fetch the current file for recent years.",
        "OWID aggregates (World, continents, income groups, EU, international transport) are "
        "not loaded; countries' shares of the world are OWID's own.",
        "Production-based CO2 excludes land-use change; consumption-based CO2 starts in 1990.",
    ),
)

DATASETS = (OWID_CO2,)
