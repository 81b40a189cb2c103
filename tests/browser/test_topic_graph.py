"""The seed topic page draws its neighbourhood with Cytoscape.js in a real Chromium."""

import pytest

from tests.web.helpers import SEED_TOPIC

pytestmark = pytest.mark.browser


def test_seed_topic_page_draws_its_neighbourhood(live_server, page, artifacts) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
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
