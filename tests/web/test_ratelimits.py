"""Rate limits on signing in and answering, per account and per address: in memory in-process,
and once across two app instances sharing Redis (as several workers would)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from flask import Flask

from tests.conftest import _clear_learners
from tests.web.conftest import answer_body
from tutor.accounts.users import create_token, create_user
from tutor.config import Settings, load_settings, redis_url_for_tests
from tutor.store.db import transaction
from tutor.web import create_app
from tutor.web.ratelimits import counts_per_process, worker_warning

PASSWORD = "correct horse battery"
TIGHT = {
    "ratelimit_sign_in_per_account": "3 per minute",
    "ratelimit_sign_in_per_address": "5 per minute",
    "ratelimit_answers_per_account": "3 per minute",
    "ratelimit_answers_per_address": "5 per minute",
}


def _app(settings: Settings, **changes: object) -> Flask:
    app = create_app(replace(settings, **{**TIGHT, **changes}))
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _close(app: Flask) -> None:
    _clear_learners(app.extensions["tutor.engine"])
    app.extensions["tutor.engine"].dispose()


@pytest.fixture
def limited(settings: Settings) -> Iterator[Flask]:
    app = _app(settings)
    yield app
    _close(app)


def _user(app: Flask, email: str) -> str:
    with transaction(app.extensions["tutor.sessions"]) as session:
        user = create_user(session, email, PASSWORD)
        return create_token(session, user, "tests", ["read", "answer"]).secret


def _from(app: Flask, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_in(client, email: str, password: str = "wrong password!"):
    return client.post("/sign-in", data={"email": email, "password": password})


def test_failed_sign_ins_are_limited_per_account(limited) -> None:
    _user(limited, "ada@example.org")
    _user(limited, "bob@example.org")
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):  # a spread-out attack still counts
        assert _sign_in(_from(limited, address), "ada@example.org").status_code == 401
    blocked = _sign_in(_from(limited, "10.0.0.4"), "Ada@Example.org", PASSWORD)
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)
    assert blocked.mimetype == "text/html" and int(blocked.headers["Retry-After"]) > 0
    assert _sign_in(_from(limited, "10.0.0.4"), "bob@example.org", PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_use_up_the_account_limit(limited) -> None:
    _user(limited, "ada@example.org")
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"):
        assert _sign_in(_from(limited, address), "ada@example.org", PASSWORD).status_code == 302


def test_sign_ins_are_limited_per_address(limited) -> None:
    client = _from(limited, "10.0.0.9")
    for n in range(5):
        assert _sign_in(client, f"user{n}@example.org").status_code == 401
    assert _sign_in(client, "user9@example.org").status_code == 429
    assert client.get("/sign-in").status_code == 200  # only posts count
    assert _sign_in(_from(limited, "10.0.0.10"), "user9@example.org").status_code == 401


def test_answers_are_limited_per_account_on_the_api(limited, practice_topic) -> None:
    secret = _user(limited, "ada@example.org")
    auth = {"Authorization": f"Bearer {secret}"}
    for n in range(3):
        client = _from(limited, f"10.0.1.{n}")
        body = answer_body(limited, client, practice_topic, auth)
        assert client.post("/api/answers", json=body, headers=auth).status_code == 201
    client = _from(limited, "10.0.1.9")
    refused = client.post(
        "/api/answers", json=answer_body(limited, client, practice_topic, auth), headers=auth
    )
    assert refused.status_code == 429 and refused.is_json
    assert refused.get_json() == {
        "error": "Too many answers in a short time; please wait a little and try again.",
        "status": 429,
    }
    assert int(refused.headers["Retry-After"]) > 0
    assert (
        next(
            r
            for r in client.get("/api/mastery", headers=auth).get_json()["mastery"]
            if r["topic_id"] == practice_topic
        )["attempts"]
        == 3
    )
    other = _from(limited, "10.0.1.9")
    assert (
        other.post("/api/answers", json=answer_body(limited, other, practice_topic)).status_code
        == 201
    )


def test_answers_are_limited_per_address_on_pages(limited, practice_topic) -> None:
    def post_answer():
        client = _from(limited, "10.0.2.1")  # a new anonymous learner each time, one address
        body = answer_body(limited, client, practice_topic)
        form = {
            "template_id": body["template_id"],
            "seed": body["seed"],
            "instance": body["instance"],
            **(
                {"response": body["response"]}
                if "response" in body
                else {f"response-{i}": r for i, r in enumerate(body["responses"])}
            ),
        }
        return client.post(f"/topics/{practice_topic}/answer", data=form)

    for _ in range(5):
        assert post_answer().status_code == 200
    refused = post_answer()
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    assert "Too many answers from your address" in refused.get_data(as_text=True)


def test_limits_can_be_switched_off(settings) -> None:
    app = _app(settings, ratelimit_enabled=False)
    client = _from(app, "10.0.3.1")
    assert all(_sign_in(client, "x@example.org").status_code == 401 for _ in range(7))
    _close(app)


def test_storage_comes_from_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TUTOR_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("TUTOR_RATELIMIT_STORAGE_URI", raising=False)
    assert counts_per_process(load_settings())
    assert "4 workers" in worker_warning(load_settings(), 4)
    assert worker_warning(load_settings(), 1) is None
    monkeypatch.setenv("TUTOR_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    assert load_settings().ratelimit_storage_uri == "redis://127.0.0.1:6379"
    assert worker_warning(load_settings(), 4) is None


def _redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1
        ) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_two_workers_share_counters_in_redis(settings) -> None:
    url = redis_url_for_tests()
    if not _redis_answers(url):
        pytest.skip(f"no Redis answers at {url} (start redis-server, or set TUTOR_TEST_REDIS_URL)")
    shared = {
        "ratelimit_storage_uri": url,
        "ratelimit_key_prefix": f"tutor-test-{uuid.uuid4().hex}",
    }
    first, second = _app(settings, **shared), _app(settings, **shared)
    _user(first, "ada@example.org")
    assert _sign_in(_from(first, "10.0.4.1"), "ada@example.org").status_code == 401
    assert _sign_in(_from(second, "10.0.4.2"), "ada@example.org").status_code == 401
    assert _sign_in(_from(first, "10.0.4.3"), "ada@example.org").status_code == 401
    assert _sign_in(_from(second, "10.0.4.4"), "ada@example.org", PASSWORD).status_code == 429
    first.extensions["tutor.engine"].dispose()
    _close(second)
