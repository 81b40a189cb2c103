"""Form tests: right value and right form. "Equivalent but not factored" is not "wrong"."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from tutor.checking import forms
from tutor.checking.answer_tests.algebraic import kind_mismatch
from tutor.checking.case import Case
from tutor.checking.equivalence import equivalent, is_statement
from tutor.checking.structure import canonical, evaluate_tree
from tutor.checking.verdict import Verdict, correct, wrong

FEEDBACK = {
    "expanded": "Your answer is equivalent to the correct answer, but it is not expanded.",
    "factored": "Your answer is equivalent to the correct answer, but it is not fully factored.",
    "lowest-terms": "Your answer is equivalent to the correct answer, but it is not in lowest "
    "terms.",
    "same-form": "Your answer is equivalent to the correct answer, but not written in the "
    "expected form.",
}
NOT_EQUIVALENT = "Your answer is not equivalent to the correct answer."


def _form_test(case: Case, form: str, problem: Callable[[Case], str | None]) -> Verdict:
    mismatch = kind_mismatch(case)
    if mismatch:
        return mismatch
    same = equivalent(case.response_exact(), case.expected, case.budget)
    reason = problem(case)
    if same and reason is None:
        return correct()
    if same:
        return wrong(f"equivalent-not-{form}", FEEDBACK[form])
    return wrong("not-equivalent", NOT_EQUIVALENT)


def _sides(tree: sympy.Basic) -> list[sympy.Basic]:
    """Form rules apply to each side of an equation and each part of a statement."""
    if is_statement(tree) and tree.args:
        return [side for arg in tree.args for side in _sides(arg)]
    return [tree]


def expanded(case: Case) -> Verdict:
    def problem(c: Case) -> str | None:
        return next(filter(None, (forms.not_expanded(s) for s in _sides(c.response_form()))), None)

    return _form_test(case, "expanded", problem)


def _factor_problem(case: Case) -> str | None:
    for side in _sides(case.response_form()):
        candidates = forms.factor_candidates(side)
        if side.is_Add:
            candidates.append(evaluate_tree(side))
        for candidate in candidates:
            if forms.is_small(candidate):
                reason = forms.sum_not_factored(candidate)
            else:
                outcome = case.budget.run("factor_reason", candidate) or "too-large-to-check"
                reason = None if outcome == "ok" else outcome
            if reason:
                return reason
    return None


def fac_form(case: Case) -> Verdict:
    return _form_test(case, "factored", _factor_problem)


def lowest_terms(case: Case) -> Verdict:
    def problem(c: Case) -> str | None:
        return next(
            filter(None, (forms.not_lowest_terms(s) for s in _sides(c.response_form()))), None
        )

    return _form_test(case, "lowest-terms", problem)


def equal_com_ass(case: Case) -> Verdict:
    def problem(c: Case) -> str | None:
        same = canonical(c.response_form()) == canonical(c.expected_form())
        return None if same else "different-form"

    return _form_test(case, "same-form", problem)
