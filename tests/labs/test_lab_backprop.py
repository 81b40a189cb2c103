"""Hand-written backpropagation agrees with central finite differences of the loss."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs.network import Network, backward, build_network, forward
from tutor.labs.tasks import INPUT_DIM, OUTPUT_DIM, Task, make_task

EPSILON = 1e-6


def loss_of(net: Network, task: Task) -> float:
    return task.loss(forward(net, task.inputs).output, task.targets)[0]


def numeric_gradient(net: Network, task: Task, param: np.ndarray) -> np.ndarray:
    grad = np.zeros_like(param)
    for index in np.ndindex(param.shape):
        saved = param[index]
        param[index] = saved + EPSILON
        plus = loss_of(net, task)
        param[index] = saved - EPSILON
        minus = loss_of(net, task)
        param[index] = saved
        grad[index] = (plus - minus) / (2 * EPSILON)
    return grad


def small_problem(activation: str, init: str, residual: bool, task_name: str, depth: int):
    rng = np.random.default_rng(7)
    task = make_task(task_name, 10, rng)
    dims = [INPUT_DIM] + [5] * (depth - 1) + [OUTPUT_DIM]
    net = build_network(dims, activation, init, residual, rng)
    for layer in net.layers:  # non-zero biases, so their gradients are tested too
        layer.bias[:] = 0.1 * rng.standard_normal(layer.bias.shape)
    return net, task


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("task_name", ["spirals", "regression"])
@pytest.mark.parametrize("depth", [2, 4])
def test_backprop_matches_finite_differences(activation, residual, task_name, depth):
    net, task = small_problem(activation, "xavier", residual, task_name, depth)
    fp = forward(net, task.inputs)
    _, grad_output = task.loss(fp.output, task.targets)
    analytic = backward(net, fp, grad_output)
    for layer, (dw, db) in zip(net.layers, analytic):
        np.testing.assert_allclose(
            dw, numeric_gradient(net, task, layer.weight), rtol=1e-5, atol=1e-8
        )
        np.testing.assert_allclose(
            db, numeric_gradient(net, task, layer.bias), rtol=1e-5, atol=1e-8
        )


def test_residual_network_has_skip_connections_on_hidden_layers_only():
    net, _ = small_problem("relu", "he", True, "spirals", 5)
    # Layer 0 changes width (2 -> 5): no skip; the three 5 -> 5 hidden layers are blocks.
    assert net.branch_scales == [0.0] + [pytest.approx(1 / np.sqrt(3))] * 3
