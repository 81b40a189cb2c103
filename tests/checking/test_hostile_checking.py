"""Hostile input against the checker's own limits (issue 16, classes 1-4), one test per class.

1. No universal answer: a value too large (or too lopsided) to compute is undecided, never equal.
2. No frozen worker: every check ends within its budget plus half a second.
3. Authors' expressions run under a budget and fail naming the expression, without redrawing.
4. YAML anchors and aliases (alias bombs) are refused before anything is built.

The time bounds are the issue's promise (budget + 0.5 s), far above what a check takes when it
works: they catch a check that runs for seconds or minutes, not a slow machine.
"""

from __future__ import annotations

import re
import time

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.checking import check_answer, guard
from tutor.checking.limits import AUTHOR_TIMEOUT, DEFAULT_TIMEOUT
from tutor.content import ContentErrors
from tutor.content.loader import parse_topic
from tutor.content.model import Template
from tutor.curriculum.topic_text import TextEditError, yaml_mapping
from tutor.questions.spec import TemplateError
from tutor.questions.variant import CompiledTemplate

SLACK = 0.5


@pytest.fixture(scope="module", autouse=True)
def warm_fork_server():
    """The fork server imports SymPy once per process; that start is not any check's time."""
    guard.run_guarded("expand", (sympy.Integer(1),), 60)


def timed_check(response: str, expected: str, test: str = "AlgEquiv", options: dict | None = None):
    started = time.monotonic()
    verdict = check_answer(response, expected, test, options or {"variables": ["x"]})
    return verdict, time.monotonic() - started


# 1. Universal answers -------------------------------------------------------------------------
HUGE = [
    "exp(9999)",
    "(1+sqrt(2))^5000",
    "e^(e^7)",
    "10^1000",
    "exp(9999)*x",
    "-exp(9999)",
    "(x^999+2^200)^1000",
    "(abs(x)^9999+1)^10000",
    "sinh(5000)",
    "factorial(200)^50",
    "1e400",
    "exp(700)^2",
]
EXPECTED = ["24*(4*x+3)^5", "0.2^10", "x+1", "3", "sqrt(2)", "0", "x^2 - 1", "1/x"]
TESTS = [
    ("AlgEquiv", {}),
    ("SubstEquiv", {}),
    ("EqualComAss", {}),
    ("NumRelative", {"tol": 0.05}),
    ("NumAbsolute", {"tol": 0.01}),
    ("NumSigFigs", {"n": 3}),
]


@pytest.mark.parametrize("response", HUGE)
@pytest.mark.parametrize("expected", EXPECTED)
def test_a_huge_value_is_never_equal_to_an_ordinary_answer(response, expected):
    for test, options in TESTS:
        if test.startswith("Num") and "x" in expected:
            continue
        verdict, _ = timed_check(response, expected, test, {"variables": ["x"], **options})
        assert not verdict.correct, (response, expected, test)


@pytest.mark.parametrize(
    "tiny",
    ["exp(-9999)", "10^(-1000)", "1/(2^4000)", "exp(-9999)*x", "x*10^(-500)", "1/factorial(200)^3"],
)
@pytest.mark.parametrize("expected", ["x+1", "24*(4*x+3)^5", "sqrt(2)*x", "log(x)"])
def test_the_right_answer_plus_a_tiny_term_is_not_equal(tiny, expected):
    verdict, _ = timed_check(f"{expected} + {tiny}", expected)
    assert not verdict.correct


@pytest.mark.parametrize("tiny", ["1/exp(9999)", "exp(-9999)*x", "10^(-1000)", "1e-400"])
def test_a_tiny_value_is_not_exactly_zero(tiny):
    verdict, _ = timed_check(tiny, "0")
    assert not verdict.correct


@pytest.mark.parametrize("response", ["exp(9999)", "1e400", "(1+sqrt(2))^5000"])
def test_numeric_tests_refuse_a_huge_value_against_a_huge_answer(response):
    verdict, _ = timed_check(response, "3*10^400", "NumRelative", {"tol": 0.05})
    assert not verdict.correct


# 2. Frozen workers ------------------------------------------------------------------------------
FREEZERS = [
    "(x^999+2^200)^1000",
    "(abs(x)^9999+1)^10000",
    "((x+1)^60+1)^60",
    "((((x+1)^9+1)^9+1)^9+1)^9",
    "(x^10000+1)/(x^9999+1)",
    "(2^4000*x+1)^200",
    "(x+y+z+1)^200",
    "sin(x)^9999",
    "(1+sqrt(2))^5000",
    "tan(10^1000)",
]
FORMS = [
    ("AlgEquiv", "x+1"),
    ("FacForm", "(x+1)*(x-1)"),
    ("Expanded", "x^2+2*x+1"),
    ("LowestTerms", "1/(x+1)"),
    ("EqualComAss", "x+1"),
    ("Diff", "2*x"),
    ("Antidiff", "x^2"),
    ("AlgEquiv", "x^2 = 1"),
    ("AlgEquiv", "x^2 > 1"),
]


@pytest.mark.parametrize("response", FREEZERS)
@pytest.mark.parametrize(("test", "expected"), FORMS)
def test_every_check_ends_within_its_budget(response, test, expected):
    if "=" in expected or ">" in expected:
        response = f"{response} = 1" if "=" in expected else f"{response} > 1"
    verdict, elapsed = timed_check(
        response, expected, test, {"variables": ["x", "y", "z"], "var": "x"}
    )
    assert not verdict.correct
    assert elapsed <= DEFAULT_TIMEOUT + SLACK, (response, test, elapsed)


