"""The engine switch: one Ibis expression, run on DuckDB (default) or on PySpark.

The trade analyses build Ibis expressions over a flows table and hand them to a backend:

* ``duckdb`` — an in-memory DuckDB connection of its own (``ibis.duckdb.connect()``), never
  the warehouse's connection; data comes in as DataFrames, Arrow tables or Parquet files.
* ``spark`` — a PySpark session (local mode here, a cluster elsewhere) through
  ``ibis.pyspark``. PySpark is an optional dependency; :func:`local_spark_session` starts a
  small local session with the settings that work on a 2-core machine.

Spark 4 runs with ANSI SQL on: a division by zero is an error, not a NULL. Expressions meant
for both engines therefore divide only by values they have filtered to be positive.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import tempfile
import uuid
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from southsouth.errors import ConfigError, InputError

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

Engine = Literal["duckdb", "spark"]
ENGINES: tuple[str, ...] = ("duckdb", "spark")
DEFAULT_ENGINE: Engine = "duckdb"
PYSPARK_HINT = (
    "install PySpark (pip install 'pyspark>=3.5,<4.1') and Java 17, or use engine='duckdb'"
)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the DuckDB 2 deprecation of ``fetch_arrow_table`` that Ibis 12 still calls."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=r"fetch_(arrow_table|record_batch|arrow_reader)\(\) is deprecated",
            category=DeprecationWarning,
        )
        yield


def local_spark_session(
    *,
    master: str = "local[2]",
    shuffle_partitions: int = 4,
    driver_memory: str = "2g",
    app_name: str = "southsouth",
) -> Any:
    """A local SparkSession (UI off, few shuffle partitions, a temporary warehouse dir).

    Reuses the active session when there is one (Spark allows one per process).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError("the spark engine needs PySpark", hint=PYSPARK_HINT) from exc
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="southsouth-spark-"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def connect(engine: str = DEFAULT_ENGINE, *, spark_session: Any = None) -> BaseBackend:
    """An Ibis backend for ``engine``: a fresh in-memory DuckDB, or PySpark on a session.

    For ``spark`` without ``spark_session`` a local session is started
    (:func:`local_spark_session`).
    """
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "spark":
        if importlib.util.find_spec("pyspark") is None:  # pragma: no cover - environment
            raise ConfigError("the spark engine needs PySpark", hint=PYSPARK_HINT)
        return ibis.pyspark.connect(spark_session or local_spark_session())
    raise InputError(f"unknown engine {engine!r}", hint=f"use one of {', '.join(ENGINES)}")


def engine_of(backend: BaseBackend) -> str:
    """``duckdb`` or ``spark`` (the backend's own name otherwise)."""
    name = backend.name
    return "spark" if name == "pyspark" else name


def register(
    backend: BaseBackend,
    data: pd.DataFrame | pa.Table | str | Path | Sequence[str | Path] | ir.Table,
    *,
    name: str | None = None,
) -> ir.Table:
    """``data`` as a table of ``backend``: a DataFrame or Arrow table, or Parquet file(s).

    An Ibis table is returned as it is (it must already belong to ``backend``).
    """
    if isinstance(data, ir.Table):
        return data
    name = name or f"southsouth_{uuid.uuid4().hex[:12]}"
    if isinstance(data, str | Path) or (
        isinstance(data, Sequence) and not isinstance(data, pd.DataFrame)
    ):
        paths = [str(p) for p in ([data] if isinstance(data, str | Path) else data)]
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise InputError(f"no such file: {missing[0]}", hint="give an existing Parquet file")
        return backend.read_parquet(paths if len(paths) > 1 else paths[0], table_name=name)
    if isinstance(data, pd.DataFrame):
        data = pa.Table.from_pandas(_plain_strings(data), preserve_index=False)
    if engine_of(backend) == "duckdb":
        return backend.create_table(name, data, temp=True)
    return backend.create_view(name, ibis.memtable(data), overwrite=True)


def _plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical and string-dtype columns as plain object strings (both engines accept them)."""
    out = frame
    for col in frame.columns:
        dtype = frame[col].dtype
        if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype):
            if out is frame:
                out = frame.copy()
            out[col] = frame[col].astype(object)
    return out


def to_pandas(backend: BaseBackend, expr: ir.Table) -> pd.DataFrame:
    """Run ``expr`` on ``backend`` and return a DataFrame (strings as object columns)."""
    frame = backend.to_pyarrow(expr).to_pandas()
    return frame


def to_arrow(backend: BaseBackend, expr: ir.Table) -> pa.Table:
    """Run ``expr`` on ``backend`` and return an Arrow table."""
    return backend.to_pyarrow(expr)
