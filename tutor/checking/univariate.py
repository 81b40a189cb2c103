"""Exact, fast comparison of statements in one real variable.

Every atom (f < g, f = g, ...) can change truth only at real roots of the numerators and
denominators of its pieces. Between consecutive such roots the truth is constant, so comparing
both statements at every root and at one rational point in every gap decides whether their
solution sets are equal. Atoms are rational functions, or rational functions of |u| for a few
rational u (split into pieces by the signs of the u). Anything else returns None, and the
caller falls back to SymPy's solver.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy
from sympy.core.relational import Relational

from tutor.checking import numeric
from tutor.checking.floating import Value
from tutor.checking.structure import degree_bound

MAX_DEGREE = 24
MAX_ROOTS = 48
MAX_ABS = 3
_OPS = {
    sympy.Eq: lambda s: s == 0,
    sympy.Ne: lambda s: s != 0,
    sympy.Lt: lambda s: s < 0,
    sympy.Le: lambda s: s <= 0,
    sympy.Gt: lambda s: s > 0,
    sympy.Ge: lambda s: s >= 0,
}


class _NotRational(Exception):
    pass


def _sign(value: Value) -> int:
    return int(bool(value > 0)) - int(bool(value < 0))


def _poly(expr: sympy.Basic, x: sympy.Symbol) -> sympy.Poly:
    if expr.free_symbols - {x} or degree_bound(expr) > MAX_DEGREE:
        raise _NotRational()
    try:
        poly = sympy.Poly(expr, x, domain="QQ")
    except (sympy.PolynomialError, sympy.CoercionFailed, ValueError, TypeError):
        raise _NotRational() from None
    return poly


def _fraction(expr: sympy.Basic, x: sympy.Symbol) -> tuple[sympy.Poly, sympy.Poly]:
    num, den = sympy.fraction(sympy.together(expr))
    return _poly(num, x), _poly(den, x)


def _eval(poly: sympy.Poly, point: Fraction) -> Fraction:
    total = Fraction(0)
    for coeff in poly.all_coeffs():
        total = total * point + Fraction(int(coeff.p), int(coeff.q))
    return total


class _Atom:
    """f = lhs - rhs of one relation, with the polynomials whose roots are its critical points."""

    def __init__(self, f: sympy.Basic, x: sympy.Symbol) -> None:
        self.x = x
        bars = [n for n in sympy.preorder_traversal(f) if isinstance(n, sympy.Abs)]
        if len(bars) > MAX_ABS:
            raise _NotRational()
        if not bars:
            self.num, self.den = _fraction(f, x)
            self.critical = [self.num, self.den]
            self.piecewise = None
            return
        self.critical = []
        for signs in itertools.product((1, -1), repeat=len(bars)):
            piece = f.xreplace({bar: s * bar.args[0] for bar, s in zip(bars, signs)})
            self.critical.extend(_fraction(piece, x))
        for bar in bars:
            self.critical.extend(_fraction(bar.args[0], x))
        exact_piece, mp_piece = numeric.compile_exact(f), numeric.compile_mp(f)
        if exact_piece is None or mp_piece is None:
            raise _NotRational()
        self.piecewise = (exact_piece, mp_piece)

    def sign_at(self, point: Fraction) -> int | None:
        if self.piecewise is None:
            d = _eval(self.den, point)
            return None if d == 0 else _sign(_eval(self.num, point) * d)
        try:
            return _sign(numeric.run(self.piecewise[0], {self.x.name: point}))
        except numeric.Undefined:
            return None

    def sign_at_root(self, value: sympy.Basic, factor: sympy.Poly) -> int | None:
        """Exact zero tests by divisibility for rational atoms; 50 digits otherwise."""
        if self.piecewise is None:
            if self.den.rem(factor).is_zero:
                return None
            if self.num.rem(factor).is_zero:
                return 0
            n = self.num.as_expr().subs(self.x, value)
            d = self.den.as_expr().subs(self.x, value)
            return _sign(sympy.N(n * d, 30))
        try:
            result = numeric.run(self.piecewise[1], {self.x.name: numeric.to_mp(0) + value})
        except numeric.Undefined:
            return None
        size = numeric.magnitude(result)
        if size > 1e30:
            return None  # a pole
        return 0 if size < 1e-30 else _sign(float(result.real))


def _atoms(statement: sympy.Basic) -> list[Relational]:
    if isinstance(statement, Relational):
        return [statement]
    if isinstance(statement, (sympy.And, sympy.Or, sympy.Not)):
        return [atom for arg in statement.args for atom in _atoms(arg)]
    if statement in (sympy.true, sympy.false):
        return []
    raise _NotRational()


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


def same_real_solutions(a: sympy.Basic, b: sympy.Basic, x: sympy.Symbol) -> bool | None:
    try:
        atoms = {atom: _Atom(atom.lhs - atom.rhs, x) for atom in _atoms(a) + _atoms(b)}
    except _NotRational:
        return None
    factors: dict[sympy.Poly, None] = {}
    for atom in atoms.values():
        for poly in atom.critical:
            if poly.degree() > MAX_DEGREE:
                return None
            for factor, _ in poly.factor_list()[1]:
                factors[factor.monic()] = None
    roots = [(sympy.N(root, 50), factor) for factor in factors for root in sympy.real_roots(factor)]
    if len(roots) > MAX_ROOTS:
        return None
    roots.sort(key=lambda item: item[0])
    for point in _gap_points([value for value, _ in roots]):
        signs = {rel: atom.sign_at(point) for rel, atom in atoms.items()}
        if _truth(a, signs) != _truth(b, signs):
            return False
    for value, factor in roots:
        signs = {rel: atom.sign_at_root(value, factor) for rel, atom in atoms.items()}
        if _truth(a, signs) != _truth(b, signs):
            return False
    return True


def _gap_points(values: list) -> list[Fraction]:
    if not values:
        return [Fraction(0)]
    points = [Fraction(str(sympy.floor(values[0]) - 1))]
    for low, high in itertools.pairwise(values):
        points.append((Fraction(str(low)) + Fraction(str(high))) / 2)
    points.append(Fraction(str(sympy.ceiling(values[-1]) + 1)))
    return points
