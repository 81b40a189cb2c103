import re

from sqlalchemy import func, select

from tests.fixtures import (
    CLAIMABLE,
    ROOT,
    ROOT_TITLE,
    SEED_DEPTH,
    SEED_TEMPLATE_COUNT,
    SEED_TITLE,
    TOPIC_COUNT,
)
from tests.web.helpers import SEED_TOPIC, seed_page_text, shown_variant, text_of
from tutor.store.models import Attempt


def test_the_seed_topic_page_shows_its_figures_links_and_sections(client) -> None:
    """The shipped seed page's own figures are held in tests/test_shipped_content.py."""
    page = seed_page_text(client, SEED_DEPTH)
    practice = re.search(r"Practice Questions (\d+) questions", page)
    assert practice and int(practice.group(1)) == SEED_TEMPLATE_COUNT


def test_every_topic_page_renders(client, app) -> None:
    topics = client.get("/api/topics").get_json()["topics"]
    assert len(topics) == TOPIC_COUNT
    for topic in topics:
        assert client.get(f"/topics/{topic['id']}").status_code == 200, topic["id"]


def test_home_and_topic_list(client) -> None:
    assert "Next up" in client.get("/").get_data(as_text=True)
    listing = client.get("/topics?q=gradient").get_data(as_text=True)
    assert SEED_TITLE in listing and ROOT_TITLE not in listing


def test_unknown_topic_is_a_404_page(client) -> None:
    response = client.get("/topics/no-such-topic")
    assert response.status_code == 404
    assert "unknown topic 'no-such-topic'" in text_of(response.get_data(as_text=True))


def _count_attempts(app) -> int:
    with app.extensions["tutor.sessions"]() as session:
        return session.scalar(select(func.count()).select_from(Attempt))


def test_answering_right_then_wrong_records_both(client, app) -> None:
    page = client.get(f"/topics/{SEED_TOPIC}").get_data(as_text=True)
    fields, variant = shown_variant(app, page, SEED_TOPIC)
    right = client.post(
        f"/topics/{SEED_TOPIC}/answer", data={**fields, "response": variant.answer_plain}
    )
    assert right.status_code == 200 and "Correct!" in right.get_data(as_text=True)

    page = client.get(f"/topics/{SEED_TOPIC}").get_data(as_text=True)
    fields, variant = shown_variant(app, page, SEED_TOPIC)
    wrong = client.post(f"/topics/{SEED_TOPIC}/answer", data={**fields, "response": "12345"})
    body = wrong.get_data(as_text=True)
    assert "Not quite." in body and "Worked solution" in body
    assert _count_attempts(app) == 2


def test_an_unreadable_answer_costs_nothing(client, app) -> None:
    page = client.get(f"/topics/{SEED_TOPIC}").get_data(as_text=True)
    fields, _ = shown_variant(app, page, SEED_TOPIC)
    response = client.post(f"/topics/{SEED_TOPIC}/answer", data={**fields, "response": "2^^"})
    assert response.status_code == 422
    assert "could not read" in response.get_data(as_text=True)
    assert _count_attempts(app) == 0


def test_reloading_shows_the_same_question_until_answered(client, app) -> None:
    first, _ = shown_variant(
        app, client.get(f"/topics/{SEED_TOPIC}").get_data(as_text=True), SEED_TOPIC
    )
    again, _ = shown_variant(
        app, client.get(f"/topics/{SEED_TOPIC}").get_data(as_text=True), SEED_TOPIC
    )
    assert (first["template_id"], first["seed"]) == (again["template_id"], again["seed"])


def right_answers(variant) -> dict[str, str]:
    if len(variant.parts) == 1:
        return {"response": variant.parts[0].answer_plain}
    return {f"response-{i}": part.answer_plain for i, part in enumerate(variant.parts)}


def test_set_goal_and_i_know_this_persist(client) -> None:
    assert client.post(f"/topics/{SEED_TOPIC}/goal").status_code == 302
    goals = client.get("/api/goals").get_json()["goals"]
    assert [g["id"] for g in goals] == [SEED_TOPIC]
    assert "Your goal" in client.get(f"/topics/{SEED_TOPIC}").get_data(as_text=True)
    claimed = client.post(f"/topics/{CLAIMABLE}/known")
    assert claimed.status_code == 302 and "/checks/" in claimed.headers["Location"]
    mastery = {m["topic_id"]: m for m in client.get("/api/mastery").get_json()["mastery"]}
    assert mastery[CLAIMABLE]["claim_pending"] and not mastery[CLAIMABLE]["mastered"]
    assert "Confirm you know this" in client.get(f"/topics/{CLAIMABLE}").get_data(as_text=True)
    check_page = client.get(claimed.headers["Location"]).get_data(as_text=True)
    fields, variant = shown_variant(client.application, check_page, CLAIMABLE)
    answered = client.post(
        claimed.headers["Location"] + "/answer", data={**fields, **right_answers(variant)}
    )
    assert answered.status_code == 302
    assert "Confirmed: you know this" in client.get(claimed.headers["Location"]).get_data(
        as_text=True
    )
    mastery = {m["topic_id"]: m for m in client.get("/api/mastery").get_json()["mastery"]}
    assert mastery[CLAIMABLE]["mastered"] and mastery[ROOT]["mastered"]
    needed = client.get(f"/api/topics/{SEED_TOPIC}").get_json()[
        "prerequisite_count"
    ]  # not the goal
    home = text_of(client.get("/").get_data(as_text=True))
    assert f"2 of {needed} prerequisite topics mastered" in home


def test_forms_need_a_csrf_token(csrf_app) -> None:
    client = csrf_app.test_client()
    response = client.post(f"/topics/{SEED_TOPIC}/goal")
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_security_headers(client) -> None:
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_long_prerequisite_chain_folds_its_middle(client) -> None:
    page = client.get(f"/topics/{SEED_TOPIC}").get_data(as_text=True)
    chain = client.get(f"/api/topics/{SEED_TOPIC}").get_json()["longest_chain"]
    assert f"Show the {len(chain) - 6} steps in between" in text_of(page)
    assert '<ol class="chain-list" start="4">' in page
    assert f'<ol class="chain-list" start="{len(chain) - 2}">' in page