_SMALL = st.sampled_from(["x", "y", "2", "3", "1/2", "sqrt(2)", "pi", "(x+1)", "e"])
_BIG_EXPONENT = st.sampled_from(["999", "5000", "9999", "10000", "300", "(-777)"])
_HOSTILE = st.recursive(
    _SMALL,
    lambda inner: st.one_of(
        st.tuples(inner, _BIG_EXPONENT).map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(st.sampled_from(["exp", "sinh", "cosh", "abs", "sin", "log", "sqrt"]), inner).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(inner, inner, st.sampled_from(["+", "-", "*", "/"])).map(
            lambda t: f"({t[0]}){t[2]}({t[1]})"
        ),
        st.sampled_from(
            ["exp(9999)", "exp(-9999)", "10^1000", "10^(-1000)", "2^4000", "1e400", "1e-400"]
        ),
    ),
    max_leaves=6,
)
_EXPECTED = st.sampled_from(["24*(4*x+3)^5", "x+1", "0.2^10", "x^2*y - 3", "log(x) + 2", "7/3"])
_ALL_TESTS = st.sampled_from(
    [
        "AlgEquiv",
        "SubstEquiv",
        "EqualComAss",
        "NumRelative",
        "NumAbsolute",
        "NumSigFigs",
        "Expanded",
        "FacForm",
        "LowestTerms",
        "Diff",
        "Antidiff",
    ]
)
_NONZERO = st.sampled_from(
    [
        "exp(9999)",
        "exp(-9999)",
        "10^(-1000)",
        "1/(2^4000)",
        "(1+sqrt(2))^5000",
        "exp(-9999)*x",
        "x^9999*10^(-900)",
        "(x^999+2^200)^1000",
    ]
)


def _mentions_x(text: str) -> bool:
    return re.search(r"\bx\b", text) is not None


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(expected=_EXPECTED, extra=_NONZERO, hostile=_HOSTILE, test=_ALL_TESTS)
def test_generated_hostile_answers_are_never_correct_and_always_on_time(
    expected, extra, hostile, test
):
    """Two responses that are not equivalent by construction: the expected answer plus a term that
    is never zero, and an unrelated hostile expression (when it cannot equal the answer)."""
    options = {"variables": ["x", "y"], "var": "x", "n": 3, "tol": 0.01}
    responses = [f"({expected}) + ({extra})"]
    if test == "Antidiff" and not _mentions_x(extra):
        responses = []  # an antiderivative plus a constant is one too
    if test in ("NumRelative", "NumAbsolute"):
        responses = []  # a tolerance admits a tiny extra term (exp(-9999)) by design
    if _mentions_x(expected) and not _mentions_x(hostile):
        responses.append(hostile)  # a constant can never equal an expression in x
    for response in responses:
        verdict, elapsed = timed_check(response, expected, test, options)
        assert not verdict.correct, (response, expected, test)
        assert elapsed <= DEFAULT_TIMEOUT + SLACK, (response, test, elapsed)


def test_true_equivalences_survive_the_guards():
    for response, expected in [
        ("(x+1)^300", "(1+x)^300"),
        ("exp(9999)", "exp(9998)*e"),
        ("x*exp(-50)", "x/exp(50)"),
        ("2^400*x", "x*2^400"),
    ]:
        verdict, _ = timed_check(response, expected)
        assert verdict.correct, (response, expected)


# 3. Authors' expressions ------------------------------------------------------------------------
def _template(parameters: dict, constraints: list[str] | None = None) -> CompiledTemplate:
    spec = {
        "id": "slow",
        "parameters": parameters,
        "variables": ["x"],
        "prompt": "Find {{a}}.",
        "answer": "a",
        "tests": [],
    }
    if constraints:
        spec["constraints"] = constraints
    return CompiledTemplate("topic", Template(id="slow", spec=spec))


@pytest.mark.parametrize(
    "expression",
    [
        "diff(exp(sin(x)^x)*tan(x^x)/(1+cosh(x)^x), x, 20)",
        "expand((x+a+1)^900*(x-a)^900)",
        "factor(x^997 - a)",
    ],
)
def test_a_slow_author_expression_fails_naming_it(expression):
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        _template({"a": {"int": [2, 9]}, "g": {"expr": expression}}).variant(1)
    assert expression in str(caught.value)
    assert "budget" in str(caught.value)
    assert time.monotonic() - started <= AUTHOR_TIMEOUT + 2 * SLACK


def test_a_constraint_that_always_times_out_is_not_redrawn():
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        _template(
            {"a": {"int": [2, 9]}}, ["diff(exp(sin(x)^x)*tan(x^x)/(1+cosh(x)^(x+a)), x, 20) != 0"]
        ).variant(1)
    assert "budget" in str(caught.value)
    assert time.monotonic() - started <= AUTHOR_TIMEOUT + 2 * SLACK  # one attempt, not 1,000


# 4. YAML alias bombs ------------------------------------------------------------------------------
def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines)


@pytest.mark.parametrize("levels", [1, 8, 9, 12])
def test_a_topic_file_with_aliases_is_refused(levels):
    text = (
        f"---\nid: bomb\ntitle: Bomb\nlevel: Elementary\n{_bomb(levels)}\n---\n## Core Idea\n\nx\n"
    )
    with pytest.raises(ContentErrors, match="aliases"):
        parse_topic(text, "bomb.md")


@pytest.mark.parametrize(
    "source",
    [
        "id: t\nprompt: &p hello\nsolution: *p\n",
        f"id: t\n{_bomb(9)}\n",
        "id: t\nparameters: &params {a: {int: [1, 2]}}\nother: *params\n",
    ],
)
def test_an_authored_template_with_aliases_is_refused(source):
    with pytest.raises(TextEditError, match="aliases"):
        yaml_mapping(source)
