"""Attempts keep their variant's parameter values and say where they came from

The values spare analytics drawing each variant again; the source (practice, placement or a
claim's check) tells the answers that drive mastery from those only logged.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("parameters", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("source", sa.String(length=20), nullable=False, server_default="practice")
        )


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("source")
        batch.drop_column("parameters")
