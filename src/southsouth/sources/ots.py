"""Country × HS4 exports in 2017 (most likely Open Trade Statistics / UN Comtrade).

The table shipped with the ``economiccomplexity`` R package (``world_trade_2017``, later
removed); its provenance is undocumented, so it serves as a realistic country × product
test matrix, not as a publication source. Codes are HS 2007 headings (``HS07``).

Code ``9999`` (commodities not specified, US$575 bn) is KEPT, so the table reproduces the
file's world total (US$20.1 tn); analyses of revealed comparative advantage or complexity
must leave it out (it is no product). Cells the file leaves empty (NA: no value reported)
are not loaded and are reported with their count.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import CC_BY_NC_4
from southsouth.sources.trade_codes import require_codes
from southsouth.tabular import check_numeric, read_csv

#: HS code for "commodities not specified according to kind".
UNSPECIFIED = "9999"


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("exports-2017.csv")
    frame = read_csv(
        path,
        columns=["year", "reporter_iso", "product_code", "export_value_usd"],
        dtype=str,
        keep_default_na=False,
    )
    codes = frame["product_code"].str.strip()
    require_codes(codes, r"\d{4}", path, "an HS4 code")
    year = check_numeric(frame, "year", path)
    value = check_numeric(frame, "export_value_usd", path)
    empty = value.isna()
    if empty.any():
        inp.report(
            "no-value", "country × product cells left empty (NA) in the file", int(empty.sum())
        )
    iso3 = frame["reporter_iso"].str.strip().str.upper()
    keep = inp.countries_only(iso3[~empty], what="OTS reporters").reindex(
        iso3.index, fill_value=False
    )
    table = pd.DataFrame(
        {
            "year": year,
            "country_iso3": iso3,
            "classification": "HS07",
            "product": codes,
            "value_usd": value,
            "period_years": 1,
            "aggregation": "annual",
        }
    )
    return {"trade_export": table[keep & ~empty]}


OTS_EXPORTS_2017 = Dataset(
    id="ots-hs4-exports-2017",
    title="Exports by country and HS4 product, 2017 (economiccomplexity world_trade_2017)",
    publisher="Open Trade Statistics (UN Comtrade-based; provenance undocumented), via the "
    "economiccomplexity R package",
    licence=CC_BY_NC_4,
    citation="Vargas, M., economiccomplexity R package, data world_trade_2017 (commit f2c3613); "
    "most likely Open Trade Statistics, built from UN Comtrade",
    vintage="2017; HS 2007 headings",
    format="csv (derived from .rda)",
    domain="trade",
    homepage="https://tradestatistics.io",
    tables=("trade_export",),
    caveats=(
        "Provenance undocumented by the package: a realistic test matrix, not a publication "
        "source.",
        "World total US$20.1 tn exceeds WTO's ≈ US$17.7 tn for 2017 merchandise exports: it "
        "probably mixes reported and mirror flows (China US$2.95 tn).",
        "Code 9999 (not specified, US$575 bn) is kept; drop it before RCA or complexity.",
        "OTS data are CC BY-NC 4.0 and subject to UN Comtrade's terms.",
    ),
    resources=(
        Resource(
            "exports-2017.csv",
            "trade/country_product/ots_country_hs4_exports_2017.csv",
            None,
            "36c30e8468ccc8e0f3c2c8db4df7418472cf1fa607b0f4dfb1100050a4588145",
            upstream="pachadotdev/economiccomplexity data/world_trade_2017.rda at commit "
            "f2c3613 (converted to CSV; a constant year column added)",
        ),
    ),
    parse=_parse,
)

DATASETS = (OTS_EXPORTS_2017,)
