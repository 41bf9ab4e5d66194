"""The user's initiatives file (YAML): drop, override or add initiatives, confirm forum dates.

::

    drop: [interfaith]
    override:
      pharma-hubs: {duration_years: 4, forums: [WHA], earliest_year: 2028}
    add:
      - id: medicines-agency
        pillar: pharma
        title: Operationalise the regional medicines agency
        rationale: Regulatory reliance lets one approval serve every member.
        kind: multilateral            # or plurilateral
        sensitivity: non-sensitive    # sensitive, deep-integration
        pathway: bloc                 # heads-of-state, conference, global-south-summit
        participants: [EGY, RWA, ZAF] # optional: default every member
        prerequisites: [pharma-hubs]
        duration_years: 5
        kpis:
          - {indicator: pharma_exports, target: 20}   # target optional: the green rule
    sessions:
      - {forum: GS-SUMMIT, date: 2027-09-20, note: confirmed by the host}

Every problem is reported with its line and field, all at once, and nothing is applied
unless the whole file is valid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from southsouth.errors import InputError, close_matches
from southsouth.roadmap.calendar import Forum, Session
from southsouth.roadmap.catalogue import Catalogue
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import make_kpi, spec_of
from southsouth.roadmap.model import PILLARS, Initiative, Kpi
from southsouth.roadmap.pathways import candidate_forums

ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
Path_ = tuple[str | int, ...]


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value


Number = Annotated[float, BeforeValidator(_no_bool)]
Whole = Annotated[int, BeforeValidator(_no_bool)]


class KpiEntry(BaseModel):
    """A KPI request: indicator, optional target, optional scope."""

    model_config = ConfigDict(extra="forbid")
    indicator: str
    target: Number | None = None
    scope: Literal["participants", "group"] | None = None


class Changes(BaseModel):
    """Fields an override may change."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, min_length=3)
    rationale: str | None = None
    kind: Literal["multilateral", "plurilateral"] | None = None
    sensitivity: Literal["non-sensitive", "sensitive", "deep-integration"] | None = None
    pathway: Literal["bloc", "heads-of-state", "conference", "global-south-summit"] | None = None
    forums: list[str] | None = None
    participants: list[str] | None = None
    prerequisites: list[str] | None = None
    tags: list[Literal["protocol", "economic-plan", "security-framework"]] | None = None
    duration_years: Whole | None = Field(default=None, ge=1, le=30)
    earliest_year: Whole | None = Field(default=None, ge=2026, le=2055)
    kpis: list[KpiEntry] | None = Field(default=None, min_length=1)


class NewInitiative(Changes):
    """A whole new initiative."""

    id: str
    pillar: Literal[PILLARS]  # type: ignore[valid-type]
    title: str = Field(min_length=3)
    rationale: str = ""
    kind: Literal["multilateral", "plurilateral"] = "multilateral"
    sensitivity: Literal["non-sensitive", "sensitive", "deep-integration"] = "non-sensitive"
    pathway: Literal["bloc", "heads-of-state", "conference", "global-south-summit"] = "bloc"
    duration_years: Whole = Field(default=5, ge=1, le=30)
    kpis: list[KpiEntry] = Field(min_length=1)


class SessionEntry(BaseModel):
    """A confirmed forum session."""

    model_config = ConfigDict(extra="forbid")
    forum: str
    date: date
    note: str = ""


class InitiativesFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid")
    drop: list[str] = []
    override: dict[str, Changes] = {}
    add: list[NewInitiative] = []
    sessions: list[SessionEntry] = []


