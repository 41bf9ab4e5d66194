"""Every dataset is declared completely, pinned to the mirror's bytes, and loads cleanly."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from southsouth.provenance import sha256_file
from southsouth.sources import all_datasets
from southsouth.sources.registry import DOMAIN_ORDER

DATASETS = all_datasets()
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.mark.parametrize("dataset", DATASETS, ids=[d.id for d in DATASETS])
def test_dataset_is_fully_declared(dataset, mirror):
    assert KEBAB.match(dataset.id)
    assert dataset.domain in DOMAIN_ORDER
    for text in (dataset.title, dataset.publisher, dataset.citation, dataset.vintage):
        assert text.strip()
    assert dataset.licence.name.strip()
    assert dataset.tables and dataset.resources
    for res in dataset.resources:
        path = mirror / res.mirror_path
        assert path.is_file(), f"{res.mirror_path} is not in the mirror"
        assert res.sha256 == sha256_file(path), f"{res.name}: pinned sha256 differs from mirror"
        if res.url is None:
            assert res.upstream.strip(), f"{res.name} is mirror-only but says nothing of its origin"
        else:
            assert res.url.startswith("https://")


def test_ids_are_unique_and_indicators_snake_case():
    ids = [d.id for d in DATASETS]
    assert len(ids) == len(set(ids))
    indicators = [spec.id for d in DATASETS for spec in d.indicators]
    assert len(indicators) == len(set(indicators)), "an indicator id is declared twice"
    assert all(SNAKE.match(i) for i in indicators)
    assert all(spec.unit.strip() for d in DATASETS for spec in d.indicators)


def test_whole_mirror_loads_with_provenance(full_warehouse):
    wh = full_warehouse
    status = wh.query(
        "SELECT dataset_id, rows, licence, vintage FROM dataset_status WHERE domain <> 'derived'"
    )
    assert set(status["dataset_id"]) == {d.id for d in DATASETS}
    assert (status["rows"] > 0).all()
    origins = wh.query("SELECT dataset_id, count(*) AS n FROM dataset_origin GROUP BY 1")
    expected = {d.id: len(d.resources) for d in DATASETS}
    assert dict(zip(origins["dataset_id"], origins["n"], strict=True)) == expected


def test_every_country_code_in_the_warehouse_is_in_the_registry(full_warehouse):
    wh = full_warehouse
    orphans = wh.query(
        """
        SELECT DISTINCT x.iso3, x.source FROM (
            SELECT country_iso3 AS iso3, 'observation' AS source FROM observation
            UNION ALL SELECT country_iso3, 'membership' FROM membership
            UNION ALL SELECT country_a, 'relation' FROM relation
            UNION ALL SELECT country_b, 'relation' FROM relation
            UNION ALL SELECT exporter_iso3, 'trade_flow' FROM trade_flow
            UNION ALL SELECT importer_iso3, 'trade_flow' FROM trade_flow
            UNION ALL SELECT country_iso3, 'trade_export' FROM trade_export
            UNION ALL SELECT country_iso3, 'airport' FROM airport WHERE country_iso3 IS NOT NULL
        ) x LEFT JOIN country c ON c.iso3 = x.iso3 WHERE c.iso3 IS NULL
        """
    )
    assert orphans.empty, orphans.to_dict("records")


def test_no_grab_bag_modules():
    package = Path(__file__).resolve().parents[1] / "src" / "southsouth"
    names = {p.stem for p in package.rglob("*.py")}
    assert not names & {"utils", "helpers", "common", "misc"}


def test_importing_does_nothing(tmp_path):
    home = tmp_path / "never-created"
    code = (
        "import southsouth, southsouth.cli, southsouth.api, southsouth.sources as s; "
        "s.all_datasets()"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env={"SOUTHSOUTH_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert not home.exists()
