"""Adaptive engine: mastery uncertainty, review memory, remediation, claims, diagnostics, BKT fits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mastery") as batch:
        batch.add_column(sa.Column("evidence", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("remediation", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("claim_prior", sa.Float(), nullable=True))
        batch.add_column(sa.Column("card", sa.Text(), nullable=True))
        batch.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_mastery_learner_due", "mastery", ["learner_id", "due_at"])
    op.create_table(
        "diagnostics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("topic_id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_diagnostics_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostics")),
    )
    op.create_index(op.f("ix_diagnostics_learner_id"), "diagnostics", ["learner_id"])
    op.create_table(
        "bkt_params",
        sa.Column("topic_id", sa.String(length=200), nullable=False),
        sa.Column("p_init", sa.Float(), nullable=False),
        sa.Column("p_learn", sa.Float(), nullable=False),
        sa.Column("p_slip", sa.Float(), nullable=False),
        sa.Column("p_guess", sa.Float(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("topic_id", name=op.f("pk_bkt_params")),
    )


def downgrade() -> None:
    op.drop_table("bkt_params")
    op.drop_index(op.f("ix_diagnostics_learner_id"), table_name="diagnostics")
    op.drop_table("diagnostics")
    op.drop_index("ix_mastery_learner_due", table_name="mastery")
    with op.batch_alter_table("mastery") as batch:
        batch.drop_column("due_at")
        batch.drop_column("card")
        batch.drop_column("claim_prior")
        batch.drop_column("remediation")
        batch.drop_column("evidence")
