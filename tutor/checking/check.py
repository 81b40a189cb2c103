"""check_answer and preview: the public entry points that turn typed text into a verdict."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace

import sympy

from tutor.checking import guard, quick
from tutor.checking.answer_tests import SPECIAL_TESTS, TESTS
from tutor.checking.answer_tests.algebraic import (
    _DECIMAL_TEXT,
    DECIMAL_CHOICES,
    close_decimal,
    close_enough,
    decimal_bound,
    has_finite_decimal,
    EXPECTED_EXPRESSION,
    EXPECTED_STATEMENT,
    NOT_EQUIVALENT,
)
from tutor.checking.answer_tests.numerical import NOT_A_DECIMAL, NOT_A_NUMBER, significant_figures
from tutor.checking.budget import Budget
from tutor.checking.case import Case, read_expected
from tutor.checking.equivalence import is_statement
from tutor.checking.errors import MathSyntaxError, OptionError
from tutor.checking.functions import DECLARED_FUNCTION
from tutor.checking.heavy import is_heavy
from tutor.checking.limits import DEFAULT_TIMEOUT, MAX_AUTHOR_LENGTH, MAX_LENGTH
from tutor.checking.parser import parse
from tutor.checking.quick_numbers import decide_number
from tutor.checking.render import to_tex
from tutor.checking.verdict import TIMEOUT, Preview, Verdict, correct, invalid

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
        return SPECIAL_TESTS[test](response, expected, options, budget, check_with_budget)
    return _check(response, expected, test, options, budget)


QUICK_OPTIONS = frozenset({"variables", "timeout", "decimals"})


FORM_TESTS = frozenset({"EqualComAss", "Expanded", "FacForm", "LowestTerms"})


def _quick(response: str, expected: str, declared: frozenset[str], options: dict,
           test: str = "AlgEquiv") -> Verdict | None:
    """AlgEquiv of plain expressions, proved without SymPy (tutor.checking.quick), or None. For
    a form test only a proof of difference is used: "not equivalent" whatever the form."""
    if len(response) > MAX_LENGTH or len(expected) > MAX_AUTHOR_LENGTH:
        return None  # refused by the parser: no scanning of a megabyte here first
    if not options.keys() <= QUICK_OPTIONS or options.get("decimals", "ask") not in DECIMAL_CHOICES:
        return None
    if "e" not in declared and _SPACED_E.search(response):
        return None  # 2e 3: the full check explains
    same = quick.decide(response, expected, declared)
    if same is None or (same and test != "AlgEquiv"):
        return None
    names = declared | quick.read(expected, declared, author=True)[1]
    verdict = correct() if same else NOT_EQUIVALENT
    decimal = _DECIMAL_TEXT.match(response)
    if decimal and not same and test == "AlgEquiv":  # a decimal for an exact value? (decimal_for_exact, in Fractions)
        verdict = _close_decimal(response, expected, declared, len(decimal.group(1)), options)
        if verdict is None:
            return None
    return replace(verdict, response_tex=quick.read(response, names, tex=True)[2])


def _quick_kinds(response: str, expected: str, declared: frozenset[str]) -> Verdict | None:
    """An equation where an expression is expected, or the reverse (shape_problem's verdict),
    told from the fast path's reading; None when that cannot tell."""
    if len(response) > MAX_LENGTH or len(expected) > MAX_AUTHOR_LENGTH:
        return None
    if "e" not in declared and _SPACED_E.search(response):
        return None
    kinds = quick.kinds(response, expected, declared)
    if kinds is None or kinds[0] == kinds[1]:
        return None
    names = declared | quick.read(expected, declared, author=True)[1]
    verdict = EXPECTED_STATEMENT if kinds[1] else EXPECTED_EXPRESSION
    return replace(verdict, response_tex=quick.read(response, names, tex=True)[2])


def _close_decimal(response: str, expected: str, declared: frozenset[str], places: int,
                   options: dict) -> Verdict | None:
    """decimal_for_exact for a rational expected answer, exactly; None: the full check decides."""
    node, expected_names, _ = quick.read(expected, declared, author=True)  # as quick.decide did
    if expected_names:
        return NOT_EQUIVALENT  # no decimal stands for an expression with variables
    e, r = quick.exact(node), quick.exact(quick.read(response, declared, tex=True)[0])
    if r is None:
        return None
    if e is not None:
        if has_finite_decimal(e) or not close_enough(abs(r - e), places):
            return NOT_EQUIVALENT
        return close_decimal(options.get("decimals", "ask"))
    root = quick.surd(node)  # q sqrt(n): irrational, and the gap is decided exactly
    if root is None:
        return None  # another irrational value: the full check measures the gap
    if not quick.near_surd(r, *root, decimal_bound(places)):
        return NOT_EQUIVALENT
    return close_decimal(options.get("decimals", "ask"))


def _check(response: str, expected: str | sympy.Basic, test: str, options: dict,
           budget: Budget) -> Verdict:
    declared = _symbols(options)
    if (test == "AlgEquiv" or test in FORM_TESTS) and isinstance(expected, str):
        verdict = _quick(response, expected, declared, options, test)
        if verdict is not None:
            return verdict
    if (test in NUMERIC_TESTS and isinstance(expected, str)
            and ("e" in declared or not _SPACED_E.search(response))):
        verdict = decide_number(response, expected, test, declared, options)
        if verdict is not None:
            return verdict
    if test not in NUMERIC_TESTS and isinstance(expected, str):
        verdict = _quick_kinds(response, expected, declared)
        if verdict is not None:
            return verdict
    guard.warm_up()  # the fast paths could not decide: the exact fallback's worker may be needed
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
    problem = shape_problem(response, value, expected_value, test, symbols, options)
    if problem:
        return _with_tex(problem, Case(response, value, expected_value, expected_text, options,
                                       symbols, budget))
    if not guard.in_worker() and (is_heavy(value) or is_heavy(expected_value)):
        verdict = budget.run("check", response, expected, test, options, budget.remaining())
        if verdict is None:
            raise ArithmeticError("the worker could not check this answer")
        return verdict
    case = Case(response, value, expected_value, expected_text, options, symbols, budget)
    verdict = TESTS[test](case)
    return _with_tex(verdict, case)


def _with_tex(verdict: Verdict, case: Case) -> Verdict:
    return replace(verdict, response_tex=_response_tex(case))


def wrong_case(value: sympy.Basic, symbols: frozenset[str]) -> str | None:
    """X where the question's variable is x: say so rather than grade a different variable."""
    by_lower = {name.lower(): name for name in symbols}
    for symbol in sorted(getattr(value, "free_symbols", ()), key=lambda s: s.name):
        meant = by_lower.get(symbol.name.lower())
        if symbol.name not in symbols and meant:
            return f"This question uses {meant}, not {symbol.name}: letters differ by case."
    return None


NUMERIC_TESTS = frozenset({"NumRelative", "NumAbsolute", "NumSigFigs"})
_TIMES_X = re.compile(r"\d\s*[xX]\s*10")
_SPACED_E = re.compile(r"\d[eE]\s+[+\-\u2212]?\d")


def _case_sensitive(symbols: frozenset[str], test: str, options: dict) -> frozenset[str]:
    """The names whose case matters: in calculus tests only the variable (c and C are both fine
    constants of integration); SubstEquiv renames variables on purpose."""
    if test in ("Int", "Antidiff", "Diff"):
        return frozenset({str(options.get("var") or "x")})
    return symbols


def shape_problem(text: str, value: sympy.Basic, expected: sympy.Basic, test: str,
                  symbols: frozenset[str], options: dict) -> Verdict | None:
    """What the check refuses before grading: one function for the check and the preview, so
    that the preview never calls valid what the check then refuses."""
    clash = None if test == "SubstEquiv" else wrong_case(value, _case_sensitive(symbols, test, options))
    if clash:
        return invalid("wrong-case", clash)
    if "e" not in symbols and _SPACED_E.search(text):
        return invalid("ambiguous-e", "Did you mean a power of ten, such as 1.40e1? Write it without "
                                      "a space, or write e*1 if you mean the number e.")
    if test in NUMERIC_TESTS:
        if is_statement(value) or value.free_symbols:
            if _TIMES_X.search(text):
                return invalid("not-a-number", "Use * or \u00d7 for times in a power of ten "
                                               "(2.38*10^-7), not the letter x.")
            return NOT_A_NUMBER
        if test == "NumSigFigs" and significant_figures(text) is None:
            return NOT_A_DECIMAL
        return None
    if is_statement(expected) and not is_statement(value):
        return EXPECTED_STATEMENT
    if is_statement(value) and not is_statement(expected):
        return EXPECTED_EXPRESSION
    return None


def preview(response: str, *, symbols: Iterable[str] = (), expected: str | sympy.Basic | None = None,
            test: str = "AlgEquiv", options: dict | None = None) -> Preview:
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
    if expected_value is not None and test not in SPECIAL_TESTS:
        problem = shape_problem(response, value, expected_value, test, names, options)
        if problem:
            return Preview(False, tex, problem.feedback)
    return Preview(True, tex, "")
