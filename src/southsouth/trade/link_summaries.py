"""Trade-link pairs summarised by bloc (intra, outward, inward) and by region pair."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

NO_REGION = "(no region)"
SUMMARY_STATS = [
    "n_pairs",
    "n_missing_links",
    "n_unknown",
    "missing_link_pct",
    "tc_mean",
    "tc_median",
    "tii_median",
    "n_trading_pairs",
    "flow",
    "flow_in_missing_links",
]
REGION_COLUMNS = ["exporter_region", "importer_region", *SUMMARY_STATS]


def link_stats(frame: pd.DataFrame) -> dict[str, Any]:
    """Counts, medians and flows (:data:`SUMMARY_STATS`) of some pairs."""
    flagged = frame["missing_link"].fillna(False).astype(bool)
    n = len(frame)
    return {
        "n_pairs": n,
        "n_missing_links": int(flagged.sum()),
        "n_unknown": int(frame["missing_link"].isna().sum()),
        "missing_link_pct": 100.0 * float(flagged.sum()) / n if n else np.nan,
        "tc_mean": float(frame["tc"].mean()) if n else np.nan,
        "tc_median": float(frame["tc"].median()) if n else np.nan,
        "tii_median": float(frame["tii"].median()) if n else np.nan,
        "n_trading_pairs": int((frame["flow"] > 0).sum()),
        "flow": float(frame["flow"].sum()),
        "flow_in_missing_links": float(frame.loc[flagged, "flow"].sum()),
    }


def region_summary(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per exporter region × importer region (:data:`NO_REGION` when unknown)."""
    rows = [
        {"exporter_region": er, "importer_region": ir, **link_stats(group)}
        for (er, ir), group in pairs.groupby(
            [pairs["exporter_region"].fillna(NO_REGION), pairs["importer_region"].fillna(NO_REGION)]
        )
    ]
    return pd.DataFrame(rows, columns=REGION_COLUMNS)


def bloc_summary(
    pairs: pd.DataFrame, blocs: Mapping[str, Collection[str]], present: set[str]
) -> pd.DataFrame:
    """Per bloc the pairs inside it (intra), from it (outward) and into it (inward)."""
    rows = []
    for bloc, members in blocs.items():
        inside = set(members)
        exporter_in = pairs["exporter"].isin(inside)
        importer_in = pairs["importer"].isin(inside)
        scopes = {
            "intra": exporter_in & importer_in,
            "outward": exporter_in & ~importer_in,
            "inward": ~exporter_in & importer_in,
        }
        for scope, mask in scopes.items():
            rows.append(
                {
                    "bloc": bloc,
                    "scope": scope,
                    "n_members": len(inside),
                    "n_members_in_flows": len(inside & present),
                    **link_stats(pairs[mask]),
                }
            )
    return pd.DataFrame(
        rows, columns=["bloc", "scope", "n_members", "n_members_in_flows", *SUMMARY_STATS]
    )
