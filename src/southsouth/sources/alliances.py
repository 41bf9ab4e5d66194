"""ATOP v5.1 alliance obligations, as directed dyad-year pledges collapsed into spells.

The source has 273,296 directed dyad-years (COW codes) with five 0/1 pledge flags: defense,
offense, neutrality, non-aggression, consultation. A flag on (ccode1, ccode2) is an
obligation of ``ccode1`` towards ``ccode2`` (1,394 dyad-years are asymmetric), so rows stay
directed. After mapping to ISO3 (flags of two COW codes of one country in one year, e.g. 255
and 260 for Germany in 1990, are OR-ed), consecutive years of a directed pair with the same
flags become one ``relation`` row of kind ``alliance``: ``value`` = 1 when the spell carries a
defense pledge, else 0; ``detail`` = ``{"pledges": [...]}``. A spell that reaches 2018, the
last year of ATOP 5.1, gets an empty ``year_end`` (in force at data end). 170 source rows
carry no pledge flag at all (an ATOP alliance with none of the five obligations); they are
kept with ``"pledges": []``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.dataset import ParseInput
from southsouth.sources.licences import RESEARCH_USE
from southsouth.sources.peacescience import (
    dyad_relations,
    open_end,
    peacesciencer_dataset,
    peacesciencer_resource,
    read_dyads,
    spells,
    to_json,
)

DATA_END = 2018
PLEDGES = {
    "atop_defense": "defense",
    "atop_offense": "offense",
    "atop_neutral": "neutrality",
    "atop_nonagg": "non-aggression",
    "atop_consul": "consultation",
}


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    numeric = ["ccode1", "ccode2", "year", *PLEDGES]
    frame = read_dyads(
        inp, "atop_alliance.csv", numeric, required=numeric, what="ATOP alliance dyad-years"
    )
    flags = list(PLEDGES)
    yearly = (
        frame.groupby(["country_a", "country_b", "year"], as_index=False)[flags]
        .max()
        .astype({f: int for f in flags})
    )
    if len(yearly) < len(frame):
        inp.report(
            "merged-rows",
            "ATOP dyad-years of two COW codes of one country (e.g. 255/260 Germany, 678/679 "
            "Yemen in 1990) merged into one pair-year, pledge flags OR-ed",
            len(frame) - len(yearly),
        )
    runs = spells(yearly, ["country_a", "country_b", *flags])
    details = to_json(
        {"pledges": [PLEDGES[f] for f in flags if row[f] == 1]} for row in runs.to_dict("records")
    )
    relation = dyad_relations(
        runs,
        kind="alliance",
        directed=True,
        year_start=runs["year_start"],
        year_end=open_end(runs["year_end"], DATA_END),
        value=runs["atop_defense"].astype(float),
        detail=details,
    )
    return {"relation": relation}


ATOP = peacesciencer_dataset(
    id="atop-alliances",
    title="Alliance obligations 1815–2018 (ATOP v5.1), directed spells",
    publisher="Alliance Treaty Obligations and Provisions project (Leeds et al.; via "
    "peacesciencer)",
    licence=RESEARCH_USE,
    citation="Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. "
    "Long (2002), Alliance Treaty Obligations and Provisions, 1815–1944, International "
    "Interactions 28: 237–260; ATOP v5.1 via Miller, peacesciencer (atop_alliance)",
    vintage="ATOP v5.1: alliances 1815–2018",
    homepage="http://www.atopdata.org",
    tables=("relation",),
    resources=(
        peacesciencer_resource(
            "atop_alliance.csv",
            "atop_v5_alliance_dyad_year.csv",
            "atop_alliance",
            "681567e23d41c85f7d466308a55241238c15be1225b91852e360cfee4ab27719",
        ),
    ),
    parse=_parse,
    caveats=(
        "Dyad-years are collapsed into spells of consecutive years with the same pledges; "
        "a spell in force in 2018 (the last ATOP 5.1 year) has an empty year_end.",
        "value is 1 when the spell includes a defense pledge, else 0; detail lists all "
        "pledges (defense, offense, neutrality, non-aggression, consultation).",
        "Rows are directed: a pledge on (A, B) is A's obligation to B, and some are "
        "one-sided. Several alliances of one pair in a year are merged (flags OR-ed); "
        "ATOP alliance numbers are not in this file.",
        "Pairs with a state that has no ISO3 code (pre-unification German and Italian states, "
        "Austria-Hungary, Korea before 1910, the GDR, Czechoslovakia, …) are not loaded; the "
        "USSR (COW 365) is coded as Russia and Yugoslavia (345) as Serbia.",
    ),
)

DATASETS = (ATOP,)
