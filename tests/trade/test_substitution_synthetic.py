"""The SYNTHETIC flow generator: real marginals kept, fixed seed, labels everywhere."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from southsouth.errors import InputError
from southsouth.trade.synthetic import (
    SYNTHETIC,
    Calibration,
    calibration_from_warehouse,
    generate_flows,
    haversine_km,
    write_parquet,
)

EXPORTERS = ["BRA", "KEN", "IND", "ZAF", "DEU"]


@pytest.fixture(scope="module")
def calibration(full_warehouse) -> Calibration:
    return calibration_from_warehouse(full_warehouse)


@pytest.fixture(scope="module")
def flows(calibration) -> pd.DataFrame:
    return generate_flows(calibration, rows=60_000, exporters=EXPORTERS)


def test_haversine():
    # A quarter of a great circle, and Nairobi–Addis Ababa (≈ 1,160 km).
    assert haversine_km(0.0, 0.0, 0.0, 90.0) == pytest.approx(math.pi / 2 * 6371.0088)
    assert haversine_km(-1.2864, 36.8172, 9.0054, 38.7636) == pytest.approx(1160, abs=10)


def test_calibration_is_the_real_2017_table(calibration, full_warehouse):
    total = full_warehouse.query(
        "SELECT sum(value_usd) AS v FROM trade_export WHERE source_id = 'ots-hs4-exports-2017' "
        "AND product <> '9999'"
    )["v"].iloc[0]
    assert calibration.exports["value"].sum() == pytest.approx(total, rel=1e-12)
    assert calibration.gdp.loc["USA"] > 1.9e13  # WDI 2017: US$ 19.5 tn
    assert (calibration.subheadings["hs6"].str.len() == 6).all()


def test_marginals_are_kept_exactly(calibration, flows):
    real = calibration.exports[calibration.exports["exporter"].isin(EXPORTERS)]
    real = real.groupby(["exporter", "hs4"])["value"].sum()
    got = flows.assign(hs4=flows["product"].astype(str).str[:4])
    got = got.groupby(["exporter", "hs4"], observed=True)["value"].sum()
    got.index = got.index.set_levels(got.index.levels[0].astype(str), level=0)
    pd.testing.assert_series_equal(
        got.sort_index(), real.sort_index(), check_names=False, rtol=1e-9
    )


def test_rows_shape_and_labels(calibration, flows):
    assert len(flows) >= 60_000
    assert list(flows.columns) == ["year", "exporter", "importer", "product", "value", "data_label"]
    assert (flows["data_label"] == SYNTHETIC).all()
    assert flows.attrs["data_label"] == SYNTHETIC
    assert not flows.duplicated(["year", "exporter", "importer", "product"]).any()
    assert (flows["exporter"].astype(str) != flows["importer"].astype(str)).all()
    assert (flows["value"] > 0).all()
    assert set(flows["importer"].astype(str)) <= set(calibration.gdp.index)
    codes = flows["product"].astype(str)
    hs22 = set(calibration.subheadings["hs6"])
    # HS 2007 headings missing from HS 2022 get marked synthetic sub-codes <HS4>X1…
    assert (codes.isin(hs22) | codes.str.match(r"^\d{4}X\d$")).all()


def test_gravity_favours_near_and_large_markets(flows):
    kenya = flows[flows["exporter"] == "KEN"].groupby("importer", observed=True)["value"].sum()
    assert kenya["UGA"] > kenya["URY"]  # neighbour vs a far, smaller market


def test_fixed_seed_and_years(calibration):
    a = generate_flows(calibration, rows=5_000, exporters=["KEN"], seed=11)
    b = generate_flows(calibration, rows=5_000, exporters=["KEN"], seed=11)
    pd.testing.assert_frame_equal(a, b)
    panel = generate_flows(calibration, rows=5_000, exporters=["KEN"], years=[2015, 2016, 2017])
    assert sorted(panel["year"].unique()) == [2015, 2016, 2017]
    assert (panel.groupby("year").size().loc[[2015, 2016]] < len(a)).all()


def test_parquet_is_labelled(flows, tmp_path):
    path = write_parquet(flows, tmp_path, "sample")
    assert path.name == "sample.SYNTHETIC.parquet"
    meta = pq.read_schema(path).metadata
    assert meta[b"southsouth.data_label"] == b"SYNTHETIC"
    back = pd.read_parquet(path)
    assert len(back) == len(flows) and (back["data_label"] == SYNTHETIC).all()
    with pytest.raises(InputError, match="SYNTHETIC"):
        write_parquet(flows.drop(columns="data_label"), tmp_path)


def test_nothing_to_generate(calibration):
    with pytest.raises(InputError):
        generate_flows(calibration, rows=10, exporters=["XXX"])
    with pytest.raises(InputError):
        generate_flows(calibration, rows=0)
    assert np.isfinite(generate_flows(calibration, rows=10, exporters=["KEN"])["value"]).all()
