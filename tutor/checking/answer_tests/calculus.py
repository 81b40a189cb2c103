"""Diff, Antidiff and Int: derivatives, and antiderivatives as STACK documents them."""

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
    """STACK's Antidiff: the same derivative with respect to `var`, nothing about form: no
    constant of integration is required and ln(u) is as good as ln|u|."""
    mismatch = kind_mismatch(case) or (EXPECTED_EXPRESSION if is_statement(case.response) else None)
    if mismatch:
        return mismatch
    x, response = variable(case), case.response_exact()
    if x not in response.free_symbols and x in case.expected.free_symbols:
        return wrong("not-equivalent", f"Your answer should depend on {x}.")
    if _same_derivative(response, case.expected, x, case):
        return correct()
    return _not_an_antiderivative(response, case.expected, x, case)


def _same_derivative(
    response: sympy.Basic, expected: sympy.Basic, x: sympy.Symbol, case: Case
) -> bool:
    return _differ_by_a_constant(response, expected, x) or same_expression(
        sympy.diff(response, x), sympy.diff(expected, x), case.budget
    )


def _not_an_antiderivative(
    response: sympy.Basic, expected: sympy.Basic, x: sympy.Symbol, case: Case
) -> Verdict:
    if same_expression(response, sympy.diff(expected, x, 2), case.budget):
        return wrong(
            "differentiated-instead", "You seem to have differentiated instead of integrated."
        )
    return wrong("not-equivalent", "Your answer is not an antiderivative of the given function.")


def integral(case: Case) -> Verdict:
    """STACK's Int: an indefinite integral, so exactly one arbitrary constant of integration
    (unless option `noconst`), written as +c, c*k or inside a logarithm (ln(k x)); option `formal`
    asks only that the derivatives agree. If the teacher writes ln|u|, so must the learner; if
    not, either is accepted, but consistently across all the learner's logarithms."""
    mismatch = kind_mismatch(case) or (EXPECTED_EXPRESSION if is_statement(case.response) else None)
    if mismatch:
        return mismatch
    x, response = variable(case), case.response_exact()
    integrand = sympy.diff(case.expected, x)
    teacher = case.expected.xreplace(dict.fromkeys(_constants(case.expected, integrand, x), 0))
    if x not in response.free_symbols and x in teacher.free_symbols:
        return wrong("not-equivalent", f"Your answer should depend on {x}.")
    constants = _constants(response, integrand, x)
    if not same_expression(sympy.diff(response, x), integrand, case.budget):
        return _not_an_antiderivative(
            response.xreplace(dict.fromkeys(constants, 0)), teacher, x, case
        )
    if case.option("formal"):
        return correct()
    if len(constants) > 1:
        names = ", ".join(sorted(c.name for c in constants))
        return wrong(
            "too-many-constants", f"Use one constant of integration, not several ({names})."
        )
    if not constants and not case.option("noconst"):
        return wrong("missing-constant", "Add a constant of integration, for example + c.")
    if constants and not _is_arbitrary(response - teacher, constants.pop()):
        return wrong("odd-constant", "Write the constant of integration as + c.")
    return _log_form(response, case.expected)


def _constants(expr: sympy.Basic, integrand: sympy.Basic, x: sympy.Symbol) -> set[sympy.Symbol]:
    """Names that vanish on differentiating: constants of integration, not parameters."""
    kept = integrand.free_symbols | {x}
    return {s for s in expr.free_symbols if s not in kept}


def _is_arbitrary(difference: sympy.Basic, c: sympy.Symbol) -> bool:
    """difference = a*c + b or a*ln(c) + b (a != 0): it sweeps every constant as c varies.
    c^2 or e^c do not (STACK flags such 'weird constants')."""
    slope = sympy.diff(difference, c)
    copy = sympy.Symbol(c.name + "__copy", real=True)
    for rate in (slope, slope * c):
        if rate.is_zero:
            continue
        if compare(rate, rate.xreplace({c: copy})) is Same.EQUAL:
            return True
    return False


def _log_form(response: sympy.Basic, expected: sympy.Basic) -> Verdict:
    with_abs = [arg.has(sympy.Abs) for arg in _log_arguments(response)]
    if _missing_abs(response, expected):
        return wrong("missing-abs", "Use the absolute value inside the logarithm: ln|u|.")
    if any(with_abs) and not all(with_abs):
        return wrong(
            "inconsistent-abs", "Use absolute values in all of your logarithms or in none of them."
        )
    return correct()
