"""South–South share of trade, by country and by bloc, for any Global South definition.

With X_cj the flows given (one year) and S a set of countries (the Global South, e.g. G77
members, UN M49 developing, a custom list):

* export share of c = 100 · Σ_{j∈S} X_cj / Σ_j X_cj (no domestic flows: j ≠ c);
* import share of c = 100 · Σ_{i∈S} X_ic / Σ_i X_ic;
* trade share of c = 100 · (exports to S + imports from S) / (exports + imports);
* for a group G (S itself, or a bloc): the same sums over G's members, plus the intra-group
  share 100 · Σ_{i,j∈G} X_ij / Σ_{i∈G} X_i; coverage = members present / members.

A group's shares follow the coverage rule of :mod:`southsouth.trade.coverage`: withheld (NaN,
with a note saying why) when the members with flows hold less than :data:`MIN_EXPORT_COVERAGE`
(half) of the group's goods exports, or the flows carry less than half of them (value coverage
= Σ_{i∈G} X_i over the members' total exports in :data:`REFERENCE_EXPORTS`, the Open Trade
Statistics HS4 table of 2017, when loaded; population weighs the members otherwise); flagged
``provisional`` below 90 %. Every group row carries its coverage and status. Intra-African
flows, or an extract of one or two exporters, do not describe the trade of the G77.

Imports are complete only if the flows hold every exporter: with ``imports=None`` they are
computed when at least 90 % of the countries in the flows appear both as exporter and importer
(else import columns stay missing); an exporter extract such as the mirror's AFG/ZAF BACI file
gives export shares only. Totals are over the flows given: on the intra-African table every
partner is African, so shares are shares of intra-African trade.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.jsonable import records
from southsouth.registry.groups import resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.trade.bilateral_flows import MIN_CLOSURE, PreparedFlows, prepare_flows
from southsouth.trade.coverage import (
    MIN_COVERAGE,
    REFERENCE_EXPORTS,
    REFERENCE_YEAR,
    RULE,
    coverage_weights,
    group_coverage,
    reference_exports,  # noqa: F401  (the roadmap reads it from here)
)
from southsouth.trade.links import DEFAULT_BLOCS
from southsouth.trade.screening import InputReport, OnBad
from southsouth.trade.warehouse_inputs import warehouse_flows
from southsouth.warehouse.store import Warehouse

COUNTRY_COLUMNS = [
    "year",
    "iso3",
    "in_south",
    "exports",
    "exports_to_south",
    "export_share_pct",
    "imports",
    "imports_from_south",
    "import_share_pct",
    "trade_share_pct",
]
GROUP_COLUMNS = [
    "year",
    "group",
    "n_members",
    "n_exporters",
    "n_importers",
    "export_coverage_pct",
    "export_value_coverage_pct",
    "member_coverage_pct",
    "coverage_basis",
    "coverage_status",
    "exports",
    "exports_to_south",
    "export_share_pct",
    "intra_exports",
    "intra_export_share_pct",
    "imports",
    "imports_from_south",
    "import_share_pct",
    "trade_share_pct",
]

#: A group's shares need members with flows, and flows, covering this share of its exports.
MIN_EXPORT_COVERAGE = MIN_COVERAGE
#: Share columns of a group row, left out when the flows cover too little of its exports.
GROUP_SHARES = ("export_share_pct", "intra_export_share_pct", "import_share_pct", "trade_share_pct")


def _pct(part: float | pd.Series, whole: float | pd.Series) -> Any:
    if isinstance(whole, pd.Series):
        return 100.0 * part / whole.where(whole > 0)
    return 100.0 * part / whole if whole > 0 else np.nan


@dataclass(frozen=True, eq=False)
class SouthShareResult:
    """South–South shares by country (``countries``) and by group (``groups``: the South first)."""

    countries: pd.DataFrame
    groups: pd.DataFrame
    report: InputReport
    options: dict[str, Any]
    notes: tuple[str, ...]
    provenance: dict[str, str] = field(default_factory=dict)

    def share(self, iso3: str, side: str = "export") -> float:
        """The ``side`` (export, import or trade) share of one country, in per cent."""
        column = f"{side}_share_pct"
        if column not in self.countries.columns:
            raise InputError(f"unknown side {side!r}", hint="use export, import or trade")
        row = self.countries[self.countries["iso3"] == iso3]
        if row.empty:
            raise InputError(
                f"{iso3} has no flows here", hint="see .countries for the countries covered"
            )
        return float(row[column].iloc[0])

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return {
            "options": dict(self.options),
            "provenance": dict(self.provenance),
            "notes": list(self.notes),
            "input": self.report.as_dict(),
            "countries": records(self.countries),
            "groups": records(self.groups),
        }


def _covered(
    row: dict[str, Any],
    members: set[str],
    exporters: pd.Series,
    year: int,
    reference: pd.Series | None,
    population: pd.Series | None,
) -> str | None:
    """Set the row's coverage; blank its shares when insufficient; the note to give."""
    cov = group_coverage(
        row["group"], year, members, exporters, reference=reference, population=population
    )
    done = cov.as_dict()
    for column, key in (
        ("export_value_coverage_pct", "value_coverage_pct"),
        ("member_coverage_pct", "member_coverage_pct"),
    ):
        row[column] = np.nan if done[key] is None else done[key]
    row["coverage_basis"] = cov.basis
    row["coverage_status"] = cov.status
    if cov.status == "provisional":
        return f"{row['group']}: provisional group share: {cov.note()}"
    if cov.status == "complete":
        return None
    for column in GROUP_SHARES:
        row[column] = np.nan
    exports, total = cov.flows_usd, cov.reference_usd
    if cov.basis == "exports" and cov.value_coverage < MIN_EXPORT_COVERAGE:
        carried = f"US${exports / 1e9:,.1f} bn" if exports else "none"
        return (
            f"{row['group']}: no group share: the flows carry {carried} of its members' "
            "exports, "
            + (f"{100 * exports / total:.1f} % of " if total > 0 else "against ")
            + f"their goods exports in the reference table (US${total / 1e9:,.1f} bn), below "
            f"the {100 * MIN_EXPORT_COVERAGE:.0f} % a group share needs; "
            f"{len(cov.with_data)} of {cov.members} members have flows, holding "
            f"{100 * cov.member_coverage:.1f} % of the group's {REFERENCE_YEAR} exports"
        )
    return (
        f"{row['group']}: no group share: {cov.note()}; a group share needs "
        f"{100 * MIN_EXPORT_COVERAGE:.0f} %"
    )


