"""The knowledge map of the shipped curriculum in a real Chromium: a goal path of 68 topics is too
long for its labels once zoomed in from the fitted view, so a tip names a node pointed at.

The fixture curriculum's map is tested in tests/browser/test_knowledge_map.py.
"""

from collections.abc import Iterator

import pytest

from tests.browser.test_knowledge_map import (
    check_a_focused_path_step_is_named_in_the_picture,
    check_a_node_too_small_for_its_label_is_named_by_a_tip,
    check_the_fitted_view_and_its_controls,
    open_map_with_goal,
)
from tests.conftest import _clear_learners, serving
from tutor.config import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = "vanishing-gradient-problem"


@pytest.fixture(scope="module")
def shipped_server(
    shipped_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app with CSRF on over the shipped curriculum, behind a real HTTP server."""
    from tutor.web import create_app

    app = create_app(
        Settings(
            database_url=shipped_database,
            instance_dir=tmp_path_factory.mktemp("shipped-map"),
            testing=True,
            secret_key="test-secret",
        )
    )
    with serving(app) as url:
        yield url
    _clear_learners(app.extensions["tutor.engine"])
    app.extensions["tutor.engine"].dispose()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_shipped_map_names_nodes_too_small_for_their_labels(
    shipped_server, browser, artifacts, width
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        open_map_with_goal(page, shipped_server, SEED)
        assert int(page.locator("#knowledge-map").get_attribute("data-nodes")) >= 100
        assert page.locator(".goal-path li").count() >= 67
        check_the_fitted_view_and_its_controls(page, artifacts, width)
        check_a_node_too_small_for_its_label_is_named_by_a_tip(page, artifacts, width)
        check_a_focused_path_step_is_named_in_the_picture(page)
    finally:
        context.close()
