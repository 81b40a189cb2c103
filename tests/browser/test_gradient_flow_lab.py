"""A learner runs the gradient-flow lab in a real Chromium and sees both runs plotted."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_practice_flow import LOW_CONTRAST, NO_HORIZONTAL_SCROLL
from tests.conftest import serving
from tests.lab_app import SEED_TOPIC, close_lab_app, make_lab_app

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
def lab_server(fresh_database_url, tmp_path):
    app = make_lab_app(fresh_database_url, tmp_path, csrf=True)
    with serving(app) as url:
        yield url
    close_lab_app(app)


def drawn_pixels(page, chart: str, run: str) -> int:
    return page.evaluate(COUNT_COLOUR, [f"[data-lab-chart={chart}]", list(RUN_COLORS[run])])


def watch_for_problems(page) -> list[str]:
    """Script errors, CSP refusals and failed requests of the page, as they happen."""
    problems: list[str] = []
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
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return problems


def test_a_learner_runs_the_lab_and_sees_both_plots(lab_server, page, artifacts) -> None:
    problems = watch_for_problems(page)
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
    assert page.evaluate("async () => (await fetch('/favicon.ico')).status") == 200

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
    # The earlier run's charts are gone rather than shown under the error, the slider with them.
    assert panel.locator("canvas").count() == 0
    assert panel.locator("[data-lab-step]").is_disabled()


# The decades a log chart's axis spans against the smallest and largest positive value it shows.
LOG_AXIS_FITS = """([chart, values]) => {
  const box = document.querySelector("[data-lab-chart=" + chart + "]");
  const logs = values.filter((v) => v >= 1e-300).map(Math.log10);
  return Number(box.dataset.logMin) <= Math.min(...logs)
    && Math.max(...logs) <= Number(box.dataset.logMax);
}"""


def run_the_lab(page, settings: dict[str, str]) -> None:
    for name, value in settings.items():
        control = page.locator(f"[name='{name}']")
        if control.evaluate("element => element.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    page.get_by_role("button", name="Run both networks").click()
    page.wait_for_selector("[data-lab=gradient-flow][data-state=drawn]", timeout=60_000)


def lab_timings(page) -> dict[str, float]:
    """What the page measured with performance.now: the server's answer, then the drawing."""
    panel = page.locator("[data-lab=gradient-flow]")
    return {
        "answer_ms": float(panel.get_attribute("data-answer-ms")),
        "draw_ms": float(panel.get_attribute("data-draw-ms")),
    }


def test_the_lab_draws_depth_50_sigmoid_against_relu(lab_server, page, artifacts) -> None:
    problems = watch_for_problems(page)
    page.goto(f"{lab_server}/topics/{SEED_TOPIC}")
    panel = page.locator("[data-lab=gradient-flow]")
    run_the_lab(page, {"a.depth": "50", "b.depth": "50"})

    for chart in ("gradients", "loss", "movement"):
        for run in ("a", "b"):
            assert drawn_pixels(page, chart, run) > 50, (chart, run)
    # Sigmoid's first layers never move at depth 50: those zeros sit on the floor, explained.
    movement_note = panel.locator("[data-lab-floor-note=movement]")
    expect(movement_note).to_be_visible()
    expect(movement_note).to_contain_text("the chart's floor")
    runs = page.evaluate(
        "async () => (await (await fetch(document.querySelector('[data-lab]').dataset.runUrl"
        " + '?a.depth=50&b.depth=50')).json()).runs"
    )
    weight_changes = [v for run in runs for v in run["relative_weight_change"]]
    assert 0.0 in weight_changes  # the floor is really needed here
    assert page.evaluate(LOG_AXIS_FITS, ["movement", weight_changes])
    first_step = [v for run in runs for v in run["layer_grad_norms"][0]]
    assert min(first_step) < 1e-30  # below what uPlot's own log scale can draw
    assert page.evaluate(LOG_AXIS_FITS, ["gradients", first_step])
    # Legends show numbers without hovering.
    for chart in ("gradients", "loss", "movement"):
        values = panel.locator(f"[data-lab-chart={chart}] .u-legend .u-value").all_inner_texts()
        assert values and "--" not in values, (chart, values)
    panel.screenshot(path=str(artifacts / "gradient-flow-lab-depth-50.png"))

    # The step slider moves the gradient chart to the last step.
    slider = panel.locator("[data-lab-step]")
    assert slider.is_enabled()
    slider.focus()
    slider.press("End")
    expect(panel.locator("[data-lab-step-label]")).to_have_text("99")
    page.wait_for_function("() => new Promise((done) => requestAnimationFrame(() => done(true)))")
    assert drawn_pixels(page, "gradients", "a") > 50 and drawn_pixels(page, "gradients", "b") > 50
    timings = lab_timings(page)

    # Gradients far below 1e-32 (sigmoid, small initial weights) are drawn as well.
    run_the_lab(page, {"a.init": "small"})
    assert drawn_pixels(page, "gradients", "a") > 50
    assert problems == []
    (artifacts / "gradient-flow-lab-timings.json").write_text(
        json.dumps(
            {"depth 50, sigmoid vs relu": timings, "depth 50, small init": lab_timings(page)}
        )
    )
    panel.screenshot(path=str(artifacts / "gradient-flow-lab-tiny-gradients.png"))


def test_the_drawn_lab_fits_a_phone_and_keeps_its_contrast(lab_server, browser, artifacts) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        problems = watch_for_problems(page)
        page.goto(f"{lab_server}/topics/{SEED_TOPIC}")
        run_the_lab(page, {"a.depth": "50", "b.depth": "50"})
        assert drawn_pixels(page, "gradients", "a") > 50
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        assert page.evaluate(LOW_CONTRAST) == []
        assert problems == []
        page.locator("[data-lab=gradient-flow] .lab-charts").screenshot(
            path=str(artifacts / "phone-gradient-flow-lab.png")
        )
    finally:
        context.close()