def _group_row(
    label: str,
    members: set[str],
    pairs: pd.DataFrame,
    south: set[str],
    with_imports: bool,
) -> dict[str, Any]:
    out_rows = pairs[pairs["exporter"].isin(members)]
    in_rows = pairs[pairs["importer"].isin(members)]
    exports = float(out_rows["value"].sum())
    to_south = float(out_rows.loc[out_rows["importer"].isin(south), "value"].sum())
    intra = float(out_rows.loc[out_rows["importer"].isin(members), "value"].sum())
    exporters = set(out_rows.loc[out_rows["value"] > 0, "exporter"])
    importers = set(in_rows.loc[in_rows["value"] > 0, "importer"])
    row: dict[str, Any] = {
        "group": label,
        "n_members": len(members),
        "n_exporters": len(exporters),
        "n_importers": len(importers) if with_imports else np.nan,
        "export_coverage_pct": _pct(len(exporters), len(members)),
        "export_value_coverage_pct": np.nan,
        "member_coverage_pct": np.nan,
        "coverage_basis": None,
        "coverage_status": None,
        "exports": exports if exporters else np.nan,
        "exports_to_south": to_south if exporters else np.nan,
        "export_share_pct": _pct(to_south, exports),
        "intra_exports": intra if exporters else np.nan,
        "intra_export_share_pct": _pct(intra, exports),
        "imports": np.nan,
        "imports_from_south": np.nan,
        "import_share_pct": np.nan,
        "trade_share_pct": np.nan,
    }
    if with_imports and importers:
        imports = float(in_rows["value"].sum())
        from_south = float(in_rows.loc[in_rows["exporter"].isin(south), "value"].sum())
        row |= {
            "imports": imports,
            "imports_from_south": from_south,
            "import_share_pct": _pct(from_south, imports),
            "trade_share_pct": _pct(to_south + from_south, exports + imports)
            if exporters
            else np.nan,
        }
    return row


