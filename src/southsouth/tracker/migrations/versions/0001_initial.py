"""Forums, commitments and their actors, assessments, API tokens, the audit log and its head.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=False), nullable=False),
    ]


def upgrade() -> None:
    """Create every table and the chain head at the genesis hash."""
    op.create_table(
        "forum",
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("bloc_id", sa.String(20), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(300), nullable=True),
        sa.Column("url", sa.String(2000), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_forum"),
    )
    op.create_index("ix_forum_bloc_id", "forum", ["bloc_id"])

    op.create_table(
        "commitment",
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("forum_id", sa.String(80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pillar", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("initiative_id", sa.String(80), nullable=True),
        sa.Column("smart_specific", sa.Boolean(), nullable=False),
        sa.Column("smart_measurable", sa.Boolean(), nullable=False),
        sa.Column("smart_achievable", sa.Boolean(), nullable=False),
        sa.Column("smart_relevant", sa.Boolean(), nullable=False),
        sa.Column("smart_time_bound", sa.Boolean(), nullable=False),
        sa.Column("catalysts", sa.Text(), nullable=False),
        sa.Column("kpi_indicator", sa.String(80), nullable=True),
        sa.Column("kpi_baseline", sa.Float(precision=53), nullable=True),
        sa.Column("kpi_baseline_year", sa.Integer(), nullable=True),
        sa.Column("kpi_target", sa.Float(precision=53), nullable=True),
        sa.Column("kpi_target_year", sa.Integer(), nullable=True),
        sa.Column("kpi_direction", sa.String(8), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"], name="fk_commitment_forum_id_forum"),
        sa.PrimaryKeyConstraint("id", name="pk_commitment"),
    )
    op.create_index("ix_commitment_forum_id", "commitment", ["forum_id"])
    op.create_index("ix_commitment_pillar", "commitment", ["pillar"])

    op.create_table(
        "commitment_actor",
        sa.Column("commitment_id", sa.String(80), nullable=False),
        sa.Column("actor", sa.String(30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name="fk_commitment_actor_commitment_id_commitment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commitment_id", "actor", name="pk_commitment_actor"),
    )
    op.create_index("ix_commitment_actor_actor", "commitment_actor", ["actor"])

    op.create_table(
        "assessment",
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("commitment_id", sa.String(80), nullable=False),
        sa.Column("actor", sa.String(30), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(1), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("assessor", sa.String(300), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("reply_text", sa.Text(), nullable=True),
        sa.Column("reply_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        *_stamps(),
        sa.CheckConstraint("score IN (-1, 0, 1)", name="ck_assessment_score"),
        sa.ForeignKeyConstraint(
            ["commitment_id"], ["commitment.id"], name="fk_assessment_commitment_id_commitment"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessment"),
        sa.UniqueConstraint("commitment_id", "actor", "period", name="uq_assessment_key"),
    )
    op.create_index("ix_assessment_commitment_id", "assessment", ["commitment_id"])

    op.create_table(
        "api_token",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=False), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=False), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_api_token"),
        sa.UniqueConstraint("secret_sha256", name="uq_api_token_secret_sha256"),
    )

    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.String(80), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_log"),
        sa.UniqueConstraint("hash", name="uq_audit_log_hash"),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id", "seq"])

    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_audit_head_single_row"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS_HASH}])


def downgrade() -> None:
    """Drop every table (loses all tracker data)."""
    for table in (
        "audit_head",
        "audit_log",
        "api_token",
        "assessment",
        "commitment_actor",
        "commitment",
        "forum",
    ):
        op.drop_table(table)
