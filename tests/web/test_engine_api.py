"""The engine through the API: next task, goal estimates, "I know this" checks, placement."""

from __future__ import annotations

import re

from tests.fixtures import CLAIMABLE, GOAL, ROOT  # GOAL's prerequisites: a chain from ROOT
from tests.web.helpers import right_answers


def needed(client) -> int:
    return client.get(f"/api/topics/{GOAL}").get_json()["prerequisite_count"] + 1


def test_next_task_without_a_goal_is_the_graphs_frontier(client) -> None:
    body = client.get("/api/next").get_json()
    assert body["goal"] is None
    assert body["next"]["topic_id"] == ROOT and body["next"]["kind"] == "learn"
    assert body["next"]["reason"].startswith("unlocks ") and body["next"]["reason"].endswith(
        " downstream"
    )


def test_next_task_and_progress_toward_a_goal(client) -> None:
    assert client.post("/api/goals", json={"topic_id": GOAL}).status_code == 201
    body = client.get("/api/next").get_json()
    assert body["goal"] == GOAL
    n = needed(client)
    assert body["next"]["reason"] == f"unlocks {n - 1} topics toward your goal"
    goal = client.get("/api/goals").get_json()["goals"][0]
    assert (goal["topics_needed"], goal["topics_mastered"], goal["status"]) == (
        n - 1,
        0,
        "open",
    )  # not the goal itself
    assert goal["estimate"]["remaining_topics"] == n and goal["estimate"]["questions"] > n
    assert goal["estimate"]["summary"].startswith(f"0 of {n - 1} prerequisite topics mastered")


def test_i_know_this_is_confirmed_or_undone_by_its_check(client, app) -> None:
    claimed = client.post(f"/api/topics/{CLAIMABLE}/known")
    assert claimed.status_code == 201
    check = claimed.get_json()["check"]
    assert sorted(claimed.get_json()["marked"]) == sorted([ROOT, CLAIMABLE])
    mastery = {m["topic_id"]: m for m in client.get("/api/mastery").get_json()["mastery"]}
    assert mastery[CLAIMABLE]["claim_pending"] and not mastery[CLAIMABLE]["mastered"]
    question = check["question"]
    unreadable = client.post(
        f"/api/checks/{check['id']}/answer",
        json={"response": "3+*", "instance": question["instance"]},
    )
    assert unreadable.status_code in (200, 422)
    for _ in range(2):
        wrong = client.post(
            f"/api/checks/{check['id']}/answer",
            json={"response": "987654", "instance": question["instance"]},
        )
        assert wrong.status_code == 200 and wrong.get_json()["correct"] is False
        question = wrong.get_json()["question"]
    assert wrong.get_json()["status"] == "failed"
    mastery = {m["topic_id"]: m for m in client.get("/api/mastery").get_json()["mastery"]}
    assert not mastery[ROOT]["mastered"] and mastery[ROOT]["p_known"] == 0.2
    again = client.post(f"/api/topics/{CLAIMABLE}/known").get_json()["check"]
    passed = client.post(
        f"/api/checks/{again['id']}/answer", json=right_answers(app, again["question"])
    )
    assert passed.get_json()["status"] == "passed"
    assert (
        client.post(
            f"/api/checks/{again['id']}/answer",
            json={"response": "1", "instance": again["question"]["instance"]},
        ).status_code
        == 409
    )


