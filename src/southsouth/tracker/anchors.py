"""Anchors: the audit chain's head noted outside the database, so a rewound log is caught.

Someone who can write the database can delete the newest records and their audit entries
and rewind the chain head, or rewrite an entry and recompute every hash after it; the chain
alone then verifies. An *anchor* — ``seq:hash`` of the head at some moment, kept where
that person cannot reach — catches both, up to the newest anchor.

The anchors file
    ``southsouth tracker anchor`` appends one JSON line per anchor:
    ``{"at": "<ISO UTC>", "hash": "<64 hex>", "seq": <n>}`` plus ``"hmac"`` when signing is
    on. The file is only ever opened for appending and is created with mode 0600. Its path
    is SOUTHSOUTH_TRACKER_ANCHORS, else beside the SQLite database (``tracker.sqlite`` →
    ``tracker-anchors.jsonl``), else (PostgreSQL) ``tracker-anchors.jsonl`` in the home.
    Keep one anchors file per database, and copy the printed anchors somewhere else too
    (minutes, a ticket): deleting lines from the end of the file is not detectable here.

Signing
    With SOUTHSOUTH_TRACKER_ANCHOR_KEY (the key as text) or SOUTHSOUTH_TRACKER_ANCHOR_KEY_FILE
    (a file holding it; surrounding whitespace ignored) set — at least 16 bytes — each line
    carries ``hmac`` = HMAC-SHA256(key, canonical JSON of {at, hash, seq}) in hex. Reading
    with a key, a line whose ``hmac`` is missing or wrong is reported (forged or edited)
    and not used. Without a key, signatures are not checked.

Verifying
    :func:`verify_log` checks the chain (:func:`.audit.verify`) against the anchors given
    and those of the file; :func:`record_anchor` appends the head of a log that verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import SecretStr, ValidationError
from sqlalchemy.engine import make_url

from southsouth.errors import AuditBroken, ConfigError, InputError
from southsouth.tracker import audit
from southsouth.tracker.access import Principal, require
from southsouth.tracker.audit import Anchor, Finding, VerifyReport, canonical
from southsouth.tracker.database import Database

ANCHOR_TEXT = re.compile(r"(\d{1,18}):([0-9a-f]{64})")
#: The most anchors one verify request may name.
MAX_GIVEN = 20
MIN_KEY_BYTES = 16
FILE_NAME = "tracker-anchors.jsonl"


def parse_anchor(text: str, source: str = "given anchor") -> Anchor:
    """``SEQ:HASH`` (as printed by ``tracker anchor`` and ``verify``) as an anchor."""
    found = ANCHOR_TEXT.fullmatch(text.strip())
    if not found or int(found.group(1)) < 1:
        raise InputError(
            f"{text[:90]!r} is not an anchor SEQ:HASH",
            hint="give the entry number, a colon and its 64-hex-digit hash, e.g. 12:3fa4…",
        )
    return Anchor(seq=int(found.group(1)), hash=found.group(2), source=source)


def sign(key: bytes, anchor: Anchor) -> str:
    """The HMAC-SHA256 (hex) of an anchor's signed fields."""
    return hmac.new(key, canonical(anchor.payload()).encode("utf-8"), hashlib.sha256).hexdigest()


def anchor_key(key: SecretStr | None, key_file: Path | None) -> bytes | None:
    """The signing key from the settings (SOUTHSOUTH_TRACKER_ANCHOR_KEY or …_KEY_FILE), or
    None when signing is off."""
    if key is not None and key_file is not None:
        raise ConfigError(
            "both SOUTHSOUTH_TRACKER_ANCHOR_KEY and SOUTHSOUTH_TRACKER_ANCHOR_KEY_FILE are set",
            hint="set one of them",
        )
    if key_file is not None:
        try:
            found = key_file.read_bytes().strip()
        except OSError as exc:
            raise ConfigError(
                f"cannot read the anchor key file {key_file}: {exc.strerror}",
                hint="check SOUTHSOUTH_TRACKER_ANCHOR_KEY_FILE",
            ) from None
    elif key is not None:
        found = key.get_secret_value().encode("utf-8")
    else:
        return None
    if len(found) < MIN_KEY_BYTES:
        raise ConfigError(
            f"the anchor key has {len(found)} bytes; at least {MIN_KEY_BYTES} are needed",
            hint='make one with `python -c "import secrets; print(secrets.token_hex(32))"`',
        )
    return found


