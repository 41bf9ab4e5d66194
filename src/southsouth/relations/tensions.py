"""Pairwise tension between countries, one visible component at a time.

Components (each a value v in [0, 1] read from the ``relation`` table, ``observation`` or the
curated frictions; a pair with no record in an event dataset gets 0 — "none recorded up to
the data's last year", which outputs state):

============== ============================================================== =====
component      value v                                                        w
============== ============================================================== =====
rivalry        1 when a strategic rivalry is ongoing at the end of the data:   0.70
               Thompson–Sakuwa–Suhas (to 2020); Thompson–Dreyer (to 2010)
               for pairs TSS does not list
armed_conflict UCDP/PRIO interstate armed conflict in the last 10 years of     0.90
               the data (2015–2024): 1 with a war-intensity year (≥ 1,000
               battle deaths), 0.75 with minor years only
mid            GML militarised interstate disputes in the last 10 years of     0.30
               the data (2001–2010): highest hostility level reached by
               either side ÷ 5 (2 threat … 5 war)
friction       curated current frictions (``data/frictions.csv``) ongoing or   0.70
               ended within 3 years: highest level ÷ 3
territorial    Miller's latent external territorial threat in 2010 (monadic):  0.15
               for contiguous pairs, the lower of the two countries' percentile
               ranks among all states (both must face threat); 0 otherwise;
               missing when a contiguous country has no estimate
============== ============================================================== =====

Tension combines them like independent warning signals (a "noisy OR"):
T = 1 − Π_c (1 − w_c·v_c) over the components available. Each component alone can raise
T to its weight, several together push it towards 1, and no component lowers it. A pair is
**high tension** when T ≥ the threshold (0.6 by default: an ongoing rivalry, a recent
interstate armed conflict or a current high-level friction each suffice alone),
**elevated** when T ≥ half of it, **low** otherwise. Alliances, shared blocs, contiguity,
civic space and exposure to Chinese development finance are not tension: they are the
enablers of the readiness score (:mod:`southsouth.relations.readiness`).

:func:`load_relation_data` reads the warehouse once; everything else is pure.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.registry.blocs import FULL_STATUSES, active_on
from southsouth.relations import frictions as friction_file
from southsouth.sources.alliances import DATA_END as ATOP_END
from southsouth.sources.contiguity import DATA_END as CONTIGUITY_END
from southsouth.sources.rivalries import TD_END, TSS_END
from southsouth.warehouse.store import Warehouse

#: Datasets every relations answer needs.
REQUIRED = (
    "countries",
    "blocs",
    "tss-rivalries",
    "td-rivalries",
    "gml-mid",
    "ucdp-acd",
    "atop-alliances",
    "cow-contiguity",
)
#: COW inter-state wars: history shown for a pair, not a tension component.
WARS = "cow-interstate-war"
TERRITORIAL = "miller_latent_territorial_threat"
CIVICUS = "civicus_civic_space_rating"
FINANCE = "gcdf3_commitments_pct_gdp"
#: Monadic series (indicator → dataset); optional: a missing one leaves its component missing.
MONADIC = {
    TERRITORIAL: "miller-territorial-threat",
    CIVICUS: "civicus-monitor-2021",
    FINANCE: "derived-gcdf3-commitments-pct-gdp",
}
TERRITORIAL_YEAR = 2010
#: Groupings every Global South country shares: not a plurilateral pathway.
UNIVERSAL_GROUPINGS = ("G77", "NAM")
COMPONENTS = ("rivalry", "armed_conflict", "mid", "friction", "territorial")
MINOR_CONFLICT = 0.75
HOSTILITY_MAX = 5
NUMERIC_COLUMNS = (
    "rivalry",
    "mid_hostility",
    "mid_disputes",
    "mid_last_year",
    "conflict_intensity",
    "conflict_years",
    "conflict_last_year",
    "friction_level",
    "friction_rows",
    "alliance",
    "contiguity_type",
)


@dataclass(frozen=True)
class TensionWeights:
    """Largest tension each component can cause alone (see the module docstring)."""

    rivalry: float = 0.70
    armed_conflict: float = 0.90
    mid: float = 0.30
    friction: float = 0.70
    territorial: float = 0.15

    def __post_init__(self) -> None:
        for name in COMPONENTS:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError(
                    f"tension weight {name} = {value} is outside 0–1",
                    hint="each weight is the tension its component causes alone",
                )

    def as_dict(self) -> dict[str, float]:
        """Weights by component."""
        return {name: getattr(self, name) for name in COMPONENTS}


@dataclass(frozen=True)
class TensionOptions:
    """Weights, windows and the threshold of the tension score."""

    weights: TensionWeights = field(default_factory=TensionWeights)
    threshold: float = 0.6
    mid_years: int = 10
    conflict_years: int = 10
    friction_years: int = 3
    universal: tuple[str, ...] = UNIVERSAL_GROUPINGS

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise InputError(
                f"tension threshold {self.threshold} is outside (0, 1]",
                hint="e.g. 0.6: pairs at or above it are high tension",
            )
        if min(self.mid_years, self.conflict_years, self.friction_years) < 1:
            raise InputError("windows must be at least one year", hint="e.g. 10")


@dataclass(frozen=True, eq=False)
class RelationData:
    """Everything the relations answers read, loaded once from the warehouse."""

    as_of: date
    countries: pd.DataFrame
    relations: pd.DataFrame
    monadic: pd.DataFrame
    memberships: pd.DataFrame
    blocs: pd.DataFrame
    frictions: pd.DataFrame
    data_end: Mapping[str, int]
    sources: Mapping[str, dict[str, str]]
    notes: tuple[str, ...] = ()

    def name(self, iso3: str) -> str:
        """Short name of a country (its code when unknown)."""
        names = self.countries.set_index("iso3")["name"]
        return str(names.get(iso3, iso3))

    def blocs_of(self, iso3: str) -> set[str]:
        """Blocs ``iso3`` is a full member of on ``as_of``."""
        m = self.memberships
        return set(m.loc[m["iso3"] == iso3, "bloc_id"])


def _sorted_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    a, b = frame["country_a"], frame["country_b"]
    out = frame.copy()
    out["a"] = np.where(a <= b, a, b)
    out["b"] = np.where(a <= b, b, a)
    return out.drop(columns=["country_a", "country_b"])


def load_relation_data(
    warehouse: Warehouse,
    *,
    as_of: date | None = None,
    frictions: pd.DataFrame | None = None,
    frictions_path: Path | None = None,
) -> RelationData:
    """Read relation rows, monadic series, current memberships and the curated frictions.

    Raises NotSynced when a required dataset is not loaded; optional monadic datasets that
    are missing leave their components missing and add a note.
    """
    warehouse.require(*REQUIRED)
    as_of = as_of or date.today()
    countries = warehouse.query(
        "SELECT iso3, name, region, subregion, capital, capital_lat, capital_lon, lat, lon "
        "FROM country ORDER BY iso3"
    )
    relations = _sorted_pairs(
        warehouse.query(
            "SELECT kind, country_a, country_b, directed, year_start, year_end, value, ref, "
            "detail, source_id FROM relation WHERE source_id IN (SELECT unnest(?)) "
            "AND country_a <> country_b",
            [[*REQUIRED[2:], WARS]],
        )
    )
    notes: list[str] = []
    monadic = pd.DataFrame(index=pd.Index(countries["iso3"], name="iso3"))
    for indicator, dataset in MONADIC.items():
        if not warehouse.loaded(dataset):
            monadic[indicator] = np.nan
            notes.append(f"{dataset} is not loaded: {indicator} is missing for every country")
            continue
        series = warehouse.query(
            "SELECT country_iso3 AS iso3, year, value FROM observation WHERE indicator = ?",
            [indicator],
        )
        if indicator == TERRITORIAL:
            series = series[series["year"] == TERRITORIAL_YEAR]
        latest = series.sort_values("year").groupby("iso3")["value"].last()
        monadic[indicator] = latest.reindex(monadic.index)
    threat = monadic[TERRITORIAL]
    monadic["territorial_pct"] = threat.rank(pct=True, method="max").where(threat.notna())
    membership = warehouse.query("SELECT * FROM membership")
    current = active_on(membership, as_of, FULL_STATUSES)
    memberships = (
        current[["bloc_id", "country_iso3"]]
        .rename(columns={"country_iso3": "iso3"})
        .drop_duplicates()
        .reset_index(drop=True)
    )
    blocs = warehouse.query("SELECT bloc_id, name, kind FROM bloc ORDER BY bloc_id")
    if frictions is None:
        frictions = friction_file.load_frictions(frictions_path)
    unknown = friction_file.unknown_codes(frictions, set(countries["iso3"]))
    if unknown:
        notes.append(f"curated frictions name codes not in the registry: {unknown}")
    ends = relations.groupby("source_id")["year_end"].max()
    data_end = {
        "tss-rivalries": TSS_END,
        "td-rivalries": TD_END,
        "gml-mid": int(ends.get("gml-mid", 2010)),
        "ucdp-acd": int(ends.get("ucdp-acd", 2024)),
        "atop-alliances": ATOP_END,
        "cow-contiguity": CONTIGUITY_END.year,
        "miller-territorial-threat": TERRITORIAL_YEAR,
    }
    sources = {
        d: warehouse.provenance(d)
        for d in (*REQUIRED, WARS, *MONADIC.values())
        if warehouse.loaded(d)
    }
    return RelationData(
        as_of=as_of,
        countries=countries,
        relations=relations,
        monadic=monadic,
        memberships=memberships,
        blocs=blocs,
        frictions=frictions,
        data_end=data_end,
        sources=sources,
        notes=tuple(notes),
    )


def all_pairs(countries: Sequence[str]) -> pd.DataFrame:
    """Every unordered pair (a < b) of distinct ``countries``."""
    codes = sorted(set(countries))
    return pd.DataFrame(list(itertools.combinations(codes, 2)), columns=["a", "b"])


def _names(detail: pd.Series) -> pd.Series:
    return detail.map(lambda d: json.loads(d).get("name") if isinstance(d, str) else None)


def _rivalries(data: RelationData) -> pd.DataFrame:
    r = data.relations[data.relations["kind"] == "rivalry"]
    tss = r[r["source_id"] == "tss-rivalries"]
    td = r[r["source_id"] == "td-rivalries"]
    tss_open = tss[tss["year_end"].isna()].assign(rivalry_source="tss-rivalries")
    tss_pairs = set(zip(tss["a"], tss["b"], strict=True))
    td_open = td[td["year_end"].isna()]
    td_only = td_open[
        [(a, b) not in tss_pairs for a, b in zip(td_open["a"], td_open["b"], strict=True)]
    ].assign(rivalry_source="td-rivalries")
    ongoing = pd.concat([tss_open, td_only], ignore_index=True)
    if ongoing.empty:
        return pd.DataFrame(columns=["a", "b", "rivalry", "rivalry_name", "rivalry_source"])
    ongoing["rivalry_name"] = _names(ongoing["detail"])
    out = ongoing.groupby(["a", "b"], as_index=False).agg(
        rivalry_name=("rivalry_name", lambda s: "; ".join(sorted({str(x) for x in s if x}))),
        rivalry_source=("rivalry_source", "first"),
    )
    out["rivalry"] = 1.0
    return out


def _mids(data: RelationData, years: int) -> pd.DataFrame:
    end = data.data_end["gml-mid"]
    r = data.relations
    r = r[(r["kind"] == "mid") & (r["year_start"] > end - years)]
    if r.empty:
        return pd.DataFrame(columns=["a", "b", "mid_hostility", "mid_disputes", "mid_last_year"])
    return r.groupby(["a", "b"], as_index=False).agg(
        mid_hostility=("value", "max"),
        mid_disputes=("ref", "nunique"),
        mid_last_year=("year_start", "max"),
    )


def _conflicts(data: RelationData, years: int) -> pd.DataFrame:
    end = data.data_end["ucdp-acd"]
    r = data.relations
    r = r[(r["kind"] == "armed-conflict") & (r["year_start"] > end - years)]
    if r.empty:
        return pd.DataFrame(
            columns=["a", "b", "conflict_intensity", "conflict_years", "conflict_last_year"]
        )
    return r.groupby(["a", "b"], as_index=False).agg(
        conflict_intensity=("value", "max"),
        conflict_years=("year_start", "nunique"),
        conflict_last_year=("year_start", "max"),
    )


def _frictions(data: RelationData, years: int) -> pd.DataFrame:
    active = friction_file.in_effect(data.frictions, data.as_of, years=years)
    if active.empty:
        return pd.DataFrame(columns=["a", "b", "friction_level", "friction_rows"])
    return (
        active.rename(columns={"country_a": "a", "country_b": "b"})
        .groupby(["a", "b"], as_index=False)
        .agg(friction_level=("level", "max"), friction_rows=("level", "size"))
    )


def _alliances(data: RelationData) -> pd.DataFrame:
    r = data.relations
    r = r[(r["kind"] == "alliance") & r["year_end"].isna()]
    if r.empty:
        return pd.DataFrame(columns=["a", "b", "alliance", "alliance_pledges"])
    pledges = r["detail"].map(lambda d: tuple(json.loads(d).get("pledges", [])))
    r = r.assign(pledges=pledges)
    out = r.groupby(["a", "b"], as_index=False).agg(
        defence=("value", "max"),
        alliance_pledges=("pledges", lambda s: ", ".join(sorted({p for t in s for p in t}))),
    )
    out["alliance"] = np.where(out["defence"] >= 1, 1.0, 0.5)
    return out.drop(columns=["defence"])


def _contiguity(data: RelationData) -> pd.DataFrame:
    r = data.relations
    r = r[(r["kind"] == "contiguity") & r["year_end"].isna()]
    if r.empty:
        return pd.DataFrame(columns=["a", "b", "contiguity_type"])
    return r.groupby(["a", "b"], as_index=False).agg(contiguity_type=("value", "min"))


def _merge(base: pd.DataFrame, *parts: pd.DataFrame) -> pd.DataFrame:
    out = base
    for part in parts:
        out = out.merge(part, on=["a", "b"], how="left")
    return out


def label(tension: float, threshold: float) -> str:
    """high (≥ threshold), elevated (≥ half of it) or low."""
    if tension >= threshold:
        return "high"
    if tension >= threshold / 2:
        return "elevated"
    return "low"


def tension_table(
    data: RelationData,
    countries: Sequence[str],
    options: TensionOptions | None = None,
    *,
    pairs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per pair of ``countries`` (or the given ``pairs``): components and tension.

    Columns: a, b, raw evidence (rivalry_name, mid_hostility, conflict_intensity,
    friction_level, territorial_pct_min, contiguity_type, alliance, …), normalised values
    ``v_<component>``, contributions ``w_<component>`` (= weight × value), ``tension``,
    ``tension_label``, ``high`` and ``drivers`` (components that contribute, largest first).
    """
    options = options or TensionOptions()
    base = all_pairs(countries) if pairs is None else pairs[["a", "b"]].copy()
    out = _merge(
        base,
        _rivalries(data),
        _mids(data, options.mid_years),
        _conflicts(data, options.conflict_years),
        _frictions(data, options.friction_years),
        _alliances(data),
        _contiguity(data),
    )
    for column in NUMERIC_COLUMNS:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    for column in ("rivalry", "mid_hostility", "conflict_intensity", "alliance"):
        out[column] = out[column].fillna(0.0)
    for column in ("mid_disputes", "conflict_years", "friction_level", "friction_rows"):
        out[column] = out[column].fillna(0.0).astype(int)
    out["contiguous"] = out["contiguity_type"].notna()
    pct = data.monadic["territorial_pct"]
    pa, pb = out["a"].map(pct), out["b"].map(pct)
    out["territorial_pct_min"] = np.fmin(pa, pb).where(pa.notna() & pb.notna())
    values = {
        "rivalry": out["rivalry"],
        "armed_conflict": out["conflict_intensity"].map(
            lambda i: 1.0 if i >= 2 else MINOR_CONFLICT if i >= 1 else 0.0
        ),
        "mid": out["mid_hostility"] / HOSTILITY_MAX,
        "friction": out["friction_level"] / friction_file.MAX_LEVEL,
        "territorial": out["territorial_pct_min"].where(out["contiguous"], 0.0),
    }
    weights = options.weights.as_dict()
    survive = pd.Series(1.0, index=out.index)
    for name in COMPONENTS:
        out[f"v_{name}"] = values[name].astype(float)
        out[f"w_{name}"] = weights[name] * out[f"v_{name}"]
        survive *= 1.0 - out[f"w_{name}"].fillna(0.0)
    out["tension"] = 1.0 - survive
    out["tension_label"] = out["tension"].map(lambda t: label(t, options.threshold))
    out["high"] = out["tension"] >= options.threshold
    contributions = np.nan_to_num(out[[f"w_{c}" for c in COMPONENTS]].to_numpy())
    ranks = np.argsort(-contributions, axis=1, kind="stable")
    out["drivers"] = [
        ", ".join(COMPONENTS[i] for i in order if row[i] > 0)
        for order, row in zip(ranks, contributions, strict=True)
    ]
    return out


def shared_blocs(data: RelationData, pairs: pd.DataFrame) -> pd.Series:
    """Blocs both countries of each pair belong to on ``as_of`` (sorted tuples)."""
    by_country = data.memberships.groupby("iso3")["bloc_id"].agg(frozenset)
    empty: frozenset[str] = frozenset()
    return pd.Series(
        [
            tuple(sorted(by_country.get(a, empty) & by_country.get(b, empty)))
            for a, b in zip(pairs["a"], pairs["b"], strict=True)
        ],
        index=pairs.index,
    )


def provenance(data: RelationData, dataset_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Citation, licence and vintage of the datasets named (those loaded), with data end."""
    out = []
    for dataset in dataset_ids:
        if dataset in data.sources:
            entry: dict[str, Any] = dict(data.sources[dataset])
            if dataset in data.data_end:
                entry["data_end"] = data.data_end[dataset]
            out.append(entry)
    return out
