"""Evidence reads: indicators, observations, country profiles, the index, bloc comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.index.options import AGGREGATIONS, IMPUTATIONS, NORMALISATIONS, WEIGHTINGS
from southsouth.indicators.framework import PILLARS
from southsouth.periods import DATA_YEARS, TARGET_YEARS
from southsouth.service.declared import EVIDENCE_TABLES, Read, ReadParams
from southsouth.service.limits import DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS, MAX_SENSITIVITY
from southsouth.service.parameters import CountryText, DataYear, GroupText

if TYPE_CHECKING:
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace

#: Blocs compared when none are chosen, and the most compared at once.
DEFAULT_COMPARED = ("AU", "ASEAN")
MAX_COMPARED = 6


#: A year of an observation (projections included, e.g. UN WPP's).
ObservedYear = Annotated[int, Field(ge=DATA_YEARS.first, le=TARGET_YEARS.until)]


class NoParams(ReadParams):
    """A read without parameters."""


class ObservationsParams(ReadParams):
    """One indicator's values for some countries (or a group) and years."""

    indicator: Annotated[str, Field(min_length=1, max_length=120)]
    countries: Annotated[tuple[CountryText, ...], Field(max_length=50)] = ()
    group: GroupText | None = None
    years: Annotated[tuple[ObservedYear, ...], Field(max_length=300)] = ()


class ProfileParams(ReadParams):
    """A country and the reference year of its profile."""

    country: CountryText
    year: DataYear = None


class IndexParams(ReadParams):
    """A group's composite index: year, pillar, method choices, Monte Carlo draws."""

    group: GroupText = DEFAULT_GROUP
    year: DataYear = None
    pillar: Literal[PILLARS] | None = None  # type: ignore[valid-type]
    normalisation: Literal[NORMALISATIONS] | None = None  # type: ignore[valid-type]
    aggregation: Literal[AGGREGATIONS] | None = None  # type: ignore[valid-type]
    weights: Literal[WEIGHTINGS] | None = None  # type: ignore[valid-type]
    imputation: Literal[IMPUTATIONS] | None = None  # type: ignore[valid-type]
    draws: Annotated[int, Field(ge=0, le=MAX_DRAWS)] = DEFAULT_DRAWS
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = DEFAULT_SEED
    #: Sobol base samples for the sensitivity to the method's choices (0 = none).
    sensitivity: Annotated[int, Field(ge=0, le=MAX_SENSITIVITY)] = 0


class CompareParams(ReadParams):
    """Blocs to set side by side, and the reference year."""

    groups: Annotated[tuple[GroupText, ...], Field(min_length=1, max_length=MAX_COMPARED)] = (
        DEFAULT_COMPARED
    )
    year: DataYear = None


def _indicators(ws: Workspace, _: NoParams) -> Document:
    from southsouth.jsonable import records
    from southsouth.service.documents import ids_in, sources

    rows = records(ws.indicators().sort_values("indicator", kind="stable"))
    return {"items": rows, "sources": sources(ws, ids_in(rows, "source_id"))}


def _observations(ws: Workspace, p: ObservationsParams) -> Document:
    from southsouth.jsonable import records
    from southsouth.service.documents import ids_in, sources

    chosen: list[str] | str | None = list(p.countries) if p.countries else p.group
    frame = ws.observations(p.indicator, countries=chosen, years=list(p.years) or None)
    rows = records(frame.sort_values(["country_iso3", "year"], kind="stable"))
    return {"items": rows, "sources": sources(ws, ids_in(rows, "source_id"))}


def _profile(ws: Workspace, p: ProfileParams) -> Document:
    from southsouth.indicators.framework import load_framework
    from southsouth.service.documents import ids_in, sources

    result = ws.profile(p.country, year=p.year).as_dict()
    names = {pillar.id: pillar.name for pillar in (ws.framework or load_framework()).pillars}
    for pillar in result["pillars"]:
        pillar["name"] = names.get(pillar["pillar"], pillar["pillar"])
    entries = [e for p in result["pillars"] for e in p["indicators"]] + result["context"]
    result["items"] = [
        {"pillar": pillar["pillar"], **entry}
        for pillar in result["pillars"]
        for entry in pillar["indicators"]
    ] + [{"pillar": None, **entry} for entry in result["context"]]
    result["sources"] = sources(ws, ids_in(entries, "dataset"))
    return result


def _index(ws: Workspace, p: IndexParams) -> Document:
    from southsouth.service.documents import ids_in, sources

    built = ws.pillar_index(
        group=p.group,
        year=p.year,
        pillar=p.pillar,
        normalisation=p.normalisation,
        aggregation=p.aggregation,
        weights=p.weights,
        imputation=p.imputation,
        replications=p.draws,
        seed=p.seed,
        sensitivity=p.sensitivity,
    )
    whole = built.as_dict(p.pillar)
    pillar_scores = {row.pop("iso3"): row for row in whole["pillar_scores"]}
    rows = [{**row, "pillars": pillar_scores.get(row["iso3"], {})} for row in whole["scores"]]
    used = whole["sources"]
    return {
        "group": built.group,
        "year": built.year,
        "framework": built.framework,
        "pillar": p.pillar,
        "draws": p.draws,
        "seed": p.seed,
        "options": whole["options"],
        "items": rows,
        "weight_table": whole["weights"],
        "dropped": whole["dropped"],
        "notes": whole["notes"],
        **({"sensitivity": whole["sensitivity"]} if p.sensitivity else {}),
        "sources": sources(ws, ids_in(used, "source_id"), used),
    }


def _compare(ws: Workspace, p: CompareParams) -> Document:
    from southsouth.indicators.comparison import compare_groups
    from southsouth.indicators.framework import load_framework
    from southsouth.jsonable import records
    from southsouth.service.documents import sources

    groups = list(dict.fromkeys(p.groups))
    framework = ws.framework or load_framework()
    result = compare_groups(ws.warehouse, groups, year=p.year, framework=framework)
    rows = result.rows
    entities = list(dict.fromkeys(rows["group"]))
    names = {pillar.id: pillar.name for pillar in framework.pillars}
    return {
        "year": result.year,
        "framework": result.framework,
        "groups": entities,
        "pillar_names": names,
        "items": records(rows),
        "sources": sources(ws, result.dataset_ids),
    }


INDICATORS = Read(
    "indicators",
    "Loaded indicators with unit, coverage, source and licence",
    NoParams,
    _indicators,
    EVIDENCE_TABLES,
)
OBSERVATIONS = Read(
    "observations",
    "Values of one indicator by country and year, each with publisher, licence and vintage",
    ObservationsParams,
    _observations,
    EVIDENCE_TABLES,
)
PROFILE = Read(
    "profile",
    "A country across the pillars: latest value, score, light, trend and source",
    ProfileParams,
    _profile,
    EVIDENCE_TABLES,
)
INDEX = Read(
    "index",
    "The pillars' composite index of a group, with Monte Carlo rank bands",
    IndexParams,
    _index,
    EVIDENCE_TABLES,
    heavy=lambda p: p.draws > 0 or p.sensitivity > 0,
)
COMPARE = Read(
    "compare",
    "Blocs side by side on every framework indicator, with coverage and lights",
    CompareParams,
    _compare,
    EVIDENCE_TABLES,
    heavy=lambda p: True,
)
