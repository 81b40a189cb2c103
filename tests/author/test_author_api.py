"""Authoring through the JSON API: every operation, who may use it, and refusals that change
nothing."""

from __future__ import annotations

import pytest

from tests.author.test_authoring import TEMPLATE
from tests.fixtures import (
    ALGEBRA,
    ALGEBRA_GRANDPARENT,
    ALGEBRA_PARENT,
    ALGEBRA_TEMPLATE,
    GOAL,
    ROOT,
)


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/author/topics"),
        ("post", "/api/author/topics"),
        ("put", f"/api/author/topics/{ROOT}"),
        ("put", f"/api/author/topics/{ROOT}/prerequisites"),
        ("post", "/api/author/preview/template"),
        ("get", f"/api/author/topics/{ROOT}/analytics"),
    ],
)
def test_only_educators_and_admins_may_author(
    author_client, signed_in, method: str, path: str
) -> None:
    assert getattr(author_client, method)(path, json={}).status_code == 401
    signed_in("learner")
    response = getattr(author_client, method)(path, json={})
    assert response.status_code == 403 and "educator or admin" in response.get_json()["error"]


def test_an_admin_may_author(author_client, signed_in) -> None:
    signed_in("admin")
    assert author_client.get("/api/author/topics").status_code == 200


def test_create_a_topic_add_a_template_and_a_learner_practises_it(
    author_app, author_client, signed_in
) -> None:
    email = signed_in("educator")
    created = author_client.post(
        "/api/author/topics",
        json={"id": "adding-two-numbers", "title": "Adding two numbers", "level": "Elementary"},
    )
    assert created.status_code == 201 and created.get_json()["revision"] == 1
    added = author_client.post(
        "/api/author/topics/adding-two-numbers/templates",
        json={"source": TEMPLATE, "message": "first question", "base_revision": 1},
    )
    body = added.get_json()
    assert added.status_code == 201, body
    assert body["revision"] == 2 and body["self_tests"] == [
        {"template_id": "add-two", "seeds": 20, "passed": True, "failures": []}
    ]
    revisions = author_client.get("/api/author/topics/adding-two-numbers/revisions").get_json()[
        "revisions"
    ]
    assert [(r["revision"], r["author"], r["message"]) for r in revisions] == [
        (2, email, "first question"),
        (1, email, "created"),
    ]

    learner = author_app.test_client()
    question = learner.get("/api/topics/adding-two-numbers/question").get_json()
    assert question["template_id"] == "add-two" and question["revision"] == 2
    assert learner.get("/topics/adding-two-numbers/practice").status_code == 200


def test_read_and_replace_topic_text_and_a_template(author_client, signed_in) -> None:
    signed_in()
    topic = author_client.get(f"/api/author/topics/{ALGEBRA}").get_json()
    assert topic["source"].startswith(f"---\nid: {ALGEBRA}\n") and topic["revision"] == 1
    edited = topic["source"].replace(
        "## Core Idea\n", "## Core Idea\n\nLike terms share a variable part.\n", 1
    )
    saved = author_client.put(
        f"/api/author/topics/{ALGEBRA}",
        json={"source": edited, "message": "intro", "base_revision": 1},
    )
    assert saved.status_code == 200 and saved.get_json()["self_tests"] == []
    assert (
        "Like terms share a variable part."
        in author_client.get(f"/api/topics/{ALGEBRA}").get_json()["core_idea"]
    )

    template = author_client.get(
        f"/api/author/topics/{ALGEBRA}/templates/{ALGEBRA_TEMPLATE}"
    ).get_json()
    assert template["source"].startswith(f"id: {ALGEBRA_TEMPLATE}\n")
    changed = template["source"].replace(
        "title: Collect the x-terms and the constants", "title: Collect like terms"
    )
    put = author_client.put(
        f"/api/author/topics/{ALGEBRA}/templates/{ALGEBRA_TEMPLATE}",
        json={"source": changed},
    )
    assert put.status_code == 200 and put.get_json()["self_tests"][0]["passed"]
    assert put.get_json()["revision"] == 3


