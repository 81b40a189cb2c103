"""The fast path's proofs of equality (and difference) of rational functions modulo P."""

from __future__ import annotations

import math

from tutor.checking.limits import MAX_INTEGER_BITS
from tutor.checking.modular import P, combine_heights, power_height
from tutor.checking.pointwise import EXACT_POINTS, _rng
from tutor.checking.quick_trees import Fallback


def height(node: tuple) -> tuple[float, float]:
    """tutor.checking.modular.height_bits, for a rational tuple tree."""
    kind = node[0]
    if kind == "n":
        return math.log2(abs(node[1].numerator) or 1), math.log2(node[1].denominator)
    if kind == "s":
        return 0.0, 0.0
    if kind in ("+", "*"):
        return combine_heights(kind == "+", [height(n) for n in node[1]])
    return power_height(height(node[1]), node[2])


def huge_constant(node: tuple) -> bool:
    """A whole-number part (2^5000, (9^64)^64) that the full parser would work out and refuse
    (MAX_INTEGER_BITS), judged with a wide margin on a bound of its size in bits."""
    try:
        _constant_bits(node)
    except Fallback:
        return True
    return False


def _constant_bits(node: tuple) -> float | None:
    """A bound on the bits of a rational constant's numerator and denominator (None: not a
    rational constant); Fallback past half of MAX_INTEGER_BITS. One pass over the tree."""
    kind = node[0]
    if kind == "n":
        return max(node[1].numerator.bit_length(), node[1].denominator.bit_length())
    if kind in ("s", "c"):
        return None
    if kind in ("f", "rel"):
        _constant_bits(node[2])
        return None
    if kind in ("and", "or", "not"):
        for part in node[1]:
            _constant_bits(part)
        return None
    if kind == "^":
        inner = _constant_bits(node[1])
        bits = None if inner is None else abs(node[2]) * inner
    else:
        parts = [_constant_bits(part) for part in node[1]]
        bits = None if None in parts else sum(p for p in parts if p is not None) + len(parts)
    if bits is not None and bits > MAX_INTEGER_BITS // 2:
        raise Fallback("a number the full check refuses as too large")
    return bits


def _mod(node: tuple, point: dict[str, int]) -> tuple[int, int]:
    """(numerator, denominator) modulo P: no modular inverse until the final comparison. The
    denominator is 0 exactly when some step divides by something that is 0 modulo P."""
    kind = node[0]
    if kind == "n":
        return node[1].numerator % P, node[1].denominator % P
    if kind == "s":
        return point[node[1]], 1
    if kind == "+":
        num, den = 0, 1
        for n in node[1]:
            a, b = _mod(n, point)
            num, den = (num * b + a * den) % P, den * b % P
        return num, den
    if kind == "*":
        num, den = 1, 1
        for n in node[1]:
            a, b = _mod(n, point)
            num, den = num * a % P, den * b % P
        return num, den
    num, den = _mod(node[1], point)
    k = node[2]
    return (pow(num, k, P), pow(den, k, P)) if k >= 0 else (pow(den, -k, P), pow(num, -k, P))


def modular_same(a: tuple, b: tuple, names: list[str]) -> bool | None:
    """True: agreement at enough random points modulo P; False: a point where they differ, which
    proves them different rational functions (reduction modulo P respects every identity among
    coefficients whose denominators P does not divide); None: no usable point."""
    rng = _rng(names)
    agreed = 0
    for _ in range(EXACT_POINTS * 4):
        point = {n: rng.randrange(1, P) for n in names}
        (pa, qa), (pb, qb) = _mod(a, point), _mod(b, point)
        if qa == 0 or qb == 0:
            continue  # a division by zero modulo P at this point: another point decides
        if pa * qb % P != pb * qa % P:
            return False
        agreed += 1
        if agreed >= (EXACT_POINTS if names else 1):
            return True
    return None
