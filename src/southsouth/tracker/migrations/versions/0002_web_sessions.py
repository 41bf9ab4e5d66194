"""Dashboard sessions: the sha256 of each session's secret, its token, creation and expiry.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the ``web_session`` table."""
    op.create_table(
        "web_session",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("token_id", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=False), nullable=True),
        sa.ForeignKeyConstraint(
            ["token_id"], ["api_token.id"], name="fk_web_session_token_id_api_token"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_web_session"),
        sa.UniqueConstraint("secret_sha256", name="uq_web_session_secret_sha256"),
    )
    op.create_index("ix_web_session_token_id", "web_session", ["token_id"])
    op.create_index("ix_web_session_expires_at", "web_session", ["expires_at"])


def downgrade() -> None:
    """Drop the ``web_session`` table (every dashboard visitor is signed out)."""
    op.drop_table("web_session")
