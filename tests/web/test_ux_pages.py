"""Issue 17 through the Flask test client: placement page, verdict, sign-up, header."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import func, select

from tests.fixtures import GOAL, ROOT, SEED_TITLE, TOPIC_COUNT
from tests.web.helpers import SEED_TOPIC, form_fields, shown_variant
from tutor.store.models import Attempt, Diagnostic, User


def _finish_placement(app, client, location: str) -> str:
    """Answer every question right, the way the page's form posts; returns the final page."""
    for _ in range(21):
        page = client.get(location).get_data(as_text=True)
        if 'class="question"' not in page:
            return page
        topic_id = re.search(r'data-topic="([^"]+)"', page).group(1)
        fields, variant = shown_variant(app, page, topic_id)
        answers = (
            {"response": variant.parts[0].answer_plain}
            if len(variant.parts) == 1
            else {f"response-{i}": p.answer_plain for i, p in enumerate(variant.parts)}
        )
        assert client.post(location + "/answer", data={**fields, **answers}).status_code == 302
    raise AssertionError("placement asked more than 20 questions")


def test_the_placement_page_explains_and_offers_goals_topics_and_the_whole_graph(client) -> None:
    anonymous = client.get("/placement")
    page = anonymous.get_data(as_text=True)
    assert anonymous.status_code == 200 and "What placement does" in page
    assert (
        '<option value="*" selected>The whole curriculum (' in page
    )  # no goal yet: the whole graph
    assert "Your goals" not in page and f'<option value="{GOAL}"' in page
    client.post(f"/topics/{GOAL}/goal")
    with_goal = client.get("/placement").get_data(as_text=True)
    assert f'<optgroup label="Your goals">\n      <option value="{GOAL}" selected>' in with_goal
    linked = client.get(f"/placement?topic={SEED_TOPIC}").get_data(as_text=True)
    assert f'<option value="{SEED_TOPIC}" selected>' in linked
    assert client.get("/placement?topic=no-such-topic").status_code == 200  # falls back to the goal


def test_a_placement_for_a_goal_runs_end_to_end_from_the_page(app, client) -> None:
    page = client.get("/placement").get_data(as_text=True)
    started = client.post("/placement", data={**form_fields(page), "topic_id": GOAL})
    assert started.status_code == 302
    location = started.headers["Location"]
    assert re.fullmatch(r"/placement/\d+", location)
    final = _finish_placement(app, client, location)
    assert "Placement finished" in final and "topics on the way to this goal" in final


def test_a_placement_over_the_whole_graph_runs_end_to_end(app, client) -> None:
    started = client.post("/placement", data={"topic_id": "*"})
    location = started.headers["Location"]
    first = client.get(location).get_data(as_text=True)
    assert "Placement: the whole curriculum" in first and "Question 1" in first
    final = _finish_placement(app, client, location)
    assert "Placement finished" in final and "topics in the curriculum" in final
    with app.extensions["tutor.sessions"]() as session:
        diagnostic = session.scalar(select(Diagnostic).order_by(Diagnostic.id.desc()))
        assert (diagnostic.topic_id, diagnostic.status) == ("*", "finished")
    api = client.get(f"/api{location}").get_json()
    assert api["topic"] is None and api["result"]["topics"] == TOPIC_COUNT


def test_a_right_answer_gets_one_verdict_line_and_the_answer_is_not_a_list(client, app) -> None:
    page = client.get(f"/topics/{SEED_TOPIC}/practice").get_data(as_text=True)
    fields, variant = shown_variant(app, page, SEED_TOPIC)
    body = client.post(
        f"/topics/{SEED_TOPIC}/answer", data={**fields, "response": variant.answer_plain}
    ).get_data(as_text=True)
    verdict = body[body.index('id="verdict"') :]
    assert "Correct!" in verdict and "Correct." not in verdict
    assert '<ul class="given">' not in body and '<p class="given">Your answer: <code>' in body


def test_sign_up_asks_for_the_password_twice_and_creates_nothing_when_they_differ(
    client, app
) -> None:
    form = client.get("/sign-up").get_data(as_text=True)
    assert 'name="password_again" type="password" autocomplete="new-password" required' in form
    refused = client.post(
        "/sign-up",
        data={
            "email": "typo@example.org",
            "password": "a long passphrase",
            "password_again": "a long passphrasf",
        },
    )
    assert refused.status_code == 400 and "The two passwords differ" in refused.get_data(
        as_text=True
    )
    assert 'value="typo@example.org"' in refused.get_data(as_text=True)  # the email is kept
    with app.extensions["tutor.sessions"]() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(User).where(User.email == "typo@example.org")
            )
            == 0
        )
    assert client.get("/api/me").status_code == 401
    same = client.post(
        "/sign-up",
        data={
            "email": "typo@example.org",
            "password": "a long passphrase",
            "password_again": "a long passphrase",
        },
    )
    assert (
        same.status_code == 302 and client.get("/api/me").get_json()["email"] == "typo@example.org"
    )


