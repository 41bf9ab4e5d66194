"""Strategic product sets: membership by HS prefix, resolution, and codes that exist in HS 2022."""

from __future__ import annotations

import pandas as pd
import pytest

from southsouth.errors import InputError
from southsouth.trade.products import (
    PRODUCT_SETS,
    in_products,
    product_set,
    resolve_products,
    sets_table,
)


def test_named_sets_cover_what_the_roadmap_names():
    pharma = product_set("pharma")
    assert pharma.contains("300490") and pharma.contains("3002") and pharma.contains("300215")
    assert not pharma.contains("290410")
    assert product_set("vaccines").prefixes == ("3002",)
    assert product_set("fertiliser").contains("310210")
    assert product_set("energy").contains("270900") and not product_set("energy").contains("280110")
    staples = product_set("food-staples")
    for code in ("100199", "100630", "110100", "071331", "071410", "151110", "170114", "040210"):
        assert staples.contains(code), code
    assert not staples.contains("020130")  # meat is left out
    assert not staples.contains("151620")  # 1516 (hydrogenated fats) is not in 1507–1515


def test_resolution_mixes_sets_and_codes():
    assert resolve_products(None) is None
    assert resolve_products("vaccines,3105") == ("3002", "3105")
    assert resolve_products(["medicaments", "3004"]) == ("3003", "3004")
    assert resolve_products(product_set("cereals")) == ("10",)
    with pytest.raises(InputError, match="unknown product set"):
        resolve_products("chips-and-salsa")
    with pytest.raises(InputError, match="empty"):
        resolve_products(" , ")


def test_mask():
    codes = pd.Series(["300490", "310210", "100199", "870323"])
    assert in_products(codes, resolve_products("pharma,fertiliser")).tolist() == [
        True,
        True,
        False,
        False,
    ]
    assert in_products(codes, None).all()


def test_every_prefix_is_an_hs2022_code(full_warehouse):
    codes = set(
        full_warehouse.query("SELECT code FROM product WHERE classification = 'HS22'")["code"]
    )
    for product_set_ in PRODUCT_SETS.values():
        for prefix in product_set_.prefixes:
            assert prefix in codes, (product_set_.id, prefix)
    table = sets_table()
    assert list(table.columns) == ["id", "name", "prefixes", "definition", "source"]
    assert (table["source"].str.len() > 0).all()
