"""The report's pillar maps are framed on the group's members; the dashboard's map is not."""

from __future__ import annotations

import pandas as pd
import pytest

from southsouth.charts.world_map import choropleth
from southsouth.report.charts import member_frame

ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")
AFRICA = ("DZA", "EGY", "ZAF", "NGA", "CPV", "MUS", "SYC", "KEN", "SEN", "MAR")


@pytest.fixture(scope="module")
def atlas(world_map):
    """The session's world-atlas topology and feature → ISO3 table."""
    return world_map


@pytest.fixture(scope="module")
def countries(full_warehouse) -> pd.DataFrame:
    """Every country's ISO3 code and centroid."""
    return full_warehouse.query("SELECT iso3, lon, lat FROM country")


def members(countries: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    return countries[countries["iso3"].isin(codes)].reset_index(drop=True)


def test_asean_map_is_framed_on_south_east_asia_with_singapore_as_a_dot(countries, atlas):
    topology, shapes = atlas
    group = members(countries, ASEAN)
    frame = member_frame(group, topology, shapes)
    assert frame is not None
    west, south, east, north = frame
    # Myanmar's west (about 92° E) to Papua's border (141° E); Indonesia's south (11° S) to
    # Myanmar's north (28° N), each with the margin.
    assert 86 < west < 92 and 141 < east < 147
    assert -17 < south < -11 and 28 < north < 34
    drawn = set(shapes["country_iso3"].dropna())
    small = group[~group["iso3"].isin(drawn)]
    assert "SGP" in set(small["iso3"])  # no 1:110m shape: drawn as a dot
    values = pd.DataFrame({"iso3": list(ASEAN), "score": [10.0 * i for i in range(10)]})
    chart = choropleth(
        values,
        topology,
        shapes,
        field="score",
        title="t",
        subtitle="s",
        frame=frame,
        points=small[["iso3", "lon", "lat"]],
    ).to_dict()
    projection = chart["layer"][0]["projection"]
    corners = projection["fit"]["geometry"]["coordinates"]
    assert corners[0] == [west, south] and corners[2] == [east, north]
    assert all(layer["mark"]["clip"] for layer in chart["layer"])
    dots = chart["datasets"][chart["layer"][2]["data"]["name"]]
    (dot,) = [v for v in dots if v["value"] == 70.0]
    assert (round(dot["lon"], 1), round(dot["lat"], 1)) == (103.8, 1.4)


def test_african_frame_leaves_out_the_americas_and_asia(countries, atlas):
    topology, shapes = atlas
    west, south, east, north = member_frame(members(countries, AFRICA), topology, shapes)
    # Cabo Verde (24° W) and Seychelles (56° E) are the far members.
    assert -30 < west < -24 and 56 < east < 65
    assert -40 < south < -34 and 37 < north < 42


def test_members_around_the_world_keep_the_whole_world(countries, atlas):
    topology, shapes = atlas
    spread = members(countries, ("BRA", "IDN", "NGA", "FJI", "MEX"))
    assert member_frame(spread, topology, shapes) is None


def test_dashboard_map_without_a_frame_is_the_whole_world(atlas):
    topology, shapes = atlas
    values = pd.DataFrame({"iso3": ["BRA"], "score": [50.0]})
    chart = choropleth(values, topology, shapes, field="score", title="t", subtitle="s").to_dict()
    assert len(chart["layer"]) == 2
    for layer in chart["layer"]:
        assert layer["projection"] == {"type": "equalEarth"}
        assert "clip" not in layer["mark"]
