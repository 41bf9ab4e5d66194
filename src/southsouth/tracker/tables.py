"""The tracker's tables as typed SQLAlchemy declarative models (the migrations create them).

Lists (evidence links, catalysts, token scopes) are stored as canonical JSON text so that
SQLite and PostgreSQL hold byte-identical values; timestamps are naive UTC in the database
and aware UTC in Python. The audit log keeps its timestamp and before/after states as the
exact text that was hashed.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
GENESIS_HASH = "0" * 64


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes stored as naive UTC (the same on SQLite and PostgreSQL)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class JsonList(TypeDecorator[list[Any]]):
    """A list stored as canonical JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[Any] | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> list[Any] | None:
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    """Declarative base with constraint naming rules (stable names for migrations)."""

    metadata = MetaData(naming_convention=NAMING)


class ForumRow(Base):
    """A summit, COP, World Health Assembly or bloc meeting."""

    __tablename__ = "forum"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    bloc_id: Mapped[str | None] = mapped_column(String(20), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CommitmentRow(Base):
    """A commitment made at a forum, with SMART flags and an optional KPI link."""

    __tablename__ = "commitment"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    forum_id: Mapped[str] = mapped_column(ForeignKey("forum.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    pillar: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[date | None] = mapped_column(Date)
    initiative_id: Mapped[str | None] = mapped_column(String(80))
    smart_specific: Mapped[bool]
    smart_measurable: Mapped[bool]
    smart_achievable: Mapped[bool]
    smart_relevant: Mapped[bool]
    smart_time_bound: Mapped[bool]
    catalysts: Mapped[list[str]] = mapped_column(JsonList)
    kpi_indicator: Mapped[str | None] = mapped_column(String(80))
    kpi_baseline: Mapped[float | None] = mapped_column(Float(precision=53))
    kpi_baseline_year: Mapped[int | None] = mapped_column(Integer)
    kpi_target: Mapped[float | None] = mapped_column(Float(precision=53))
    kpi_target_year: Mapped[int | None] = mapped_column(Integer)
    kpi_direction: Mapped[str | None] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CommitmentActorRow(Base):
    """One actor (ISO3 country or ``bloc:<id>``) of a commitment, in the order given."""

    __tablename__ = "commitment_actor"

    commitment_id: Mapped[str] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True
    )
    actor: Mapped[str] = mapped_column(String(30), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_commitment_actor_actor", "actor"),)


class AssessmentRow(Base):
    """An actor × commitment × period compliance score with evidence and right of reply."""

    __tablename__ = "assessment"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitment.id"), index=True)
    actor: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(1))
    evidence: Mapped[list[str]] = mapped_column(JsonList)
    assessor: Mapped[str] = mapped_column(String(300))
    assessed_on: Mapped[date] = mapped_column(Date)
    rationale: Mapped[str | None] = mapped_column(Text)
    reply_text: Mapped[str | None] = mapped_column(Text)
    reply_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("commitment_id", "actor", "period", name="uq_assessment_key"),
        CheckConstraint("score IN (-1, 0, 1)", name="score"),
    )


class TokenRow(Base):
    """An API token: only the sha256 of the secret is kept."""

    __tablename__ = "api_token"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list[str]] = mapped_column(JsonList)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WebSessionRow(Base):
    """A dashboard sign-in acting for an API token until it expires or is revoked: only the
    sha256 of its secret is kept (see :mod:`southsouth.tracker.sessions`)."""

    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    token_id: Mapped[str] = mapped_column(ForeignKey("api_token.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditEntryRow(Base):
    """One link of the append-only, hash-chained audit log."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(80))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id", "seq"),)


class AuditHeadRow(Base):
    """The chain head (one row): writers lock it to append, so the chain never forks."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)


TABLES = {
    "forum": ForumRow.__table__,
    "commitment": CommitmentRow.__table__,
    "commitment_actor": CommitmentActorRow.__table__,
    "assessment": AssessmentRow.__table__,
    "token": TokenRow.__table__,
    "web_session": WebSessionRow.__table__,
    "audit_log": AuditEntryRow.__table__,
    "audit_head": AuditHeadRow.__table__,
}
