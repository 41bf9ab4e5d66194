"""Outlier treatment as in COINr: winsorise skewed, heavy-tailed indicators, else log.

Skewness and kurtosis are the sample-adjusted statistics (Excel ``SKEW`` and ``KURT``; the
kurtosis is *excess* kurtosis, 0 for a normal distribution), computed over the values
present. An indicator *fails* when |skewness| > 2 AND kurtosis > 3.5 (``OutlierRule``).

Winsorisation, one step at a time while the indicator fails: on the side of the current
skew (top when skew > 0, bottom when < 0) every value equal to the most extreme one is set
to the next most extreme distinct value. A step is taken only while the total number of
winsorised points stays ≤ ``winsor_max`` and at least three distinct values remain (so a
column never collapses to a constant). If the indicator still fails, the winsorisation is
discarded and the *original* values are log-transformed instead, keeping their order:
``log(x − min + 0.01·(max − min))`` when skew ≥ 0, ``−log(max + 0.01·(max − min) − x)``
when skew < 0 (a shift of 1 % of the range, as COINr's ``log_CT``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.index.options import OutlierRule

LOG_COLUMNS = [
    "indicator",
    "skew",
    "kurtosis",
    "failed",
    "action",
    "winsorised_high",
    "winsorised_low",
    "skew_after",
    "kurtosis_after",
    "passes_after",
    "note",
]


def skewness(values: np.ndarray) -> float:
    """Sample-adjusted skewness G1 of the non-NaN values (NaN if fewer than 3 or constant)."""
    x = values[~np.isnan(values)]
    n = x.size
    if n < 3:
        return float("nan")
    d = x - x.mean()
    s = np.sqrt((d @ d) / (n - 1))
    if s == 0:
        return float("nan")
    return float(n / ((n - 1) * (n - 2)) * np.sum((d / s) ** 3))


def kurtosis(values: np.ndarray) -> float:
    """Sample-adjusted excess kurtosis G2 of the non-NaN values (NaN if fewer than 4 or
    constant)."""
    x = values[~np.isnan(values)]
    n = x.size
    if n < 4:
        return float("nan")
    d = x - x.mean()
    s = np.sqrt((d @ d) / (n - 1))
    if s == 0:
        return float("nan")
    head = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * np.sum((d / s) ** 4)
    return float(head - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))


def fails(values: np.ndarray, rule: OutlierRule) -> bool:
    """Whether the values break the rule (|skew| and kurtosis both above threshold)."""
    return bool(
        abs(skewness(values)) > rule.skew_threshold and kurtosis(values) > rule.kurtosis_threshold
    )


def log_transform(values: np.ndarray) -> np.ndarray:
    """Order-preserving log with a shift of 1 % of the range (see module docstring)."""
    present = values[~np.isnan(values)]
    lo, hi = present.min(), present.max()
    shift = 0.01 * (hi - lo)
    if skewness(values) >= 0:
        return np.log(values - lo + shift)
    return -np.log(hi + shift - values)


def treat_indicator(values: np.ndarray, rule: OutlierRule) -> tuple[np.ndarray, dict[str, object]]:
    """One indicator's treated values and its log record (keys as ``LOG_COLUMNS``)."""
    x = np.asarray(values, dtype=float)
    record: dict[str, object] = {
        "skew": skewness(x),
        "kurtosis": kurtosis(x),
        "failed": fails(x, rule),
        "action": "none",
        "winsorised_high": 0,
        "winsorised_low": 0,
        "note": "",
    }
    treated = x.copy()
    if record["failed"]:
        present = ~np.isnan(treated)
        high = low = 0
        while fails(treated, rule):
            distinct = np.unique(treated[present])
            if distinct.size < 3:
                break
            top = skewness(treated) > 0
            extreme, nearest = (distinct[-1], distinct[-2]) if top else (distinct[0], distinct[1])
            hit = present & (treated == extreme)
            if high + low + int(hit.sum()) > rule.winsor_max:
                break
            treated[hit] = nearest
            high, low = (high + int(hit.sum()), low) if top else (high, low + int(hit.sum()))
        if fails(treated, rule):
            treated = log_transform(x)
            record["action"] = "log"
            record["note"] = f"winsorising up to {rule.winsor_max} points did not suffice"
        else:
            record.update(action="winsorised", winsorised_high=high, winsorised_low=low)
    record["skew_after"] = skewness(treated)
    record["kurtosis_after"] = kurtosis(treated)
    record["passes_after"] = not fails(treated, rule)
    if record["action"] == "log" and not record["passes_after"]:
        record["note"] = str(record["note"]) + "; still fails after the log transform"
    return treated, record


@dataclass(frozen=True)
class Treated:
    """Data after treatment and one log row per indicator."""

    data: pd.DataFrame
    log: pd.DataFrame


def treat(data: pd.DataFrame, rule: OutlierRule | None = None) -> Treated:
    """Apply ``treat_indicator`` to every column of ``data``."""
    rule = rule or OutlierRule()
    columns: dict[str, np.ndarray] = {}
    rows = []
    for indicator in data.columns:
        columns[indicator], record = treat_indicator(data[indicator].to_numpy(float), rule)
        rows.append({"indicator": indicator, **record})
    treated = pd.DataFrame(columns, index=data.index)[list(data.columns)]
    return Treated(data=treated, log=pd.DataFrame(rows, columns=LOG_COLUMNS))


def skipped_log(indicators: list[str], reason: str) -> pd.DataFrame:
    """A treatment log saying no treatment was applied, and why."""
    rows = [
        {"indicator": i, "action": "skipped", "winsorised_high": 0, "winsorised_low": 0}
        | {"note": reason}
        for i in indicators
    ]
    return pd.DataFrame(rows, columns=LOG_COLUMNS)
