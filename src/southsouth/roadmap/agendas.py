"""Agendas the blocs have already adopted, the goals an initiative serves, and the goals no
initiative serves.

``data/agendas.csv`` lists, with the adopting decision and a public source per row, the goals
of the agendas blocs adopted (Agenda 2063, the AfCFTA, the African Medicines Agency, the ASEAN
Community Vision 2045 and the AEC Blueprint, the Treaty of Asunción, the SADC RISDP …) and the
global ones every group has (the SDGs, the Paris Agreement, the Sendai Framework), each with the
subjects it covers (the forums' mandate vocabulary, :data:`~southsouth.roadmap.calendar.SUBJECTS`).

An initiative serves a goal when the goal covers the initiative's subject and the goal is global
or adopted by a bloc holding every participant (:func:`~southsouth.roadmap.pathways.holding_blocs`).
The goals a roadmap's group adopted are its own bloc's and the global ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from southsouth.errors import InputError
from southsouth.roadmap.calendar import data_rows, parse_subjects
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.model import Initiative
from southsouth.roadmap.pathways import holding_blocs, home_bloc, subject_of

FILE = "agendas.csv"
COLUMNS = (
    "agenda_id",
    "agenda",
    "goal_id",
    "bloc_id",
    "goal",
    "within",
    "subjects",
    "decision",
    "source_url",
)
#: The ``bloc_id`` of an agenda every group has (the SDGs, the Paris Agreement …).
GLOBAL = "global"


@dataclass(frozen=True)
class AgendaGoal:
    """One goal of an adopted agenda, the subjects it covers and the decision that adopted it."""

    agenda_id: str
    agenda: str
    goal_id: str
    bloc_id: str
    goal: str
    within: str
    subjects: tuple[str, ...]
    decision: str
    source_url: str

    @property
    def key(self) -> str:
        """``agenda:goal``, unique in the file."""
        return f"{self.agenda_id}:{self.goal_id}"

    def adopted_by(self, blocs: Sequence[str]) -> bool:
        """Whether the goal is global or adopted by one of ``blocs``."""
        return self.bloc_id == GLOBAL or self.bloc_id in blocs

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "key": self.key,
            "agenda_id": self.agenda_id,
            "agenda": self.agenda,
            "goal_id": self.goal_id,
            "bloc_id": self.bloc_id,
            "goal": self.goal,
            "within": self.within,
            "subjects": list(self.subjects),
            "decision": self.decision,
            "source_url": self.source_url,
        }


def _row(row: dict[str, str], line: int) -> AgendaGoal:
    where = f"{FILE} line {line}"
    fix = "fix the data file"
    for column in ("agenda_id", "agenda", "goal_id", "bloc_id", "goal"):
        if not (row[column] or "").strip():
            raise InputError(f"{where}: every goal needs {column}", hint=fix)
    if not (row["decision"] or "").strip() or not (row["source_url"] or "").startswith("http"):
        raise InputError(
            f"{where}: every goal needs the adopting decision and its source URL", hint=fix
        )
    subjects = parse_subjects(row["subjects"], where, empty="every goal needs a subject")
    return AgendaGoal(
        agenda_id=row["agenda_id"].strip(),
        agenda=row["agenda"].strip(),
        goal_id=row["goal_id"].strip(),
        bloc_id=row["bloc_id"].strip(),
        goal=row["goal"].strip(),
        within=(row["within"] or "").strip(),
        subjects=subjects,
        decision=row["decision"].strip(),
        source_url=row["source_url"].strip(),
    )


def parse_agendas(text: str) -> tuple[AgendaGoal, ...]:
    """The goals of an agendas file's text, in file order; raises on a malformed row or a goal
    listed twice."""
    goals = tuple(_row(row, number) for number, row in data_rows(FILE, text, COLUMNS))
    keys = [g.key for g in goals]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise InputError(
            f"{FILE}: goals listed twice: {', '.join(twice)}", hint="fix the data file"
        )
    return goals


@cache
def load_agendas() -> tuple[AgendaGoal, ...]:
    """Every goal of the data file, in file order (read once)."""
    text = resources.files("southsouth.roadmap.data").joinpath(FILE).read_text("utf-8")
    return parse_agendas(text)


def goals_by_key() -> dict[str, AgendaGoal]:
    """Every goal of the data file by ``agenda:goal`` key."""
    return {g.key: g for g in load_agendas()}


def goals_for(
    ev: GroupEvidence, subject: str, participants: Sequence[str]
) -> tuple[AgendaGoal, ...]:
    """The goals an initiative on ``subject`` with ``participants`` serves, in file order."""
    topic = subject_of(subject)
    blocs = holding_blocs(ev, participants)
    return tuple(g for g in load_agendas() if topic in g.subjects and g.adopted_by(blocs))


def adopted_goals(ev: GroupEvidence) -> tuple[AgendaGoal, ...]:
    """The goals the roadmap's group adopted: its own bloc's, then the global ones."""
    home = home_bloc(ev)
    own = tuple(g for g in load_agendas() if home is not None and g.bloc_id == home)
    return own + tuple(g for g in load_agendas() if g.bloc_id == GLOBAL)


def with_agenda_goals(ev: GroupEvidence, items: Sequence[Initiative]) -> tuple[Initiative, ...]:
    """``items``, each naming the goals it serves (an initiative without a subject: none)."""
    out = []
    for item in items:
        subject = item.subject or ""
        goals = goals_for(ev, subject, item.participants) if subject else ()
        out.append(replace(item, agenda_goals=tuple(g.key for g in goals)))
    return tuple(out)


@dataclass(frozen=True)
class Alignment:
    """Which initiative serves which adopted goal, and the adopted goals none serves."""

    rows: tuple[tuple[str, str], ...]
    adopted: tuple[AgendaGoal, ...]
    unserved: tuple[AgendaGoal, ...]

    def served_by(self, key: str) -> tuple[str, ...]:
        """Initiative ids serving goal ``key``."""
        return tuple(i for i, g in self.rows if g == key)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping: the goals (the group's adopted ones first, then the others its
        initiatives serve), each with the initiatives serving it, and the unserved ones."""
        known = goals_by_key()
        adopted = [g.key for g in self.adopted]
        keys = dict.fromkeys([*adopted, *(g for _, g in self.rows)])
        return {
            "rule": "an initiative serves a goal that covers its subject and is global or "
            "adopted by a bloc holding all its participants",
            "goals": [
                {
                    **known[k].as_dict(),
                    "adopted_by_group": k in adopted,
                    "initiatives": list(self.served_by(k)),
                }
                for k in keys
            ],
            "unserved": [g.key for g in self.unserved],
        }


def alignment(ev: GroupEvidence, items: Sequence[Initiative]) -> Alignment:
    """Initiative × goal pairs of ``items`` (their ``agenda_goals``) and the group's adopted
    goals no item serves."""
    rows = tuple((i.id, key) for i in items for key in i.agenda_goals)
    served = {key for _, key in rows}
    adopted = adopted_goals(ev)
    return Alignment(rows, adopted, tuple(g for g in adopted if g.key not in served))
