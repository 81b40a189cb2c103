"""Every route of the app against the anonymous user and every role, with the expected status.

Routes listed in EXPECTED are checked against their row of statuses. Routes not listed yet are
held to the rules of the project: /author (content) is for educators and admins, /admin and
/api/users for admins, and on every other route all signed-in roles get the same answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.conftest import import_directory
from tests.topics import write_small_curriculum
from tests.web.conftest import answer_body
from tests.web.routes import route_url
from tutor.store import migrate
from tutor.store.db import make_engine
from tutor.web import vendor
from tutor.web.pages.lab.runner import LabRunner
from tutor.web.pages.lab.views import EXTENSION_KEY


@pytest.fixture(scope="module")
def content_database(
    fresh_database_url: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> str:
    """This module's own small curriculum: its routes edit content (an educator saves a topic's
    prerequisites), which must not leak into the database the other tests share."""
    url = fresh_database_url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    import_directory(engine, write_small_curriculum(tmp_path_factory.mktemp("roles") / "content"))
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def practice_topic() -> str:
    return "adding"


ROLES = ("anonymous", "learner", "educator", "admin")
TO_SIGN_IN = "sign-in"  # a redirect to the sign-in page
FEW_STEPS = "?a.steps=5&b.steps=5"
Request = Callable[["Context"], dict[str, Any]]


@dataclass
class Context:
    """What requests of one role need: their client and the ids of things it owns."""

    client: FlaskClient
    topic: str
    token_id: int = 999_999
    other_user_id: int = 999_999
    question: dict[str, Any] = field(default_factory=dict)


def everyone(status: int | str) -> tuple[int | str, ...]:
    return (status,) * 4


def signed_in(status: int, anonymous: int | str = 401) -> tuple[int | str, ...]:
    return (anonymous, status, status, status)


def _form_answer(ctx: Context) -> dict[str, Any]:
    q = answer_body(
        ctx.client.application, ctx.client, ctx.topic
    )  # a question of its own: each counts once
    fields = {"template_id": q["template_id"], "seed": str(q["seed"]), "instance": q["instance"]}
    fields.update(
        {"response": q["response"]}
        if "response" in q
        else {f"response-{i}": r for i, r in enumerate(q["responses"])}
    )
    return {"data": fields}


def _vendor_asset() -> tuple[str, int]:
    return "/vendor/katex/katex.min.css", 200 if vendor.available("katex") else 404


# (method, rule) -> (anonymous, learner, educator, admin), request builder, fresh client needed
EXPECTED: dict[tuple[str, str], tuple[tuple[int | str, ...], Request, bool]] = {
    ("GET", "/"): (everyone(200), lambda c: {}, False),
    ("GET", "/topics"): (everyone(200), lambda c: {}, False),
    ("GET", "/topics/<topic_id>"): (everyone(200), lambda c: {}, False),
    ("GET", "/topics/<topic_id>/practice"): (everyone(200), lambda c: {}, False),
    ("POST", "/topics/<topic_id>/answer"): (everyone(200), _form_answer, False),
    ("POST", "/topics/<topic_id>/goal"): (everyone(302), lambda c: {}, False),
    ("POST", "/topics/<topic_id>/known"): (everyone(302), lambda c: {}, False),
    ("GET", "/map"): (everyone(200), lambda c: {}, False),
    ("GET", "/sign-in"): (everyone(200), lambda c: {}, False),
    ("POST", "/sign-in"): (
        everyone(302),
        lambda c: {"data": {"email": "target@example.org", "password": "correct horse battery"}},
        True,
    ),
    ("GET", "/sign-up"): (everyone(200), lambda c: {}, False),
    ("POST", "/sign-up"): (
        everyone(302),
        lambda c: {
            "data": {
                "email": f"new-{uuid.uuid4().hex}@example.org",
                "password": "a long passphrase",
            }
        },
        True,
    ),
    ("POST", "/sign-out"): (everyone(302), lambda c: {}, True),
    # Signed in or not, it ends on the sign-in page (test_accounts.py checks what it does).
    ("POST", "/account/sign-out-everywhere"): (everyone(TO_SIGN_IN), lambda c: {}, True),
    ("GET", "/account"): (signed_in(200, TO_SIGN_IN), lambda c: {}, False),
    ("POST", "/account/tokens"): (
        signed_in(200, TO_SIGN_IN),
        lambda c: {"data": {"name": "t"}},
        False,
    ),
    ("POST", "/account/tokens/<int:token_id>/revoke"): (
        signed_in(302, TO_SIGN_IN),
        lambda c: {},
        True,
    ),
    ("GET", "/healthz"): (everyone(200), lambda c: {}, False),
    ("GET", "/readyz"): (everyone(200), lambda c: {}, False),
    ("GET", "/static/<path:filename>"): (everyone(200), lambda c: {}, False),
    ("GET", "/labs/gradient-flow/run"): (
        everyone(200),
        lambda c: {"query_string": FEW_STEPS[1:]},
        False,
    ),
    ("GET", "/labs/gradient-flow/data.csv"): (
        everyone(200),
        lambda c: {"query_string": FEW_STEPS[1:]},
        False,
    ),
    ("GET", "/api/openapi.json"): (everyone(200), lambda c: {}, False),
    ("GET", "/api/topics"): (everyone(200), lambda c: {}, False),
    ("GET", "/api/topics/<topic_id>"): (everyone(200), lambda c: {}, False),
    ("GET", "/api/topics/<topic_id>/graph"): (everyone(200), lambda c: {}, False),
    ("GET", "/api/topics/<topic_id>/question"): (everyone(200), lambda c: {}, False),
    ("POST", "/api/topics/<topic_id>/known"): (everyone(201), lambda c: {}, False),
    ("POST", "/api/answers"): (
        everyone(201),
        lambda c: {"json": answer_body(c.client.application, c.client, c.topic)},
        False,
    ),
    ("GET", "/api/goals"): (everyone(200), lambda c: {}, False),
    ("POST", "/api/goals"): (everyone(201), lambda c: {"json": {"topic_id": c.topic}}, False),
    ("DELETE", "/api/goals/<topic_id>"): (everyone(200), lambda c: {}, True),
    ("GET", "/api/mastery"): (everyone(200), lambda c: {}, False),
    ("GET", "/api/map"): (everyone(200), lambda c: {}, False),
    ("GET", "/api/me"): (signed_in(200), lambda c: {}, False),
    ("GET", "/api/tokens"): (signed_in(200), lambda c: {}, False),
    ("POST", "/api/tokens"): (signed_in(201), lambda c: {"json": {"name": "t"}}, False),
    ("DELETE", "/api/tokens/<int:token_id>"): (signed_in(200), lambda c: {}, True),
    ("GET", "/api/users"): ((401, 403, 403, 200), lambda c: {}, False),
    ("PUT", "/api/users/<int:user_id>/role"): (
        (401, 403, 403, 200),
        lambda c: {"json": {"role": "learner"}},
        False,
    ),
}
VENDOR = ("GET", "/vendor/<package>/<path:filename>")


def _url(rule: Rule, ctx: Context) -> str:
    return route_url(
        rule,
        {
            "topic_id": ctx.topic,
            "token_id": ctx.token_id,
            "user_id": ctx.other_user_id,
            "filename": "app.css",
            "package": "katex",
        },
    )


def _outcome(response: Any) -> int | str:
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/sign-in" in location:
        return TO_SIGN_IN
    return response.status_code


class Roles:
    """Signed-in clients, one per role, each owning a goal and an API token."""

    def __init__(
        self, app: Flask, login: Callable[..., str], make_user: Callable[..., Any], topic: str
    ) -> None:
        self.app, self.login, self.topic = app, login, topic
        make_user("learner", "target@example.org")
        self.target_id = next(
            u["id"] for u in self._admin_users() if u["email"] == "target@example.org"
        )

    def _admin_users(self) -> list[dict[str, Any]]:
        admin = self.app.test_client()
        self.login(admin, "admin")
        return admin.get("/api/users").get_json()["users"]

    def context(self, role: str) -> Context:
        client = self.app.test_client()
        if role != "anonymous":
            self.login(client, role)
        assert client.post("/api/goals", json={"topic_id": self.topic}).status_code == 201
        return Context(
            client=client,
            topic=self.topic,
            other_user_id=self.target_id,
            question=answer_body(self.app, client, self.topic),
        )

    def fresh(self, ctx: Context, role: str) -> Context:
        """A client of another user of the same role, with a goal and a token of its own, for
        requests that change who is signed in (sign-out closes the session on the server, for
        every copy of its cookie) or what they own."""
        client = self.app.test_client()
        if role != "anonymous":
            self.login(client, role)
        assert client.post("/api/goals", json={"topic_id": self.topic}).status_code == 201
        token = client.post("/api/tokens", json={"name": "own"})
        return Context(
            client=client,
            topic=ctx.topic,
            other_user_id=ctx.other_user_id,
            question=ctx.question,
            token_id=token.get_json()["id"] if token.status_code == 201 else 999_999,
        )


def _check(rule: Rule, method: str, ctx: Context, request: Request) -> int | str:
    return _outcome(ctx.client.open(_url(rule, ctx), method=method, **request(ctx)))


def _unlisted_problem(rule: Rule, method: str, got: dict[str, int | str]) -> str | None:
    """The rules for routes without a row in EXPECTED; None when they hold."""
    path = rule.rule
    anonymous, learner, educator, admin = (got[r] for r in ROLES)
    failed = [r for r, s in got.items() if isinstance(s, int) and s >= 500]
    if failed:
        return f"server errors for {failed}"
    if path.startswith(("/author", "/api/author")):
        ok = (
            anonymous in (401, TO_SIGN_IN)
            and learner == 403
            and educator not in (401, 403)
            and admin not in (401, 403)
        )
        return None if ok else "content routes are for educators and admins only"
    if path.startswith(("/admin", "/api/admin", "/api/users")):
        ok = (
            anonymous in (401, TO_SIGN_IN)
            and learner == 403
            and educator == 403
            and admin not in (401, 403)
        )
        return None if ok else "admin routes are for admins only"
    if not learner == educator == admin or learner == 403:
        return "roles differ on a route that is neither content nor admin: add it to EXPECTED"
    return None


def test_every_route_for_every_role(app, login, make_user, practice_topic) -> None:
    # A patient lab runner: spawning its worker on a busy machine must not turn a 200 into a 503.
    app.extensions[EXTENSION_KEY].shutdown()
    app.extensions[EXTENSION_KEY] = LabRunner(timeout=120)
    roles = Roles(app, login, make_user, practice_topic)
    contexts = {role: roles.context(role) for role in ROLES}
    vendor_url, vendor_status = _vendor_asset()
    mismatches: list[str] = []
    try:
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                key = (method, rule.rule)
                if key == VENDOR:
                    got = {
                        role: contexts[role].client.get(vendor_url).status_code for role in ROLES
                    }
                    if set(got.values()) != {vendor_status}:
                        mismatches.append(f"{method} {rule.rule}: {got}")
                    continue
                expected, request, fresh = EXPECTED.get(
                    key, (None, _default_request(method), False)
                )
                got = {
                    role: _check(
                        rule,
                        method,
                        roles.fresh(contexts[role], role) if fresh else contexts[role],
                        request,
                    )
                    for role in ROLES
                }
                if expected is None:
                    problem = _unlisted_problem(rule, method, got)
                    if problem:
                        mismatches.append(f"{method} {rule.rule}: {problem}: {got}")
                elif tuple(got.values()) != expected:
                    mismatches.append(
                        f"{method} {rule.rule}: expected {dict(zip(ROLES, expected))}, got {got}"
                    )
    finally:
        app.extensions[EXTENSION_KEY].shutdown()
    assert not mismatches, "\n".join(mismatches)


def _default_request(method: str) -> Request:
    return (lambda c: {}) if method == "GET" else (lambda c: {"json": {}})


def test_the_table_names_only_real_routes(app) -> None:
    routes = {
        (m, r.rule) for r in app.url_map.iter_rules() for m in r.methods - {"HEAD", "OPTIONS"}
    }
    assert set(EXPECTED) - routes == set()
    assert VENDOR in routes
