"""Decide whether two expressions are the same function by evaluating them at random points.

Exact evaluation decides outright for rational functions: modulo a 127-bit prime (fast), or with
Fractions when numbers are too large for that. A difference at a point is a proof; agreement at
several random points is a proof with negligible error. Otherwise
double precision looks first and 60-digit mpmath confirms every verdict. When neither can decide,
the answer is UNKNOWN and the caller falls back to exact SymPy under a time budget.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from enum import Enum
from fractions import Fraction

import sympy

from tutor.checking import numeric
from tutor.checking.floating import Compiled
from tutor.checking.modular import P, compile_modular, height_bits, heights_safe
from tutor.checking.numeric import IMPRECISE, Undefined
from tutor.checking.structure import degree_bound

STEPS = (sympy.floor, sympy.ceiling, sympy.frac)  # jumps at whole numbers: measure zero


class Same(Enum):
    EQUAL = "equal"
    DIFFERENT = "different"
    UNKNOWN = "unknown"


EXACT_POINTS = 4
FLOAT_EQUAL = 1e-12  # relative agreement with an expression holding a computed float
SIGN_BITS = 5  # ten sign codes with two bits set: no code is a subset of another
FLOAT_POINTS = 14
MIN_USABLE = 4
EXPONENT_CYCLE = (2.0, 0.5, 2.0, 1.5, -2.0)
WIDER_SCALES = (8.0, 60.0)


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
    if a.atoms(sympy.Float) or b.atoms(sympy.Float):
        # A computed float (an author's round(), a float parameter) is approximate by nature:
        # it matches what agrees with it to its own precision, and nothing is exact about it.
        return _compare_float(a, b, names, equal=FLOAT_EQUAL, different=FLOAT_EQUAL)
    exact = _compare_exact(a, b, names)
    if exact is not Same.UNKNOWN:
        return exact
    verdict = _compare_float(a, b, names)
    if verdict is Same.EQUAL and (a.has(*STEPS) or b.has(*STEPS)):
        # ceiling(x) and floor(x) + 1 differ only at whole numbers, which random points miss.
        return _compare_on_grid(a, b, names)
    return verdict


def _compare_on_grid(a: sympy.Basic, b: sympy.Basic, names: list[str]) -> Same:
    """Steps jump where their arguments are whole: compare at quarter-integer points too, in
    60-digit arithmetic; EQUAL only when every such point agrees."""
    ma, mb = numeric.compile_mp(a), numeric.compile_mp(b)
    if ma is None or mb is None:
        return Same.UNKNOWN
    rng = _rng(names)
    for _ in range(24):
        point = {n: rng.randint(-24, 24) / 4 for n in names}
        verdict = _confirm(ma, mb, point, 1e-40, 1e-20)
        if verdict is not Same.EQUAL and verdict is not None:
            return Same.DIFFERENT if verdict is Same.DIFFERENT else Same.UNKNOWN
    return Same.EQUAL


def _compare_modular(a: sympy.Basic, b: sympy.Basic, names: list[str]) -> Same:
    fa, fb = compile_modular(a), compile_modular(b)
    if fa is None or fb is None:
        return Same.UNKNOWN
    rng = _rng(names)
    points = 1 if not names else EXACT_POINTS
    verdict = _agreement(fa, fb, lambda: {n: rng.randrange(1, P) for n in names}, points)
    if verdict is Same.EQUAL and not heights_safe(height_bits(a), height_bits(b)):
        return Same.UNKNOWN  # a coefficient past P could vanish modulo P: Fractions decide
    return verdict


def _compare_exact(a: sympy.Basic, b: sympy.Basic, names: list[str]) -> Same:
    modular = _compare_modular(a, b, names)
    if modular is not Same.UNKNOWN:
        return modular
    fa, fb = numeric.compile_exact(a), numeric.compile_exact(b)
    if fa is None or fb is None:
        return Same.UNKNOWN
    rng = _rng(names)
    points = 1 if not names else EXACT_POINTS
    # High degrees get small points (so numbers stay small) and more of them (Schwartz-Zippel:
    # a nonzero polynomial of degree d vanishes at a random point of S^n with chance <= d/|S|).
    high = max(degree_bound(a), degree_bound(b)) > 64
    top, bottom = (200, 50) if high else (10**6, 10**3)
    points += 4 if high else 0
    try:
        return _agreement(
            lambda point: numeric.run(fa, point),
            lambda point: numeric.run(fb, point),
            lambda: {n: Fraction(rng.randint(-top, top), rng.randint(1, bottom)) for n in names},
            points,
        )
    except numeric.Unsupported:
        return Same.UNKNOWN


def _agreement(
    fa: Callable[[dict], object],
    fb: Callable[[dict], object],
    draw: Callable[[], dict],
    points: int,
) -> Same:
    """Exact values at random points: one disagreement decides DIFFERENT, ``points`` agreements
    EQUAL. A point where either side is undefined (a vanishing denominator) is skipped, up to
    four tries a point."""
    agreed = 0
    for _ in range(points * 4):
        point = draw()
        try:
            va, vb = fa(point), fb(point)
        except Undefined:
            continue
        if va != vb:
            return Same.DIFFERENT
        agreed += 1
        if agreed >= points:
            return Same.EQUAL
    return Same.UNKNOWN


_SIGN_CODES = [c for c in itertools.product((0, 1), repeat=SIGN_BITS) if sum(c) == 2]


def float_points(
    names: list[str], count: int = FLOAT_POINTS, whole: frozenset[str] = frozenset()
) -> list[dict[str, float]]:
    """Sample points, small and moderate magnitudes. First all positive (inside the domains of
    sqrt and log); then sign patterns in which every pair of variables takes both mixed signs
    (log(a^2 b) against 2 log(a) + log(b) differ only at a < 0 < b); then all negative; last,
    points where some variables of `whole` (those in exponents) are whole numbers, where
    (a^b)^c and a^(bc) part ways (b = 2, a < 0)."""
    rng = _rng(names)
    codes = _SIGN_CODES
    points = []
    for k in range(count):
        scale = 0.9 if k % 2 else 3.2
        point = {n: round(rng.uniform(0.05, scale), 6) or 0.37 for n in names}
        if 4 <= k < 4 + SIGN_BITS:
            for i, name in enumerate(names):
                if codes[i % len(codes)][k - 4]:
                    point[name] = -point[name]
        elif k >= 4 + SIGN_BITS:
            point = {n: -v for n, v in point.items()}
            j = k - 4 - SIGN_BITS
            for i, name in enumerate(sorted(whole)):
                if j < len(EXPONENT_CYCLE):
                    # Even and half-integer exponents side by side: (a^2)^(1/2) is |a|, a^1 is a.
                    point[name] = EXPONENT_CYCLE[(j + i) % len(EXPONENT_CYCLE)]
                elif (i + k) % 2 == 0:  # some exponents whole (even and odd), others not
                    point[name] = float(rng.choice((2, -2) if (k // 2) % 2 else (1, -1, 3)))
        points.append(point)
    return points


def _exponent_names(*exprs: sympy.Basic) -> frozenset[str]:
    return frozenset(
        s.name
        for expr in exprs
        for node in sympy.preorder_traversal(expr)
        if node.is_Pow and node.exp.free_symbols
        for s in node.exp.free_symbols
    )


def _close(a: tuple, b: tuple, rel: float) -> bool | None:
    """Values (with their scales) agree within `rel` of the largest quantity involved; None when
    a quantity overflowed, so that nothing can be told (an infinity is never close to anything)."""
    (va, sa, _), (vb, sb, _) = a, b
    if isinstance(va, complex) and isinstance(vb, complex):
        sizes: tuple[float, ...] = (abs(va), abs(vb), float(abs(sa)), float(abs(sb)), abs(va - vb))
        if not all(math.isfinite(size) for size in sizes):
            return None
        return sizes[4] <= rel * max(max(sizes[:4]), 1e-300)
    mp = numeric.mp_context()
    va, vb = mp.mpc(va), mp.mpc(vb)
    sizes = (abs(va), abs(vb), abs(mp.mpc(sa)), abs(mp.mpc(sb)))
    if not all(mp.isfinite(size) for size in sizes):
        return None
    # No absolute floor here: 60-digit numbers do not underflow, so exp(-9999) is not zero.
    return bool(abs(va - vb) <= rel * max(sizes))


def _compare_float(
    a: sympy.Basic, b: sympy.Basic, names: list[str], equal: float = 1e-40, different: float = 1e-20
) -> Same:
    fa, fb = numeric.compile_complex(a), numeric.compile_complex(b)
    ma, mb = numeric.compile_mp(a), numeric.compile_mp(b)
    if fa is None or fb is None or ma is None or mb is None:
        return Same.UNKNOWN
    whole = _exponent_names(a, b)
    points = float_points(names, 1 if not names else FLOAT_POINTS, whole)
    needed = 1 if not names else MIN_USABLE
    agreed, unclear = _agree_at(fa, fb, ma, mb, points, equal, different)
    if agreed is Same.DIFFERENT:
        return Same.DIFFERENT
    for scale in WIDER_SCALES:
        if agreed >= needed or unclear or not names:
            break
        # Too few points inside both domains (sqrt(x - 5) is real only from 5 on): look further out.
        wider = [{n: v * scale for n, v in point.items()} for point in points]
        more, unclear = _agree_at(fa, fb, ma, mb, wider, equal, different)
        if more is Same.DIFFERENT:
            return Same.DIFFERENT
        agreed += more
    if agreed >= needed and unclear == 0:
        return Same.EQUAL
    return Same.UNKNOWN


def _agree_at(fa, fb, ma, mb, points: list[dict], equal: float, different: float):  # type: ignore[no-untyped-def]
    """(points agreed, points unclear),
    or (DIFFERENT, 0) at the first point that tells them apart."""
    agreed, confirmed, unclear = 0, 0, 0
    for point in points:
        try:
            qa, qb = numeric.run_scaled(fa, point), numeric.run_scaled(fb, point)
            quick_close = not (qa[2] or qb[2]) and _close(qa, qb, 1e-10) is True
        except Undefined:
            quick_close = None
        if quick_close and confirmed >= 2:
            agreed += 1
            continue
        verdict = _confirm(ma, mb, point, equal, different)
        if verdict is Same.DIFFERENT:
            return Same.DIFFERENT, 0
        if verdict is Same.EQUAL:
            agreed += 1
            confirmed += 1
        elif verdict is Same.UNKNOWN:
            unclear += 1
    return agreed, unclear


def _value_at(compiled: Compiled, point: dict) -> tuple | None:
    try:
        return numeric.run_scaled(compiled, point)
    except Undefined:
        return None


def _confirm(
    ma: Compiled, mb: Compiled, point: dict[str, float], equal: float, different: float
) -> Same | None:
    """The verdict at this point in 60-digit arithmetic; None when it says nothing.

    Principal values are compared: log(x^2) and 2 log(x) differ by 2*pi*i at x < 0, where only
    the second leaves the real domain.
    """
    mp_point = {n: numeric.to_mp(v) for n, v in point.items()}
    va, vb = _value_at(ma, mp_point), _value_at(mb, mp_point)
    if va is None and vb is None:
        return None
    if va is None or vb is None:
        return Same.UNKNOWN  # a pole or overflow on one side only: exact SymPy decides
    if va[2] is True and vb[2] is True:
        return None  # outside both real domains (x < 0 for 1/sqrt(x) and sqrt(1/x))
    close = _close(va, vb, equal)
    if close is None:
        return Same.UNKNOWN  # a value too large to hold: exact SymPy decides
    if close:
        # A sum that lost a term to rounding (x + exp(-9999)) proves no equality here.
        return Same.UNKNOWN if IMPRECISE in (va[2], vb[2]) else Same.EQUAL
    if va[2] is True or vb[2] is True:
        # Outside one side's real domain. As STACK/Maxima judge it, expressions are the same when
        # they agree wherever both are defined (log(a^2 b) and 2 log(a) + log(b)): no verdict here.
        return None
    if _close(va, vb, different) is False:
        return Same.DIFFERENT
    return Same.UNKNOWN
