"""GET /api/topics/<id>/graph: the neighbourhood the topic page draws."""

import pytest

from tests.fixtures import LATER, SEED_PREREQUISITES
from tests.web.helpers import SEED_TOPIC


def test_seed_topic_neighbourhood(client) -> None:
    response = client.get(f"/api/topics/{SEED_TOPIC}/graph?depth=1")
    assert response.status_code == 200
    graph = response.get_json()
    assert graph["topic_id"] == SEED_TOPIC and graph["depth"] == 1
    relations = {node["id"]: (node["relation"], node["distance"]) for node in graph["nodes"]}
    assert relations[SEED_TOPIC] == ("self", 0)
    backpropagation, mlps = SEED_PREREQUISITES
    assert relations[mlps] == ("prerequisite", 1)
    assert relations[backpropagation] == ("prerequisite", 1)
    assert relations[LATER] == ("leads-to", 1)
    assert {"source": mlps, "target": SEED_TOPIC} in graph["edges"]
    assert all(e["source"] in relations and e["target"] in relations for e in graph["edges"])


def test_depth_reaches_further_each_way(client) -> None:
    near = client.get(f"/api/topics/{SEED_TOPIC}/graph?depth=1").get_json()
    far = client.get(f"/api/topics/{SEED_TOPIC}/graph?depth=3").get_json()
    assert {n["id"] for n in near["nodes"]} < {n["id"] for n in far["nodes"]}
    assert max(n["distance"] for n in far["nodes"]) == 3
    default = client.get(f"/api/topics/{SEED_TOPIC}/graph").get_json()
    assert default["depth"] == 2


@pytest.mark.parametrize("depth", ["-1", "7", "two", "1.5", "", "²", "99999999999"])
def test_bad_depth_is_a_400(client, depth) -> None:
    response = client.get(f"/api/topics/{SEED_TOPIC}/graph", query_string={"depth": depth})
    assert response.status_code == 400
    assert "'depth' must be a whole number from 0 to 6" in response.get_json()["error"]


def test_unknown_topic_is_a_404(client) -> None:
    response = client.get("/api/topics/no-such-topic/graph")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404
