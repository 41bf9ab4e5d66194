"""Complexity benchmark: a 25-year country × HS4 panel, southsouth against py-ecomplexity.

The panel is SYNTHETIC: the real 2017 country × HS4 exports (the mirror's
``ots_country_hs4_exports_2017.csv``, 224 countries × 1,221 headings, code 9999 dropped)
perturbed for each of 25 years by multiplicative log-normal noise (a country-year factor,
σ = 0.2, and a cell factor, σ = 0.5) with a fixed seed. It serves timing and agreement only
and is never a finding. Both implementations compute RCA, Mcp, ECI, PCI, proximity, density,
COI and COG for every year; py-ecomplexity runs with its log-supermodularity check off (a
diagnostic southsouth does not compute). southsouth runs with py-ecomplexity's definitions
(proximity diagonal kept, Growth Lab COG) so the numbers can be compared: ECI and PCI must
agree within 1e-6 in every year. Target (issue 4): ≥ 20× faster.
"""

from __future__ import annotations

import os
import platform
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from southsouth.sources import get_dataset
from southsouth.trade.complexity import ComplexityOptions, complexity

YEARS, SEED = 25, 20170101
COUNTRY_SIGMA, CELL_SIGMA = 0.2, 0.5
TARGET_RATIO = 20.0
TOLERANCE = 1e-6
LABEL = "SYNTHETIC (2017 HS4 exports × fixed-seed log-normal noise; timing only)"
REPO = Path(__file__).resolve().parents[1]


def mirror_file() -> Path:
    """The mirror's 2017 country × HS4 table (SOUTHSOUTH_MIRROR or ../shared/data)."""
    mirror = Path(os.environ.get("SOUTHSOUTH_MIRROR") or REPO.parent / "shared" / "data")
    resource = get_dataset("ots-hs4-exports-2017").resources[0]
    return mirror / resource.mirror_path


def real_2017() -> pd.DataFrame:
    """The real 2017 table (country, product, value), 9999 and empty cells dropped."""
    frame = pd.read_csv(mirror_file(), dtype={"product_code": str, "reporter_iso": str})
    frame = frame.rename(
        columns={"reporter_iso": "country", "product_code": "product", "export_value_usd": "value"}
    )
    keep = frame["value"].notna() & (frame["product"] != "9999")
    return frame.loc[keep, ["country", "product", "value"]].reset_index(drop=True)


def synthetic_panel(
    base: pd.DataFrame, years: int = YEARS, seed: int = SEED, first_year: int = 2000
) -> pd.DataFrame:
    """SYNTHETIC panel: ``base`` × exp(N(0, 0.2²) per country-year + N(0, 0.5²) per cell)."""
    rng = np.random.default_rng(seed)
    countries, country_codes = np.unique(base["country"], return_inverse=True)
    parts = []
    for offset in range(years):
        country_factor = rng.normal(0.0, COUNTRY_SIGMA, len(countries))[country_codes]
        cell_factor = rng.normal(0.0, CELL_SIGMA, len(base))
        parts.append(
            pd.DataFrame(
                {
                    "year": first_year + offset,
                    "country": base["country"].to_numpy(),
                    "product": base["product"].to_numpy(),
                    "value": base["value"].to_numpy() * np.exp(country_factor + cell_factor),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _ecomplexity(panel: pd.DataFrame) -> pd.DataFrame:
    from ecomplexity import ecomplexity

    columns = {"time": "year", "loc": "country", "prod": "product", "val": "value"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(panel, columns, check_logsupermodularity=False, verbose=False)


def _max_difference(ours: pd.DataFrame, theirs: pd.DataFrame, key: str, column: str) -> float:
    theirs = theirs.groupby(["year", key], observed=True)[column].first().reset_index()
    joined = (
        ours[["year", key, column]]
        .astype({key: str})
        .merge(theirs.astype({key: str}), on=["year", key], suffixes=("", "_ec"), validate="1:1")
    )
    if len(joined) != len(ours):
        raise AssertionError(f"{column}: {len(ours) - len(joined)} rows without a match")
    return float(np.abs(joined[column] - joined[f"{column}_ec"]).max())


def run(years: int = YEARS) -> dict[str, object]:
    """Time both implementations on the synthetic panel; check ECI/PCI agree; the figures."""
    panel = synthetic_panel(real_2017(), years)
    options = ComplexityOptions(keep_diagonal=True, cog_method="growthlab_code")
    # ecomplexity runs once (about a minute); southsouth runs three times in the same process:
    # the first run includes first-touch costs (string hashing, memory), reported separately.
    times = []
    for _ in range(3):
        started = time.perf_counter()
        ours = complexity(panel, options)
        times.append(time.perf_counter() - started)
    ours_first, ours_s = times[0], sorted(times)[1]
    started = time.perf_counter()
    theirs = _ecomplexity(panel)
    theirs_s = time.perf_counter() - started
    eci_diff = _max_difference(ours.countries, theirs, "country", "eci")
    pci_diff = _max_difference(ours.products, theirs, "product", "pci")
    if max(eci_diff, pci_diff) > TOLERANCE:
        raise AssertionError(f"ECI/PCI differ from py-ecomplexity: {eci_diff}, {pci_diff}")
    diagnostics = ours.diagnostics
    return {
        "data": LABEL,
        "years": years,
        "rows": len(panel),
        "countries": int(diagnostics["countries"].max()),
        "products": int(diagnostics["products"].max()),
        "southsouth_s": round(ours_s, 2),
        "southsouth_runs_s": [round(t, 2) for t in times],
        "ecomplexity_s": round(theirs_s, 2),
        "ratio": round(theirs_s / ours_s, 1),
        "ratio_first_run": round(theirs_s / ours_first, 1),
        "target_ratio": TARGET_RATIO,
        "max_abs_diff_eci": eci_diff,
        "max_abs_diff_pci": pci_diff,
        "eigen_gap_range": [
            round(float(diagnostics["eigen_gap"].min()), 4),
            round(float(diagnostics["eigen_gap"].max()), 4),
        ],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
