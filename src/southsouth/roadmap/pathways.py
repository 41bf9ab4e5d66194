"""Which forums can carry an initiative: its participants, its pathway, its subject and each
forum's mandate.

A forum is a candidate only when its mandate (the ``mandate`` column of ``forums.csv``)
covers the initiative's subject, and a forum tied to a bloc only when every participant is a
member of that bloc. Among those, best first:

* the roadmap's own bloc summit, whatever the pathway, when the roadmap's group is a bloc;
* ``bloc`` — then the summits of the other blocs holding every participant (smallest first:
  the most specific table). For the Group of 77 (a definition, not a bloc) its own forums —
  the G77 ministerial and the South Summit — lead, then the same bloc summits;
* ``heads-of-state`` — the AU Assembly, the BRICS summit (each when every participant is a
  member), the World Governments Summit and the UN General Assembly's high-level week;
* ``conference`` — the conferences of the subject (:data:`CONFERENCES`: the World Health
  Assembly for health, the ICAO Assembly for aviation, the COP for climate and disaster …),
  then the bloc summits and heads-of-state meetings above; for the :data:`REGIONAL` subjects
  (economy, trade, integration) the bloc summits come before the conferences, so an
  intra-African set goes to the AU Assembly (its free-trade area) before the WTO;
* ``global-south-summit`` — the G77's own forums for a G77 roadmap, then the proposed Global
  South summit, the G77 ministerial and the South Summit.

Dormant and irregular forums stay in the list; the calendar simply has no session for them
unless the user confirms one. :func:`forum_fit` states in one line why a forum carries an
initiative.
"""

from __future__ import annotations

from collections.abc import Sequence

from southsouth.errors import InputError
from southsouth.roadmap.calendar import SUBJECTS, Forum
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.model import Initiative
from southsouth.roadmap.wording import listing

#: Conferences by subject, in order of preference.
CONFERENCES: dict[str, tuple[str, ...]] = {
    "health": ("WHA",),
    "pharma": ("WHA", "WTO-MC"),
    "science": ("UNESCO-GC", "HLC-SSC"),
    "technology": ("ITU-PP",),
    "cyber": ("ITU-PP", "CCPCJ"),
    "crime": ("CCPCJ",),
    "peacekeeping": ("UN-PK-MINISTERIAL",),
    "disaster": ("COP",),
    "economy": ("WTO-MC", "HLC-SSC"),
    "trade": ("WTO-MC", "HLC-SSC"),
    "aviation": ("ICAO-ASSEMBLY",),
    "finance": ("HLC-SSC", "UNGA"),
    "religion": ("UNESCO-GC",),
    "security": ("UNGA",),
    "climate": ("COP",),
    "integration": ("HLC-SSC",),
}
#: Subjects a bloc's summit settles before a global conference does (regional markets).
REGIONAL: tuple[str, ...] = ("economy", "trade", "integration")
#: Heads-of-state meetings, in order of preference (a bloc's only when all are members).
HEADS_OF_STATE: tuple[str, ...] = ("AU-ASSEMBLY", "BRICS-SUMMIT", "WGS", "UNGA")
#: The Global South summits, in order of preference; the planner's fallback too.
SUMMITS: tuple[str, ...] = ("GS-SUMMIT", "G77-MINISTERIAL", "SOUTH-SUMMIT")
#: The registry's bloc id of the Group of 77 (the ``g77`` definition's forums).
G77 = "G77"
#: Pillar ids used as subjects (an initiatives file's additions) and the subject they mean.
PILLAR_SUBJECT: dict[str, str] = {
    "security_pragmatic": "security",
    "security_integrated": "security",
}
#: The subjects an initiative of each pillar can have, and how the pillar reads in a sentence.
PILLAR_SUBJECTS: dict[str, tuple[str, ...]] = {
    "science": ("science",),
    "technology": ("technology", "cyber"),
    "health": ("health",),
    "pharma": ("pharma",),
    "economy": ("economy", "trade", "aviation", "finance", "integration"),
    "religion": ("religion",),
    "security_pragmatic": ("peacekeeping", "disaster", "crime", "cyber", "security"),
    "security_integrated": ("security", "cyber"),
    "climate": ("climate", "disaster"),
}
PILLAR_WORDS: dict[str, str] = {
    "security_pragmatic": "pragmatic security",
    "security_integrated": "integrated security",
}


def subject_of(subject: str) -> str:
    """The mandate subject ``subject`` stands for (a pillar id maps to its subject)."""
    key = PILLAR_SUBJECT.get(subject, subject)
    if key not in SUBJECTS:
        raise InputError(f"unknown subject {subject!r}", hint=f"subjects are {', '.join(SUBJECTS)}")
    return key


def home_bloc(ev: GroupEvidence) -> str | None:
    """The bloc id whose forums are the roadmap group's own (None for other groups)."""
    if ev.kind == "bloc":
        return ev.group
    if ev.kind == "definition" and ev.group.upper() == G77:
        return G77
    return None


