"""UN peacekeeping: uniformed personnel by contributing country.

Two files, two datasets:

* ``un-peacekeeping-ranking-2021``: the UN Department of Peace Operations ranking of
  contributors of uniformed personnel as reported on 31 January 2021 (122 countries, ISO3
  given). Loaded as year 2021 observations of total and female personnel and the rank, each
  flagged ``as of 2021-01-31``.
* ``un-peacekeeping-personnel``: a student project's yearly averages (2010–2021) of the UN
  DPO monthly "uniformed personnel by contributor, mission and gender" data. Its authors
  summed each month's personnel over missions and divided the year's total by 12, so months
  missing from their copy count as zero. Here the per-mission averages are summed over
  missions for each contributor-year (country names mapped to ISO3). Years the source covers
  incompletely (2010, 2012, 2017, 2021) carry a flag saying how.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.country_year import country_year_table, melt_indicators
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import UN_OPEN_DATA
from southsouth.tabular import check_numeric, read_csv

REPO = "corinnee/UN_Peacekeeping_Analytics"
COMMIT = "1167cb2bc26d35bdc8976554bc4d0ca6749bdef6"
SNAPSHOT = "2021-01-31"
SNAPSHOT_FLAG = f"as of {SNAPSHOT}"
SNAPSHOT_YEAR = 2021
#: Years the source covers incompletely (see the dataset caveats for the evidence).
INCOMPLETE_YEARS = {
    2010: "incomplete: 8 contributors only",
    2012: "incomplete: months missing",
    2017: "incomplete: months missing",
    2021: "incomplete: January only",
}

TOTAL = IndicatorSpec(
    "unpko_uniformed_personnel",
    "UN peacekeeping uniformed personnel contributed (snapshot)",
    "people",
    "Uniformed personnel (troops, police, staff officers, experts on mission) a country "
    "had deployed in UN peace operations on the reporting date (31 Jan 2021).",
)
FEMALE = IndicatorSpec(
    "unpko_uniformed_personnel_female",
    "UN peacekeeping uniformed personnel contributed, women (snapshot)",
    "people",
    "Female uniformed personnel deployed in UN peace operations on the reporting date "
    "(31 Jan 2021).",
)
RANK = IndicatorSpec(
    "unpko_contributor_rank",
    "Rank among contributors of UN uniformed personnel (snapshot)",
    "rank (1 = largest)",
    "UN DPO ranking of contributing countries by total uniformed personnel on the reporting "
    "date (31 Jan 2021); tied countries share a rank.",
)
YEARLY_TOTAL = IndicatorSpec(
    "unpko_personnel_yearly_avg",
    "UN peacekeeping uniformed personnel, yearly average of monthly deployments",
    "people (average over 12 months)",
    "Sum over missions of the contributor's monthly uniformed personnel, averaged over the "
    "12 months of the year, months absent from the source counting as zero (student "
    "project's averages of UN DPO monthly data; rounded per mission).",
)
YEARLY_FEMALE = IndicatorSpec(
    "unpko_female_personnel_yearly_avg",
    "UN peacekeeping uniformed women, yearly average of monthly deployments",
    "people (average over 12 months)",
    "As unpko_personnel_yearly_avg, female personnel only.",
)
#: Columns of the ranking file, in the order they are loaded.
RANKING_COLUMNS = {
    "Personnel_Contribution_Rank": RANK,
    "Female_Personnel": FEMALE,
    "Total_Uniformed_Personnel": TOTAL,
}


def _parse_ranking(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("Rank.csv")
    frame = read_csv(
        path,
        columns=[
            "ISOCode3",
            "Contributing_Country",
            "Personnel_Contribution_Rank",
            "Female_Personnel",
            "Total_Uniformed_Personnel",
            "Last_Reporting_Date",
        ],
        dtype=str,
        keep_default_na=False,
    )
    dates = set(frame["Last_Reporting_Date"].str.strip())
    if dates != {"31-Jan-21"}:
        inp.report("unexpected-date", f"reporting dates other than 31-Jan-21: {sorted(dates)}", 1)
    iso3 = frame["ISOCode3"].str.strip()
    keep = inp.countries_only(iso3, what="contributor ISO3 codes")
    table = country_year_table(frame, path, iso3, SNAPSHOT_YEAR, RANKING_COLUMNS)[keep]
    return {"observation": melt_indicators(table, RANKING_COLUMNS, flag=SNAPSHOT_FLAG)}


def _parse_yearly(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("CountryByYear.csv")
    frame = read_csv(
        path,
        columns=["year", "country", "mission", "female_avg", "male_avg", "total_avg"],
        dtype=str,
        keep_default_na=False,
    )
    data = pd.DataFrame(
        {
            "year": check_numeric(frame, "year", path),
            "female": check_numeric(frame, "female_avg", path),
            "total": check_numeric(frame, "total_avg", path),
        }
    )
    data["country_iso3"] = inp.names_to_iso3(
        frame["country"].str.strip(), what="peacekeeping contributors"
    )
    unmapped = data["country_iso3"].isna() | data["year"].isna()
    if unmapped.any():
        inp.report(
            "dropped-row", "peacekeeping rows without a mapped country or year", int(unmapped.sum())
        )
    yearly = (
        data[~unmapped]
        .groupby(["country_iso3", "year"], as_index=False)[["female", "total"]]
        .sum(min_count=1)
    )
    yearly["year"] = yearly["year"].astype(int)
    flags = yearly["year"].map(INCOMPLETE_YEARS).astype(object)
    observation = melt_indicators(
        yearly,
        {"total": YEARLY_TOTAL, "female": YEARLY_FEMALE},
        flag=flags.where(flags.notna(), None),
    )
    return {"observation": observation}


PUBLISHER = "United Nations Department of Peace Operations"
HOMEPAGE = "https://peacekeeping.un.org/en/troop-and-police-contributors"

RANKING = Dataset(
    id="un-peacekeeping-ranking-2021",
    title="UN peacekeeping: ranking of contributors of uniformed personnel, 31 January 2021",
    publisher=PUBLISHER,
    licence=UN_OPEN_DATA,
    citation="United Nations Department of Peace Operations, Contribution of Uniformed "
    "Personnel to UN by Country and Ranking (31 January 2021), via "
    "corinnee/UN_Peacekeeping_Analytics (Rank.csv)",
    vintage="Snapshot reported 31 January 2021",
    format="csv",
    domain="security",
    homepage=HOMEPAGE,
    tables=("observation",),
    indicators=(TOTAL, FEMALE, RANK),
    resources=(
        Resource(
            "Rank.csv",
            "security/un_peacekeeping_contributor_ranking_2021-01-31.csv",
            None,
            "7b2d733b17e4c4a91d42bf1edf9bb26dfa0b0f1a6ffa0d348a96f076b0bbbf39",
            upstream=f"{REPO}@{COMMIT[:7]} Rank.csv (UTF-8 BOM and trailing blank line removed)",
        ),
    ),
    parse=_parse_ranking,
    caveats=(
        "A single monthly snapshot (31 Jan 2021), stored as year 2021 with the flag "
        "'as of 2021-01-31'; contributions change month to month.",
        "Only the 122 countries with personnel deployed on that date are listed.",
    ),
)

YEARLY = Dataset(
    id="un-peacekeeping-personnel",
    title="UN peacekeeping uniformed personnel by contributor, yearly averages 2010–2021",
    publisher=f"{PUBLISHER}; averaged by C. Batho-Newton, D. Kaba and J. Harbour",
    licence=UN_OPEN_DATA,
    citation="United Nations Department of Peace Operations, uniformed personnel by "
    "contributing country, mission and gender (monthly); yearly averages from "
    "corinnee/UN_Peacekeeping_Analytics (CountryByYear.csv)",
    vintage="Monthly UN DPO data Jan 2010 – Jan 2021, averaged per calendar year",
    format="csv",
    domain="security",
    homepage=HOMEPAGE,
    tables=("observation",),
    indicators=(YEARLY_TOTAL, YEARLY_FEMALE),
    resources=(
        Resource(
            "CountryByYear.csv",
            "security/un_peacekeeping_avg_monthly_personnel_by_country_mission_year_2010_2021.csv",
            None,
            "593dc5ea7144b2452dc0ddf8b194f58263a475b32fa62c38bbb3f5badb1fe12f",
            upstream=f"{REPO}@{COMMIT[:7]} CountryByYear.csv (all-zero rows and the index "
            "column dropped, columns renamed)",
        ),
    ),
    parse=_parse_yearly,
    caveats=(
        "Not official totals: a student project's averages of the UN's monthly figures, "
        "rounded per mission, with the year's sum always divided by 12.",
        "Months missing from the project's copy count as zero, so some years are too low: "
        "world sums are 66,400 (2012) and 40,400 (2017) against 82,000–97,000 in 2011, "
        "2013–2016 and 2018–2020 (Bangladesh: 7,196 in 2012 and 2,897 in 2017 against "
        "6,500–10,500 otherwise); 2021 holds January only (world 6,800) and 2010 only eight "
        "contributors (Albania to Bangladesh alphabetically). These years are flagged "
        "'incomplete: …'.",
    ),
)

DATASETS = (RANKING, YEARLY)
