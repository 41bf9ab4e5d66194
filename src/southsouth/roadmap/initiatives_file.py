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

Every problem is reported with its line and field, all at once (a bad entry does not hide
the problems of the others), and nothing is applied unless the whole file is valid. The file
is read safely: at most ``MAX_BYTES``; no YAML anchors or aliases (so no alias bombs); at
most ``MAX_DEPTH`` levels and ``MAX_NODES`` values — each refused before any object is built.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from southsouth.errors import InputError, close_matches
from southsouth.roadmap.calendar import Forum, Session
from southsouth.roadmap.catalogue import Catalogue
from southsouth.roadmap.catalogue.need import provisional_note
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import USER_BASIS, make_kpi, spec_of
from southsouth.roadmap.model import PILLARS, Initiative, Kpi
from southsouth.roadmap.pathways import candidate_forums

ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
Path_ = tuple[str | int, ...]
#: The largest file read (bytes); real initiatives files are a few kilobytes.
MAX_BYTES = 256_000
#: The deepest nesting accepted (the format itself needs six levels).
MAX_DEPTH = 32
#: The most YAML values (scalars, lists, mappings) accepted in one file.
MAX_NODES = 10_000


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
    """Parsed YAML with the line of every value (1-based) by path, and its duplicate keys."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: tuple[Problem, ...] = ()

    def line(self, path: Sequence[str | int]) -> int:
        """The line of ``path`` or of its nearest ancestor."""
        key = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors and aliases, deep nesting and too many values.

    The checks run as each node is composed, before any Python object is built, so no
    input can make the loader expand or recurse beyond these bounds.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        """Compose one node, or raise ComposerError at the offending mark."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            name = f"{'*' if isinstance(event, yaml.AliasEvent) else '&'}{event.anchor}"
            raise yaml.composer.ComposerError(
                problem=f"YAML anchors and aliases ({name}) are not allowed; "
                "write each value out in full",
                problem_mark=event.start_mark,
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise yaml.composer.ComposerError(
                problem=f"more than {MAX_NODES:,} values; split the file or remove entries",
                problem_mark=event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    problem=f"nested more than {MAX_DEPTH} levels deep; the format needs at most 6",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], duplicates: list[Problem]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + 1
            if name in seen:
                duplicates.append(
                    Problem(
                        line,
                        _dotted((*path, name)),
                        f"duplicate key {name!r} (also on line {seen[name]}; the last one "
                        "counts); give each key once",
                    )
                )
            seen[name] = line
            _walk(value, (*path, name), lines, duplicates)
            lines[(*path, name)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, duplicates)


def _syntax(where: str, line: int, message: str) -> InitiativesFileError:
    return InitiativesFileError(where, [Problem(line, "(syntax)", message)])


def parse_located(text: str, where: str) -> Located:
    """YAML → data and line map; a syntax error or refused construct names its line.

    Anchors and aliases are refused, as are more than MAX_DEPTH levels or MAX_NODES values.
    """
    try:
        loader = _BoundedLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise _syntax(
            where, line, f"character #x{exc.character:04x} is not allowed in YAML"
        ) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise _syntax(where, line, str(exc.problem or exc).strip()) from None
    except yaml.YAMLError as exc:
        raise _syntax(where, 1, str(exc).strip()) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _walk(node, (), lines, duplicates)
    return Located(data if data is not None else {}, lines, tuple(duplicates))


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def read_text_capped(path: Path, limit: int = MAX_BYTES) -> str:
    """The file's text, reading at most ``limit + 1`` bytes; larger files are refused."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
        if len(raw) > limit:
            raise InitiativesFileError(
                str(path),
                [
                    Problem(
                        1,
                        "(file)",
                        f"the file is larger than {limit:,} bytes; initiatives files are a "
                        "few kilobytes",
                    )
                ],
            )
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read initiatives file {path}: {exc}", hint="give a readable UTF-8 YAML file"
        ) from None


@dataclass(frozen=True)
class Entries:
    """The file's entries whose shape is valid, each with its position in the file."""

    drop: tuple[tuple[int, str], ...] = ()
    override: tuple[tuple[str, Changes], ...] = ()
    add: tuple[tuple[int, NewInitiative], ...] = ()
    sessions: tuple[tuple[int, SessionEntry], ...] = ()
    #: Ids of ``add`` entries whose shape is invalid (already reported; not reported again).
    unfinished: frozenset[str] = frozenset()


SECTIONS = ("drop", "override", "add", "sessions")
_DROP: TypeAdapter[str] = TypeAdapter(str)
_CHANGES: TypeAdapter[Changes] = TypeAdapter(Changes)
_NEW: TypeAdapter[NewInitiative] = TypeAdapter(NewInitiative)
_SESSION: TypeAdapter[SessionEntry] = TypeAdapter(SessionEntry)


def _validated(
    shape: TypeAdapter[Any], value: Any, base: Path_, located: Located, problems: list[Problem]
) -> Any:
    """``value`` validated against ``shape``, or None with every error added to ``problems``."""
    try:
        return shape.validate_python(value)
    except ValidationError as exc:
        for error in exc.errors():
            where = (*base, *error["loc"])
            problems.append(Problem(located.line(where), _dotted(where), error["msg"]))
        return None


def check_shape(located: Located) -> tuple[Entries, list[Problem]]:
    """Validate every entry on its own: the valid ones, and every problem of the others."""
    problems = list(located.duplicates)
    data = located.data
    if not isinstance(data, dict):
        problems.append(
            Problem(1, "(top level)", "expected a mapping with drop/override/add/sessions")
        )
        return Entries(), problems
    for key in data:
        if key not in SECTIONS:
            problems.append(
                Problem(
                    located.line((str(key),)),
                    str(key),
                    f"unknown section {key!r}; the sections are {', '.join(SECTIONS)}",
                )
            )
    sections: dict[str, Any] = {}
    for name, kind in (("drop", list), ("override", dict), ("add", list), ("sessions", list)):
        value = data.get(name)
        if value is None:
            sections[name] = kind()
        elif not isinstance(value, kind):
            shape = "a list" if kind is list else "a mapping of initiative id to changes"
            problems.append(Problem(located.line((name,)), name, f"expected {shape}"))
            sections[name] = kind()
        else:
            sections[name] = value
    drop = []
    for n, value in enumerate(sections["drop"]):
        item = _validated(_DROP, value, ("drop", n), located, problems)
        if item is not None:
            drop.append((n, item))
    override = []
    for key, value in sections["override"].items():
        item = _validated(_CHANGES, value, ("override", str(key)), located, problems)
        if item is not None:
            override.append((str(key), item))
    add = []
    unfinished = set()
    for n, value in enumerate(sections["add"]):
        item = _validated(_NEW, value, ("add", n), located, problems)
        if item is not None:
            add.append((n, item))
        elif isinstance(value, dict) and isinstance(value.get("id"), str):
            unfinished.add(value["id"])
    sessions = []
    for n, value in enumerate(sections["sessions"]):
        item = _validated(_SESSION, value, ("sessions", n), located, problems)
        if item is not None:
            sessions.append((n, item))
    entries = Entries(
        tuple(drop), tuple(override), tuple(add), tuple(sessions), frozenset(unfinished)
    )
    return entries, problems


def load_initiatives_file(path: Path) -> tuple[Entries, Located, list[Problem]]:
    """Read, parse and shape-check the file: its valid entries and the problems of the rest.

    Refuses (InitiativesFileError) a file over MAX_BYTES or one that is not valid YAML.
    """
    located = parse_located(read_text_capped(path), str(path))
    entries, problems = check_shape(located)
    return entries, located, problems


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
            known = [i.id for i in ev.framework.entries]
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
            basis=USER_BASIS if entry.target is not None else "",
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

    Raises InitiativesFileError listing every problem (line and field) — of shape and of
    ids alike, in one pass; applies nothing unless all is valid.
    """
    entries, located, shape_problems = load_initiatives_file(path)
    check = _Checker(located, list(shape_problems))
    items = {i.id: i for i in catalogue.initiatives}
    for n, item_id in entries.drop:
        if item_id not in items:
            hits = close_matches(item_id, items)
            check.add(
                ("drop", n),
                f"no initiative {item_id!r} to drop"
                + (f"; did you mean {', '.join(hits)}?" if hits else ""),
            )
    dropped = {item_id for _, item_id in entries.drop}
    added: dict[str, int] = {}
    for n, new in entries.add:
        base: Path_ = ("add", n)
        if not ID.match(new.id):
            check.add((*base, "id"), "ids are 2–63 lowercase letters, digits and hyphens")
        if new.id in added:
            check.add((*base, "id"), f"{new.id!r} is added twice (also add[{added[new.id]}])")
        elif new.id in items and new.id not in dropped:
            check.add((*base, "id"), f"{new.id!r} already exists; use override to change it")
        added.setdefault(new.id, n)
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
            provisional=provisional_note("", kpis),
        )
    for item_id, changes in entries.override:
        base = ("override", item_id)
        if item_id in entries.unfinished:
            continue  # its add entry is invalid and already reported
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
            if prerequisite not in remaining and prerequisite not in entries.unfinished:
                where = _prerequisite_path(entries, item_id)
                reason = "is dropped" if prerequisite in dropped else "does not exist"
                check.add(where, f"{item_id} needs {prerequisite!r}, which {reason}")
    sessions = []
    for n, entry in entries.sessions:
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


def _prerequisite_path(entries: Entries, item_id: str) -> Path_:
    for n, new in entries.add:
        if new.id == item_id:
            return ("add", n, "prerequisites")
    if any(key == item_id for key, _ in entries.override):
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
        updates["provisional"] = provisional_note(item.provisional, updates["kpis"])
    return replace(item, **updates, origin="file")
