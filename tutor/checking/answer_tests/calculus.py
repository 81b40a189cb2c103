"""Diff and Antidiff: derivatives, and antiderivatives equal up to an additive constant."""

from __future__ import annotations

import sympy

from tutor.checking.answer_tests.algebraic import EXPECTED_EXPRESSION, kind_mismatch
from tutor.checking.case import Case
from tutor.checking.equivalence import is_statement, same_expression
from tutor.checking.pointwise import Same, compare
from tutor.checking.structure import walk
from tutor.checking.verdict import Verdict, correct, wrong


def variable(case: Case) -> sympy.Symbol:
    """Option `var`, else the expected answer's only variable, else x."""
    name = case.option("var")
    if name:
        return sympy.Symbol(str(name), real=True)
    names = sorted(s.name for s in case.expected.free_symbols)
    if len(names) == 1:
        return sympy.Symbol(names[0], real=True)
    return sympy.Symbol("x", real=True)


def diff(case: Case) -> Verdict:
    mismatch = kind_mismatch(case) or (EXPECTED_EXPRESSION if is_statement(case.response) else None)
    if mismatch:
        return mismatch
    x, response = variable(case), case.response_exact()
    if same_expression(response, case.expected, case.budget):
        return correct()
    if same_expression(sympy.diff(response, x), case.expected, case.budget):
        return wrong("integrated-instead", "You seem to have integrated instead of differentiated.")
    return wrong("not-equivalent", "Your answer is not the correct derivative.")


def _log_arguments(expr: sympy.Basic) -> list[sympy.Basic]:
    return [n.args[0] for n in walk(expr) if isinstance(n, sympy.log)]


def _missing_abs(response: sympy.Basic, expected: sympy.Basic) -> bool:
    """The teacher wrote ln|u| and the learner ln(u): STACK and teachers count that as wrong."""
    wants_abs = any(arg.has(sympy.Abs) for arg in _log_arguments(expected))
    gives_bare = any(not arg.has(sympy.Abs) for arg in _log_arguments(response))
    return wants_abs and gives_bare


def _differ_by_a_constant(f: sympy.Basic, g: sympy.Basic, x: sympy.Symbol) -> bool:
    """f - g the same at x and at an independent copy of x: no derivatives needed (fast, and
    exact for polynomials). Piecewise constants such as ln|x| - ln(x) need the derivatives."""
    copy = sympy.Symbol(x.name + "__copy", real=True)
    return compare(f - g, (f - g).xreplace({x: copy})) is Same.EQUAL


def antidiff(case: Case) -> Verdict:
    mismatch = kind_mismatch(case) or (EXPECTED_EXPRESSION if is_statement(case.response) else None)
    if mismatch:
        return mismatch
    x, response = variable(case), case.response_exact()
    if x not in response.free_symbols and x in case.expected.free_symbols:
        return wrong("not-equivalent", f"Your answer should depend on {x}.")
    if _differ_by_a_constant(response, case.expected, x) or same_expression(
            sympy.diff(response, x), sympy.diff(case.expected, x), case.budget):
        if _missing_abs(response, case.expected):
            return wrong("missing-abs", "Use the absolute value inside the logarithm: ln|u|.")
        return correct()
    if same_expression(response, sympy.diff(case.expected, x, 2), case.budget):
        return wrong("differentiated-instead",
                     "You seem to have differentiated instead of integrated.")
    return wrong("not-equivalent", "Your answer is not an antiderivative of the given function.")