@dataclass(frozen=True)
class Problem:
    """One problem: line, dotted field path and message."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


class InitiativesFileError(InputError):
    """The initiatives file is invalid; nothing was applied."""

    code = "initiatives-file-invalid"

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"{path}: {count}; nothing was applied:\n{lines}",
            hint="fix the lines named (the format is described in `southsouth roadmap --help`)",
        )


@dataclass(frozen=True)
class Located:
    """Parsed YAML with the line of every value (1-based) by path."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Sequence[str | int]) -> int:
        """The line of ``path`` or of its nearest ancestor."""
        key = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(value, (*path, str(key.value)), lines)
            lines[(*path, str(key.value))] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def parse_located(text: str, where: str) -> Located:
    """YAML → data and line map; a syntax error names its line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise InitiativesFileError(
            where, [Problem(line, "(syntax)", str(exc.problem or exc).strip())]
        ) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Located(data if data is not None else {}, lines)


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_initiatives_file(path: Path) -> tuple[InitiativesFile, Located]:
    """Read and validate the file's shape (not yet its ids against the roadmap)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read initiatives file {path}: {exc}", hint="give a readable UTF-8 YAML file"
        ) from None
    located = parse_located(text, str(path))
    if not isinstance(located.data, dict):
        raise InitiativesFileError(
            str(path),
            [Problem(1, "(top level)", "expected a mapping with drop/override/add/sessions")],
        )
    try:
        parsed = InitiativesFile.model_validate(located.data)
    except ValidationError as exc:
        problems = [
            Problem(located.line(e["loc"]), _dotted(e["loc"]), e["msg"]) for e in exc.errors()
        ]
        raise InitiativesFileError(str(path), problems) from None
    return parsed, located


@dataclass
class _Checker:
    located: Located
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Sequence[str | int], message: str) -> None:
        self.problems.append(Problem(self.located.line(path), _dotted(path), message))


def _kpis(
    ev: GroupEvidence,
    entries: Sequence[KpiEntry],
    participants: Sequence[str] | None,
    base: Path_,
    check: _Checker,
) -> tuple[Kpi, ...]:
    out = []
    for n, entry in enumerate(entries):
        where = (*base, n, "indicator")
        try:
            spec = spec_of(ev, entry.indicator)
        except KeyError:
            known = [i.id for i in (*ev.framework.indicators, *ev.framework.context)]
            hits = close_matches(entry.indicator, known)
            check.add(
                where,
                f"unknown indicator {entry.indicator!r}"
                + (f"; did you mean {', '.join(hits)}?" if hits else ""),
            )
            continue
        if entry.target is None and spec.trend_target is None:
            check.add((*base, n), f"{spec.id} has no green threshold: give a target")
            continue
        scope = None if entry.scope == "group" or participants is None else list(participants)
        kpi = make_kpi(
            ev,
            spec.id,
            countries=scope,
            target=entry.target,
            basis="set in the initiatives file" if entry.target is not None else "",
        )
        if kpi is None:
            check.add(
                where,
                f"no baseline for {spec.id} over "
                f"{'the group' if scope is None else 'the participants'} (too little data)",
            )
            continue
        out.append(kpi)
    return tuple(out)


def _participants(
    ev: GroupEvidence, values: Sequence[str], base: Path_, check: _Checker
) -> tuple[str, ...]:
    members = set(ev.iso3)
    chosen = []
    for n, code in enumerate(values):
        iso3 = code.strip().upper()
        if iso3 not in members:
            hits = close_matches(code, sorted(members))
            check.add(
                (*base, n),
                f"{code!r} is not a member of {ev.name}"
                + (f"; did you mean {', '.join(hits)}?" if hits else ""),
            )
        else:
            chosen.append(iso3)
    return tuple(chosen)


def _forums(
    forums: dict[str, Forum], values: Sequence[str], base: Path_, check: _Checker
) -> tuple[str, ...]:
    for n, forum in enumerate(values):
        if forum not in forums:
            hits = close_matches(forum, forums)
            check.add(
                (*base, n),
                f"unknown forum {forum!r}" + (f"; did you mean {', '.join(hits)}?" if hits else ""),
            )
    return tuple(values)


