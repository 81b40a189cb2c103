import pytest

from tests.fixtures import (
    ROOT,
    SEED_DEPTH,
    SEED_DOWNSTREAM_COUNT,
    SEED_PREREQUISITE_COUNT,
    SEED_PREREQUISITES,
)
from tests.web.helpers import SEED_TOPIC


def test_topic_figures(client) -> None:
    topic = client.get(f"/api/topics/{SEED_TOPIC}").get_json()
    assert topic["depth"] == SEED_DEPTH
    assert topic["longest_path_steps"] == SEED_DEPTH + 1
    assert topic["longest_chain"][0] == ROOT
    assert topic["longest_chain"][-1] == SEED_TOPIC
    assert sorted(p["id"] for p in topic["prerequisites"]) == list(SEED_PREREQUISITES)
    assert len(topic["leads_to"]) == 2
    assert topic["downstream_count"] == SEED_DOWNSTREAM_COUNT
    assert topic["prerequisite_count"] == SEED_PREREQUISITE_COUNT


def test_topic_list_puts_prerequisites_first(client) -> None:
    ids = [t["id"] for t in client.get("/api/topics").get_json()["topics"]]
    assert ids.index(ROOT) < ids.index(SEED_TOPIC)


def test_answers_through_the_api_are_idempotent(client) -> None:
    question = client.get(f"/api/topics/{SEED_TOPIC}/question").get_json()
    body = {
        "topic_id": SEED_TOPIC,
        "template_id": question["template_id"],
        "seed": question["seed"],
        "instance": question["instance"],
        "response": "0",
        "idempotency_key": "abc",
    }
    first = client.post("/api/answers", json=body)
    assert first.status_code == 201
    assert first.get_json()["verdict"]["correct"] is False
    retry = client.post("/api/answers", json=body)
    assert retry.status_code == 200 and retry.get_json()["duplicate"] is True
    assert retry.get_json()["attempt_id"] == first.get_json()["attempt_id"]


def test_goals_api(client) -> None:
    assert client.get("/api/goals").get_json() == {"goals": []}
    created = client.post("/api/goals", json={"topic_id": SEED_TOPIC})
    assert created.status_code == 201
    assert created.get_json()["goal"]["topics_mastered"] == 0
    assert [g["id"] for g in client.get("/api/goals").get_json()["goals"]] == [SEED_TOPIC]
    assert client.delete(f"/api/goals/{SEED_TOPIC}").status_code == 200
    assert client.get("/api/goals").get_json() == {"goals": []}


@pytest.mark.parametrize(
    ("kwargs", "status", "message"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400, "JSON object"),
        ({"data": "topic_id=x"}, 415, "Content-Type: application/json"),
        ({"json": ["a list"]}, 400, "JSON object"),
        ({"json": {}}, 400, "'topic_id' is required"),
        ({"json": {"topic_id": 5}}, 400, "'topic_id' must be of type str"),
        ({"json": {"topic_id": "no-such-topic"}}, 404, "unknown topic 'no-such-topic'"),
    ],
)
def test_bad_goal_requests_get_clear_errors(client, kwargs, status, message) -> None:
    response = client.post("/api/goals", **kwargs)
    assert response.status_code == status
    assert message in response.get_json()["error"]
    assert client.get("/api/goals").get_json() == {"goals": []}


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"seed": "7"}, 400),
        ({"seed": -1}, 400),
        ({"instance": None}, 400),
        ({"instance": "forged"}, 403),
        ({"seed": 12345}, 400),
        ({"template_id": "nope"}, 404),
        ({"topic_id": "nope"}, 404),
        ({"response": "x" * 3000}, 413),
        ({"response": "__import__('os')"}, 422),
        ({"response": "9**9**9**9"}, 422),
    ],
)
def test_bad_answers_change_nothing(client, changes, status) -> None:
    question = client.get(f"/api/topics/{SEED_TOPIC}/question").get_json()
    body = {
        "topic_id": SEED_TOPIC,
        "template_id": question["template_id"],
        "seed": question["seed"],
        "instance": question["instance"],
        "response": "1",
        **changes,
    }
    response = client.post("/api/answers", json=body)
    assert response.status_code == status
    assert client.get("/api/mastery").get_json() == {"mastery": []}


def test_openapi_describes_every_api_route(app, client) -> None:
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = rule.rule.replace("<", "{").replace(">", "}")
        path = path.replace("{path:", "{").replace("{int:", "{")
        assert path in document["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"][path], (path, method)
