import pytest

from tests.web.helpers import SEED_TOPIC

pytestmark = pytest.mark.browser


def test_the_knowledge_map_draws_with_the_goal(live_server, page, artifacts) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/topics/{SEED_TOPIC}")
    page.get_by_role("button", name="Set as goal").click()
    page.goto(f"{live_server}/map")
    page.wait_for_selector("#knowledge-map[data-rendered=true]")
    assert int(page.locator("#knowledge-map").get_attribute("data-nodes")) >= 100
    assert page.locator(".goal-path li").count() >= 67
    page.screenshot(path=str(artifacts / "knowledge-map.png"))
