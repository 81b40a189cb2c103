"""The knowledge map opens on the way to the goal, with labels readable and a way back to fit."""

import pytest

from tests.browser.test_practice_flow import LOW_CONTRAST, NO_HORIZONTAL_SCROLL
from tests.fixtures import SEED_PREREQUISITE_COUNT, TOPIC_COUNT
from tests.web.helpers import SEED_TOPIC

pytestmark = pytest.mark.browser

# Where the map's nodes are drawn, in the map's own pixels, and how large their labels are.
MAP_VIEW = """(selector) => {
  const cy = document.getElementById("knowledge-map").cy;
  const inside = (box) =>
    box.x1 >= 0 && box.y1 >= 0 && box.x2 <= cy.width() && box.y2 <= cy.height();
  const screenFont = (node) => parseFloat(node.style("font-size")) * cy.zoom();
  // A label is drawn when its screen size reaches min-zoomed-font-size (landmarks: always).
  const drawn = cy.nodes()
    .filter((n) => screenFont(n) >= parseFloat(n.style("min-zoomed-font-size")));
  return {
    goalInside: inside(cy.nodes(".goal").renderedBoundingBox({includeLabels: true})),
    selectionInside: inside(cy.$(selector).renderedBoundingBox({includeLabels: false})),
    goalLabelPx: cy.nodes(".goal").length ? screenFont(cy.nodes(".goal")) : null,
    smallestDrawnLabelPx: Math.min(...drawn.map(screenFont)),
    drawnLabels: drawn.length,
    zoom: cy.zoom(),
  };
}"""


def open_map_with_goal(page, live_server: str, goal: str = SEED_TOPIC) -> None:
    page.goto(f"{live_server}/topics/{goal}")
    page.get_by_role("button", name="Set as goal").click()
    page.goto(f"{live_server}/map")
    page.wait_for_selector("#knowledge-map[data-rendered=true]")


def check_the_fitted_view_and_its_controls(page, artifacts, width: int) -> None:
    """Opened fitted to the goal path with readable labels; Show all, zoom, and back to the goal
    by keyboard alone."""
    view = page.evaluate(MAP_VIEW, ".on-path, .goal")
    assert view["goalInside"] and view["selectionInside"], view
    assert view["goalLabelPx"] >= 11, view
    assert view["smallestDrawnLabelPx"] >= 11, view
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert page.evaluate(LOW_CONTRAST) == []
    page.locator(".graph-frame").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"knowledge-map-{width}.png"))

    page.get_by_role("button", name="Show all").click()
    whole = page.evaluate(MAP_VIEW, "*")
    assert whole["selectionInside"] and whole["zoom"] <= view["zoom"], whole
    page.screenshot(path=str(artifacts / f"knowledge-map-{width}-all.png"))
    for _ in range(6):
        page.get_by_role("button", name="Zoom in").click()
    zoomed = page.evaluate(MAP_VIEW, ".goal")
    assert zoomed["smallestDrawnLabelPx"] >= 11 and zoomed["drawnLabels"] > 0, zoomed
    page.get_by_role("button", name="Show all").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Fit to goal path"
    page.keyboard.press("Enter")
    assert page.evaluate(MAP_VIEW, ".goal")["goalInside"]


def check_a_node_too_small_for_its_label_is_named_by_a_tip(page, artifacts, width: int) -> None:
    """Needs a goal path too long for its labels at three zooms in from the fitted view: the
    shipped curriculum's (tests/browser/test_shipped_map.py)."""
    for _ in range(3):
        page.get_by_role("button", name="Zoom in").click()
    position = page.evaluate("""() => {
      const cy = document.getElementById("knowledge-map").cy;
      const landmarks = cy.nodes(".landmark").renderedBoundingBox({includeLabels: true});
      const clear = (p) =>
        p.x > 20 && p.y > 20 && p.x < cy.width() - 20 && p.y < cy.height() - 20 &&
        !(p.x >= landmarks.x1 - 20 && p.x <= landmarks.x2 + 20 &&
          p.y >= landmarks.y1 - 20 && p.y <= landmarks.y2 + 20);
      const node = cy.nodes(".on-path")
        .filter((n) => !n.hasClass("landmark") && clear(n.renderedPosition()))[0];
      const box = document.getElementById("knowledge-map").getBoundingClientRect();
      return {x: box.x + node.renderedPosition().x, y: box.y + node.renderedPosition().y,
              title: node.data("label"), labelHidden: 14 * cy.zoom() < 12};
    }""")
    assert position["labelHidden"]
    page.mouse.move(position["x"], position["y"])
    tip = page.locator(".graph-tip")
    assert tip.is_visible() and tip.inner_text() == position["title"]
    assert float(tip.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px")) >= 11
    page.screenshot(path=str(artifacts / f"knowledge-map-{width}-tip.png"))


def check_a_focused_path_step_is_named_in_the_picture(page) -> None:
    first_step = page.locator(".goal-path a").first
    first_step.focus()
    tip = page.locator(".graph-tip")
    assert tip.is_visible() and tip.inner_text() == first_step.inner_text()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_map_opens_fitted_to_the_goal_path_with_readable_labels(
    live_server, browser, artifacts, width
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        open_map_with_goal(page, live_server)
        assert int(page.locator("#knowledge-map").get_attribute("data-nodes")) == TOPIC_COUNT
        assert page.locator(".goal-path li").count() == SEED_PREREQUISITE_COUNT + 1
        check_the_fitted_view_and_its_controls(page, artifacts, width)
        check_a_focused_path_step_is_named_in_the_picture(page)
    finally:
        context.close()


def test_without_a_goal_the_map_opens_on_the_whole_graph(live_server, browser, artifacts) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/map")
        page.wait_for_selector("#knowledge-map[data-rendered=true]")
        assert page.evaluate(MAP_VIEW, "*")["selectionInside"]
        assert page.get_by_role("button", name="Fit", exact=True).is_visible()
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        assert page.evaluate(LOW_CONTRAST) == []
        page.screenshot(path=str(artifacts / "knowledge-map-no-goal-360.png"))
    finally:
        context.close()
