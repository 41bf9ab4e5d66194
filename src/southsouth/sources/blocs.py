"""Bloc and forum memberships: COW IGO spells, CIA Factbook lists, WHO regions, curated rows."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.registry.blocs import BlocInputs, build_bloc_tables
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import CC0, MIXED, ODBL, RESEARCH_USE, WHO_TERMS, github_raw
from southsouth.tabular import read_csv, read_json

COW_UPSTREAM = (
    "dieghernan/igoR igo_year_format3.rda and states2016.rda (COW IGO v3), melted to spells"
)


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    text = {"dtype": str, "keep_default_na": False}
    spells = read_csv(
        inp.path("cow-igo-spells.csv"),
        columns=["ioname", "ccode", "stateabb", "status", "start_year", "end_year"],
    )
    read_csv(inp.path("cow-igo-organizations.csv"), columns=["ioname", "orgname", "sdate"])
    spells["iso3"] = inp.codes_to_iso3(spells["ccode"], "cown")
    factbook = read_csv(
        inp.path("factbook-orgs.csv"), columns=["iso3", "org", "qualifier", "raw"], **text
    )
    who = read_csv(inp.path("who-countries.csv"), columns=["Code", "ParentCode"], **text)
    records = read_json(inp.path("mledoze-countries.json"))
    un_members = frozenset(
        "XKX" if r["cca3"] == "UNK" else r["cca3"] for r in records if r.get("unMember")
    )
    tables = build_bloc_tables(
        BlocInputs(
            cow_spells=spells,
            factbook=factbook,
            who_codes=who,
            un_members=un_members,
            known_iso3=frozenset(inp.crosswalk.iso3),
        )
    )
    for item in tables.skipped:
        inp.report("membership-skipped", item)
    return {"bloc": tables.blocs, "membership": tables.memberships}


BLOCS = Dataset(
    id="blocs",
    title="Blocs, forums and time-valid memberships (AU, ECOWAS, SADC, EAC, ASEAN, MERCOSUR, "
    "CELAC, Arab League, GCC, OIC, SCO, SAARC, G77, NAM, BRICS, Hague Group, WHO regions)",
    publisher="Correlates of War Project; CIA World Factbook; WHO; southsouth curated rows",
    licence=MIXED,
    citation="Pevehouse, Nordstrom, McManus & Jamison (2020), COW IGO v3.0, Journal of Peace "
    "Research 57(3); CIA World Factbook (2026); WHO Global Health Observatory; curated rows "
    "cite their own sources",
    vintage="COW IGO to 2014; Factbook about January 2026; curated rows to 2025",
    data_year=2026,
    format="csv+json",
    domain="blocs",
    tables=("bloc", "membership"),
    homepage="https://correlatesofwar.org/data-sets/igos/",
    caveats=(
        "COW IGO ends in 2014; later changes come from the Factbook (Jan 2026) or curated rows.",
        "Where COW and the Factbook disagree and no curated row settles it, the change is dated "
        "'by 2026-01-01'.",
        "The Factbook lists Saudi Arabia as a BRICS member; southsouth shows it as invited "
        "(unconfirmed).",
        "Factbook-only memberships without a curated row have no recorded start date.",
    ),
    resources=(
        Resource(
            "cow-igo-spells.csv",
            "blocs/cow_igo_v3_membership_spells.csv",
            None,
            "edca041313e2d028bbc37eae85cff5ef180536c528db1926d6aed6277b44d9a8",
            upstream=COW_UPSTREAM,
            publisher="Correlates of War Project",
            licence=RESEARCH_USE,
            citation="Pevehouse et al. (2020), COW Intergovernmental Organizations v3.0",
        ),
        Resource(
            "cow-igo-organizations.csv",
            "blocs/cow_igo_v3_organizations.csv",
            None,
            "99e9a1621f758f820a48cfa3f0b1f2abf779b87cca5394648164178b14f1b0e1",
            upstream=COW_UPSTREAM,
            publisher="Correlates of War Project",
            licence=RESEARCH_USE,
            citation="Pevehouse et al. (2020), COW Intergovernmental Organizations v3.0",
        ),
        Resource(
            "factbook-orgs.csv",
            "blocs/cia_factbook_intl_org_participation.csv",
            None,
            "637cd5c476e47898cafba8fb0accded393857379b83aab9dfb8a542b4f297733",
            upstream="factbook/factbook.json country files, field 'International organization "
            "participation', split into rows",
            publisher="CIA World Factbook",
            licence=CC0,
            citation="CIA World Factbook (about January 2026), via factbook/factbook.json",
        ),
        Resource(
            "who-countries.csv",
            "indicators/health/who_gho_codes_COUNTRY.csv",
            github_raw(
                "jaji-capstone/project_AfriHealth",
                "2bc02d6f0569575137acebf4255982af8052af98",
                "africa-health-spending/data/raw-data/who-ghed/data/codes/COUNTRY.csv",
            ),
            "89f39be44a79c523e92f745920c5fba376d8f66dfa29b64df89b16c2dc9ff129",
            publisher="World Health Organization (GHO)",
            licence=WHO_TERMS,
            citation="WHO Global Health Observatory, dimension COUNTRY with WHO regions",
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
            citation="mledoze/countries (UN membership flags)",
        ),
    ),
    parse=_parse,
)

DATASETS = (BLOCS,)