def holding_blocs(ev: GroupEvidence, participants: Sequence[str]) -> list[str]:
    """Blocs whose members include every participant: the roadmap's own bloc first, then
    the others (two participants or more) smallest first; WHO regions left out."""
    people = set(participants)
    if not people:
        return []
    home = home_bloc(ev)
    own = [home] if home is not None and people <= ev.blocs.get(home, frozenset()) else []
    others = sorted(
        (len(members), bloc)
        for bloc, members in ev.blocs.items()
        if len(people) >= 2 and people <= members and bloc != home and not bloc.startswith("WHO-")
    )
    return own + [bloc for _, bloc in others]


def _member_of(ev: GroupEvidence, forum: Forum, people: set[str]) -> bool:
    """Whether every participant belongs to the forum's bloc (True for an open forum)."""
    if forum.bloc_id is None:
        return True
    return bool(people) and people <= ev.blocs.get(forum.bloc_id, frozenset())


def candidate_forums(
    ev: GroupEvidence,
    forums: dict[str, Forum],
    *,
    pathway: str,
    subject: str,
    participants: Sequence[str],
) -> tuple[str, ...]:
    """Forum ids for ``pathway`` whose mandate covers ``subject``, best first.

    A bloc's forum is listed only when every participant is a member of the bloc. The
    planner falls back to :data:`SUMMITS` when none meets in time.
    """
    topic = subject_of(subject)
    people = set(participants)
    home = home_bloc(ev)
    holding = holding_blocs(ev, participants)
    own = [f.forum_id for f in forums.values() if home is not None and f.bloc_id == home]
    blocs = [
        f.forum_id
        for bloc in holding
        if bloc != home
        for f in forums.values()
        if f.bloc_id == bloc and f.pathway == "bloc"
    ]
    conferences = list(CONFERENCES[topic])
    first = own if ev.kind == "bloc" else []
    if pathway == "bloc":
        chosen = [*own, *blocs]
    elif pathway == "heads-of-state":
        chosen = [*first, *HEADS_OF_STATE]
    elif pathway == "conference":
        ordered = [*blocs, *conferences] if topic in REGIONAL else [*conferences, *blocs]
        chosen = [*first, *ordered, *HEADS_OF_STATE]
    else:
        chosen = [*own, *SUMMITS]
    out: list[str] = []
    for forum_id in chosen:
        forum = forums.get(forum_id)
        if forum is None or forum_id in out or not forum.covers(topic):
            continue
        if _member_of(ev, forum, people):
            out.append(forum_id)
    return tuple(out)


def covers_pillar(forum: Forum, pillar: str) -> bool:
    """Whether the forum's mandate covers a subject an initiative of ``pillar`` can have."""
    return any(forum.covers(s) for s in PILLAR_SUBJECTS.get(pillar, SUBJECTS))


def _mandate(forum: Forum, pillar: str, subject: str | None) -> str:
    if subject is not None:
        return f"its mandate covers {subject_of(subject)}"
    subjects = PILLAR_SUBJECTS.get(pillar, ())
    covered = [s for s in subjects if forum.covers(s)]
    if covered and len(covered) == len(subjects):
        return f"its mandate covers {PILLAR_WORDS.get(pillar, pillar)}"
    if covered:
        return f"its mandate covers {listing(covered, len(covered))}"
    return f"its mandate lists {listing(forum.mandate, len(forum.mandate))}"


def forum_fit(
    forum: Forum, item: Initiative, *, subject: str | None = None, fallback: bool = False
) -> str:
    """One line on why ``forum`` carries ``item``: membership and mandate.

    Membership is stated for a bloc's forum among the catalogue's candidates (listed only when
    every participant is a member); the mandate names ``subject`` (default: the initiative's
    own), else the subjects of the initiative's pillar the mandate covers. ``fallback`` says
    the forum is the planner's Global South fallback.
    """
    parts = []
    if fallback:
        listed = ", ".join(item.forums) or "none"
        parts.append(f"Global South fallback, none of its forums ({listed}) meets in time")
    elif forum.bloc_id and forum.forum_id in item.forums and item.origin == "catalogue":
        count = len(item.participants)
        who = {1: "its participant is", 2: "both participants are"}.get(
            count, f"all {count} participants are"
        )
        parts.append(f"{who} {forum.bloc_id} members")
    parts.append(_mandate(forum, item.pillar, subject or item.subject or None))
    return f"{forum.name}: " + "; ".join(parts)


def preferred_pathway(ev: GroupEvidence, forums: dict[str, Forum]) -> str:
    """``bloc`` when the roadmap's group is a bloc with its own summit, else ``conference``."""
    own = any(f.bloc_id == ev.group and f.pathway == "bloc" for f in forums.values())
    return "bloc" if own else "conference"
