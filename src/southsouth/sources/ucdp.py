"""UCDP/PRIO Armed Conflict Dataset v25.1 (conflict-years 1946–2024), via peacesciencer.

peacesciencer splits every side listing several states into one row per state (and per
supporting state), and drops actor names: ``gwno_b`` is empty when side B is a rebel group.
Two tables come out of it:

* ``relation`` (kind ``armed-conflict``): inter-state conflict-years, one row per pair of a
  side-A state (``country_a``, from ``gwno_a``) and a side-B state (``country_b``, from
  ``gwno_b``), ``year_start`` = ``year_end`` = the year, ``value`` = UCDP intensity (1 minor,
  25–999 battle-related deaths in the year; 2 war, ≥ 1,000), ``ref`` = UCDP ``conflict_id``.
  ``directed`` is false: both sides fight, and ``country_a`` is simply UCDP's side A.
  ``detail`` holds the incompatibility, the states supporting each side with troops
  (``side_a_2nd``/``side_b_2nd``, ISO3), the episode start date and whether the episode ended.
* ``observation``: intrastate armed conflict per country-year, counting conflicts of type
  intrastate or internationalised intrastate in which the state is side A (the government)
  and side B is not a state: the highest intensity (1/2) and the number of such conflicts.
  Only conflict-years appear; a missing country-year means UCDP recorded no such conflict.

Gleditsch–Ward codes map to ISO3 through the crosswalk plus Grenada (55) and Tonga (972);
Hyderabad (751), South Yemen (680), South Vietnam (817) and Czechoslovakia (315) have none and
their rows are reported and dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from southsouth.sources.country_year import melt_indicators
from southsouth.sources.dataset import IndicatorSpec, ParseInput
from southsouth.sources.licences import CC_BY_4
from southsouth.sources.peacescience import (
    GW_MICROSTATES,
    codes_to_iso3,
    dyad_relations,
    map_dyads,
    map_states,
    peacesciencer_dataset,
    peacesciencer_resource,
    read_numeric,
    require_values,
    to_json,
)
from southsouth.sources.publishers.ucdp import UcdpDataset

NUMERIC = (
    "conflict_id",
    "year",
    "gwno_a",
    "gwno_a_2nd",
    "gwno_b",
    "gwno_b_2nd",
    "intensity_level",
    "ep_end",
)
INTRASTATE_TYPES = ("intrastate", "II")
TYPES = {"extrasystemic", "interstate", "intrastate", "II"}
INTENSITY = IndicatorSpec(
    "ucdp_intrastate_conflict_intensity",
    "Intrastate armed conflict, highest intensity (UCDP/PRIO)",
    "level (1 minor, 2 war)",
    "Highest UCDP intensity level in the year among intrastate and internationalised "
    "intrastate conflicts in which the state's government is side A: 1 = 25–999 "
    "battle-related deaths, 2 = at least 1,000. Only conflict-years are recorded.",
)
COUNT = IndicatorSpec(
    "ucdp_intrastate_conflict_count",
    "Intrastate armed conflicts (UCDP/PRIO)",
    "conflicts",
    "Number of distinct UCDP intrastate and internationalised intrastate conflicts active in "
    "the year with the state's government as side A. Only conflict-years are recorded.",
)


def _iso_list(codes: pd.Series) -> list[str]:
    return sorted({c for c in codes if isinstance(c, str)})


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("ucdp_acd.csv")
    frame = read_numeric(
        path,
        NUMERIC,
        ["incompatibility", "type_of_conflict", "start_date2", "ep_end_date"],
    )
    require_values(
        frame, ["conflict_id", "year", "gwno_a", "intensity_level", "type_of_conflict"], path
    )
    unknown = ~frame["type_of_conflict"].isin(TYPES)
    if unknown.any():
        inp.report(
            "unknown-code",
            f"type_of_conflict values not known: {sorted(frame.loc[unknown, 'type_of_conflict'])}",
            int(unknown.sum()),
        )
    return {
        "relation": _interstate(inp, frame[frame["type_of_conflict"] == "interstate"]),
        "observation": _intrastate(inp, frame[frame["type_of_conflict"].isin(INTRASTATE_TYPES)]),
    }


def _interstate(inp: ParseInput, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame["a_2nd"] = codes_to_iso3(
        inp, frame["gwno_a_2nd"], "gwn", GW_MICROSTATES, what="UCDP side A supporters"
    )
    frame["b_2nd"] = codes_to_iso3(
        inp, frame["gwno_b_2nd"], "gwn", GW_MICROSTATES, what="UCDP side B supporters"
    )
    keys = ["conflict_id", "year", "gwno_a", "gwno_b"]
    grouped = frame.groupby(keys, sort=True)
    pairs = grouped.agg(
        intensity=("intensity_level", "max"),
        incompatibility=("incompatibility", "first"),
        episode_start=("start_date2", "first"),
        ep_end=("ep_end", "max"),
        ep_end_date=("ep_end_date", "first"),
    ).reset_index()
    pairs["side_a_2nd"] = grouped["a_2nd"].agg(_iso_list).to_numpy()
    pairs["side_b_2nd"] = grouped["b_2nd"].agg(_iso_list).to_numpy()
    pairs = map_dyads(
        inp, pairs, "gwno_a", "gwno_b", "gwn", what="UCDP interstate", extra=GW_MICROSTATES
    )
    details = to_json(
        {
            "incompatibility": row["incompatibility"],
            "side_a_2nd": row["side_a_2nd"],
            "side_b_2nd": row["side_b_2nd"],
            "episode_start": row["episode_start"],
            "episode_ended": bool(row["ep_end"] == 1),
            "episode_end": row["ep_end_date"],
        }
        for row in pairs.to_dict("records")
    )
    return dyad_relations(
        pairs,
        kind="armed-conflict",
        directed=False,
        value=pairs["intensity"],
        ref="conflict_id",
        detail=details,
    )


def _intrastate(inp: ParseInput, frame: pd.DataFrame) -> pd.DataFrame:
    with_state_b = frame["gwno_b"].notna()
    if with_state_b.any():
        inp.report(
            "skipped-row",
            "intrastate conflict rows with a state on side B (not counted as intrastate)",
            int(with_state_b.sum()),
        )
    frame = map_states(
        inp,
        frame[~with_state_b].reset_index(drop=True),
        "gwno_a",
        "gwn",
        GW_MICROSTATES,
        what="UCDP intrastate side A",
        dropped="intrastate conflict rows whose side-A state has no ISO3 code not counted",
    )
    yearly = (
        frame.groupby(["country_iso3", "year"])
        .agg(intensity=("intensity_level", "max"), count=("conflict_id", "nunique"))
        .reset_index()
    )
    return melt_indicators(yearly, {"intensity": INTENSITY, "count": COUNT})


UCDP_ACD = peacesciencer_dataset(
    id="ucdp-acd",
    title="UCDP/PRIO Armed Conflict Dataset v25.1: inter-state conflicts and intrastate "
    "conflict by country, 1946–2024",
    publisher="Uppsala Conflict Data Program (UCDP) and PRIO (via peacesciencer)",
    licence=CC_BY_4,
    citation="Gleditsch, Nils Petter, Peter Wallensteen, Mikael Eriksson, Margareta Sollenberg "
    "and Håvard Strand (2002), Armed Conflict 1946–2001: A New Dataset, Journal of Peace "
    "Research 39(5): 615–637; Davies, Shawn, Therése Pettersson, Margareta Sollenberg and "
    "Magnus Öberg (2025), Organized violence 1989–2024, Journal of Peace Research 62(4); "
    "UCDP/PRIO ACD v25.1 via Miller, peacesciencer (ucdp_acd)",
    vintage="UCDP/PRIO ACD v25.1: conflict-years 1946–2024",
    homepage="https://ucdp.uu.se/downloads/",
    tables=("relation", "observation"),
    indicators=(INTENSITY, COUNT),
    resources=(
        replace(
            peacesciencer_resource(
                "ucdp_acd.csv",
                "ucdp_armed_conflict_v25_1_conflict_year.csv",
                "ucdp_acd",
                "86562c603538e49dda6a43d8ec24d4f60f41fcee20272eca605b67f9896bd218",
            ),
            service=UcdpDataset("ucdpprioconflict", "25.1"),
        ),
    ),
    parse=_parse,
    caveats=(
        "An armed conflict needs at least 25 battle-related deaths in a calendar year; "
        "intensity 1 = 25–999, 2 = at least 1,000 deaths.",
        "Inter-state conflicts only go to relation (country_a = UCDP side A). Extrasystemic "
        "(colonial) conflicts are not loaded.",
        "Intrastate observations exist only for conflict-years: no row means no recorded "
        "conflict (or a state not yet independent). Conflicts where a state only supports a "
        "side with troops are not counted for that state.",
        "peacesciencer's processed version: multi-state sides are split into one row per "
        "state and actor names are dropped. Hyderabad, South Yemen, South Vietnam and "
        "Czechoslovakia have no ISO3 code and are not loaded; Yugoslavia (345) is coded as "
        "Serbia and the USSR (365) as Russia.",
    ),
)

DATASETS = (UCDP_ACD,)