def south_south_share(
    flows: pd.DataFrame | PreparedFlows | Any,
    south: Collection[str],
    *,
    year: int | None = None,
    blocs: Mapping[str, Collection[str]] | None = None,
    imports: bool | None = None,
    south_label: str = "south",
    countries: Collection[str] | None = None,
    products: Collection[str] | None = None,
    on_bad: OnBad = "exclude",
    provenance: Mapping[str, str] | None = None,
    reference: pd.Series | None = None,
    population: pd.Series | None = None,
) -> SouthShareResult:
    """Shares of exports to and imports from ``south`` (ISO3 codes), per country and group.

    ``flows``: a DataFrame or Ibis table of (year, exporter, importer, product, value), or
    :class:`PreparedFlows`. ``blocs``: id → members, reported after the South itself.
    ``imports``: True/False forces the import side on/off; None decides from closure.
    ``reference``: every country's total goods exports (ISO3 → value, the flows' unit), else
    ``population`` (ISO3 → people): a group's shares are withheld or flagged by the coverage
    rule (:mod:`southsouth.trade.coverage`); with neither, groups are not checked. Bad rows
    are screened as by :func:`~southsouth.trade.bilateral_flows.prepare_flows`.
    """
    prep = prepare_flows(flows, year=year, countries=countries, products=products, on_bad=on_bad)
    south_set = set(south)
    if not south_set:
        raise InputError("the Global South definition has no members", hint="give ISO3 codes")
    notes = list(prep.notes)
    closure = prep.closure
    with_imports = closure >= MIN_CLOSURE if imports is None else imports
    if not with_imports:
        notes.append(
            f"imports not computed: {len(prep.exporters)} exporters in the flows"
            + (f" (closure {100 * closure:.0f}%)" if imports is None else "")
            + "; an import total would count only their exports"
        )
    elif closure < MIN_CLOSURE:
        notes.append(
            f"WARNING: imports computed although only {100 * closure:.0f}% of the countries "
            "appear both as exporter and importer"
        )
    pairs = prep.pairs
    exports = pairs.groupby("exporter")["value"].sum()
    to_south = pairs[pairs["importer"].isin(south_set)].groupby("exporter")["value"].sum()
    listed = set(prep.exporters) | (set(prep.importers) if with_imports else set())
    table = pd.DataFrame({"iso3": sorted(listed)})
    table["in_south"] = table["iso3"].isin(south_set)
    table["exports"] = table["iso3"].map(exports).astype(float)
    table["exports_to_south"] = table["iso3"].map(to_south).astype(float)
    table.loc[table["exports"].notna(), "exports_to_south"] = table["exports_to_south"].fillna(0.0)
    table["export_share_pct"] = _pct(table["exports_to_south"], table["exports"])
    table[["imports", "imports_from_south", "import_share_pct", "trade_share_pct"]] = np.nan
    if with_imports:
        imports_of = pairs.groupby("importer")["value"].sum()
        from_south = pairs[pairs["exporter"].isin(south_set)].groupby("importer")["value"].sum()
        table["imports"] = table["iso3"].map(imports_of).astype(float)
        table["imports_from_south"] = table["iso3"].map(from_south).astype(float)
        known = table["imports"].notna()
        table.loc[known, "imports_from_south"] = table["imports_from_south"].fillna(0.0)
        table["import_share_pct"] = _pct(table["imports_from_south"], table["imports"])
        both = table["exports"].notna() & table["imports"].notna()
        table["trade_share_pct"] = _pct(
            table["exports_to_south"] + table["imports_from_south"],
            table["exports"] + table["imports"],
        ).where(both)
    table["year"] = prep.year
    groups = [(south_label, south_set), *((k, set(v)) for k, v in (blocs or {}).items())]
    group_rows = []
    checked = reference is not None or population is not None
    for label, members in groups:
        row = _group_row(label, members, pairs, south_set, with_imports)
        if checked:
            why = _covered(row, members, exports, prep.year, reference, population)
            notes += [why] if why else []
        group_rows.append(row)
    group_table = pd.DataFrame(group_rows)
    group_table["year"] = prep.year
    absent = sorted(south_set - (prep.exporters | prep.importers))
    if absent:
        notes.append(
            f"{len(absent)} of the {len(south_set)} {south_label} members have no flows here"
        )
    provenance = dict(provenance or {})
    country_table = table[COUNTRY_COLUMNS]
    group_table = group_table[GROUP_COLUMNS]
    if "source_id" in provenance:
        country_table = country_table.assign(source_id=provenance["source_id"])
        group_table = group_table.assign(source_id=provenance["source_id"])
    options = {
        "year": prep.year,
        "south": south_label,
        "south_members": sorted(south_set),
        "imports": with_imports,
        "closure": closure,
        "n_exporters": len(prep.exporters),
        "n_importers": len(prep.importers),
        "rows_used": prep.report.rows_used,
        "engine": prep.engine,
        "coverage_rule": RULE if checked else None,
        "min_coverage": MIN_COVERAGE,
    }
    return SouthShareResult(
        countries=country_table,
        groups=group_table,
        report=prep.report,
        options=options,
        notes=tuple(notes),
        provenance=provenance,
    )


