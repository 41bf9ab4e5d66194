"""Health-worker supply: each country's latest density, projected by a compound trend.

For every density series (say doctors per 1,000) and country:

1. **Base**: the latest observation in the look-back window ``[as_of − lookback, as_of]``.
   A country whose latest value is older, or that has none, has no base (no supply).
2. **Own trend**: least squares of ln(density) on year over the observations in
   ``[base_year − window, base_year]``, kept when there are at least ``min_points`` of them
   spanning at least ``min_span_years``; compound annual growth g = e^slope − 1
   (Liu/Scheffler's d_T = d_t0·e^{g(T − t0)} with g as a rate).
3. **Borrowed trend** when the country's own data is thin: the median own growth of that
   series among the countries of its WHO region (when at least ``min_region_countries`` have
   an own trend), else the median over every country with an own trend.
4. **Cap**: g is clipped to ``[min_growth, max_growth]`` (±5 % a year by default). In the
   mirror, fitted rates above that (up to +33 %/yr, e.g. Timor-Leste doctors, Indonesia
   nurses) mostly mark changes in what is reported, not workforce growth; +5 %/yr already
   more than doubles a density in 15 years.
5. **Scenario levers** act on every year after ``Scenario.start_year``:
   d_T = d_base·(1+g)^(T − base_year)·L^max(0, T − start_year),
   L = (1 + training_growth)(1 − attrition)(1 − emigration). Levers are changes relative to
   the trend (which already embeds past training, attrition and emigration), so the
   baseline has all three at zero.

Pure functions over DataFrames; nothing here reads the warehouse.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.errors import InputError


@dataclass(frozen=True)
class DensitySeries:
    """One density indicator and how to turn its values into workers per 1,000 people."""

    indicator: str
    label: str
    to_per_1000: float = 1.0
    dataset_id: str | None = None
    note: str = ""


@dataclass(frozen=True)
class TrendRule:
    """How the base density is chosen and how its trend is estimated and capped."""

    lookback_years: int = 10
    window_years: int = 15
    min_points: int = 3
    min_span_years: int = 5
    min_region_countries: int = 3
    min_growth: float = -0.05
    max_growth: float = 0.05

    def __post_init__(self) -> None:
        if self.lookback_years < 0 or self.window_years < 1 or self.min_points < 2:
            raise InputError(
                f"invalid trend rule {self}",
                hint="lookback ≥ 0, window ≥ 1 and at least 2 points are needed",
            )
        if not -1 < self.min_growth <= self.max_growth:
            raise InputError(
                f"growth cap [{self.min_growth}, {self.max_growth}] is empty or below −100 %",
                hint="give −1 < min_growth ≤ max_growth, as fractions (0.05 = 5 % a year)",
            )


DEFAULT_RULE = TrendRule()


@dataclass(frozen=True)
class Scenario:
    """Policy levers, as annual fractions applied on top of each country's trend."""

    name: str = "baseline"
    training_growth: float = 0.0
    attrition: float = 0.0
    emigration: float = 0.0
    start_year: int = 2025

    def __post_init__(self) -> None:
        if not -1 < self.training_growth < 1:
            raise InputError(
                f"training growth {self.training_growth} is not a fraction in (−1, 1)",
                hint="write 0.02 (or 2%) for two per cent more workers a year",
            )
        for name, value in (("attrition", self.attrition), ("emigration", self.emigration)):
            if not 0 <= value < 1:
                raise InputError(
                    f"{name} {value} is not a fraction in [0, 1)",
                    hint=f"write 0.01 (or 1%) for an extra one per cent {name} a year",
                )

    @property
    def annual_factor(self) -> float:
        """L = (1 + training growth)(1 − attrition)(1 − emigration)."""
        return (1 + self.training_growth) * (1 - self.attrition) * (1 - self.emigration)

    def factor(self, year: int) -> float:
        """Multiplier on the trend density in ``year``."""
        return self.annual_factor ** max(0, year - self.start_year)


