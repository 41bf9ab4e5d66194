"""The country registry's inputs: ISO/M49 code lists, names, capitals, borders, income groups."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.provenance import Licence
from southsouth.registry.countries import CountryInputs, build_country_tables
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import (
    CC_BY_4,
    MIXED,
    ODBL,
    PDDL,
    PUBLIC_DOMAIN,
    US_GOVERNMENT_WORK,
    github_raw,
)
from southsouth.tabular import read_csv, read_json

DATAHUB = "datasets/country-codes"


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    text = {"dtype": str, "keep_default_na": False}
    inputs = CountryInputs(
        datahub=read_csv(
            inp.path("country-codes.csv"), columns=["ISO3166-1-Alpha-3", "M49"], **text
        ),
        datahub_2020=read_csv(
            inp.path("country-codes-2020.csv"),
            columns=["ISO3166-1-Alpha-3", "Developed / Developing Countries"],
            **text,
        ),
        mledoze=read_json(inp.path("mledoze-countries.json")),
        capitals=read_csv(
            inp.path("ne-capitals.csv"),
            columns=["name", "featurecla", "adm0_a3", "iso_a2", "latitude", "longitude"],
            keep_default_na=False,
        ),
        codelist=read_csv(inp.path("countrycode.csv"), columns=["iso3c", "cown"], **text),
        nsf_income=read_csv(
            inp.path("nsf-income-groups.csv"),
            columns=["entity", "hierarchy_depth", "income_group_fy2023"],
            **text,
        ),
        gapminder=read_csv(
            inp.path("gapminder-geo.csv"),
            columns=["country", "iso3166_1_alpha3", "income_groups"],
            **text,
        ),
    )
    tables = build_country_tables(inputs, inp.crosswalk)
    if tables.income_fallback:
        inp.report(
            "income-group-fallback",
            "World Bank income group from Gapminder (about FY2020) where SEI 2024 lacks FY2023: "
            + ", ".join(tables.income_fallback),
            len(tables.income_fallback),
        )
    if tables.one_sided_borders:
        inp.report(
            "one-sided-border",
            "land borders listed by one side only, dropped: " + ", ".join(tables.one_sided_borders),
            len(tables.one_sided_borders),
        )
    return {"country": tables.country, "country_code": tables.codes, "border": tables.borders}


COUNTRIES = Dataset(
    id="countries",
    title="Country registry: ISO 3166 / UN M49 codes, regions, LDC/LLDC/SIDS, capitals, borders",
    publisher="UN Statistics Division (M49) and ISO via DataHub; mledoze/countries; Natural Earth; "
    "countrycode; NSF/World Bank income groups",
    licence=MIXED,
    citation="DataHub country-codes (UN M49); mledoze/countries; "
    "Natural Earth 1:50m populated places; "
    "Arel-Bundock et al., countrycode; World Bank income classification FY2023 via NSF SEI 2024",
    vintage="M49/ISO as of 2026-05; capitals Natural Earth v4 (2017); income groups FY2023",
    data_year=2026,
    format="csv+json",
    domain="countries",
    tables=("country", "country_code", "border"),
    homepage="https://unstats.un.org/unsd/methodology/m49/",
    caveats=(
        "M49 dropped its developed/developing split in 2021; the column comes from the 2020 list.",
        "Kosovo is included with the user-assigned code XKX.",
        "Capital names date from 2017 (e.g. Swaziland's Mbabane).",
    ),
    resources=(
        Resource(
            "country-codes.csv",
            "countries/datahub_country-codes.csv",
            github_raw(
                DATAHUB, "caa72d1e0e5af8876c170bb36a9e4d64a01bba88", "data/country-codes.csv"
            ),
            "67b009b529330b0a6043551189f43faa785c9c3cc0011ad2bdb4eac876356c43",
            publisher="DataHub core datasets (UNSD M49, ISO 3166)",
            licence=PDDL,
            citation="DataHub, country-codes (2026-05-15), compiled from UN M49 and ISO 3166",
        ),
        Resource(
            "country-codes-2020.csv",
            "countries/datahub_country-codes_2020-10_with_developed_developing.csv",
            github_raw(
                DATAHUB, "4b783b025f20754680389f7604a86f51d9de30c9", "data/country-codes.csv"
            ),
            "ea57c67f19126730facb36f54d1c059294a74a8865b6e2391e1526d563cd1c68",
            publisher="DataHub core datasets (UNSD M49)",
            licence=PDDL,
            citation="DataHub, country-codes (2020-10-15): UN M49 developed/developing regions",
        ),
        Resource(
            "mledoze-countries.json",
            "countries/mledoze_countries.json",
            github_raw(
                "mledoze/countries", "5e9f370050f83ad2ba4cb885f75d66114badf72c", "countries.json"
            ),
            "69e45428770b8750c89a54ac6e6c91131c56cac930ec63551f9ee6d2a179f2da",
            publisher="mledoze/countries",
            licence=ODBL,
            citation="Mohammed Le Doze and contributors, World countries in JSON (2026-04-27)",
        ),
        Resource(
            "ne-capitals.csv",
            "countries/naturalearth_50m_admin0_capitals.csv",
            None,
            "e5cee02a65ca965fea37cd05b5103ad41ff2ef533566f44d84f40eee4a6d7996",
            upstream="Natural Earth 1:50m populated places (admin-0 capitals only)",
            publisher="Natural Earth",
            licence=PUBLIC_DOMAIN,
            citation="Natural Earth, 1:50m Cultural Vectors, Populated Places (v4)",
        ),
        Resource(
            "countrycode.csv",
            "countries/countrycode_codelist_without_cldr.csv",
            github_raw(
                "vincentarelbundock/countrycode",
                "284d6a2f7e49d826e10894227a05d4c857e21540",
                "dictionary/codelist_without_cldr.csv",
            ),
            "2632dba9d168d0ae0174468b27c62671668d8f8a4a84112dced13e4126e46980",
            publisher="countrycode (Arel-Bundock, Enevoldsen, Yetman)",
            licence=Licence("GPL-3 package; code lists are facts from official sources"),
            citation="Arel-Bundock, Enevoldsen & Yetman (2018), countrycode, JOSS 3(28) 848",
        ),
        Resource(
            "nsf-income-groups.csv",
            "indicators/science/nsf_sei2024_se_articles_fractional_2003_2022_tidy.csv",
            None,
            "5c73936aa23b7e005cd9b81494b448a6f859a653b70eace6bc93c18d1a9179de",
            upstream="NSF NCSES SEI 2024 table SPBS-2 (income group column)",
            publisher="US National Science Foundation (NCSES), World Bank FY2023 income groups",
            licence=US_GOVERNMENT_WORK,
            citation="NCSES, Science and Engineering Indicators 2024, table SPBS-2",
        ),
        Resource(
            "gapminder-geo.csv",
            "indicators/geo/gapminder_ddf_entities_geo_country.csv",
            github_raw(
                "open-numbers/ddf--gapminder--systema_globalis",
                "5918971d129612026f2ea5f51b15d7eb7e859e23",
                "ddf--entities--geo--country.csv",
            ),
            "eb9428941f8a2d7b6ce10feada30d723f8b5284fcb47e566128851a1637a4e35",
            publisher="Gapminder",
            licence=CC_BY_4,
            citation="Gapminder, systema_globalis geo entities",
        ),
    ),
    parse=_parse,
)

DATASETS = (COUNTRIES,)
