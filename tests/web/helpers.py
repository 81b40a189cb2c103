"""Reading the question a page shows, the way a browser would submit it."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask

from tests.fixtures import SEED
from tutor.questions import Variant
from tutor.store.db import make_session_factory

SEED_TOPIC = SEED  # the fixture curriculum's seed topic (tests/fixtures)


def form_fields(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))
    return fields


def shown_variant(app: Flask, html: str, topic_id: str) -> tuple[dict[str, str], Variant]:
    fields = form_fields(html)
    with make_session_factory(app.extensions["tutor.engine"])() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    variant = catalog.template(topic_id, fields["template_id"]).variant(int(fields["seed"]))
    return fields, variant


def right_answers(app: Flask, question: dict) -> dict:
    """The JSON body that answers an API question (as the API shows it) correctly."""
    with make_session_factory(app.extensions["tutor.engine"])() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    variant = catalog.template(question["topic_id"], question["template_id"]).variant(
        question["seed"]
    )
    if len(variant.parts) == 1:
        return {"response": variant.parts[0].answer_plain, "instance": question["instance"]}
    return {"responses": [p.answer_plain for p in variant.parts], "instance": question["instance"]}


def claim_and_confirm(client, topic_id: str) -> None:
    """ "I know this", then the check answered right, so the claim counts."""
    check = client.post(f"/api/topics/{topic_id}/known").get_json()["check"]
    if check["question"] is not None:
        answered = client.post(
            f"/api/checks/{check['id']}/answer",
            json=right_answers(client.application, check["question"]),
        )
        assert answered.get_json()["status"] == "passed"


def text_of(html: str) -> str:
    """A page's visible text, tags dropped and spaces folded."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def seed_page_text(client, depth: int) -> str:
    """The seed topic page's text, checked for the figures, links and sections every curriculum's
    seed page shows (the seed is at ``depth``; its root is "Counting to 10")."""
    response = client.get(f"/topics/{SEED}")
    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    for expected in [
        "Vanishing Gradient Problem",
        "Graduate",
        f"Depth {depth} in the knowledge graph",
        "I know this",
        "Set as goal",
        "downstream topics",
        "training-dynamics",
        "deep-networks",
        "optimization",
        "gradient-flow",
        "Core Idea",
        "How It's Best Learned",
        "Explainer",
        "Practice Questions",
        "Prerequisite Chain",
        f"Longest path: {depth + 1} steps",
        "Prerequisites (2)",
        "Leads To (2)",
        "Counting to 10",
        "Multilayer Perceptrons (MLPs)",
        "Backpropagation Algorithm",
    ]:
        assert expected in page, expected
    assert "During backpropagation, gradients multiply across layers" in page
    return page
