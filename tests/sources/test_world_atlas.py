"""World-atlas country shapes: features, ISO numeric ids and the units without one."""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mirror_sync import load
from southsouth.errors import ParseError
from southsouth.registry.crosswalk import Crosswalk
from southsouth.sources.dataset import ParseInput
from southsouth.sources.registry import get_dataset
from southsouth.sources.world_atlas import WORLD_ATLAS
from southsouth.warehouse.store import Warehouse


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory, mirror: Path) -> Iterator[Warehouse]:
    warehouse, _ = load(tmp_path_factory.mktemp("atlas"), mirror, "countries", "world-atlas")
    yield warehouse
    warehouse.close()


@pytest.mark.golden
def test_one_row_per_feature_of_each_file(wh, mirror):
    counts = wh.query("SELECT resolution, count(*) n FROM geo_shape GROUP BY 1")
    assert dict(zip(counts["resolution"], counts["n"], strict=True)) == {"110m": 177, "50m": 241}
    for resolution, expected in (("110m", 177), ("50m", 241)):
        topology = json.loads((mirror / f"geo/countries-{resolution}.json").read_text())
        assert len(topology["objects"]["countries"]["geometries"]) == expected


def test_ids_map_to_iso3(wh):
    rows = wh.query(
        "SELECT feature_id, country_iso3, name FROM geo_shape "
        "WHERE resolution = '110m' AND feature_id IN ('710', '076', '356', '231', '004')"
    ).set_index("feature_id")
    assert rows["country_iso3"].to_dict() == {
        "710": "ZAF",
        "076": "BRA",
        "356": "IND",
        "231": "ETH",
        "004": "AFG",
    }
    assert rows.loc["710", "name"] == "South Africa"


def test_kosovo_by_name_and_the_unmatched_left_empty(wh):
    unmatched = wh.query(
        "SELECT resolution, name FROM geo_shape WHERE country_iso3 IS NULL ORDER BY 1, 2"
    )
    assert list(zip(unmatched["resolution"], unmatched["name"], strict=True)) == [
        ("110m", "N. Cyprus"),
        ("110m", "Somaliland"),
        ("50m", "Indian Ocean Ter."),
        ("50m", "N. Cyprus"),
        ("50m", "Siachen Glacier"),
        ("50m", "Somaliland"),
    ]
    kosovo = wh.query("SELECT feature_id, country_iso3 FROM geo_shape WHERE name = 'Kosovo'")
    assert kosovo["country_iso3"].tolist() == ["XKX", "XKX"]
    assert kosovo["feature_id"].isna().all()
    # At 1:50m Ashmore and Cartier Is. shares Australia's id.
    aus = wh.query("SELECT name FROM geo_shape WHERE resolution = '50m' AND country_iso3 = 'AUS'")
    assert sorted(aus["name"]) == ["Ashmore and Cartier Is.", "Australia"]


def test_unmatched_features_are_reported(wh):
    raw = wh.query("SELECT issues FROM dataset_status WHERE dataset_id = 'world-atlas'")
    issues = json.loads(raw["issues"].iloc[0])
    unmatched = {i["detail"]: i["rows"] for i in issues if i["kind"] == "shape-without-country"}
    assert unmatched == {
        "110m features with no ISO numeric id or no match, left unshaded: N. Cyprus, Somaliland": 2,
        "50m features with no ISO numeric id or no match, left unshaded: "
        "Somaliland, N. Cyprus, Indian Ocean Ter., Siachen Glacier": 4,
    }


def test_resources_are_pinned_npm_files():
    for resource in get_dataset("world-atlas").resources:
        assert resource.url == f"https://cdn.jsdelivr.net/npm/world-atlas@2.0.2/{resource.name}"
        assert resource.sha256 is not None and len(resource.sha256) == 64


def _parse_input(mirror: Path, files: dict[str, Path]) -> ParseInput:
    countries = get_dataset("countries")
    paths = {r.name: mirror / r.mirror_path for r in countries.resources}
    return ParseInput(WORLD_ATLAS, files, functools.cache(lambda: Crosswalk.from_files(paths)))


def _copies(mirror: Path, tmp_path: Path) -> dict[str, Path]:
    files = {}
    for resource in WORLD_ATLAS.resources:
        files[resource.name] = tmp_path / resource.name
        shutil.copy(mirror / resource.mirror_path, files[resource.name])
    return files


def test_truncated_topology_names_file(mirror, tmp_path):
    files = _copies(mirror, tmp_path)
    text = files["countries-50m.json"].read_text(encoding="utf-8")
    files["countries-50m.json"].write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ParseError, match=r"countries-50m\.json, line 1"):
        WORLD_ATLAS.parse(_parse_input(mirror, files))


def test_topology_without_countries_object_is_refused(mirror, tmp_path):
    files = _copies(mirror, tmp_path)
    topology = json.loads(files["countries-110m.json"].read_text(encoding="utf-8"))
    del topology["objects"]["countries"]
    files["countries-110m.json"].write_text(json.dumps(topology), encoding="utf-8")
    with pytest.raises(ParseError, match=r"countries-110m\.json.*no 'countries'"):
        WORLD_ATLAS.parse(_parse_input(mirror, files))
