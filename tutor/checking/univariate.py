"""Exact, fast comparison of statements in one real variable with rational-function atoms.

Every atom (f < g, f = g, ...) changes truth only at real roots of the numerators and
denominators involved. Between consecutive roots the truth is constant, so comparing both
statements at every root and at one rational point in every gap decides equality of their
solution sets exactly. Non-rational atoms (sqrt, abs, log...) return None: the caller falls back.
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from sympy.core.relational import Relational

from tutor.checking.structure import degree_bound

MAX_DEGREE = 24
MAX_ROOTS = 48
_OPS = {sympy.Eq: lambda s: s == 0, sympy.Ne: lambda s: s != 0, sympy.Lt: lambda s: s < 0,
        sympy.Le: lambda s: s <= 0, sympy.Gt: lambda s: s > 0, sympy.Ge: lambda s: s >= 0}


class _NotRational(Exception):
    pass


def _atoms(statement: sympy.Basic) -> list[Relational]:
    if isinstance(statement, Relational):
        return [statement]
    if isinstance(statement, (sympy.And, sympy.Or, sympy.Not)):
        return [atom for arg in statement.args for atom in _atoms(arg)]
    if statement in (sympy.true, sympy.false):
        return []
    raise _NotRational()


def _poly(expr: sympy.Basic, x: sympy.Symbol) -> sympy.Poly:
    if expr.free_symbols - {x} or degree_bound(expr) > MAX_DEGREE:
        raise _NotRational()
    try:
        poly = sympy.Poly(expr, x, domain="QQ")
    except (sympy.PolynomialError, sympy.CoercionFailed, ValueError, TypeError):
        raise _NotRational() from None
    if poly.degree() > MAX_DEGREE:
        raise _NotRational()
    return poly


def _split(atom: Relational, x: sympy.Symbol) -> tuple[sympy.Poly, sympy.Poly]:
    num, den = sympy.fraction(sympy.together(atom.lhs - atom.rhs))
    return _poly(num, x), _poly(den, x)


def _truth(statement: sympy.Basic, signs: dict[Relational, int | None]) -> bool:
    if isinstance(statement, Relational):
        sign = signs[statement]
        return sign is not None and _OPS[type(statement)](sign)
    if isinstance(statement, sympy.And):
        return all(_truth(a, signs) for a in statement.args)
    if isinstance(statement, sympy.Or):
        return any(_truth(a, signs) for a in statement.args)
    if isinstance(statement, sympy.Not):
        return not _truth(statement.args[0], signs)
    return statement == sympy.true


def _sign(value) -> int:
    return int(bool(value > 0)) - int(bool(value < 0))


def same_real_solutions(a: sympy.Basic, b: sympy.Basic, x: sympy.Symbol) -> bool | None:
    try:
        atoms = {atom: _split(atom, x) for atom in _atoms(a) + _atoms(b)}
    except _NotRational:
        return None
    factors: dict[sympy.Poly, None] = {}
    for num, den in atoms.values():
        for poly in (num, den):
            for factor, _ in poly.factor_list()[1]:
                factors[factor.monic()] = None
    roots = []  # (numeric value, exact root, irreducible factor it is a root of)
    for factor in factors:
        for root in sympy.real_roots(factor):
            roots.append((sympy.N(root, 50), factor))
    if len(roots) > MAX_ROOTS:
        return None
    roots.sort(key=lambda item: item[0])
    for point in _gap_points([value for value, _ in roots]):
        signs = {atom: _sign_at_rational(num, den, point) for atom, (num, den) in atoms.items()}
        if _truth(a, signs) != _truth(b, signs):
            return False
    for value, factor in roots:
        signs = {atom: _sign_at_root(num, den, value, factor) for atom, (num, den) in atoms.items()}
        if _truth(a, signs) != _truth(b, signs):
            return False
    return True


def _gap_points(values: list) -> list[Fraction]:
    if not values:
        return [Fraction(0)]
    points = [Fraction(str(sympy.floor(values[0]) - 1))]
    for low, high in zip(values, values[1:]):
        points.append(Fraction(str(sympy.Rational(str(low)) + sympy.Rational(str(high)))) / 2)
    points.append(Fraction(str(sympy.ceiling(values[-1]) + 1)))
    return points


def _eval(poly: sympy.Poly, point: Fraction) -> Fraction:
    total = Fraction(0)
    for coeff in poly.all_coeffs():
        total = total * point + Fraction(int(coeff.p), int(coeff.q))
    return total


def _sign_at_rational(num: sympy.Poly, den: sympy.Poly, point: Fraction) -> int | None:
    d = _eval(den, point)
    return None if d == 0 else _sign(_eval(num, point) * d)


def _sign_at_root(num, den, value, factor: sympy.Poly) -> int | None:
    """Exact zero tests by divisibility; signs of nonzero values from 50 digits."""
    if den.rem(factor).is_zero:
        return None
    if num.rem(factor).is_zero:
        return 0
    n, d = num.as_expr().subs(num.gens[0], value), den.as_expr().subs(den.gens[0], value)
    return _sign(sympy.N(n * d, 30))