def test_a_placement_through_the_api(client, app) -> None:
    assert client.post("/api/placement", json={}).status_code == 400  # which goal?
    client.post("/api/goals", json={"topic_id": GOAL})
    before = client.get("/api/goals").get_json()["goals"][0]
    started = client.post("/api/placement", json={"topic_id": GOAL})
    assert started.status_code == 201
    placement = started.get_json()
    assert placement["kind"] == "placement" and placement["topics"] == needed(client)
    while placement["status"] == "active":
        answered = client.post(
            f"/api/placement/{placement['id']}/answer",
            json=right_answers(app, placement["question"]),
        )
        assert answered.status_code == 200 and answered.get_json()["correct"] is True
        placement = answered.get_json()
    assert placement["questions_asked"] <= 20
    result = placement["result"]
    assert len(result["placed_known"]) + len(result["placed_unknown"]) == needed(client) - 1
    assert client.get(f"/api/placement/{placement['id']}").get_json()["status"] == "finished"
    goal = client.get("/api/goals").get_json()["goals"][0]
    # One count everywhere: the placement's "you know N of M" is the goal's progress, and the
    # goal is not among its own prerequisite topics.
    assert (
        len(result["placed_known"]),
        len(result["placed_known"]) + len(result["placed_unknown"]),
    ) == (goal["topics_mastered"], goal["topics_needed"])
    assert goal["topics_needed"] == needed(client) - 1
    assert goal["topics_mastered"] >= needed(client) // 2
    assert goal["estimate"]["questions"] < before["estimate"]["questions"]
    home = client.get("/").get_data(as_text=True)
    assert "(placement)" in home  # the answers are in the learner's recent activity, marked


def test_placements_are_private_and_answers_must_be_readable(client, app) -> None:
    placement = client.post("/api/placement", json={"topic_id": GOAL}).get_json()
    other = app.test_client()
    assert other.get(f"/api/placement/{placement['id']}").status_code == 404
    bad = client.post(
        f"/api/placement/{placement['id']}/answer",
        json={"response": "3+*", "instance": placement["question"]["instance"]},
    )
    assert bad.status_code == 422
    assert client.get(f"/api/placement/{placement['id']}").get_json()["questions_asked"] == 0
    assert client.post("/api/placement", json={"topic_id": "no-such-topic"}).status_code == 404


def test_the_home_page_shows_the_next_task_with_its_reason(client) -> None:
    client.post("/api/goals", json={"topic_id": GOAL})
    page = client.get("/").get_data(as_text=True)
    assert "Next up" in page and "toward your goal" in page
    assert "questions (~" in page and "Place me: find what I already know" in page


def test_an_unreadable_placement_answer_on_the_page_costs_nothing(client) -> None:
    started = client.post("/placement", data={"topic_id": GOAL})
    assert started.status_code == 302
    location = started.headers["Location"]
    assert "Question 1" in client.get(location).get_data(as_text=True)
    instance = re.search(
        r'name="instance" value="([^"]+)"', client.get(location).get_data(as_text=True)
    ).group(1)
    response = client.post(location + "/answer", data={"response": "3+*", "instance": instance})
    assert response.status_code == 422 and "could not read" in response.get_data(as_text=True)
    assert "Question 1" in client.get(location).get_data(as_text=True)


def test_a_finished_goal_is_done_and_planning_moves_on(client, app) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/goals", json={"topic_id": CLAIMABLE})
    client.post("/api/goals", json={"topic_id": GOAL})
    assert client.get("/api/next").get_json()["goal"] == CLAIMABLE
    check = client.post(f"/api/topics/{CLAIMABLE}/known").get_json()["check"]
    passed = client.post(
        f"/api/checks/{check['id']}/answer", json=right_answers(app, check["question"])
    )
    assert passed.get_json()["status"] == "passed"
    goals = {g["id"]: g for g in client.get("/api/goals").get_json()["goals"]}
    assert goals[CLAIMABLE]["status"] == "done" and goals[GOAL]["status"] == "open"
    assert goals[CLAIMABLE]["topics_needed"] == 1  # ROOT, not the goal itself
    assert client.get("/api/next").get_json()["goal"] == GOAL
    home = client.get("/").get_data(as_text=True)
    assert "✓ Done" in home and "1 topics" not in home and "1 prerequisite topic mastered" in home
    page = client.get("/map").get_data(as_text=True)
    assert "1 topics" not in page
