"""The tracker's operations: every read and write goes through :class:`Tracker`.

Each write is one database transaction that changes the record(s) and appends their audit
entries (:mod:`.audit`); if anything fails, nothing is written. The class opens the
database and those transactions; the operations themselves live beside what they concern:
records in :mod:`.crud`, tokens and visibility in :mod:`.access`, compliance in
:mod:`.scoring`, the log in :mod:`.audit` and :mod:`.anchors`, bulk files in :mod:`.bulk`.
Rights are checked as described in :mod:`.access`, by those operations and only there, so
that the API, the command line, the web forms and bulk imports obey the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from southsouth.errors import RecordConflict
from southsouth.tracker import access, audit, bulk, crud
from southsouth.tracker.access import Membership, Principal, TokenInfo
from southsouth.tracker.anchors import AnchorBook, record_anchor, verify_log
from southsouth.tracker.audit import Anchor, AuditEntry, VerifyReport
from southsouth.tracker.bulk import ImportReport, SourceRow
from southsouth.tracker.database import Database
from southsouth.tracker.records import Page, field_path
from southsouth.tracker.scoring import ComplianceReport, Dimension, PeriodChoice, compliance_report
from southsouth.tracker.transaction import Tx


def _now() -> datetime:
    return datetime.now(UTC)


class Tracker:
    """Commitments, their forums and assessments, tokens and the audit log in one database."""

    def __init__(
        self,
        database: Database,
        *,
        membership: Membership | None = None,
        anchors: AnchorBook | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.db = database
        self.membership = membership
        self.anchors = anchors
        self._clock = clock

    @classmethod
    def open(
        cls,
        url: str,
        *,
        membership: Membership | None = None,
        anchors: AnchorBook | None = None,
        check: bool = True,
        create: bool = False,
        busy_timeout: float = 30.0,
    ) -> Tracker:
        """The tracker at ``url``; unless ``check`` is off, its schema must be current.
        ``create`` makes a SQLite database whose file does not exist yet; ``anchors`` is
        the anchors file :meth:`verify` checks and :meth:`record_anchor` appends to."""
        database = Database(url, busy_timeout=busy_timeout)
        if check or create:
            try:
                if create:
                    database.create_if_missing()
                if check:
                    database.require_current()
            except BaseException:
                database.close()
                raise
        return cls(database, membership=membership, anchors=anchors)

    def close(self) -> None:
        """Release the database connections."""
        self.db.close()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def _writing(self, who: Principal) -> Iterator[Tx]:
        try:
            with self.db.writing() as conn:
                tx = Tx(conn, self._clock())
                yield tx
                if tx.changes:
                    audit.append(conn, who.label, tx.changes, self._clock())
        except IntegrityError as exc:
            raise RecordConflict(
                f"the write clashes with another record: {exc.orig}",
                hint="re-read the records and retry",
            ) from exc

    # -- records ---------------------------------------------------------------------------

    def get_record(self, who: Principal, entity: str, record_id: str) -> Any:
        """One forum, commitment or assessment (the public sees published ones only)."""
        return crud.get_record(self.db, who, entity, record_id)

    def list_records(
        self,
        who: Principal,
        entity: str,
        *,
        limit: int = 50,
        offset: int = 0,
        **filters: str | None,
    ) -> Page[Any]:
        """A page of records in id order, filtered by the fields in :data:`.crud.FILTERS`."""
        return crud.list_records(self.db, who, entity, limit=limit, offset=offset, **filters)

    def create_record(self, who: Principal, entity: str, data: Any) -> Any:
        """Create a forum, commitment or assessment from its ``…In`` fields."""
        return crud.create_record(self._writing, self.membership, who, entity, data)

    def update_record(
        self,
        who: Principal,
        entity: str,
        record_id: str,
        patch: Any,
        *,
        expected_version: int | None,
    ) -> Any:
        """Change the fields given in ``patch`` if the record is still at ``expected_version``."""
        return crud.update_record(
            self._writing,
            self.membership,
            who,
            entity,
            record_id,
            patch,
            expected_version=expected_version,
        )

    def delete_record(
        self, who: Principal, entity: str, record_id: str, *, expected_version: int | None
    ) -> None:
        """Delete a record nothing depends on (published ones: admins only)."""
        crud.delete_record(
            self._writing,
            self.membership,
            who,
            entity,
            record_id,
            expected_version=expected_version,
        )

    def publish(
        self, who: Principal, entity: str, record_id: str, *, expected_version: int | None
    ) -> Any:
        """Publish a draft commitment or assessment: the same rules and audit as a change
        of ``status`` to ``published`` (a published one is returned unchanged)."""
        return crud.publish(
            self._writing,
            self.membership,
            who,
            entity,
            record_id,
            expected_version=expected_version,
        )

    # -- compliance ------------------------------------------------------------------------

    def compliance(
        self,
        who: Principal,
        *,
        by: Dimension = "actor",
        period: PeriodChoice = "latest",
        forum_id: str | None = None,
        pillar: str | None = None,
        include_drafts: bool = False,
    ) -> ComplianceReport:
        """Compliance % by actor, commitment, forum or pillar (see :mod:`.scoring`)."""
        return compliance_report(
            self.db,
            who,
            by=by,
            period=period,
            forum_id=forum_id,
            pillar=pillar,
            include_drafts=include_drafts,
        )

    # -- tokens ----------------------------------------------------------------------------

    def authenticate(self, secret: str | None) -> Principal:
        """The principal holding ``secret`` (the public when None)."""
        return access.authenticate(self.db, secret)

    def create_token(
        self, who: Principal, *, role: str, scopes: Sequence[str] = (), name: str = ""
    ) -> tuple[TokenInfo, str]:
        """A new token and its secret (shown once; only its sha256 is stored)."""
        return access.create_token(self._writing, who, role=role, scopes=scopes, name=name)

    def list_tokens(self, who: Principal) -> list[TokenInfo]:
        """Every token, newest first (never the secrets)."""
        return access.list_tokens(self.db, who)

    def revoke_token(self, who: Principal, token_id: str) -> TokenInfo:
        """Revoke a token (it stops working at once)."""
        return access.revoke_token(self._writing, who, token_id)

    # -- audit -----------------------------------------------------------------------------

    def audit_entries(
        self,
        who: Principal,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[AuditEntry]:
        """A page of the audit log, newest first (admins only)."""
        return audit.entry_page(
            self.db, who, entity=entity, entity_id=entity_id, limit=limit, offset=offset
        )

    def verify(
        self,
        who: Principal,
        *,
        anchors: Mapping[int, str] | Sequence[Anchor] | None = None,
        recorded: bool = True,
    ) -> VerifyReport:
        """Recompute the chain and compare every record with the log (admins only), against
        the ``anchors`` given (at most :data:`.anchors.MAX_GIVEN`) and, unless ``recorded``
        is off, every anchor in the anchors file (a bad line of it is a finding too)."""
        return verify_log(self.db, self.anchors, who, anchors=anchors, recorded=recorded)

    def record_anchor(self, who: Principal) -> Anchor:
        """Verify the log, then append its head to the anchors file (admins only)."""
        return record_anchor(self.db, self.anchors, who, self._clock)

    # -- bulk ------------------------------------------------------------------------------

    def import_records(
        self,
        who: Principal,
        entity: str,
        rows: Sequence[SourceRow],
        *,
        partial: bool = False,
        naming: Callable[[Sequence[str | int]], str] = field_path,
    ) -> ImportReport:
        """Create many commitments or assessments in one transaction, all or (``partial``)
        the valid ones (see :func:`southsouth.tracker.bulk.import_records`)."""
        return bulk.import_records(
            self._writing, self.membership, who, entity, rows, partial=partial, naming=naming
        )

    def export_records(self, who: Principal, entity: str) -> list[dict[str, Any]]:
        """Every record of ``entity`` the caller may see, in the shape imports accept."""
        return bulk.export_records(self.db, who, entity)
