"""Reading the question a page shows, the way a browser would submit it."""

from __future__ import annotations

import re

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
