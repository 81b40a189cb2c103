"""Issue 17 in a real Chromium: what a new learner and a new educator ran into, fixed.

Each test leaves a screenshot in test-artifacts/ that shows the fix; the pages it touches pass the
same contrast and 360 px checks as the practice flow.
"""

from __future__ import annotations

import re

import pytest

from tests.author.fixtures import PASSWORD
from tests.browser.test_placement_flow import answer_shown_question
from tests.browser.test_practice_flow import LOW_CONTRAST, NO_HORIZONTAL_SCROLL, _shown_variant
from tests.fixtures import GOAL, GOAL_TITLE, ROOT, SEED_DEPTH
from tests.web.helpers import SEED_TOPIC
from tutor.accounts.users import create_user
from tutor.store.db import transaction

pytestmark = pytest.mark.browser

STRONG = "a long passphrase"


def _sign_up(page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-up")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill(STRONG)
    page.get_by_label("Password again").fill(STRONG)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_sign_up_has_a_confirmation_and_its_button_below_the_fields(
    live_server, page, artifacts
) -> None:
    page.goto(f"{live_server}/sign-up")
    again = page.get_by_label("Password again").bounding_box()
    button = page.get_by_role("button", name="Create account").bounding_box()
    assert button["y"] >= again["y"] + again["height"]  # under the fields, not beside them
    page.get_by_label("Email").fill("mismatch@example.org")
    page.get_by_label("Password (at least 10 characters)").fill(STRONG)
    page.get_by_label("Password again").fill(STRONG + "!")
    page.get_by_role("button", name="Create account").click()
    assert "The two passwords differ" in page.get_by_role("alert").inner_text()
    page.screenshot(path=str(artifacts / "sign-up-mismatch.png"), full_page=True)
    assert page.evaluate(LOW_CONTRAST) == []


def test_sign_out_stays_on_the_links_row_at_375_px(live_server, browser, artifacts) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        _sign_up(page, live_server, "phone@example.org")
        home = page.locator(".site-header nav a", has_text="Home").bounding_box()
        sign_out = page.get_by_role("button", name="Sign out").bounding_box()
        assert abs(sign_out["y"] - home["y"]) < home["height"] / 2  # the same row
        assert sign_out["height"] < 1.6 * home["height"]  # one line, not wrapped inside itself
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        page.locator(".site-header").screenshot(path=str(artifacts / "header-375-signed-in.png"))
    finally:
        context.close()


def test_a_right_answer_reads_correct_once(live_server, page, csrf_app, artifacts) -> None:
    page.goto(f"{live_server}/topics/{SEED_TOPIC}/practice")
    variant = _shown_variant(page, csrf_app)
    page.get_by_label("Your answer").fill(variant.answer_plain)
    page.get_by_label("Your answer").press("Enter")
    verdict = page.locator(".verdict").inner_text()
    assert verdict.count("Correct") == 1 and page.locator("ul.given").count() == 0
    assert page.locator("p.given").inner_text().startswith("Your answer: ")
    page.locator(".practice").screenshot(path=str(artifacts / "verdict-correct-once.png"))


def test_placement_page_starts_a_placement_for_a_goal(
    live_server, page, csrf_app, artifacts
) -> None:
    with csrf_app.extensions["tutor.sessions"]() as session:
        catalog = csrf_app.extensions["tutor.catalog"].get(session)
    response = page.goto(f"{live_server}/placement")
    assert response.status == 200
    assert page.get_by_label("Place me against").input_value() == "*"
    page.screenshot(path=str(artifacts / "placement-start.png"), full_page=True)
    assert page.evaluate(LOW_CONTRAST) == []
    page.get_by_label("Place me against").select_option(GOAL)
    page.get_by_role("button", name="Start placement").click()
    assert page.locator("h1").inner_text().lower() == f"placement: {GOAL_TITLE.lower()}"
    asked = 0
    while page.locator("form.question").count():
        answer_shown_question(page, catalog, right=True)
        asked += 1
        assert asked <= 20
    assert "Placement finished" in page.locator("h2#diagnostic-heading").inner_text()


def test_the_depth_figure_explains_itself_on_focus_and_opens_the_highlighted_map(
    live_server, page, artifacts
) -> None:
    page.goto(f"{live_server}/topics/{SEED_TOPIC}")
    depth = page.locator("[data-figure=depth] a")
    tip = page.locator("#explain-depth")
    assert not tip.is_visible()
    depth.focus()  # the keyboard reaches it as a link; its description is the tooltip
    assert tip.is_visible() and "longest chain of prerequisites" in tip.inner_text()
    assert depth.get_attribute("aria-describedby") == "explain-depth"
    page.screenshot(path=str(artifacts / "topic-figure-tooltip.png"))
    assert page.evaluate(LOW_CONTRAST) == []
    page.locator("[data-figure=unlocks] a").hover()
    assert page.locator("#explain-unlocks").is_visible()
    depth.press("Enter")
    page.wait_for_url(re.compile(r".*/map\?highlight=.*show=chain"))
    assert (
        "Highlighted: the longest prerequisite chain"
        in page.locator("#highlight-heading").inner_text()
    )
    page.wait_for_selector("#knowledge-map[data-rendered]", state="attached")
    if (
        page.locator("#knowledge-map").get_attribute("data-rendered") == "true"
    ):  # Cytoscape is vendored
        assert page.locator("#knowledge-map").get_attribute("data-highlighted") == str(
            SEED_DEPTH + 1
        )
    page.screenshot(path=str(artifacts / "map-highlight-chain.png"))
    assert page.evaluate(LOW_CONTRAST) == []


def test_the_progress_page_draws_its_chart(live_server, page, csrf_app, artifacts) -> None:
    page.goto(f"{live_server}/topics/{SEED_TOPIC}/practice")
    variant = _shown_variant(page, csrf_app)
    page.get_by_label("Your answer").fill(variant.answer_plain)
    page.get_by_label("Your answer").press("Enter")
    page.goto(f"{live_server}/progress")
    chart = page.locator("svg.chart")
    assert chart.is_visible() and chart.locator("polyline").count() == 3
    assert "In progress: 1" in page.locator(".chart-legend").inner_text()
    page.screenshot(path=str(artifacts / "progress-chart.png"), full_page=True)
    assert page.evaluate(LOW_CONTRAST) == []


@pytest.mark.parametrize(
    "path", ["/placement", "/progress", "/sign-up", f"/map?highlight={SEED_TOPIC}&show=downstream"]
)
def test_new_pages_fit_a_360_pixel_phone(live_server, browser, artifacts, path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{live_server}{path}")
        assert page.evaluate(NO_HORIZONTAL_SCROLL), path
        assert page.evaluate(LOW_CONTRAST) == [], path
        name = path.strip("/").split("?")[0]
        page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)
    finally:
        context.close()


def test_author_pages_line_up_with_the_header_and_keep_what_changed(
    author_server, page, artifacts
) -> None:
    base, app = author_server
    with transaction(app.extensions["tutor.sessions"]) as session:
        create_user(session, "layout@example.org", PASSWORD, "educator")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email").fill("layout@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{base}/author/topics/{ROOT}/templates/new")
    brand = page.locator(".site-header .brand").bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert (
        abs(brand["x"] - heading["x"]) <= 2 and brand["x"] > 16
    )  # centred together, not flush left
    source = page.get_by_label("Template (YAML, see docs/content-format.md)")
    source.fill("id: [unclosed")
    page.get_by_label("What changed").fill("try a broken one")
    page.get_by_role("button", name="Save and run self-tests").click()
    assert page.locator(".problems").is_visible()
    assert page.get_by_label("What changed").input_value() == "try a broken one"
    page.screenshot(path=str(artifacts / "author-refused-keeps-note.png"))
    assert page.evaluate(LOW_CONTRAST) == []
