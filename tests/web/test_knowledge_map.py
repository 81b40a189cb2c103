from tests.web.helpers import SEED_TOPIC, claim_and_confirm


def test_the_map_colours_topics_by_mastery_and_marks_the_goal_path(client) -> None:
    client.post("/api/goals", json={"topic_id": SEED_TOPIC})
    claim_and_confirm(client, "counting-to-20")
    data = client.get("/api/map").get_json()
    status = {node["id"]: node["status"] for node in data["nodes"]}
    assert data["goal"] == SEED_TOPIC
    assert status[SEED_TOPIC] == "goal"
    assert status["counting-to-10"] == status["counting-to-20"] == "mastered"
    assert status["understanding-zero"] == "path-ready"
    assert status["residual-connections"] == "later"
    assert data["path"][0] == "understanding-zero" and data["path"][-1] == SEED_TOPIC
    assert "counting-to-10" not in data["path"]
    assert len(data["nodes"]) == data["total"] >= 100
    assert {"source": "counting-to-10", "target": "counting-to-20"} in data["edges"]


def test_the_map_page_lists_the_path(client) -> None:
    client.post("/api/goals", json={"topic_id": "addition-within-10"})
    page = client.get("/map").get_data(as_text=True)
    assert 'id="knowledge-map"' in page
    assert "The path to your goal" in page and "Counting to 10" in page


def test_an_unknown_goal_is_a_404(client) -> None:
    assert client.get("/api/map?goal=nope").status_code == 404
