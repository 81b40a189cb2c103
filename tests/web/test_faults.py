"""Faults in the middle of a request leave nothing half-written.

The server is tests/held_server.py (tutor serve plus one test-only step): a writing request stops
after its last write and before its commit, announces its worker's pid on a FIFO and waits to be
released, so the test can kill the worker or cut its database connection at that moment.
"""

from __future__ import annotations

import os
import signal
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.conftest import import_directory
from tests.gunicorn_server import gunicorn_server, instance_token, make_token
from tests.topics import write_small_curriculum
from tests.web.test_concurrency import post_json
from tutor.config import Settings
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory
from tutor.store.models import Attempt, Mastery
from tutor.web import create_app

EMAIL = "held@example.org"


class HeldServer:
    def __init__(self, server, engine, hold: Path, token: str) -> None:
        self.server, self.engine, self.hold, self.token = server, engine, hold, token

    def start_answer(self, key: str) -> tuple[int, threading.Thread, list]:
        """Send an answer in a thread; returns the pid of the worker holding it before commit.
        Each key answers a variant of its own (a variant counts once per learner)."""
        seed = sum(map(ord, key)) % 1000
        body = {
            "topic_id": "adding",
            "template_id": "add",
            "seed": seed,
            "response": "1",
            "idempotency_key": key,
            "instance": instance_token(self.engine, EMAIL, "adding", "add", seed),
        }
        result: list = []
        thread = threading.Thread(
            target=lambda: result.append(
                post_json(f"{self.server.url}/api/answers", body, self.token)
            )
        )
        thread.start()
        with open(self.hold / "held") as held:  # blocks until the worker is at the commit
            pid = int(held.read())
        return pid, thread, result

    def release(self) -> None:
        with open(self.hold / "release", "w"):
            pass

    def stored(self, key: str) -> tuple[int, int]:
        """(attempts with this key, mastery rows) as the database has them now."""
        with make_session_factory(self.engine)() as session:
            attempts = session.scalar(
                select(func.count()).select_from(Attempt).where(Attempt.idempotency_key == key)
            )
            mastery = session.scalar(select(func.count()).select_from(Mastery))
        return attempts, mastery


@pytest.fixture(scope="module")
def held(fresh_database_url, tmp_path_factory):
    url = fresh_database_url()
    if url.startswith("postgresql"):  # a name to find this server's connections by
        url += f"&application_name=tutor_fault_{uuid.uuid4().hex[:8]}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    directory = tmp_path_factory.mktemp("faults")
    import_directory(engine, write_small_curriculum(directory / "content"))
    token = make_token(engine, EMAIL)
    hold = directory / "hold"
    hold.mkdir()
    os.mkfifo(hold / "held")
    os.mkfifo(hold / "release")
    with gunicorn_server(url, directory, workers=2, hold=hold) as server:
        yield HeldServer(server, engine, hold, token)
    engine.dispose()


def test_a_worker_killed_before_commit_leaves_no_partial_attempt(held) -> None:
    pid, thread, result = held.start_answer("killed")
    os.kill(pid, signal.SIGKILL)
    thread.join()
    assert result[0][0] == 0  # the connection died with the worker
    assert held.stored("killed") == (0, 0)
    # The client retries with the same key: gunicorn has replaced the worker, the answer is
    # stored once, with its mastery update.
    _, thread, result = held.start_answer("killed")
    held.release()
    thread.join()
    status, body = result[0]
    assert status == 201 and body["duplicate"] is False
    assert held.stored("killed") == (1, 1)


def test_a_connection_cut_before_commit_is_a_503_and_writes_nothing(held) -> None:
    if held.engine.dialect.name != "postgresql":
        pytest.skip("cutting one connection from outside needs PostgreSQL's pg_terminate_backend")
    name = held.engine.url.query["application_name"]
    _, before = held.stored("cut")
    _, thread, result = held.start_answer("cut")
    with held.engine.begin() as connection:
        cut = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name AND pid <> pg_backend_pid() AND state <> 'idle'"
            ),
            {"name": name},
        ).scalar()
    assert cut == 1
    held.release()
    thread.join()
    status, body = result[0]
    assert status == 503 and "nothing was saved" in body["error"]
    assert held.stored("cut") == (0, before)


def test_sqlite_that_cannot_be_opened_gets_a_503(tmp_path: Path) -> None:
    (tmp_path / "a-directory").mkdir()
    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'a-directory'}",
            instance_dir=tmp_path,
            secret_key="x",
            testing=True,
        )
    )
    response = app.test_client().post("/api/goals", json={"topic_id": "adding"})
    assert response.status_code == 503
    assert "database is unavailable" in response.get_json()["error"]
    assert response.headers["Retry-After"] == "5"
