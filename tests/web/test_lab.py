"""The gradient-flow lab over HTTP: the panel on the seed topic page, JSON runs, CSV, limits."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.lab_app import OTHER_TOPIC, SEED_TOPIC, close_lab_app, lab_runner, make_lab_app
from tutor.web.pages.lab.runner import LabRunner
from tutor.web.pages.lab.views import EXTENSION_KEY

FEW_STEPS = "a.steps=5&b.steps=5"


@pytest.fixture(scope="module")
def lab_app(fresh_database_url, tmp_path_factory):
    app = make_lab_app(fresh_database_url, tmp_path_factory.mktemp("lab"), csrf=True)
    yield app
    close_lab_app(app)


@pytest.fixture
def client(lab_app):
    return lab_app.test_client()


def test_the_seed_topic_page_carries_the_lab_panel(client) -> None:
    html = client.get(f"/topics/{SEED_TOPIC}").get_data(as_text=True)
    assert 'data-lab="gradient-flow"' in html
    assert "/vendor/uplot/uPlot.iife.min.js" in html and "/static/lab.js" in html
    for name in [
        "activation",
        "init",
        "depth",
        "width",
        "residual",
        "clip_norm",
        "steps",
        "learning_rate",
        "task",
        "samples",
        "seed",
    ]:
        assert f'name="a.{name}"' in html and f'name="b.{name}"' in html, name
    # The site's CSP forbids inline scripts: every script tag must load a file.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_other_topic_pages_have_no_lab(client) -> None:
    html = client.get(f"/topics/{OTHER_TOPIC}").get_data(as_text=True)
    assert "data-lab" not in html and "uPlot" not in html


def test_the_charting_library_is_served_locally(client) -> None:
    script = client.get("/vendor/uplot/uPlot.iife.min.js")
    assert script.status_code == 200 and b"uPlot" in script.data
    assert client.get("/vendor/uplot/uPlot.min.css").status_code == 200


def test_default_run_compares_sigmoid_with_relu(client) -> None:
    response = client.get(f"/labs/gradient-flow/run?{FEW_STEPS}")
    assert response.status_code == 200
    sigmoid, relu = response.get_json()["runs"]
    assert (sigmoid["label"], sigmoid["settings"]["activation"]) == ("a", "sigmoid")
    assert (relu["label"], relu["settings"]["activation"]) == ("b", "relu")
    for run in (sigmoid, relu):
        assert run["steps_run"] == 5 and len(run["loss"]) == 5
        assert [len(row) for row in run["layer_grad_norms"]] == [20] * 5

    def first_to_last(run):
        return run["layer_grad_norms"][0][0] / run["layer_grad_norms"][0][-1]

    assert first_to_last(sigmoid) < 1e-6
    assert first_to_last(relu) > 1e-1


def test_every_setting_can_be_chosen_per_run(client) -> None:
    query = (
        "a.depth=6&a.width=8&a.activation=tanh&a.init=he&a.residual=true&a.clip_norm=0.5"
        "&a.steps=3&a.learning_rate=0.2&a.task=regression&a.samples=16&a.seed=4&b.steps=2"
    )
    runs = client.get(f"/labs/gradient-flow/run?{query}").get_json()["runs"]
    assert runs[0]["settings"] == {
        "depth": 6,
        "width": 8,
        "activation": "tanh",
        "init": "he",
        "residual": True,
        "clip_norm": 0.5,
        "steps": 3,
        "learning_rate": 0.2,
        "task": "regression",
        "samples": 16,
        "seed": 4,
    }
    assert max(runs[0]["applied_grad_norm"]) <= 0.5 * (1 + 1e-12)
    assert runs[1]["steps_run"] == 2


@pytest.mark.parametrize(
    "query, message",
    [
        ("a.depth=99", "run A: depth must be between 2 and 50, got 99"),
        ("b.width=1000", "run B: width must be between 2 and 128"),
        ("b.activation=__import__('os')", "run B: activation must be one of sigmoid, tanh, relu"),
        ("a.steps=2*100", "run A: steps must be a whole number"),
        ("a.depht=3", "run A: unknown setting(s): depht"),
        ("c.depth=3", "unknown parameter 'c.depth'"),
        ("depth=3", "unknown parameter 'depth'"),
        ("a.depth=50&a.width=128&a.steps=200", "run A: this run is too large"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, query, message) -> None:
    for path in ("run", "data.csv"):
        response = client.get(f"/labs/gradient-flow/{path}?{query}")
        assert response.status_code == 400
        assert message in response.get_json()["error"]


def test_csv_download_holds_both_runs(client) -> None:
    response = client.get(f"/labs/gradient-flow/data.csv?{FEW_STEPS}&b.depth=4")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sum(row["run"] == "a" for row in rows) == 5 * 20
    assert sum(row["run"] == "b" for row in rows) == 5 * 4
    json_runs = client.get(f"/labs/gradient-flow/run?{FEW_STEPS}&b.depth=4").get_json()["runs"]
    assert float(rows[0]["layer_grad_norm"]) == json_runs[0]["layer_grad_norms"][0][0]


def test_repeated_settings_come_from_the_cache(client, lab_app) -> None:
    first = client.get(f"/labs/gradient-flow/run?{FEW_STEPS}&a.seed=7").get_json()
    runner = lab_runner(lab_app)
    limit, runner.timeout = runner.timeout, 0.0  # from now on, any computed run would fail
    try:
        assert client.get(f"/labs/gradient-flow/run?{FEW_STEPS}&a.seed=7").get_json() == first
        assert client.get(f"/labs/gradient-flow/run?{FEW_STEPS}&a.seed=8").status_code == 503
    finally:
        runner.timeout = limit


def test_a_busy_lab_answers_503(client, lab_app, monkeypatch) -> None:
    monkeypatch.setitem(lab_app.extensions, EXTENSION_KEY, LabRunner(max_pending=0))
    response = client.get(f"/labs/gradient-flow/run?{FEW_STEPS}")
    assert response.status_code == 503
    assert "busy" in response.get_json()["error"]
    assert response.headers["Retry-After"]


def test_a_run_over_the_time_limit_is_stopped_and_the_lab_recovers(
    client, lab_app, monkeypatch
) -> None:
    runner = LabRunner(timeout=0.0)
    monkeypatch.setitem(lab_app.extensions, EXTENSION_KEY, runner)
    try:
        response = client.get("/labs/gradient-flow/run?a.depth=50&a.width=64&a.steps=20&b.steps=5")
        assert response.status_code == 503
        assert "longer than 0 s" in response.get_json()["error"]
        runner.timeout = 30.0
        assert client.get(f"/labs/gradient-flow/run?{FEW_STEPS}").status_code == 200
    finally:
        runner.shutdown()
