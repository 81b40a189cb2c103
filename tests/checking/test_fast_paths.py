"""The fast paths (tutor.checking.fast) give exactly the full check's verdict, or none.

Every verdict a fast path gives is compared with the full check's on the same input (the table,
the hostile inputs and a grid of near misses: decimals, relations, powers, functions of
constants, numbers at the edges of the parser's limits).
"""

import itertools

import pytest

try:
    from tests.checking.checking_cases import CASES, HOSTILE
except ImportError:  # pytest's default import mode puts this folder itself on sys.path
    from checking_cases import CASES, HOSTILE
from tutor.checking import check as check_module
from tutor.checking.budget import Budget
from tutor.checking.fast import fast_verdict

RESPONSES = [
    "sin x",
    "asin(x)",
    "arcsin x",
    "sec(x)",
    "1/cos(x)",
    "x = log(0)",
    "log(x-x)",
    "0.5",
    "0.33",
    "0.333",
    "-2.33",
    "7.07",
    "7.1",
    "1.41",
    "1.414",
    "2.0",
    "0.25",
    "0.2",
    "0.3",
    "2x+2",
    "x^2",
    "sqrt(4)",
    "4^(1/2)",
    "8^(-2/3)",
    "5!",
    "binomial(5, 2)",
    "max(1, 2)",
    "floor(-2.5)",
    "sgn(0)",
    "50%",
    "5.1e-2",
    "1e3",
    "x = 1",
    "2x = 2",
    "x > 1",
    "1 < x",
    "-x > -1",
    "x >= 1",
    "x != 1",
    "x + y = 1",
    "2 = 2",
    "sqrt(2)",
    "2sqrt(2)",
    "(-8)^(1/3)",
    "0^0",
    "1/(x-x)",
    "3.14",
    "3.1416",
    "0.1353",
    "2.72",
    "(x+1)^100 - 1",
    "2^2000",
    "(2^65)^64",
    "x^10000",
    "22/7",
    "x = 2 or x = -2",
    "1 < x < 3",
    "|x| < 2",
    "x/(x-1) > 0",
    "x(x-3) = 0",
    "(x-1)^2 = 0",
    "x + 1 > x",
    "e^10001",
    "tan(pi/2)",
]
EXPECTED = [
    "sin(x)",
    "1/cos(x)",
    "y = log(2)",
    "1/2",
    "1/3",
    "-7/3",
    "sqrt(50)",
    "sqrt(2)",
    "2",
    "x",
    "2x+2",
    "120",
    "-1",
    "0",
    "x = 1",
    "x > 1",
    "x >= 1",
    "y = 1 - x",
    "2 sqrt(2)",
    "1/4",
    "3/8",
    "pi",
    "e^-2",
    "-e",
    "1 = 1",
    "log(0)",
    "x^2 - 4 = 0",
    "x = 3 or x = -3",
    "-2 < x < 2",
    "x = 2.5",
    "(x+1)^100",
    "2^2000",
]
GRID_TESTS = {
    "AlgEquiv": [{}, {"decimals": "accept"}, {"decimals": "reject"}],
    "NumAbsolute": [{}, {"tol": 0.01}, {"tol": 0}],
    "NumRelative": [{}, {"tol": 0.01}],
    "NumSigFigs": [{"n": 2}, {"n": [3, -1]}, {"n": [3, 0]}],
    "EqualComAss": [{}],
    "FacForm": [{}],
    "Diff": [{}],
}


def _inputs():
    for case in CASES:
        if isinstance(case.expected, str):
            yield case.response, case.expected, case.test, case.options
    for text, expected in itertools.product(HOSTILE, ["x", "1"]):
        yield text, expected, "AlgEquiv", {}
    for test, options in GRID_TESTS.items():
        for response, expected, option in itertools.product(RESPONSES, EXPECTED, options):
            yield response, expected, test, option


def _full(response, expected, test, options):
    """The full check alone (no fast path), with a budget no loaded machine runs out of."""
    return check_module._check(response, expected, test, dict(options), Budget(60.0), fast=False)


