"""JSON columns for the values kept as JSON text; api_tokens.last_used_at, never written, goes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, column, nullable): every value already holds JSON text, so it converts as it is.
JSON_COLUMNS = (
    ("attempts", "parameters", True),
    ("mastery", "card", True),
    ("diagnostics", "state", False),
    ("engine_states", "state", False),
    ("engine_params", "params", False),
)


def _retype(to_json: bool) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, column, nullable in JSON_COLUMNS:
        if postgres:
            # SQLite keeps JSON as text anyway; PostgreSQL converts each value in place.
            target, using = (
                (postgresql.JSONB(), f"{column}::jsonb")
                if to_json
                else (sa.Text(), f"{column}::text")
            )
            op.alter_column(
                table, column, type_=target, existing_nullable=nullable, postgresql_using=using
            )
        else:
            with op.batch_alter_table(table) as batch:
                batch.alter_column(
                    column,
                    type_=sa.JSON() if to_json else sa.Text(),
                    existing_type=sa.Text() if to_json else sa.JSON(),
                    existing_nullable=nullable,
                )


def upgrade() -> None:
    _retype(to_json=True)
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("last_used_at")


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
    _retype(to_json=False)
