"""Settings validate on construction and parse loosely typed input without evaluating it."""

from __future__ import annotations

import pytest

from tutor.labs import LabSettings
from tutor.labs.settings import MAX_WORK


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("depth", 1, "depth must be between 2 and 50"),
        ("depth", 51, "depth must be between 2 and 50"),
        ("depth", 3.0, "depth must be a whole number"),
        ("depth", True, "depth must be a whole number"),
        ("width", 129, "width must be between 2 and 128"),
        ("steps", 0, "steps must be between 1 and 200"),
        ("steps", 201, "steps must be between 1 and 200"),
        ("samples", 1000, "samples must be between 8 and 256"),
        ("seed", -1, "seed must be between 0"),
        ("activation", "softplus", "activation must be one of sigmoid, tanh, relu"),
        ("init", "orthogonal", "init must be one of normal, small, xavier, he"),
        ("task", "mnist", "task must be one of spirals, regression"),
        ("residual", "yes", "residual must be true or false"),
        ("learning_rate", 0.0, "learning_rate must be greater than 0"),
        ("learning_rate", float("nan"), "learning_rate must be greater than 0"),
        ("learning_rate", 11.0, "at most 10"),
        ("clip_norm", -1.0, "clip_norm must be greater than 0"),
        ("clip_norm", float("inf"), "clip_norm must be greater than 0"),
    ],
)
def test_out_of_range_settings_are_rejected_with_a_clear_message(field, value, message):
    with pytest.raises(ValueError, match=message):
        LabSettings(**{field: value})


def test_settings_are_frozen_and_hashable():
    settings = LabSettings()
    with pytest.raises(AttributeError):
        settings.depth = 3  # type: ignore[misc]
    assert hash(settings) == hash(LabSettings())


def test_from_params_parses_text_fields():
    settings = LabSettings.from_params(
        {
            "depth": "30",
            "width": " 16 ",
            "activation": "ReLU",
            "residual": "on",
            "clip_norm": "2.5",
            "learning_rate": "0.05",
            "seed": "9",
        }
    )
    assert settings == LabSettings(
        depth=30,
        width=16,
        activation="relu",
        residual=True,
        clip_norm=2.5,
        learning_rate=0.05,
        seed=9,
    )


def test_from_params_accepts_json_values_and_a_base():
    base = LabSettings(activation="relu", init="he")
    settings = LabSettings.from_params(
        {"depth": 12, "residual": True, "clip_norm": None}, base=base
    )
    assert settings == LabSettings(depth=12, activation="relu", init="he", residual=True)


@pytest.mark.parametrize("text", ["", "none", "off"])
def test_empty_clip_means_no_clipping(text):
    assert LabSettings.from_params({"clip_norm": text}).clip_norm is None


@pytest.mark.parametrize(
    "params, message",
    [
        ({"depht": "3"}, "unknown setting"),
        ({"depth": "2+3"}, "depth must be a whole number"),
        ({"depth": "__import__('os')"}, "depth must be a whole number"),
        ({"depth": "9" * 40}, "depth must be a whole number"),
        ({"learning_rate": "fast"}, "learning_rate must be a number"),
        ({"learning_rate": "1e400"}, "learning_rate must be greater than 0"),
        ({"residual": "maybe"}, "residual must be true or false"),
        ({"width": "500"}, "width must be between 2 and 128"),
    ],
)
def test_from_params_rejects_bad_text(params, message):
    with pytest.raises(ValueError, match=message):
        LabSettings.from_params(params)


def test_the_largest_runs_within_the_caps_are_allowed():
    assert LabSettings(depth=50, width=128, steps=20, samples=128).work == MAX_WORK
    LabSettings(depth=50, width=32, steps=200, samples=128)


def test_a_run_over_the_work_budget_is_rejected():
    with pytest.raises(ValueError, match="this run is too large"):
        LabSettings(depth=50, width=128, steps=200, samples=256)
