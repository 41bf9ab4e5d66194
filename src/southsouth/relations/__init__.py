"""Relations between countries: tensions, readiness to cooperate, coalitions."""

from southsouth.relations.coalitions import (
    Coalition,
    CoalitionResult,
    CoalitionSizeError,
    coalitions_from,
    find_coalitions,
)
from southsouth.relations.frictions import load_frictions
from southsouth.relations.objectives import OBJECTIVES, Objective, UnknownObjective, get_objective
from southsouth.relations.readiness import (
    PairRelations,
    ReadinessWeights,
    RelationsMap,
    describe_pair,
    pair_relations,
    pair_scores,
    relations_map,
)
from southsouth.relations.tensions import (
    RelationData,
    TensionOptions,
    TensionWeights,
    load_relation_data,
    tension_table,
)

__all__ = [
    "OBJECTIVES",
    "Coalition",
    "CoalitionResult",
    "CoalitionSizeError",
    "Objective",
    "PairRelations",
    "ReadinessWeights",
    "RelationData",
    "RelationsMap",
    "TensionOptions",
    "TensionWeights",
    "UnknownObjective",
    "coalitions_from",
    "describe_pair",
    "find_coalitions",
    "get_objective",
    "load_frictions",
    "load_relation_data",
    "pair_relations",
    "pair_scores",
    "relations_map",
    "tension_table",
]
