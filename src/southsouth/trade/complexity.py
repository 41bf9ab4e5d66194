"""Economic complexity for one year or a panel: ECI, PCI, density, distance, COI, COG.

methods §6. For each year the long table (year, country, product, value) becomes a
country × product matrix; countries and products with no exports that year are left out of
it (reported). Then RCA (and RPOP), presence M_cp, diversity and ubiquity; ECI/PCI; proximity,
density, distance, COI and COG.

ECI/PCI (``method="eigen"``): K_p is the eigenvector of M̃^P = D_p⁻¹ Mᵀ D_c⁻¹ M for the
second-largest eigenvalue, K_c = D_c⁻¹ M K_p. It is computed from the symmetric matrix
D^{-1/2} M D⁻¹ Mᵀ D^{-1/2} of the smaller side (countries or products), which has the same
eigenvalues; the sign makes corr(K_c, diversity) > 0. ``method="reflections"`` runs the method
of reflections for an even number of steps (k_p,N = (M̃^P)^{N/2} k_p,0) with the constant
component removed at each step (which changes nothing after normalisation but keeps the
numbers in range), then K_c = D_c⁻¹ M K_p; it converges to the eigen solution.

Normalisation (ddof = 0, the population standard deviation, as py-ecomplexity and Stata):
ECI = (K_c − μ(K_c)) / σ(K_c); PCI = (K_p − μ(K_c)) / σ(K_c) under ``growthlab`` (then ECI_c
is the mean PCI of the products c exports with M_cp = 1) or (K_p − μ(K_p)) / σ(K_p) under
``self``. Countries with diversity 0 and products with ubiquity 0 are left out of the
eigen-problem and get NaN. The raw K_c and K_p (K_p with unit Euclidean norm, sign applied) are
reported too.

COI and COG use the PCI as normalised (``cog_method="atlas_book"``) or, as the Growth Lab code
does, K_p / σ(K_c) (``"growthlab_code"``; = PCI + μ(K_c)/σ(K_c) under ``growthlab``); COI is
then z-scored across countries (ddof = 0). Proximity keeps a zero diagonal unless
``keep_diagonal`` (py-ecomplexity keeps 1).

Errors: an empty table, a year with fewer than 2 countries or products, a country–product
network in several pieces, a zero or repeated second eigenvalue, or a sign that diversity
cannot fix raise :class:`~southsouth.errors.DegenerateMatrix`, never NaNs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import linalg, sparse
from scipy.sparse import csgraph
from scipy.sparse.linalg import ArpackNoConvergence, eigsh
from threadpoolctl import threadpool_limits

from southsouth.errors import DegenerateMatrix, InputError
from southsouth.jsonable import records
from southsouth.trade.proximity import (
    COG_METHODS,
    PROXIMITY_METHODS,
    CogMethod,
    ProximityMethod,
    density,
    distance,
    outlook_gain,
    outlook_index,
    proximity,
)
from southsouth.trade.rca import PRESENCE_RULES, PresenceRule, presence, rca, rpop
from southsouth.trade.screening import EXAMPLES, Flows, InputReport, Issue, screen_flows

EciMethod = Literal["eigen", "reflections"]
Presence = np.ndarray | sparse.sparray | sparse.spmatrix
PciNormalisation = Literal["growthlab", "self"]
#: Standard deviations are population (ddof = 0) ones, as in py-ecomplexity and Stata.
DDOF = 0
#: Eigenvalues closer than this are treated as equal (they lie in [0, 1]).
EIGEN_TOLERANCE = 1e-10
#: From this many rows on the smaller side the eigen-problem uses Lanczos (ARPACK), falling
#: back to LAPACK (up to DENSE_EIGEN_LIMIT rows) if it does not converge.
LANCZOS_FROM = 64
DENSE_EIGEN_LIMIT = 5000
CROSS_YEAR_NOTE = (
    "ECI, PCI and COI are z-scores within each year: compare years by rank, not by level."
)


@dataclass(frozen=True)
class ComplexityOptions:
    """Choices of a complexity computation (defaults: Growth Lab definitions, zero diagonal)."""

    threshold: float = 1.0
    presence: PresenceRule = "rca"
    rpop_threshold: float = 1.0
    method: EciMethod = "eigen"
    iterations: int = 20
    pci_normalisation: PciNormalisation = "growthlab"
    proximity: ProximityMethod = "min"
    keep_diagonal: bool = False
    knn: int | None = None
    cog_method: CogMethod = "atlas_book"

    def __post_init__(self) -> None:
        choices: dict[str, tuple[object, Sequence[str]]] = {
            "presence": (self.presence, PRESENCE_RULES),
            "method": (self.method, ("eigen", "reflections")),
            "pci_normalisation": (self.pci_normalisation, ("growthlab", "self")),
            "proximity": (self.proximity, PROXIMITY_METHODS),
            "cog_method": (self.cog_method, COG_METHODS),
        }
        for name, (value, allowed) in choices.items():
            if value not in allowed:
                raise InputError(
                    f"unknown {name} {value!r}", hint=f"use one of {', '.join(allowed)}"
                )
        if not (self.threshold > 0 and self.rpop_threshold > 0):
            raise InputError("presence thresholds must be positive", hint="the usual θ is 1")
        if self.iterations < 2 or self.iterations % 2:
            raise InputError(
                f"reflections need an even number of iterations ≥ 2, not {self.iterations}",
                hint="20 is usual",
            )
        if self.knn is not None and self.knn < 1:
            raise InputError(f"knn must be ≥ 1, not {self.knn}", hint="or None for all products")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (plus the ddof used)."""
        return asdict(self) | {"ddof": DDOF}