def default_path(database_url: str, home: Path) -> Path:
    """Beside a SQLite database (``<stem>-anchors.jsonl``), else in the home."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        database = Path(url.database)
        return database.with_name(f"{database.stem}-anchors.jsonl")
    return home / FILE_NAME


@dataclass(frozen=True)
class AnchorBook:
    """The append-only anchors file at ``path``; ``key`` signs and checks its lines."""

    path: Path
    key: bytes | None = None

    @property
    def signed(self) -> bool:
        """True when lines are signed and checked."""
        return self.key is not None

    def record(self, seq: int, hash_: str, at: str) -> Anchor:
        """Append an anchor (one line, one write, flushed to disk)."""
        anchor = Anchor(seq=seq, hash=hash_, at=at, source=str(self.path))
        line: dict[str, object] = anchor.payload()
        if self.key is not None:
            line["hmac"] = sign(self.key, anchor)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o600)
            os.fchmod(fd, 0o600)  # whatever the umask
        except FileExistsError:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, (canonical(line) + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        return anchor

    def read(self) -> tuple[list[Anchor], list[Finding]]:
        """The anchors recorded, and a finding for each line that is unreadable or (with a
        key) unsigned or wrongly signed."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], []
        except (OSError, UnicodeDecodeError) as exc:
            return [], [Finding(where=f"anchors file {self.path}", problem=f"unreadable: {exc}")]
        anchors: list[Anchor] = []
        findings: list[Finding] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            where = f"anchors file line {number}"
            try:
                data = json.loads(raw)
                if not isinstance(data, dict):
                    raise ValueError("not an object")
                anchor = Anchor(
                    seq=data["seq"],
                    hash=data["hash"],
                    at=data.get("at"),
                    source=f"the anchor of {data.get('at')} (line {number})",
                )
            except (ValueError, KeyError, TypeError, ValidationError):
                findings.append(Finding(where=where, problem="not an anchor: edited or damaged"))
                continue
            if self.key is not None:
                mac = data.get("hmac")
                if not isinstance(mac, str):
                    findings.append(
                        Finding(where=where, problem="not signed although signing is on: forged")
                    )
                    continue
                if not hmac.compare_digest(mac, sign(self.key, anchor)):
                    findings.append(
                        Finding(
                            where=where,
                            problem="signature does not match: the line was forged or edited",
                        )
                    )
                    continue
            anchors.append(anchor)
        return anchors, findings


# --- verifying against anchors --------------------------------------------------------------


def verify_log(
    db: Database,
    book: AnchorBook | None,
    who: Principal,
    *,
    anchors: Mapping[int, str] | Sequence[Anchor] | None = None,
    recorded: bool = True,
) -> VerifyReport:
    """Recompute the chain and compare every record with the log (admins only), against
    the ``anchors`` given (at most :data:`MAX_GIVEN`) and, unless ``recorded`` is off,
    every anchor in ``book`` (a bad line of it is a finding too)."""
    require(who, "admin", "verifying the audit log")
    given = _given(anchors)
    if len(given) > MAX_GIVEN:
        raise InputError(
            f"{len(given)} anchors given; at most {MAX_GIVEN} are checked per verify",
            hint="give the newest anchors; older ones are implied by them",
        )
    found: list[Finding] = []
    if recorded and book is not None:
        kept, found = book.read()
        given += kept
    with db.reading(snapshot=True) as conn:
        report = audit.verify(conn, given)
    if found:
        findings = [*found, *report.findings]
        return report.model_copy(update={"findings": findings, "ok": False})
    return report


def record_anchor(
    db: Database, book: AnchorBook | None, who: Principal, clock: Callable[[], datetime]
) -> Anchor:
    """Verify the log, then append its head to ``book`` at ``clock``'s time (admins only)."""
    require(who, "admin", "recording an anchor")
    if book is None:
        raise ConfigError(
            "this tracker has no anchors file",
            hint="set SOUTHSOUTH_TRACKER_ANCHORS to the file to keep anchors in",
        )
    report = verify_log(db, book, who)
    if not report.ok:
        first = report.findings[0]
        raise AuditBroken(
            f"not anchoring a log that fails verification ({len(report.findings)} "
            f"finding(s); first: {first.where}: {first.problem})",
            hint="run `southsouth tracker verify` and restore from a backup first",
        )
    if report.head_seq < 1:
        raise InputError(
            "the audit log is empty: nothing to anchor", hint="anchor after the first write"
        )
    at = clock().isoformat(timespec="seconds")
    return book.record(report.head_seq, report.head_hash, at)


def _given(anchors: Mapping[int, str] | Sequence[Anchor] | None) -> list[Anchor]:
    if anchors is None:
        return []
    if isinstance(anchors, Mapping):
        return [Anchor(seq=seq, hash=value) for seq, value in anchors.items()]
    return list(anchors)