def test_refusals_say_why_and_save_nothing(author_client, signed_in) -> None:
    signed_in()
    cycle = author_client.put(
        f"/api/author/topics/{ROOT}/prerequisites",
        json={"prerequisites": [{"id": GOAL, "weight": 1}]},
    )
    assert cycle.status_code == 422
    assert any("prerequisite cycle: " in p and ROOT in p for p in cycle.get_json()["problems"])
    stale = author_client.put(
        f"/api/author/topics/{ROOT}/prerequisites",
        json={"prerequisites": [], "base_revision": 7},
    )
    assert stale.status_code == 409
    failing = author_client.post(
        f"/api/author/topics/{ROOT}/templates",
        json={"source": TEMPLATE.replace('response: "{{answer}}"', 'response: "{{a}}"')},
    )
    assert failing.status_code == 422 and failing.get_json()["problems"][0].startswith(
        "self-tests failed"
    )
    assert (
        author_client.put(
            f"/api/author/topics/{ROOT}/prerequisites", json={"prerequisites": [7]}
        ).status_code
        == 400
    )
    assert author_client.get(f"/api/author/topics/{ROOT}/templates/nope").status_code == 404
    assert author_client.get("/api/author/topics/nope").status_code == 404
    revisions = author_client.get(f"/api/author/topics/{ROOT}/revisions").get_json()["revisions"]
    assert [r["revision"] for r in revisions] == [1]


def test_prerequisites_diff_and_revert(author_client, signed_in) -> None:
    signed_in()
    original = author_client.get(f"/api/author/topics/{ALGEBRA}").get_json()["source"]
    saved = author_client.put(
        f"/api/author/topics/{ALGEBRA}/prerequisites",
        json={
            "prerequisites": [
                ALGEBRA_PARENT,
                {"id": ALGEBRA_GRANDPARENT, "weight": 0.5},
            ]
        },
    )
    assert saved.status_code == 200, saved.get_json()
    prerequisites = author_client.get(f"/api/topics/{ALGEBRA}").get_json()["prerequisites"]
    assert [(p["id"], p["weight"]) for p in prerequisites] == [
        (ALGEBRA_PARENT, 1.0),
        (ALGEBRA_GRANDPARENT, 0.5),
    ]
    diff = author_client.get(f"/api/author/topics/{ALGEBRA}/diff?from=1&to=2").get_json()["diff"]
    assert f"+  - id: {ALGEBRA_GRANDPARENT}\n+    weight: 0.5\n" in diff
    reverted = author_client.post(f"/api/author/topics/{ALGEBRA}/revert", json={"revision": 1})
    assert reverted.get_json()["revision"] == 3
    assert (
        author_client.get(f"/api/author/topics/{ALGEBRA}/revisions/3").get_json()["source"]
        == original
    )
    assert author_client.get(f"/api/author/topics/{ALGEBRA}/diff?from=1&to=9").status_code == 404


def test_previews_render_topics_and_draw_template_variants(author_client, signed_in) -> None:
    signed_in()
    source = author_client.get(f"/api/author/topics/{ROOT}").get_json()["source"]
    topic = author_client.post("/api/author/preview/topic", json={"source": source}).get_json()
    assert topic["problems"] == [] and "<h4>Core Idea</h4>" in topic["html"]
    template = author_client.post(
        "/api/author/preview/template", json={"source": TEMPLATE, "count": 4, "first_seed": 10}
    ).get_json()
    assert [v["seed"] for v in template["variants"]] == [10, 11, 12, 13]
    first = template["variants"][0]
    assert first["parts"][0]["answer"] == str(int(first["values"]["a"]) + int(first["values"]["b"]))
    assert "variant-answer" in template["html"]
    broken = author_client.post(
        "/api/author/preview/template", json={"source": "id: x\nprompt: [\n"}
    ).get_json()
    assert broken["variants"] == [] and "not valid YAML" in broken["problems"][0]
