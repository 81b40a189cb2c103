"""Rational functions evaluated modulo a large prime: exact identity testing at machine speed.

Two different rational functions of degree d agree at a random point modulo P with chance at
most d/P (about 10^-34 here), and a disagreement at any point proves them different. That holds
only while their difference is not zero modulo P as a polynomial: a coefficient that is a
multiple of P vanishes ((2^64 x + 1)^2 is 2x^2 + 2^65 x + 1 modulo 2^127 - 1). So agreement
counts only when a bound on the coefficients (`height_bits`) keeps every one below P; larger
numbers are left to Fractions.
"""

from __future__ import annotations

import math
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
def height_bits(expr: sympy.Basic) -> tuple[float, float]:
    """log2 of bounds on the sums of |coefficients| of a numerator and a denominator of `expr`
    (a rational function); infinite when `expr` is not one."""
    if expr.is_Rational:
        return math.log2(abs(int(expr.p)) or 1), math.log2(int(expr.q))
    if expr.is_Symbol:
        return 0.0, 0.0
    if expr.is_Float and expr.is_finite:
        exact = Fraction(str(expr))
        return math.log2(abs(exact.numerator) or 1), math.log2(exact.denominator)
    if expr.is_Add or expr.is_Mul:
        return combine_heights(expr.is_Add, [height_bits(a) for a in expr.args])
    if expr.is_Pow and expr.exp.is_Integer:
        return power_height(height_bits(expr.base), int(expr.exp))
    return math.inf, math.inf


def combine_heights(is_sum: bool, parts: list[tuple[float, float]]) -> tuple[float, float]:
    """A sum over the common denominator (numerator sum of p_i times the other q_j),
    or a product."""
    den = sum(d for _, d in parts)
    if not is_sum:
        return sum(n for n, _ in parts), den
    return math.log2(len(parts)) + max(n + den - d for n, d in parts), den


def power_height(part: tuple[float, float], k: int) -> tuple[float, float]:
    n, d = part
    return (k * n, k * d) if k >= 0 else (-k * d, -k * n)


def heights_safe(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether p_a q_b - p_b q_a has every coefficient below P: then agreement modulo P at random
    points proves equality."""
    return 1 + max(a[0] + b[1], b[0] + a[1]) < 126


@lru_cache(maxsize=4096)
def compile_modular(expr: sympy.Basic) -> Callable[[dict], int] | None:
    try:
        return _compile(expr)
    except Unsupported:
        return None
