"""The tracker's closed vocabularies and identifier rules.

Identifiers
    Record ids are 1–80 characters: a letter or digit, then letters, digits and ``. _ : -``.
    Omitted on create, they are generated to be read and typed: a forum's from its name
    (``au-assembly-38th-session``), a commitment's from its forum and a number
    (``au-38-c1``, ``au-38-c2``, …), an assessment's from its commitment, actor and period
    (``au-38-c1-ken-interim``); ``-2``, ``-3``, … is added if the id is taken. Token ids are
    random (``tok_`` + 12 hex digits). Ids generated before (``cmt_3f2a9c01d4e7``) stay valid.

Actors
    A commitment's actors are ISO 3166-1 alpha-3 country codes (``KEN``) or registry blocs
    written ``bloc:<id>`` (``bloc:AU``). The prefix keeps bloc ids apart from country codes
    (the Non-Aligned Movement's registry id ``NAM`` is also Namibia's ISO3 code).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Literal

from southsouth.pillars import PILLARS
from southsouth.registry.blocs import bloc_specs

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$"
ACTOR_PATTERN = r"^([A-Z]{3}|bloc:[A-Z][A-Z0-9-]{1,19})$"
BLOC_PATTERN = r"^[A-Z][A-Z0-9-]{1,19}$"
SCOPE_PATTERN = r"^([A-Z][A-Z0-9-]{1,19}|forum:[A-Za-z0-9][A-Za-z0-9._:-]{0,79})$"
#: Free text: any characters except C0 controls other than tab, newline and carriage return.
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
BLOC_PREFIX = "bloc:"
FORUM_PREFIX = "forum:"

ForumKind = Literal[
    "summit",
    "heads-of-state",
    "ministerial",
    "bloc-meeting",
    "cop",
    "wha",
    "un-conference",
    "other",
]
FORUM_KINDS: tuple[str, ...] = ForumKind.__args__  # type: ignore[attr-defined]

Pillar = Literal[PILLARS]  # type: ignore[valid-type]
PILLAR_IDS: tuple[str, ...] = PILLARS

Status = Literal["draft", "published"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

Period = Literal["interim", "final"]
PERIODS: tuple[str, ...] = Period.__args__  # type: ignore[attr-defined]

#: Evidence grades: A official record, B third-party, C self-report.
Grade = Literal["A", "B", "C"]
GRADE_MEANING = {"A": "official record", "B": "third-party", "C": "self-report"}

Direction = Literal["higher", "lower"]
DIRECTIONS: tuple[str, ...] = Direction.__args__  # type: ignore[attr-defined]

#: Catalyst features of a commitment's wording (methods §16, G7/G20 Research Group).
Catalyst = Literal[
    "timeline",
    "numerical_target",
    "priority_placement",
    "self_accountability",
    "mandate",
    "io_engagement",
    "money_mobilised",
]
CATALYSTS: tuple[str, ...] = Catalyst.__args__  # type: ignore[attr-defined]

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]

Entity = Literal["forum", "commitment", "assessment", "token"]
ENTITIES: tuple[str, ...] = Entity.__args__  # type: ignore[attr-defined]

ID_PREFIX = {"forum": "frm", "commitment": "cmt", "assessment": "asm", "token": "tok"}


def new_id(entity: str) -> str:
    """A fresh random id for a record of ``entity`` (e.g. ``cmt_3f2a9c01d4e7``)."""
    return f"{ID_PREFIX[entity]}_{secrets.token_hex(6)}"


MAX_ID = 80


def slug(text: str, limit: int = 60) -> str:
    """``text`` as lower-case ASCII words joined by ``-`` (empty if nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-")


def numbered(base: str, first: int = 1, *, always: bool = False) -> Iterator[str]:
    """``base``, ``base-2``, ``base-3``, … (or ``base1``, ``base2``, … when ``always``),
    each cut to the id length limit."""
    number = first
    while True:
        suffix = str(number) if always else (f"-{number}" if number > 1 else "")
        yield base[: MAX_ID - len(suffix)] + suffix
        number += 1


@cache
def bloc_ids() -> frozenset[str]:
    """Ids of the blocs the registry tracks (its curated ``blocs.csv``)."""
    return frozenset(spec.bloc_id for spec in bloc_specs())


def actor_bloc(actor: str) -> str | None:
    """The bloc id of a ``bloc:<id>`` actor, or None for a country."""
    return actor.removeprefix(BLOC_PREFIX) if actor.startswith(BLOC_PREFIX) else None
