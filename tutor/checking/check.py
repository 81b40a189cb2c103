"""check_answer and preview: the public entry points that turn typed text into a verdict."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import sympy

from tutor.checking import guard
from tutor.checking.answer_tests import SPECIAL_TESTS, TESTS
from tutor.checking.answer_tests.algebraic import EXPECTED_EXPRESSION, EXPECTED_STATEMENT
from tutor.checking.answer_tests.numerical import NOT_A_DECIMAL, NOT_A_NUMBER, significant_figures
from tutor.checking.budget import Budget
from tutor.checking.case import Case, read_expected
from tutor.checking.equivalence import is_statement
from tutor.checking.errors import MathSyntaxError, OptionError
from tutor.checking.fast import NUMERIC_TESTS, SPACED_E, fast_verdict, response_tex, with_tex
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


def _response_tex(case: Case, known: tuple | None = None) -> str | None:
    """The response's TeX as written; `known`: (names, TeX) from the fast path's reading."""
    if known is not None and known[0] == case.symbols:
        return known[1]  # read with the same names: the TeX this parse would give
    try:
        return parse(case.text, symbols=case.symbols, tex=True)
    except (MathSyntaxError, TypeError, ValueError, AttributeError, RecursionError):
        return to_tex(case.response)


def check_answer(
    response: str, expected: str | sympy.Basic, test: str = "AlgEquiv", options: dict | None = None
) -> Verdict:
    """Judge a learner's `response` against `expected` with the STACK answer test `test`.

    Never raises for anything a learner types: unreadable input gives an invalid Verdict that says
    why and where; work past the time budget (option `timeout`, default 1 s) gives note "timeout".
    Raises OptionError (a ValueError) only for an unknown test name or a timeout that is not a
    number. Other mistakes in setting up a question (bad options, an expected answer the test
    cannot use) give an invalid Verdict with note "question-error" that names the problem.
    """
    if test not in ANSWER_TESTS:
        raise OptionError(f"unknown answer test {test!r}; known: {sorted(ANSWER_TESTS)}")
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
    except (
        RecursionError,
        MemoryError,
        OverflowError,
        ArithmeticError,
        TypeError,
        AttributeError,
        ValueError,
    ) as exc:
        log.warning("answer check failed closed: %s: %s", type(exc).__name__, exc)
        return invalid(
            "check-failed", "This answer could not be checked. Try writing it differently."
        )


def check_with_budget(
    response: str, expected: str | sympy.Basic, test: str, options: dict, budget: Budget
) -> Verdict:
    """check_answer's work inside an existing budget (AnyOf checks several answers in one)."""
    if test not in ANSWER_TESTS:
        raise OptionError(f"unknown answer test {test!r}")
    if test in SPECIAL_TESTS:
        return SPECIAL_TESTS[test](response, expected, options, budget, check_with_budget)
    return _check(response, expected, test, options, budget)


def _check(
    response: str,
    expected: str | sympy.Basic,
    test: str,
    options: dict,
    budget: Budget,
    fast: bool = True,
) -> Verdict:
    declared = _symbols(options)
    read: list[bool] = []
    if fast and isinstance(expected, str):  # tutor.checking.fast: proofs without SymPy
        verdict = fast_verdict(response, expected, test, declared, options, read)
        if verdict is not None:
            return verdict
    guard.warm_up()  # the fast paths could not decide: the exact fallback's worker may be needed
    try:
        expected_value, expected_text = read_expected(expected, declared)
    except MathSyntaxError as exc:
        log.warning("expected answer %r cannot be read: %s", expected, exc)
        return invalid(
            "expected-invalid", "This question's answer cannot be read; please report it."
        )
    symbols = _symbols(options, expected_value)
    try:
        value = parse(response, symbols=symbols)
    except MathSyntaxError as exc:
        return _syntax_verdict(exc)
    budget.check()
    problem = shape_problem(response, value, expected_value, test, symbols, options)
    if problem:
        return _with_tex(
            problem,
            Case(response, value, expected_value, expected_text, options, symbols, budget),
            _known_tex(read, response, expected_text, declared),
        )
    if not guard.in_worker() and (is_heavy(value) or is_heavy(expected_value)):
        verdict = budget.run("check", response, expected, test, options, budget.remaining())
        if verdict is None:
            raise ArithmeticError("the worker could not check this answer")
        return verdict
    case = Case(response, value, expected_value, expected_text, options, symbols, budget)
    verdict = TESTS[test](case)
    return _with_tex(verdict, case, _known_tex(read, response, expected_text, declared))


