"""The fast path's proofs of difference in double precision, with bounds on rounding errors."""

from __future__ import annotations

import math

from tutor.checking.pointwise import float_points
from tutor.checking.quick_trees import STATEMENTS, Undefined

EPS = 2.0**-52
MAX_ARGUMENT = 1e3  # sin(10^6 x) loses its digits in double precision


def float_value(node: tuple, point: dict[str, float]) -> tuple[float, float]:
    """(value, bound on its rounding error), to first order; Undefined outside the reals."""
    kind = node[0]
    if kind == "n":
        value = float(node[1])
        return value, abs(value) * EPS
    if kind == "s":
        return point[node[1]], 0.0
    if kind == "c":
        return node[1], node[1] * EPS
    if kind == "+":
        value, error = 0.0, 0.0
        for n in node[1]:
            v, e = float_value(n, point)
            value += v
            error += e + abs(value) * EPS
        return value, error
    if kind == "*":
        value, error = 1.0, 0.0
        for n in node[1]:
            v, e = float_value(n, point)
            error = abs(value) * e + abs(v) * error + error * e
            value *= v
            error += abs(value) * EPS
        return value, error
    if kind == "^":
        v, e = float_value(node[1], point)
        k = node[2]
        if abs(v) <= 4 * e or e * abs(k) > 1e-3 * abs(v):
            raise Undefined  # too close to zero to tell the sign or the size
        value = v**k
        return value, abs(value) * (1.01 * abs(k) * e / abs(v) + (abs(k) + 1) * EPS)
    return _function(node[1], *float_value(node[2], point))


def _function(name: str, v: float, e: float) -> tuple[float, float]:
    if abs(v) > MAX_ARGUMENT or e > 1e-6:
        raise Undefined
    if name == "abs":
        return abs(v), e
    if name == "sqrt":
        if v <= 4 * e:
            raise Undefined  # negative, or too near 0 to say
        value = math.sqrt(v)
        return value, e / value + value * EPS
    if name == "log":
        if v <= 4 * e:
            raise Undefined
        value = math.log(v)
        return value, 1.01 * e / v + abs(value) * EPS
    if name == "exp":
        value = math.exp(v)
        return value, value * (1.01 * e + 2 * EPS)
    if name == "tan":
        value = math.tan(v)
        if abs(value) > 1e4:
            raise Undefined  # near a pole
        return value, (1 + value * value) * 1.01 * e + 2 * EPS * (1 + abs(value))
    if name in ("sin", "cos"):
        value = math.sin(v) if name == "sin" else math.cos(v)
        return value, e + 2 * EPS
    if name in ("asin", "acos"):
        if abs(v) + 4 * e > 1 - 1e-3:
            raise Undefined  # outside [-1, 1], or too near its ends to bound the slope
        value = math.asin(v) if name == "asin" else math.acos(v)
        return value, 1.01 * e / math.sqrt(1 - (abs(v) + e) ** 2) + 2 * EPS * (1 + abs(value))
    if name in ("atan", "tanh"):
        value = math.atan(v) if name == "atan" else math.tanh(v)
        return value, 1.01 * e + 2 * EPS * (1 + abs(value))
    value = math.sinh(v) if name == "sinh" else math.cosh(v)  # slope at most cosh(|v| + e)
    return value, 1.01 * e * math.cosh(abs(v) + e) + 2 * EPS * (1 + abs(value))


def differ_at(a: tuple, b: tuple, names: list[str]) -> bool:
    """A sample point where both are real and provably different (the full check's points)."""
    for point in float_points(names):
        try:
            (va, ea), (vb, eb) = float_value(a, point), float_value(b, point)
        except (Undefined, ZeroDivisionError, OverflowError, ValueError):
            continue
        if not (math.isfinite(va) and math.isfinite(vb) and math.isfinite(ea + eb)):
            continue
        if abs(va - vb) > 16 * (ea + eb) + 1e-9 * max(abs(va), abs(vb)):
            return True
    return False


def defined_somewhere(
    node: tuple, names: list[str], points: list[dict[str, float]] | None = None
) -> bool:
    """A finite real value at one of the sample points (`points`: float_points(names), when the
    caller has them already): then no part of it is undefined as written (log(0), 1/(x - x)),
    which the full parser would refuse."""
    if node[0] in STATEMENTS:
        return False  # statements are compared by same_relation
    for point in float_points(names) if points is None else points:
        try:
            value, error = float_value(node, point)
        except (Undefined, ZeroDivisionError, OverflowError, ValueError):
            continue
        if math.isfinite(value) and math.isfinite(error):
            return True
    return False
