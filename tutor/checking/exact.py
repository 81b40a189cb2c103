"""Exact SymPy operations: slow and unbounded, so they run only inside a guarded worker."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from tutor.checking.forms import factor_reason


def is_zero(diff: sympy.Basic) -> str:
    """'equal' when `diff` simplifies to 0, 'different' when SymPy proves it is not,
    else 'unknown'."""
    if sympy.simplify(diff) == 0:
        return "equal"
    if sympy.simplify(sympy.expand(sympy.expand_log(diff, force=False))) == 0:
        return "equal"
    verdict = diff.equals(0)
    if verdict is True:
        return "equal"
    return "different" if verdict is False else "unknown"


def solution_set(statement: sympy.Basic, var: sympy.Symbol) -> sympy.Set | None:
    """The real solutions, for statements built from polynomials, roots and |.| only: SymPy's
    as_set drops the periodic solutions of sin(x)(x - 1) = 0 and answers {1}."""
    if any(
        isinstance(node, sympy.Function) and not isinstance(node, sympy.Abs)
        for node in sympy.preorder_traversal(statement)
    ):
        return None
    try:
        return statement.as_set() if statement.free_symbols == {var} else None
    except (NotImplementedError, TypeError, ValueError):
        return None


def same_solutions(a: sympy.Basic, b: sympy.Basic, var: sympy.Symbol) -> bool | None:
    """Whether the statements have the same real solution set in `var`; None when unknown."""
    set_a, set_b = solution_set(a, var), solution_set(b, var)
    if set_a is None or set_b is None:
        return None
    if isinstance(set_a, sympy.ConditionSet) or isinstance(set_b, sympy.ConditionSet):
        return None
    if set_a == set_b:
        return True
    difference = sympy.Union(sympy.Complement(set_a, set_b), sympy.Complement(set_b, set_a))
    if difference.is_empty is True:
        return True
    return False if difference.is_empty is False else None


def expand(expr: sympy.Basic) -> sympy.Basic:
    return sympy.expand(expr)


def factor(expr: sympy.Basic) -> sympy.Basic:
    return sympy.factor(expr)


def simplify(expr: sympy.Basic) -> sympy.Basic:
    return sympy.simplify(expr)


def integrate(expr: sympy.Basic, x: sympy.Symbol, *bounds: sympy.Basic) -> sympy.Basic:
    result = sympy.integrate(expr, (x, *bounds)) if bounds else sympy.integrate(expr, x)
    if result.has(sympy.Integral):
        raise ValueError("no closed form")
    return result


def diff(expr: sympy.Basic, x: sympy.Symbol, order: int) -> sympy.Basic:
    return sympy.diff(expr, x, order)


def gcd(a: sympy.Basic, b: sympy.Basic) -> sympy.Basic:
    return sympy.gcd(a, b)


def lcm(a: sympy.Basic, b: sympy.Basic) -> sympy.Basic:
    return sympy.lcm(a, b)


def minimum(*args: sympy.Basic) -> sympy.Basic:
    return sympy.Min(*args)


def maximum(*args: sympy.Basic) -> sympy.Basic:
    return sympy.Max(*args)


OPERATIONS: dict[str, Callable[..., sympy.Basic]] = {
    "expand": expand,
    "factor": factor,
    "simplify": simplify,
    "integrate": integrate,
    "diff": diff,
    "gcd": gcd,
    "lcm": lcm,
    "min": minimum,
    "max": maximum,
    "is_zero": is_zero,
    "same_solutions": same_solutions,
    "factor_reason": factor_reason,
}
