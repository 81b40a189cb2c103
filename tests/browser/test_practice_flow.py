"""The whole practice flow in a real Chromium: preview, invalid, wrong, right, hints, goal, home.

Screenshots go to test-artifacts/ (the `artifacts` fixture) for a person to look at.
"""

import pytest
from playwright.sync_api import expect

from tests.fixtures import ON_SEED_CHAIN_MIDDLE, ROOT_TITLE, SEED_TITLE
from tests.web.helpers import SEED_TOPIC

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _shown_variant(page, csrf_app):
    with csrf_app.extensions["tutor.sessions"]() as session:
        catalog = csrf_app.extensions["tutor.catalog"].get(session)
    template_id = page.locator("form.question input[name=template_id]").input_value()
    seed = int(page.locator("form.question input[name=seed]").input_value())
    return catalog.template(SEED_TOPIC, template_id).variant(seed)


def _assert_math_typeset(page) -> None:
    page.wait_for_selector(".prompt .katex", state="attached")
    assert page.locator(".math:not([data-typeset=true])").count() == 0
    for prompt in page.locator(".prompt").all():
        assert "$" not in prompt.inner_text()


def test_topic_page_shows_figures_and_buttons_together(live_server, page, artifacts) -> None:
    page.goto(f"{live_server}/topics/{SEED_TOPIC}")
    _assert_math_typeset(page)
    height = page.viewport_size["height"]
    for locator in [
        page.locator("[data-figure=level]"),
        page.locator("[data-figure=depth]"),
        page.locator("[data-figure=unlocks]"),
        page.get_by_role("button", name="I know this"),
        page.get_by_role("button", name="Set as goal"),
    ]:
        box = locator.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height
    page.screenshot(path=str(artifacts / "topic-page.png"))
    middle = page.locator("details.chain-middle")
    assert not middle.evaluate("d => d.open")
    assert page.locator(".chain-list li").filter(has_text=ROOT_TITLE).is_visible()
    middle.locator("summary").click()
    expect(
        page.locator(".chain-list li").filter(has_text=ON_SEED_CHAIN_MIDDLE).first
    ).to_be_visible()


def test_the_practice_flow_from_preview_to_home(live_server, page, csrf_app, artifacts) -> None:
    page.goto(f"{live_server}/topics/{SEED_TOPIC}/practice")
    _assert_math_typeset(page)
    answer = page.get_by_label("Your answer")
    expect(answer).to_be_focused()

    # The preview says how an answer was read, typeset, before anything is submitted.
    answer.press_sequentially("2^10")
    page.wait_for_selector(".preview.ok .katex")
    expect(page.locator(".preview")).to_contain_text("We read")
    answer.fill("")
    answer.press_sequentially("3+*")
    page.wait_for_selector(".preview.bad")
    expect(page.locator(".preview")).to_contain_text("Not readable yet")

    # An invalid answer costs nothing and says what to fix; focus stays in the answer box.
    answer.press("Enter")
    verdict = page.locator(".verdict")
    assert "could not read" in verdict.inner_text()
    assert "Nothing was recorded" in verdict.inner_text()
    assert verdict.get_attribute("aria-live") == "polite"
    expect(page.get_by_label("Your answer")).to_be_focused()

    # Hints one at a time: the second appears only once the first is open.
    hints = page.locator("details.hint")
    if hints.count() > 1:
        expect(hints.nth(0)).to_be_visible()
        expect(hints.nth(1)).to_be_hidden()
        hints.nth(0).locator("summary").click()
        expect(hints.nth(0).locator(".hint-body")).to_be_visible()
        expect(hints.nth(1)).to_be_visible()

    # A wrong answer: feedback, the answer, the worked solution; focus on the Next button.
    page.get_by_label("Your answer").fill("123456789")
    page.get_by_label("Your answer").press("Enter")
    assert "Not quite." in page.locator(".verdict").inner_text()
    expect(page.locator(".solution")).to_be_visible()
    _assert_math_typeset(page)
    assert page.locator(".verdict .katex").count() > 0
    expect(page.locator("#next-question")).to_be_focused()
    page.screenshot(path=str(artifacts / "practice-wrong.png"), full_page=True)

    # Keyboard only: Enter on the focused Next button, then Enter in the answer box.
    page.keyboard.press("Enter")
    page.wait_for_selector("form.question")
    variant = _shown_variant(page, csrf_app)
    page.get_by_label("Your answer").fill(variant.answer_plain)
    page.wait_for_selector(".preview.ok .katex")
    page.locator("details.hint summary").first.click()
    page.screenshot(path=str(artifacts / "practice-page.png"), full_page=True)
    page.get_by_label("Your answer").press("Enter")
    assert "Correct!" in page.locator(".verdict").inner_text()

    # Set the goal; the home page shows it, its progress, the next step and the activity.
    page.goto(f"{live_server}/")
    assert "No goal yet" in page.locator("#goals-heading + *").inner_text()
    page.goto(f"{live_server}/topics/{SEED_TOPIC}")
    page.get_by_role("button", name="Set as goal").click()
    page.goto(f"{live_server}/")
    assert SEED_TITLE in page.locator(".goal").inner_text()
    assert page.locator(".goal progress").count() == 1
    next_up = page.locator(".next-main").inner_text()
    assert "toward your goal" in next_up and ROOT_TITLE in next_up
    assert page.locator(".recent li").count() == 2
    assert page.get_by_role("link", name="Open the knowledge map →").is_visible()
    page.screenshot(path=str(artifacts / "home-page.png"), full_page=True)


