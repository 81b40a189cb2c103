"""Train a network on its task with full-batch gradient descent, recording gradient flow.

At every step the loss and every layer's gradient norm are recorded *before* the update, so
step 0 shows the network exactly as initialized.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from threadpoolctl import threadpool_limits

from tutor.labs.network import Array, Network, backward, build_network, forward
from tutor.labs.result import LabResult
from tutor.labs.settings import LabSettings
from tutor.labs.tasks import INPUT_DIM, OUTPUT_DIM, make_task


@functools.lru_cache(maxsize=256)
def run_lab(settings: LabSettings) -> LabResult:
    """Run the experiment described by ``settings``; cached, since runs are deterministic."""
    return train(settings)


def train(settings: LabSettings) -> LabResult:
    """Uncached run on one BLAS thread.

    The matrices are small (at most 256 x 128), where BLAS threads only add overhead; on a
    busy two-core machine their spin-waiting made the benchmark run 1.4 s instead of 0.17 s.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return _train(settings)


def _train(settings: LabSettings) -> LabResult:
    """The seed feeds independent streams for the data and the weights."""
    data_seed, init_seed = np.random.SeedSequence(settings.seed).spawn(2)
    task = make_task(settings.task, settings.samples, np.random.default_rng(data_seed))
    dims = [INPUT_DIM] + [settings.width] * (settings.depth - 1) + [OUTPUT_DIM]
    net = build_network(
        dims,
        settings.activation,
        settings.init,
        settings.residual,
        np.random.default_rng(init_seed),
    )
    initial = [layer.weight.copy() for layer in net.layers]
    losses: list[float] = []
    layer_norms: list[list[float]] = []
    global_norms: list[float] = []
    applied_norms: list[float] = []
    diverged_at = None
    # Overflow is expected with some settings (that is the lesson); it is detected below.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in range(settings.steps):
            fp = forward(net, task.inputs)
            loss, grad_output = task.loss(fp.output, task.targets)
            grads = backward(net, fp, grad_output)
            norms = [layer_norm(dw, db) for dw, db in grads]
            total = math.sqrt(sum(n * n for n in norms))
            if not (np.isfinite(loss) and np.isfinite(total)):
                diverged_at = step
                break
            factor = clip_factor(total, settings.clip_norm)
            apply_update(net, grads, settings.learning_rate * factor)
            losses.append(loss)
            layer_norms.append(norms)
            global_norms.append(total)
            applied_norms.append(total * factor)
    change = [relative_change(before, layer.weight) for before, layer in zip(initial, net.layers)]
    return LabResult(
        settings=settings,
        loss=tuple(losses),
        layer_grad_norms=tuple(tuple(row) for row in layer_norms),
        global_grad_norm=tuple(global_norms),
        applied_grad_norm=tuple(applied_norms),
        relative_weight_change=tuple(change),
        diverged_at_step=diverged_at,
    )


def layer_norm(dw: Array, db: Array) -> float:
    """Euclidean norm of a layer's weight and bias gradient together.

    ``np.vdot`` of a contiguous array with itself is one BLAS dot product, without the
    temporary that ``np.sum(dw * dw)`` allocates for every layer at every step.
    """
    return math.sqrt(float(np.vdot(dw, dw)) + float(np.vdot(db, db)))


def clip_factor(global_norm: float, clip_norm: float | None) -> float:
    """Scale that brings the global gradient norm down to ``clip_norm`` (1.0 if already below)."""
    if clip_norm is None or global_norm <= clip_norm:
        return 1.0
    return clip_norm / global_norm


def apply_update(net: Network, grads: list[tuple[Array, Array]], step_size: float) -> None:
    """One gradient-descent step. Scales the gradients in place (they are not needed after),
    which saves allocating a weight-sized temporary for every layer at every step."""
    for layer, (dw, db) in zip(net.layers, grads):
        dw *= step_size
        db *= step_size
        layer.weight -= dw
        layer.bias -= db


def relative_change(before: Array, after: Array) -> float:
    """How far a layer's weights moved during training, relative to where they started."""
    start = float(np.linalg.norm(before))
    moved = float(np.linalg.norm(after - before))
    if not np.isfinite(moved):
        return float("inf")
    return moved / start if start > 0 else moved
