"""Fixtures of the web tests: a topic to practise on, signed-in clients, the database's rows."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from tests.conftest import LEARNER_TABLES
from tests.web.helpers import SEED_TOPIC
from tutor.curriculum.catalog import shared_catalog_cache
from tutor.store.db import make_engine, make_session_factory


@pytest.fixture(scope="session")
def practice_topic(content_database: str) -> str:
    """The seed topic when the curriculum holds it, else the first topic with questions."""
    engine = make_engine(content_database)
    with make_session_factory(engine)() as session:
        catalog = shared_catalog_cache(content_database).get(session)
    engine.dispose()
    if SEED_TOPIC in catalog.topics:
        return SEED_TOPIC
    return next(tid for tid in catalog.graph.topological_order() if catalog.topic(tid).templates)


def answer_body(
    app: Flask, client: FlaskClient, topic_id: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """A POST /api/answers body with the right answer to the question this client is shown now
    (with ``headers``: the question shown to that token's user)."""
    question = client.get(f"/api/topics/{topic_id}/question", headers=headers).get_json()
    with app.extensions["tutor.sessions"]() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    variant = catalog.template(topic_id, question["template_id"]).variant(question["seed"])
    answers = [part.answer_plain for part in variant.parts]
    body: dict[str, Any] = {
        "topic_id": topic_id,
        "template_id": question["template_id"],
        "seed": question["seed"],
        "instance": question["instance"],
    }
    if len(answers) > 1:
        body["responses"] = answers
    else:
        body["response"] = answers[0]
    return body


def database_rows(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables requests may write, to show that a refused request changed
    nothing."""
    with app.extensions["tutor.engine"].connect() as connection:
        return {
            table: sorted(tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}")))
            for table in LEARNER_TABLES
        }


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One Argon2 hash for the users that sign in by token only: hashing costs most of a second."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash("correct horse battery")


def issue_token(app: Flask, password_hash: str, role: str) -> dict[str, str]:
    """An Authorization header for a new user of the given role, with every scope the role
    allows."""
    from tutor.accounts.learners import new_learner
    from tutor.accounts.users import ROLE_SCOPES, create_token
    from tutor.store.db import transaction
    from tutor.store.models import User

    with transaction(app.extensions["tutor.sessions"]) as session:
        user = User(
            email=f"{role}-{uuid.uuid4().hex[:8]}@example.org",
            password_hash=password_hash,
            role=role,
            learner_id=new_learner(session).id,
        )
        session.add(user)
        session.flush()
        secret = create_token(session, user, "tests", ROLE_SCOPES[role]).secret
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def bearer(app: Flask, password_hash: str) -> Callable[[str], dict[str, str]]:
    """Authorization headers for new users of a role, on the ``app`` fixture."""
    return lambda role="learner": issue_token(app, password_hash, role)
