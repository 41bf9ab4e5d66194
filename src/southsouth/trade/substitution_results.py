"""The substitution result (methods §7): steps 8–10 and the tables built from them.

Capacity allocation (step 8), SP* and SPI (step 9) by importer × product, importer, product,
bloc (intra/extra-bloc split) and supplier, the latent list (step 10) and the notes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from southsouth.jsonable import records
from southsouth.trade.capacity import allocate_capacity
from southsouth.trade.latent import latent_list
from southsouth.trade.screening import InputReport
from southsouth.trade.substitution_aggregates import Aggregates
from southsouth.trade.substitution_options import SubstitutionOptions
from southsouth.trade.substitution_steps import Steps

SYNTHETIC = "SYNTHETIC"

#: Columns of the importer × product table and what they hold (US$ unless stated).
COLUMNS: dict[str, str] = {
    "importer": "importer j (ISO3), a Global South country",
    "product": "product k",
    "m": "M_jk: imports of j in k from every exporter (weighted mean over the window)",
    "m_north": "M^N_jk: imports from the North",
    "m_south": "M^S_jk: imports from other Global South countries",
    "nd": "ND_jk = M^N_jk / M_jk (share)",
    "v_south": "V^S_jk: potential Southern supply, Σ_{i∈C_k} s_ik M_jk e_ij(λ)",
    "u": "U_jk = max(0, V^S_jk − M^S_jk): untapped Southern potential",
    "sp": "SP_jk = min(U_jk, M^N_jk): substitution potential before capacity",
    "sp_star": "SP*_jk: substitution potential within suppliers' capacity",
    "spi": "SPI_jk = SP*_jk / M^N_jk (share; missing when M^N_jk = 0)",
    "capable_suppliers": "|C_k ∖ {j}|: Southern exporters with RCA ≥ θ",
}


@dataclass(frozen=True)
class SubstitutionResult:
    """Substitution potential by importer × product, importer, product, bloc and supplier."""

    by_importer_product: pd.DataFrame
    by_importer: pd.DataFrame
    by_product: pd.DataFrame
    by_bloc: pd.DataFrame
    by_supplier: pd.DataFrame
    allocation: pd.DataFrame
    ease: pd.DataFrame
    latent: pd.DataFrame
    input_report: InputReport
    options: SubstitutionOptions
    south: tuple[str, ...]
    north: str
    engine: str
    notes: tuple[str, ...] = ()
    sources: tuple[Mapping[str, str], ...] = ()
    label: str = ""
    capacity_rounds: int = 0
    capacity_converged: bool = True
    columns: Mapping[str, str] = field(default_factory=lambda: dict(COLUMNS))
    #: Coverage of the South and of every exporter by the flows (see
    #: :mod:`southsouth.trade.coverage`); empty when the caller did not measure it.
    coverage: tuple[Mapping[str, Any], ...] = ()

    @property
    def provisional(self) -> bool:
        """Whether coverage was measured and is short of complete somewhere."""
        return any(row["status"] != "complete" for row in self.coverage)

    @property
    def synthetic(self) -> bool:
        """Whether any input row was SYNTHETIC (then the figures are not findings)."""
        return SYNTHETIC in self.label

    def as_dict(self, *, limit: int | None = 1000) -> dict[str, Any]:
        """JSON-ready mapping; the large tables keep their ``limit`` top rows by SP* (or rank)."""

        def top(frame: pd.DataFrame, by: str, ascending: bool = False) -> list[dict[str, Any]]:
            if limit is not None and len(frame) > limit:
                frame = frame.sort_values(by, ascending=ascending, kind="stable").head(limit)
            return records(frame)

        return {
            "label": self.label,
            "engine": self.engine,
            "options": self.options.as_dict(),
            "south": list(self.south),
            "north": self.north,
            "notes": list(self.notes),
            "sources": [dict(s) for s in self.sources],
            "columns": dict(self.columns),
            "input_report": self.input_report.as_dict(),
            "by_bloc": records(self.by_bloc),
            "by_importer": records(self.by_importer),
            "by_product": top(self.by_product, "sp_star"),
            "by_supplier": top(self.by_supplier, "supplied"),
            "by_importer_product": top(self.by_importer_product, "sp_star"),
            "latent": top(self.latent, "rank", ascending=True),
            "ease": records(self.ease if limit is None else self.ease.head(limit)),
            "capacity": {"rounds": self.capacity_rounds, "converged": self.capacity_converged},
            "coverage": [dict(row) for row in self.coverage],
            "provisional": self.provisional,
            "rows": {
                "by_importer_product": len(self.by_importer_product),
                "by_product": len(self.by_product),
                "by_supplier": len(self.by_supplier),
                "latent": len(self.latent),
                "allocation": len(self.allocation),
                "ease": len(self.ease),
            },
        }


def _sums(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    cols = ["m", "m_north", "m_south", "v_south", "u", "sp", "sp_star"]
    out = frame.groupby(by, sort=True)[cols].sum()
    out["nd"] = out["m_north"] / out["m"]
    out["spi"] = (out["sp_star"] / out["m_north"]).where(out["m_north"] > 0)
    return out


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole > 0 else float("nan")


def assemble(
    steps: Steps,
    agg: Aggregates,
    south: list[str],
    blocs: Mapping[str, list[str]],
    pci: Mapping[str, float] | pd.Series | None,
    options: SubstitutionOptions,
) -> SubstitutionResult:
    """Steps 8–10 and the result tables (``north``, ``engine``, notes: the caller's to fill)."""
    jk = steps.jk.copy()
    n_p = len(steps.products)
    alloc = allocate_capacity(
        jk["sp"].to_numpy(dtype=float),
        steps.capacity,
        steps.edge_row,
        steps.edge_supplier * n_p + steps.edge_product,
        steps.edge_weight,
        max_iter=options.max_iter,
        tol=options.tol,
    )
    jk["sp_star"] = np.bincount(steps.edge_row, weights=alloc.allocated, minlength=len(jk))
    jk["nd"] = jk["m_north"] / jk["m"]
    jk["spi"] = (jk["sp_star"] / jk["m_north"]).where(jk["m_north"] > 0)
    jk = jk[list(COLUMNS)]

    s_index = pd.Index(south)
    importer = s_index.get_indexer(jk["importer"])[steps.edge_row]
    positive = alloc.allocated > 0
    allocation = pd.DataFrame(
        {
            "supplier": pd.Categorical.from_codes(steps.edge_supplier[positive], south),
            "importer": pd.Categorical.from_codes(importer[positive], south),
            "product": pd.Categorical.from_codes(steps.edge_product[positive], steps.products),
            "weight": steps.edge_weight[positive],
            "allocated": alloc.allocated[positive],
        }
    )

    by_importer = _sums(jk, "importer")
    by_importer["products"] = jk.groupby("importer").size()
    by_importer["products_with_sp"] = jk[jk["sp_star"] > 0].groupby("importer").size()
    by_importer = by_importer.fillna({"products_with_sp": 0}).reset_index()
    by_importer["products_with_sp"] = by_importer["products_with_sp"].astype("int64")

    capacity = steps.capacity.reshape(len(south), n_p)
    capable = capacity > 0
    supplied = np.bincount(
        steps.edge_supplier * n_p + steps.edge_product,
        weights=alloc.allocated,
        minlength=len(south) * n_p,
    ).reshape(len(south), n_p)
    by_product = _sums(jk, "product")
    by_product["importers"] = jk.groupby("product").size()
    p_index = pd.Index(steps.products)
    at = p_index.get_indexer(by_product.index)
    by_product["capable_suppliers"] = capable.sum(axis=0)[at].astype("int64")
    by_product["capacity"] = capacity.sum(axis=0)[at]
    by_product["capacity_used"] = supplied.sum(axis=0)[at]
    by_product = by_product.reset_index()

    served = allocation.groupby("supplier", observed=False)["importer"].nunique()
    by_supplier = pd.DataFrame(
        {
            "supplier": south,
            "products_capable": capable.sum(axis=1).astype("int64"),
            "capacity": capacity.sum(axis=1),
            "supplied": supplied.sum(axis=1),
            "importers_served": served.reindex(south).fillna(0).astype("int64").to_numpy(),
        }
    )
    by_supplier = by_supplier[by_supplier["products_capable"] > 0].reset_index(drop=True)
    by_supplier["utilisation"] = by_supplier["supplied"] / by_supplier["capacity"]

    rows = []
    present = set(jk["importer"])
    supplier_of = steps.edge_supplier
    for name, members in {"south": south, **blocs}.items():
        member_set = set(members)
        codes = s_index.get_indexer([m for m in members if m in member_set & set(south)])
        in_bloc = jk["importer"].isin(member_set)
        part = jk[in_bloc]
        to_bloc = np.isin(importer, codes)
        from_bloc = np.isin(supplier_of, codes)
        m, m_north = float(part["m"].sum()), float(part["m_north"].sum())
        sp_star = float(part["sp_star"].sum())
        intra = float(alloc.allocated[to_bloc & from_bloc].sum())
        extra = float(alloc.allocated[to_bloc & ~from_bloc].sum())
        rows.append(
            {
                "group": name,
                "members": len(member_set),
                "members_in_south": len(member_set & set(south)),
                "importers_in_data": len(member_set & present),
                "m": m,
                "m_north": m_north,
                "m_south": float(part["m_south"].sum()),
                "v_south": float(part["v_south"].sum()),
                "sp": float(part["sp"].sum()),
                "sp_star": sp_star,
                "sp_star_intra": intra,
                "sp_star_extra": extra,
                "nd": _ratio(m_north, m),
                "spi": _ratio(sp_star, m_north),
                "spi_intra": _ratio(intra, m_north),
            }
        )
    demand_north = jk.groupby("product")["m_north"].sum()
    latent = latent_list(
        agg.supply if options.latent else agg.supply.iloc[0:0], south, demand_north, pci, options
    )
    ease = steps.ease.sort_values(["exporter", "importer"], kind="stable").reset_index(drop=True)
    return SubstitutionResult(
        by_importer_product=jk,
        by_importer=by_importer,
        by_product=by_product,
        by_bloc=pd.DataFrame(rows),
        by_supplier=by_supplier,
        allocation=allocation,
        ease=ease[["exporter", "importer", "actual", "hypothetical", "ease"]],
        latent=latent,
        input_report=agg.report,
        options=options,
        south=tuple(south),
        north="",
        engine="",
        capacity_rounds=alloc.iterations,
        capacity_converged=alloc.converged,
    )


def result_notes(
    result: SubstitutionResult,
    south: Sequence[str],
    options: SubstitutionOptions,
    label: str,
    has_pci: bool,
    matrix_steps: str,
) -> tuple[str, ...]:
    """What a reader of ``result`` must know: SYNTHETIC input, window, λ, κ, limits met."""
    notes: list[str] = []
    if SYNTHETIC in label:
        notes.append(
            f"input labelled {label}: SYNTHETIC flows are for speed and engine tests only; "
            "the figures are not findings"
        )
    w = ", ".join(f"{y}: {v:g}" for y, v in options.weights.items())
    notes.append(f"flows: weighted mean over {options.years[0]}–{options.year} ({w})")
    notes.append(
        f"λ = {options.lam:g} (ease factor max(B, B^λ)); κ = {options.kappa:g}; "
        f"capable: RCA ≥ {options.rca_threshold:g}; tariff factor T = 1; projected shares "
        f"not used (s̃ = s); steps 3–7 in {matrix_steps}"
    )
    jk = result.by_importer_product
    absent = sorted(set(south) - set(jk["importer"]))
    if absent:
        notes.append(
            f"{len(absent)} of {len(south)} Global South countries import nothing in the data "
            f"(e.g. {', '.join(absent[:5])})"
        )
    if not result.capacity_converged:
        notes.append(
            f"capacity allocation stopped after {result.capacity_rounds} rounds with demand "
            "still movable; SP* is a lower bound"
        )
    short = float((jk["sp"] - jk["sp_star"]).sum())
    if short > 0:
        notes.append(
            f"supplier capacity (κ = {options.kappa:g}) binds: SP* is {short:,.0f} US$ below SP"
        )
    if options.latent and not has_pci:
        notes.append("latent list ranked by density and Northern demand only (no PCI given)")
    return tuple(notes)
