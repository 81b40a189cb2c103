"""A learner in a real Chromium sets a goal, takes the placement, and sees the next task."""

import re

import pytest

from tests.fixtures import GOAL

pytestmark = pytest.mark.browser


def answer_shown_question(page, catalog, right: bool) -> None:
    form = page.locator("form.question")
    template_id = form.locator("input[name=template_id]").input_value()
    seed = int(form.locator("input[name=seed]").input_value())
    topic_id = page.locator(".diagnostic a").first.get_attribute("href").rsplit("/", 1)[-1]
    variant = catalog.template(topic_id, template_id).variant(seed)
    for i, part in enumerate(variant.parts):
        name = "response" if len(variant.parts) == 1 else f"response-{i}"
        if part.choices:
            choice = (
                part.answer_plain
                if right
                else next(c for c in part.choices if c != part.answer_plain)
            )
            form.locator(f"input[name='{name}'][value='{choice}']").check()
        else:
            form.locator(f"input[name='{name}']").fill(part.answer_plain if right else "987654")
    form.get_by_role("button", name="Check answer").click()


def test_a_learner_is_placed_on_the_way_to_a_goal(live_server, page, csrf_app, artifacts) -> None:
    with csrf_app.extensions["tutor.sessions"]() as session:
        catalog = csrf_app.extensions["tutor.catalog"].get(session)
    page.goto(f"{live_server}/topics/{GOAL}")
    page.get_by_role("button", name="Set as goal").click()
    page.goto(f"{live_server}/")
    assert "prerequisite topics mastered" in page.locator(".goal").inner_text()
    assert "toward your goal" in page.locator(".next-task").inner_text()
    page.get_by_role("button", name="Place me: find what I already know").click()
    asked = 0
    # This learner knows the first half of the chain: right on the early topics, wrong after.
    chain = [
        GOAL,
        *sorted(catalog.graph.ancestors(GOAL), key=lambda t: catalog.graph.figures(t).depth),
    ]
    known = {
        t for t in chain if catalog.graph.figures(t).depth < catalog.graph.figures(GOAL).depth // 2
    }
    while page.locator("form.question").count():
        assert (
            page.locator("h2#diagnostic-heading").inner_text().startswith(f"Question {asked + 1}")
        )
        topic_id = page.locator(".diagnostic a").first.get_attribute("href").rsplit("/", 1)[-1]
        answer_shown_question(page, catalog, right=topic_id in known)
        asked += 1
        assert asked <= 20
    page.screenshot(path=str(artifacts / "placement-result.png"), full_page=True)
    assert "Placement finished" in page.locator("h2#diagnostic-heading").inner_text()
    result = page.locator(".placement-result").inner_text()
    counted = re.search(rf"{asked} questions; you know (\d+) of {len(chain) - 1} topics", result)
    assert counted is not None and 0 < int(counted.group(1)) <= len(known)
    assert page.get_by_role("link", name="Back to your learning").is_visible()
    page.get_by_role("link", name="Back to your learning").click()
    # One count everywhere: the goal card says what the placement result said.
    assert (
        f"{counted.group(1)} of {len(chain) - 1} prerequisite topics mastered"
        in page.locator(".goal").inner_text()
    )
    assert page.locator(".next-task [data-kind]").count() >= 1
