"""Algebraic equivalence of expressions, and of equations and inequalities as statements.

Expressions: pointwise comparison first, exact SymPy under the budget only when that cannot decide.
Statements: an equation f = 0 matches g = 0 when f/g is a nonzero constant (f = 0 and
k*f = 0 have the same solutions); an inequality f > 0 matches g > 0 when f/g is a positive
constant. Otherwise, with one variable, the real solution sets are compared exactly.
"""

from __future__ import annotations

import sympy
from sympy.core.relational import Relational

from tutor.checking.budget import Budget
from tutor.checking.pointwise import Same, compare, float_points
from tutor.checking import numeric

_STRICT = {sympy.StrictGreaterThan: (1, True), sympy.StrictLessThan: (-1, True),
           sympy.GreaterThan: (1, False), sympy.LessThan: (-1, False)}


def is_statement(expr: sympy.Basic) -> bool:
    return isinstance(expr, (Relational, sympy.logic.boolalg.Boolean)) and not expr.is_Symbol


def same_expression(a: sympy.Basic, b: sympy.Basic, budget: Budget) -> bool:
    verdict = compare(a, b)
    if verdict is Same.UNKNOWN:
        budget.check()
        exact = budget.run("is_zero", a - b)
        return exact == "equal"
    return verdict is Same.EQUAL


def same_statement(a: sympy.Basic, b: sympy.Basic, budget: Budget) -> bool:
    if a == b:
        return True
    proportional = _proportional(a, b, budget)
    if proportional is not None:
        return proportional
    names = a.free_symbols | b.free_symbols
    if len(names) == 1:
        return budget.run("same_solutions", a, b, next(iter(names))) is True
    return False


def _proportional(a: sympy.Basic, b: sympy.Basic, budget: Budget) -> bool | None:
    """True when one statement is a constant multiple of the other; None when that test is moot."""
    eq_like = (sympy.Eq, sympy.Ne)
    if isinstance(a, eq_like) and type(a) is type(b):
        f, g = a.lhs - a.rhs, b.lhs - b.rhs
        zero_f, zero_g = same_expression(f, sympy.S.Zero, budget), same_expression(g, sympy.S.Zero, budget)
        if zero_f or zero_g:
            return zero_f and zero_g
        return True if _constant_ratio(f, g, budget) else None
    if type(a) in _STRICT and type(b) in _STRICT:
        sign_a, strict_a = _STRICT[type(a)]
        sign_b, strict_b = _STRICT[type(b)]
        f, g = sign_a * (a.lhs - a.rhs), sign_b * (b.lhs - b.rhs)
        if strict_a == strict_b and _constant_ratio(f, g, budget) and _ratio_positive(f, g):
            return True
        return None
    return None


def _constant_ratio(f: sympy.Basic, g: sympy.Basic, budget: Budget) -> bool:
    """f/g is constant  <=>  f(x) g(y) - f(y) g(x) == 0 for independent copies x, y of the variables."""
    names = sorted(f.free_symbols | g.free_symbols, key=lambda s: s.name)
    if not names:
        return True
    copies = {s: sympy.Symbol(s.name + "__copy", real=True) for s in names}
    cross = sympy.expand(f * g.xreplace(copies)) - sympy.expand(f.xreplace(copies) * g)
    return same_expression(cross, sympy.S.Zero, budget)


def _ratio_positive(f: sympy.Basic, g: sympy.Basic) -> bool:
    names = sorted({s.name for s in f.free_symbols | g.free_symbols})
    ff, fg = numeric.compile_complex(f), numeric.compile_complex(g)
    if ff is None or fg is None:
        return False
    for point in float_points(names):
        try:
            vf, vg = numeric.run(ff, point), numeric.run(fg, point)
        except numeric.Undefined:
            continue
        if abs(vg) > 1e-9 and abs(vf) > 1e-9:
            return (vf / vg).real > 0
    return False


def equivalent(a: sympy.Basic, b: sympy.Basic, budget: Budget) -> bool:
    """Are `a` and `b` the same expression, or the same statement about their variables?"""
    if is_statement(a) != is_statement(b):
        return False
    if is_statement(a):
        return same_statement(a, b, budget)
    return same_expression(a, b, budget)
