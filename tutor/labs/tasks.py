"""Small seeded tasks and their losses: two interleaved spirals, and a smooth 2-D regression.

Each task gives inputs of shape (n, 2), targets of shape (n, 1), and a loss that returns both
its value and its gradient with respect to the network output, so training needs no autodiff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tutor.labs.network import Array

INPUT_DIM = 2
OUTPUT_DIM = 1


@dataclass(frozen=True)
class Task:
    inputs: Array
    targets: Array
    loss: Callable[[Array, Array], tuple[float, Array]]


def two_spirals(samples: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaved spirals with labels 0 and 1, radius within about 1, slight noise."""
    labels = np.arange(samples) % 2
    t = np.sqrt(rng.uniform(0.05, 1.0, samples))
    angle = 3.0 * np.pi * t + np.pi * labels
    points = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
    points += 0.03 * rng.standard_normal(points.shape)
    return points, labels.astype(np.float64).reshape(-1, 1)


def smooth_regression(samples: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Points in the square [-1, 1]^2 with target sin(pi x) cos(pi y / 2) plus slight noise."""
    points = rng.uniform(-1.0, 1.0, (samples, INPUT_DIM))
    target = np.sin(np.pi * points[:, 0]) * np.cos(0.5 * np.pi * points[:, 1])
    target += 0.02 * rng.standard_normal(samples)
    return points, target.reshape(-1, 1)


def logistic_loss(logits: Array, labels: Array) -> tuple[float, Array]:
    """Mean binary cross-entropy on logits, computed stably; gradient is (p - y) / n."""
    n = logits.shape[0]
    softplus = np.logaddexp(0.0, logits)
    value = float(np.mean(softplus - labels * logits))
    prob = np.exp(logits - softplus)  # sigmoid(logits), without overflow
    return value, (prob - labels) / n


def squared_loss(output: Array, target: Array) -> tuple[float, Array]:
    """Half the mean squared error; gradient is (output - target) / n."""
    n = output.shape[0]
    diff = output - target
    return float(0.5 * np.mean(diff * diff)), diff / n


def standardize(points: Array) -> Array:
    """Zero mean and unit variance per input, as one would prepare data for any network."""
    return (points - points.mean(axis=0)) / points.std(axis=0)


def make_task(name: str, samples: int, rng: np.random.Generator) -> Task:
    if name == "spirals":
        points, labels = two_spirals(samples, rng)
        return Task(standardize(points), labels, logistic_loss)
    if name == "regression":
        points, target = smooth_regression(samples, rng)
        return Task(standardize(points), target, squared_loss)
    raise ValueError(f"unknown task {name!r}")