@pytest.mark.parametrize("path", [f"/topics/{SEED_TOPIC}", f"/topics/{SEED_TOPIC}/practice", "/"])
def test_pages_fit_a_360_pixel_phone(live_server, browser, artifacts, path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{live_server}{path}")
        page.wait_for_function("typeof katex !== 'undefined'")
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        name = {"/": "home"}.get(path, path.rsplit("/", 1)[-1].replace(SEED_TOPIC, "topic"))
        page.screenshot(path=str(artifacts / f"phone-{name}.png"))
    finally:
        context.close()


# WCAG contrast of every visible text run against the first opaque background behind it.
LOW_CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const lum = ([r, g, b]) => [r, g, b].map(channel)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  document.querySelectorAll("body *:not(script):not(style)").forEach((el) => {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest(".katex, .topic-graph")) return;
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`);
  });
  return failures;
}"""


def test_text_meets_wcag_aa_contrast(live_server, page) -> None:
    page.goto(f"{live_server}/topics/{SEED_TOPIC}/practice")
    page.get_by_label("Your answer").fill("123456789")
    page.get_by_label("Your answer").press("Enter")
    assert page.evaluate(LOW_CONTRAST) == [], page.url
    for path in [f"/topics/{SEED_TOPIC}", "/", "/topics"]:
        page.goto(f"{live_server}{path}")
        assert page.evaluate(LOW_CONTRAST) == [], path


def test_practice_works_without_javascript(live_server, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/topics/{SEED_TOPIC}/practice")
        hints = page.locator("details.hint")
        assert all(hint.is_visible() for hint in hints.all())
        page.get_by_label("Your answer").fill("3+*")
        page.get_by_label("Your answer").press("Enter")
        assert "could not read" in page.locator(".verdict").inner_text()
        page.get_by_label("Your answer").fill("123456789")
        page.get_by_role("button", name="Check answer").click()
        assert "Not quite." in page.locator(".verdict").inner_text()
        page.get_by_role("link", name="Next question →").click()
        expect(page.locator("form.question")).to_be_visible()
    finally:
        context.close()


def test_the_page_sends_the_time_the_answer_took(live_server, page, csrf_app) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from tutor.store.models import Attempt

    page.goto(f"{live_server}/topics/{SEED_TOPIC}/practice")
    variant = _shown_variant(page, csrf_app)
    page.get_by_label("Your answer").fill(variant.parts[0].answer_plain)
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("#verdict")).to_be_visible()
    with csrf_app.extensions["tutor.sessions"]() as session:
        durations = list(session.scalars(select(Attempt.duration_ms)))
    assert len(durations) == 1 and durations[0] is not None and 0 <= durations[0] < 600_000
