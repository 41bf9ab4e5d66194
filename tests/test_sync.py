"""Sync semantics: idempotent loads, atomic replacement, failures that change nothing."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from one_file_dataset import make_dataset, parse_values
from southsouth.errors import ContractViolation, ParseError
from southsouth.sources.dataset import ParseInput
from southsouth.sources.fetch import Fetcher
from southsouth.sync import sync_datasets
from southsouth.warehouse.store import SqlInsert, Warehouse


@pytest.fixture
def env(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "test").mkdir(parents=True)
    (mirror / "test" / "values.csv").write_text("iso3,year,value\nBRA,2020,1.5\nIND,2020,2.5\n")
    fetcher = Fetcher(tmp_path / "cache", mirror=str(mirror))
    warehouse = Warehouse(tmp_path / "wh.duckdb")
    yield mirror, fetcher, warehouse
    warehouse.close()


def values(warehouse: Warehouse) -> list[tuple]:
    frame = warehouse.query("SELECT country_iso3, value FROM observation ORDER BY 1")
    return list(frame.itertuples(index=False, name=None))


def test_load_is_idempotent_and_reload_replaces(env):
    mirror, fetcher, warehouse = env
    dataset = make_dataset(mirror, parse_values)
    first = sync_datasets([dataset], fetcher=fetcher, warehouse=warehouse)
    assert [r.outcome for r in first] == ["loaded"] and first[0].rows == 3  # 2 values + indicator
    assert values(warehouse) == [("BRA", 1.5), ("IND", 2.5)]
    again = sync_datasets([dataset], fetcher=fetcher, warehouse=warehouse)
    assert [r.outcome for r in again] == ["up-to-date"]
    forced = sync_datasets([dataset], fetcher=fetcher, warehouse=warehouse, force=True)
    assert [r.outcome for r in forced] == ["loaded"]
    assert values(warehouse) == [("BRA", 1.5), ("IND", 2.5)]
    indicator = warehouse.query("SELECT * FROM indicator")
    assert indicator[["indicator", "unit", "source_id"]].values.tolist() == [
        ["test_value", "units", "test-values"]
    ]


def test_parse_error_changes_nothing(env):
    mirror, fetcher, warehouse = env
    good = make_dataset(mirror, parse_values)
    sync_datasets([good], fetcher=fetcher, warehouse=warehouse)
    before = warehouse.query("SELECT * FROM dataset_status")
    (mirror / "test" / "values.csv").write_text("iso3,year,value\nBRA,2020,1.5,9\nIND,2020,x\n")
    broken = make_dataset(mirror, parse_values)  # sha256 pinned to the broken bytes
    (result,) = sync_datasets([broken], fetcher=fetcher, warehouse=warehouse)
    assert result.outcome == "failed" and isinstance(result.error, ParseError)
    assert "values.csv" in result.error.message and result.error.line == 2
    assert values(warehouse) == [("BRA", 1.5), ("IND", 2.5)]
    assert warehouse.query("SELECT * FROM dataset_status").equals(before)


def test_contract_violation_is_reported_not_loaded(env):
    mirror, fetcher, warehouse = env

    def undeclared(inp: ParseInput) -> dict[str, pd.DataFrame]:
        frame = parse_values(inp)["observation"]
        frame["indicator"] = "something_else"
        return {"observation": frame}

    (result,) = sync_datasets(
        [make_dataset(mirror, undeclared)], fetcher=fetcher, warehouse=warehouse
    )
    assert isinstance(result.error, ContractViolation)
    assert "undeclared indicators" in result.error.message
    assert values(warehouse) == []


def test_failure_inside_the_transaction_rolls_back_every_table(env):
    mirror, fetcher, warehouse = env
    sync_datasets([make_dataset(mirror, parse_values)], fetcher=fetcher, warehouse=warehouse)

    def second_table_fails(inp: ParseInput) -> dict[str, object]:
        return {
            **parse_values(inp),
            "region_observation": SqlInsert("SELECT * FROM no_such_table"),
        }

    failing = make_dataset(mirror, second_table_fails, tables=("observation", "region_observation"))
    (mirror / "test" / "values.csv").write_text("iso3,year,value\nBRA,2020,9.0\n")
    failing = make_dataset(mirror, second_table_fails, tables=("observation", "region_observation"))
    with pytest.raises(duckdb.Error):
        sync_datasets([failing], fetcher=fetcher, warehouse=warehouse, force=True)
    assert values(warehouse) == [("BRA", 1.5), ("IND", 2.5)]
    status = warehouse.query("SELECT rows FROM dataset_status WHERE dataset_id = 'test-values'")
    assert status["rows"].tolist() == [3]