BASELINE = Scenario()

_LEVERS = {
    "training": "training_growth",
    "training_growth": "training_growth",
    "attrition": "attrition",
    "emigration": "emigration",
}


def parse_scenario(text: str) -> Scenario:
    """A Scenario from ``baseline`` or ``training=2%,attrition=0.01,emigration=1%,start=2026``."""
    text = text.strip()
    if text.lower() in ("", "baseline"):
        return BASELINE
    levers: dict[str, float] = {}
    start = BASELINE.start_year
    name = None
    for part in text.split(","):
        key, sep, raw = part.partition("=")
        key, raw = key.strip().lower(), raw.strip()
        if not sep or not raw:
            raise InputError(
                f"cannot read scenario part {part.strip()!r}",
                hint="write lever=value pairs, e.g. training=2%,attrition=1%,emigration=0.5%",
            )
        if key == "name":
            name = raw
        elif key in ("start", "start_year"):
            if not re.fullmatch(r"\d{4}", raw):
                raise InputError(f"start year {raw!r} is not a year", hint="e.g. start=2026")
            start = int(raw)
        elif key in _LEVERS:
            levers[_LEVERS[key]] = _fraction(raw)
        else:
            raise InputError(
                f"unknown scenario lever {key!r}",
                hint="levers are training, attrition, emigration (plus start, name)",
            )
    label = name or ",".join(f"{k}={v:g}" for k, v in sorted(levers.items())) or "baseline"
    return Scenario(name=label, start_year=start, **levers)


def _fraction(raw: str) -> float:
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%"))
    except ValueError:
        raise InputError(
            f"scenario value {raw!r} is not a number", hint="write 0.02 or 2%"
        ) from None
    return value / 100 if percent else value


def _own_trends(observed: pd.DataFrame, base: pd.DataFrame, rule: TrendRule) -> pd.DataFrame:
    """Log-linear trend per (country, series) over the window ending at its base year."""
    window = observed.merge(base[["country_iso3", "indicator", "base_year"]])
    window = window[
        (window["year"] <= window["base_year"])
        & (window["year"] >= window["base_year"] - rule.window_years)
        & (window["value"] > 0)
    ].assign(ln=lambda f: np.log(f["value"]))
    keys = ["country_iso3", "indicator"]
    grouped = window.groupby(keys)
    stats = grouped.agg(
        trend_points=("year", "size"),
        trend_first_year=("year", "min"),
        trend_last_year=("year", "max"),
    )
    x = window["year"] - grouped["year"].transform("mean")
    y = window["ln"] - grouped["ln"].transform("mean")
    sums = pd.DataFrame({"xy": x * y, "xx": x * x}).groupby([window[k] for k in keys]).sum()
    stats = stats.join(sums)
    enough = (stats["trend_points"] >= rule.min_points) & (
        stats["trend_last_year"] - stats["trend_first_year"] >= rule.min_span_years
    )
    slope = (stats["xy"] / stats["xx"]).where(enough)
    stats["own_growth"] = np.expm1(slope)
    return stats[["trend_points", "trend_first_year", "own_growth"]].reset_index()