@dataclass(frozen=True)
class EciPci:
    """ECI/PCI of one matrix, with the eigen-diagnostics."""

    eci: np.ndarray
    pci: np.ndarray
    eci_raw: np.ndarray
    pci_raw: np.ndarray
    eigenvalues: tuple[float, float, float]
    sign: int
    corr_diversity: float
    raw_mean: float
    raw_sd: float
    method: str
    residual: float

    @property
    def eigen_gap(self) -> float:
        """λ2 / λ1 (the second eigenvalue relative to the first, which is 1)."""
        return self.eigenvalues[1] / self.eigenvalues[0]


def _labelled(labels: Sequence[str] | None, index: np.ndarray, n: int = 3) -> str:
    picked = [str(labels[i]) if labels is not None else f"#{i}" for i in index[:n]]
    return ", ".join(picked) + (" …" if len(index) > n else "")


def _check_connected(
    m: Presence, countries: Sequence[str] | None, products: Sequence[str] | None
) -> None:
    n_c = m.shape[0]
    graph = sparse.bmat([[None, sparse.csr_matrix(m)], [sparse.csr_matrix(m.T), None]])
    pieces, label = csgraph.connected_components(graph, directed=False)
    if pieces > 1:
        sizes = np.bincount(label)
        small = int(np.argmin(sizes))
        in_small = np.flatnonzero(label == small)
        c_idx = in_small[in_small < n_c]
        p_idx = in_small[in_small >= n_c] - n_c
        raise DegenerateMatrix(
            f"the country–product network falls apart into {pieces} pieces (e.g. "
            f"{_labelled(countries, c_idx)} with products {_labelled(products, p_idx)} "
            "share no product with the others): ECI is not defined",
            hint="analyse each piece separately or lower the presence threshold",
        )


