"""AlgEquiv: the response means the same as the expected answer."""

from __future__ import annotations

from tutor.checking.case import Case
from tutor.checking.equivalence import equivalent, is_statement
from tutor.checking.verdict import Verdict, correct, invalid, wrong

EXPECTED_STATEMENT = invalid("expected-statement",
                             "Your answer should be an equation or inequality, such as x = 2.")
EXPECTED_EXPRESSION = invalid("expected-expression",
                              "Your answer should be an expression, not an equation or inequality.")


def kind_mismatch(case: Case) -> Verdict | None:
    """An equation where an expression is expected (or the reverse) is unreadable, not wrong."""
    if is_statement(case.expected) and not is_statement(case.response):
        return EXPECTED_STATEMENT
    if is_statement(case.response) and not is_statement(case.expected):
        return EXPECTED_EXPRESSION
    return None


def alg_equiv(case: Case) -> Verdict:
    mismatch = kind_mismatch(case)
    if mismatch:
        return mismatch
    if equivalent(case.response, case.expected, case.budget):
        return correct()
    return wrong("not-equivalent", "Your answer is not equivalent to the correct answer.")