def supply_basis(
    densities: pd.DataFrame,
    series: Sequence[DensitySeries],
    *,
    as_of: int,
    regions: Mapping[str, str],
    rule: TrendRule = DEFAULT_RULE,
) -> pd.DataFrame:
    """Per country × series: base year and value, trend used and where it came from.

    ``densities`` has columns country_iso3, indicator, year, value (in the series' own
    unit). ``regions`` maps ISO3 → WHO region id (for borrowed trends). Rows with no base
    in the look-back window keep ``base_year`` empty and say why in ``status``.
    """
    wanted = {s.indicator: s for s in series}
    observed = densities.loc[
        densities["indicator"].isin(wanted)
        & densities["value"].notna()
        & (densities["year"] <= as_of),
        ["country_iso3", "indicator", "year", "value"],
    ]
    keys = ["country_iso3", "indicator"]
    latest = observed.sort_values("year").groupby(keys).tail(1)
    latest = latest.rename(columns={"year": "latest_year", "value": "latest_value"})
    in_window = latest["latest_year"] >= as_of - rule.lookback_years
    base = latest[in_window].rename(
        columns={"latest_year": "base_year", "latest_value": "base_value"}
    )
    trends = _own_trends(observed, base, rule)
    out = latest.merge(base, how="left").merge(trends, how="left")
    out["series"] = out["indicator"].map({k: s.label for k, s in wanted.items()})
    out["base_per_1000"] = out["base_value"] * out["indicator"].map(
        {k: s.to_per_1000 for k, s in wanted.items()}
    )
    out["region"] = out["country_iso3"].map(regions)
    out = _borrow_trends(out, rule)
    out["status"] = np.where(
        out["base_year"].notna(),
        "ok",
        "latest value "
        + out["latest_year"].astype("Int64").astype(str)
        + f" is outside the {rule.lookback_years}-year look-back to {as_of}",
    )
    columns = [
        "country_iso3",
        "indicator",
        "series",
        "region",
        "latest_year",
        "base_year",
        "base_value",
        "base_per_1000",
        "trend_points",
        "trend_first_year",
        "own_growth",
        "trend_source",
        "growth_uncapped",
        "growth",
        "capped",
        "status",
    ]
    out = out[columns].sort_values(keys).reset_index(drop=True)
    for col in ("latest_year", "base_year", "trend_points", "trend_first_year"):
        out[col] = out[col].astype("Int64")
    return out


def _borrow_trends(basis: pd.DataFrame, rule: TrendRule) -> pd.DataFrame:
    """Fill growth for thin series from the regional (else global) median, then cap it."""
    has_base = basis["base_year"].notna()
    own = basis[has_base & basis["own_growth"].notna()]
    by_region = own.groupby(["indicator", "region"])["own_growth"].agg(["median", "size"])
    by_region = by_region[by_region["size"] >= rule.min_region_countries]["median"]
    overall = own.groupby("indicator")["own_growth"].median()
    growth: list[float] = []
    source: list[str | None] = []
    for row in basis.itertuples(index=False):
        if pd.isna(row.base_year):
            growth.append(math.nan)
            source.append(None)
        elif not pd.isna(row.own_growth):
            growth.append(float(row.own_growth))
            source.append("own trend")
        elif (row.indicator, row.region) in by_region.index:
            growth.append(float(by_region[(row.indicator, row.region)]))
            source.append(f"median trend of {row.region}")
        elif row.indicator in overall.index:
            growth.append(float(overall[row.indicator]))
            source.append("median trend of all countries")
        else:
            growth.append(0.0)
            source.append("no trend available: held constant")
    basis = basis.assign(trend_source=source, growth_uncapped=growth)
    basis["growth"] = basis["growth_uncapped"].clip(rule.min_growth, rule.max_growth)
    basis["capped"] = (basis["growth"] != basis["growth_uncapped"]).where(has_base)
    return basis


def project_densities(
    basis: pd.DataFrame, years: Iterable[int], scenario: Scenario = BASELINE
) -> pd.DataFrame:
    """Density per 1,000 for each country × series with a base, in each of ``years``."""
    ready = basis[basis["base_year"].notna()]
    frames = []
    for year in sorted(set(years)):
        trend = (1 + ready["growth"]) ** (year - ready["base_year"].astype(float))
        frames.append(
            pd.DataFrame(
                {
                    "country_iso3": ready["country_iso3"],
                    "indicator": ready["indicator"],
                    "year": year,
                    "density_per_1000": ready["base_per_1000"] * trend * scenario.factor(year),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["country_iso3", "indicator", "year", "density_per_1000"])
    return pd.concat(frames, ignore_index=True)
