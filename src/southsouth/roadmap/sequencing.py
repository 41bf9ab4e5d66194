"""The prerequisite graph and the sequencing rules of the founding text.

Rules (DESIGN.md, "Sequencing rules the planner must obey"), each turned into implied
prerequisites so the scheduler needs only one notion — an initiative starts after every
prerequisite's first cycle has ended:

* ``non-sensitive-first`` — every sensitive or deep-integration security initiative comes
  after every non-sensitive security initiative;
* ``protocols-first`` — every sensitive or deep-integration security initiative that is not
  itself a protocol comes after every protocol (intelligence sharing with safeguards, rules
  on jurisdiction, the territorial-claims mechanism);
* ``tied-to-economic-plan`` — every security framework comes after the regional economic
  plan(s); a security framework without any economic plan in the roadmap is an error.

A cycle — stated or created by the rules — is an error that names it.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from southsouth.errors import InputError
from southsouth.roadmap.model import ECONOMIC_PLAN, PROTOCOL, SECURITY_FRAMEWORK, Initiative

SECURITY_PILLARS = ("security_pragmatic", "security_integrated")


class PrerequisiteCycle(InputError):
    """Initiatives wait for each other in a circle."""

    code = "prerequisite-cycle"

    def __init__(self, cycle: Sequence[str], rules: dict[tuple[str, str], str]) -> None:
        self.cycle = tuple(cycle)
        steps = []
        for before, after in zip(cycle, (*cycle[1:], cycle[0]), strict=True):
            rule = rules.get((before, after))
            steps.append(f"{after} waits for {before}" + (f" (rule {rule})" if rule else ""))
        super().__init__(
            "prerequisite cycle (→ = comes before): "
            + " → ".join((*cycle, cycle[0]))
            + "; "
            + "; ".join(steps),
            hint="remove one of these prerequisites (or change a sensitivity or tag) in the "
            "initiatives file",
        )


class SequencingError(InputError):
    """The initiatives break a rule the planner cannot satisfy by ordering alone."""

    code = "sequencing-rule"


def is_sensitive_security(item: Initiative) -> bool:
    """Sensitive or deep-integration security initiatives."""
    return item.pillar in SECURITY_PILLARS and item.sensitivity != "non-sensitive"


def implied_prerequisites(items: Sequence[Initiative]) -> list[tuple[str, str, str]]:
    """(initiative, prerequisite, rule) triples the sequencing rules add."""
    non_sensitive = [
        i.id for i in items if i.pillar in SECURITY_PILLARS and i.sensitivity == "non-sensitive"
    ]
    protocol_ids = [i.id for i in items if PROTOCOL in i.tags]
    plans = [i.id for i in items if ECONOMIC_PLAN in i.tags]
    out: list[tuple[str, str, str]] = []
    for item in items:
        if is_sensitive_security(item):
            out += [(item.id, n, "non-sensitive-first") for n in non_sensitive]
            if PROTOCOL not in item.tags:
                out += [(item.id, p, "protocols-first") for p in protocol_ids]
        if SECURITY_FRAMEWORK in item.tags:
            if not plans:
                raise SequencingError(
                    f"security framework {item.id!r} is not tied to a regional economic plan",
                    hint=f"add an initiative tagged {ECONOMIC_PLAN!r} (or keep the catalogue's "
                    "regional-economic-plan)",
                )
            out += [(item.id, p, "tied-to-economic-plan") for p in plans]
    stated = {(i.id, p) for i in items for p in i.prerequisites}
    return [t for t in dict.fromkeys(out) if (t[0], t[1]) not in stated]


def prerequisite_graph(
    items: Sequence[Initiative], implied: Sequence[tuple[str, str, str]] = ()
) -> nx.DiGraph:
    """Edges prerequisite → initiative; raises on unknown ids, duplicates and cycles."""
    ids = [i.id for i in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(
            f"initiative ids used more than once: {', '.join(duplicates)}",
            hint="give each initiative its own id",
        )
    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    known = set(ids)
    for item in items:
        for prerequisite in item.prerequisites:
            if prerequisite not in known:
                raise InputError(
                    f"initiative {item.id!r} needs unknown prerequisite {prerequisite!r}",
                    hint="prerequisites are initiative ids of the same roadmap",
                )
            graph.add_edge(prerequisite, item.id)
    rules = {}
    for item_id, prerequisite, rule in implied:
        graph.add_edge(prerequisite, item_id)
        rules[(prerequisite, item_id)] = rule
    try:
        found = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return graph
    cycle = [edge[0] for edge in found]
    raise PrerequisiteCycle(cycle, rules)
