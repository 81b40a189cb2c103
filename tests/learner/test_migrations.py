"""Every migration upgrades and downgrades one step at a time, and a failing one changes nothing.

Both run on whichever database the suite runs on (SQLite, or PostgreSQL when
TUTOR_TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import json
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


def test_values_kept_as_json_text_come_through_the_json_columns_migration(engine: Engine) -> None:
    """0008 turns five text columns holding JSON into JSON columns: the values come through as
    the documents they were, and back to the same text on the way down."""
    from sqlalchemy import text

    from tutor.store.models import Attempt, Diagnostic, EngineFit, EngineState, Mastery

    migrate.upgrade(engine, "0007")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO learners (id, public_id, created_at) VALUES (1, 'p', :t)"),
            {"t": "2026-12-01"},
        )
        connection.execute(
            text(
                "INSERT INTO attempts (learner_id, topic_id, template_id, template_revision, seed,"
                " part, response, correct, score, note, feedback, created_at, parameters, source)"
                " VALUES (1, 't', 'q', 1, 7, 0, 'x', true, 1.0, 'correct', '', :t, :p, 'practice'),"
                " (1, 't', 'q', 1, 8, 0, 'x', true, 1.0, 'correct', '', :t, NULL, 'practice')"
            ),
            {"t": "2026-12-01", "p": '{"a": "3"}'},
        )
        connection.execute(
            text(
                "INSERT INTO mastery (learner_id, topic_id, p_known, attempts, correct,"
                " claimed_known, updated_at, evidence, remediation, card)"
                " VALUES (1, 't', 0.5, 1, 1, false, :t, 1.0, false, :c)"
            ),
            {"t": "2026-12-01", "c": '{"card_id": 1, "state": 2}'},
        )
        connection.execute(
            text(
                "INSERT INTO diagnostics (learner_id, kind, topic_id, status, state, created_at,"
                " updated_at) VALUES (1, 'placement', 't', 'active', :s, :t, :t)"
            ),
            {"t": "2026-12-01", "s": '{"asked": ["t"], "p": 0.25}'},
        )
        connection.execute(
            text("INSERT INTO engine_states VALUES (1, :s, :t)"),
            {"t": "2026-12-01", "s": '{"skills": {"t": [1, 2]}}'},
        )
        connection.execute(
            text("INSERT INTO engine_params VALUES (0, :s, 10, :t)"),
            {"t": "2026-12-01", "s": '{"weights": [0.5, -1.5]}'},
        )
    migrate.upgrade(engine)
    with make_session_factory(engine)() as session:
        assert session.scalars(select(Attempt.parameters).order_by(Attempt.seed)).all() == [
            {"a": "3"},
            None,
        ]
        assert session.scalar(select(Mastery.card)) == {"card_id": 1, "state": 2}
        assert session.scalar(select(Diagnostic.state)) == {"asked": ["t"], "p": 0.25}
        assert session.scalar(select(EngineState.state)) == {"skills": {"t": [1, 2]}}
        assert session.scalar(select(EngineFit.params)) == {"weights": [0.5, -1.5]}
    migrate.downgrade(engine, "0007")
    with engine.connect() as connection:
        state = connection.scalar(text("SELECT state FROM engine_states"))
        parameters = connection.scalar(text("SELECT parameters FROM attempts WHERE seed = 8"))
    assert json.loads(state) == {"skills": {"t": [1, 2]}} and parameters is None
