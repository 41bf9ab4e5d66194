"""Intra-African trade by HS section: CEPII BACI HS96, annual mean over 2012–2022.

Built by the ``flownet`` R package's author from BACI (HS6 → HS section) for 47 African
countries. Loaded into ``trade_flow`` as classification ``HS-section`` (codes 01–21) with
``year`` 2022, ``period_years`` 11 and ``aggregation`` "mean": each value is the average
year of 2012–2022, not any one year. BACI's thousands of current US$ are stored in US$
(× 1000); the file's constant-2015-dollar column (``value_kd``) is not loaded.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.provenance import Licence
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.trade_codes import between_countries, hs_sections
from southsouth.tabular import check_numeric, read_csv

USD_PER_THOUSAND = 1000


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("africa-trade.csv")
    frame = read_csv(
        path,
        columns=["iso3_o", "iso3_d", "section_code", "value", "quantity"],
        dtype=str,
        keep_default_na=False,
        na_values=[""],
    )
    product = hs_sections(frame, "section_code", path)
    value = check_numeric(frame, "value", path)
    quantity = check_numeric(frame, "quantity", path)
    exporter = frame["iso3_o"].str.strip()
    importer = frame["iso3_d"].str.strip()
    keep = between_countries(inp, exporter, importer, what="ISO3 codes")
    missing = value.isna() & keep
    if missing.any():
        inp.report("no-value", "flows without a value", int(missing.sum()))
    table = pd.DataFrame(
        {
            "year": 2022,
            "exporter_iso3": exporter,
            "importer_iso3": importer,
            "classification": "HS-section",
            "product": product,
            "value_usd": value * USD_PER_THOUSAND,
            "quantity_t": quantity,
            "period_years": 11,
            "aggregation": "mean",
        }
    )
    return {"trade_flow": table[keep & value.notna()]}


AFRICA_TRADE = Dataset(
    id="africa-intra-trade-sections",
    title="Intra-African trade by HS section, annual mean 2012–2022 (CEPII BACI HS96)",
    publisher="CEPII (BACI HS96 V202401b), aggregated by Sebastian Krantz (flownet R package)",
    licence=Licence(
        "GPL-3 (flownet package); underlying data CEPII BACI, Etalab Open Licence 2.0",
        "https://github.com/SebKrantz/flownet",
    ),
    citation="Krantz, S., flownet R package, data africa_trade (commit 3db3638); from "
    "Gaulier & Zignago (2010), BACI, CEPII WP 2010-23, HS96 version 202401b",
    vintage="BACI HS96 V202401b; mean of 2012–2022",
    format="csv (derived from .rda)",
    domain="trade",
    homepage="https://github.com/SebKrantz/flownet",
    tables=("trade_flow",),
    caveats=(
        "Annual MEANS over 2012–2022 (year = 2022, period_years = 11), not annual values.",
        "Intra-African flows only, 47 countries (no Comoros, Cabo Verde, Madagascar, Mauritius, "
        "Seychelles, …); 21 HS sections (codes 01–21).",
        "Values converted from thousands of current US$ to US$ (× 1000).",
    ),
    resources=(
        Resource(
            "africa-trade.csv",
            "trade/bilateral_product/africa_intra_trade_hs_sections_baci_hs96_avg2012_2022.csv",
            None,
            "5010370cbf11dfbf8af2b1dd60a42c6ed0149e4e89aab916b249781001e5dcbc",
            upstream="SebKrantz/flownet data/africa_trade.rda at commit 3db3638 "
            "(data.table converted to CSV, values unchanged)",
        ),
    ),
    parse=_parse,
)

DATASETS = (AFRICA_TRADE,)
