"""Hub ranking within the South: degree and betweenness, hand-computed and on the real network."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from southsouth.connectivity.hubs import hub_ranking, hub_table
from southsouth.errors import InputError


def test_hub_table_hand_computed():
    # Path a – b – c – d plus a leaf e on b. Betweenness (normalised by (n−1)(n−2)/2 = 6):
    # b lies on a–c, a–d, e–c, e–d, a–e → 5/6; c on a–d, b–d, e–d → 3/6; leaves 0.
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("b", "e")])
    g.edges["a", "b"]["routes"] = 4
    table = hub_table(g).set_index("node")
    assert table.loc["b", "betweenness"] == pytest.approx(5 / 6)
    assert table.loc["c", "betweenness"] == pytest.approx(3 / 6)
    assert table.loc["a", "betweenness"] == 0
    assert table.loc["b", "degree"] == 3 and table.loc["b", "routes"] == 4 + 1 + 1
    assert table.loc["b", "rank"] == 1 and table.loc["c", "rank"] == 2
    by_degree = hub_table(g, by="degree")
    assert by_degree["node"].tolist()[:2] == ["b", "c"]
    assert by_degree.set_index("node").loc["a", "degree_rank"] == 3
    with pytest.raises(InputError):
        hub_table(g, by="seats")


def test_real_country_hubs(full_warehouse):
    ranking = hub_ranking(full_warehouse, group="g77", top=10)
    table = ranking.table
    assert len(table) == 10 and table["betweenness"].is_monotonic_decreasing
    assert {"iso3", "name", "degree", "betweenness"} <= set(table.columns)
    # Everything in the graph is a G77 member with a served airport.
    assert ranking.nodes == 134  # 135 members less Palestine (no route in May 2026)
    data = ranking.as_dict()
    json.dumps(data)
    assert "2026-05-03" in data["source"]["caveat"]


def test_bad_hub_input(full_warehouse):
    with pytest.raises(InputError):
        hub_ranking(full_warehouse, level="city")
    with pytest.raises(InputError):
        hub_ranking(full_warehouse, top=0)
