"""A learner runs the gradient-flow lab in a real Chromium and sees both runs plotted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.lab_app import SEED_TOPIC, close_lab_app, make_lab_app, serving

pytestmark = pytest.mark.browser

RUN_COLORS = {"a": (217, 95, 2), "b": (27, 120, 200)}  # as in tutor/web/static/lab.js

# Counts the pixels of a chart's canvas that have (nearly) the given colour: a drawn line.
COUNT_COLOUR = """([selector, rgb]) => {
  const canvas = document.querySelector(selector + " canvas");
  if (!canvas) return -1;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const near = Math.abs(pixels[i] - rgb[0]) + Math.abs(pixels[i + 1] - rgb[1]) +
                 Math.abs(pixels[i + 2] - rgb[2]) < 40;
    if (near && pixels[i + 3] > 200) count++;
  }
  return count;
}"""


@pytest.fixture
def lab_server(fresh_database_url, tmp_path):  # type: ignore[no-untyped-def]
    app = make_lab_app(fresh_database_url, tmp_path, csrf=True)
    with serving(app) as url:
        yield url
    close_lab_app(app)


def drawn_pixels(page, chart: str, run: str) -> int:  # type: ignore[no-untyped-def]
    return page.evaluate(COUNT_COLOUR, [f"[data-lab-chart={chart}]", list(RUN_COLORS[run])])


def test_a_learner_runs_the_lab_and_sees_both_plots(lab_server, page, artifacts) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []  # script errors, CSP refusals, failed requests (but the favicon)
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.goto(f"{lab_server}/topics/{SEED_TOPIC}")
    panel = page.locator("[data-lab=gradient-flow]")
    panel.scroll_into_view_if_needed()

    page.get_by_role("button", name="Run both networks").click()
    page.wait_for_selector("[data-lab=gradient-flow][data-state=drawn]")
    for chart in ("gradients", "loss", "movement"):
        for run in ("a", "b"):
            assert drawn_pixels(page, chart, run) > 50, (chart, run)
    status = panel.locator("[data-lab-status]").inner_text()
    assert "Run A (sigmoid" in status and "Run B (relu" in status
    csv_link = page.get_by_role("link", name="Download the numbers (CSV)")
    assert csv_link.is_visible()
    assert "a.activation=sigmoid" in csv_link.get_attribute("href")
    panel.screenshot(path=str(artifacts / "gradient-flow-lab.png"))

    # Change a setting and run again: the charts follow the new settings.
    page.locator("select[name='b.activation']").select_option("tanh")
    page.get_by_role("button", name="Run both networks").click()
    expect(panel.locator("[data-lab-status]")).to_contain_text("Run B (tanh")
    assert drawn_pixels(page, "gradients", "b") > 50
    assert problems == []

    # A combination beyond the work budget is refused with the server's reason, shown in place.
    page.locator("input[name='a.width']").fill("128")
    page.locator("input[name='a.depth']").fill("50")
    page.locator("input[name='a.steps']").fill("200")
    page.get_by_role("button", name="Run both networks").click()
    expect(panel.locator("[data-lab-status]")).to_contain_text("run A: this run is too large")
    assert panel.get_attribute("data-state") == "error"
