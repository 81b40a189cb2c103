"""Fixtures for authoring: each test edits a database of its own holding the whole curriculum.

Importing content/ takes a couple of seconds, so on SQLite one imported database is made per
session and each test gets a copy of its file; on PostgreSQL each test imports into a new schema.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import CONTENT_DIR, import_directory
from tutor.config import Settings
from tutor.learner import migrate
from tutor.learner.accounts import create_user
from tutor.learner.db import make_engine, transaction

PASSWORD = "correct horse battery"


def _imported(url: str) -> str:
    engine = make_engine(url)
    migrate.upgrade(engine)
    import_directory(engine, CONTENT_DIR)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def pristine_content(fresh_database_url: Callable[[], str]) -> str:
    return _imported(fresh_database_url())


@pytest.fixture
def authoring_url(pristine_content: str, fresh_database_url: Callable[[], str], tmp_path: Path) -> str:
    """A database of this test's own, holding content/ as imported."""
    if not pristine_content.startswith("sqlite:///"):
        return _imported(fresh_database_url())
    copy = tmp_path / "authoring.sqlite3"
    shutil.copyfile(pristine_content.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def _app(url: str, tmp_path: Path, csrf: bool):  # type: ignore[no-untyped-def]
    from tutor.web import create_app

    app = create_app(Settings(database_url=url, instance_dir=tmp_path, testing=True, secret_key="test-secret"))
    app.config["WTF_CSRF_ENABLED"] = csrf
    return app


@pytest.fixture
def author_app(authoring_url: str, tmp_path: Path) -> Iterator:
    app = _app(authoring_url, tmp_path, csrf=False)
    yield app
    app.extensions["tutor.engine"].dispose()


@pytest.fixture
def author_client(author_app):  # type: ignore[no-untyped-def]
    return author_app.test_client()


@pytest.fixture
def new_user(author_app) -> Callable[[str], str]:  # type: ignore[no-untyped-def]
    """Create an account with a role; returns its email (the password is PASSWORD)."""

    def make(role: str) -> str:
        email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
        with transaction(author_app.extensions["tutor.sessions"]) as session:
            create_user(session, email, PASSWORD, role)
        return email

    return make


@pytest.fixture
def signed_in(author_client, new_user) -> Callable[[str], str]:  # type: ignore[no-untyped-def]
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
