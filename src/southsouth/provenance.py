"""Where a number came from: origin records, file checksums and sidecars.

Every downloaded file sits next to a ``<file>.origin.json`` sidecar that records what it
is (dataset, publisher, licence, citation, vintage), where it was fetched from, when, and
its sha256 and size. The warehouse copies the origin of every dataset it loads, so any
number can be traced back to a file and a licence.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from southsouth.atomic import atomic_write_text

SIDECAR_SUFFIX = ".origin.json"


@dataclass(frozen=True)
class Licence:
    """The terms under which a dataset may be used."""

    name: str
    url: str = ""
    terms: str = ""


@dataclass(frozen=True)
class Origin:
    """Provenance of one fetched file."""

    dataset_id: str
    resource: str
    title: str
    publisher: str
    licence: Licence
    citation: str
    vintage: str
    url: str
    via: str
    retrieved_at: str
    sha256: str
    bytes: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        """Serialise for a sidecar file."""
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Origin:
        """Inverse of :meth:`to_json`."""
        raw = json.loads(text)
        raw["licence"] = Licence(**raw["licence"])
        raw["notes"] = tuple(raw.get("notes", ()))
        return cls(**raw)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def sidecar_path(path: Path) -> Path:
    """The sidecar that describes ``path``."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def write_sidecar(path: Path, origin: Origin) -> None:
    """Record ``origin`` next to ``path`` (atomically)."""
    atomic_write_text(sidecar_path(path), origin.to_json())


def read_sidecar(path: Path) -> Origin | None:
    """The origin recorded for ``path``, or None when there is no readable sidecar."""
    side = sidecar_path(path)
    try:
        return Origin.from_json(side.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def verified_origin(path: Path) -> Origin | None:
    """The sidecar's origin if ``path`` exists and still has the recorded size and sha256."""
    origin = read_sidecar(path)
    if origin is None or not path.is_file():
        return None
    if path.stat().st_size != origin.bytes or sha256_file(path) != origin.sha256:
        return None
    return origin
