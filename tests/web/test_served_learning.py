"""A simulated learner taught through the JSON API alone reaches its goal, truly.

The learner has a hidden state per topic: it answers right with 1 - SLIP what it knows and with
GUESS what it does not, and learns a topic with LEARN chance a question once it knows the
topic's prerequisites. Its wrong answers are ones the grader reads as valid and wrong, so they
meet the mistake rules as a learner's do. Driving the API this way found a learner sent back to a
prerequisite it knew, forever, and an answer that failed with a KeyError; bench/efficacy_served.py
measures the same at scale.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from tests.conftest import _clear_learners
from tests.fixtures import SEED
from tutor.checking import to_plain
from tutor.questions.grading import grade_part
from tutor.questions.variant import Part

SLIP, GUESS, LEARN = 0.1, 0.1, 0.5
BUDGET = 600


def wrong_answer(part: Part) -> str:
    answer = part.answer_plain
    candidates = [c for c in part.choices if c != answer]
    candidates += [f"({answer})+1", f"-({answer})", "0", "1", "x"]
    candidates += [to_plain(m.answer) for m in part.mistakes]
    for response in candidates:
        graded = grade_part(part, response)
        if graded.valid and not graded.correct:
            return response
    raise AssertionError(f"no wrong answer found for {answer!r}")


@pytest.fixture
def app(settings) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    """The tests' app without rate limits: a learner here answers faster than any person."""
    from tutor.web import create_app

    app = create_app(replace(settings, ratelimit_enabled=False))
    yield app
    _clear_learners(app.extensions["tutor.engine"])
    app.extensions["tutor.engine"].dispose()


@pytest.mark.parametrize("seed", [1, 2])
def test_a_learner_taught_through_the_api_reaches_its_goal(app, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    client = app.test_client()
    with app.extensions["tutor.sessions"]() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    graph = catalog.graph
    known = {t for t in graph.ancestors(SEED) if rng.random() < 0.3}
    known = {t for t in known if graph.ancestors(t) <= known}  # closed under prerequisites
    assert client.post("/api/goals", json={"topic_id": SEED}).status_code == 201
    asked, kinds = 0, set()
    while asked < BUDGET:
        plan = client.get("/api/next").get_json()
        if plan["goal"] is None:
            break
        task = plan["next"]
        assert task is not None, "the goal is open but nothing is planned"
        kinds.add(task["kind"])
        topic = task["topic_id"]
        question = client.get(f"/api/topics/{topic}/question").get_json()
        variant = catalog.template(topic, question["template_id"]).variant(question["seed"])
        right = rng.random() < (1 - SLIP if topic in known else GUESS)
        responses = [p.answer_plain if right else wrong_answer(p) for p in variant.parts]
        body: dict[str, Any] = {"instance": question["instance"], "responses": responses}
        answered = client.post("/api/answers", json=body)
        assert answered.status_code == 201, answered.get_data(as_text=True)
        asked += 1
        prerequisites_known = set(graph.prerequisites(topic)) <= known
        if topic not in known and prerequisites_known and rng.random() < LEARN:
            known.add(topic)
    assert asked < BUDGET, f"the goal was not reached in {BUDGET} questions ({kinds})"
    assert SEED in known  # declared done, and truly known
