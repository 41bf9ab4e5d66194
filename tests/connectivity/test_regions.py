"""Areas for route questions: M49 regions, MENA, blocs, restricted to the Global South set."""

from __future__ import annotations

import pytest

from southsouth.connectivity.regions import REGIONS, resolve_area
from southsouth.errors import UnknownGroup
from southsouth.registry import bloc_members, group_countries


def test_regions(full_warehouse):
    g77 = set(group_countries(full_warehouse, "g77")["iso3"])
    countries = group_countries(full_warehouse, "all").set_index("iso3")
    sa = resolve_area(full_warehouse, "south-america")
    assert {"BRA", "ARG", "PER"} <= set(sa.members) and set(sa.members) <= g77
    assert (countries.loc[list(sa.members), "intermediate_region"] == "South America").all()
    mena = resolve_area(full_warehouse, "MENA")
    assert {"EGY", "SAU", "IRN", "MAR"} <= set(mena.members)
    assert "ISR" not in mena.members and "TUR" not in mena.members  # not G77
    assert "ISR" in resolve_area(full_warehouse, "mena", group="all").members
    by_name = resolve_area(full_warehouse, "South-eastern Asia")
    assert by_name.members == resolve_area(full_warehouse, "south-east-asia").members
    africa = set(resolve_area(full_warehouse, "africa", group="all").members)
    assert {"NGA", "EGY", "ZAF", "MUS", "REU"} <= africa and "YEM" not in africa
    assert set(REGIONS) >= {"africa", "south-america", "south-east-asia", "mena", "latin-america"}


def test_blocs_and_unknown(full_warehouse):
    au = resolve_area(full_warehouse, "AU")
    assert au.kind == "bloc" and au.name == "African Union"
    assert set(au.members) == set(bloc_members(full_warehouse, "AU")["iso3"]) & set(
        group_countries(full_warehouse, "g77")["iso3"]
    )
    assert resolve_area(full_warehouse, "BRA,NGA").members == ("BRA", "NGA")
    with pytest.raises(UnknownGroup):
        resolve_area(full_warehouse, "Atlantis")
