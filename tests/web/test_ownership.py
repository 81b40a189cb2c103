"""One learner can neither read nor change another's attempts, goals, mastery, tokens or role."""

from __future__ import annotations

from tests.web.conftest import answer_body, database_rows


def test_a_learner_cannot_reach_another_learners_data(app, login, practice_topic) -> None:
    alice, mallory = app.test_client(), app.test_client()
    alice_email = login(alice)
    login(mallory)
    assert alice.post("/api/goals", json={"topic_id": practice_topic}).status_code == 201
    answered = alice.post("/api/answers", json=answer_body(app, alice, practice_topic))
    assert answered.status_code == 201
    token = alice.post("/api/tokens", json={"name": "alice's laptop"}).get_json()
    alice_id = alice.get("/api/me").get_json()["id"]
    before = database_rows(app)

    # Reading: everything Mallory sees is her own, empty history.
    assert mallory.get("/api/goals").get_json() == {"goals": []}
    assert mallory.get("/api/mastery").get_json() == {"mastery": []}
    assert mallory.get("/api/tokens").get_json() == {"tokens": []}
    for page in ("/", "/account", f"/topics/{practice_topic}"):
        assert alice_email not in mallory.get(page).get_data(as_text=True)
    assert mallory.get("/api/users").status_code == 403

    # Changing by id: each refused, as if the thing did not exist (no oracle for ids).
    assert mallory.delete(f"/api/goals/{practice_topic}").status_code == 404
    assert mallory.delete(f"/api/tokens/{token['id']}").status_code == 404
    assert mallory.post(f"/account/tokens/{token['id']}/revoke").status_code == 404
    assert mallory.put(f"/api/users/{alice_id}/role", json={"role": "admin"}).status_code == 403
    assert database_rows(app) == before

    # Alice still has all of it.
    assert [g["id"] for g in alice.get("/api/goals").get_json()["goals"]] == [practice_topic]
    assert (
        next(
            r
            for r in alice.get("/api/mastery").get_json()["mastery"]
            if r["topic_id"] == practice_topic
        )["attempts"]
        == 1
    )
    assert (
        alice.get("/api/me", headers={"Authorization": f"Bearer {token['token']}"}).status_code
        == 200
    )


def test_an_anonymous_learner_cookie_cannot_be_forged(app, practice_topic) -> None:
    owner = app.test_client()
    owner.post("/api/goals", json={"topic_id": practice_topic})
    intruder = app.test_client()
    intruder.set_cookie("session", owner.get_cookie("session").value[:-2] + "xx")
    assert intruder.get("/api/goals").get_json() == {"goals": []}
