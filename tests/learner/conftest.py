"""A small migrated curriculum with one learner, for the engine's use-case tests."""

from pathlib import Path

import pytest

from tests.topics import write_small_curriculum
from tutor.accounts import learners
from tutor.content import read_sources
from tutor.curriculum.catalog import CatalogCache
from tutor.curriculum.files import import_sources
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction


@pytest.fixture
def world(fresh_database_url, tmp_path: Path):
    """(session, catalog, learner) over counting -> adding -> multiplying."""
    engine = make_engine(fresh_database_url())
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        import_sources(session, read_sources(write_small_curriculum(tmp_path)))
    with factory() as session:
        catalog = CatalogCache().get(session)
        yield session, catalog, learners.new_learner(session)
    engine.dispose()
