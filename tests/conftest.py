"""Shared fixtures: real databases built by the migrations, a real app, a real HTTP server.

The suite runs on SQLite by default and on PostgreSQL when TUTOR_TEST_DATABASE_URL is set; each
fresh database on PostgreSQL is a schema of its own in that database.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sympy
from flask import Flask
from sqlalchemy import Engine, text
from werkzeug.serving import make_server

from tests import fixtures
from tutor.config import PROJECT_ROOT, Settings, test_database_url
from tutor.content import read_sources
from tutor.curriculum.files import import_sources
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction

# Authoring fixtures (a database of each test's own, an author server) for tests/author and
# tests/browser.
pytest_plugins = ["tests.author.fixtures"]

# The shipped curriculum, for the tests about it (tests/test_curriculum.py,
# tests/test_shipped_content.py); every other test runs on the fixture curriculum.
SHIPPED_CONTENT_DIR = Path(os.environ.get("TUTOR_CONTENT_DIR") or PROJECT_ROOT / "content")
CONTENT_DIR = fixtures.CURRICULUM
LEARNER_TABLES = (
    "answered_variants",
    "diagnostics",
    "api_tokens",
    "sign_ins",
    "users",
    "attempts",
    "mastery",
    "goals",
    "engine_states",
    "learners",
)


@pytest.fixture(scope="session", autouse=True)
def warm_checking_worker() -> None:
    """The checker's fork server imports SymPy once per process: start it before any check is
    timed against its budget, as a long-running server would have."""
    from tutor.checking import guard

    guard.run_guarded("expand", (sympy.Integer(1),), 60)


# Tests that never open a database: they run once, in the SQLite half of `make test`.
DATABASE_FREE = (
    "tests/checking/",
    "tests/graph/",
    "tests/content/",
    "tests/questions/",
    "tests/labs/",
    "tests/test_curriculum.py",
    "tests/test_wheel.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not test_database_url():
        return
    skip = pytest.mark.skip(reason="database-free: it runs once, in the SQLite half")
    root = Path(str(config.rootpath))
    for item in items:
        where = Path(str(item.path)).relative_to(root).as_posix()
        if where.startswith(DATABASE_FREE):
            item.add_marker(skip)


def pytest_report_header() -> str:
    url = test_database_url()
    return f"tutor test database: {'PostgreSQL ' + url if url else 'SQLite (temporary files)'}"


@pytest.fixture(scope="session")
def fresh_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], str]]:
    """A factory of URLs, each naming a new, empty database."""
    base = test_database_url()
    schemas: list[str] = []

    def make() -> str:
        if not base:
            return f"sqlite:///{tmp_path_factory.mktemp('db') / 'tutor.sqlite3'}"
        schema = f"t_{uuid.uuid4().hex[:12]}"
        engine = make_engine(base)
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        schemas.append(schema)
        separator = "&" if "?" in base else "?"
        return f"{base}{separator}options=-csearch_path%3D{schema}"

    yield make
    if base and schemas:
        engine = make_engine(base)
        with engine.begin() as connection:
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def import_directory(engine: Engine, directory: Path) -> None:
    with transaction(make_session_factory(engine)) as session:
        import_sources(session, read_sources(directory))


@pytest.fixture(scope="session")
def content_database(fresh_database_url: Callable[[], str]) -> str:
    """One migrated database holding the fixture curriculum (tests/fixtures), shared by the
    session."""
    return migrated_database(fresh_database_url(), CONTENT_DIR)


@pytest.fixture(scope="session")
def shipped_database(fresh_database_url: Callable[[], str]) -> str:
    """One migrated database holding the shipped curriculum (content/), for the tests about it."""
    return migrated_database(fresh_database_url(), SHIPPED_CONTENT_DIR)


def migrated_database(url: str, content: Path) -> str:
    """``url``, migrated and holding the curriculum in ``content``."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    import_directory(engine, content)
    engine.dispose()
    return url


@pytest.fixture
def settings(content_database: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=content_database, instance_dir=tmp_path, testing=True, secret_key="test-secret"
    )


@pytest.fixture
def app(settings: Settings) -> Iterator:
    from tutor.web import create_app

    app = create_app(settings)
    app.config["WTF_CSRF_ENABLED"] = False
    yield app
    _clear_learners(app.extensions["tutor.engine"])
    app.extensions["tutor.engine"].dispose()


@pytest.fixture
def csrf_app(settings: Settings) -> Iterator:
    """An app with CSRF protection on, as in production."""
    from tutor.web import create_app

    app = create_app(settings)
    yield app
    _clear_learners(app.extensions["tutor.engine"])
    app.extensions["tutor.engine"].dispose()


def _clear_learners(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in LEARNER_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def client(app):
    return app.test_client()


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app behind a real HTTP server on a free loopback port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture
def live_server(csrf_app) -> Iterator[str]:
    """The app behind a real HTTP server on a free loopback port."""
    with serving(csrf_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def make_user(app):
    """Create an account with a role; returns (email, password)."""
    from tutor.accounts.users import create_user

    def make(role: str = "learner", email: str | None = None) -> tuple[str, str]:
        email = email or f"{role}-{uuid.uuid4().hex[:8]}@example.org"
        password = "correct horse battery"
        with transaction(app.extensions["tutor.sessions"]) as session:
            create_user(session, email, password, role)
        return email, password

    return make


@pytest.fixture
def login(make_user):
    """Sign a test client in as a new user with the given role."""

    def sign_in(client, role: str = "learner") -> str:
        email, password = make_user(role)
        response = client.post("/sign-in", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    return sign_in