def test_every_fast_verdict_is_the_full_checks():
    decided = 0
    for response, expected, test, options in _inputs():
        declared = check_module._symbols(options)
        verdict = fast_verdict(response, expected, test, declared, dict(options))
        if verdict is None:
            continue
        decided += 1
        assert verdict == _full(response, expected, test, options), (
            response,
            expected,
            test,
            options,
        )
    assert decided >= 1000  # the fast paths are in use, not silently bypassed


@pytest.mark.parametrize(
    "response, expected, test, options, note",
    [
        ("x = 1/2", "2x = 1", "AlgEquiv", {}, "correct"),  # a constant multiple
        ("-2 > -2x", "x > 1", "AlgEquiv", {}, "correct"),  # a positive one, sides swapped
        ("x >= 1", "x > 1", "AlgEquiv", {}, "not-equivalent"),  # they differ at x = 1
        ("0.33", "1/3", "AlgEquiv", {}, "decimal-for-exact"),
        ("7.07", "sqrt(50)", "AlgEquiv", {"decimals": "accept"}, "correct"),
        ("7.08", "sqrt(50)", "AlgEquiv", {}, "not-equivalent"),
        ("(1+x)^100 - 1", "(x+1)^100", "AlgEquiv", {}, "not-equivalent"),
        ("sin 5n", "sin(5n)", "AlgEquiv", {"variables": ["n"]}, "correct"),
        ("binomial(5, 2)", "10", "AlgEquiv", {}, "correct"),
        ("1.04×10^(-33)", "1e-33", "NumRelative", {}, "correct"),
        ("0.1429", "1/7", "NumSigFigs", {"n": [4, -1]}, "correct"),
        ("0.1353", "e^-2", "NumRelative", {"tol": 0.001}, "correct"),
        ("0.135", "e^-2", "NumRelative", {"tol": 0.001}, "not-within-tolerance"),
        ("x^2 = 1", "x^2 - 1", "Diff", {}, "expected-expression"),
    ],
)
def test_the_fast_paths_decide_these(response, expected, test, options, note):
    verdict = fast_verdict(response, expected, test, check_module._symbols(options), options)
    assert verdict is not None and verdict.note == note, verdict
    assert verdict == _full(response, expected, test, options)


@pytest.mark.parametrize(
    "response, expected, test",
    [
        ("log(0)", "x", "AlgEquiv"),  # the parser refuses it: it says why
        ("2^5000/2^4990", "1024", "AlgEquiv"),  # a number the parser refuses as too large
        ("x = 1", "(x-1)^3 = 0", "AlgEquiv"),  # same roots: the full check weighs multiplicity
        ("x^2 = 4", "x = 2 or x = -2", "AlgEquiv"),  # equal, but not a constant multiple
        ("sqrt(2)", "1.414", "NumAbsolute"),  # not a plain number
    ],
)
def test_the_fast_paths_leave_these_to_the_full_check(response, expected, test):
    assert fast_verdict(response, expected, test, frozenset(), {}) is None


def _undecided_inputs():
    """The table's inputs for AlgEquiv and the form tests, and the grid for AlgEquiv and
    EqualComAss (FacForm's grid would factor (x+1)^100 - 1 again and again)."""
    form_tests = ("AlgEquiv", "EqualComAss", "FacForm", "Expanded", "LowestTerms")
    for case in CASES:
        if isinstance(case.expected, str) and case.test in form_tests:
            yield case.response, case.expected, case.test, case.options
    for test in ("AlgEquiv", "EqualComAss"):
        for response, expected, option in itertools.product(RESPONSES, EXPECTED, GRID_TESTS[test]):
            yield response, expected, test, option


def test_a_check_the_fast_path_read_but_left_undecided_is_the_full_checks():
    """A form test's equivalent answer, an equality no fast path proves: the full check judges
    it, taking the response's TeX from the fast path's reading of it (read with the same
    names). The verdict, TeX included, is the full check's alone."""
    compared = 0
    for response, expected, test, options in _undecided_inputs():
        declared = check_module._symbols(options)
        if fast_verdict(response, expected, test, declared, dict(options)) is not None:
            continue  # compared with the full check above
        with_fast = check_module._check(response, expected, test, dict(options), Budget(60.0))
        assert with_fast == _full(response, expected, test, options), (response, expected, test)
        compared += 1
    assert compared >= 300
