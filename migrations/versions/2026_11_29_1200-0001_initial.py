"""Initial schema: content revisions, learners, attempts, mastery, goals

Revision ID: 0001
Revises:
Create Date: 2026-11-29 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_state")),
    )
    op.create_table(
        "topic_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.String(length=200), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(length=320), nullable=True),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_revisions")),
        sa.UniqueConstraint(
            "topic_id", "revision", name=op.f("uq_topic_revisions_topic_id_revision")
        ),
    )
    op.create_index(op.f("ix_topic_revisions_topic_id"), "topic_revisions", ["topic_id"])
    op.create_table(
        "learners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learners")),
        sa.UniqueConstraint("public_id", name=op.f("uq_learners_public_id")),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.String(length=200), nullable=False),
        sa.Column("template_id", sa.String(length=200), nullable=False),
        sa.Column("template_revision", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("mistake_prerequisite", sa.String(length=200), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_attempts_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
        sa.UniqueConstraint(
            "learner_id",
            "idempotency_key",
            "part",
            name=op.f("uq_attempts_learner_id_idempotency_key_part"),
        ),
    )
    op.create_index(op.f("ix_attempts_learner_id"), "attempts", ["learner_id"])
    op.create_index(op.f("ix_attempts_topic_id"), "attempts", ["topic_id"])
    op.create_table(
        "mastery",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.String(length=200), nullable=False),
        sa.Column("p_known", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("claimed_known", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_mastery_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("learner_id", "topic_id", name=op.f("pk_mastery")),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_goals_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
        sa.UniqueConstraint("learner_id", "topic_id", name=op.f("uq_goals_learner_id_topic_id")),
    )
    op.create_index(op.f("ix_goals_learner_id"), "goals", ["learner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_goals_learner_id"), table_name="goals")
    op.drop_table("goals")
    op.drop_table("mastery")
    op.drop_index(op.f("ix_attempts_topic_id"), table_name="attempts")
    op.drop_index(op.f("ix_attempts_learner_id"), table_name="attempts")
    op.drop_table("attempts")
    op.drop_table("learners")
    op.drop_index(op.f("ix_topic_revisions_topic_id"), table_name="topic_revisions")
    op.drop_table("topic_revisions")
    op.drop_table("content_state")
