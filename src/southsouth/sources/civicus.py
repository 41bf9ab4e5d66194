"""CIVICUS Monitor civic-space ratings, as captured from the CIVICUS world map on 2021-03-19.

The file is the ``COUNTRIES_DATA`` object of the CIVICUS Monitor widget saved by Chaudhry &
Heiss: ``{key: {"fillKey": "1".."5", "slug": url}}``. Keys are ISO3 except ``kosovo`` (XKX) and
``SVT`` (St Vincent and the Grenadines, VCT). Codes: 1 Closed, 2 Repressed, 3 Obstructed,
4 Narrowed, 5 Open. Greenland has ``fillKey`` "None" (not rated) and is reported, not loaded.

The snapshot shows the ratings CIVICUS published in December 2020 ("People Power Under
Attack 2020"), so the ``observation`` year is 2020. The mirror's CSV beside the JSON is a
derived copy of the same ratings (labels and ISO3 added) and is not loaded; the tests use it
as a cross-check.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import CIVICUS_TERMS, github_raw
from southsouth.tabular import read_json

RATING_YEAR = 2020
#: Widget keys that are not ISO3 codes.
KEYS = {"kosovo": "XKX", "SVT": "VCT"}
LABELS = {1: "Closed", 2: "Repressed", 3: "Obstructed", 4: "Narrowed", 5: "Open"}

RATING = IndicatorSpec(
    "civicus_civic_space_rating",
    "CIVICUS Monitor civic space rating",
    "rating (1 Closed, 2 Repressed, 3 Obstructed, 4 Narrowed, 5 Open)",
    "CIVICUS Monitor rating of civic space (freedoms of association, peaceful assembly and "
    "expression): 1 Closed, 2 Repressed, 3 Obstructed, 4 Narrowed, 5 Open. Ratings published "
    "in December 2020, captured from the CIVICUS map on 2021-03-19; stored as year 2020.",
)


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("civicus.json")
    data = read_json(path)
    if not isinstance(data, dict):
        raise ParseError(str(path), "expected a JSON object of countries keyed by ISO3")
    rows: list[tuple[str, float]] = []
    unrated: list[str] = []
    for key, entry in data.items():
        if not isinstance(entry, dict) or "fillKey" not in entry:
            raise ParseError(str(path), f"entry {key!r} has no fillKey")
        fill = str(entry["fillKey"]).strip()
        if fill in ("", "None", "defaultFill"):
            unrated.append(key)
            continue
        if not fill.isdigit() or int(fill) not in LABELS:
            raise ParseError(str(path), f"entry {key!r} has fillKey {fill!r}, not a rating 1–5")
        rows.append((KEYS.get(key, key), float(fill)))
    if unrated:
        inp.report("not-rated", f"no CIVICUS rating: {', '.join(sorted(unrated))}", len(unrated))
    frame = pd.DataFrame(rows, columns=["country_iso3", "value"])
    frame = frame[inp.countries_only(frame["country_iso3"], what="CIVICUS keys")]
    observation = pd.DataFrame(
        {
            "country_iso3": frame["country_iso3"],
            "indicator": RATING.id,
            "year": RATING_YEAR,
            "value": frame["value"],
            "flag": None,
        }
    )
    return {"observation": observation}


CIVICUS = Dataset(
    id="civicus-monitor-2021",
    title="CIVICUS Monitor civic space ratings (snapshot 2021-03-19, December 2020 ratings)",
    publisher="CIVICUS Monitor",
    licence=CIVICUS_TERMS,
    citation="CIVICUS Monitor, civic space ratings (People Power Under Attack 2020), "
    "https://monitor.civicus.org; captured 2021-03-19 by Chaudhry & Heiss, "
    "andrewheiss/cautioning-canary",
    vintage="Ratings of December 2020, captured 2021-03-19",
    format="json",
    domain="governance",
    homepage="https://monitor.civicus.org",
    tables=("observation",),
    indicators=(RATING,),
    resources=(
        Resource(
            "civicus.json",
            "governance/civicus_monitor_ratings_2021-03-19.json",
            github_raw(
                "andrewheiss/cautioning-canary",
                "f53c8dcfc5f634639dcee82c839e524346e17830",
                "data/raw_data/Civicus/civicus_2021-03-19.json",
            ),
            "30cc709e7be16fe21c928db02128a5686e7617e5b3f892a4e02dba89bfd26e10",
        ),
    ),
    parse=_parse,
    caveats=(
        "A single snapshot: the ratings CIVICUS published in December 2020 (stored as year "
        "2020). CIVICUS re-rates every year; these are not current ratings.",
        "Rating codes: 1 Closed, 2 Repressed, 3 Obstructed, 4 Narrowed, 5 Open. Greenland is "
        "on the map but not rated.",
    ),
)

DATASETS = (CIVICUS,)
