"""Fixtures for the relations tests: the relation data of the whole mirror."""

from __future__ import annotations

from datetime import date

import pytest

from southsouth.relations.tensions import RelationData, load_relation_data


@pytest.fixture(scope="session")
def relation_data(full_warehouse) -> RelationData:
    """Relation data from the whole mirror, as of a fixed day."""
    return load_relation_data(full_warehouse, as_of=date(2026, 11, 28))