def apply_initiatives_file(
    path: Path,
    catalogue: Catalogue,
    ev: GroupEvidence,
    forums: dict[str, Forum],
) -> tuple[tuple[Initiative, ...], tuple[Session, ...]]:
    """The catalogue's initiatives with the file applied, and its confirmed sessions.

    Raises InitiativesFileError listing every problem (line and field); applies nothing
    unless all is valid.
    """
    parsed, located = load_initiatives_file(path)
    check = _Checker(located)
    items = {i.id: i for i in catalogue.initiatives}
    for n, item_id in enumerate(parsed.drop):
        if item_id not in items:
            hits = close_matches(item_id, items)
            check.add(
                ("drop", n),
                f"no initiative {item_id!r} to drop"
                + (f"; did you mean {', '.join(hits)}?" if hits else ""),
            )
    dropped = set(parsed.drop)
    for n, new in enumerate(parsed.add):
        base: Path_ = ("add", n)
        if not ID.match(new.id):
            check.add((*base, "id"), "ids are 2–63 lowercase letters, digits and hyphens")
        if new.id in items and new.id not in dropped:
            check.add((*base, "id"), f"{new.id!r} already exists; use override to change it")
        people = (
            _participants(ev, new.participants, (*base, "participants"), check)
            if new.participants is not None
            else tuple(ev.iso3)
        )
        kpis = _kpis(
            ev, new.kpis, people if new.participants is not None else None, (*base, "kpis"), check
        )
        forum_ids = (
            _forums(forums, new.forums, (*base, "forums"), check)
            if new.forums is not None
            else candidate_forums(
                ev, forums, pathway=new.pathway, subject=new.pillar, participants=people
            )
        )
        items[new.id] = Initiative(
            id=new.id,
            pillar=new.pillar,
            title=new.title,
            rationale=new.rationale,
            kind=new.kind,
            sensitivity=new.sensitivity,
            pathway=new.pathway,
            forums=forum_ids,
            participants=people,
            kpis=kpis,
            duration_years=new.duration_years,
            prerequisites=tuple(new.prerequisites or ()),
            tags=tuple(new.tags or ()),
            earliest_year=new.earliest_year,
            origin="file",
        )
    for item_id, changes in parsed.override.items():
        base = ("override", item_id)
        if item_id not in items or item_id in dropped:
            hits = close_matches(item_id, items)
            check.add(
                base,
                f"no initiative {item_id!r} to override"
                + (f"; did you mean {', '.join(hits)}?" if hits else ""),
            )
            continue
        items[item_id] = _override(items[item_id], changes, base, ev, forums, check)
    remaining = {k: v for k, v in items.items() if k not in dropped}
    for item_id, item in remaining.items():
        for prerequisite in item.prerequisites:
            if prerequisite not in remaining:
                where = _prerequisite_path(parsed, item_id)
                reason = "is dropped" if prerequisite in dropped else "does not exist"
                check.add(where, f"{item_id} needs {prerequisite!r}, which {reason}")
    sessions = []
    for n, entry in enumerate(parsed.sessions):
        if entry.forum not in forums:
            hits = close_matches(entry.forum, forums)
            check.add(
                ("sessions", n, "forum"),
                f"unknown forum {entry.forum!r}"
                + (f"; did you mean {', '.join(hits)}?" if hits else ""),
            )
        elif not 2026 <= entry.date.year <= 2055:
            check.add(("sessions", n, "date"), "sessions must fall in 2026–2055")
        sessions.append(Session(entry.forum, entry.date, entry.note))
    if check.problems:
        raise InitiativesFileError(str(path), sorted(check.problems, key=lambda p: p.line))
    return tuple(remaining.values()), tuple(sessions)


def _prerequisite_path(parsed: InitiativesFile, item_id: str) -> Path_:
    for n, new in enumerate(parsed.add):
        if new.id == item_id:
            return ("add", n, "prerequisites")
    if item_id in parsed.override:
        return ("override", item_id, "prerequisites")
    return ("drop",)


def _override(
    item: Initiative,
    changes: Changes,
    base: Path_,
    ev: GroupEvidence,
    forums: dict[str, Forum],
    check: _Checker,
) -> Initiative:
    given = changes.model_dump(exclude_unset=True)
    updates: dict[str, Any] = {}
    for name in (
        "title",
        "rationale",
        "kind",
        "sensitivity",
        "pathway",
        "duration_years",
        "earliest_year",
    ):
        if name in given:
            updates[name] = given[name]
    if changes.participants is not None:
        updates["participants"] = _participants(
            ev, changes.participants, (*base, "participants"), check
        )
    if changes.forums is not None:
        updates["forums"] = _forums(forums, changes.forums, (*base, "forums"), check)
    if changes.prerequisites is not None:
        updates["prerequisites"] = tuple(changes.prerequisites)
    if changes.tags is not None:
        updates["tags"] = tuple(changes.tags)
    if changes.kpis is not None:
        people = updates.get("participants", item.participants)
        updates["kpis"] = _kpis(ev, changes.kpis, people, (*base, "kpis"), check)
    return replace(item, **updates, origin="file")
