"""POST /api/preview: how an answer was read as it is typed; nothing is recorded."""

from sqlalchemy import func, select

from tests.fixtures import CALCULUS, CALCULUS_NUMERIC, CALCULUS_SYMBOLIC
from tutor.store.models import Attempt


def test_a_readable_answer_comes_back_as_tex(client) -> None:
    response = client.post("/api/preview", json={"response": "x^2/3", "variables": ["x"]})
    assert response.status_code == 200
    body = response.get_json()
    assert body["valid"] and body["message"] == ""
    assert "frac" in body["tex"] and "x^{2}" in body["tex"]


def test_an_unreadable_answer_says_what_to_fix_and_records_nothing(client, app) -> None:
    body = client.post("/api/preview", json={"response": "3+*"}).get_json()
    assert body == {"valid": False, "tex": None, "message": body["message"]} and body["message"]
    with app.extensions["tutor.sessions"]() as session:
        assert session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_bad_requests_are_refused_with_a_reason(client) -> None:
    assert client.post("/api/preview", json={}).status_code == 400
    assert client.post("/api/preview", json={"response": 3}).status_code == 400
    refused = client.post("/api/preview", json={"response": "x", "variables": ["__import__('os')"]})
    assert refused.status_code == 400 and "variables" in refused.get_json()["error"]
    assert client.post("/api/preview", json={"response": "1" * 2001}).status_code == 400
    assert client.post("/api/preview", data="x").status_code == 415


def test_schema_names_do_not_collide_with_the_authoring_api() -> None:
    """The document merges both schema tables; a shared name would silently replace one."""
    from tutor.web.api.openapi import SCHEMAS
    from tutor.web.api.openapi_author import AUTHOR_SCHEMAS

    assert not set(SCHEMAS) & set(AUTHOR_SCHEMAS)


def _preview(client, response: str, **question):
    body = {"response": response, **({"question": question} if question else {})}
    return client.post("/api/preview", json=body)


def test_given_the_question_the_preview_refuses_what_its_check_would(client) -> None:
    numeric = {"topic_id": CALCULUS, "template_id": CALCULUS_NUMERIC, "seed": 3}
    assert _preview(client, "x + 1").get_json()["valid"]  # without the question: any expression
    body = _preview(client, "x + 1", **numeric).get_json()
    assert not body["valid"] and body["message"] == "Your answer should be a number."
    body = _preview(client, "2.38 x 10^-7", **numeric).get_json()
    assert not body["valid"] and "not the letter x" in body["message"]
    symbolic = {"topic_id": CALCULUS, "template_id": CALCULUS_SYMBOLIC, "seed": 3}
    body = _preview(client, "3X^2", **symbolic).get_json()
    assert not body["valid"] and "uses x, not X" in body["message"]
    assert _preview(client, "3x^2", **symbolic).get_json()["valid"]


def test_a_question_must_be_named_whole_and_exist(client) -> None:
    assert _preview(client, "1", topic_id=CALCULUS).status_code == 400
    missing = _preview(client, "1", topic_id=CALCULUS, template_id="no-such-template", seed=1)
    assert missing.status_code == 404
    assert (
        _preview(
            client, "1", topic_id=CALCULUS, template_id=CALCULUS_SYMBOLIC, seed=1, part=7
        ).status_code
        == 400
    )
