"""Attempts say where they came from: practice, placement or a claim's check

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("source", sa.String(length=20), nullable=False, server_default="practice"))


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("source")
