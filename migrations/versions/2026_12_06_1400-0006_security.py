"""Security: answered variants (each counts for mastery once), API token scopes and expiry,
emails normalised with NFKC and case folding

Existing tokens keep what they could do: every scope (their user's role still applies).
Existing practice answers claim their variants. Emails are normalised unless the normalised
form is taken by another account (then it is left as it was and a warning is printed).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _normalize(email: str) -> str:
    # The same rule as tutor.accounts.users.normalize_email, frozen here as migrations must be.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email.strip()).casefold())


def upgrade() -> None:
    op.create_table(
        "answered_variants",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.String(length=200), nullable=False),
        sa.Column("template_id", sa.String(length=200), nullable=False),
        sa.Column("template_revision", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_answered_variants_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint(
            "learner_id",
            "topic_id",
            "template_id",
            "template_revision",
            "seed",
            name=op.f("pk_answered_variants"),
        ),
    )
    op.execute(
        "INSERT INTO answered_variants "
        "(learner_id, topic_id, template_id, template_revision, seed, created_at) "
        "SELECT learner_id, topic_id, template_id, template_revision, seed, MIN(created_at) "
        "FROM attempts WHERE source = 'practice' "
        "GROUP BY learner_id, topic_id, template_id, template_revision, seed"
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(
            sa.Column("scopes", sa.String(length=100), nullable=False, server_default="read")
        )
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE api_tokens SET scopes = 'read answer author admin'")
    _normalize_emails()


def _normalize_emails() -> None:
    connection = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String))
    rows = connection.execute(sa.select(users.c.id, users.c.email)).all()
    taken = {email for _, email in rows}
    for user_id, email in rows:
        normal = _normalize(email)
        if normal == email:
            continue
        if normal in taken:
            print(
                f"warning: user {user_id}'s email {email!r} normalises to {normal!r}, "
                "which another account has; left unchanged "
                "(that account cannot sign in until an admin resolves it)"
            )
            continue
        connection.execute(users.update().where(users.c.id == user_id).values(email=normal))
        taken.add(normal)


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("scopes")
    op.drop_table("answered_variants")