def test_a_spaced_e_is_asked_about_and_records_nothing(client, app) -> None:
    page = client.get(f"/topics/{SEED_TOPIC}/practice").get_data(as_text=True)
    fields, _ = shown_variant(app, page, SEED_TOPIC)
    asked = client.post(f"/topics/{SEED_TOPIC}/answer", data={**fields, "response": "1.40e 1"})
    body = asked.get_data(as_text=True)
    assert asked.status_code == 422 and "Did you mean 1.40e1 (scientific notation" in body
    with app.extensions["tutor.sessions"]() as session:
        assert session.scalar(select(func.count()).select_from(Attempt)) == 0


def _catalog(app):
    with app.extensions["tutor.sessions"]() as session:
        return app.extensions["tutor.catalog"].get(session)


def test_the_topic_page_explains_its_figures_and_links_to_them_on_the_map(client, app) -> None:
    page = client.get(f"/topics/{GOAL}").get_data(as_text=True)
    for show, tip in [
        ("chain", "explain-depth"),
        ("downstream", "explain-unlocks"),
        ("prerequisites", "explain-prerequisites"),
    ]:
        link = re.search(rf'<a class="figure-link" aria-describedby="{tip}"\s+href="([^"]+)"', page)
        assert link, tip
        assert link.group(1) == f"/map?highlight={GOAL}&amp;show={show}"
        assert f'role="tooltip" id="{tip}"' in page
    figures = _catalog(app).graph.figures(GOAL)
    assert f"({figures.depth + 1} topics, from a starting point to this one)" in page


@pytest.mark.parametrize("show", ["prerequisites", "downstream", "chain"])
def test_the_map_highlights_what_a_figure_counts(client, app, show: str) -> None:
    graph = _catalog(app).graph
    figures, title = graph.figures(GOAL), graph.title(GOAL)
    expected = {
        "prerequisites": (
            figures.prerequisite_count + 1,
            f"all {figures.prerequisite_count} prerequisites of {title}",
        ),
        "downstream": (
            figures.downstream_count + 1,
            f"all {figures.downstream_count} topics that {title} unlocks",
        ),
        "chain": (figures.depth + 1, f"the longest prerequisite chain ending at {title}"),
    }
    count, label = expected[show]
    response = client.get(f"/map?highlight={GOAL}&show={show}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f"Highlighted: {label}" in page
    ids = json.loads(html.unescape(re.search(r'data-highlight="([^"]+)"', page).group(1)))
    assert len(ids) == count and GOAL in ids
    if show == "chain":
        assert ids[0] == ROOT and ids[-1] == GOAL
    if show == "prerequisites":
        assert set(ids) == graph.ancestors(GOAL) | {GOAL}


def test_a_bad_highlight_is_a_clear_error(client) -> None:
    bad = client.get(f"/map?highlight={SEED_TOPIC}&show=everything")
    assert (
        bad.status_code == 400
        and "show must be one of chain, prerequisites, downstream" in bad.get_data(as_text=True)
    )
    assert client.get("/map?highlight=no-such-topic").status_code == 404


def test_the_progress_page_charts_the_replayed_practice_log(client, app) -> None:
    empty = client.get("/progress")
    assert empty.status_code == 200 and "Nothing to chart yet" in empty.get_data(as_text=True)
    page = client.get(f"/topics/{SEED_TOPIC}/practice").get_data(as_text=True)
    fields, _ = shown_variant(app, page, SEED_TOPIC)
    client.post(f"/topics/{SEED_TOPIC}/answer", data={**fields, "response": "12345"})  # wrong
    body = client.get("/progress").get_data(as_text=True)
    assert '<svg viewBox="0 0 640 240" role="img"' in body
    assert body.count('<polyline class="series') == 3
    assert "Mastered: <strong>0</strong>" in body and "In progress: <strong>1</strong>" in body
    due_now = re.search(r"<h3>Due for review \((\d+)\)</h3>", body).group(1)
    assert f"Due for review: <strong>{due_now}</strong>" in body  # today's point is the state now
    assert SEED_TITLE in body.split('id="now-heading"')[1]
    assert "Your progress over time" in client.get("/").get_data(as_text=True)
