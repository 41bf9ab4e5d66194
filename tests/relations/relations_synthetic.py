"""A RelationData built by hand, for tests that compute expected values on paper."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from southsouth.relations.frictions import COLUMNS as FRICTION_COLUMNS
from southsouth.relations.tensions import (
    CIVICUS,
    FINANCE,
    TERRITORIAL,
    RelationData,
)

AS_OF = date(2026, 1, 1)
ENDS = {
    "tss-rivalries": 2020,
    "td-rivalries": 2010,
    "gml-mid": 2010,
    "ucdp-acd": 2024,
    "atop-alliances": 2018,
    "cow-contiguity": 2016,
    "miller-territorial-threat": 2010,
}


def relation(kind: str, a: str, b: str, start: int, end: int | None, **extra: Any) -> dict:
    """One ``relation`` row as load_relation_data holds it (pair already sorted)."""
    first, second = sorted((a, b))
    return {
        "kind": kind,
        "directed": extra.get("directed", False),
        "year_start": start,
        "year_end": end,
        "value": extra.get("value"),
        "ref": extra.get("ref"),
        "detail": extra.get("detail"),
        "source_id": extra["source_id"],
        "a": first,
        "b": second,
    }


def make_data(
    relations: Sequence[dict],
    *,
    countries: Sequence[str] = ("AAA", "BBB", "CCC", "DDD"),
    territorial_pct: Mapping[str, float] | None = None,
    civicus: Mapping[str, float] | None = None,
    finance: Mapping[str, float] | None = None,
    memberships: Sequence[tuple[str, str]] = (),
    frictions: Sequence[dict] = (),
) -> RelationData:
    """A RelationData built by hand (missing monadic values stay NaN)."""
    index = pd.Index(list(countries), name="iso3")
    monadic = pd.DataFrame(index=index)
    monadic[TERRITORIAL] = np.nan
    monadic["territorial_pct"] = pd.Series(territorial_pct or {}, dtype=float).reindex(index)
    monadic[CIVICUS] = pd.Series(civicus or {}, dtype=float).reindex(index)
    monadic[FINANCE] = pd.Series(finance or {}, dtype=float).reindex(index)
    friction_frame = pd.DataFrame(
        [{**f, "line": n} for n, f in enumerate(frictions, start=2)],
        columns=[*FRICTION_COLUMNS, "line"],
    )
    return RelationData(
        as_of=AS_OF,
        countries=pd.DataFrame(
            {
                "iso3": list(countries),
                "name": [f"Country {c}" for c in countries],
                "region": "Somewhere",
                "subregion": None,
                "capital": [f"{c} City" for c in countries],
                "capital_lat": np.linspace(-10, 10, len(countries)),
                "capital_lon": np.linspace(0, 30, len(countries)),
                "lat": 0.0,
                "lon": 0.0,
            }
        ),
        relations=pd.DataFrame(
            list(relations),
            columns=[
                "kind",
                "directed",
                "year_start",
                "year_end",
                "value",
                "ref",
                "detail",
                "source_id",
                "a",
                "b",
            ],
        ),
        monadic=monadic,
        memberships=pd.DataFrame(list(memberships), columns=["bloc_id", "iso3"]),
        blocs=pd.DataFrame(columns=["bloc_id", "name", "kind"]),
        frictions=friction_frame,
        data_end=dict(ENDS),
        sources={},
    )
