"""World-atlas TopoJSON country shapes (Natural Earth admin-0 at 1:110m and 1:50m)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from southsouth.errors import ParseError
from southsouth.provenance import Licence
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.tabular import read_json

VERSION = "2.0.2"
RESOLUTIONS = ("110m", "50m")

#: Features without an ISO numeric id that have a code all the same (looked up by name).
BY_NAME = frozenset({"Kosovo"})

WORLD_ATLAS_LICENCE = Licence(
    "ISC (world-atlas package); Natural Earth data in the public domain",
    "https://www.naturalearthdata.com/about/terms-of-use/",
    "no conditions; credit Natural Earth and world-atlas",
)


def _features(path: Path) -> list[dict[str, object]]:
    """The geometries of the topology's ``countries`` object; ParseError if it is not one."""
    topology = read_json(path)
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise ParseError(str(path), "not a TopoJSON topology (no type 'Topology')")
    countries = topology.get("objects", {}).get("countries")
    if not isinstance(countries, dict) or not isinstance(countries.get("geometries"), list):
        raise ParseError(
            str(path),
            "the topology has no 'countries' geometry collection",
            hint="this is not a world-atlas countries file",
        )
    return countries["geometries"]


def _shapes(path: Path, resolution: str, inp: ParseInput) -> pd.DataFrame:
    rows = []
    for number, feature in enumerate(_features(path), start=1):
        properties = feature.get("properties") or {}
        name = properties.get("name") if isinstance(properties, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ParseError(str(path), f"country feature {number} has no name")
        feature_id = feature.get("id")
        rows.append({"feature_id": None if feature_id is None else str(feature_id), "name": name})
    frame = pd.DataFrame(rows, columns=["feature_id", "name"])
    frame.insert(0, "resolution", resolution)

    with_id = frame["feature_id"].notna()
    iso3 = pd.Series(None, index=frame.index, dtype=object)
    iso3[with_id] = inp.codes_to_iso3(frame.loc[with_id, "feature_id"], "iso3n")
    named = ~with_id & frame["name"].isin(BY_NAME)
    iso3[named] = frame.loc[named, "name"].map(inp.crosswalk.from_name)
    frame["country_iso3"] = iso3
    by_name = named & frame["country_iso3"].notna()
    if by_name.any():
        inp.report(
            "matched-by-name",
            f"{resolution} features without an ISO numeric id matched by name: "
            + ", ".join(
                f"{name} → {code}"
                for name, code in zip(
                    frame.loc[by_name, "name"], frame.loc[by_name, "country_iso3"], strict=True
                )
            ),
            int(by_name.sum()),
        )

    unmatched = frame["country_iso3"].isna()
    if unmatched.any():
        inp.report(
            "shape-without-country",
            f"{resolution} features with no ISO numeric id or no match, left unshaded: "
            + ", ".join(
                f"{name} ({fid})" if isinstance(fid, str) else name
                for name, fid in zip(
                    frame.loc[unmatched, "name"], frame.loc[unmatched, "feature_id"], strict=True
                )
            ),
            int(unmatched.sum()),
        )
    return frame[["resolution", "feature_id", "country_iso3", "name"]]


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    shapes = [_shapes(inp.path(f"countries-{r}.json"), r, inp) for r in RESOLUTIONS]
    return {"geo_shape": pd.concat(shapes, ignore_index=True)}


def _resource(resolution: str, sha256: str) -> Resource:
    name = f"countries-{resolution}.json"
    # jsDelivr serves the files of the npm tarball world-atlas@2.0.2 byte for byte.
    url = f"https://cdn.jsdelivr.net/npm/world-atlas@{VERSION}/{name}"
    return Resource(name, f"geo/{name}", url, sha256)


WORLD_ATLAS = Dataset(
    id="world-atlas",
    title="World atlas: country shapes (TopoJSON, 1:110m and 1:50m)",
    publisher="Natural Earth; TopoJSON by Mike Bostock (world-atlas)",
    licence=WORLD_ATLAS_LICENCE,
    citation=f"Natural Earth admin-0 countries v4.1.0, via Bostock, world-atlas {VERSION} "
    "(npm; github.com/topojson/world-atlas)",
    vintage=f"Natural Earth 4.1.0 (world-atlas {VERSION})",
    format="TopoJSON",
    domain="geo",
    tables=("geo_shape",),
    homepage="https://github.com/topojson/world-atlas",
    caveats=(
        "Natural Earth draws de facto boundaries; some units have no ISO numeric code "
        "(N. Cyprus, Somaliland, and at 1:50m Indian Ocean Ter. and Siachen Glacier) and are "
        "left unshaded; Kosovo is matched by name to XKX.",
        "At 1:50m Australia and Ashmore and Cartier Is. share the id 036.",
    ),
    resources=(
        _resource("110m", "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"),
        _resource("50m", "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"),
    ),
    parse=_parse,
)

DATASETS = (WORLD_ATLAS,)