def south_south_share_for(
    warehouse: Warehouse,
    source_id: str,
    *,
    group: str = DEFAULT_GROUP,
    year: int | None = None,
    classification: str | None = None,
    blocs: Collection[str] | None = None,
    imports: bool | None = None,
    today: date | None = None,
) -> SouthShareResult:
    """:func:`south_south_share` on a loaded flow dataset (e.g. ``baci-hs92-2021-afg-zaf``).

    ``group``: the Global South definition (``g77``, ``m49-developing``, ``wb-lmic``, a bloc
    id or an ISO3 list), with members on 31 December of the data year, as are ``blocs``
    (default :data:`DEFAULT_BLOCS` with a member exporting in the flows). Group shares are
    checked against :data:`REFERENCE_EXPORTS` when it is loaded, else against the members'
    population (a note says which).
    """
    prep = warehouse_flows(warehouse, source_id, year=year, classification=classification)
    checked = warehouse.loaded(REFERENCE_EXPORTS)
    reference, population = coverage_weights(warehouse, prep.year)
    when = membership_year(prep.year, today)
    (south,) = resolve_groups(warehouse, [group], year=when, today=today)
    named = list(blocs) if blocs is not None else list(DEFAULT_BLOCS)
    resolved = [g for g in resolve_groups(warehouse, named, year=when, today=today)]
    if blocs is None:
        resolved = [g for g in resolved if set(g.members) & prep.exporters]
    resolved = [g for g in resolved if g.entity != south.entity]  # the South has its own row
    result = south_south_share(
        prep,
        south.members,
        blocs={g.entity: g.members for g in resolved},
        imports=imports,
        south_label=south.entity,
        provenance=warehouse.provenance(source_id),
        reference=reference,
        population=population,
    )
    notes = [
        f"Global South: {south.name} ({len(south.members)} members on {south.as_of.isoformat()})",
        *(g.note for g in (south, *resolved) if g.note),
        *(
            ()
            if checked
            else (
                f"group shares not checked against members' total exports ({REFERENCE_EXPORTS} "
                "is not loaded): "
                + (
                    f"members weighed by their {prep.year} population instead"
                    if population is not None
                    else "nor against population (none loaded)"
                ),
            )
        ),
        RULE,
    ]
    return SouthShareResult(
        countries=result.countries,
        groups=result.groups,
        report=result.report,
        options={**result.options, "source_id": source_id},
        notes=(*result.notes, *notes),
        provenance=result.provenance,
    )
