"""Observatory of Economic Complexity: exports by HS section (2019–2021) and product spaces.

* ``oec-section-exports-2019-2021``: each country's exports by HS section, CEPII BACI HS92
  as served by the OEC, **summed over 2019, 2020 and 2021** (``trade_export`` with
  ``year`` 2021, ``period_years`` 3, ``aggregation`` "sum"). Sections are coded 01–21.
* ``oec-product-space``: the OEC (MIT Media Lab era, Hidalgo–Hausmann) product-space
  layouts for HS92 and SITC rev. 2 at 4 digits: node positions and backbone edges.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.errors import ParseError
from southsouth.provenance import Licence
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import github_raw
from southsouth.sources.trade_codes import hs_sections, require_codes
from southsouth.tabular import check_numeric, read_csv

OEC_HOMEPAGE = "https://oec.world"
#: OEC ids that are not continent prefix + ISO3 (the file names the country).
OEC_IDS = {"asxxb": "TWN"}  # "Chinese Taipei"


def _parse_sections(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("section-exports.csv")
    frame = read_csv(
        path,
        columns=["Country ID", "Country", "Section ID", "Trade Value"],
        dtype=str,
        keep_default_na=False,
    )
    ids = frame["Country ID"].str.strip()
    require_codes(ids, r"[a-z]{2}[a-z]{3}", path, "an OEC id", label="country id ")
    product = hs_sections(frame, "Section ID", path)
    value = check_numeric(frame, "Trade Value", path)
    iso3 = ids.map(OEC_IDS).fillna(ids.str[2:].str.upper())  # continent + ISO3: afago → AGO
    keep = inp.countries_only(iso3, what="OEC country ids")
    table = pd.DataFrame(
        {
            "year": 2021,
            "country_iso3": iso3,
            "classification": "HS-section",
            "product": product,
            "value_usd": value,
            "period_years": 3,
            "aggregation": "sum",
        }
    )
    return {"trade_export": table[keep & value.notna()]}


OEC_SECTION_EXPORTS = Dataset(
    id="oec-section-exports-2019-2021",
    title="OEC: exports by country and HS section, 2019–2021 summed (CEPII BACI HS92)",
    publisher="Observatory of Economic Complexity (Datawheel), from CEPII BACI HS92",
    licence=Licence(
        "MIT (Datawheel py-economic-complexity test data); underlying data CEPII BACI, "
        "Etalab Open Licence 2.0",
        "https://github.com/Datawheel/py-economic-complexity",
    ),
    citation="Observatory of Economic Complexity, cube trade_i_baci_a_92 (exporter × section, "
    "2019–2021), via Datawheel py-economic-complexity; Gaulier & Zignago (2010), CEPII WP "
    "2010-23",
    vintage="OEC BACI HS92, years 2019, 2020 and 2021 summed",
    format="csv",
    domain="trade",
    homepage=OEC_HOMEPAGE,
    tables=("trade_export",),
    caveats=(
        "Values are the SUM of 2019, 2020 and 2021 (about three years of world trade), "
        "not annual values.",
        "Coarse: 21 HS sections (codes 01–21).",
    ),
    resources=(
        Resource(
            "section-exports.csv",
            "trade/country_product/oec_baci_hs92_country_section_exports_2019_2021.csv",
            github_raw(
                "Datawheel/py-economic-complexity",
                "782f6a627b1396e1217b49789c2720e29b05455f",
                "tests/global_exports.csv",
            ),
            "8f7b4a4941b3b1b84193debb551ccd6e19241d4c5c7c3ea2f4327e0efa471a0b",
        ),
    ),
    parse=_parse_sections,
)


#: Product-space files: resource prefix → classification id.
SPACES = {"hs92": "HS92", "sitc2": "SITC2"}


def _space(inp: ParseInput, prefix: str, classification: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    nodes_path = inp.path(f"{prefix}-nodes.csv")
    nodes = read_csv(
        nodes_path,
        columns=["product_code", "oec_group_prefix", "x", "y"],
        dtype=str,
        keep_default_na=False,
    )
    codes = nodes["product_code"].str.strip()
    require_codes(codes, r"\d{4}", nodes_path, "a 4-digit code")
    node_table = pd.DataFrame(
        {
            "classification": classification,
            "product": codes,
            "x": check_numeric(nodes, "x", nodes_path),
            "y": check_numeric(nodes, "y", nodes_path),
            "cluster": nodes["oec_group_prefix"].str.strip().replace("", None),
        }
    )
    edges_path = inp.path(f"{prefix}-edges.csv")
    edges = read_csv(
        edges_path, columns=["source", "target", "strength"], dtype=str, keep_default_na=False
    )
    unknown = sorted((set(edges["source"]) | set(edges["target"])) - set(codes))
    if unknown:
        raise ParseError(str(edges_path), f"edges to products that are no node: {unknown[:5]}")
    edge_table = pd.DataFrame(
        {
            "classification": classification,
            "source_product": edges["source"],
            "target_product": edges["target"],
            "strength": check_numeric(edges, "strength", edges_path),
        }
    )
    return node_table, edge_table


def _parse_spaces(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    parts = [_space(inp, prefix, classification) for prefix, classification in SPACES.items()]
    return {
        "product_node": pd.concat([nodes for nodes, _ in parts], ignore_index=True),
        "product_link": pd.concat([edges for _, edges in parts], ignore_index=True),
    }


SPACE_REPO = "SinBex/oec-product-space"
SPACE_COMMIT = "1b3406783fc19082cd0a8c3936110ce2fee97124"


def _space_resource(prefix: str, kind: str, json_name: str, sha256: str) -> Resource:
    mirror_name = {"hs92": "hs92_4", "sitc2": "sitc_rev2_4"}[prefix]
    return Resource(
        f"{prefix}-{kind}.csv",
        f"trade/product_space/oec_product_space_{mirror_name}_{kind}.csv",
        None,
        sha256,
        upstream=f"{SPACE_REPO} hs92-sitc/1-layouts-raw/{json_name} at commit "
        f"{SPACE_COMMIT[:7]} ({kind}, converted from JSON to CSV)",
    )


OEC_PRODUCT_SPACE = Dataset(
    id="oec-product-space",
    title="OEC product space layouts: HS92 and SITC rev. 2, 4 digits (nodes and edges)",
    publisher="Observatory of Economic Complexity (MIT Media Lab era), via "
    "SinBex/oec-product-space",
    licence=Licence(
        "MIT (repository scripts); layout data from the OEC, no separate licence stated",
        "https://github.com/SinBex/oec-product-space",
    ),
    citation="Hidalgo, Klinger, Barabási & Hausmann (2007), The Product Space Conditions the "
    "Development of Nations, Science 317(5837); OEC product-space layouts",
    vintage="OEC product-space layouts (MIT Media Lab era)",
    format="csv (derived from JSON)",
    domain="trade",
    homepage=OEC_HOMEPAGE,
    tables=("product_node", "product_link"),
    requires_crosswalk=False,
    caveats=(
        "Display backbones (maximum spanning tree + strong links), not full proximity matrices.",
        "HS92 edge strength is the proximity (0.08–0.79); SITC2 strength is on an "
        "undocumented scale (1–28.6) and is NOT a 0–1 proximity.",
        "Node 'cluster' is the OEC's 2-digit grouping prefix, not an HS chapter.",
    ),
    resources=(
        _space_resource(
            "hs92",
            "nodes",
            "network-hs92-4.json",
            "94fb82aaea64591d2b157ba99c5e8cc989378c6892abe70cdcb7c636f39b3a8a",
        ),
        _space_resource(
            "hs92",
            "edges",
            "network-hs92-4.json",
            "3b94d747dab5eab8c4e254d1d7191943561d473279df83ebeef8fabd644cbbea",
        ),
        _space_resource(
            "sitc2",
            "nodes",
            "network-sitc-rev2-4.json",
            "d343b51b693f00ff81958a8793f7794b349da3a36eb79f86ef4d669a7512efaa",
        ),
        _space_resource(
            "sitc2",
            "edges",
            "network-sitc-rev2-4.json",
            "00c10ff60458cf020a3ed1cc04a179c5e35482c6bc9df285ae696bc4ec80267b",
        ),
    ),
    parse=_parse_spaces,
)

DATASETS = (OEC_SECTION_EXPORTS, OEC_PRODUCT_SPACE)
