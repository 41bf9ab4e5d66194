"""Trade complementarity and trade intensity of country pairs (the maths of trade links).

With X_ik exports of i in product k, X_i = Σ_k X_ik, M_jk imports of j, M_j = Σ_k M_jk,
M_w = Σ_j M_j and X_ij the flow from i to j:

* TC_ij = 100·(1 − ½ Σ_k |M_jk/M_j − X_ik/X_i|): 100 when i's export mix equals j's import
  mix, 0 when they share nothing;
* TII_ij = (X_ij/X_i) / (M_j/(M_w − M_i)) (``methods``) or (X_ij/X_i) / (M_j/M_w) (``wits``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from southsouth.errors import InputError

TiiVariant = Literal["methods", "wits"]
TII_VARIANTS: dict[str, str] = {
    "methods": "TII_ij = (X_ij / X_i) / (M_j / (M_w − M_i))",
    "wits": "TII_ij = (X_ij / X_i) / (M_j / M_w)  (WITS: world exports to j over world exports)",
}
TC_FORMULA = "TC_ij = 100·(1 − ½ Σ_k |M_jk/M_j − X_ik/X_i|)"


def _shares(frame: pd.DataFrame, by: str, products: pd.Index) -> pd.DataFrame:
    """Each country's product shares (rows: countries with a positive total)."""
    table = frame.pivot_table(index=by, columns="product", values="value", aggfunc="sum")
    table = table.reindex(columns=products).fillna(0.0)
    totals = table.sum(axis=1)
    table = table[totals > 0]
    return table.div(totals[totals > 0], axis=0)


def complementarity(exports: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """TC_ij (0–100): exporters (index) × importers (columns).

    ``exports``: exporter, product, value (X_ik); ``imports``: importer, product, value
    (M_jk). Countries with a zero total are left out (their shares are undefined).
    """
    products = pd.Index(sorted(set(exports["product"]) | set(imports["product"])), name="product")
    x = _shares(exports, "exporter", products)
    m = _shares(imports, "importer", products)
    xs, ms = x.to_numpy(dtype=float), m.to_numpy(dtype=float)
    distance = np.empty((len(xs), len(ms)))
    for row in range(len(xs)):
        distance[row] = np.abs(ms - xs[row]).sum(axis=1)
    tc = np.clip(100.0 * (1.0 - 0.5 * distance), 0.0, 100.0)
    return pd.DataFrame(
        tc, index=pd.Index(x.index, name="exporter"), columns=pd.Index(m.index, name="importer")
    )


def trade_intensity(pairs: pd.DataFrame, imports: pd.Series, variant: str) -> pd.Series:
    """TII of ``pairs`` (exporter, flow, exporter_exports, importer_imports), ``variant`` rule.

    ``imports``: M_j by country (their sum is M_w). Missing where M_w − M_i is not positive.
    """
    world = float(imports.sum())
    own_imports = pairs["exporter"].map(imports).astype(float).fillna(0.0)
    rest = world - own_imports if variant == "methods" else pd.Series(world, index=pairs.index)
    share_of_world = pairs["importer_imports"] / rest.where(rest > 0)
    return (pairs["flow"] / pairs["exporter_exports"]) / share_of_world


def check_link_options(quantile: float, tii_variant: str) -> None:
    """InputError unless 0 ≤ ``quantile`` ≤ 1 and ``tii_variant`` is known."""
    if not 0.0 <= quantile <= 1.0:
        raise InputError(f"quantile must be in [0, 1], got {quantile}", hint="e.g. 0.75")
    if tii_variant not in TII_VARIANTS:
        raise InputError(
            f"unknown trade-intensity variant {tii_variant!r}",
            hint="use " + " or ".join(TII_VARIANTS),
        )


def _reject(rows: pd.DataFrame, what: str, hint: str, *, with_ease: bool = False) -> None:
    """InputError naming how many ``rows`` are ``what`` and the first (pair, and its ease)."""
    if rows.empty:
        return
    first = rows.iloc[0]
    example = f"{first['exporter']}→{first['importer']}"
    if with_ease:
        example += f" = {first['ease']}"
    raise InputError(f"{len(rows)} {what}, e.g. {example}", hint=hint)


def ease_table(ease: pd.DataFrame | None) -> pd.DataFrame | None:
    """Checked bilateral ease (exporter, importer, ease B_ij ≥ 0, one row a pair) or None."""
    if ease is None:
        return None
    missing = [c for c in ("exporter", "importer", "ease") if c not in ease.columns]
    if missing:
        raise InputError(
            f"the bilateral-ease table lacks {', '.join(missing)}",
            hint="give exporter, importer, ease (B_ij from the substitution results)",
        )
    table = ease[["exporter", "importer", "ease"]].copy()
    table["ease"] = pd.to_numeric(table["ease"], errors="coerce")
    repeated = table[table.duplicated(["exporter", "importer"], keep=False)]
    _reject(repeated, "bilateral-ease rows repeat a pair", "one B_ij per exporter and importer")
    negative = table[table["ease"] < 0]
    _reject(
        negative,
        "negative bilateral-ease values",
        "B_ij is a ratio of trade values (≥ 0)",
        with_ease=True,
    )
    for column in ("exporter", "importer"):
        table[column] = table[column].astype("string")
    return table
