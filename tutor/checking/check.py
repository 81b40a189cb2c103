"""check_answer and preview: the public entry points that turn typed text into a verdict."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import sympy

from tutor.checking import guard
from tutor.checking.answer_tests import SPECIAL_TESTS, TESTS
from tutor.checking.budget import Budget
from tutor.checking.case import Case, read_expected
from tutor.checking.errors import MathSyntaxError, OptionError
from tutor.checking.functions import DECLARED_FUNCTION
from tutor.checking.heavy import is_heavy
from tutor.checking.limits import DEFAULT_TIMEOUT
from tutor.checking.parser import parse
from tutor.checking.render import to_tex
from tutor.checking.verdict import TIMEOUT, Preview, Verdict, invalid

log = logging.getLogger(__name__)

ANSWER_TESTS: frozenset[str] = frozenset(TESTS) | frozenset(SPECIAL_TESTS)


def _symbols(options: dict, expected: sympy.Basic | None = None) -> frozenset[str]:
    names = options.get("variables") or ()
    if isinstance(names, str):
        names = names.replace(",", " ").split()
    symbols = frozenset(str(n) for n in names)
    functions = options.get("functions") or ()
    if isinstance(functions, str):
        functions = functions.replace(",", " ").split()
    symbols |= {f"{name}{DECLARED_FUNCTION}" for name in functions}
    if expected is not None:  # a variable in the expected answer is one the learner may use
        symbols |= {s.name for s in expected.free_symbols if isinstance(s, sympy.Symbol)}
    return symbols


def _syntax_verdict(error: MathSyntaxError) -> Verdict:
    return invalid("invalid-syntax", str(error))


def _response_tex(case: Case) -> str | None:
    try:
        return parse(case.text, symbols=case.symbols, tex=True)
    except (MathSyntaxError, TypeError, ValueError, AttributeError, RecursionError):
        return to_tex(case.response)


def check_answer(response: str, expected: str | sympy.Basic, test: str = "AlgEquiv",
                 options: dict | None = None) -> Verdict:
    """Judge a learner's `response` against `expected` with the STACK answer test `test`.

    Never raises for anything a learner types: unreadable input gives an invalid Verdict that says
    why and where; work past the time budget (option `timeout`, default 1 s) gives note "timeout".
    Raises OptionError (a ValueError) only for an unknown test name or a timeout that is not a
    number. Other mistakes in setting up a question (bad options, an expected answer the test
    cannot use) give an invalid Verdict with note "question-error" that names the problem.
    """
    if test not in ANSWER_TESTS:
        raise OptionError(f"unknown answer test {test!r}; known: {sorted(ANSWER_TESTS)}")
    guard.warm_up()  # the exact fallback's worker starts while the fast path runs
    options = dict(options or {})
    try:
        budget = Budget(float(options.get("timeout", DEFAULT_TIMEOUT)))
    except (TypeError, ValueError):
        raise OptionError(f"option timeout must be seconds, not {options['timeout']!r}") from None
    try:
        return check_with_budget(response, expected, test, options, budget)
    except OptionError as exc:  # shown to whoever checks the content; never crashes a page
        log.warning("question set up wrongly: %s", exc)
        return invalid("question-error", f"This question is set up wrongly: {exc}.")
    except guard.BudgetExceeded:
        return TIMEOUT
    except (RecursionError, MemoryError, OverflowError, ArithmeticError, TypeError,
            AttributeError, ValueError) as exc:
        log.warning("answer check failed closed: %s: %s", type(exc).__name__, exc)
        return invalid("check-failed", "This answer could not be checked. Try writing it differently.")


def check_with_budget(response: str, expected, test: str, options: dict,
                      budget: Budget) -> Verdict:
    """check_answer's work inside an existing budget (AnyOf checks several answers in one)."""
    if test not in ANSWER_TESTS:
        raise OptionError(f"unknown answer test {test!r}")
    if test in SPECIAL_TESTS:
        return SPECIAL_TESTS[test](response, expected, options, budget)
    return _check(response, expected, test, options, budget)


def _check(response: str, expected: str | sympy.Basic, test: str, options: dict,
           budget: Budget) -> Verdict:
    declared = _symbols(options)
    try:
        expected_value, expected_text = read_expected(expected, declared)
    except MathSyntaxError as exc:
        log.warning("expected answer %r cannot be read: %s", expected, exc)
        return invalid("expected-invalid", "This question's answer cannot be read; please report it.")
    symbols = _symbols(options, expected_value)
    try:
        value = parse(response, symbols=symbols)
    except MathSyntaxError as exc:
        return _syntax_verdict(exc)
    budget.check()
    if not guard.in_worker() and (is_heavy(value) or is_heavy(expected_value)):
        verdict = budget.run("check", response, expected, test, options, budget.remaining())
        if verdict is None:
            raise ArithmeticError("the worker could not check this answer")
        return verdict
    case = Case(response, value, expected_value, expected_text, options, symbols, budget)
    verdict = TESTS[test](case)
    return _with_tex(verdict, case)


def _with_tex(verdict: Verdict, case: Case) -> Verdict:
    from dataclasses import replace

    return replace(verdict, response_tex=_response_tex(case))


def preview(response: str, *, symbols: Iterable[str] = ()) -> Preview:
    """As-you-type validation: how the response reads, or what is wrong with it and where."""
    names = frozenset(symbols)
    try:
        parse(response, symbols=names)
        tex = parse(response, symbols=names, tex=True)
    except MathSyntaxError as exc:
        return Preview(False, None, str(exc))
    except (RecursionError, TypeError, ValueError, AttributeError, ArithmeticError):
        return Preview(False, None, "This answer cannot be read.")
    return Preview(True, tex, "")
