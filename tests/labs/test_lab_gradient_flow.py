"""The lab reproduces the seed page's claims, clips as promised, and is deterministic."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tutor.labs import LabSettings, run_lab, train
from tutor.labs.training import clip_factor

SEEDS = range(5)


@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_with_standard_normal_init_vanishes_at_depth_20(seed):
    result = train(
        LabSettings(depth=20, width=32, activation="sigmoid", init="normal", steps=1, seed=seed)
    )
    # More than two orders of magnitude between the first and the last layer.
    assert result.first_to_last_ratio() < 1e-2
    norms = result.layer_grad_norms[0]
    assert norms[0] == min(norms)


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_with_he_init_and_skips_does_not_vanish_at_depth_20(seed):
    settings = LabSettings(
        depth=20, width=32, activation="relu", init="he", residual=True, steps=1, seed=seed
    )
    result = train(settings)
    assert result.first_to_last_ratio() > 1e-2
    norms = result.layer_grad_norms[0]
    assert norms[0] > 0.1 * np.median(norms)


def test_sigmoid_early_layers_barely_move_while_relu_early_layers_do():
    common = {"depth": 20, "width": 32, "steps": 50, "learning_rate": 0.1}
    sigmoid = run_lab(LabSettings(activation="sigmoid", init="xavier", **common))
    relu = run_lab(LabSettings(activation="relu", init="he", residual=True, **common))
    assert sigmoid.relative_weight_change[0] < 1e-6
    assert relu.relative_weight_change[0] > 1e-3


@pytest.mark.parametrize("clip", [0.5, 1.0, 5.0])
def test_clipping_caps_the_global_norm(clip):
    settings = LabSettings(
        depth=20, width=32, activation="relu", init="normal", clip_norm=clip, steps=30
    )
    result = train(settings)
    assert result.diverged_at_step is None
    assert max(result.global_grad_norm) > clip  # clipping had something to do
    assert max(result.applied_grad_norm) <= clip * (1 + 1e-12)


def test_without_clipping_the_same_network_diverges_and_says_so():
    result = train(LabSettings(depth=20, width=32, activation="relu", init="normal", steps=30))
    assert result.diverged_at_step is not None
    assert result.steps_run == result.diverged_at_step < 30
    json.loads(result.to_json())  # still strict JSON


def test_a_clip_above_every_norm_changes_nothing():
    base = LabSettings(depth=6, width=8, activation="tanh", init="xavier", steps=10)
    loose = LabSettings(**{**base.to_dict(), "clip_norm": 1e6})
    assert train(base).loss == train(loose).loss


@pytest.mark.parametrize(
    "norm, clip, expected", [(10.0, 2.0, 0.2), (1.0, 2.0, 1.0), (3.0, None, 1.0)]
)
def test_clip_factor(norm, clip, expected):
    assert clip_factor(norm, clip) == pytest.approx(expected)


def test_identical_settings_give_identical_numbers():
    settings = LabSettings(depth=8, width=16, activation="tanh", init="he", steps=15, seed=3)
    first, second = train(settings), train(LabSettings(**settings.to_dict()))
    assert first == second
    assert first.to_json() == second.to_json()


def test_different_seeds_give_different_numbers():
    a = train(LabSettings(depth=4, width=8, steps=3, seed=1))
    b = train(LabSettings(depth=4, width=8, steps=3, seed=2))
    assert a.loss != b.loss


def test_runs_are_cached_on_their_settings():
    settings = LabSettings(depth=5, width=8, steps=4, seed=11)
    assert run_lab(settings) is run_lab(LabSettings(depth=5, width=8, steps=4, seed=11))


@pytest.mark.parametrize("task, learning_rate", [("spirals", 0.5), ("regression", 0.1)])
def test_both_tasks_train(task, learning_rate):
    result = train(
        LabSettings(
            depth=4,
            width=32,
            activation="tanh",
            init="xavier",
            steps=200,
            learning_rate=learning_rate,
            task=task,
        )
    )
    assert result.loss[-1] < 0.9 * result.loss[0]
