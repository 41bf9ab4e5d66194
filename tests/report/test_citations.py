"""How a chart's source line names a publisher."""

from __future__ import annotations

import pytest

from southsouth.report.citations import refs, short_publisher


@pytest.mark.parametrize(
    ("publisher", "short"),
    [
        ("Stockholm International Peace Research Institute (SIPRI)", "SIPRI"),
        ("International Telecommunication Union (ITU), as distributed by World Bank", "ITU"),
        ("World Bank (World Development Indicators)", "World Bank"),
        ("World Health Organization (GHED via GHO)", "World Health Organization"),
        ("WIPO via Gapminder", "WIPO"),
        ("Correlates of War Project; CIA World Factbook; WHO", "Correlates of War Project"),
        ("Pew Research Center", "Pew Research Center"),
    ],
)
def test_short_publisher(publisher, short):
    assert short_publisher(publisher) == short


def test_refs_are_each_number_once_in_order():
    assert refs(["b", "a", "b", "c"], {"a": 3, "b": 1, "c": 2}) == [1, 2, 3]
