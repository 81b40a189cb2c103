"""The database schema: content revisions, learners, the attempt log, mastery and goals.

The schema is created only by the Alembic migrations in ``migrations/``; these classes describe
it for the ORM. Constraint names follow a convention so that migrations can refer to them on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# A JSON value: JSONB on PostgreSQL, JSON text on SQLite. Python's None is SQL NULL, not 'null'.
JSON_DOCUMENT = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(StrEnum):
    LEARNER = "learner"
    EDUCATOR = "educator"
    ADMIN = "admin"


class TokenScope(StrEnum):
    READ = "read"
    ANSWER = "answer"
    AUTHOR = "author"
    ADMIN = "admin"


class AttemptSource(StrEnum):
    """Where an attempt was answered: only practice drives mastery when attempts are replayed."""

    PRACTICE = "practice"
    PLACEMENT = "placement"
    CLAIM_CHECK = "claim-check"


class DiagnosticKind(StrEnum):
    CLAIM = "claim"
    PLACEMENT = "placement"


class DiagnosticStatus(StrEnum):
    ACTIVE = "active"
    PASSED = "passed"  # an "I know this" check confirmed
    FAILED = "failed"  # ... and undone
    UNCHECKED = "unchecked"  # credited, with no question to check it by
    FINISHED = "finished"  # a placement


def _stored_as_text(enum: type[StrEnum]) -> Enum:
    """An enum kept as its values in a VARCHAR(20) column (the schema the migrations made)."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=20,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ContentState(Base):
    """One row: a counter bumped by every content change, so each process knows to reload."""

    __tablename__ = "content_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TopicRevision(Base):
    """A topic file's full text at one revision; the newest live revision is the topic."""

    __tablename__ = "topic_revisions"
    __table_args__ = (UniqueConstraint("topic_id", "revision"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(200), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str | None] = mapped_column(String(320))
    message: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Learner(Base):
    __tablename__ = "learners"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


PRACTICE, PLACEMENT, CLAIM_CHECK = AttemptSource


class Attempt(Base):
    """One graded response. Append-only: rows are never updated or deleted."""

    __tablename__ = "attempts"
    __table_args__ = (UniqueConstraint("learner_id", "idempotency_key", "part"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    topic_id: Mapped[str] = mapped_column(String(200), index=True)
    template_id: Mapped[str] = mapped_column(String(200))
    template_revision: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    part: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    response: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(100))
    feedback: Mapped[str] = mapped_column(Text, default="")
    mistake_prerequisite: Mapped[str | None] = mapped_column(String(200))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The variant's parameter values as a JSON object of strings, for analytics; NULL on rows
    # logged before they were kept, whose values are drawn again from (template, revision, seed).
    parameters: Mapped[dict[str, str] | None] = mapped_column(JSON_DOCUMENT)
    # PRACTICE rows drive mastery (replaying them gives it back); placement and claim-check
    # answers are logged for the record and analytics, their effect is the diagnostic's own.
    source: Mapped[AttemptSource] = mapped_column(
        _stored_as_text(AttemptSource), default=AttemptSource.PRACTICE, server_default="practice"
    )


class AnsweredVariant(Base):
    """A question variant a learner has answered in practice: each counts for mastery once.

    The first practice answer to (topic, template, revision, seed) claims the row; a later answer
    to the same variant, whichever question instance token it carries, is refused, so an answer
    learned from a wrong attempt's feedback cannot be replayed for credit.
    """

    __tablename__ = "answered_variants"
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    template_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    template_revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    seed: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Mastery(Base):
    """The current knowledge estimate of one learner for one topic."""

    __tablename__ = "mastery"
    __table_args__ = (Index("ix_mastery_learner_due", "learner_id", "due_at"),)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    p_known: Mapped[float] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    claimed_known: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Pseudo-count of observations behind p_known (implicit credit counts fractionally).
    evidence: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    # A mistake or repeated errors pointed here: practise this before moving on.
    remediation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set while an "I know this" claim awaits its check: the estimate to restore if it fails.
    claim_prior: Mapped[float | None] = mapped_column(Float)
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON_DOCUMENT)  # fsrs.Card.to_dict()
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Diagnostic(Base):
    """A placement test or an "I know this" check in progress or finished; state is JSON."""

    __tablename__ = "diagnostics"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    kind: Mapped[DiagnosticKind] = mapped_column(_stored_as_text(DiagnosticKind))
    topic_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[DiagnosticStatus] = mapped_column(
        _stored_as_text(DiagnosticStatus), default=DiagnosticStatus.ACTIVE
    )
    state: Mapped[dict[str, Any]] = mapped_column(JSON_DOCUMENT)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FittedParams(Base):
    """BKT parameters fitted from the attempt log by `tutor mastery fit`;
    topic "*" is the default."""

    __tablename__ = "bkt_params"
    topic_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    p_init: Mapped[float] = mapped_column(Float)
    p_learn: Mapped[float] = mapped_column(Float)
    p_slip: Mapped[float] = mapped_column(Float)
    p_guess: Mapped[float] = mapped_column(Float)
    responses: Mapped[int] = mapped_column(Integer)
    fitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EngineState(Base):
    """The live engine's per-learner state (``tutor.engine.tracing.live.LearnerState``) as JSON:
    ability and counts overall and per topic. Each topic's knowledge estimate is Mastery.p_known."""

    __tablename__ = "engine_states"
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON_DOCUMENT)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EngineFit(Base):
    """The live engine's parameters fitted by `tutor mastery fit`, per content version."""

    __tablename__ = "engine_params"
    content_version: Mapped[int] = mapped_column(Integer, primary_key=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON_DOCUMENT)
    responses: Mapped[int] = mapped_column(Integer)
    fitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Goal(Base):
    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("learner_id", "topic_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    topic_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


ROLES = tuple(Role)


class User(Base):
    """An account. Its learner row holds the practice history, anonymous or not."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_stored_as_text(Role), default=Role.LEARNER)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


TOKEN_SCOPES = tuple(TokenScope)


class ApiToken(Base):
    """A bearer token for the API; only its SHA-256 digest is stored. ``scopes`` (space-separated,
    from TOKEN_SCOPES) says which API routes it opens; past ``expires_at`` it opens none."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scopes: Mapped[str] = mapped_column(String(100), default="read", server_default="read")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignIn(Base):
    """A browser's signed-in session. The cookie carries a random id whose digest is kept here;
    signing out deletes the row, so a copy of the cookie is worthless from then on."""

    __tablename__ = "sign_ins"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
