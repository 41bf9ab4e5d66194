"""One substitution, two engines: DuckDB and PySpark (local[2]) give the same numbers.

Sample: the real BACI HS92 2021 rows of exporters AFG and ZAF (one-sided: no other
exporter) plus a small SYNTHETIC sample of eight other exporters' flows, so that there are
Northern imports, several capable suppliers and a binding capacity. DuckDB runs steps 3–7 in
NumPy, Spark as Ibis expressions, so the test also checks the two implementations of those
steps against each other.
"""

from __future__ import annotations

import pandas as pd
import pytest

from southsouth.registry.groups import group_members
from southsouth.trade.engine import local_spark_session
from southsouth.trade.products import resolve_products
from southsouth.trade.substitution import (
    SubstitutionOptions,
    substitution_potential,
    warehouse_flow_frame,
)
from southsouth.trade.synthetic import calibration_from_warehouse, generate_flows

pytest.importorskip("pyspark")

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),  # py4j leaves sockets to the GC
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

OTHERS = ["BRA", "IND", "KEN", "EGY", "VNM", "CHN", "DEU", "USA"]
TABLES = ("by_importer_product", "by_importer", "by_product", "by_bloc", "by_supplier", "ease")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    existing = SparkSession.getActiveSession()
    session = local_spark_session()
    yield session
    if existing is None:  # stop only the session this module started
        session.stop()


@pytest.fixture(scope="module")
def sample(full_warehouse) -> pd.DataFrame:
    real = warehouse_flow_frame(full_warehouse, "baci-hs92-2021-afg-zaf", years=[2021])
    synthetic = generate_flows(
        calibration_from_warehouse(full_warehouse), rows=5000, year=2021, exporters=OTHERS, seed=5
    )
    synthetic = synthetic.astype(
        {"exporter": str, "importer": str, "product": str, "data_label": str}
    )
    return pd.concat([real.assign(data_label="BACI"), synthetic], ignore_index=True)


def test_duckdb_and_spark_agree(full_warehouse, sample, spark):
    south = group_members(full_warehouse, "m49-developing", year=2021).members
    countries = full_warehouse.query("SELECT iso3 FROM country")["iso3"].tolist()
    # Strategic products only (ease is still over every product): fewer rows, same code paths.
    products = resolve_products("pharma,fertiliser,food-staples,energy")
    options = SubstitutionOptions(year=2021, window=1, lam=0.5, kappa=0.05, products=products)
    blocs = {"SADC": ["ZAF", "AGO", "MOZ", "NAM", "BWA", "ZWE", "ZMB", "TZA", "MWI"]}
    common = {"countries": countries, "blocs": blocs}
    duck = substitution_potential(sample, south, options, engine="duckdb", **common)
    on_spark = substitution_potential(
        sample, south, options, engine="spark", spark_session=spark, matrix_steps="engine", **common
    )
    assert (duck.engine, on_spark.engine) == ("duckdb", "spark")
    assert duck.label == on_spark.label == "BACI+SYNTHETIC"
    assert duck.synthetic and any("SYNTHETIC" in n for n in duck.notes)
    assert duck.input_report == on_spark.input_report
    assert duck.by_importer_product["sp"].sum() > 0
    assert (duck.by_importer_product["sp_star"] < duck.by_importer_product["sp"]).any()
    for name in TABLES:
        # 1e-9 relative; 1e-6 US$ absolute for U = V − M^S near zero, where the summation
        # order of the two engines leaves differences of the order of 1e-16 × M.
        pd.testing.assert_frame_equal(
            getattr(duck, name),
            getattr(on_spark, name),
            check_dtype=False,
            check_categorical=False,
            rtol=1e-9,
            atol=1e-6,
        )
    pd.testing.assert_frame_equal(duck.latent, on_spark.latent, check_dtype=False)
