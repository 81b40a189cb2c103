"""The schema comes from the migrations, on SQLite and on PostgreSQL alike."""

from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import OperationalError

from tests.topics import write_small_curriculum, write_topic
from tutor.accounts import learners
from tutor.content import read_sources
from tutor.curriculum.catalog import CatalogCache
from tutor.curriculum.files import ContentRejected, export_directory, import_sources
from tutor.diagnostics import sessions
from tutor.practice import attempts
from tutor.questions import grade
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction
from tutor.store.models import Attempt, Mastery, TopicRevision


@pytest.fixture
def engine(fresh_database_url):
    engine = make_engine(fresh_database_url())
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine):
    return make_session_factory(engine)


def test_migrations_upgrade_and_downgrade(fresh_database_url) -> None:
    engine = make_engine(fresh_database_url())
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {
        "attempts",
        "mastery",
        "goals",
        "learners",
        "topic_revisions",
        "content_state",
    } <= tables
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_the_migrated_schema_matches_the_models(fresh_database_url) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tutor.store.models import Base

    engine = make_engine(fresh_database_url())
    migrate.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_import_is_all_or_nothing(factory, tmp_path: Path) -> None:
    write_small_curriculum(tmp_path)
    write_topic(tmp_path, "broken", prerequisites=["missing-topic"])
    with pytest.raises(ContentRejected) as info, transaction(factory) as session:
        import_sources(session, read_sources(tmp_path))
    assert any("missing-topic" in p for p in info.value.problems)
    with factory() as session:
        assert session.scalars(select(TopicRevision)).all() == []


def test_import_then_export_round_trips_byte_for_byte(factory, tmp_path: Path) -> None:
    source = write_small_curriculum(tmp_path / "in")
    with transaction(factory) as session:
        report = import_sources(session, read_sources(source))
    assert sorted(report.added) == ["adding", "counting", "multiplying"]
    with transaction(factory) as session:
        again = import_sources(session, read_sources(source))
    assert sorted(again.unchanged) == ["adding", "counting", "multiplying"]
    with transaction(factory) as session:
        export_directory(session, tmp_path / "out")
    for path in source.glob("*.md"):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


def test_attempts_update_mastery_and_retries_are_stored_once(factory, tmp_path: Path) -> None:
    with transaction(factory) as session:
        import_sources(session, read_sources(write_small_curriculum(tmp_path)))
    cache = CatalogCache()
    with transaction(factory) as session:
        catalog = cache.get(session)
        learner = learners.new_learner(session)
        variant = catalog.template("adding", "add").variant(5)
        result = grade(variant, variant.answer_plain)
        first = attempts.record_attempt(
            session, learner, variant, result, variant.answer_plain, "key-1"
        )
        retry = attempts.record_attempt(
            session, learner, variant, result, variant.answer_plain, "key-1"
        )
        assert not first.duplicate and retry.duplicate
        assert retry.attempt_id == first.attempt_id
    with factory() as session:
        assert len(session.scalars(select(Attempt)).all()) == 1
        mastery = session.scalars(select(Mastery)).one()
        assert mastery.attempts == 1 and mastery.correct == 1 and mastery.p_known > 0.2


def test_claiming_a_topic_credits_its_prerequisites_until_the_check(
    factory, tmp_path: Path
) -> None:
    with transaction(factory) as session:
        import_sources(session, read_sources(write_small_curriculum(tmp_path)))
    with transaction(factory) as session:
        catalog = CatalogCache().get(session)
        learner = learners.new_learner(session)
        check = sessions.start_claim(session, catalog, learner, "multiplying")
        assert sorted(sessions.state_of(check)["marked"]) == ["adding", "counting", "multiplying"]
        assert attempts.mastered_topics(session, learner) == set()  # weak evidence only
        variant = sessions.current_variant(catalog, sessions.state_of(check))
        sessions.answer_claim(session, catalog, learner, check, [variant.answer_plain])
        assert check.status == "passed"
        assert attempts.mastered_topics(session, learner) == {"adding", "counting", "multiplying"}


def test_catalog_reloads_when_the_content_version_moves(factory, tmp_path: Path) -> None:
    directory = write_small_curriculum(tmp_path)
    with transaction(factory) as session:
        import_sources(session, read_sources(directory))
    cache = CatalogCache()
    with factory() as session:
        before = cache.get(session)
    write_topic(directory, "dividing", prerequisites=["multiplying"], level="Middle School")
    with transaction(factory) as session:
        import_sources(session, read_sources(directory))
    with factory() as session:
        after = cache.get(session)
    assert "dividing" not in before.topics and "dividing" in after.topics
    assert after.graph.figures("dividing").depth == 3


def test_practice_does_not_repeat_a_recent_question(factory, tmp_path: Path) -> None:
    with transaction(factory) as session:
        import_sources(session, read_sources(write_small_curriculum(tmp_path)))
    with transaction(factory) as session:
        catalog = CatalogCache().get(session)
        learner = learners.new_learner(session)
        template = catalog.template("adding", "add")
        seen = []
        for _ in range(6):
            seed = attempts.current_seed(session, learner, template)
            assert (
                attempts.current_seed(session, learner, template) == seed
            )  # stable until answered
            variant = template.variant(seed)
            seen.append(template.signature(seed))
            attempts.record_attempt(session, learner, variant, grade(variant, "0"), "0")
        assert len(set(seen)) == 6


def _cut(url: str, pid: int) -> None:
    """End one server connection from outside, as a database restart would end them all."""
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def _backend(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_pooled_connection_cut_while_idle_is_replaced_before_its_next_use(
    fresh_database_url,
) -> None:
    url = fresh_database_url()
    if not url.startswith("postgresql"):
        pytest.skip("cutting a pooled connection from outside needs PostgreSQL")
    engine = make_engine(url, ping_after_idle_s=0.0)  # every connection back in the pool is idle
    first = _backend(engine)
    _cut(url, first)
    assert _backend(engine) != first  # tried, found cut and replaced: the caller saw nothing
    engine.dispose()


def test_a_connection_back_from_use_just_now_goes_out_untried(fresh_database_url) -> None:
    url = fresh_database_url()
    if not url.startswith("postgresql"):
        pytest.skip("cutting a pooled connection from outside needs PostgreSQL")
    engine = make_engine(url, ping_after_idle_s=3600.0)  # never idle long enough to be tried
    first = _backend(engine)
    _cut(url, first)
    # Untried, the cut shows in the request that uses it (the web layer answers 503, writing
    # nothing); the pool then replaces its connections.
    with pytest.raises(OperationalError) as cut, engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert cut.value.connection_invalidated
    assert _backend(engine) != first
    engine.dispose()
