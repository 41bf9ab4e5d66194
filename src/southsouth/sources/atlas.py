"""Harvard Growth Lab, Atlas of Economic Complexity: classifications, world PCI, product space.

Atlas product codes are HS 1992 (or SITC rev. 2) codes plus the Atlas' own additions
(``XXXX`` trade data discrepancies, ``unspecified``, services such as ``travel``) and its own
11 top-level sections (not the 21 WCO sections). They are kept under their own
classification ids, ``ATLAS-HS92`` and ``ATLAS-SITC2``, so they are never mistaken for the
plain HS92 codes of BACI; an Atlas 4-digit HS code equals the HS92 heading with that code.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path

import pandas as pd

from southsouth.errors import ParseError
from southsouth.provenance import Licence
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import CC_BY_NC_SA_4, github_raw
from southsouth.sources.trade_codes import require_codes
from southsouth.tabular import check_numeric, read_csv

CLASSIFICATIONS_REPO = "cid-harvard/classifications"
CLASSIFICATIONS_COMMIT = "0c126cf9906494730d43afe2bfb5c7d81ebb5838"
FRONTEND_REPO = "cid-harvard/growth-lab-app-front-end"
FRONTEND_COMMIT = "f498d387d8ab6397f39a851f210b08247f48ee26"
PUBLISHER = "Growth Lab at Harvard University (Atlas of Economic Complexity)"
CITATION = (
    "The Growth Lab at Harvard University, The Atlas of Economic Complexity, "
    "https://atlas.hks.harvard.edu"
)
HOMEPAGE = "https://atlas.hks.harvard.edu"
BSD_3 = Licence("BSD-3-Clause", "https://opensource.org/license/bsd-3-clause")
#: ``country_code`` scheme for the Atlas internal location id (``location_id`` in bulk files).
LOCATION_SCHEME = "atlas-location"

#: A dataset of Atlas files.
_atlas = partial(Dataset, publisher=PUBLISHER, format="csv", domain="trade")

#: pandas' name for the files' unnamed first column, the Atlas internal id.
ID = "Unnamed: 0"
PRODUCT_COLUMNS = [ID, "code", "name", "level", "name_en", "parent_id"]


def _atlas_ids(frame: pd.DataFrame, path: Path) -> pd.Series:
    """The unnamed first column: the Atlas internal id, as int."""
    return check_numeric(frame, ID, path).astype(int)


def _products(path: Path, classification: str, levels: tuple[str, ...]) -> pd.DataFrame:
    """An Atlas product hierarchy → ``product`` rows (parent ids resolved to parent codes)."""
    frame = read_csv(path, columns=PRODUCT_COLUMNS, dtype=str, keep_default_na=False)
    ids = _atlas_ids(frame, path)
    unknown = frame.loc[~frame["level"].isin(levels), "level"]
    if not unknown.empty:
        raise ParseError(str(path), f"unknown product level {unknown.iloc[0]!r}")
    code_of = dict(zip(ids, frame["code"], strict=True))
    parent_ids = check_numeric(frame, "parent_id", path)
    dangling = parent_ids.notna() & ~parent_ids.isin(list(code_of))
    if dangling.any():
        raise ParseError(str(path), f"parent_id {parent_ids[dangling].iloc[0]:.0f} is no product")
    name = frame["name_en"].where(frame["name_en"].str.strip() != "", frame["name"])
    return pd.DataFrame(
        {
            "classification": classification,
            "code": frame["code"],
            "level": frame["level"],
            "name": name.str.strip(),
            "parent": parent_ids.map(lambda p: code_of[int(p)] if pd.notna(p) else None),
        }
    )


def _locations(inp: ParseInput) -> pd.DataFrame:
    path = inp.path("locations.csv")
    frame = read_csv(
        path, columns=[ID, "code", "level", "name_en"], dtype=str, keep_default_na=False
    )
    ids = _atlas_ids(frame, path)
    regions = frame["level"] == "region"
    if regions.any():
        names = ", ".join(frame.loc[regions, "name_en"])
        inp.report("not-a-country", f"Atlas regions dropped: {names}", int(regions.sum()))
    countries = frame[~regions]
    keep = inp.countries_only(countries["code"], what="Atlas former countries")
    return pd.DataFrame(
        {
            "iso3": countries.loc[keep, "code"],
            "scheme": LOCATION_SCHEME,
            "code": ids[~regions][keep].astype(str),
        }
    )


def _parse_classifications(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    hs = _products(
        inp.path("hs92-products.csv"), "ATLAS-HS92", ("section", "2digit", "4digit", "6digit")
    )
    sitc = _products(inp.path("sitc2-products.csv"), "ATLAS-SITC2", ("section", "2digit", "4digit"))
    return {"product": pd.concat([hs, sitc], ignore_index=True), "country_code": _locations(inp)}


ATLAS_CLASSIFICATIONS = _atlas(
    id="atlas-classifications",
    title="Atlas of Economic Complexity classifications: HS92 and SITC rev. 2 products, locations",
    licence=BSD_3,
    citation=CITATION + "; classifications from github.com/cid-harvard/classifications",
    vintage="Atlas classifications, 2018-era (commit 0c126cf)",
    homepage="https://github.com/cid-harvard/classifications",
    tables=("product", "country_code"),
    caveats=(
        "Atlas' own 11 sections (e.g. 'Textiles, garments, footwear and furniture', "
        "'Services'), not the 21 WCO sections; codes ATLAS-HS92 / ATLAS-SITC2 include Atlas "
        "additions (XXXX, unspecified, services).",
        "Locations: Atlas internal ids (country_code scheme 'atlas-location'); former countries "
        "(Czechoslovakia, USSR, Yugoslavia, …) and the 7 regions are not loaded.",
    ),
    resources=(
        Resource(
            "hs92-products.csv",
            "trade/classifications/atlas_hs92_products.csv",
            github_raw(
                CLASSIFICATIONS_REPO,
                CLASSIFICATIONS_COMMIT,
                "product/HS/IntlAtlas/out/hs92_atlas.csv",
            ),
            "1cd034e2bb99891de98805a902c1a8f2e71891a9af8ced4618f72922b6991cc7",
        ),
        Resource(
            "sitc2-products.csv",
            "trade/classifications/atlas_sitc_rev2_products.csv",
            github_raw(
                CLASSIFICATIONS_REPO,
                CLASSIFICATIONS_COMMIT,
                "product/SITC/IntlAtlas/out/sitc_rev2.csv",
            ),
            "29ef42cdc14747b5ea098980eecfda04c51e078c8a19de11636bdc1d064e41fc",
        ),
        Resource(
            "locations.csv",
            "trade/classifications/atlas_locations.csv",
            github_raw(
                CLASSIFICATIONS_REPO,
                CLASSIFICATIONS_COMMIT,
                "location/International/Atlas/out/locations_international_atlas.csv",
            ),
            "7d478333486d27e9d60230cb682468f9f237d579da4c5fc2b5a006dd4f79b3e9",
        ),
    ),
    parse=_parse_classifications,
)


#: product_metric ids written by ``atlas-product-year-pci`` (world totals in current US$).
METRICS = {
    "export_value": "world_export_value_usd",
    "import_value": "world_import_value_usd",
    "pci": "pci",
}


def _parse_product_year(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    path = inp.path("product-year.csv")
    frame = read_csv(
        path,
        columns=["product_id", "product_hs92_code", "year", *METRICS],
        dtype=str,
        keep_default_na=False,
    )
    code = frame["product_hs92_code"].str.strip()
    require_codes(code, r"\d{4}|XXXX", path, "an HS92 4-digit code")
    year = check_numeric(frame, "year", path)
    parts = []
    for column, metric in METRICS.items():
        values = check_numeric(frame, column, path)
        parts.append(
            pd.DataFrame(
                {
                    "classification": "ATLAS-HS92",
                    "product": code,
                    "year": year,
                    "metric": metric,
                    "value": values,
                }
            )[values.notna()]
        )
    return {"product_metric": pd.concat(parts, ignore_index=True)}


ATLAS_PRODUCT_YEAR = _atlas(
    id="atlas-product-year-pci",
    title="Atlas of Economic Complexity: world exports, imports and PCI by HS92 4-digit "
    "product, 1995–2023",
    licence=CC_BY_NC_SA_4,
    citation=CITATION + " (product_space_metadata.csv of the Atlas front end)",
    vintage="Atlas HS92 data, 1995–2023 (2024/25 release)",
    homepage=HOMEPAGE,
    tables=("product_metric",),
    requires_crosswalk=False,
    caveats=(
        "Non-commercial licence (CC BY-NC-SA 4.0).",
        "World totals in current US$ (exports = imports in the Atlas' reconciled data); "
        "includes XXXX, the Atlas' trade-data discrepancies (US$0.38 tn in 2023).",
    ),
    resources=(
        Resource(
            "product-year.csv",
            "trade/country_product/atlas_hs92_product_year_world_pci_1995_2023.csv",
            github_raw(FRONTEND_REPO, FRONTEND_COMMIT, "public/static/product_space_metadata.csv"),
            "b49cef7bc5debd44a265a95a6c5d59e0f6c1488e69ed8594b32b9f1f40f0df73",
        ),
    ),
    parse=_parse_product_year,
)


def _hs4(codes: pd.Series, path: Path) -> pd.Series:
    """The Atlas front end writes HS4 codes as numbers (``101`` for 0101): pad to 4 digits."""
    text = codes.astype(str).str.strip()
    require_codes(text, r"\d{3,4}", path, "an HS4 code")
    return text.str.zfill(4)


def _parse_product_space(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    nodes_path = inp.path("nodes.csv")
    nodes = read_csv(
        nodes_path,
        columns=[
            "product_hs92_code",
            "product_space_x",
            "product_space_y",
            "product_space_cluster_name",
        ],
        dtype=str,
        keep_default_na=False,
    )
    node_table = pd.DataFrame(
        {
            "classification": "ATLAS-HS92",
            "product": _hs4(nodes["product_hs92_code"], nodes_path),
            "x": check_numeric(nodes, "product_space_x", nodes_path),
            "y": check_numeric(nodes, "product_space_y", nodes_path),
            "cluster": nodes["product_space_cluster_name"].str.strip().replace("", None),
        }
    )
    links_path = inp.path("links.csv")
    links = read_csv(
        links_path,
        columns=["product_hs92_code_source", "product_hs92_code_target"],
        dtype=str,
        keep_default_na=False,
    )
    source = _hs4(links["product_hs92_code_source"], links_path)
    target = _hs4(links["product_hs92_code_target"], links_path)
    unknown = sorted((set(source) | set(target)) - set(node_table["product"]))
    if unknown:
        raise ParseError(str(links_path), f"links to products that are no node: {unknown[:5]}")
    pairs = set(zip(source, target, strict=True))
    one_way = [(a, b) for a, b in pairs if (b, a) not in pairs]
    if one_way:
        raise ParseError(str(links_path), f"edge {one_way[0]} is listed in one direction only")
    forward = source < target
    inp.report(
        "undirected-edge-merged",
        "each undirected edge is listed both ways; stored once (source < target)",
        int((~forward).sum()),
    )
    edge_table = pd.DataFrame(
        {
            "classification": "ATLAS-HS92",
            "source_product": source[forward],
            "target_product": target[forward],
            "strength": None,
        }
    )
    return {"product_node": node_table, "product_link": edge_table}


ATLAS_PRODUCT_SPACE = _atlas(
    id="atlas-product-space",
    title="Atlas of Economic Complexity product space (HS92 4-digit, current layout)",
    licence=CC_BY_NC_SA_4,
    citation=CITATION + " (product space layout of the Atlas front end)",
    vintage="Atlas product-space layout, 2024",
    homepage=HOMEPAGE,
    tables=("product_node", "product_link"),
    requires_crosswalk=False,
    caveats=(
        "Non-commercial licence (CC BY-NC-SA 4.0).",
        "A display backbone (865 nodes, 2,158 undirected edges without weights), not the full "
        "proximity matrix; recompute proximities from country × product data.",
    ),
    resources=(
        Resource(
            "nodes.csv",
            "trade/product_space/atlas_product_space_hs92_4_nodes.csv",
            github_raw(FRONTEND_REPO, FRONTEND_COMMIT, "public/static/product_space_nodes.csv"),
            "dcdc7c52625b1078daa2bffe4f4d297885ff30f9235494daa2fd3d8bee814b23",
        ),
        Resource(
            "links.csv",
            "trade/product_space/atlas_product_space_hs92_4_links.csv",
            github_raw(FRONTEND_REPO, FRONTEND_COMMIT, "public/static/product_space_links.csv"),
            "b51080fef232baaf6b4a7557d229252b7597f4262d4f9d49484f8c4d10a1266e",
        ),
    ),
    parse=_parse_product_space,
)

DATASETS = (ATLAS_CLASSIFICATIONS, ATLAS_PRODUCT_YEAR, ATLAS_PRODUCT_SPACE)
