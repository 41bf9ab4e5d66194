"""WTO/UNCTAD structural-gravity panel: manufacturing trade among 69 countries, 1986–2006.

From Yotov, Piermartini, Monteiro & Larch (2016), *An Advanced Guide to Trade Policy
Analysis*. Loaded into ``trade_flow`` as one total per exporter, importer and year, with
classification ``TOTAL-MANUF`` and product ``TOTAL``. The publisher's values are in
**millions** of current US$; they are stored in US$ (× 1,000,000) like every trade table.
Zero flows are kept (the panel records them); domestic flows (exporter = importer, which
structural gravity uses as internal trade) are not exports and are left out, with a report.
The gravity covariates (distance, contiguity, language, colony, RTAs) are not loaded.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import CC_BY_4
from southsouth.sources.trade_codes import between_countries
from southsouth.tabular import check_numeric, read_csv

#: Pre-2002 ISO3 spellings used in the panel.
CODES = {"ROM": "ROU"}  # Romania's ISO 3166 alpha-3 code until 2002
USD_PER_MILLION = 1_000_000


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("agtpa.csv.gz")
    try:
        frame = read_csv(
            path,
            columns=["exporter", "importer", "year", "trade"],
            usecols=["exporter", "importer", "year", "trade"],
            dtype=str,
            keep_default_na=False,
            na_values=[""],
        )
    except (EOFError, OSError, zlib.error) as exc:  # truncated or corrupt gzip
        raise ParseError(
            str(path), f"damaged gzip file: {exc}", hint="delete it from the cache and sync again"
        ) from exc
    year = check_numeric(frame, "year", path)
    trade = check_numeric(frame, "trade", path)
    exporter = frame["exporter"].str.strip().replace(CODES)
    importer = frame["importer"].str.strip().replace(CODES)
    domestic = exporter == importer
    if domestic.any():
        inp.report(
            "domestic-flow-dropped", "exporter = importer (internal trade)", int(domestic.sum())
        )
    keep = ~domestic & between_countries(inp, exporter, importer, what="panel countries")
    missing = trade.isna() & keep
    if missing.any():
        inp.report(
            "no-value", "exporter × importer × year without a trade value", int(missing.sum())
        )
    table = pd.DataFrame(
        {
            "year": year,
            "exporter_iso3": exporter,
            "importer_iso3": importer,
            "classification": "TOTAL-MANUF",
            "product": "TOTAL",
            "value_usd": trade * USD_PER_MILLION,
            "quantity_t": None,
            "period_years": 1,
            "aggregation": "annual",
        }
    )
    return {"trade_flow": table[keep & trade.notna()]}


AGTPA_GRAVITY = Dataset(
    id="agtpa-gravity-1986-2006",
    title="Structural gravity panel: manufacturing trade among 69 countries, 1986–2006 "
    "(WTO/UNCTAD Advanced Guide to Trade Policy Analysis)",
    publisher="WTO and UNCTAD (Yotov, Piermartini, Monteiro & Larch), via the tradepolicy R "
    "package",
    licence=CC_BY_4,
    citation="Yotov, Y. V., Piermartini, R., Monteiro, J.-A. and Larch, M. (2016), An Advanced "
    "Guide to Trade Policy Analysis: The Structural Gravity Model, WTO and UNCTAD; data "
    "agtpa_applications from the tradepolicy R package",
    vintage="1986–2006 (published 2016)",
    format="csv.gz (derived from .rda)",
    domain="trade",
    homepage="https://www.wto.org/english/res_e/publications_e/advancedwtounctad2016_e.htm",
    tables=("trade_flow",),
    caveats=(
        "Old: ends in 2006. Manufacturing trade only (classification TOTAL-MANUF), 69 countries.",
        "Values converted from millions of current US$ to US$ (× 1,000,000).",
        "Zero flows are kept; domestic (internal) flows are not loaded.",
        "A gravity / connectivity test panel, not the source of record for bilateral totals.",
    ),
    resources=(
        Resource(
            "agtpa.csv.gz",
            "trade/bilateral_total/agtpa_bilateral_trade_69_countries_1986_2006.csv.gz",
            None,
            "e3ae1d8523965add6a0913a73d4ac216182bd4b8f5a2ca882b460e8c14bf3773",
            upstream="pachadotdev/tradepolicy data/agtpa_applications.rda at commit 342a655 "
            "(converted to CSV, gzipped)",
        ),
    ),
    parse=_parse,
)

DATASETS = (AGTPA_GRAVITY,)
