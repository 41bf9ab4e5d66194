"""The commitment tracker: forums, commitments, assessments, compliance and a tamper-evident log.

The one transactional part of southsouth (SQLAlchemy 2 + Alembic; SQLite by default,
PostgreSQL by URL). Open it with :meth:`Tracker.open` (or :func:`open_tracker` from
settings); every operation takes the :class:`Principal` acting (:func:`local_admin` at the
command line, a token's holder over the API, :data:`PUBLIC` without a token).
"""

from __future__ import annotations

from pathlib import Path

from southsouth.tracker.access import PUBLIC, Membership, Principal, TokenInfo, local_admin
from southsouth.tracker.anchors import AnchorBook
from southsouth.tracker.audit import Anchor, AuditEntry, Finding, VerifyReport
from southsouth.tracker.bulk import ImportReport, RowProblem, SourceRow
from southsouth.tracker.database import Database
from southsouth.tracker.records import (
    Assessment,
    AssessmentIn,
    AssessmentPatch,
    Commitment,
    CommitmentIn,
    CommitmentPatch,
    Forum,
    ForumIn,
    ForumPatch,
    KpiLink,
    Page,
    Smart,
)
from southsouth.tracker.scoring import ComplianceReport, ComplianceRow, KpiProgress, kpi_progress
from southsouth.tracker.service import Tracker

__all__ = [
    "PUBLIC",
    "Anchor",
    "AnchorBook",
    "Assessment",
    "AssessmentIn",
    "AssessmentPatch",
    "AuditEntry",
    "Commitment",
    "CommitmentIn",
    "CommitmentPatch",
    "ComplianceReport",
    "ComplianceRow",
    "Database",
    "Finding",
    "Forum",
    "ForumIn",
    "ForumPatch",
    "ImportReport",
    "KpiLink",
    "KpiProgress",
    "Membership",
    "Page",
    "Principal",
    "RowProblem",
    "Smart",
    "SourceRow",
    "TokenInfo",
    "Tracker",
    "VerifyReport",
    "kpi_progress",
    "local_admin",
    "open_tracker",
]


def open_tracker(
    settings: object | None = None,
    *,
    check: bool = True,
    create: bool = True,
    anchors_path: Path | None = None,
) -> Tracker:
    """The tracker named by the settings (SOUTHSOUTH_TRACKER_URL or the home's SQLite file),
    with bloc memberships read from the warehouse for scope checks and its anchors file
    (``anchors_path``, else SOUTHSOUTH_TRACKER_ANCHORS, else beside the database; signed with
    SOUTHSOUTH_TRACKER_ANCHOR_KEY or …_KEY_FILE when set — see :mod:`.anchors`).

    The embedded SQLite database is created on first use (``create``); a PostgreSQL one is
    initialised explicitly (``southsouth tracker init``), and any existing database that
    lacks a migration must be migrated explicitly (``southsouth tracker migrate``).
    """
    from southsouth.settings import Settings, load_settings
    from southsouth.tracker.anchors import anchor_key, default_path
    from southsouth.tracker.membership import WarehouseMembership

    chosen = settings if isinstance(settings, Settings) else load_settings()
    url = chosen.tracker_database_url
    path = anchors_path or chosen.tracker_anchors or default_path(url, chosen.home)
    key = anchor_key(chosen.tracker_anchor_key, chosen.tracker_anchor_key_file)
    return Tracker.open(
        url,
        membership=WarehouseMembership(chosen.warehouse_path),
        anchors=AnchorBook(path, key=key),
        check=check,
        create=create,
    )
