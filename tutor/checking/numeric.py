"""Evaluate SymPy expressions at points without SymPy's slow machinery.

Three arithmetics: exact (Fractions; only rational operations, so a disagreement is a proof),
double complex (fast filter) and mpmath at 60 digits (confirmation). Expressions are compiled to
closures once and cached, then evaluated at many points.
"""

from __future__ import annotations

import math
import threading
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

import sympy

from tutor.checking.floating import (
    IMPRECISE,
    OUTSIDE,
    SCALE,
    Compiled,
    Point,
    Undefined,
    Unsupported,
    Value,
    compile_float,
    function_table,
    is_real,
    mp_context,
)

__all__ = [
    "IMPRECISE",
    "OUTSIDE",
    "SCALE",
    "Undefined",
    "Unsupported",
    "compile_complex",
    "compile_exact",
    "compile_mp",
    "is_real",
    "magnitude",
    "real_decimal",
    "run",
    "run_scaled",
    "to_mp",
]

_local = threading.local()
MAX_EXACT_POWER = 10000
MAX_EXACT_BITS = 400_000


# exact ---------------------------------------------------------------------------
def _exact_guard(value: Fraction) -> Fraction:
    if (
        value.numerator.bit_length() > MAX_EXACT_BITS
        or value.denominator.bit_length() > MAX_EXACT_BITS
    ):
        raise Unsupported("too large for exact evaluation")
    return value


def _compile_exact(expr: sympy.Basic) -> Compiled:
    if expr.is_Rational:
        value = Fraction(int(expr.p), int(expr.q))
        return lambda p: value
    if expr.is_Float:
        if not expr.is_finite:
            raise Unsupported("infinite float")
        value = Fraction(str(expr))
        return lambda p: value
    if expr.is_Symbol:
        name = expr.name
        return lambda p: p[name]
    if expr.is_Add or expr.is_Mul:
        parts = [_compile_exact(a) for a in expr.args]
        if expr.is_Add:
            return lambda p: _exact_guard(sum((f(p) for f in parts), Fraction(0)))

        def product(p: Point) -> Fraction:
            result = Fraction(1)
            for f in parts:
                result = _exact_guard(result * f(p))
            return result

        return product
    if isinstance(expr, sympy.Abs):
        inner = _compile_exact(expr.args[0])
        return lambda p: abs(inner(p))
    if expr.is_Pow and expr.exp.is_Integer and abs(expr.exp) <= MAX_EXACT_POWER:
        base, k = _compile_exact(expr.base), int(expr.exp)

        def power(p: Point) -> Fraction:
            b = base(p)
            if b == 0 and k < 0:
                raise Undefined("division by zero")
            # Bound the result before computing it: (x^999 + 2^200)^1000 would take minutes.
            bits = max(b.numerator.bit_length(), b.denominator.bit_length())
            if bits * abs(k) > MAX_EXACT_BITS:
                raise Unsupported("too large for exact evaluation")
            return _exact_guard(b**k)

        return power
    raise Unsupported(type(expr).__name__)


# compiled once, cached -----------------------------------------------------------
@lru_cache(maxsize=4096)
def compile_exact(expr: sympy.Basic) -> Compiled | None:
    try:
        return _compile_exact(expr)
    except Unsupported:
        return None


@lru_cache(maxsize=4096)
def compile_complex(expr: sympy.Basic) -> Compiled | None:
    try:
        return compile_float(expr, "complex", function_table("complex"))
    except (Unsupported, TypeError, ValueError, OverflowError):
        return None


def compile_mp(expr: sympy.Basic) -> Compiled | None:
    # Not cached across threads: closures capture the calling thread's mpmath context.
    cache = getattr(_local, "mp_cache", None)
    if cache is None:
        cache = _local.mp_cache = {}
    if expr not in cache:
        if len(cache) > 2048:
            cache.clear()
        try:
            cache[expr] = compile_float(expr, "mp", function_table("mp"))
        except (Unsupported, TypeError, ValueError, OverflowError):
            cache[expr] = None
    return cache[expr]


def run(compiled: Compiled, point: Point) -> Value:
    """Evaluate; raise Undefined when there is no finite value here."""
    point.setdefault(SCALE, 0)
    try:
        value = compiled(point)
    except (ZeroDivisionError, OverflowError, ValueError, Undefined):
        raise Undefined("no value") from None
    except (TypeError, Unsupported):
        raise Undefined("cannot evaluate") from None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, complex):
        if not (math.isfinite(value.real) and math.isfinite(value.imag)):
            raise Undefined("not finite")
        return value
    mp = mp_context()
    if not mp.isfinite(value):
        raise Undefined("not finite")
    return value


def run_scaled(compiled: Compiled, point: Point) -> tuple[object, object, object]:
    """Evaluate, and also give the largest term met in any sum (the scale of rounding error, in
    the arithmetic's own numbers so that it cannot overflow) and a flag: IMPRECISE when a sum lost
    a term to rounding (nothing can be told here), True when the point lies outside the
    expression's real domain, else False."""
    scaled = dict(point)
    scaled[SCALE] = 0
    value = run(compiled, scaled)
    flag = IMPRECISE if scaled.get(IMPRECISE) else bool(scaled.get(OUTSIDE))
    return value, scaled[SCALE], flag


def to_mp(value: float) -> Value:
    return mp_context().mpf(value)


def magnitude(value: Value) -> float:
    if isinstance(value, Fraction):
        return abs(float(value)) if value.numerator.bit_length() < 1000 else math.inf
    return float(abs(value))


def real_decimal(value: Value) -> Decimal | None:
    """A 60-digit mpmath value as a Decimal; None when it has an imaginary part."""
    mp = mp_context()
    if abs(mp.im(value)) > mp.mpf(10) ** -50 * (1 + abs(mp.re(value))):
        return None
    return Decimal(mp.nstr(mp.re(value), 60, min_fixed=-mp.inf, max_fixed=mp.inf))
