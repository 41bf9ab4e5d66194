"""The forum calendar: which bloc summits, heads-of-state meetings and conferences meet when.

``data/forums.csv`` describes each forum's cycle with a cited source, its mandate: the
subjects (:data:`SUBJECTS`) it can adopt, and who decides there: the deciding body as it reads
in a sentence, the register of its decisions (:data:`REGISTERS`) and the body that follows
them up, with the source that states it. Sessions are
generated from the cycle and are **indicative**: the usual month (the 15th), or 1 July
when the month is not fixed. Confirmed dates given by the user (an initiatives file's
``sessions``) replace the generated session of that forum and year. Irregular forums
have no future sessions unless the user gives them; dormant forums never do.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources

from southsouth.errors import InputError, close_matches
from southsouth.roadmap.model import PATHWAYS, Meeting

#: Subjects an initiative can have and a forum's mandate can cover.
SUBJECTS: tuple[str, ...] = (
    "health",
    "pharma",
    "science",
    "technology",
    "cyber",
    "crime",
    "peacekeeping",
    "disaster",
    "economy",
    "trade",
    "aviation",
    "finance",
    "religion",
    "security",
    "climate",
    "integration",
)
#: How a forum's outcome document speaks: ``decides`` (an assembly or council decides),
#: ``agree`` (heads of state or ministers agree in a declaration), ``requests`` (the World
#: Health Assembly decides and requests its Director-General), ``cop`` (a Conference of the
#: Parties decides and invites Parties), ``resolves`` (a treaty organisation's assembly
#: resolves and instructs), ``pledge`` (ministers pledge).
REGISTERS: tuple[str, ...] = ("decides", "agree", "requests", "cop", "resolves", "pledge")
RECURRENCES = {"annual": 1, "semiannual": 1, "biennial": 2, "triennial": 3, "quadrennial": 4}
NO_CYCLE = ("irregular", "dormant")
FILE = "forums.csv"
COLUMNS = (
    "forum_id",
    "name",
    "pathway",
    "bloc_id",
    "recurrence",
    "months",
    "anchor_year",
    "status",
    "place",
    "source",
    "source_url",
    "body",
    "register",
    "follow_up",
    "decision_source",
    "decision_source_url",
    "mandate",
)


class UnknownForum(InputError):
    """No forum in the calendar has this id."""

    code = "unknown-forum"


@dataclass(frozen=True)
class Forum:
    """A forum, its cycle with the source that states it, and the subjects it can adopt."""

    forum_id: str
    name: str
    pathway: str
    bloc_id: str | None
    recurrence: str
    months: tuple[int, ...]
    anchor_year: int | None
    status: str
    place: str
    source: str
    source_url: str
    mandate: tuple[str, ...]
    body: str = ""
    register: str = "decides"
    follow_up: str = ""
    decision_source: str = ""
    decision_source_url: str = ""

    def covers(self, subject: str) -> bool:
        """Whether the forum's mandate covers ``subject``."""
        return subject in self.mandate

    def sessions(self, first: int, last: int) -> list[Meeting]:
        """Generated (indicative) sessions in years ``first`` … ``last``."""
        if self.recurrence in NO_CYCLE:
            return []
        step = RECURRENCES[self.recurrence]
        anchor = self.anchor_year if self.anchor_year is not None else first
        out = []
        for year in range(first, last + 1):
            if (year - anchor) % step:
                continue
            for month in self.months or (0,):
                day = date(year, month, 15) if month else date(year, 7, 1)
                note = "usual month" if month else "month not fixed"
                out.append(Meeting(self.forum_id, self.name, self.pathway, day, True, note))
        return out


@dataclass(frozen=True)
class Session:
    """A confirmed session date given by the user."""

    forum_id: str
    day: date
    note: str = ""


