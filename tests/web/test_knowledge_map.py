from tests.fixtures import (
    AFTER_CLAIMABLE,
    CLAIMABLE,
    GOAL,
    LATER,
    ROOT,
    ROOT_TITLE,
    TOPIC_COUNT,
)
from tests.web.helpers import SEED_TOPIC, claim_and_confirm


def test_the_map_colours_topics_by_mastery_and_marks_the_goal_path(client) -> None:
    client.post("/api/goals", json={"topic_id": SEED_TOPIC})
    claim_and_confirm(client, CLAIMABLE)
    data = client.get("/api/map").get_json()
    status = {node["id"]: node["status"] for node in data["nodes"]}
    assert data["goal"] == SEED_TOPIC
    assert status[SEED_TOPIC] == "goal"
    assert status[ROOT] == status[CLAIMABLE] == "mastered"
    assert status[AFTER_CLAIMABLE] == "path-ready"
    assert status[LATER] == "later"
    assert data["path"][0] == AFTER_CLAIMABLE and data["path"][-1] == SEED_TOPIC
    assert ROOT not in data["path"]
    assert len(data["nodes"]) == data["total"] == TOPIC_COUNT
    assert {"source": ROOT, "target": CLAIMABLE} in data["edges"]


def test_the_map_page_lists_the_path(client) -> None:
    client.post("/api/goals", json={"topic_id": GOAL})
    page = client.get("/map").get_data(as_text=True)
    assert 'id="knowledge-map"' in page
    assert "The path to your goal" in page and ROOT_TITLE in page


def test_an_unknown_goal_is_a_404(client) -> None:
    assert client.get("/api/map?goal=nope").status_code == 404
