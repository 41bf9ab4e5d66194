"""Which forums can carry an initiative: its pathway, its pillar and its participants.

* ``bloc`` — the summit of the roadmap's bloc, then the summits of every bloc whose
  members include all participants (smallest bloc first: the most specific table);
* ``heads-of-state`` — the AU Assembly when every participant is an AU member, the BRICS
  summit when every participant is in BRICS, the World Governments Summit and the UN
  General Assembly's high-level week;
* ``conference`` — the conferences of the initiative's subject (World Health Assembly for
  health and pharmaceuticals, ITU Plenipotentiary for cyber, …);
* ``global-south-summit`` — the proposed Global South summit, then the G77 ministerial.

Dormant and irregular forums stay in the list; the calendar simply has no session for them
unless the user confirms one.
"""

from __future__ import annotations

from collections.abc import Sequence

from southsouth.roadmap.calendar import Forum
from southsouth.roadmap.evidence import GroupEvidence

#: Conferences by subject, in order of preference.
CONFERENCES: dict[str, tuple[str, ...]] = {
    "health": ("WHA",),
    "pharma": ("WHA", "WTO-MC"),
    "science": ("UNESCO-GC", "HLC-SSC"),
    "technology": ("ITU-PP",),
    "cyber": ("ITU-PP", "CCPCJ"),
    "crime": ("CCPCJ",),
    "peacekeeping": ("UN-PK-MINISTERIAL",),
    "disaster": ("COP", "UN-PK-MINISTERIAL"),
    "economy": ("WTO-MC", "HLC-SSC"),
    "finance": ("HLC-SSC", "UNGA"),
    "religion": ("UNESCO-GC",),
    "security": ("UNGA",),
}
SUMMITS = ("GS-SUMMIT", "G77-MINISTERIAL")


def bloc_forums(
    ev: GroupEvidence, forums: dict[str, Forum], participants: Sequence[str]
) -> list[str]:
    """Summits of the roadmap's bloc, then of blocs holding every participant."""
    chosen = [f.forum_id for f in forums.values() if f.pathway == "bloc" and f.bloc_id == ev.group]
    people = set(participants)
    holding = sorted(
        (len(members), bloc)
        for bloc, members in ev.blocs.items()
        if len(people) >= 2 and people <= members and not bloc.startswith("WHO-")
    )
    for _, bloc in holding:
        chosen += [
            f.forum_id
            for f in forums.values()
            if f.bloc_id == bloc and f.pathway == "bloc" and f.forum_id not in chosen
        ]
    return chosen


def heads_of_state_forums(
    ev: GroupEvidence, forums: dict[str, Forum], participants: Sequence[str]
) -> list[str]:
    """Heads-of-state meetings open to all participants."""
    people = set(participants)
    chosen = []
    if people <= ev.blocs.get("AU", frozenset()):
        chosen.append("AU-ASSEMBLY")
    if people <= ev.blocs.get("BRICS", frozenset()):
        chosen.append("BRICS-SUMMIT")
    chosen += ["WGS", "UNGA"]
    return [f for f in chosen if f in forums]


def candidate_forums(
    ev: GroupEvidence,
    forums: dict[str, Forum],
    *,
    pathway: str,
    subject: str,
    participants: Sequence[str],
) -> tuple[str, ...]:
    """Forum ids for ``pathway``, best first (the planner falls back to :data:`SUMMITS`)."""
    if pathway == "bloc":
        chosen = bloc_forums(ev, forums, participants)
    elif pathway == "heads-of-state":
        chosen = heads_of_state_forums(ev, forums, participants)
    elif pathway == "conference":
        chosen = [f for f in CONFERENCES.get(subject, ()) if f in forums]
    else:
        chosen = [f for f in SUMMITS if f in forums]
    return tuple(chosen)


def preferred_pathway(ev: GroupEvidence, forums: dict[str, Forum]) -> str:
    """``bloc`` when the roadmap's group is a bloc with its own summit, else ``conference``."""
    own = any(f.bloc_id == ev.group and f.pathway == "bloc" for f in forums.values())
    return "bloc" if own else "conference"