def _known_tex(
    read: list[bool], response: str, expected_text: str | None, declared: frozenset[str]
) -> tuple | None:
    """The fast path's reading of the response, when it read one (no new parse here)."""
    if not read or expected_text is None:
        return None
    return response_tex(response, expected_text, declared)


def _with_tex(verdict: Verdict, case: Case, known: tuple | None = None) -> Verdict:
    return with_tex(verdict, _response_tex(case, known))


def wrong_case(value: sympy.Basic, symbols: frozenset[str]) -> str | None:
    """X where the question's variable is x: say so rather than grade a different variable."""
    by_lower = {name.lower(): name for name in symbols}
    for symbol in sorted(getattr(value, "free_symbols", ()), key=lambda s: s.name):
        meant = by_lower.get(symbol.name.lower())
        if symbol.name not in symbols and meant:
            return f"This question uses {meant}, not {symbol.name}: letters differ by case."
    return None


_TIMES_X = re.compile(r"\d\s*[xX]\s*10")


def _case_sensitive(symbols: frozenset[str], test: str, options: dict) -> frozenset[str]:
    """The names whose case matters: in calculus tests only the variable (c and C are both fine
    constants of integration); SubstEquiv renames variables on purpose."""
    if test in ("Int", "Antidiff", "Diff"):
        return frozenset({str(options.get("var") or "x")})
    return symbols


def ambiguous_e(text: str) -> Verdict | None:
    """Ask about a spaced e between numbers instead of reading it silently as times e."""
    match = SPACED_E.search(text)
    if match is None:
        return None
    mantissa, exponent = match.groups()
    exponent = exponent.replace("\u2212", "-")
    times_e = f"{mantissa}*e*{exponent}" if exponent[0].isdigit() else f"{mantissa}*e{exponent}"
    return invalid(
        "ambiguous-e",
        f"Did you mean {mantissa}e{exponent} (scientific notation, "
        f"{mantissa} \u00d7 10^{exponent}) or {times_e} (with the number e)? "
        f"Write it without spaces, or with * for times.",
    )


def shape_problem(
    text: str,
    value: sympy.Basic,
    expected: sympy.Basic,
    test: str,
    symbols: frozenset[str],
    options: dict,
) -> Verdict | None:
    """What the check refuses before grading: one function for the check and the preview, so
    that the preview never calls valid what the check then refuses."""
    clash = (
        None if test == "SubstEquiv" else wrong_case(value, _case_sensitive(symbols, test, options))
    )
    if clash:
        return invalid("wrong-case", clash)
    if "e" not in symbols:
        spaced = ambiguous_e(text)
        if spaced:
            return spaced
    if test in NUMERIC_TESTS:
        if is_statement(value) or value.free_symbols:
            if _TIMES_X.search(text):
                return invalid(
                    "not-a-number",
                    "Use * or \u00d7 for times in a power of ten (2.38*10^-7), not the letter x.",
                )
            return NOT_A_NUMBER
        if test == "NumSigFigs" and significant_figures(text) is None:
            return NOT_A_DECIMAL
        return None
    if is_statement(expected) and not is_statement(value):
        return EXPECTED_STATEMENT
    if is_statement(value) and not is_statement(expected):
        return EXPECTED_EXPRESSION
    return None


def preview(
    response: str,
    *,
    symbols: Iterable[str] = (),
    expected: str | sympy.Basic | None = None,
    test: str = "AlgEquiv",
    options: dict | None = None,
) -> Preview:
    """As-you-type validation: how the response reads, or what is wrong with it and where.

    Given the question (its expected answer, test and options), it reads the response exactly
    as the check will (the same variables, functions and answer kind) and says what the check
    would refuse, without grading.
    """
    names = frozenset(symbols)
    expected_value = None
    if expected is not None:
        options = dict(options or {})
        try:
            expected_value, _ = read_expected(expected, _symbols(options))
        except MathSyntaxError:
            expected_value = None
        names |= _symbols(options, expected_value)
    try:
        value = parse(response, symbols=names)
        tex = parse(response, symbols=names, tex=True)
    except MathSyntaxError as exc:
        return Preview(False, None, str(exc))
    except (RecursionError, TypeError, ValueError, AttributeError, ArithmeticError):
        return Preview(False, None, "This answer cannot be read.")
    spaced = None if "e" in names else ambiguous_e(response)
    if spaced and (expected_value is None or test in SPECIAL_TESTS):
        return Preview(False, tex, spaced.feedback)  # without the question, still ask
    if expected_value is not None and test not in SPECIAL_TESTS:
        problem = shape_problem(response, value, expected_value, test, names, options or {})
        if problem:
            return Preview(False, tex, problem.feedback)
    return Preview(True, tex, "")
