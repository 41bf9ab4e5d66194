"""Step 10 of the substitution potential: the latent "build capacity" list (methods §7).

Southern exporters i with RCA_ik below θ whose density ω_ik is at least the ``latent_quantile``
(q90 by default) of ω_·k over every exporter in the data, and positive; ranked without US$ by
the mean percentile rank of density, PCI (when given) and Southern demand from the North.
Density: :func:`southsouth.trade.proximity.density` (``min`` proximity, zero diagonal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from southsouth.trade.products import in_products
from southsouth.trade.proximity import density
from southsouth.trade.substitution_options import SubstitutionOptions
from southsouth.trade.substitution_steps import dense_matrix


def _pci_lookup(products: pd.Series, pci: Mapping[str, float] | pd.Series | None) -> pd.Series:
    if pci is None:
        return pd.Series(np.nan, index=products.index)
    table = pci.astype(float) if isinstance(pci, pd.Series) else pd.Series(pci, dtype=float)
    table.index = table.index.astype(str)
    return products.map(table).fillna(products.str[:4].map(table))


LATENT_COLUMNS = [
    "country",
    "product",
    "density",
    "density_q90",
    "rca",
    "pci",
    "demand_north",
    "score",
    "rank",
]


def latent_list(
    supply: pd.DataFrame,
    south: Sequence[str],
    demand_north: pd.Series,
    pci: Mapping[str, float] | pd.Series | None,
    options: SubstitutionOptions,
) -> pd.DataFrame:
    """Step 10 from (exporter, product, rca) rows of every exporter: the "build capacity" list.

    ``demand_north``: product → Σ_{j∈S} M^N_jk. Score: mean percentile rank (within the list)
    of density, PCI (when known) and Northern demand; rank 1 is the best.
    """
    if supply.empty:
        return pd.DataFrame(columns=LATENT_COLUMNS)
    countries = pd.Index(sorted(supply["exporter"].astype(str).unique()))
    products = pd.Index(sorted(supply["product"].astype(str).unique()))
    rca = dense_matrix(supply, countries, products, "exporter", "product", "rca")
    mcp = (rca >= options.rca_threshold).astype(float)
    chosen = np.flatnonzero(in_products(pd.Series(products, dtype=object), options.products))
    omega = density(mcp, columns=chosen)
    finite = np.isfinite(omega).all(axis=0)
    q = np.full(len(chosen), np.nan)
    if finite.any():
        q[finite] = np.quantile(omega[:, finite], options.latent_quantile, axis=0)
    rows = np.flatnonzero(countries.isin(list(south)))
    sub = omega[rows]
    with np.errstate(invalid="ignore"):
        hit = (mcp[np.ix_(rows, chosen)] == 0) & (sub >= q[None, :]) & (sub > 0)
    r, c = np.nonzero(hit)
    out = pd.DataFrame(
        {
            "country": countries.to_numpy()[rows[r]],
            "product": products.to_numpy()[chosen[c]],
            "density": sub[r, c],
            "density_q90": q[c],
            "rca": rca[rows[r], chosen[c]],
        }
    )
    out["pci"] = _pci_lookup(out["product"], pci)
    out["demand_north"] = out["product"].map(demand_north).fillna(0.0).astype(float)
    ranks = [out["density"].rank(pct=True), out["demand_north"].rank(pct=True)]
    if out["pci"].notna().any():
        ranks.append(out["pci"].rank(pct=True))
    out["score"] = pd.concat(ranks, axis=1).mean(axis=1, skipna=True)
    out = out.sort_values(
        ["score", "density", "country", "product"],
        ascending=[False, False, True, True],
        kind="stable",
    )
    out["rank"] = np.arange(1, len(out) + 1)
    return out[LATENT_COLUMNS].reset_index(drop=True)
