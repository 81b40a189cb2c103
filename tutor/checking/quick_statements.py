"""The fast path for statements: equal as constant multiples, different where truth differs.

Two relations are EQUAL when one is a constant multiple of the other (polynomials only, so that
no point leaves a domain; a positive constant for < and <=). Statements in one variable are
DIFFERENT at an exact rational point where one holds and the other does not: then their real
solution sets differ, which no reading could call equivalent.
"""

from __future__ import annotations

from fractions import Fraction

from tutor.checking.modular import heights_safe
from tutor.checking.quick_modular import height, modular_same
from tutor.checking.quick_trees import (
    Fallback,
    Undefined,
    has_symbol,
    number_node,
    pair_sign,
    value_at,
)


def _polynomial(node: tuple) -> bool:
    """Rational, and divides only by constants: no point is outside its domain."""
    kind = node[0]
    if kind in ("n", "s"):
        return True
    if kind in ("+", "*"):
        return all(_polynomial(n) for n in node[1])
    return kind == "^" and _polynomial(node[1]) and (node[2] >= 0 or not has_symbol(node[1]))


def _ratio(a: tuple, b: tuple, names: list[str]) -> Fraction | None:
    """a / b at the first small whole point where b is not zero, exactly (polynomials)."""
    for step in range(8):
        point = {n: (2 + 3 * step + 5 * k, 1) for k, n in enumerate(names)}
        try:
            (p, q), (r, t) = value_at(a, point), value_at(b, point)
        except Undefined:
            return None
        if r:
            return Fraction(p * t, q * r)
    return None


def same_relation(a: tuple, b: tuple, names: list[str]) -> bool | None:
    """True when one statement is the other times a constant (a positive one for < and <=):
    then their solution sets are the same. Otherwise None; the full check compares them."""
    if a[0] != "rel" or b[0] != "rel" or a[1] != b[1]:
        return None
    kind, da, db = a[1], a[2], b[2]
    if kind != "=" and len(names) > 1:
        return None  # inequalities are compared in one variable only, as in the full check
    if not (_polynomial(da) and _polynomial(db)):
        return None  # a division by a variable changes the domain: the full check decides
    c = _ratio(da, db, names)
    if c is None or c == 0 or (kind in ("<", "<=") and c < 0):
        return None
    try:
        gap = ("+", [da, ("*", [number_node(-c), db])])
    except Fallback:
        return None
    if heights_safe(height(gap), (0.0, 0.0)) and modular_same(gap, ("n", Fraction(0)), names):
        return True
    return None


def _holds(statement: tuple, point: dict[str, tuple[int, int]]) -> bool:
    kind = statement[0]
    if kind == "and":
        return all(_holds(s, point) for s in statement[1])
    if kind == "or":
        return any(_holds(s, point) for s in statement[1])
    if kind == "not":
        return not _holds(statement[1][0], point)
    sign = pair_sign(value_at(statement[2], point))
    kind = statement[1]
    if kind == "=":
        return sign == 0
    if kind == "!=":
        return sign != 0
    if kind == "<":
        return sign < 0
    if kind == "<=":
        return sign <= 0
    raise KeyError(kind)


def _crossings(statement: tuple, name: str) -> list[Fraction]:
    """Where the line through each side's values at 0 and 1 meets zero: the root of a linear
    statement, and a place to look near for others."""
    if statement[0] != "rel":
        return [x for s in statement[1] for x in _crossings(s, name)]
    try:
        (a, b), (c, d) = (
            value_at(statement[2], {name: (0, 1)}),
            value_at(statement[2], {name: (1, 1)}),
        )
    except (Undefined, ZeroDivisionError):
        return []
    if b == 0 or d == 0:
        return []
    low, high = Fraction(a, b), Fraction(c, d)
    return [low / (low - high)] if low != high else []


PROBES = [Fraction(k, 2) for k in (0, 2, -2, 4, -4, 1, -1, 3, -3, 6, -6, 8, -8, 5, -5, 10, -10)]


MAX_PROBES = 24
NEAR = (Fraction(1, 8), Fraction(-1, 8))


def truth_differs(a: tuple, b: tuple, names: list[str]) -> bool:
    """A real point, exactly, where one statement holds and the other does not (both defined
    there): then their real solution sets differ, which no reading could call equivalent."""
    name = names[0] if names else "x"
    roots = _crossings(a, name) + _crossings(b, name)
    near = [r + d for r in roots for d in NEAR]
    seen: set[tuple[int, int]] = set()  # Fractions are in lowest terms: (p, q) tells them apart
    for x in roots + PROBES + near:
        pair = (x.numerator, x.denominator)
        if pair in seen or len(seen) >= MAX_PROBES:
            continue
        seen.add(pair)
        point = {name: pair}
        try:
            if _holds(a, point) != _holds(b, point):
                return True
        except (Undefined, ZeroDivisionError):
            continue
    return False
