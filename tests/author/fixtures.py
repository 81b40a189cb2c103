"""Fixtures for authoring: each test edits a database of its own holding the fixture curriculum
(tests/fixtures).

On SQLite one imported database is made per session and each test gets a copy of its file; on
PostgreSQL each test gets a copy of one imported database (CREATE DATABASE ... TEMPLATE).
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from werkzeug.serving import make_server

from tests.conftest import CONTENT_DIR, import_directory
from tutor.accounts.users import create_user
from tutor.config import Settings, test_database_url
from tutor.store import migrate
from tutor.store.db import make_engine, transaction

PASSWORD = "correct horse battery"


def _imported(url: str) -> str:
    engine = make_engine(url)
    migrate.upgrade(engine)
    import_directory(engine, CONTENT_DIR)
    engine.dispose()
    return url


class _PostgresCopies:
    """On PostgreSQL, databases copied from one imported database (CREATE DATABASE ... TEMPLATE):
    a copy takes a moment, where importing the curriculum again takes longer."""

    def __init__(self, base: str) -> None:
        self.base = make_url(base)
        self.admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"tutor_author_{uuid.uuid4().hex[:12]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        self.names.append(name)
        return name

    def drop_all(self) -> None:
        with self.admin.connect() as connection:
            for name in reversed(self.names):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_copies() -> Iterator[_PostgresCopies | None]:
    base = test_database_url()
    if not base:
        yield None
        return
    copies = _PostgresCopies(base)
    yield copies
    copies.drop_all()


@pytest.fixture(scope="session")
def pristine_content(
    fresh_database_url: Callable[[], str], postgres_copies: _PostgresCopies | None
) -> str:
    if postgres_copies is None:
        return _imported(fresh_database_url())
    return postgres_copies.create() and _imported(postgres_copies.url(postgres_copies.names[-1]))


@pytest.fixture
def authoring_url(
    pristine_content: str, postgres_copies: _PostgresCopies | None, tmp_path: Path
) -> str:
    """A database of this test's own, holding the fixture curriculum as imported."""
    if postgres_copies is not None:
        pristine = make_url(pristine_content).database
        return postgres_copies.url(postgres_copies.create(template=pristine))
    copy = tmp_path / "authoring.sqlite3"
    shutil.copyfile(pristine_content.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def _app(url: str, tmp_path: Path, csrf: bool):
    from tutor.web import create_app

    app = create_app(
        Settings(database_url=url, instance_dir=tmp_path, testing=True, secret_key="test-secret")
    )
    app.config["WTF_CSRF_ENABLED"] = csrf
    return app


@pytest.fixture
def author_app(authoring_url: str, tmp_path: Path) -> Iterator:
    app = _app(authoring_url, tmp_path, csrf=False)
    yield app
    app.extensions["tutor.engine"].dispose()


@pytest.fixture
def author_client(author_app):
    return author_app.test_client()


@pytest.fixture
def new_user(author_app) -> Callable[[str], str]:
    """Create an account with a role; returns its email (the password is PASSWORD)."""

    def make(role: str) -> str:
        email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
        with transaction(author_app.extensions["tutor.sessions"]) as session:
            create_user(session, email, PASSWORD, role)
        return email

    return make


@pytest.fixture
def signed_in(author_client, new_user) -> Callable[[str], str]:
    """Sign the author client in as a new user with the role; returns the email."""

    def sign_in(role: str = "educator") -> str:
        email = new_user(role)
        response = author_client.post("/sign-in", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302
        return email

    return sign_in


@pytest.fixture
def author_server(authoring_url: str, tmp_path: Path) -> Iterator[tuple[str, object]]:
    """An app with CSRF on behind a real HTTP server, on this test's own database."""
    app = _app(authoring_url, tmp_path, csrf=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join()
    app.extensions["tutor.engine"].dispose()
