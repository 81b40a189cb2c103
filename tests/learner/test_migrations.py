"""Every migration upgrades and downgrades one step at a time, and a failing one changes nothing.

Both run on whichever database the suite runs on (SQLite, or PostgreSQL when
TUTOR_TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select

from tutor.accounts import learners
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction
from tutor.store.models import Learner

Schema = dict[str, tuple]


def schema(engine: Engine) -> Schema:
    """Tables with their columns, indexes and unique constraints, as the database reports them."""
    inspector = inspect(engine)
    return {
        table: (
            tuple(
                sorted(
                    (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
                )
            ),
            tuple(sorted(i["name"] for i in inspector.get_indexes(table))),
            tuple(sorted(str(u["name"]) for u in inspector.get_unique_constraints(table))),
        )
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


@pytest.fixture
def engine(fresh_database_url):
    engine = make_engine(fresh_database_url())
    yield engine
    engine.dispose()


def test_every_revision_upgrades_and_downgrades_one_step_at_a_time(engine: Engine) -> None:
    revisions = migrate.revisions()
    assert revisions[-1] == migrate.head_revision()
    schemas = {None: schema(engine)}
    for revision in revisions:
        migrate.upgrade(engine, "+1")
        assert migrate.current_revision(engine) == revision
        schemas[revision] = schema(engine)
        assert schemas[revision] != schemas[[None, *revisions][revisions.index(revision)]]
    for lower in reversed([None, *revisions[:-1]]):
        migrate.downgrade(engine, "-1")
        assert migrate.current_revision(engine) == lower
        assert schema(engine) == schemas[lower]
    migrate.upgrade(engine)
    assert schema(engine) == schemas[revisions[-1]]


FAILING_MIGRATION = '''"""A migration that fails half-way, after changing the schema

Revision ID: 9999
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("doomed", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("doomed", sa.Integer(), nullable=True))
    op.execute("UPDATE no_such_table SET x = 1")


def downgrade() -> None:
    raise NotImplementedError
'''


@pytest.fixture
def failing_migrations(tmp_path: Path) -> Path:
    """The project's migrations plus one that fails after creating a table and adding a column."""
    directory = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, directory, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (directory / "versions" / "9999_fails.py").write_text(FAILING_MIGRATION.format(head=head))
    return directory


def test_a_failed_migration_leaves_the_schema_and_data_as_they_were(
    engine: Engine, failing_migrations: Path
) -> None:
    migrate.upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        learners.new_learner(session)
    before = schema(engine)
    with pytest.raises(Exception, match="no_such_table"):
        migrate.upgrade(engine, directory=failing_migrations)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert schema(engine) == before
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Learner)) == 1


def test_a_failed_first_upgrade_leaves_an_empty_database(
    engine: Engine, failing_migrations: Path
) -> None:
    with pytest.raises(Exception, match="no_such_table"):
        migrate.upgrade(engine, directory=failing_migrations)
    assert migrate.current_revision(engine) is None
    assert schema(engine) == {}
