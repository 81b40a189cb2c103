"""A learner in a real Chromium: open the seed topic, answer right and wrong, set the goal."""

import pytest

from tests.fixtures import SEED_DEPTH, SEED_TITLE
from tests.web.helpers import SEED_TOPIC

pytestmark = pytest.mark.browser


def test_a_learner_answers_and_sets_a_goal(live_server, page, csrf_app, artifacts) -> None:
    page.goto(f"{live_server}/topics/{SEED_TOPIC}")
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert f"Depth {SEED_DEPTH}" in page.locator("[data-figure=depth]").inner_text()
    page.wait_for_selector(".math[data-typeset=true]", state="attached")
    page.screenshot(path=str(artifacts / "topic-page.png"), full_page=False)

    with csrf_app.extensions["tutor.sessions"]() as session:
        catalog = csrf_app.extensions["tutor.catalog"].get(session)
    template_id = page.locator("form.question input[name=template_id]").input_value()
    seed = int(page.locator("form.question input[name=seed]").input_value())
    variant = catalog.template(SEED_TOPIC, template_id).variant(seed)

    page.get_by_label("Your answer").fill(variant.answer_plain)
    page.get_by_label("Your answer").press("Enter")
    verdict = page.locator(".verdict")
    assert "Correct!" in verdict.inner_text()
    assert verdict.get_attribute("aria-live") == "polite"

    page.get_by_role("link", name="Next question").click()
    page.get_by_label("Your answer").fill("123456789")
    page.get_by_role("button", name="Check answer").click()
    assert "Not quite." in page.locator(".verdict").inner_text()
    page.screenshot(path=str(artifacts / "practice-wrong.png"), full_page=True)

    page.goto(f"{live_server}/topics/{SEED_TOPIC}")
    page.get_by_role("button", name="Set as goal").click()
    assert page.get_by_role("button", name="★ Your goal (clear)").is_visible()
    page.goto(f"{live_server}/")
    assert SEED_TITLE in page.locator("#goals-heading + .goal").inner_text()
    assert page.locator("progress").count() == 1
    recent = page.locator(".recent li")
    assert recent.count() == 2
