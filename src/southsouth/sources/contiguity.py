"""COW Direct Contiguity v3.2: land and water contiguity between states, 1816–2016.

peacesciencer's ``cow_contdir`` lists every relationship in both directions with start and
end dates (only year and month are meaningful). Contiguity is symmetric, so each pair is
loaded once (the direction with the lower COW code first) as a ``relation`` row of kind
``contiguity``, ``directed`` false, ``value`` = COW ``conttype`` (1 land or river border;
2 separated by ≤ 12 miles of water; 3 ≤ 24 miles; 4 ≤ 150 miles; 5 ≤ 400 miles) and
``detail`` = ``{"start": "YYYY-MM", "end": "YYYY-MM"}``. Relationships running to December
2016, the end of v3.2, have an empty ``year_end``.

peacesciencer also adds rows with ``conttype`` 0: months in which both states existed but had
no contiguity relationship, filled in by Miller from the state-system lists. They are not
COW records and mean "not contiguous", so they are not loaded (the count is reported).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.dataset import ParseInput
from southsouth.sources.licences import RESEARCH_USE
from southsouth.sources.peacescience import (
    dyad_relations,
    map_dyads,
    parse_dates,
    peacesciencer_dataset,
    peacesciencer_resource,
    read_numeric,
    require_values,
    to_json,
)

DATA_END = pd.Timestamp("2016-12-01")
CONTTYPES = {1, 2, 3, 4, 5}


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("cow_contdir.csv")
    frame = read_numeric(path, ["ccode1", "ccode2", "conttype"], ["stdate", "enddate"])
    require_values(frame, ["ccode1", "ccode2", "conttype", "stdate", "enddate"], path)
    frame["start"] = parse_dates(frame, "stdate", path)
    frame["end"] = parse_dates(frame, "enddate", path)
    filler = frame["conttype"] == 0
    if filler.any():
        inp.report(
            "not-contiguous",
            "peacesciencer rows with conttype 0 (both states existed, no contiguity) not loaded",
            int(filler.sum()),
        )
    unknown = ~filler & ~frame["conttype"].isin(CONTTYPES)
    if unknown.any():
        inp.report(
            "unknown-code",
            f"conttype values outside 1–5: {sorted(frame.loc[unknown, 'conttype'].unique())}",
            int(unknown.sum()),
        )
    frame = frame[~filler & ~unknown & (frame["ccode1"] < frame["ccode2"])]
    frame = map_dyads(
        inp, frame.reset_index(drop=True), "ccode1", "ccode2", "cown", what="COW contiguity"
    )
    ongoing = frame["end"] == DATA_END
    relation = dyad_relations(
        frame,
        kind="contiguity",
        directed=False,
        year_start=frame["start"].dt.year,
        year_end=frame["end"].dt.year.astype(object).where(~ongoing, None),
        value=frame["conttype"],
        detail=to_json(
            {"start": s.strftime("%Y-%m"), "end": e.strftime("%Y-%m")}
            for s, e in zip(frame["start"], frame["end"], strict=True)
        ),
    )
    return {"relation": relation}


COW_CONTIGUITY = peacesciencer_dataset(
    id="cow-contiguity",
    title="Direct contiguity between states 1816–2016 (COW Direct Contiguity v3.2)",
    publisher="Correlates of War Project (via peacesciencer)",
    licence=RESEARCH_USE,
    citation="Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl and Charles "
    "Gochman (2002), The Correlates of War Project Direct Contiguity Data, Version 3, "
    "Conflict Management and Peace Science 19(2): 59–67; v3.2 via Miller, peacesciencer "
    "(cow_contdir)",
    vintage="COW Direct Contiguity v3.2: relationships 1816–2016",
    homepage="https://correlatesofwar.org/data-sets/direct-contiguity/",
    tables=("relation",),
    resources=(
        peacesciencer_resource(
            "cow_contdir.csv",
            "cow_direct_contiguity_v3_2.csv",
            "cow_contdir",
            "1fbc6601fdb72823da4d0eb260028abc7a1de02c9b444b86175d699554ee2ae9",
        ),
    ),
    parse=_parse,
    caveats=(
        "value is the COW contiguity type: 1 land or river border; separated by water of "
        "2 ≤ 12 miles, 3 ≤ 24 miles, 4 ≤ 150 miles, 5 ≤ 400 miles. Greater distances are not "
        "recorded.",
        "Dates are year and month only; a relationship that changes type starts a new row. "
        "Relationships still in force in December 2016 have an empty year_end.",
        "Colonial and dependency contiguity are not included. Pairs with a state that has no "
        "ISO3 code (pre-unification German and Italian states, Zanzibar, the GDR, …) are not "
        "loaded.",
    ),
)

DATASETS = (COW_CONTIGUITY,)
