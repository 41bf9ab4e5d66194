"""Trade links between countries: complementarity, intensity and the missing-link flag.

For exporter i, importer j and product k, with X_ijk the flows given (the "world" is every
flow in the input, nothing else: on the intra-African table, world totals are intra-African
totals), X_ik = Σ_j X_ijk, X_i = Σ_k X_ik, M_jk = Σ_i X_ijk, M_j = Σ_k M_jk, M_w = Σ_j M_j,
X_ij = Σ_k X_ijk (methods §7, "missing-link route detector"):

* trade complementarity TC_ij = 100·(1 − ½ Σ_k |m_jk − x_ik|), m_jk = M_jk/M_j,
  x_ik = X_ik/X_i: 100 when i's export mix equals j's import mix, 0 when they share nothing;
* trade intensity, ``tii_variant="methods"`` (default): TII_ij = (X_ij/X_i) / (M_j/(M_w − M_i)),
  j's share of the imports of the world without i (i cannot export to itself);
  ``"wits"``: TII_ij = (X_ij/X_i) / (M_j/M_w), the World Bank WITS definition
  (x_ij/X_it)/(x_wj/X_wt) with world exports to j = M_j and world exports X_wt = M_w.
  TII > 1: i sells more to j than j's weight in world imports;
* missing link: TC_ij ≥ the ``quantile`` (default 0.75, NumPy linear interpolation) of TC over
  the pairs considered, and TII_ij < 1, and — when bilateral ease B_ij from the substitution
  results is given — B_ij < 1. A pair otherwise flagged whose ease is unknown is flagged NA.
  METHODS also sizes a flagged pair by Σ_k (V_jk(λ=0) − V_jk(λ=1)): that gain belongs to the
  substitution results (:mod:`southsouth.trade.substitution`) and is not computed here.

Pairs considered: every ordered (i, j), i ≠ j, with X_i > 0 and M_j > 0 (both restricted to
``among`` when given). A flow absent from the input is a zero flow, as in BACI (one row per
non-zero flow); this holds only if the input is a complete matrix among its countries, so
the share of countries that appear both as exporter and importer ("closure") must be at least
90 % unless ``require_closed=False`` (an extract of a few exporters, such as the mirror's
AFG/ZAF BACI file, holds no country's imports).

Bad rows are screened by :func:`~southsouth.trade.bilateral_flows.prepare_flows` (the
bilateral rule of :mod:`southsouth.trade.screening`, shared with the substitution potential):
``missing-value`` (a key or the value empty, NaN or infinite: missing is not zero),
``duplicate-key`` (several rows share year, exporter, importer, product: all excluded),
``negative-value``, ``domestic-flow``, ``unknown-country``, ``unknown-product``; ``zero-value``
rows carry no trade and are dropped (reported, not an error).

Engines: a pandas DataFrame is checked and aggregated with pandas; an Ibis table is checked
and aggregated by its own backend (DuckDB or PySpark), only the aggregates (pairs,
exporter × product, importer × product) come back as pandas. Warehouse data is aggregated in
DuckDB SQL by :func:`~southsouth.trade.warehouse_inputs.warehouse_flows` (it was checked when
loaded). The TC matrix is NumPy.

Modules: flows in :mod:`~southsouth.trade.bilateral_flows`, TC and TII in
:mod:`~southsouth.trade.intensity`, bloc and region summaries in
:mod:`~southsouth.trade.link_summaries`, warehouse readers in
:mod:`~southsouth.trade.warehouse_inputs`; this module flags the pairs.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.jsonable import records
from southsouth.registry.groups import resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.trade.bilateral_flows import (
    ALIASES,
    MIN_CLOSURE,
    RULES,
    PreparedFlows,
    prepare_flows,
)
from southsouth.trade.intensity import (
    TC_FORMULA,
    TII_VARIANTS,
    TiiVariant,
    check_link_options,
    complementarity,
    ease_table,
    trade_intensity,
)
from southsouth.trade.link_summaries import (
    NO_REGION,
    REGION_COLUMNS,
    SUMMARY_STATS,
    bloc_summary,
    region_summary,
)
from southsouth.trade.screening import EXAMPLES, ON_BAD, InputReport, OnBad
from southsouth.trade.screening import FLOW_COLUMNS as COLUMNS
from southsouth.trade.screening import FLOW_KEY as KEY
from southsouth.trade.warehouse_inputs import (
    REGION_LEVELS,
    RegionLevel,
    country_regions,
    trade_flow_sources,
    warehouse_flows,
)

if TYPE_CHECKING:
    from southsouth.warehouse.store import Warehouse

__all__ = [
    "ALIASES",
    "COLUMNS",
    "DEFAULT_BLOCS",
    "EXAMPLES",
    "KEY",
    "MIN_CLOSURE",
    "NO_REGION",
    "ON_BAD",
    "PAIR_COLUMNS",
    "REGION_LEVELS",
    "RULES",
    "SUMMARY_STATS",
    "TII_VARIANTS",
    "LinksResult",
    "OnBad",
    "PreparedFlows",
    "RegionLevel",
    "TiiVariant",
    "complementarity",
    "country_regions",
    "prepare_flows",
    "trade_flow_sources",
    "trade_links",
    "trade_links_for",
    "warehouse_flows",
]

#: Blocs summarised when the caller names none (those with ≥ 2 members in the flows).
DEFAULT_BLOCS = (
    "AU",
    "ECOWAS",
    "SADC",
    "EAC",
    "LAS",
    "ASEAN",
    "SAARC",
    "GCC",
    "MERCOSUR",
    "CELAC",
    "SCO",
    "BRICS",
)
PAIR_COLUMNS = [
    "year",
    "exporter",
    "importer",
    "exporter_region",
    "importer_region",
    "tc",
    "tii",
    "ease",
    "missing_link",
    "flow",
    "reverse_flow",
    "exporter_exports",
    "importer_imports",
]


@dataclass(frozen=True, eq=False)
class LinksResult:
    """Complementarity, intensity and missing-link flags by pair, with bloc and region summaries.

    ``pairs``: one row per ordered pair considered (columns ``PAIR_COLUMNS``); ``blocs``: per
    bloc and scope (intra, outward, inward) counts and medians; ``regions``: per exporter ×
    importer region; ``report``: input rows screened out, by rule.
    """

    pairs: pd.DataFrame
    blocs: pd.DataFrame
    regions: pd.DataFrame
    report: InputReport
    options: dict[str, Any]
    notes: tuple[str, ...]
    provenance: dict[str, str] = field(default_factory=dict)

    def missing_links(self) -> pd.DataFrame:
        """The flagged pairs, highest complementarity first."""
        flagged = self.pairs["missing_link"].fillna(False).astype(bool)
        return (
            self.pairs[flagged]
            .sort_values(["tc", "exporter", "importer"], ascending=[False, True, True])
            .reset_index(drop=True)
        )

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return {
            "options": dict(self.options),
            "provenance": dict(self.provenance),
            "notes": list(self.notes),
            "input": self.report.as_dict(),
            "pairs": records(self.pairs),
            "blocs": records(self.blocs),
            "regions": records(self.regions),
        }


def _with_source(frame: pd.DataFrame, provenance: Mapping[str, str]) -> pd.DataFrame:
    if "source_id" in provenance:
        return frame.assign(source_id=provenance["source_id"])
    return frame


def trade_links(
    flows: pd.DataFrame | PreparedFlows | Any,
    *,
    year: int | None = None,
    among: Collection[str] | None = None,
    blocs: Mapping[str, Collection[str]] | None = None,
    regions: Mapping[str, str] | None = None,
    ease: pd.DataFrame | None = None,
    quantile: float = 0.75,
    tii_variant: TiiVariant = "methods",
    countries: Collection[str] | None = None,
    products: Collection[str] | None = None,
    on_bad: OnBad = "exclude",
    require_closed: bool = True,
    provenance: Mapping[str, str] | None = None,
) -> LinksResult:
    """TC, TII and the missing-link flag for every ordered pair of countries in ``flows``.

    ``flows``: a DataFrame or Ibis table of (year, exporter, importer, product, value), or
    :class:`PreparedFlows`. ``among``: consider only pairs of these countries (the quantile is
    taken over them; totals stay those of all the flows). ``blocs``: id → members, summarised
    intra/outward/inward. ``regions``: ISO3 → region label for the region-pair summary.
    ``ease``: exporter, importer, ease (B_ij); when given, a flag also needs B_ij < 1.
    ``countries``/``products``/``on_bad``: see :func:`prepare_flows`. Formulas: module docstring.
    """
    check_link_options(quantile, tii_variant)
    prep = prepare_flows(flows, year=year, countries=countries, products=products, on_bad=on_bad)
    notes = list(prep.notes)
    closure = prep.closure
    if closure < MIN_CLOSURE:
        message = (
            f"only {100 * closure:.0f}% of the {len(prep.exporters | prep.importers)} countries "
            "in the flows appear both as exporter and importer: import structures and totals "
            "are built from the exporters present only"
        )
        if require_closed:
            raise InputError(
                message,
                hint="give a complete flow matrix (all exporters to all importers), or "
                "require_closed=False to compute anyway",
            )
        notes.append("WARNING: " + message)
    tc = complementarity(prep.exports, prep.imports)
    exports = prep.exports.groupby("exporter")["value"].sum()
    imports = prep.imports.groupby("importer")["value"].sum()
    pairs = tc.stack().rename("tc").reset_index()
    pairs = pairs[pairs["exporter"] != pairs["importer"]]
    if among is not None:
        wanted = set(among)
        absent = sorted(wanted - (prep.exporters | prep.importers))
        if absent:
            shown = ", ".join(absent[:10]) + (", …" if len(absent) > 10 else "")
            notes.append(
                f"{len(absent)} of the {len(wanted)} countries asked for have no flows: {shown}"
            )
        pairs = pairs[pairs["exporter"].isin(wanted) & pairs["importer"].isin(wanted)]
    if pairs.empty:
        raise InputError(
            "no pair of countries to compare",
            hint="at least two countries must export and import in the flows (and in `among`)",
        )
    flow = prep.pairs.set_index(["exporter", "importer"])["value"]
    pair_index = pd.MultiIndex.from_arrays([pairs["exporter"], pairs["importer"]])
    reverse_index = pd.MultiIndex.from_arrays([pairs["importer"], pairs["exporter"]])
    pairs["flow"] = flow.reindex(pair_index).fillna(0.0).to_numpy()
    pairs["reverse_flow"] = flow.reindex(reverse_index).fillna(0.0).to_numpy()
    pairs["exporter_exports"] = pairs["exporter"].map(exports).astype(float)
    pairs["importer_imports"] = pairs["importer"].map(imports).astype(float)
    pairs["tii"] = trade_intensity(pairs, imports, tii_variant)
    threshold = float(np.quantile(pairs["tc"].to_numpy(), quantile))
    flag = pd.Series((pairs["tc"] >= threshold) & (pairs["tii"] < 1), dtype="boolean")
    checked_ease = ease_table(ease)
    if checked_ease is not None:
        pairs = pairs.merge(checked_ease, on=["exporter", "importer"], how="left")
        flag = flag.reset_index(drop=True)
        low_ease = pd.Series(pairs["ease"] < 1, dtype="boolean").mask(pairs["ease"].isna())
        flag = flag & low_ease
        unknown = int(flag.isna().sum())
        if unknown:
            notes.append(
                f"{unknown} pairs meet the TC and TII conditions but have no bilateral ease: "
                "flag unknown (NA)"
            )
    else:
        pairs["ease"] = np.nan
    pairs = pairs.reset_index(drop=True)
    pairs["missing_link"] = flag.to_numpy()
    pairs["missing_link"] = pairs["missing_link"].astype("boolean")
    region_of = dict(regions or {})
    pairs["exporter_region"] = pairs["exporter"].map(region_of).astype(object)
    pairs["importer_region"] = pairs["importer"].map(region_of).astype(object)
    pairs["year"] = prep.year
    pairs = pairs[PAIR_COLUMNS].sort_values(["exporter", "importer"], ignore_index=True)
    present = prep.exporters | prep.importers
    region_table = (
        region_summary(pairs) if regions is not None else pd.DataFrame(columns=REGION_COLUMNS)
    )
    bloc_table = bloc_summary(pairs, blocs or {}, present)
    n_products = len(set(prep.exports["product"]) | set(prep.imports["product"]))
    notes.append(
        f"the 'world' is the flows given: {len(prep.exporters)} exporters, "
        f"{len(prep.importers)} importers, {n_products} products; shares and totals are "
        "over these flows only"
    )
    if n_products == 1:
        notes.append("one product: complementarity is 100 for every pair and says nothing")
    if regions is None:
        notes.append("no regions given: no region-pair summary")
    provenance = dict(provenance or {})
    options = {
        "year": prep.year,
        "quantile": quantile,
        "tc_threshold": threshold,
        "tii_variant": tii_variant,
        "tii_formula": TII_VARIANTS[tii_variant],
        "tc_formula": TC_FORMULA,
        "flag_rule": "TC ≥ threshold and TII < 1" + (" and B < 1" if ease is not None else ""),
        "ease_used": ease is not None,
        "among": sorted(among) if among is not None else None,
        "n_pairs": len(pairs),
        "n_missing_links": int(pairs["missing_link"].fillna(False).sum()),
        "n_exporters": len(prep.exporters),
        "n_importers": len(prep.importers),
        "n_products": n_products,
        "closure": closure,
        "rows_used": prep.report.rows_used,
        "engine": prep.engine,
    }
    return LinksResult(
        pairs=_with_source(pairs, provenance),
        blocs=_with_source(bloc_table, provenance),
        regions=_with_source(region_table, provenance),
        report=prep.report,
        options=options,
        notes=tuple(notes),
        provenance=provenance,
    )


def trade_links_for(
    warehouse: Warehouse,
    source_id: str,
    *,
    year: int | None = None,
    classification: str | None = None,
    among: str | None = None,
    blocs: Collection[str] | None = None,
    region_level: RegionLevel = "region",
    ease: pd.DataFrame | None = None,
    quantile: float = 0.75,
    tii_variant: TiiVariant = "methods",
    today: date | None = None,
) -> LinksResult:
    """:func:`trade_links` on a loaded flow dataset (e.g. ``africa-intra-trade-sections``).

    ``among``: a group (bloc id, Global South definition or ISO3 list) whose pairs alone are
    considered. ``blocs``: groups to summarise (default :data:`DEFAULT_BLOCS` with at least two
    members in the flows). Memberships on 31 December of the data year.
    """
    prep = warehouse_flows(warehouse, source_id, year=year, classification=classification)
    regions = country_regions(warehouse, region_level)
    when = membership_year(prep.year, today)
    present = prep.exporters | prep.importers
    named = list(blocs) if blocs is not None else list(DEFAULT_BLOCS)
    groups = resolve_groups(warehouse, named, year=when, today=today)
    if blocs is None:
        groups = [g for g in groups if len(set(g.members) & present) >= 2]
    chosen = None
    notes = [f"memberships on 31 Dec {when}"]
    if among is not None:
        (group,) = resolve_groups(warehouse, [among], year=when, today=today)
        chosen = group.members
        notes.append(f"pairs among {group.entity} ({group.name}) only")
    notes += [g.note for g in groups if g.note]
    result = trade_links(
        prep,
        among=chosen,
        blocs={g.entity: g.members for g in groups},
        regions=regions,
        ease=ease,
        quantile=quantile,
        tii_variant=tii_variant,
        provenance=warehouse.provenance(source_id),
    )
    names = {g.entity: g.name for g in groups}
    bloc_table = result.blocs.copy()
    bloc_table.insert(1, "name", bloc_table["bloc"].map(names))
    options = {**result.options, "source_id": source_id, "region_level": region_level}
    return LinksResult(
        pairs=result.pairs,
        blocs=bloc_table,
        regions=result.regions,
        report=result.report,
        options=options,
        notes=(*result.notes, *notes),
        provenance=result.provenance,
    )
