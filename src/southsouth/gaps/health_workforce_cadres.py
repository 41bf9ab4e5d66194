"""Cadres: a needs threshold per 1,000 people and the density series that supply it.

The SDG cadre is doctors + nurses & midwives against WHO's 4.45 per 1,000. A user can add a
cadre (say pharmacists, with its own threshold and density series): its need, supply and
shortage are computed separately, so one cadre's surplus never offsets another's shortage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from southsouth.errors import InputError
from southsouth.gaps.health_workforce_published import WHO_2016_THRESHOLD
from southsouth.gaps.health_workforce_supply import DensitySeries

SDG_THRESHOLD_PER_1000 = 4.45

DOCTORS = DensitySeries(
    "gapminder_physicians_per_1000",
    "doctors",
    1.0,
    "gapminder-physicians",
    "Physicians per 1,000 (WDI SH.MED.PHYS.ZS, WHO NHWA) via Gapminder.",
)
NURSES_MIDWIVES = DensitySeries(
    "who_nhwa_nursing_midwifery_per_10k",
    "nurses & midwives",
    0.1,
    "who-nhwa-nursing-midwifery",
    "WHO NHWA HWF_0006 per 10,000 divided by 10 (derived: per 1,000).",
)


@dataclass(frozen=True)
class Cadre:
    """A cadre (or group of cadres) with its needs threshold and the density series of supply.

    Supply density is the sum of ``series`` (each converted to per 1,000); a country has data
    for the cadre only when every series has a base value.
    """

    id: str
    name: str
    threshold_per_1000: float
    series: tuple[DensitySeries, ...]
    threshold_source: str = ""

    def __post_init__(self) -> None:
        if not self.threshold_per_1000 > 0 or not self.series:
            raise InputError(
                f"cadre {self.id!r} needs a positive threshold and at least one density series",
                hint="e.g. Cadre('pharmacists', 'Pharmacists', 0.5, (DensitySeries(...),))",
            )


SDG_CADRE = Cadre(
    "doctors-nurses-midwives",
    "Doctors, nurses and midwives",
    SDG_THRESHOLD_PER_1000,
    (DOCTORS, NURSES_MIDWIVES),
    WHO_2016_THRESHOLD,
)


def country_gaps(
    cadre: Cadre,
    grid: pd.DataFrame,
    densities: pd.DataFrame,
) -> pd.DataFrame:
    """Need, supply, shortage, surplus and coverage of ``cadre`` per country × year.

    ``grid`` has country_iso3, name, year, population, population_flag; ``densities`` has
    country_iso3, indicator, year, density_per_1000 (projected).
    """
    indicators = [s.indicator for s in cadre.series]
    wide = densities[densities["indicator"].isin(indicators)].pivot_table(
        index=["country_iso3", "year"], columns="indicator", values="density_per_1000"
    )
    wide = wide.reindex(columns=indicators)
    frame = grid.merge(wide.reset_index(), how="left", on=["country_iso3", "year"])
    density = frame[indicators].sum(axis=1, min_count=len(indicators))
    has_data = density.notna() & frame["population"].notna()
    need = cadre.threshold_per_1000 * frame["population"] / 1000
    supply = (density * frame["population"] / 1000).where(has_data)
    gap = need - supply
    return pd.DataFrame(
        {
            "country_iso3": frame["country_iso3"],
            "name": frame["name"],
            "cadre": cadre.id,
            "year": frame["year"],
            "population": frame["population"],
            "population_flag": frame["population_flag"],
            "threshold_per_1000": cadre.threshold_per_1000,
            **{f"density_{s.indicator}": frame[s.indicator] for s in cadre.series},
            "density_per_1000": density.where(has_data),
            "need": need,
            "supply": supply,
            "shortage": gap.clip(lower=0).where(has_data),
            "surplus": (-gap).clip(lower=0).where(has_data),
            "coverage": (supply / need).where(has_data),
            "has_data": has_data,
        }
    )


def missing_data(
    cadres: Sequence[Cadre], countries: pd.DataFrame, basis: pd.DataFrame
) -> pd.DataFrame:
    """Countries (country_iso3, name, has_pop) lacking data for a cadre, and why."""
    rows = []
    ready = basis[basis["base_year"].notna()].set_index(["country_iso3", "indicator"])
    seen = basis.set_index(["country_iso3", "indicator"])["status"]
    for cadre in cadres:
        for iso3, name, has_pop in countries.itertuples(index=False):
            reasons = []
            if not has_pop:
                reasons.append("no population data")
            for s in cadre.series:
                if (iso3, s.indicator) in ready.index:
                    continue
                status = seen.get((iso3, s.indicator), "no observations")
                reasons.append(f"{s.label}: {status}")
            if reasons:
                rows.append((iso3, name, cadre.id, "; ".join(reasons)))
    return pd.DataFrame(rows, columns=["country_iso3", "name", "cadre", "reason"])
