"""ND-GAIN Country Index, 2022 release (data 1995–2020): GAIN, readiness and vulnerability.

Three wide files from the ND-GAIN download (``ISO3, Name, 1995 … 2020``), one per measure.
Each is melted to ``observation`` rows; blank cells (small states without a vulnerability
score, hence no GAIN score) are absent, not zero.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import RESEARCH_USE, github_raw
from southsouth.tabular import check_numeric, read_csv

REPO = "yair47/DS_112_Project"
COMMIT = "1ef4e608cd19f9b13df918deae13612dc238a20a"
_YEAR = re.compile(r"^\d{4}$")
SHA256 = {
    "gain": "aedfd7016931dfc32e1f3ee6889b4b11627182901a15a9cf9bbd8ac4fdf419a7",
    "readiness": "47bee6010c55477fe285e3753ab8702f8f22d8bc43070d8f0c742c1b9d021776",
    "vulnerability": "ac022d08b4fbc149bf4ed5ee54bf8c4a0283b9e505e0eac0c602bea1418d12d3",
}
MEASURES: dict[str, IndicatorSpec] = {
    "gain": IndicatorSpec(
        "ndgain_index",
        "ND-GAIN Country Index",
        "score (0–100)",
        "Adaptation readiness against climate vulnerability: (readiness − vulnerability + 1) "
        "× 50; higher = better prepared. 2022 release.",
    ),
    "readiness": IndicatorSpec(
        "ndgain_readiness",
        "ND-GAIN readiness",
        "score (0–1)",
        "Economic, governance and social readiness to use investment for adaptation; higher = "
        "more ready. 2022 release.",
    ),
    "vulnerability": IndicatorSpec(
        "ndgain_vulnerability",
        "ND-GAIN vulnerability",
        "score (0–1)",
        "Exposure, sensitivity and (lack of) adaptive capacity to climate change across food, "
        "water, health, ecosystems, habitat and infrastructure; higher = more vulnerable. "
        "2022 release.",
    ),
}


def _measure(inp: ParseInput, measure: str) -> pd.DataFrame:
    path = inp.path(f"{measure}.csv")
    frame = read_csv(path, columns=["ISO3", "Name"], dtype=str, keep_default_na=False)
    years = [c for c in frame.columns if _YEAR.match(str(c))]
    if not years:
        raise ParseError(str(path), "no year columns (1995, 1996, …) in the header")
    iso3 = frame["ISO3"].str.strip()
    keep = inp.countries_only(iso3, what=f"ND-GAIN {measure} ISO3 codes")
    wide = pd.DataFrame({"country_iso3": iso3})
    for year in years:
        wide[year] = check_numeric(frame, year, path)
    wide = wide[keep]
    duplicated = wide["country_iso3"].duplicated(keep=False)
    if duplicated.any():
        raise ParseError(
            str(path),
            f"ISO3 codes listed twice: {sorted(set(wide.loc[duplicated, 'country_iso3']))}",
            line=int(duplicated.to_numpy().nonzero()[0][-1]) + 2,
        )
    long = wide.melt(id_vars="country_iso3", var_name="year", value_name="value")
    long = long[long["value"].notna()]
    return pd.DataFrame(
        {
            "country_iso3": long["country_iso3"],
            "indicator": MEASURES[measure].id,
            "year": long["year"].astype(int),
            "value": long["value"],
            "flag": None,
        }
    )


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    parts = [_measure(inp, measure) for measure in MEASURES]
    return {"observation": pd.concat(parts, ignore_index=True)}


def _resource(measure: str) -> Resource:
    return Resource(
        f"{measure}.csv",
        f"climate/ndgain_2022_{measure}_1995_2020.csv",
        github_raw(REPO, COMMIT, f"resources/{measure}/{measure}.csv"),
        SHA256[measure],
        upstream="ND-GAIN Country Index download (2022 release), unzipped unchanged",
    )


NDGAIN = Dataset(
    id="ndgain-2022",
    title="ND-GAIN Country Index: climate adaptation readiness and vulnerability",
    publisher="University of Notre Dame Global Adaptation Initiative (ND-GAIN)",
    licence=RESEARCH_USE,
    citation="University of Notre Dame Global Adaptation Initiative, ND-GAIN Country Index "
    "(2022 release)",
    vintage="2022 release, data 1995–2020",
    format="csv (wide, one column per year)",
    domain="climate",
    homepage="https://gain.nd.edu/our-work/country-index/",
    tables=("observation",),
    indicators=tuple(MEASURES.values()),
    resources=tuple(_resource(m) for m in MEASURES),
    parse=_parse,
    caveats=(
        "Not the newest edition: later releases extend the series and revise every year, so "
        "values are not comparable across editions.",
        "Small states lack a vulnerability score, hence a GAIN score (readiness only).",
        "No formal licence: free to use with citation.",
    ),
)

DATASETS = (NDGAIN,)
