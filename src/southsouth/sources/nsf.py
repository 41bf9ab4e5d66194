"""NSF Science and Engineering Indicators 2024, table SPBS-2: S&E articles, fractional counts.

Two files: the scraped table as published by an NCSES stats-explorer scraper (``raw``; each
region path has a 21-row block: income group, then 2003…2022, with the year lost) and the
mirror's tidy reshaping of it (``tidy``; derived). The parser reads the tidy file and checks
every value against the raw blocks, so a bad reshaping fails loudly instead of loading.
Countries go to ``observation``; World, regions and groupings (EU-27, "Other Europe", …)
go to ``region_observation`` under NSF's names.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import US_GOVERNMENT_WORK, github_raw
from southsouth.tabular import check_numeric, read_csv

FIRST_YEAR = 2003
LAST_YEAR = 2022
BLOCK = 1 + LAST_YEAR - FIRST_YEAR + 1  # income-group row + one row per year

#: NSF groupings below the regions; they are not countries (the regions are depth 0–1).
GROUPS = frozenset({"EU-27", "EU-27 and United Kingdom", "Other Europe", "Other Europe, 2020"})

#: NSF lists the Palestinian territories in two parts; their fractional counts add up.
PARTS = {"Gaza Strip": "PSE", "West Bank": "PSE"}

ARTICLES = IndicatorSpec(
    "nsf_se_articles_fractional",
    "S&E articles, fractional count (NSF SEI 2024, table SPBS-2)",
    "articles (fractional count)",
    "Science and engineering articles in Scopus-indexed journals, credited to countries by "
    "the share of authors' institutions (Science-Metrix for NCSES). The source of WDI "
    "IP.JRN.ARTC.SC. Palestine (PSE) is NSF's Gaza Strip plus West Bank.",
)


def _raw_values(path: Path) -> pd.DataFrame:
    """The raw table as (entity_path, year, value), checking its 21-row block structure."""
    raw = read_csv(
        path,
        columns=["table_id", "row_id", "time_period", "value"],
        dtype=str,
        keep_default_na=False,
    )
    if len(raw) % BLOCK:
        raise ParseError(
            str(path),
            f"{len(raw)} rows is not a whole number of {BLOCK}-row blocks",
            hint="the table was truncated or its layout changed",
        )
    entity = raw["time_period"].str.replace(r"<sup>.*?</sup>", "", regex=True).str.strip()
    block = np.arange(len(raw)) // BLOCK
    position = np.arange(len(raw)) % BLOCK
    mixed = entity.groupby(block).nunique() != 1
    if mixed.any():
        first = int(mixed.to_numpy().nonzero()[0][0]) * BLOCK
        raise ParseError(
            str(path),
            f"rows {first + 1}–{first + BLOCK} do not belong to one region path",
            line=first + 2,
            hint="the table's block layout changed",
        )
    years = position > 0
    counts = raw.assign(value=raw["value"].where(years, ""))  # row 1 of a block: income group
    return pd.DataFrame(
        {
            "entity_path": entity[years].to_numpy(),
            "year": FIRST_YEAR - 1 + position[years],
            "raw_value": check_numeric(counts, "value", path)[years].to_numpy(),
        }
    )


def _check_against_raw(tidy: pd.DataFrame, raw: pd.DataFrame, path: Path) -> None:
    both = tidy.merge(raw, on=["entity_path", "year"], how="outer", indicator=True)
    lonely = both[both["_merge"] != "both"]
    if not lonely.empty:
        row = lonely.iloc[0]
        raise ParseError(
            str(path),
            f"{row['entity_path']} {row['year']} is in only one of the tidy and raw tables "
            f"({len(lonely)} such rows)",
            hint="the derived tidy file does not match the NSF table it was made from",
        )
    differ = ~np.isclose(both["value"], both["raw_value"], rtol=0, atol=1e-6, equal_nan=True)
    if differ.any():
        row = both[differ].iloc[0]
        raise ParseError(
            str(path),
            f"{row['entity_path']} {row['year']}: tidy {row['value']} but raw {row['raw_value']}",
            hint="the derived tidy file does not match the NSF table it was made from",
        )


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("tidy.csv")
    frame = read_csv(
        path,
        columns=[
            "entity_path",
            "entity",
            "hierarchy_depth",
            "year",
            "se_articles_fractional_count",
        ],
        dtype=str,
        keep_default_na=False,
    )
    frame = frame.assign(
        year=check_numeric(frame, "year", path),
        value=check_numeric(frame, "se_articles_fractional_count", path),
        depth=check_numeric(frame, "hierarchy_depth", path),
        entity=frame["entity"].map(html.unescape).str.strip(),
    )
    _check_against_raw(
        frame[["entity_path", "year", "value"]], _raw_values(inp.path("raw.csv")), path
    )
    frame = frame[frame["value"].notna()]

    grouping = (frame["depth"] <= 1) | frame["entity"].isin(GROUPS)
    groups = frame[grouping]
    region = pd.DataFrame(
        {
            "region": groups["entity"],
            "indicator": ARTICLES.id,
            "year": groups["year"],
            "value": groups["value"],
            "note": "NSF hierarchy: " + groups["entity_path"],
        }
    )

    countries = frame[~grouping]
    iso3 = countries["entity"].map(PARTS)
    by_name = iso3.isna()
    iso3[by_name] = inp.names_to_iso3(countries.loc[by_name, "entity"], what="NSF names")
    countries = countries.assign(iso3=iso3)
    countries = countries[countries["iso3"].notna()]
    countries = countries[inp.countries_only(countries["iso3"], what="NSF countries")]
    names = countries.groupby("iso3")["entity"].unique()
    shared = {iso: sorted(n) for iso, n in names.items() if len(n) > 1}
    unexpected = {iso: n for iso, n in shared.items() if not set(n) <= set(PARTS)}
    if unexpected:
        raise ParseError(
            str(path),
            f"several NSF entities map to one country: {unexpected}",
            hint="add the spellings to nsf.PARTS if they are parts of one country",
        )
    if shared:
        inp.report(
            "combined",
            "NSF entities summed into one country: "
            + "; ".join(f"{iso} = {' + '.join(n)}" for iso, n in shared.items()),
            int(countries["iso3"].isin(list(shared)).sum()),
        )
    summed = countries.groupby(["iso3", "year"], as_index=False)["value"].sum()
    summed["flag"] = summed["iso3"].map(
        {iso: "sum of NSF " + " + ".join(n) for iso, n in shared.items()}
    )
    observation = pd.DataFrame(
        {
            "country_iso3": summed["iso3"],
            "indicator": ARTICLES.id,
            "year": summed["year"],
            "value": summed["value"],
            "flag": summed["flag"].astype(object).where(summed["flag"].notna(), None),
        }
    )
    return {"observation": observation, "region_observation": region}


SE_ARTICLES = Dataset(
    id="nsf-sei2024-se-articles",
    title="S&E articles by country, fractional count, 2003–2022 (NSF SEI 2024, table SPBS-2)",
    publisher="US National Science Foundation, NCSES (Science-Metrix; Elsevier Scopus)",
    licence=US_GOVERNMENT_WORK,
    citation="National Center for Science and Engineering Statistics, Science and Engineering "
    "Indicators 2024: Publications Output, table SPBS-2, https://ncses.nsf.gov/pubs/nsb202333",
    vintage="SEI 2024 (Scopus accessed April 2023); data 2003–2022",
    format="csv (scraped NCSES table + tidy reshaping)",
    domain="indicators",
    homepage="https://ncses.nsf.gov/pubs/nsb202333",
    resources=(
        Resource(
            "tidy.csv",
            "indicators/science/nsf_sei2024_se_articles_fractional_2003_2022_tidy.csv",
            None,
            "5c73936aa23b7e005cd9b81494b448a6f859a653b70eace6bc93c18d1a9179de",
            upstream="raw.csv reshaped: each 21-row block split into income group and years "
            "2003–2022, footnote markers removed",
        ),
        Resource(
            "raw.csv",
            "indicators/science/nsf_sei2024_table9970_se_articles_raw.csv",
            github_raw(
                "bq-org/ncses_stats_explorer_placeholder",
                "1f879ab65ed260668840db406611ddc10e8455bc",
                "output/tables/9970/data.csv",
            ),
            "eab18773f583bad9731e2ba2f0cad22c3b7a5398dbd737251bfa01c2981cfc9b",
        ),
    ),
    parse=_parse,
    tables=("observation", "region_observation"),
    indicators=(ARTICLES,),
    caveats=(
        "Fractional counts: an article with authors in two countries counts 0.5 for each.",
        "Regions and groupings (EU-27, Other Europe) overlap their members: do not add them "
        "to country values.",
        "Puerto Rico is listed under the United States in NSF's hierarchy.",
        "Zeros before a country existed (e.g. Kosovo 2003, Serbia and Montenegro after 2006) "
        "are NSF's entries, kept as published.",
    ),
)

DATASETS = (SE_ARTICLES,)
