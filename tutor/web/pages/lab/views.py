"""URL rules of the gradient-flow lab: two runs as JSON, the same runs as CSV.

Query parameters name a run and a setting, ``a.depth=30&b.activation=tanh``; settings left out
take the run's default (run A: sigmoid with Xavier initialization, run B: ReLU with He), so
the page starts with the seed topic's comparison. Runs are deterministic, so GET is honest and
the answers are cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState

from tutor.labs import LabResult, LabSettings, results_to_csv
from tutor.labs import settings as caps
from tutor.web.pages.lab.runner import LabRunner, LabUnavailable

bp = Blueprint("lab", __name__, url_prefix="/labs/gradient-flow")

DEFAULT_RUNS: dict[str, LabSettings] = {
    "a": LabSettings(activation="sigmoid", init="xavier"),
    "b": LabSettings(activation="relu", init="he"),
}
EXTENSION_KEY = "gradient_flow_lab"


@dataclass(frozen=True)
class PanelOptions:
    """What the panel template needs: URLs are built there; defaults, choices and caps here."""

    defaults: Mapping[str, LabSettings]
    activations: tuple[str, ...] = caps.ACTIVATION_NAMES
    inits: tuple[str, ...] = caps.INIT_NAMES
    tasks: tuple[str, ...] = caps.TASK_NAMES
    depth: tuple[int, int] = (caps.MIN_DEPTH, caps.MAX_DEPTH)
    width: tuple[int, int] = (caps.MIN_WIDTH, caps.MAX_WIDTH)
    steps: tuple[int, int] = (caps.MIN_STEPS, caps.MAX_STEPS)
    samples: tuple[int, int] = (caps.MIN_SAMPLES, caps.MAX_SAMPLES)
    max_learning_rate: float = caps.MAX_LEARNING_RATE
    init_titles: Mapping[str, str] = field(
        default_factory=lambda: {
            "normal": "standard normal",
            "small": "small (std 0.01)",
            "xavier": "Xavier (Glorot)",
            "he": "He (Kaiming)",
        }
    )
    task_titles: Mapping[str, str] = field(
        default_factory=lambda: {
            "spirals": "two spirals",
            "regression": "smooth regression",
        }
    )


@bp.record_once
def _start_runner(state: BlueprintSetupState) -> None:
    config = state.app.config
    state.app.extensions[EXTENSION_KEY] = LabRunner(
        workers=config.get("LAB_WORKERS", 2),
        timeout=config.get("LAB_TIMEOUT_SECONDS", 10.0),
        max_pending=config.get("LAB_MAX_PENDING", 4),
    )


PANEL_OPTIONS = PanelOptions(defaults=DEFAULT_RUNS)


@bp.app_context_processor
def _panel_options() -> dict[str, PanelOptions]:
    return {"gradient_flow_lab": PANEL_OPTIONS}


class LabRequestFailed(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@bp.errorhandler(LabRequestFailed)
def _failed(error: LabRequestFailed) -> tuple[Response, int]:
    response = jsonify(error=error.message)
    if error.status == 503:
        response.headers["Retry-After"] = "2"
    return response, error.status


def runner() -> LabRunner:
    return current_app.extensions[EXTENSION_KEY]


def settings_from_query(args: Mapping[str, str]) -> dict[str, LabSettings]:
    """Both runs' settings from ``run.setting`` parameters; a clear ValueError on bad input."""
    per_run: dict[str, dict[str, str]] = {label: {} for label in DEFAULT_RUNS}
    for key, value in args.items():
        label, _, name = key.partition(".")
        if label not in per_run or not name:
            raise ValueError(f"unknown parameter {key!r}: use a.<setting> or b.<setting>")
        per_run[label][name] = value
    settings = {}
    for label, params in per_run.items():
        try:
            settings[label] = LabSettings.from_params(params, base=DEFAULT_RUNS[label])
        except ValueError as error:
            raise ValueError(f"run {label.upper()}: {error}") from None
    return settings


def requested_runs() -> dict[str, LabResult]:
    """The runs the query asks for, by label; 400 on bad input, 503 when the lab cannot run."""
    try:
        settings = settings_from_query(request.args)
    except ValueError as error:
        raise LabRequestFailed(400, str(error)) from None
    try:
        results = runner().run_many(list(settings.values()))
    except LabUnavailable as error:
        raise LabRequestFailed(503, str(error)) from None
    return dict(zip(settings, results))


@bp.get("/run")
def run_json() -> Response:
    runs = [{"label": label, **result.to_dict()} for label, result in requested_runs().items()]
    return jsonify(runs=runs)


@bp.get("/data.csv")
def run_csv() -> Response:
    return Response(
        results_to_csv(requested_runs()),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=gradient-flow.csv"},
    )
