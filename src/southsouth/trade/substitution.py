"""South–South import-substitution potential (methods §7, steps 1–10).

For importer j in the Global South S, product k and exporter i, with X_ijk the flows averaged
over the years window (METHODS weights 0.2, 0.4, 0.6, 0.8, 1.0 for five years, oldest first;
w_t = t/n for a window of n years; a single year has weight 1), divided by the sum of weights;
a flow absent in a year counts as zero, as in BACI:

1. M_jk = Σ_i X_ijk (imports from every exporter in the data), M^N_jk = Σ_{i∈N} X_ijk,
   ND_jk = M^N_jk / M_jk. N is the complement of S in the data unless a list is given.
2. s_ik = X_ik / Σ_i′ X_i′k, i's share of world supply of k (world = every exporter in the
   data); RCA_ik over the same flows; capable suppliers C_k = {i ∈ S, i ≠ j, RCA_ik ≥ θ}.
   The projected share s̃ of METHODS is not used (s̃ = s, horizon h = 0).
3. B_ij = Σ_k X_ijk / Σ_k s_ik M_jk over all products (actual / hypothetical trade).
4. T_ijk = 1: no tariff factor (tariff data are not in the warehouse).
5. V^S_jk = Σ_{i∈C_k} s_ik · M_jk · e_ij(λ) with e_ij(λ) = max(B_ij, B_ij^λ). METHODS writes
   B_ij^λ; the two agree whenever B_ij ≤ 1. Where B_ij > 1 (i already sells j more than its
   world share predicts) B_ij^λ would shrink as λ → 0, i.e. removing frictions would remove
   an advantage; southsouth keeps B_ij there, so λ < 1 only lifts pairs held back by
   frictions and the frictions-removed potential is never below the status quo.
   λ = 1 status quo, λ = 0 frictions removed (new direct route or FTA), in between a policy.
6. U_jk = max(0, V^S_jk − M^S_jk), M^S_jk = Σ_{i∈S∖{j}} X_ijk.
7. SP_jk = min(U_jk, M^N_jk) (US$).
8. Capacity: SP_jk is split across i ∈ C_k in proportion to s_ik e_ij(λ); supplier i may
   add at most κ·X_ik of product k over all importers (κ = headroom, default 0.2). Iterative
   proportional allocation (:func:`allocate_capacity`): each round offers every importer's
   unmet demand to its suppliers with spare capacity, in proportion to the weights; a
   supplier offered more than its spare capacity scales every offer down to fit, and the
   unmet rest goes round again — until no demand is unmet or no supplier it can use has
   capacity left. SP*_jk = Σ_i allocated. Because suppliers are shared, SP*_jk of one
   importer can fall when other importers' SP rises (e.g. from λ = 1 to λ = 0); SP and
   Σ SP* cannot.
9. SPI_jk = SP*_jk / M^N_jk (missing when M^N_jk = 0); bloc level: sums over members, the
   allocation split between suppliers inside the bloc (intra-bloc) and other Southern
   suppliers (extra-bloc).
10. Latent "build capacity" list: i ∈ S with M_ik = 0 (RCA below θ) and density
    ω_ik ≥ q90(ω_·k) (the quantile over every exporter in the data) and ω_ik > 0, ranked
    without US$ by the mean percentile rank of ω_ik, PCI_k (when given) and Southern demand
    from the North Σ_{j∈S} M^N_jk. Density: :func:`southsouth.trade.proximity.density`
    (proximity φ = co-exports / max ubiquity, zero diagonal), built in column blocks.

No mirror reconciliation is done here (BACI is already reconciled by CEPII).

Bad rows (of the years used): the bilateral rule of :mod:`southsouth.trade.screening`, one
rule per row, first match wins, each reported with counts and examples and then excluded
(``on_bad="raise"`` rejects the input instead): ``missing-value`` (a key or the value empty or
NaN), ``negative-value``, ``domestic-flow`` (exporter = importer), ``unknown-country`` (a code
outside ``countries``), ``unknown-product`` (outside ``product_codes``), ``zero-value`` (no
trade: dropped, counted, not an error), then among the rows left ``duplicate-key``: several
rows share (year, exporter, importer, product) — every one of them is excluded, there is no
telling which is right.

Engine (:mod:`southsouth.trade.engine`): the steps over flows — screening, the window
average, X_ik, X_i, X_k, RCA and shares, M_jk, M^N_jk, M^S_jk and the bilateral totals — are
Ibis expressions run by DuckDB (default) or PySpark; only these aggregates (countries ×
products) come back. Steps 3–7 (the hypothetical trade Σ_k s_ik M_jk is a matrix product)
run by default in NumPy on those aggregates (``matrix_steps="numpy"``); with
``matrix_steps="engine"`` they are Ibis expressions too (joins of the aggregates, ~40 million
intermediate rows for a BACI year: slower on one machine, for clusters). Both give the same
numbers (tested). Steps 8–10 run in NumPy.

Modules: options in :mod:`~southsouth.trade.substitution_options`, screening and aggregates on
the engine in :mod:`~southsouth.trade.substitution_aggregates`, steps 3–7 in NumPy in
:mod:`~southsouth.trade.substitution_steps`, step 8 in :mod:`~southsouth.trade.capacity`,
step 10 in :mod:`~southsouth.trade.latent`, the result tables in
:mod:`~southsouth.trade.substitution_results`, warehouse readers in
:mod:`~southsouth.trade.warehouse_inputs`; this module checks the arguments and runs them.

"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from southsouth.errors import InputError, UnknownCountry
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.registry.groups import group_members, resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.trade.capacity import CapacityAllocation, allocate_capacity
from southsouth.trade.country_set import MIN_EXPORTS_USD, MIN_POPULATION
from southsouth.trade.coverage import RULE, GroupCoverage, coverage_weights, group_coverage
from southsouth.trade.engine import DEFAULT_ENGINE, connect, engine_of, quiet, register
from southsouth.trade.latent import LATENT_COLUMNS, latent_list
from southsouth.trade.proximity import DENSITY_BLOCK, density
from southsouth.trade.screening import EXAMPLES, FLOW_COLUMNS, InputReport, Issue, OnBad
from southsouth.trade.screening import FLOW_KEY as KEY
from southsouth.trade.substitution_aggregates import (
    LABEL_COLUMN,
    OUTSIDE,
    RULES,
    engine_aggregates,
)
from southsouth.trade.substitution_options import (
    MATRIX_STEPS,
    SCENARIOS,
    MatrixSteps,
    SubstitutionOptions,
    options_for,
    year_weights,
)
from southsouth.trade.substitution_results import (
    COLUMNS,
    SYNTHETIC,
    SubstitutionResult,
    assemble,
    result_notes,
)
from southsouth.trade.substitution_steps import engine_to_steps, numpy_steps
from southsouth.trade.warehouse_inputs import (
    PRODUCT_LISTS,
    atlas_pci,
    choose_classification,
    classification_codes,
    flow_classifications,
    warehouse_flow_frame,
)

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from southsouth.warehouse.store import Warehouse

__all__ = [
    "COLUMNS",
    "DENSITY_BLOCK",
    "EXAMPLES",
    "FLOW_COLUMNS",
    "KEY",
    "LABEL_COLUMN",
    "LATENT_COLUMNS",
    "MATRIX_STEPS",
    "OUTSIDE",
    "PRODUCT_LISTS",
    "RULES",
    "SCENARIOS",
    "SYNTHETIC",
    "CapacityAllocation",
    "InputReport",
    "Issue",
    "MatrixSteps",
    "OnBad",
    "SubstitutionOptions",
    "SubstitutionResult",
    "allocate_capacity",
    "atlas_pci",
    "density_columns",
    "latent_list",
    "options_for",
    "substitution_for",
    "substitution_potential",
    "warehouse_flow_frame",
    "year_weights",
]


def density_columns(
    mcp: np.ndarray, columns: np.ndarray, *, block: int = DENSITY_BLOCK
) -> np.ndarray:
    """ω[:, columns]: :func:`~southsouth.trade.proximity.density` with φ built block by block."""
    return density(mcp, columns=columns, block=block)


# -- input ----------------------------------------------------------------------------------


def _codes(values: Collection[str] | None, what: str) -> list[str] | None:
    if values is None:
        return None
    out = sorted({str(v).strip().upper() for v in values if str(v).strip()})
    if not out:
        raise InputError(
            f"the {what} list is empty", hint=f"give at least one ISO3 code for {what}"
        )
    return out


def _check_known(codes: Sequence[str], countries: Sequence[str] | None, what: str) -> None:
    if countries is None:
        return
    known = set(countries)
    for code in codes:
        if code not in known:
            raise UnknownCountry(code, countries, hint=f"{what} must be ISO3 codes of the registry")


def _check_schema(table: ir.Table) -> None:
    missing = [c for c in FLOW_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(
            f"the flows lack {', '.join(missing)}",
            hint="give year, exporter, importer, product, value (ISO3 codes, US$)",
        )
    schema = table.schema()
    for col in ("exporter", "importer", "product"):
        if not schema[col].is_string():
            raise InputError(
                f"flows column {col} is {schema[col]}, not text",
                hint="codes are strings (products zero-padded, e.g. '010121')",
            )
    if not schema["year"].is_integer():
        raise InputError(f"flows column year is {schema['year']}, not an integer")
    if not schema["value"].is_numeric():
        raise InputError(f"flows column value is {schema['value']}, not a number")


# -- the public functions ---------------------------------------------------------------


def substitution_potential(
    flows: ir.Table | pd.DataFrame | pa.Table | str | Path,
    south: Collection[str],
    options: SubstitutionOptions,
    *,
    north: Collection[str] | None = None,
    blocs: Mapping[str, Collection[str]] | None = None,
    countries: Collection[str] | None = None,
    product_codes: Collection[str] | None = None,
    pci: Mapping[str, float] | pd.Series | None = None,
    engine: str = DEFAULT_ENGINE,
    backend: BaseBackend | None = None,
    spark_session: Any = None,
    matrix_steps: MatrixSteps = "numpy",
    sources: Sequence[Mapping[str, str]] = (),
) -> SubstitutionResult:
    """Substitution potential of Southern importers' Northern imports (methods §7).

    ``flows``: (year, exporter, importer, product, value in US$) as an Ibis table (run on
    its own backend), a DataFrame/Arrow table or Parquet path(s) (registered on a new
    ``engine`` backend unless ``backend`` is given). ``south``: ISO3 codes of S;
    ``north``: N (default every other country in the data). ``blocs``: name → members, for
    intra/extra-bloc splits. ``countries``/``product_codes``: the known codes (rows outside
    are excluded).
    ``pci``: product → PCI for the latent list (HS6 codes fall back to their heading).
    ``matrix_steps``: where steps 3–7 run (``numpy`` default, or ``engine``).
    ``sources``: provenance mappings of the flows, copied into the result.
    """
    if matrix_steps not in MATRIX_STEPS:
        raise InputError(
            f"unknown matrix_steps {matrix_steps!r}", hint=f"use one of {', '.join(MATRIX_STEPS)}"
        )
    south_codes = _codes(south, "Global South") or []
    north_codes = _codes(north, "North")
    known = _codes(countries, "known countries")
    _check_known(south_codes, known, "Global South members")
    if north_codes is not None:
        _check_known(north_codes, known, "North members")
        both = sorted(set(north_codes) & set(south_codes))
        if both:
            raise InputError(
                f"{len(both)} countries are in both S and N, e.g. {both[0]}",
                hint="S and N must not overlap",
            )
    bloc_sets = {
        str(name): _codes(members, f"bloc {name}") or [] for name, members in (blocs or {}).items()
    }
    for name, members in bloc_sets.items():
        _check_known(members, known, f"members of {name}")

    with quiet():
        if backend is None and isinstance(flows, ir.Table):
            backend = ibis.get_backend(flows)
        backend = backend or connect(engine, spark_session=spark_session)
        table = register(backend, flows)
        _check_schema(table)
        keep = [*FLOW_COLUMNS, *([LABEL_COLUMN] if LABEL_COLUMN in table.columns else [])]
        rows = table.select(*keep)
        rows = rows.mutate(value=rows.value.cast("float64"))
        agg = engine_aggregates(
            backend, rows, south_codes, north_codes, known, product_codes, options, matrix_steps
        )
    steps = (
        numpy_steps(agg, south_codes, options)
        if matrix_steps == "numpy"
        else engine_to_steps(agg, south_codes, options)
    )
    result = assemble(steps, agg, south_codes, bloc_sets, pci, options)
    label = agg.label
    notes = result_notes(result, south_codes, options, label, pci is not None, matrix_steps)
    return replace(
        result,
        north="listed" if north_codes is not None else "every country in the data outside S",
        engine=engine_of(backend),
        notes=notes,
        sources=tuple(sources),
        label=label,
    )


def substitution_for(
    warehouse: Warehouse,
    source_id: str,
    options: SubstitutionOptions,
    *,
    south: str = DEFAULT_GROUP,
    blocs: Sequence[str] = (),
    classification: str | None = None,
    engine: str = DEFAULT_ENGINE,
    spark_session: Any = None,
    matrix_steps: MatrixSteps = "numpy",
) -> SubstitutionResult:
    """:func:`substitution_potential` on a loaded flow dataset (e.g. a BACI year).

    ``south``: a Global South definition, bloc id or ISO3 list (memberships on 31 December of
    the data year, at most this year). ``blocs``: groups to split intra/extra-bloc. Known
    countries: the registry; known products: the classification's 6-digit list when the
    warehouse has one (:data:`PRODUCT_LISTS`); PCI: the Atlas HS92 heading PCI for HS92 flows.
    Coverage (:mod:`southsouth.trade.coverage`) of the South and of every exporter by the
    flows of the data year is measured first: no Southern member exporting in them is an
    :class:`~southsouth.errors.InputError`; short of complete, the result is ``provisional``.
    """
    chosen = choose_classification(
        source_id, flow_classifications(warehouse, source_id), classification
    )
    frame = warehouse_flow_frame(warehouse, source_id, years=options.years, classification=chosen)
    when = membership_year(options.year)
    s = group_members(warehouse, south, year=when)
    groups = resolve_groups(warehouse, list(blocs), year=when) if blocs else []
    countries = warehouse.query("SELECT iso3 FROM country")["iso3"].tolist()
    coverage = _coverage(warehouse, frame, options.year, s.entity, s.members, countries)
    codes = classification_codes(warehouse, chosen)
    with_pci = chosen == "HS92" and warehouse.loaded("atlas-product-year-pci")
    pci = atlas_pci(warehouse, options.year) if with_pci else None
    result = substitution_potential(
        frame,
        s.members,
        options,
        blocs={g.entity: g.members for g in groups},
        countries=countries,
        product_codes=codes,
        pci=pci,
        engine=engine,
        spark_session=spark_session,
        matrix_steps=matrix_steps,
        sources=(warehouse.provenance(source_id),),
    )
    extra = [
        f"flows: {source_id}, classification {chosen}",
        f"Global South: {s.entity} ({s.name}) on 31 Dec {when}",
        *_coverage_notes(coverage),
    ]
    extra += [g.note for g in (s, *groups) if g.note]
    if codes is None:
        extra.append(f"product codes not checked (no {chosen} code list in the warehouse)")
    if pci is not None:
        extra.append(
            "PCI: Atlas of Economic Complexity (HS92 headings; HS6 codes use their heading), "
            "computed by the Growth Lab on the countries it ranks (population ≥ "
            f"{MIN_POPULATION / 1e6:g} million, exports ≥ US${MIN_EXPORTS_USD / 1e9:g} "
            "billion, reliable data), not on these flows"
        )
    return replace(
        result,
        notes=(*result.notes, *extra),
        coverage=tuple(c.as_dict() for c in coverage),
    )


def _coverage(
    warehouse: Warehouse,
    frame: pd.DataFrame,
    year: int,
    south: str,
    members: Sequence[str],
    countries: Sequence[str],
) -> tuple[GroupCoverage, ...]:
    """Coverage of the South (the suppliers) and of every country (all supply, the North
    included) by the flows of ``year``; refuses when no Southern member exports in them."""
    rows = frame[
        (frame["year"] == year) & (frame["exporter"] != frame["importer"]) & (frame["value"] > 0)
    ]
    exports = rows.groupby("exporter")["value"].sum().astype(float)
    reference, population = coverage_weights(warehouse, year)
    found = tuple(
        group_coverage(label, year, group, exports, reference=reference, population=population)
        for label, group in ((south, members), ("world", countries))
    )
    if not found[0].with_data:
        raise InputError(
            f"none of the {found[0].members} members of {south} exports in these flows "
            f"({year}): there is no Southern supplier to substitute with",
            hint="choose flows holding their exports (e.g. `southsouth data sync baci "
            "--classification HS92`) or another --south definition",
        )
    return found


def _coverage_notes(coverage: Sequence[GroupCoverage]) -> list[str]:
    notes = [c.note() for c in coverage]
    short = [c.group for c in coverage if c.status != "complete"]
    if short:
        notes.insert(
            0,
            "PROVISIONAL: the flows do not fully cover "
            + " and ".join(short)
            + " (see their coverage): imports from the North and Southern supply are those of "
            "the exporters in the flows only",
        )
    return [*notes, RULE]
