"""Form predicates on written trees: expanded, factored, lowest terms.

Each returns None when the form is right, or a short reason code when it is not.
"""

from __future__ import annotations

from math import gcd

import sympy

from tutor.checking.structure import (
    degree_bound,
    evaluate_tree,
    is_rational_sum,
    product_factors,
    walk,
)

SMALL_DEGREE = 12  # factorising bigger polynomials goes to the guarded worker


def _has_symbols_or_surds(expr: sympy.Basic) -> bool:
    return not is_rational_sum(expr)


def not_expanded(tree: sympy.Basic) -> str | None:
    """A product with a sum as a factor, or a sum raised to a whole power, is not expanded."""
    for node in walk(tree):
        if node.is_Mul and any(
            f.is_Add and _has_symbols_or_surds(f) for f in product_factors(node)
        ):
            return "not-expanded"
        if (
            node.is_Pow
            and node.base.is_Add
            and _positive_whole(node.exp)
            and node.exp != 1
            and _has_symbols_or_surds(node.base)
        ):
            return "not-expanded"
    return None


def _positive_whole(exp: sympy.Basic) -> bool:
    value = evaluate_tree(exp)
    return value.is_Integer and value > 0


# factored -------------------------------------------------------------------------
def factor_candidates(tree: sympy.Basic) -> list[sympy.Basic]:
    """The written factors whose own form matters: bases of the top-level product."""
    candidates = []
    for factor in product_factors(tree):
        base = factor
        while base.is_Pow and evaluate_tree(base.exp).is_Integer:
            base = base.base
        if base.is_Mul:
            candidates.extend(factor_candidates(base))
        elif base.is_Add:
            candidates.append(evaluate_tree(base))
    return candidates


def sum_not_factored(expr: sympy.Basic) -> str | None:
    """Why a written sum is not a finished factor: a common factor or a further factorisation."""
    if not expr.free_symbols:
        return None
    pulled = sympy.factor_terms(expr)
    if pulled.is_Mul:
        coeff, rest = pulled.as_coeff_Mul()
        symbolic = [f for f in sympy.Mul.make_args(rest) if not f.is_Add]
        if symbolic or (coeff.is_Rational and abs(coeff.p) != 1) or (coeff.is_Float and coeff != 1):
            return "common-factor"
    try:
        poly = sympy.Poly(expr)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, ValueError, TypeError):
        return None
    if any(g.is_Pow and g.exp.is_negative for g in poly.gens):
        return "not-a-polynomial-factor"
    if poly.total_degree() <= 1:
        return None
    _, factors = sympy.factor_list(poly)
    count = sum(mult for f, mult in factors if f.total_degree() > 0)
    return "factorises-further" if count > 1 else None


def is_small(expr: sympy.Basic) -> bool:
    if degree_bound(expr, other=1) > SMALL_DEGREE:
        return False
    try:
        poly = sympy.Poly(expr)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, ValueError, TypeError):
        return True
    return poly.total_degree() <= SMALL_DEGREE and len(poly.gens) <= 4


# lowest terms ---------------------------------------------------------------------
def not_lowest_terms(tree: sympy.Basic) -> str | None:
    for node in walk(tree):
        if node.is_Mul:
            reason = _fraction_reason(node)
            if reason:
                return reason
        if node.is_Pow and _negative(node.exp) and _irrational_denominator(node.base):
            return "denominator-not-rational"
    return None


def _negative(exp: sympy.Basic) -> bool:
    value = evaluate_tree(exp)
    return value.is_Number and value.is_negative


def _irrational_denominator(base: sympy.Basic) -> bool:
    value = evaluate_tree(base)
    if value.has(sympy.I):
        return True
    return any(
        n.is_Pow and n.base.is_number and not evaluate_tree(n.exp).is_Integer for n in walk(value)
    )


def _fraction_reason(node: sympy.Basic) -> str | None:
    numerators, denominators = [], []
    for factor in product_factors(node):
        if factor.is_Pow and _negative(factor.exp):
            denominators.append(sympy.Pow(evaluate_tree(factor.base), -evaluate_tree(factor.exp)))
        else:
            numerators.append(evaluate_tree(factor))
    if not denominators:
        return None
    num, den = sympy.Mul(*numerators), sympy.Mul(*denominators)
    if num.is_Integer and den.is_Integer:
        if gcd(int(num), int(den)) != 1 or (num < 0 and den < 0):
            return "fraction-not-lowest"
        return None
    if not (num.free_symbols or den.free_symbols):
        return None
    if max(degree_bound(num), degree_bound(den)) > SMALL_DEGREE:
        return None  # too big to cancel inline; such answers are not asked of learners
    common = sympy.gcd(num, den)
    if common.free_symbols or (common.is_Rational and abs(common) != 1):
        return "fraction-not-lowest"
    return None


def factor_reason(expr: sympy.Basic) -> str:
    """sum_not_factored for the worker: 'ok' rather than None, which means the worker failed."""
    return sum_not_factored(expr) or "ok"
