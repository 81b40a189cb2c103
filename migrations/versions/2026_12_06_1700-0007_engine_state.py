"""Live engine: its per-learner state, and its fitted parameters per content version

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "engine_states",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_engine_states_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("learner_id", name=op.f("pk_engine_states")),
    )
    op.create_table(
        "engine_params",
        sa.Column("content_version", sa.Integer(), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("content_version", name=op.f("pk_engine_params")),
    )


def downgrade() -> None:
    op.drop_table("engine_params")
    op.drop_table("engine_states")
