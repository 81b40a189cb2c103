"""The one answer use case as every route uses it: the time taken is stored, one length limit
holds everywhere, and a refused answer changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.web.conftest import answer_body, database_rows
from tests.web.helpers import form_fields
from tutor.checking import preview
from tutor.checking.limits import MAX_ANSWER_CHARS
from tutor.engine.mastery import DEFAULT_PARAMS
from tutor.practice.submit import MAX_DURATION_MS
from tutor.store.models import Attempt, Mastery


def durations(app) -> list[int | None]:  # type: ignore[no-untyped-def]
    with app.extensions["tutor.sessions"]() as session:
        return list(session.scalars(select(Attempt.duration_ms).order_by(Attempt.id)))


@pytest.mark.parametrize(
    ("sent", "stored"), [(1234, 1234), (0, 0), (10**9, MAX_DURATION_MS), (None, None)]
)
def test_the_api_stores_the_time_an_answer_took(app, client, practice_topic, sent, stored) -> None:  # type: ignore[no-untyped-def]
    body = answer_body(app, client, practice_topic)
    if sent is not None:
        body["duration_ms"] = sent
    assert client.post("/api/answers", json=body).status_code == 201
    assert set(durations(app)) == {stored}


@pytest.mark.parametrize("sent", [-1, 1.5, "12", True])
def test_a_bad_duration_is_a_400_and_records_nothing(app, client, practice_topic, sent) -> None:  # type: ignore[no-untyped-def]
    body = answer_body(app, client, practice_topic)
    before = database_rows(app)
    response = client.post("/api/answers", json={**body, "duration_ms": sent})
    assert response.status_code == 400 and "duration_ms" in response.get_json()["error"]
    assert database_rows(app) == before


def test_the_practice_form_stores_the_time_practice_js_sends(app, client, practice_topic) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/topics/{practice_topic}/practice").get_data(as_text=True)
    fields = form_fields(page)
    assert fields["duration_ms"] == ""  # filled in by practice.js when the form is sent
    with app.extensions["tutor.sessions"]() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    variant = catalog.template(practice_topic, fields["template_id"]).variant(int(fields["seed"]))
    answers = (
        {"response": variant.parts[0].answer_plain}
        if len(variant.parts) == 1
        else {f"response-{i}": p.answer_plain for i, p in enumerate(variant.parts)}
    )
    response = client.post(
        f"/topics/{practice_topic}/answer", data={**fields, **answers, "duration_ms": "4321"}
    )
    assert response.status_code == 200
    assert set(durations(app)) == {4321}


def test_one_answer_length_limit_on_every_route(app, client, practice_topic) -> None:  # type: ignore[no-untyped-def]
    body = answer_body(app, client, practice_topic)
    longest, too_long = "1" * MAX_ANSWER_CHARS, "1" * (MAX_ANSWER_CHARS + 1)
    key = "responses" if "responses" in body else "response"
    value = (
        (lambda text: [text] * len(body["responses"]))
        if key == "responses"
        else (lambda text: text)
    )
    refused = client.post("/api/answers", json={**body, key: value(too_long)})
    assert refused.status_code == 413 and str(MAX_ANSWER_CHARS) in refused.get_json()["error"]
    assert client.post("/api/preview", json={"response": too_long}).status_code == 400
    # The checker's own limit is the same one, and it says so rather than refusing silently.
    assert preview(longest).message is None or "too long" not in preview(longest).message
    assert f"more than {MAX_ANSWER_CHARS} characters" in preview(too_long).message


def test_a_diagnostic_answer_records_its_duration(app, client, practice_topic) -> None:  # type: ignore[no-untyped-def]
    check = client.post(f"/api/topics/{practice_topic}/known").get_json()["check"]
    if check["question"] is None:
        pytest.skip("the topic was mastered already: no check to answer")
    question = check["question"]
    with app.extensions["tutor.sessions"]() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    variant = catalog.template(question["topic_id"], question["template_id"]).variant(
        question["seed"]
    )
    answers = [p.answer_plain for p in variant.parts]
    body = {
        "instance": question["instance"],
        "duration_ms": 777,
        **({"response": answers[0]} if len(answers) == 1 else {"responses": answers}),
    }
    assert client.post(f"/api/checks/{check['id']}/answer", json=body).status_code == 200
    replay = client.post(f"/api/checks/{check['id']}/answer", json=body)
    assert replay.status_code == 409
    assert 777 in durations(app)


def test_a_key_reused_for_another_question_returns_the_first_answer_and_claims_nothing(
    app, client, practice_topic
) -> None:  # type: ignore[no-untyped-def]
    first = client.post(
        "/api/answers", json={**answer_body(app, client, practice_topic), "idempotency_key": "k"}
    )
    assert first.status_code == 201
    another = answer_body(app, client, practice_topic)
    reused = client.post("/api/answers", json={**another, "idempotency_key": "k"})
    assert reused.status_code == 200 and reused.get_json()["duplicate"] is True
    assert reused.get_json()["attempt_id"] == first.get_json()["attempt_id"]
    # That question was not counted, so it can still be answered, once.
    assert client.post("/api/answers", json={**another, "idempotency_key": "k2"}).status_code == 201
    assert client.post("/api/answers", json={**another, "idempotency_key": "k3"}).status_code == 409


def test_a_multi_part_answer_is_one_observation_right_only_when_every_part_is(app, client) -> None:  # type: ignore[no-untyped-def]
    # The parts of one question are answered from one state of knowledge: two right parts and a
    # wrong one are one wrong answer for mastery (not two rights outweighing it), as placement,
    # checks and the fitted log count a question; each part still keeps its own attempt row.
    topic = "absolute-value"
    question = client.get(
        f"/api/topics/{topic}/question", query_string={"template": "combine-absolute-values"}
    ).get_json()
    with app.extensions["tutor.sessions"]() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    variant = catalog.template(topic, question["template_id"]).variant(question["seed"])
    assert len(variant.parts) > 1
    wrong = f"({variant.parts[0].answer_plain})+1"
    responses = [wrong] + [p.answer_plain for p in variant.parts[1:]]
    response = client.post(
        "/api/answers", json={"instance": question["instance"], "responses": responses}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert [part["correct"] for part in body["parts"]] == [False] + [True] * (len(responses) - 1)
    with app.extensions["tutor.sessions"]() as session:
        attempts = session.execute(
            select(Attempt.part, Attempt.correct).where(Attempt.topic_id == topic)
        ).all()
        mastery = session.get(Mastery, (session.scalar(select(Attempt.learner_id)), topic))
    assert sorted(attempts) == [(i, i > 0) for i in range(len(responses))]
    assert (mastery.attempts, mastery.correct) == (1, 0)
    assert mastery.p_known == body["p_known"] < DEFAULT_PARAMS.p_init


def test_the_api_rotates_a_topics_templates_as_the_practice_page_does(app, client) -> None:  # type: ignore[no-untyped-def]
    # A client of the API meets every question of a topic, not the first template each time.
    topic = "absolute-value"
    with app.extensions["tutor.sessions"]() as session:
        catalog = app.extensions["tutor.catalog"].get(session)
    templates = [t.id for t in catalog.topic(topic).templates]
    assert len(templates) > 1
    shown = []
    for _ in templates:
        body = answer_body(app, client, topic)
        shown.append(body["template_id"])
        assert client.post("/api/answers", json=body).status_code == 201
    assert shown == templates
