"""Many concurrent answers, retries included, through real HTTP to a three-worker gunicorn server.

Nothing may be lost or doubled, and every learner's mastery must equal a sequential replay of
their attempt log with the same update function, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import json
import random
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import import_directory
from tests.gunicorn_server import gunicorn_server, instance_token, make_token
from tests.topics import write_small_curriculum
from tutor.curriculum.catalog import CatalogCache
from tutor.practice.evidence import apply_attempt
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction
from tutor.store.models import Attempt, Learner, Mastery, User

LEARNERS = 2
SUBMISSIONS_PER_LEARNER = 30
RETRIES = 2  # extra copies of every third submission, sent concurrently with the first
THREADS = 12


def post_json(url: str, body: dict, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except OSError as error:  # reported with the server's log below, not raised from a thread
        return 0, {"error": repr(error)}


@pytest.fixture
def small_database(fresh_database_url, tmp_path: Path):
    url = fresh_database_url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    import_directory(engine, write_small_curriculum(tmp_path / "content"))
    yield url, engine
    engine.dispose()


def submissions(engine, tokens: list[str]) -> list[tuple[str, dict]]:
    """Every distinct submission (a right or a wrong answer on one of two topics, each to a
    variant of its own: a variant counts once per learner), shuffled."""
    with make_session_factory(engine)() as session:
        catalog = CatalogCache().get(session)
    rng = random.Random(11)
    distinct = []
    for learner, token in enumerate(tokens):
        topic = ["adding", "multiplying"][learner % 2]
        for n, seed in enumerate(rng.sample(range(1000), SUBMISSIONS_PER_LEARNER)):
            variant = catalog.template(topic, "add").variant(seed)
            response = variant.answer_plain if rng.random() < 0.6 else "1"
            instance = instance_token(engine, f"learner{learner}@example.org", topic, "add", seed)
            distinct.append(
                (
                    token,
                    {
                        "topic_id": topic,
                        "template_id": "add",
                        "seed": variant.seed,
                        "instance": instance,
                        "response": response,
                        "idempotency_key": f"l{learner}-{n}",
                    },
                )
            )
    return distinct


def replayed_mastery(attempts: list[Attempt], fresh_url: str, graph) -> dict:
    """The mastery a single writer would have stored: the log replayed in id order through the
    same update (prerequisite credit included) into an empty database."""
    engine = make_engine(fresh_url)
    migrate.upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        for learner_id in sorted({a.learner_id for a in attempts}):
            session.add(Learner(id=learner_id, public_id=f"replay-{learner_id}"))
        session.flush()
        columns = [c.key for c in Attempt.__table__.columns]
        for attempt in sorted(attempts, key=lambda a: a.id):
            # The update reads the learner's recent results, so the log goes in as it is replayed.
            session.add(Attempt(**{c: getattr(attempt, c) for c in columns}))
            session.flush()
            apply_attempt(
                session,
                attempt.learner_id,
                attempt.topic_id,
                attempt.correct,
                attempt.mistake_prerequisite,
                graph,
                attempt.created_at.replace(tzinfo=UTC),
                template_id=attempt.template_id,
                duration_ms=attempt.duration_ms,
            )
    with make_session_factory(engine)() as session:
        state = {
            (m.learner_id, m.topic_id): (round(m.p_known, 12), m.attempts, m.correct)
            for m in session.scalars(select(Mastery))
        }
    engine.dispose()
    return state


def test_concurrent_answers_are_stored_once_and_mastery_matches_the_log(
    small_database, fresh_database_url, tmp_path: Path
) -> None:
    url, engine = small_database
    tokens = [make_token(engine, f"learner{i}@example.org") for i in range(LEARNERS)]
    distinct = submissions(engine, tokens)
    requests = distinct + [s for s in distinct[::3] for _ in range(RETRIES)]
    random.Random(5).shuffle(requests)

    with gunicorn_server(url, tmp_path) as server:
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(
                pool.map(lambda r: post_json(f"{server.url}/api/answers", r[1], r[0]), requests)
            )
        served_by = server.worker_pids()

    statuses = [status for status, _ in results]
    problems = [entry for entry in server.log if entry.get("level") in ("error", "critical")]
    assert set(statuses) <= {200, 201}, (
        [r for r in results if r[0] not in (200, 201)][:3],
        problems,
    )
    assert statuses.count(201) == len(distinct)  # each submission recorded exactly once...
    assert statuses.count(200) == len(requests) - len(distinct)  # ...and every retry recognised
    attempt_ids = defaultdict(set)
    for (_, body), (_, answer) in zip(requests, results, strict=True):
        attempt_ids[body["idempotency_key"]].add(answer["attempt_id"])
    assert all(len(ids) == 1 for ids in attempt_ids.values())  # a retry names the first attempt
    assert len(served_by) > 1, "the requests should have been spread over several workers"

    with make_session_factory(engine)() as session:
        attempts = list(session.scalars(select(Attempt)))
        mastery = {
            (m.learner_id, m.topic_id): (round(m.p_known, 12), m.attempts, m.correct)
            for m in session.scalars(select(Mastery))
        }
        graph = CatalogCache().get(session).graph
        learners = set(session.scalars(select(User.learner_id)))
    assert len(attempts) == len(distinct)  # zero lost, zero doubled
    assert {a.idempotency_key for a in attempts} == {b["idempotency_key"] for _, b in distinct}
    assert {a.learner_id for a in attempts} == learners
    assert mastery == replayed_mastery(attempts, fresh_database_url(), graph)
