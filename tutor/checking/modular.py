"""Rational functions evaluated modulo a large prime: exact identity testing at machine speed.

Two different rational functions of degree d agree at a random point modulo P with chance at
most d/P (about 10^-34 here), and a disagreement at any point proves them different. Numbers
too large to be sure of (a coefficient near P could hide a difference) are left to Fractions.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache

import sympy

from tutor.checking.floating import Undefined, Unsupported

P = 2**127 - 1  # a Mersenne prime
MAX_COEFFICIENT_BITS = 100
MAX_POWER = 10_000


def _residue(numerator: int, denominator: int) -> int:
    if max(abs(numerator).bit_length(), denominator.bit_length()) > MAX_COEFFICIENT_BITS:
        raise Unsupported("number too large to reduce safely")
    return numerator * pow(denominator, -1, P) % P


def _compile(expr: sympy.Basic) -> Callable[[dict], int]:
    if expr.is_Rational:
        value = _residue(int(expr.p), int(expr.q))
        return lambda p: value
    if expr.is_Float:
        if not expr.is_finite:
            raise Unsupported("infinite float")
        exact = Fraction(str(expr))
        value = _residue(exact.numerator, exact.denominator)
        return lambda p: value
    if expr.is_Symbol:
        name = expr.name
        return lambda p: p[name]
    if expr.is_Add or expr.is_Mul:
        parts = [_compile(a) for a in expr.args]
        if expr.is_Add:
            return lambda p: sum(f(p) for f in parts) % P

        def product(p: dict) -> int:
            result = 1
            for f in parts:
                result = result * f(p) % P
            return result
        return product
    if expr.is_Pow and expr.exp.is_Integer and abs(expr.exp) <= MAX_POWER:
        base, k = _compile(expr.base), int(expr.exp)

        def power(p: dict) -> int:
            b = base(p)
            if k < 0:
                if b == 0:
                    raise Undefined("division by zero")
                return pow(pow(b, -1, P), -k, P)
            return pow(b, k, P)
        return power
    raise Unsupported(type(expr).__name__)


@lru_cache(maxsize=4096)
def compile_modular(expr: sympy.Basic) -> Callable[[dict], int] | None:
    try:
        return _compile(expr)
    except Unsupported:
        return None
