"""`tutor serve --workers N` as a subprocess on a free loopback port, for tests through real HTTP.

The server is ready once gunicorn logs that it listens and GET /readyz answers 200; gunicorn
queues connections until a worker has loaded the app, so no polling or sleeping is needed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from tutor.accounts import users
from tutor.store.db import make_session_factory, transaction

TUTOR = Path(sys.executable).with_name("tutor")
SECRET_KEY = "gunicorn-test"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url
        self.log: list[dict] = []
        self._listening = threading.Event()

    def _drain(self) -> None:
        """Keep reading gunicorn's JSON log lines so its pipe never fills."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            try:
                self.log.append(json.loads(line))
            except ValueError:
                self.log.append({"unparsed": line.rstrip()})
            if "Listening at" in line:
                self._listening.set()
        self._listening.set()

    def worker_pids(self) -> set[int]:
        return {entry["pid"] for entry in self.log if entry.get("logger") == "tutor.access"}


@contextmanager
def gunicorn_server(
    database_url: str,
    instance_dir: Path,
    workers: int = 3,
    hold: Path | None = None,
    **environment: str,
) -> Iterator[Server]:
    """`tutor serve`; with ``hold``, the fault tests' server that pauses before each commit."""
    port = free_port()
    env = {
        **os.environ,
        "TUTOR_DATABASE_URL": database_url,
        "TUTOR_INSTANCE_DIR": str(instance_dir),
        "TUTOR_SECRET_KEY": SECRET_KEY,
        "TUTOR_RATELIMIT_ENABLED": "0",  # rate limits would cap these tests by design
        **environment,
    }
    command = (
        [str(TUTOR), "serve", "--workers", str(workers), "--port", str(port)]
        if hold is None
        else [sys.executable, "-m", "tests.held_server", str(port), str(workers), str(hold)]
    )
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    drain = threading.Thread(target=server._drain, daemon=True)
    drain.start()
    try:
        assert server._listening.wait(60) and process.poll() is None, server.log
        with urllib.request.urlopen(f"{server.url}/readyz", timeout=60) as ready:
            assert ready.status == 200, ready.read()
        yield server
    finally:
        process.send_signal(signal.SIGQUIT)  # quick shutdown
        process.wait(timeout=30)
        drain.join(timeout=10)


def make_token(engine: Engine, email: str) -> str:
    """A learner account with an API token that may read and answer; returns the token."""
    with transaction(make_session_factory(engine)) as session:
        user = users.create_user(session, email, "correct horse battery", "learner")
        return users.create_token(session, user, "test", ["read", "answer"]).secret


def instance_token(engine: Engine, email: str, topic_id: str, template_id: str, seed: int) -> str:
    """The question instance the server would issue to that account's learner for this variant,
    signed with the server's secret key (as GET /api/topics/<id>/question would), so a test can
    answer many chosen variants at once."""
    from sqlalchemy import select

    from tutor.curriculum.catalog import CatalogCache
    from tutor.store.models import User
    from tutor.web import instances

    with make_session_factory(engine)() as session:
        learner_id = session.scalar(select(User.learner_id).where(User.email == email))
        variant = CatalogCache().get(session).template(topic_id, template_id).variant(seed)
    return instances.sign(SECRET_KEY, learner_id, variant)
