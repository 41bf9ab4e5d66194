"""Roadmaps built once per session from the whole mirror, at a fixed planning date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from southsouth.roadmap.build import Roadmap, build_roadmap
from southsouth.sources import get_dataset
from southsouth.warehouse.store import Warehouse

AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="session")
def g77_roadmap(full_warehouse: Warehouse) -> Roadmap:
    """The Group of 77 and China's roadmap."""
    return build_roadmap(full_warehouse, "g77", as_of=AS_OF)


@pytest.fixture(scope="session")
def au_roadmap(full_warehouse: Warehouse) -> Roadmap:
    """The African Union's roadmap."""
    return build_roadmap(full_warehouse, "AU", as_of=AS_OF)


@pytest.fixture(scope="session")
def asean_roadmap(full_warehouse: Warehouse) -> Roadmap:
    """ASEAN's roadmap."""
    return build_roadmap(full_warehouse, "ASEAN", as_of=AS_OF)


@pytest.fixture(scope="session")
def mercosur_roadmap(full_warehouse: Warehouse) -> Roadmap:
    """MERCOSUR's roadmap (no projected health-workforce shortage)."""
    return build_roadmap(full_warehouse, "MERCOSUR", as_of=AS_OF)


@pytest.fixture(scope="session")
def world_map(full_warehouse: Warehouse, mirror: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """The world-atlas topology (read from the mirror) and the feature → ISO3 table."""
    (resource,) = [
        r for r in get_dataset("world-atlas").resources if r.name == "countries-110m.json"
    ]
    topology = json.loads((mirror / resource.mirror_path).read_text(encoding="utf-8"))
    shapes = full_warehouse.query(
        "SELECT feature_id, country_iso3 FROM geo_shape WHERE resolution = '110m'"
    )
    return topology, shapes
