"""Civic-space panel 1990–2013 (Chaudhry & Heiss): anti-NGO laws and V-Dem v10 indicators.

Chaudhry & Heiss's replication panel merges Suparna Chaudhry's coding of legal restrictions
on NGOs with V-Dem v10, the Political Terror Scale and Fariss's latent human-rights scores
for 162 countries, 1990–2013. The columns later analyses of civic space and religious freedom
need are loaded as ``observation`` indicators (see ``COLUMNS``); GDP, population, UCDP
conflict and the derived/standardised copies are left out because other datasets provide
them first-hand. Countries are mapped from the panel's Gleditsch–Ward code (``gwcode``),
which the crosswalk knows for every row, rather than its ISO3 column (which spells Kosovo
``XKK``). R wrote missing values as ``NA``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.country_year import (
    country_year_table,
    drop_duplicate_country_years,
    melt_indicators,
)
from southsouth.sources.dataset import Dataset, IndicatorSpec, ParseInput, Resource
from southsouth.sources.licences import MIT, github_raw
from southsouth.tabular import check_numeric, read_csv

VDEM_LATENT = "V-Dem latent score (about -4 to 4)"
VDEM_INDEX = "index (0–1)"


def _vdem(indicator: str, name: str, unit: str, text: str) -> IndicatorSpec:
    return IndicatorSpec(indicator, name, unit, f"{text} V-Dem v10 (2020).")


COLUMNS: dict[str, IndicatorSpec] = {
    "v2csreprss": _vdem(
        "vdem10_cso_repression",
        "CSO repression (V-Dem v2csreprss)",
        VDEM_LATENT,
        "Does the government attempt to repress civil society organisations? Higher = less "
        "repression (measurement-model point estimate).",
    ),
    "v2cseeorgs": _vdem(
        "vdem10_cso_entry_exit",
        "CSO entry and exit (V-Dem v2cseeorgs)",
        VDEM_LATENT,
        "To what extent does the government control the entry and exit of civil society "
        "organisations? Higher = less control.",
    ),
    "v2csrlgrep": _vdem(
        "vdem10_religious_org_repression",
        "Religious organisation repression (V-Dem v2csrlgrep)",
        VDEM_LATENT,
        "Does the government attempt to repress religious organisations? Higher = less repression.",
    ),
    "v2xcs_ccsi": _vdem(
        "vdem10_core_civil_society_index",
        "Core civil society index (V-Dem v2xcs_ccsi)",
        VDEM_INDEX,
        "How robust is civil society: autonomy from the state and freedom to pursue its aims "
        "(1 = most robust).",
    ),
    "v2x_civlib": _vdem(
        "vdem10_civil_liberties",
        "Civil liberties index (V-Dem v2x_civlib)",
        VDEM_INDEX,
        "Absence of physical violence by the state and of constraints on private and "
        "political liberties (1 = most liberty).",
    ),
    "v2x_clpol": _vdem(
        "vdem10_political_civil_liberties",
        "Political civil liberties index (V-Dem v2x_clpol)",
        VDEM_INDEX,
        "Freedom of association, expression and related political liberties (1 = most).",
    ),
    "v2x_freexp_altinf": _vdem(
        "vdem10_freedom_of_expression",
        "Freedom of expression and alternative sources of information (V-Dem v2x_freexp_altinf)",
        VDEM_INDEX,
        "Government respect for press and media freedom and individuals' freedom of "
        "expression (1 = most).",
    ),
    "v2x_polyarchy": _vdem(
        "vdem10_electoral_democracy",
        "Electoral democracy index, polyarchy (V-Dem v2x_polyarchy)",
        VDEM_INDEX,
        "To what extent is the ideal of electoral democracy achieved (1 = fully).",
    ),
    "v2x_libdem": _vdem(
        "vdem10_liberal_democracy",
        "Liberal democracy index (V-Dem v2x_libdem)",
        VDEM_INDEX,
        "To what extent is the ideal of liberal democracy achieved (1 = fully).",
    ),
    "v2x_regime": _vdem(
        "vdem10_regime_type",
        "Regimes of the World (V-Dem v2x_regime)",
        "category (0 closed autocracy, 1 electoral autocracy, 2 electoral democracy, "
        "3 liberal democracy)",
        "Regimes of the World classification (Lührmann, Tannenberg & Lindberg).",
    ),
    "barriers_total": IndicatorSpec(
        "ngo_legal_barriers_total",
        "Legal barriers to NGOs, total (Chaudhry)",
        "count of barriers (0–10)",
        "Sum of Chaudhry's counts of anti-NGO legal barriers to entry (0–3), funding (0–5) "
        "and advocacy (0–2) in force; partial barriers count 0.5.",
    ),
    "entry": IndicatorSpec(
        "ngo_legal_barriers_entry",
        "Legal barriers to NGO entry (Chaudhry)",
        "count of barriers (0–3)",
        "Barriers to NGO entry: burdensome registration, no appeal against registration "
        "decisions, and barriers to entry for foreign-funded NGOs.",
    ),
    "funding": IndicatorSpec(
        "ngo_legal_barriers_funding",
        "Legal barriers to NGO funding (Chaudhry)",
        "count of barriers (0–5)",
        "Barriers to NGO funding from abroad: prior approval, channelling through the state, "
        "restriction and prohibition of foreign funds, and prohibitions for some NGO types "
        "(some coded as partial, 0.5).",
    ),
    "advocacy": IndicatorSpec(
        "ngo_legal_barriers_advocacy",
        "Legal barriers to NGO advocacy (Chaudhry)",
        "count of barriers (0–2)",
        "Barriers to NGO advocacy: restrictions on political activities, in general and for "
        "foreign-funded NGOs.",
    ),
    "PTS": IndicatorSpec(
        "pts_political_terror",
        "Political Terror Scale (as merged by Chaudhry & Heiss)",
        "level (1–5)",
        "Political Terror Scale level of state-sanctioned killings, torture, disappearances "
        "and political imprisonment (1 = secure rule of law, 5 = terror extends to the whole "
        "population), as merged into the Chaudhry & Heiss panel.",
    ),
    "latent_hr_mean": IndicatorSpec(
        "fariss_latent_human_rights",
        "Latent human rights protection (Fariss)",
        "latent score (higher = more respect)",
        "Posterior mean of Fariss's latent physical-integrity human-rights protection score, "
        "as merged into the Chaudhry & Heiss panel.",
    ),
}


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("panel.csv")
    frame = read_csv(
        path,
        columns=["gwcode", "year", "country", *COLUMNS],
        dtype=str,
        keep_default_na=False,
        na_values=["NA"],
    )
    codes = check_numeric(frame, "gwcode", path)
    years = check_numeric(frame, "year", path)
    iso3 = inp.codes_to_iso3(codes.astype("Int64"), "gwn")
    table = country_year_table(frame, path, iso3, years, COLUMNS)[iso3.notna() & years.notna()]
    table = drop_duplicate_country_years(inp, table, frame["country"], what="G-W codes")
    return {"observation": melt_indicators(table, COLUMNS)}


CHAUDHRY_HEISS = Dataset(
    id="chaudhry-heiss-civic-space",
    title="Civic-space panel 1990–2013: anti-NGO laws and V-Dem v10 (Chaudhry & Heiss)",
    publisher="Suparna Chaudhry and Andrew Heiss (merging Chaudhry's NGO laws, V-Dem v10, the "
    "Political Terror Scale and Fariss's latent human rights)",
    licence=MIT,
    citation="Chaudhry, Suparna and Andrew Heiss, 'Canary in the Coal Mine' replication data "
    "(andrewheiss/cautioning-canary, data/derived_data/panel.csv); Coppedge et al. (2020), "
    "V-Dem Dataset v10; Gibney et al., Political Terror Scale; Fariss (2014/2019), latent "
    "human rights scores",
    vintage="Panel of 2021-11 (V-Dem v10); country-years 1990–2013",
    format="csv",
    domain="governance",
    homepage="https://github.com/andrewheiss/cautioning-canary",
    tables=("observation",),
    indicators=tuple(COLUMNS.values()),
    resources=(
        Resource(
            "panel.csv",
            "governance/chaudhry_heiss_ngo_restrictions_vdem_panel_1990_2013.csv",
            github_raw(
                "andrewheiss/cautioning-canary",
                "f53c8dcfc5f634639dcee82c839e524346e17830",
                "data/derived_data/panel.csv",
            ),
            "c3c30392b6c4283e634093c1e1d8b268797f2cd8abdf0faaf97561d8b6446f00",
        ),
    ),
    parse=_parse,
    caveats=(
        "A research panel, not an official release: V-Dem values are version 10 (2020) and "
        "the panel ends in 2013.",
        "V-Dem latent scores (CSO repression, CSO entry/exit, religious organisation "
        "repression) are point estimates without their uncertainty; higher means freer.",
        "The NGO barrier counts are Chaudhry's coding of laws in force; the V-Dem, PTS and "
        "Fariss columns keep their publishers' terms (the repository itself is MIT).",
    ),
)

DATASETS = (CHAUDHRY_HEISS,)
