"""A plain numpy multilayer perceptron with exact (hand-written) backpropagation.

Layer ``i`` maps ``dims[i] -> dims[i + 1]``. Hidden layers apply the activation; the output
layer is linear. With ``residual`` on, every hidden layer whose input and output widths agree
adds its input back: ``h_next = h + branch_scale * act(h @ W + b)``. The branch is scaled by
``1 / sqrt(number of residual blocks)`` because, without normalization layers, unscaled
branches double the activation variance at every block and a 50-block ReLU stack overflows;
the scale keeps the total variance bounded (about e-fold) while leaving the identity path, the
thing that carries gradients to early layers, untouched.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def sigmoid(z: Array) -> Array:
    """Logistic function without overflow: exp is only taken of non-positive numbers.

    ``1 / (1 + e)`` for z >= 0 and ``e / (1 + e)`` below, with e = exp(-|z|), computed as one
    division; the exact form (not ``0.5 + 0.5 tanh(z / 2)``) keeps tiny outputs of saturated
    units accurate, and those are what the lab is about.
    """
    e = np.exp(-np.abs(z))
    numerator = np.where(z >= 0, 1.0, e)
    e += 1.0
    return np.divide(numerator, e, out=numerator)


@dataclass(frozen=True)
class Activation:
    name: str
    apply: Callable[[Array], Array]
    # Derivative expressed through the pre-activation z and the output a = apply(z).
    derivative: Callable[[Array, Array], Array]


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, lambda z, a: a * (1.0 - a)),
    "tanh": Activation("tanh", np.tanh, lambda z, a: 1.0 - a * a),
    "relu": Activation("relu", lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(z.dtype)),
}


def init_std(init: str, fan_in: int, fan_out: int) -> float:
    """Standard deviation of the weights of one layer under an initialization scheme."""
    if init == "normal":
        return 1.0
    if init == "small":
        return 0.01
    if init == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if init == "he":
        return float(np.sqrt(2.0 / fan_in))
    raise ValueError(f"unknown initialization {init!r}")


@dataclass
class Layer:
    weight: Array
    bias: Array


@dataclass
class Network:
    layers: list[Layer]
    activation: Activation
    branch_scales: list[float]  # per hidden layer; 0.0 means "no skip connection here"

    @property
    def depth(self) -> int:
        return len(self.layers)


@dataclass
class ForwardPass:
    inputs: list[Array]  # the input to every layer
    pre: list[Array]  # pre-activations z of every hidden layer
    post: list[Array]  # activation outputs act(z) of every hidden layer
    output: Array


def build_network(
    dims: list[int], activation: str, init: str, residual: bool, rng: np.random.Generator
) -> Network:
    layers = [
        Layer(
            rng.standard_normal((fan_in, fan_out)) * init_std(init, fan_in, fan_out),
            np.zeros(fan_out),
        )
        for fan_in, fan_out in itertools.pairwise(dims)
    ]
    hidden = range(len(layers) - 1)
    is_block = [residual and dims[i] == dims[i + 1] for i in hidden]
    blocks = sum(is_block)
    scales = [1.0 / np.sqrt(blocks) if block else 0.0 for block in is_block]
    return Network(layers, ACTIVATIONS[activation], scales)


def forward(net: Network, x: Array) -> ForwardPass:
    inputs, pre, post = [], [], []
    h = x
    for i, layer in enumerate(net.layers[:-1]):
        inputs.append(h)
        z = h @ layer.weight + layer.bias
        a = net.activation.apply(z)
        pre.append(z)
        post.append(a)
        scale = net.branch_scales[i]
        h = h + scale * a if scale else a
    inputs.append(h)
    last = net.layers[-1]
    return ForwardPass(inputs, pre, post, h @ last.weight + last.bias)


def backward(net: Network, fp: ForwardPass, grad_output: Array) -> list[tuple[Array, Array]]:
    """Gradients (dW, db) of every layer, given dLoss/dOutput; first layer first."""
    grads: list[tuple[Array, Array]] = [None] * net.depth  # type: ignore[list-item]
    last = net.layers[-1]
    grads[-1] = (fp.inputs[-1].T @ grad_output, grad_output.sum(axis=0))
    grad_h = grad_output @ last.weight.T
    for i in range(net.depth - 2, -1, -1):
        scale = net.branch_scales[i]
        grad_z = grad_h * (scale or 1.0) * net.activation.derivative(fp.pre[i], fp.post[i])
        grads[i] = (fp.inputs[i].T @ grad_z, grad_z.sum(axis=0))
        through_layer = grad_z @ net.layers[i].weight.T
        grad_h = grad_h + through_layer if scale else through_layer
    return grads
