"""Algebraic equivalence of expressions, and of equations and inequalities as statements.

Expressions: pointwise comparison first, exact SymPy under the budget only when that cannot decide.
Statements: an equation f = 0 matches g = 0 when f/g is a nonzero constant (f = 0 and
k*f = 0 have the same solutions); an inequality f > 0 matches g > 0 when f/g is a positive
constant. Otherwise, with one variable, the real solution sets are compared exactly.
"""

from __future__ import annotations

import sympy
from sympy.core.relational import Relational

from tutor.checking import numeric, univariate
from tutor.checking.budget import Budget
from tutor.checking.pointwise import Same, compare, float_points

_STRICT = {
    sympy.StrictGreaterThan: (1, True),
    sympy.StrictLessThan: (-1, True),
    sympy.GreaterThan: (1, False),
    sympy.LessThan: (-1, False),
}


def is_statement(expr: sympy.Basic) -> bool:
    return isinstance(expr, (Relational, sympy.logic.boolalg.Boolean)) and not expr.is_Symbol


def same_expression(a: sympy.Basic, b: sympy.Basic, budget: Budget) -> bool:
    verdict = compare(a, b)
    if verdict is Same.UNKNOWN:
        budget.check()
        exact = budget.run("is_zero", a - b)
        return exact == "equal"
    return verdict is Same.EQUAL


def _as_product(statement: sympy.Basic) -> sympy.Basic:
    """'a = 0 or b = 0' says the same as 'a*b = 0' (for finite a and b)."""
    if isinstance(statement, sympy.Or) and all(isinstance(a, sympy.Eq) for a in statement.args):
        product = sympy.Mul(*(a.lhs - a.rhs for a in statement.args))
        return sympy.Eq(product, 0, evaluate=False)
    return statement


def same_statement(a: sympy.Basic, b: sympy.Basic, budget: Budget) -> bool:
    """Statements match when they have the same real solutions. Polynomial (rational) equations
    must be nonzero constant multiples of each other once factors that are never zero are taken
    out, so roots keep their multiplicities as in STACK; an inequality may be a positive multiple;
    otherwise, in one variable, the real solution sets are compared (|x| = 2 and x^2 = 4)."""
    a, b = _as_product(a), _as_product(b)
    if a == b:
        return True
    if type(a) is type(b) and isinstance(a, (sympy.Eq, sympy.Ne)):
        if _equations_proportional(a, b, budget):
            return True
        stripped_a, stripped_b = _without_nonzero_factors(a), _without_nonzero_factors(b)
        if (stripped_a, stripped_b) != (a, b) and _equations_proportional(
            stripped_a, stripped_b, budget
        ):
            return True  # s^2 e^(st) = 0 says s^2 = 0: e^(st) is never zero
        if all(_is_rational_function(e.lhs - e.rhs) for e in (a, b)):
            return False  # roots and their multiplicities differ: (x-2)^2 = 0 is not x = 2 (STACK)
    if type(a) in _STRICT and type(b) in _STRICT and _inequalities_proportional(a, b, budget):
        return True
    names = a.free_symbols | b.free_symbols
    if len(names) != 1:
        return False
    x = next(iter(names))
    exact = univariate.same_real_solutions(a, b, x)
    if exact is not None:
        return exact
    return budget.run("same_solutions", a, b, x) is True


def _is_rational_function(expr: sympy.Basic) -> bool:
    return all(
        node.is_Add or node.is_Mul or node.is_Atom or (node.is_Pow and node.exp.is_Integer)
        for node in sympy.preorder_traversal(expr)
    )


def _without_nonzero_factors(statement: sympy.Basic) -> sympy.Basic:
    """f = 0 with the factors of f that are never zero (e^u, x^2 + 1, numbers) taken out."""
    f = sympy.factor_terms(statement.lhs - statement.rhs)
    if not f.is_Mul:
        return statement
    kept = [factor for factor in f.args if not (factor.is_zero is False and factor.is_finite)]
    return statement.func(sympy.Mul(*kept), 0, evaluate=False)


def _equations_proportional(a: sympy.Basic, b: sympy.Basic, budget: Budget) -> bool:
    zero_f = same_expression(a.lhs, a.rhs, budget)
    zero_g = same_expression(b.lhs, b.rhs, budget)
    if zero_f or zero_g:
        return zero_f and zero_g
    f, g = a.lhs - a.rhs, b.lhs - b.rhs
    if _constant_ratio(f, g, budget):
        return True
    # 1/x + 1/y = 2 and y = x/(2x - 1): the numerators over a common denominator match.
    (nf, _), (ng, _) = sympy.fraction(sympy.together(f)), sympy.fraction(sympy.together(g))
    return (nf, ng) != (f, g) and _constant_ratio(nf, ng, budget)


def _inequalities_proportional(a: sympy.Basic, b: sympy.Basic, budget: Budget) -> bool:
    sign_a, strict_a = _STRICT[type(a)]
    sign_b, strict_b = _STRICT[type(b)]
    f, g = sign_a * (a.lhs - a.rhs), sign_b * (b.lhs - b.rhs)
    return strict_a == strict_b and _constant_ratio(f, g, budget) and _ratio_positive(f, g)


def _constant_ratio(f: sympy.Basic, g: sympy.Basic, budget: Budget) -> bool:
    """f/g is constant  <=>  f(x) g(y) - f(y) g(x) == 0
    for independent copies x, y of the variables."""
    names = sorted(f.free_symbols | g.free_symbols, key=lambda s: s.name)
    if not names:
        return True
    copies = {s: sympy.Symbol(s.name + "__copy", real=True) for s in names}
    return same_expression(f * g.xreplace(copies), f.xreplace(copies) * g, budget)


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
