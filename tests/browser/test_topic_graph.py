"""The seed topic page draws its neighbourhood with Cytoscape.js in a real Chromium."""

import pytest

from tests.browser.test_practice_flow import NO_HORIZONTAL_SCROLL
from tests.web.helpers import SEED_TOPIC

pytestmark = pytest.mark.browser


def test_seed_topic_page_draws_its_neighbourhood(live_server, page, artifacts) -> None:
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    page.goto(f"{live_server}/topics/{SEED_TOPIC}")

    picture = page.locator("#topic-graph")
    page.wait_for_selector("#topic-graph[data-rendered]", state="attached")
    assert picture.get_attribute("data-rendered") == "true", picture.inner_text()
    expected = page.request.get(f"{live_server}/api/topics/{SEED_TOPIC}/graph?depth=2").json()
    assert int(picture.get_attribute("data-nodes")) == len(expected["nodes"])
    assert int(picture.get_attribute("data-edges")) == len(expected["edges"])

    # Cytoscape paints on canvases inside the container; they must have a real size.
    canvas = picture.locator("canvas").first
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    picture.scroll_into_view_if_needed()
    picture.screenshot(path=str(artifacts / "topic-graph.png"))
    assert problems == []


# The picture's labels in screen pixels: this topic's, and the smallest one Cytoscape draws.
LABELS = """() => {
  const cy = document.getElementById("topic-graph").cy;
  const screenFont = (node) => parseFloat(node.style("font-size")) * cy.zoom();
  const drawn = cy.nodes()
    .filter((n) => screenFont(n) >= parseFloat(n.style("min-zoomed-font-size")));
  const self = cy.nodes(".self");
  const box = self.renderedBoundingBox();
  return {
    selfPx: screenFont(self),
    smallestDrawnPx: Math.min(...drawn.map(screenFont)),
    drawn: drawn.length,
    selfInside: box.x1 >= 0 && box.y1 >= 0 && box.x2 <= cy.width() && box.y2 <= cy.height(),
  };
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_the_neighbourhood_labels_are_readable(live_server, browser, artifacts, width) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/topics/{SEED_TOPIC}")
        page.wait_for_selector("#topic-graph[data-rendered=true]")
        labels = page.evaluate(LABELS)
        assert labels["selfPx"] >= 11 and labels["selfInside"], labels
        assert labels["drawn"] > 1 and labels["smallestDrawnPx"] >= 11, labels
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        frame = page.locator(".graph-frame")
        frame.scroll_into_view_if_needed()
        frame.screenshot(path=str(artifacts / f"topic-graph-{width}.png"))
        # "Fit" shows the whole neighbourhood; every topic is still named on hover.
        frame.get_by_role("button", name="Fit", exact=True).click()
        frame.screenshot(path=str(artifacts / f"topic-graph-{width}-fit.png"))
    finally:
        context.close()
