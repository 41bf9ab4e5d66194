"""Route map: great-circle arcs, antimeridian splits, a renderable Vega-Lite spec."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from southsouth.charts.render import chart_spec
from southsouth.charts.routes import arc_points, route_map
from southsouth.connectivity.geodesy import great_circle, haversine_km


def segments(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "from_code",
            "from_lat",
            "from_lon",
            "to_code",
            "to_lat",
            "to_lon",
            "kind",
            "label",
        ],
    )


def test_haversine_and_arc():
    # A quarter of the equator: π/2 · R.
    assert haversine_km(0, 0, 0, 90)[()] == pytest.approx(np.pi / 2 * 6371.0088)
    lats, lons = great_circle(0, 0, 0, 90, points=5)
    assert lats == pytest.approx([0, 0, 0, 0, 0], abs=1e-9)
    assert lons == pytest.approx([0, 22.5, 45, 67.5, 90])
    # The midpoint of a meridian arc over the pole (lat 60, lon 0 → lat 60, lon 180) is the pole.
    lats, _ = great_circle(60, 0, 60, 180, points=3)
    assert lats[1] == pytest.approx(90)


def test_arc_split_at_the_antimeridian():
    # Suva (178.6 E) to Honolulu (157.9 W) crosses 180°.
    arcs = arc_points(segments([("SUV", -18.0, 178.6, "HNL", 21.3, -157.9, "k", "SUV–HNL")]))
    assert arcs["line"].nunique() == 2
    assert arcs["lon"].between(-180, 180).all()
    assert (arcs.groupby("line")["lon"].agg(lambda s: s.diff().abs().max()) < 10).all()
    short = arc_points(segments([("A", 0, 0, "B", 0, 10, "k", "A–B")]), points=4)
    assert short["line"].nunique() == 1 and len(short) == 4


def test_route_map_spec():
    topology = {
        "type": "Topology",
        "objects": {"countries": {"type": "GeometryCollection", "geometries": []}},
        "arcs": [],
    }
    chart = route_map(
        segments([("ABV", 9.0, 7.3, "BSB", -15.9, -47.9, "proposed non-stop route", "x")]),
        topology,
        title="t",
        subtitle="Routes are the OpenFlights June 2014 snapshot",
    )
    spec = chart_spec(chart)
    assert len(spec["layer"]) == 4
    assert "June 2014" in spec["title"]["subtitle"][0]
