"""Decide whether two expressions are the same function by evaluating them at random points.

Exact rational evaluation decides outright for rational functions (a difference at a point is a
proof; agreement at several random rational points is a proof with negligible error). Otherwise
double precision looks first and 60-digit mpmath confirms every verdict. When neither can decide,
the answer is UNKNOWN and the caller falls back to exact SymPy under a time budget.
"""

from __future__ import annotations

import random
from enum import Enum
from fractions import Fraction

import sympy

from tutor.checking import numeric
from tutor.checking.numeric import Undefined
from tutor.checking.structure import degree_bound


class Same(Enum):
    EQUAL = "equal"
    DIFFERENT = "different"
    UNKNOWN = "unknown"


EXACT_POINTS = 4
FLOAT_POINTS = 10
MIN_USABLE = 4


def _names(*exprs: sympy.Basic) -> list[str]:
    names = set()
    for expr in exprs:
        names |= {s.name for s in expr.free_symbols}
    return sorted(names)


def _rng(names: list[str]) -> random.Random:
    # Deterministic per set of variables, so the same check always gives the same verdict.
    return random.Random("|".join(names) + "#tutor")


def compare(a: sympy.Basic, b: sympy.Basic) -> Same:
    """EQUAL, DIFFERENT or UNKNOWN for the expressions `a` and `b` (real variables)."""
    if a == b:
        return Same.EQUAL
    names = _names(a, b)
    exact = _compare_exact(a, b, names)
    if exact is not Same.UNKNOWN:
        return exact
    return _compare_float(a, b, names)


def _compare_exact(a: sympy.Basic, b: sympy.Basic, names: list[str]) -> Same:
    fa, fb = numeric.compile_exact(a), numeric.compile_exact(b)
    if fa is None or fb is None:
        return Same.UNKNOWN
    rng, agreed = _rng(names), 0
    points = 1 if not names else EXACT_POINTS
    # High degrees get small points (so numbers stay small) and more of them (Schwartz-Zippel:
    # a nonzero polynomial of degree d vanishes at a random point of S^n with chance <= d/|S|).
    high = max(degree_bound(a), degree_bound(b)) > 64
    top, bottom = (200, 50) if high else (10**6, 10**3)
    points += 4 if high else 0
    for _ in range(points * 4):
        point = {n: Fraction(rng.randint(-top, top), rng.randint(1, bottom)) for n in names}
        try:
            va, vb = numeric.run(fa, point), numeric.run(fb, point)
        except numeric.Unsupported:
            return Same.UNKNOWN
        except Undefined:
            continue
        if va != vb:
            return Same.DIFFERENT
        agreed += 1
        if agreed >= points:
            return Same.EQUAL
    return Same.UNKNOWN


def float_points(names: list[str], count: int = FLOAT_POINTS) -> list[dict[str, float]]:
    rng = _rng(names)
    points = []
    for k in range(count):
        # Small and moderate magnitudes; the first points positive (inside the domain of
        # sqrt and log), the rest of either sign (so that domains get compared too).
        scale = 0.9 if k % 2 else 3.2
        low = 0.05 if k < 4 else -scale
        points.append({n: round(rng.uniform(low, scale), 6) or 0.37 for n in names})
    return points


def _close(a: tuple, b: tuple, rel: float) -> bool:
    """Values (with their scales) agree within `rel` of the largest quantity involved."""
    (va, sa, _), (vb, sb, _) = a, b
    size = max(numeric.magnitude(va), numeric.magnitude(vb), sa, sb)
    return numeric.magnitude(va - vb) <= rel * max(size, 1e-300)


def _compare_float(a: sympy.Basic, b: sympy.Basic, names: list[str]) -> Same:
    fa, fb = numeric.compile_complex(a), numeric.compile_complex(b)
    ma, mb = numeric.compile_mp(a), numeric.compile_mp(b)
    if fa is None or fb is None or ma is None or mb is None:
        return Same.UNKNOWN
    points = float_points(names, 1 if not names else FLOAT_POINTS)
    agreed, confirmed, unclear = 0, 0, 0
    for point in points:
        try:
            qa, qb = numeric.run_scaled(fa, point), numeric.run_scaled(fb, point)
            quick_close = not (qa[2] or qb[2]) and _close(qa, qb, 1e-10)
        except Undefined:
            quick_close = None
        if quick_close and confirmed >= 2:
            agreed += 1
            continue
        verdict = _confirm(ma, mb, point)
        if verdict is Same.DIFFERENT:
            return Same.DIFFERENT
        if verdict is Same.EQUAL:
            agreed += 1
            confirmed += 1
        elif verdict is Same.UNKNOWN:
            unclear += 1
    needed = 1 if not names else MIN_USABLE
    if agreed >= needed and unclear == 0:
        return Same.EQUAL
    return Same.UNKNOWN


def _value_at(compiled, point: dict) -> tuple | None:
    try:
        return numeric.run_scaled(compiled, point)
    except Undefined:
        return None


def _confirm(ma, mb, point: dict[str, float]) -> Same | None:
    """The verdict at this point in 60-digit arithmetic; None when it says nothing.

    A point outside both real domains (x < 0 for 1/sqrt(x) and sqrt(1/x)) says nothing. Outside
    one only, principal values are compared: log(x^2) and 2 log(x) differ there by 2*pi*i.
    """
    mp_point = {n: numeric.to_mp(v) for n, v in point.items()}
    va, vb = _value_at(ma, mp_point), _value_at(mb, mp_point)
    if va is None and vb is None:
        return None
    if va is None or vb is None:
        return Same.UNKNOWN  # a pole or overflow on one side only: exact SymPy decides
    if va[2] and vb[2]:
        return None
    if _close(va, vb, 1e-40):
        return Same.EQUAL
    if not _close(va, vb, 1e-20):
        return Same.DIFFERENT
    return Same.UNKNOWN