def _row(row: dict[str, str], line: int) -> Forum:
    where = f"{FILE} line {line}"
    recurrence = row["recurrence"]
    if recurrence not in RECURRENCES and recurrence not in NO_CYCLE:
        raise InputError(f"{where}: unknown recurrence {recurrence!r}", hint="fix the data file")
    if row["pathway"] not in PATHWAYS:
        raise InputError(f"{where}: unknown pathway {row['pathway']!r}", hint="fix the data file")
    months = tuple(int(m) for m in row["months"].split(";") if m.strip())
    if any(not 1 <= m <= 12 for m in months):
        raise InputError(f"{where}: months must be 1–12", hint="fix the data file")
    if not row["source"] or not row["source_url"]:
        raise InputError(f"{where}: every forum needs a source", hint="fix the data file")
    mandate = parse_subjects(row["mandate"], where, empty="every forum needs a mandate")
    if row["register"] not in REGISTERS:
        raise InputError(
            f"{where}: unknown register {row['register']!r}",
            hint=f"registers are {', '.join(REGISTERS)}",
        )
    decision = ("body", "follow_up", "decision_source", "decision_source_url")
    if not all(row[c] for c in decision):
        raise InputError(
            f"{where}: every forum needs {', '.join(decision)}", hint="fix the data file"
        )
    return Forum(
        forum_id=row["forum_id"],
        name=row["name"],
        pathway=row["pathway"],
        bloc_id=row["bloc_id"] or None,
        recurrence=recurrence,
        months=months,
        anchor_year=int(row["anchor_year"]) if row["anchor_year"] else None,
        status=row["status"],
        place=row["place"],
        source=row["source"],
        source_url=row["source_url"],
        mandate=mandate,
        body=row["body"],
        register=row["register"],
        follow_up=row["follow_up"],
        decision_source=row["decision_source"],
        decision_source_url=row["decision_source_url"],
    )


def parse_subjects(cell: str | None, where: str, *, empty: str) -> tuple[str, ...]:
    """The ``;``-separated subjects of a data-file cell; at least one (else ``empty``), each
    known."""
    subjects = tuple(t.strip() for t in (cell or "").split(";") if t.strip())
    if not subjects:
        raise InputError(f"{where}: {empty}", hint="fix the data file")
    unknown = [t for t in subjects if t not in SUBJECTS]
    if unknown:
        raise InputError(
            f"{where}: unknown subject {unknown[0]!r}", hint=f"subjects are {', '.join(SUBJECTS)}"
        )
    return subjects


def data_rows(file: str, text: str, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a data file's CSV text; raises when a column is missing."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise InputError(f"{file}: missing columns {', '.join(missing)}", hint="fix the data file")
    return enumerate(reader, start=2)


def parse_forums(text: str) -> dict[str, Forum]:
    """The forums of a calendar file's text, by id; raises on a malformed row."""
    forums = [_row(row, number) for number, row in data_rows(FILE, text, COLUMNS)]
    return {f.forum_id: f for f in forums}


def load_forums() -> dict[str, Forum]:
    """Every forum of the calendar data file, by id."""
    text = resources.files("southsouth.roadmap.data").joinpath(FILE).read_text("utf-8")
    return parse_forums(text)


def check_forum(forums: dict[str, Forum], forum_id: str) -> Forum:
    """The forum ``forum_id`` or an error suggesting close ids."""
    if forum_id not in forums:
        hits = close_matches(forum_id, forums)
        raise UnknownForum(
            f"unknown forum {forum_id!r}" + (f"; did you mean {', '.join(hits)}?" if hits else ""),
            hint="forum ids are listed by `southsouth roadmap forums`",
        )
    return forums[forum_id]


def meetings(
    forums: dict[str, Forum],
    first: int,
    last: int,
    *,
    confirmed: Sequence[Session] = (),
    after: date | None = None,
) -> list[Meeting]:
    """Sessions of every forum in ``first`` … ``last`` (on or after ``after``), sorted.

    A confirmed session replaces the generated sessions of its forum in its year.
    """
    chosen: list[Meeting] = []
    confirmed_years = {(s.forum_id, s.day.year) for s in confirmed}
    for forum in forums.values():
        chosen += [
            m
            for m in forum.sessions(first, last)
            if (forum.forum_id, m.day.year) not in confirmed_years
        ]
    for session in confirmed:
        forum = check_forum(forums, session.forum_id)
        if first <= session.day.year <= last:
            note = session.note or "confirmed date (initiatives file)"
            chosen.append(
                Meeting(forum.forum_id, forum.name, forum.pathway, session.day, False, note)
            )
    if after is not None:
        chosen = [m for m in chosen if m.day >= after]
    return sorted(chosen, key=lambda m: (m.day, m.forum_id))


def next_meeting(
    sessions: Iterable[Meeting], forum_ids: Sequence[str], ready: date
) -> Meeting | None:
    """The earliest session of any of ``forum_ids`` on or after ``ready``.

    Ties go to the forum listed first.
    """
    rank = {f: i for i, f in enumerate(forum_ids)}
    best: Meeting | None = None
    for meeting in sessions:
        if meeting.forum_id not in rank or meeting.day < ready:
            continue
        if best is None or (meeting.day, rank[meeting.forum_id]) < (best.day, rank[best.forum_id]):
            best = meeting
    return best
