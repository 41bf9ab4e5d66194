"""Pair readiness to cooperate (0–100), every component visible, and the relations answers.

Readiness is a weighted mean of six enablers, each in [0, 1]:

=========== ======================================================================= ======
enabler     value                                                                   weight
=========== ======================================================================= ======
peace       1 − tension (:mod:`southsouth.relations.tensions`)                      0.50
pathways    blocs or forums both belong to today, G77 and NAM left out (every       0.20
            Global South pair shares them), counted up to 3: min(n, 3) / 3
alliance    ATOP alliance in force in 2018 (last ATOP year): 1 with a defence       0.10
            pledge, 0.5 with other pledges only, 0 with none
civic_space CIVICUS rating of the more closed country (December 2020 snapshot):     0.10
            (rating − 1) / 4 (1 Closed … 5 Open)
finance     independence from Chinese development finance: 1 − min(m / 50, 1),     0.05
            m = the larger of the two countries' AidData commitments 2000–2021 as
            % of 2021 GDP (one country's value when the other has none)
proximity   COW contiguity in force at 2016: 1 land or river border, 0.5 across     0.05
            ≤ 400 miles of water, 0 otherwise
=========== ======================================================================= ======

readiness = 100 · Σ w·e / Σ w over the enablers with data (a missing enabler drops out and
the pair's ``missing`` column names it). Each enabler's points (100·w·e / Σ w) are columns,
so the score adds up in front of the reader. A pair is **ready** when its tension is below
the threshold; readiness ranks ready pairs, it does not overrule tension.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.jsonable import records
from southsouth.registry import group_countries, resolve_country
from southsouth.relations import frictions as friction_file
from southsouth.relations.tensions import (
    CIVICUS,
    COMPONENTS,
    FINANCE,
    MONADIC,
    REQUIRED,
    WARS,
    RelationData,
    TensionOptions,
    load_relation_data,
    provenance,
    shared_blocs,
    tension_table,
)
from southsouth.warehouse.store import Warehouse

ENABLERS = ("peace", "pathways", "alliance", "civic_space", "finance", "proximity")
PATHWAY_CAP = 3
FINANCE_CAP = 50.0
HOSTILITY = {1: "no militarised action", 2: "threat", 3: "display", 4: "use of force", 5: "war"}


@dataclass(frozen=True)
class ReadinessWeights:
    """Weights of the readiness enablers (normalised over those with data)."""

    peace: float = 0.50
    pathways: float = 0.20
    alliance: float = 0.10
    civic_space: float = 0.10
    finance: float = 0.05
    proximity: float = 0.05

    def __post_init__(self) -> None:
        values = self.as_dict()
        if any(v < 0 for v in values.values()) or sum(values.values()) <= 0:
            raise InputError(
                f"readiness weights must be ≥ 0 and not all 0: {values}",
                hint="e.g. peace=0.5, pathways=0.2, …",
            )

    def as_dict(self) -> dict[str, float]:
        """Weights by enabler."""
        return {name: getattr(self, name) for name in ENABLERS}


def readiness_table(
    data: RelationData,
    tensions: pd.DataFrame,
    options: TensionOptions | None = None,
    weights: ReadinessWeights | None = None,
) -> pd.DataFrame:
    """:func:`tension_table` rows plus enablers ``e_*``, points ``p_*`` and ``readiness``.

    Also adds ``shared_blocs`` (every bloc both belong to today), ``pathways`` (those minus
    the universal groupings), ``ready`` (tension below the threshold) and ``missing``.
    """
    options = options or TensionOptions()
    weights = weights or ReadinessWeights()
    out = tensions.copy()
    out["shared_blocs"] = shared_blocs(data, out)
    universal = set(options.universal)
    out["pathways"] = out["shared_blocs"].map(lambda t: tuple(b for b in t if b not in universal))
    civic = data.monadic[CIVICUS]
    finance = data.monadic[FINANCE]
    ca, cb = out["a"].map(civic), out["b"].map(civic)
    fa, fb = out["a"].map(finance), out["b"].map(finance)
    out["civicus_min"] = np.fmin(ca, cb).where(ca.notna() & cb.notna())
    out["finance_max_pct_gdp"] = np.fmax(fa, fb)
    contiguity = out["contiguity_type"]
    enablers = {
        "peace": 1.0 - out["tension"],
        "pathways": out["pathways"].map(len).clip(upper=PATHWAY_CAP) / PATHWAY_CAP,
        "alliance": out["alliance"],
        "civic_space": (out["civicus_min"] - 1.0) / 4.0,
        "finance": 1.0 - (out["finance_max_pct_gdp"] / FINANCE_CAP).clip(upper=1.0),
        "proximity": np.where(contiguity == 1, 1.0, np.where(contiguity.notna(), 0.5, 0.0)),
    }
    w = weights.as_dict()
    available = pd.Series(0.0, index=out.index)
    for name in ENABLERS:
        out[f"e_{name}"] = pd.Series(enablers[name], index=out.index).astype(float)
        available += np.where(out[f"e_{name}"].notna(), w[name], 0.0)
    for name in ENABLERS:
        out[f"p_{name}"] = 100.0 * w[name] * out[f"e_{name}"] / available
    out["readiness"] = out[[f"p_{n}" for n in ENABLERS]].sum(axis=1, min_count=1)
    out["ready"] = ~out["high"]
    out["missing"] = _missing(out)
    return out


def _missing(out: pd.DataFrame) -> list[str]:
    columns = [(c, f"v_{c}") for c in COMPONENTS] + [(n, f"e_{n}") for n in ENABLERS]
    flags = {name: out[col].isna().to_numpy() for name, col in columns}
    return [", ".join(name for name, flag in flags.items() if flag[i]) for i in range(len(out))]


def pair_scores(
    data: RelationData,
    countries: list[str],
    options: TensionOptions | None = None,
    weights: ReadinessWeights | None = None,
) -> pd.DataFrame:
    """Tension and readiness for every pair of ``countries`` (one row per pair, a < b)."""
    options = options or TensionOptions()
    table = tension_table(data, countries, options)
    scored = readiness_table(data, table, options, weights)
    names = data.countries.set_index("iso3")["name"]
    scored.insert(2, "name_a", scored["a"].map(names))
    scored.insert(3, "name_b", scored["b"].map(names))
    return scored


# -- the answer for one pair ---------------------------------------------------------------


def _evidence(row: pd.Series, data: RelationData, options: TensionOptions) -> dict[str, str]:
    mid_end, ucdp_end = data.data_end["gml-mid"], data.data_end["ucdp-acd"]
    mid_from, ucdp_from = mid_end - options.mid_years + 1, ucdp_end - options.conflict_years + 1
    if row["rivalry"] > 0:
        source = row["rivalry_source"]
        rivalry = (
            f"ongoing strategic rivalry {row['rivalry_name']} "
            f"({source}, data to {data.data_end[source]})"
        )
    else:
        tss, td = data.data_end["tss-rivalries"], data.data_end["td-rivalries"]
        rivalry = f"none ongoing (TSS to {tss}, TD to {td})"
    if row["conflict_years"] > 0:
        kind = "war-intensity" if row["conflict_intensity"] >= 2 else "minor"
        conflict = (
            f"UCDP interstate armed conflict in {row['conflict_years']} of {ucdp_from}–{ucdp_end} "
            f"(last {int(row['conflict_last_year'])}; highest {kind})"
        )
    else:
        conflict = f"none recorded {ucdp_from}–{ucdp_end} (UCDP data end in {ucdp_end})"
    if row["mid_disputes"] > 0:
        level = int(row["mid_hostility"])
        mid = (
            f"{row['mid_disputes']} GML militarised dispute(s) {mid_from}–{mid_end}, highest "
            f"hostility {level} ({HOSTILITY.get(level, '?')}), last {int(row['mid_last_year'])}"
        )
    else:
        mid = f"none recorded {mid_from}–{mid_end} (GML data end in {mid_end})"
    if row["friction_level"] > 0:
        friction = (
            f"level {row['friction_level']} ({friction_file.LEVELS[row['friction_level']]}), "
            f"{row['friction_rows']} curated row(s) ongoing or ended within 3 years of "
            f"{data.as_of.isoformat()}"
        )
    else:
        friction = "none in the curated table"
    if not row["contiguous"]:
        territorial = "not contiguous (threat from neighbours does not apply to the pair)"
    elif pd.isna(row["territorial_pct_min"]):
        territorial = "contiguous; a 2010 threat estimate is missing for one of the two"
    else:
        territorial = (
            f"contiguous; lower of the two percentile ranks of 2010 threat "
            f"{row['territorial_pct_min']:.2f}"
        )
    contiguity = row["contiguity_type"]
    return {
        "rivalry": rivalry,
        "armed_conflict": conflict,
        "mid": mid,
        "friction": friction,
        "territorial": territorial,
        "peace": f"1 − tension {row['tension']:.3f}",
        "pathways": (
            f"{len(row['pathways'])} shared: {', '.join(row['pathways'])}"
            if row["pathways"]
            else "no shared bloc or forum besides " + ", ".join(options.universal)
        ),
        "alliance": (
            f"ATOP pledges in force in 2018: {row['alliance_pledges']}"
            if row["alliance"] > 0
            else "no ATOP alliance in force in 2018"
        ),
        "civic_space": (
            f"more closed CIVICUS rating {int(row['civicus_min'])} (December 2020)"
            if pd.notna(row["civicus_min"])
            else "CIVICUS rating missing for one of the two"
        ),
        "finance": (
            f"larger commitments {row['finance_max_pct_gdp']:.1f} % of 2021 GDP (AidData 2000–2021)"
            if pd.notna(row["finance_max_pct_gdp"])
            else "no AidData commitments data for either"
        ),
        "proximity": (
            "land or river border (COW type 1)"
            if contiguity == 1
            else f"water contiguity (COW type {int(contiguity)})"
            if pd.notna(contiguity)
            else "not contiguous"
        ),
    }


COMPONENT_SOURCES = {
    "rivalry": ("tss-rivalries", "td-rivalries"),
    "armed_conflict": ("ucdp-acd",),
    "mid": ("gml-mid",),
    "friction": (),
    "territorial": ("miller-territorial-threat", "cow-contiguity"),
    "peace": (),
    "pathways": ("blocs",),
    "alliance": ("atop-alliances",),
    "civic_space": (MONADIC[CIVICUS],),
    "finance": (MONADIC[FINANCE],),
    "proximity": ("cow-contiguity",),
}


def components_frame(
    row: pd.Series,
    data: RelationData,
    options: TensionOptions,
    weights: ReadinessWeights,
) -> pd.DataFrame:
    """One row per component of a pair: role, evidence, value, weight, contribution, source."""
    evidence = _evidence(row, data, options)
    tension_w = options.weights.as_dict()
    readiness_w = weights.as_dict()
    rows: list[dict[str, Any]] = []
    for name in COMPONENTS:
        rows.append(
            {
                "component": name,
                "role": "tension",
                "evidence": evidence[name],
                "value": row[f"v_{name}"],
                "weight": tension_w[name],
                "contribution": row[f"w_{name}"],
                "sources": ", ".join(COMPONENT_SOURCES[name]) or "data/frictions.csv",
            }
        )
    for name in ENABLERS:
        rows.append(
            {
                "component": name,
                "role": "readiness",
                "evidence": evidence[name],
                "value": row[f"e_{name}"],
                "weight": readiness_w[name],
                "contribution": row[f"p_{name}"],
                "sources": ", ".join(COMPONENT_SOURCES[name]) or "tension components",
            }
        )
    return pd.DataFrame(rows)


def _history(data: RelationData, a: str, b: str) -> dict[str, pd.DataFrame]:
    r = data.relations[(data.relations["a"] == a) & (data.relations["b"] == b)]

    def details(frame: pd.DataFrame) -> pd.Series:
        return frame["detail"].map(lambda d: json.loads(d) if isinstance(d, str) else {})

    rivalry = r[r["kind"] == "rivalry"]
    rivalry_out = pd.DataFrame(
        {
            "source_id": rivalry["source_id"],
            "name": details(rivalry).map(lambda d: d.get("name")),
            "types": details(rivalry).map(lambda d: ", ".join(d.get("types", []))),
            "start": rivalry["year_start"],
            "end": rivalry["year_end"],
            "ongoing_at_data_end": rivalry["year_end"].isna(),
        }
    ).sort_values(["source_id", "start"])
    conflict = r[r["kind"] == "armed-conflict"]
    conflict_out = (
        conflict.groupby("ref", as_index=False)
        .agg(
            first=("year_start", "min"),
            last=("year_start", "max"),
            years=("year_start", "size"),
            highest_intensity=("value", "max"),
        )
        .rename(columns={"ref": "ucdp_conflict_id"})
    )
    mids = r[r["kind"] == "mid"]
    mid_out = (
        mids.groupby("ref", as_index=False)
        .agg(
            first=("year_start", "min"),
            last=("year_start", "max"),
            highest_hostility=("value", "max"),
        )
        .rename(columns={"ref": "gml_dispute"})
        .sort_values("first", ascending=False)
    )
    wars = r[r["kind"] == "war"]
    war_out = (
        wars.groupby("ref", as_index=False)
        .agg(first=("year_start", "min"), last=("year_start", "max"))
        .rename(columns={"ref": "cow_war"})
    )
    alliance = r[r["kind"] == "alliance"]
    alliance_out = (
        pd.DataFrame(
            {
                "pledges": details(alliance).map(lambda d: ", ".join(d.get("pledges", []))),
                "start": alliance["year_start"],
                "end": alliance["year_end"],
                "in_force_at_data_end": alliance["year_end"].isna(),
            }
        )
        .drop_duplicates(subset=["pledges", "start", "end"])
        .sort_values("start")
    )
    return {
        "rivalries": rivalry_out.reset_index(drop=True),
        "armed_conflicts": conflict_out.reset_index(drop=True),
        "disputes": mid_out.reset_index(drop=True),
        "wars": war_out.reset_index(drop=True),
        "alliances": alliance_out.reset_index(drop=True),
    }


@dataclass(frozen=True, eq=False)
class PairRelations:
    """Tension and readiness of one pair, every component and the records behind them."""

    a: str
    b: str
    name_a: str
    name_b: str
    tension: float
    tension_label: str
    threshold: float
    readiness: float
    ready: bool
    components: pd.DataFrame
    history: dict[str, pd.DataFrame]
    frictions: pd.DataFrame
    shared_blocs: tuple[str, ...]
    pathways: tuple[str, ...]
    as_of: date
    sources: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rivalry(self) -> bool:
        """True when a strategic rivalry is ongoing at the end of the data."""
        row = self.components.set_index("component").loc["rivalry"]
        return bool(row["value"] > 0)

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return {
            "pair": [self.a, self.b],
            "names": [self.name_a, self.name_b],
            "as_of": self.as_of.isoformat(),
            "tension": round(self.tension, 4),
            "tension_label": self.tension_label,
            "threshold": self.threshold,
            "rivalry": self.rivalry,
            "readiness": round(self.readiness, 1),
            "ready": self.ready,
            "components": records(self.components),
            "history": {k: records(v) for k, v in self.history.items()},
            "frictions": records(self.frictions),
            "shared_blocs": list(self.shared_blocs),
            "pathways": list(self.pathways),
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


def _notes(data: RelationData, options: TensionOptions) -> tuple[str, ...]:
    end = data.data_end
    return (
        *data.notes,
        f"Data end: rivalries {end['tss-rivalries']} (TSS) / {end['td-rivalries']} (TD); "
        f"militarised disputes {end['gml-mid']} (GML); interstate armed conflict "
        f"{end['ucdp-acd']} (UCDP); alliances {end['atop-alliances']} (ATOP); contiguity "
        f"{end['cow-contiguity']} (COW); territorial threat {end['miller-territorial-threat']} "
        "(Miller); civic space December 2020 (CIVICUS); Chinese finance 2000–2021 (AidData).",
        "No record in an event dataset means none recorded up to its last year, not none since.",
        friction_file.CAVEAT,
        f"Blocs and forums as of {data.as_of.isoformat()}; {', '.join(options.universal)} are "
        "left out of pathways (every Global South pair shares them).",
    )


def describe_pair(
    data: RelationData,
    a: str,
    b: str,
    options: TensionOptions | None = None,
    weights: ReadinessWeights | None = None,
) -> PairRelations:
    """The relations of ``a`` and ``b`` (ISO3 codes) from loaded ``data``."""
    options = options or TensionOptions()
    weights = weights or ReadinessWeights()
    if a == b:
        raise InputError(f"{a} was given twice", hint="name two different countries")
    first, second = sorted((a, b))
    scored = pair_scores(data, [first, second], options, weights)
    row = scored.iloc[0]
    fr = data.frictions
    own = fr[(fr["country_a"] == first) & (fr["country_b"] == second)].copy()
    active = friction_file.in_effect(own, data.as_of, years=options.friction_years)
    own["in_effect"] = own["line"].isin(set(active["line"]))
    datasets = [*REQUIRED[1:], WARS, *MONADIC.values()]
    return PairRelations(
        a=first,
        b=second,
        name_a=str(row["name_a"]),
        name_b=str(row["name_b"]),
        tension=float(row["tension"]),
        tension_label=str(row["tension_label"]),
        threshold=options.threshold,
        readiness=float(row["readiness"]),
        ready=bool(row["ready"]),
        components=components_frame(row, data, options, weights),
        history=_history(data, first, second),
        frictions=own.drop(columns=["line"]).reset_index(drop=True),
        shared_blocs=tuple(row["shared_blocs"]),
        pathways=tuple(row["pathways"]),
        as_of=data.as_of,
        sources=tuple(provenance(data, datasets)),
        notes=_notes(data, options),
    )


def pair_relations(
    warehouse: Warehouse,
    a: str,
    b: str,
    *,
    options: TensionOptions | None = None,
    weights: ReadinessWeights | None = None,
    as_of: date | None = None,
) -> PairRelations:
    """``southsouth relations A B``: tension, readiness and the records behind them.

    ``a`` and ``b`` are ISO3 codes or names; UnknownCountry when one is not in the registry.
    """
    first, second = resolve_country(warehouse, a), resolve_country(warehouse, b)
    data = load_relation_data(warehouse, as_of=as_of)
    return describe_pair(data, first, second, options, weights)


# -- the map of a group --------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class RelationsMap:
    """Tension and readiness between every pair of a bloc's or group's members."""

    group: str
    as_of: date
    threshold: float
    nodes: pd.DataFrame
    pairs: pd.DataFrame
    sources: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    PAIR_COLUMNS = (
        "a",
        "b",
        "name_a",
        "name_b",
        "tension",
        "tension_label",
        "drivers",
        "readiness",
        "ready",
        "rivalry_name",
        "conflict_last_year",
        "mid_last_year",
        "friction_level",
        "pathways",
        "missing",
    )

    @property
    def high(self) -> pd.DataFrame:
        """Pairs at or above the tension threshold, highest first."""
        high = self.pairs[self.pairs["tension_label"] == "high"]
        return high.sort_values("tension", ascending=False).reset_index(drop=True)

    def table(self) -> pd.DataFrame:
        """The pair table with the columns worth printing (tuples joined)."""
        table = self.pairs[list(self.PAIR_COLUMNS)].copy()
        table["pathways"] = table["pathways"].map(", ".join)
        return table

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        labels = self.pairs["tension_label"].value_counts()
        return {
            "group": self.group,
            "as_of": self.as_of.isoformat(),
            "threshold": self.threshold,
            "counts": {k: int(labels.get(k, 0)) for k in ("high", "elevated", "low")},
            "nodes": records(self.nodes),
            "pairs": records(self.table()),
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


def relations_map(
    warehouse: Warehouse,
    group: str,
    *,
    options: TensionOptions | None = None,
    weights: ReadinessWeights | None = None,
    as_of: date | None = None,
) -> RelationsMap:
    """``southsouth relations map --bloc B``: every pair of ``group``'s members today.

    ``group`` is a bloc id, a Global South definition or a comma list (UnknownGroup when it
    names nothing).
    """
    options = options or TensionOptions()
    members = group_countries(warehouse, group, on=as_of)
    codes = sorted(members["iso3"])
    if len(codes) < 2:
        raise InputError(f"{group} has fewer than two members", hint="name a bloc or a list")
    data = load_relation_data(warehouse, as_of=as_of)
    pairs = pair_scores(data, codes, options, weights)
    nodes = data.countries[data.countries["iso3"].isin(codes)][
        ["iso3", "name", "region", "capital", "capital_lat", "capital_lon"]
    ].reset_index(drop=True)
    return RelationsMap(
        group=group,
        as_of=data.as_of,
        threshold=options.threshold,
        nodes=nodes,
        pairs=pairs,
        sources=tuple(provenance(data, [*REQUIRED[1:], *MONADIC.values()])),
        notes=_notes(data, options),
    )
