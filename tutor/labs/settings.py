"""The settings of one gradient-flow run: a frozen, validated, hashable value.

Frozen and hashable so that a run can be cached on its settings; validated on construction so
that a bad value fails with a clear message before any work is done. The caps keep the largest
run, and a bound on their product (the work), small enough to finish in about a second on one
core.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

ACTIVATION_NAMES: tuple[str, ...] = ("sigmoid", "tanh", "relu")
INIT_NAMES: tuple[str, ...] = ("normal", "small", "xavier", "he")
TASK_NAMES: tuple[str, ...] = ("spirals", "regression")

MIN_DEPTH, MAX_DEPTH = 2, 50
MIN_WIDTH, MAX_WIDTH = 2, 128
MIN_STEPS, MAX_STEPS = 1, 200
MIN_SAMPLES, MAX_SAMPLES = 8, 256
MAX_LEARNING_RATE = 10.0
MAX_CLIP_NORM = 1e6
MAX_SEED = 2**32 - 1
# Work of a run, counted as steps * samples * depth * width^2 (the matrix products dominate).
# The bound is four times the benchmark run (depth 50, width 64, 20 steps, 128 samples), which
# takes about 0.15 s on one core here, so every allowed run stays well under a second or two.
MAX_WORK = 4 * 20 * 128 * 50 * 64 * 64


@dataclass(frozen=True)
class LabSettings:
    """Everything that determines a run; identical settings give identical numbers.

    ``depth`` counts weight layers (input projection, hidden layers, output layer), so a depth-2
    network has one hidden layer. ``init`` is one of ``normal`` (standard normal), ``small``
    (normal with standard deviation 0.01), ``xavier`` (Glorot normal) or ``he`` (Kaiming normal).
    ``clip_norm`` caps the global gradient norm before each update; ``None`` means no clipping.
    """

    depth: int = 20
    width: int = 32
    activation: str = "sigmoid"
    init: str = "normal"
    residual: bool = False
    clip_norm: float | None = None
    steps: int = 100
    learning_rate: float = 0.1
    task: str = "spirals"
    samples: int = 128
    seed: int = 0

    def __post_init__(self) -> None:
        _check_int("depth", self.depth, MIN_DEPTH, MAX_DEPTH)
        _check_int("width", self.width, MIN_WIDTH, MAX_WIDTH)
        _check_int("steps", self.steps, MIN_STEPS, MAX_STEPS)
        _check_int("samples", self.samples, MIN_SAMPLES, MAX_SAMPLES)
        _check_int("seed", self.seed, 0, MAX_SEED)
        _check_choice("activation", self.activation, ACTIVATION_NAMES)
        _check_choice("init", self.init, INIT_NAMES)
        _check_choice("task", self.task, TASK_NAMES)
        if not isinstance(self.residual, bool):
            raise ValueError(f"residual must be true or false, got {self.residual!r}")
        _check_positive_float("learning_rate", self.learning_rate, MAX_LEARNING_RATE)
        if self.clip_norm is not None:
            _check_positive_float("clip_norm", self.clip_norm, MAX_CLIP_NORM)
        if self.work > MAX_WORK:
            raise ValueError(
                f"this run is too large: steps x samples x depth x width^2 = {self.work:,} exceeds"
                f" {MAX_WORK:,}; reduce steps, samples, depth or width"
            )

    @property
    def work(self) -> int:
        """Size of the run in multiply-adds per sample pass, up to a constant factor."""
        return self.steps * self.samples * self.depth * self.width * self.width

    @classmethod
    def from_params(cls, params: Mapping[str, Any], base: LabSettings | None = None) -> LabSettings:
        """Build settings from loosely typed input (query strings or JSON), over ``base``.

        Text is converted by field type, never evaluated. Unknown names are an error, so a typo
        is reported rather than silently ignored.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(params) - known)
        if unknown:
            raise ValueError(
                f"unknown setting(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        values = {name: getattr(base or cls(), name) for name in known}
        for name, raw in params.items():
            values[name] = _PARSERS[name](name, raw)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")


def _check_positive_float(name: str, value: object, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not (math.isfinite(value) and 0 < value <= high):
        raise ValueError(f"{name} must be greater than 0 and at most {high:g}, got {value}")


def _parse_int(name: str, raw: Any) -> Any:
    if isinstance(raw, str):
        text = raw.strip()
        if not text.lstrip("-").isdigit() or len(text) > 12:
            raise ValueError(f"{name} must be a whole number, got {raw!r}")
        return int(text)
    return raw


def _parse_float(name: str, raw: Any) -> Any:
    if isinstance(raw, str):
        try:
            return float(raw.strip()) if len(raw) <= 32 else raw
        except ValueError:
            raise ValueError(f"{name} must be a number, got {raw!r}") from None
    return raw


def _parse_optional_float(name: str, raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "none", "off")):
        return None
    return _parse_float(name, raw)


def _parse_bool(name: str, raw: Any) -> Any:
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in ("1", "true", "on", "yes"):
            return True
        if text in ("0", "false", "off", "no", ""):
            return False
        raise ValueError(f"{name} must be true or false, got {raw!r}")
    return raw


def _parse_str(name: str, raw: Any) -> Any:
    return raw.strip().lower() if isinstance(raw, str) else raw


_PARSERS = {
    "depth": _parse_int,
    "width": _parse_int,
    "steps": _parse_int,
    "samples": _parse_int,
    "seed": _parse_int,
    "activation": _parse_str,
    "init": _parse_str,
    "task": _parse_str,
    "residual": _parse_bool,
    "learning_rate": _parse_float,
    "clip_norm": _parse_optional_float,
}