def _second_eigen(m: Presence, kc: np.ndarray, kp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The three largest eigenvalues of M̃ and K_p (eigenvector of M̃^P for λ2)."""
    by_country = m.shape[0] <= m.shape[1]
    inner, outer = (kp, kc) if by_country else (kc, kp)
    side = m if by_country else m.T
    if sparse.issparse(side):
        scaled = (
            sparse.diags_array(1 / np.sqrt(outer)) @ side @ sparse.diags_array(1 / np.sqrt(inner))
        )
        sym = scaled @ scaled.T
    else:
        scaled = side / np.sqrt(outer)[:, None] / np.sqrt(inner)[None, :]
        sym = scaled @ scaled.T
    n = sym.shape[0]
    values, vectors = None, None
    if n >= LANCZOS_FROM:
        # Three pairs by Lanczos (ARPACK) from a fixed start: matrix-vector products only,
        # which stay fast when other processes keep the cores busy (LAPACK's do not).
        start = np.sqrt(outer) + np.linspace(0.0, 1.0, n)
        with contextlib.suppress(ArpackNoConvergence):
            values, vectors = eigsh(sym, k=3, which="LA", v0=start, tol=0)
    if values is None or vectors is None:
        if n > DENSE_EIGEN_LIMIT:
            raise DegenerateMatrix(
                f"the eigen-problem ({n} × {n}) did not converge",
                hint="check the matrix for near-repeated eigenvalues (see the diagnostics)",
            )
        dense = sym.toarray() if sparse.issparse(sym) else np.asarray(sym)
        values, vectors = linalg.eigh(dense, subset_by_index=[max(n - 3, 0), n - 1], driver="evx")
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    v = vectors[:, 1] / np.sqrt(outer)
    kp_vec = (m.T @ v) / kp if by_country else v
    third = np.nan if n < 3 else values[2]  # two countries (or products): no λ3
    return np.array([values[0], values[1], third]), np.asarray(kp_vec)


def _reflections(
    m: Presence, kc: np.ndarray, kp: np.ndarray, steps: int
) -> tuple[np.ndarray, float]:
    """k_p after ``steps`` reflections (even), constant part removed; and the last change."""
    x = kp.astype(float)
    weights = kp / kp.sum()
    change = np.nan
    for _ in range(steps // 2):
        y = (m.T @ ((m @ x) / kc)) / kp
        y = y - weights @ y
        y = y / np.linalg.norm(y)
        change = float(min(np.abs(y - x).max(), np.abs(y + x).max()))
        x = y
    return x, change


def eci_pci(
    mcp: Presence,
    *,
    method: EciMethod = "eigen",
    iterations: int = 20,
    pci_normalisation: PciNormalisation = "growthlab",
    countries: Sequence[str] | None = None,
    products: Sequence[str] | None = None,
) -> EciPci:
    """ECI and PCI of a 0/1 country × product matrix (see the module docstring).

    ``mcp`` may be a SciPy sparse matrix (the eigen-problem is then built sparse and solved
    with ARPACK above 2,000 rows). Rows with diversity 0 and columns with ubiquity 0 get NaN.
    ``countries``/``products`` only name rows and columns in error messages. DegenerateMatrix
    when undefined.
    """
    m_all = (
        sparse.csr_array(mcp, dtype=float) if sparse.issparse(mcp) else np.asarray(mcp, dtype=float)
    )
    if m_all.ndim != 2 or 0 in m_all.shape:
        raise DegenerateMatrix("the country × product matrix is empty", hint="check the input")
    kc_all = np.asarray(m_all.sum(axis=1)).ravel()
    kp_all = np.asarray(m_all.sum(axis=0)).ravel()
    rows, cols = kc_all > 0, kp_all > 0
    if rows.sum() < 2 or cols.sum() < 2:
        raise DegenerateMatrix(
            f"{int(rows.sum())} countries and {int(cols.sum())} products have M_cp = 1 "
            "somewhere; ECI needs at least 2 of each",
            hint="use more countries or products, or a lower presence threshold",
        )
    m = m_all[np.flatnonzero(rows)][:, np.flatnonzero(cols)]
    kc, kp = kc_all[rows], kp_all[cols]
    sub_countries = None if countries is None else [countries[i] for i in np.flatnonzero(rows)]
    sub_products = None if products is None else [products[i] for i in np.flatnonzero(cols)]
    _check_connected(m, sub_countries, sub_products)
    eigenvalues, kp_vec = _second_eigen(m, kc, kp)
    lam1, lam2, lam3 = (float(v) for v in eigenvalues)
    if lam2 < EIGEN_TOLERANCE:
        raise DegenerateMatrix(
            f"the second eigenvalue is zero ({lam2:.2g}): the countries' export baskets carry "
            "no ranking (e.g. every country exports the same products)",
            hint="ECI needs countries that differ in what they export",
        )
    if np.isfinite(lam3) and lam2 - lam3 < EIGEN_TOLERANCE:
        raise DegenerateMatrix(
            f"the second eigenvalue ({lam2:.6g}) is repeated: ECI is not unique",
            hint="the matrix is too symmetric for a ranking; add countries or products",
        )
    residual = 0.0
    if method == "reflections":
        kp_vec, residual = _reflections(m, kc, kp, iterations)
    elif method != "eigen":
        raise InputError(f"unknown ECI method {method!r}", hint="use eigen or reflections")
    kp_vec = kp_vec / np.linalg.norm(kp_vec)
    kc_vec = (m @ kp_vec) / kc
    if np.ptp(kc) == 0:
        raise DegenerateMatrix(
            "every country has the same diversity, so the sign of ECI is undetermined",
            hint="the sign of ECI is fixed by its correlation with diversity",
        )
    corr = float(np.corrcoef(kc, kc_vec)[0, 1])
    if not np.isfinite(corr) or abs(corr) < EIGEN_TOLERANCE:
        raise DegenerateMatrix(
            "ECI is uncorrelated with diversity, so its sign is undetermined",
            hint="the sign of ECI is fixed by its correlation with diversity",
        )
    sign = 1 if corr > 0 else -1
    kc_vec, kp_vec = sign * kc_vec, sign * kp_vec
    mu, sd = float(kc_vec.mean()), float(kc_vec.std(ddof=DDOF))
    eci = (kc_vec - mu) / sd
    if pci_normalisation == "growthlab":
        pci = (kp_vec - mu) / sd
    elif pci_normalisation == "self":
        pci = (kp_vec - kp_vec.mean()) / kp_vec.std(ddof=DDOF)
    else:
        raise InputError(
            f"unknown PCI normalisation {pci_normalisation!r}", hint="use growthlab or self"
        )

    def spread(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
        out = np.full(mask.shape, np.nan)
        out[mask] = values
        return out

    return EciPci(
        eci=spread(eci, rows),
        pci=spread(pci, cols),
        eci_raw=spread(kc_vec, rows),
        pci_raw=spread(kp_vec, cols),
        eigenvalues=(lam1, lam2, lam3),
        sign=sign,
        corr_diversity=abs(corr),
        raw_mean=mu,
        raw_sd=sd,
        method=method,
        residual=residual,
    )


def _zscore(values: np.ndarray) -> np.ndarray:
    ok = np.isfinite(values)
    out = np.full(values.shape, np.nan)
    if ok.sum() > 1 and values[ok].std(ddof=DDOF) > 0:
        out[ok] = (values[ok] - values[ok].mean()) / values[ok].std(ddof=DDOF)
    return out


@dataclass(frozen=True)
class YearComplexity:
    """Every array of one year (rows: the year's countries, columns: its products)."""

    values: np.ndarray
    rca: np.ndarray
    rpop: np.ndarray | None
    mcp: np.ndarray
    eci: EciPci
    proximity: np.ndarray
    density: np.ndarray
    coi: np.ndarray
    cog: np.ndarray


def complexity_arrays(
    values: np.ndarray,
    options: ComplexityOptions,
    *,
    population: np.ndarray | None = None,
    countries: Sequence[str] | None = None,
    products: Sequence[str] | None = None,
) -> YearComplexity:
    """One year's complexity from a country × product matrix without all-zero rows or columns."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise DegenerateMatrix("the country × product matrix is empty", hint="check the input")
    rca_m = rca(x)
    rpop_m = None
    if options.presence != "rca":
        if population is None:
            raise InputError(f"presence rule {options.presence!r} needs population")
        rpop_m = rpop(x, population)
    mcp = presence(
        rca_m,
        options.threshold,
        rpop_matrix=rpop_m,
        rpop_threshold=options.rpop_threshold,
        rule=options.presence,
    )
    ep = eci_pci(
        mcp,
        method=options.method,
        iterations=options.iterations,
        pci_normalisation=options.pci_normalisation,
        countries=countries,
        products=products,
    )
    phi = proximity(mcp, method=options.proximity, rca=rca_m, diagonal=options.keep_diagonal)
    omega = density(mcp, phi, knn=options.knn)
    outlook_pci = ep.pci if options.cog_method == "atlas_book" else ep.pci_raw / ep.raw_sd
    coi = _zscore(outlook_index(omega, mcp, outlook_pci))
    cog = outlook_gain(mcp, phi, outlook_pci, omega, method=options.cog_method)
    return YearComplexity(x, rca_m, rpop_m, mcp, ep, phi, omega, coi, cog)


@dataclass(frozen=True)
class ComplexityResult:
    """Complexity of one year or a panel.

    ``countries``: year, country, exports, diversity, eci, eci_rank, eci_raw, coi;
    ``products``: year, product, exports, ubiquity, pci, pci_rank, pci_raw;
    ``cells``: year, country, product, value, rca, [rpop], mcp, density, distance, cog (every
    cell of each year's rectangular matrix); ``diagnostics``: one row per year (sizes,
    λ1–λ3, eigen gap λ2/λ1, the sign applied to the solver's vector, corr(ECI, diversity) > 0
    by construction and corr(PCI, ubiquity), expected negative; raw moments); ``report``:
    rows excluded and why; ``country_set``: which countries were ranked (the Atlas inclusion
    rule or every country, :mod:`southsouth.trade.country_set`), when the caller applied one.
    """

    countries: pd.DataFrame
    products: pd.DataFrame
    cells: pd.DataFrame
    diagnostics: pd.DataFrame
    report: InputReport
    options: ComplexityOptions
    provenance: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    country_set: Mapping[str, Any] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """Years computed."""
        return [int(y) for y in self.diagnostics["year"]]

    def as_dict(self, *, cells: bool = False) -> dict[str, Any]:
        """JSON-ready: options, provenance, notes, country set, report, diagnostics, countries,
        products (and every cell when ``cells``)."""
        out: dict[str, Any] = {
            "options": self.options.as_dict(),
            "provenance": dict(self.provenance),
            "notes": list(self.notes),
            "country_set": dict(self.country_set),
            "report": self.report.as_dict(),
            "diagnostics": records(self.diagnostics),
            "countries": records(self.countries),
            "products": records(self.products),
        }
        if cells:
            out["cells"] = records(self.cells)
        return out


def _population_lookup(
    population: pd.DataFrame | None, flows: Flows
) -> dict[int, dict[str, float]] | None:
    if population is None:
        return None
    missing = {"country", "population"} - set(population.columns)
    if missing:
        raise InputError(
            f"the population table lacks {', '.join(sorted(missing))}",
            hint="give columns country, population and optionally year",
        )
    pop = population[np.isfinite(population["population"]) & (population["population"] > 0)]
    years = sorted(set(flows.year.tolist()))
    if "year" not in pop.columns:
        one = dict(zip(pop["country"], pop["population"].astype(float), strict=True))
        return dict.fromkeys(years, one)
    return {
        int(y): dict(zip(g["country"], g["population"].astype(float), strict=True))
        for y, g in pop.groupby("year")
    }


def _rank(values: np.ndarray) -> np.ndarray:
    return pd.Series(-values).rank(method="min").to_numpy()


def complexity(
    table: pd.DataFrame,
    options: ComplexityOptions | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    population: pd.DataFrame | None = None,
    known_countries: Collection[str] | None = None,
    known_products: Collection[str] | None = None,
    provenance: Mapping[str, str] | None = None,
    upstream: InputReport | None = None,
    notes: Sequence[str] = (),
) -> ComplexityResult:
    """Complexity of every year in a long table (year, country, product, value).

    Bad rows are screened out by :func:`southsouth.trade.screening.screen_flows` (reported);
    ``population`` (country, population[, year]) is needed for the ``rpop`` and ``both``
    presence rules, and countries without it are left out of those years (reported).
    ``upstream`` is the report of an earlier step (e.g. the warehouse reader), kept in front.
    """
    options = options or ComplexityOptions()
    flows = screen_flows(
        table, columns=columns, known_countries=known_countries, known_products=known_products
    )
    if flows.value.size == 0:
        raise DegenerateMatrix(
            "no usable rows: the table is empty or every row was excluded",
            hint="see the screening report for why rows were excluded",
        )
    pops = _population_lookup(population, flows) if options.presence != "rca" else None
    if options.presence != "rca" and pops is None:
        raise InputError(
            f"presence rule {options.presence!r} needs population",
            hint="pass population=DataFrame(country, population[, year])",
        )
    country_labels = flows.countries.to_numpy()
    product_labels = flows.products.to_numpy()
    n_c, n_p = len(country_labels), len(product_labels)
    issues: list[Issue] = []
    country_parts: list[dict[str, np.ndarray]] = []
    product_parts: list[dict[str, np.ndarray]] = []
    diag_rows: list[dict[str, Any]] = []
    tasks: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, Any]] = []
    for year in sorted(set(flows.year.tolist())):
        rows = flows.year == year
        c_of, p_of = flows.country[rows], flows.product[rows]
        grid = np.zeros((n_c, n_p))
        grid[c_of, p_of] = flows.value[rows]
        c_keep = grid.sum(axis=1) > 0
        p_keep = grid.sum(axis=0) > 0
        listed_c = np.bincount(c_of, minlength=n_c) > 0
        listed_p = np.bincount(p_of, minlength=n_p) > 0
        pop_vec = None
        if pops is not None:
            known = pops.get(year, {})
            pop_vec = np.array([known.get(str(c), np.nan) for c in country_labels])
        for kind, description, drop, codes, labels in (
            (
                "zero-exports-country",
                "countries whose exports sum to zero",
                listed_c & ~c_keep,
                c_of,
                country_labels,
            ),
            (
                "zero-exports-product",
                "products nobody exports",
                listed_p & ~p_keep,
                p_of,
                product_labels,
            ),
            (
                "no-population",
                "countries without population (RPOP needs it)",
                c_keep & ~np.isfinite(pop_vec) if pop_vec is not None else np.zeros(n_c, bool),
                c_of,
                country_labels,
            ),
        ):
            if drop.any():
                names = tuple(f"{year} {labels[i]}" for i in np.flatnonzero(drop)[:EXAMPLES])
                issues.append(
                    Issue(
                        kind,
                        "left out of the year's matrix",
                        f"{description} in {year}",
                        int(drop[codes].sum()),
                        names,
                    )
                )
        if pop_vec is not None:
            c_keep &= np.isfinite(pop_vec)
        c_idx, p_idx = np.flatnonzero(c_keep), np.flatnonzero(p_keep)
        if c_idx.size < 2 or p_idx.size < 2:
            raise DegenerateMatrix(
                f"in {year}, {c_idx.size} countries × {p_idx.size} products have exports; "
                "complexity needs at least 2 of each",
                hint="use a table with more countries and products",
            )
        tasks.append((year, c_idx, p_idx, grid[np.ix_(c_idx, p_idx)], pop_vec))

    def one_year(task: tuple[int, np.ndarray, np.ndarray, np.ndarray, Any]) -> YearComplexity:
        year, c_idx, p_idx, x, pop_vec = task
        try:
            return complexity_arrays(
                x,
                options,
                population=None if pop_vec is None else pop_vec[c_idx],
                countries=list(country_labels[c_idx]),
                products=list(product_labels[p_idx]),
            )
        except DegenerateMatrix as exc:
            raise DegenerateMatrix(f"in {year}, {exc.message}", hint=exc.hint) from exc

    starts = np.concatenate(([0], np.cumsum([t[1].size * t[2].size for t in tasks])))
    cells_out = _Cells.allocate(int(starts[-1]), with_rpop=options.presence != "rca")

    def year_and_cells(n: int) -> YearComplexity:
        year, c_idx, p_idx, _, _ = tasks[n]
        yc = one_year(tasks[n])
        cells_out.fill(int(starts[n]), year, c_idx, p_idx, yc)
        return yc

    # Years are independent and NumPy/BLAS release the GIL: one thread per core, each with a
    # single-threaded BLAS (nested BLAS threads would fight over the same cores).
    workers = min(len(tasks), os.cpu_count() or 1)
    with (
        threadpool_limits(1 if workers > 1 else None),
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        computed = list(pool.map(year_and_cells, range(len(tasks))))
    for (year, c_idx, p_idx, _, _), yc in zip(tasks, computed, strict=True):
        country_parts.append(_country_frame(year, c_idx, yc))
        product_parts.append(_product_frame(year, p_idx, yc))
        diag_rows.append(_diagnostics(year, yc, options))
    left_out = sum(issue.rows for issue in issues)
    report = InputReport(
        flows.report.rows_in, flows.report.rows_used - left_out, flows.report.issues + tuple(issues)
    )
    if upstream is not None:
        report = upstream.then(report)
    countries = _frame(country_parts, country=country_labels)
    products = _frame(product_parts, product=product_labels)
    cells = cells_out.frame(country_labels, product_labels)
    return ComplexityResult(
        countries=countries,
        products=products,
        cells=cells,
        diagnostics=pd.DataFrame(diag_rows),
        report=report,
        options=options,
        provenance=dict(provenance or {}),
        notes=(*notes, CROSS_YEAR_NOTE),
    )


def _frame(parts: list[dict[str, np.ndarray]], **labels: np.ndarray) -> pd.DataFrame:
    """One DataFrame from per-year column arrays; code columns become categoricals."""
    columns = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    for name, names in labels.items():
        columns[name] = pd.Categorical.from_codes(columns[name], categories=names)
    return pd.DataFrame(columns)


def _country_frame(year: int, c_idx: np.ndarray, yc: YearComplexity) -> dict[str, np.ndarray]:
    return {
        "year": np.full(c_idx.size, year),
        "country": c_idx,
        "exports": yc.values.sum(axis=1),
        "diversity": yc.mcp.sum(axis=1),
        "eci": yc.eci.eci,
        "eci_rank": _rank(yc.eci.eci),
        "eci_raw": yc.eci.eci_raw,
        "coi": yc.coi,
    }


def _product_frame(year: int, p_idx: np.ndarray, yc: YearComplexity) -> dict[str, np.ndarray]:
    return {
        "year": np.full(p_idx.size, year),
        "product": p_idx,
        "exports": yc.values.sum(axis=0),
        "ubiquity": yc.mcp.sum(axis=0),
        "pci": yc.eci.pci,
        "pci_rank": _rank(yc.eci.pci),
        "pci_raw": yc.eci.pci_raw,
    }


@dataclass
class _Cells:
    """Preallocated columns of the long cell table; years fill their own slices."""

    names: list[str]
    block: np.ndarray
    year: np.ndarray
    country: np.ndarray
    product: np.ndarray
    mcp: np.ndarray

    @classmethod
    def allocate(cls, total: int, *, with_rpop: bool) -> _Cells:
        names = ["value", "rca", *(["rpop"] if with_rpop else []), "density", "distance", "cog"]
        return cls(
            names,
            np.empty((len(names), total)),
            np.empty(total, dtype=np.int32),
            np.empty(total, dtype=np.int32),
            np.empty(total, dtype=np.int32),
            np.empty(total, dtype=np.int8),
        )

    def fill(self, start: int, year: int, c_idx: np.ndarray, p_idx: np.ndarray, yc: Any) -> None:
        """Write one year's cells at ``start`` (row-major: country, then product)."""
        end = start + c_idx.size * p_idx.size
        arrays = [yc.values, yc.rca, *([yc.rpop] if yc.rpop is not None else []), yc.density]
        for row, array in enumerate(arrays):
            self.block[row, start:end] = array.ravel()
        self.block[len(arrays), start:end] = distance(yc.density).ravel()
        self.block[len(arrays) + 1, start:end] = yc.cog.ravel()
        self.year[start:end] = year
        self.country[start:end] = np.repeat(c_idx, p_idx.size)
        self.product[start:end] = np.tile(p_idx, c_idx.size)
        self.mcp[start:end] = yc.mcp.ravel()

    def frame(self, countries: np.ndarray, products: np.ndarray) -> pd.DataFrame:
        """The long table with categorical country and product columns."""
        columns: dict[str, Any] = {
            "year": self.year,
            "country": pd.Categorical.from_codes(self.country, categories=countries),
            "product": pd.Categorical.from_codes(self.product, categories=products),
        }
        for row, name in enumerate(self.names):
            columns[name] = self.block[row]
            if name == "density":
                columns["mcp"] = self.mcp
        return pd.DataFrame(columns, copy=False)


def _diagnostics(year: int, yc: YearComplexity, options: ComplexityOptions) -> dict[str, Any]:
    ep = yc.eci
    diversity, ubiquity = yc.mcp.sum(axis=1), yc.mcp.sum(axis=0)
    usable = np.isfinite(ep.pci)
    return {
        "year": year,
        "countries": yc.values.shape[0],
        "products": yc.values.shape[1],
        "countries_zero_diversity": int((diversity == 0).sum()),
        "products_zero_ubiquity": int((ubiquity == 0).sum()),
        "mcp_share": float(yc.mcp.mean()),
        "lambda_1": ep.eigenvalues[0],
        "lambda_2": ep.eigenvalues[1],
        "lambda_3": ep.eigenvalues[2],
        "eigen_gap": ep.eigen_gap,
        "sign": ep.sign,
        "corr_eci_diversity": ep.corr_diversity,
        "corr_pci_ubiquity": float(np.corrcoef(ep.pci[usable], ubiquity[usable])[0, 1]),
        "eci_raw_mean": ep.raw_mean,
        "eci_raw_sd": ep.raw_sd,
        "method": ep.method,
        "iterations": options.iterations if ep.method == "reflections" else None,
        "last_change": ep.residual if ep.method == "reflections" else None,
    }


def complexity_from_matrix(
    matrix: pd.DataFrame, options: ComplexityOptions | None = None, *, year: int = 0
) -> ComplexityResult:
    """Complexity of one country × product DataFrame (index countries, columns products)."""
    long = matrix.rename_axis(index="country", columns="product").stack().rename("value")
    table = long.reset_index().assign(year=year)
    return complexity(table, options)
