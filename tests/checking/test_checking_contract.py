"""check_answer and preview: the contract the rest of the product codes against."""

import pytest
import sympy

from tutor.checking import ANSWER_TESTS, Preview, Verdict, check_answer, parse_expression, preview
from tutor.checking.budget import Budget
from tutor.checking.guard import BudgetExceeded


def test_answer_tests_named():
    assert {"AlgEquiv", "NumAbsolute", "NumRelative", "NumSigFigs"} <= ANSWER_TESTS


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("3(6n+7)", "18n+21"),
        ("x^2+2x+1", "(x+1)^2"),
        ("sin(2x)", "2 sin(x) cos(x)"),
        ("0.5", "1/2"),
        ("50%", "1/2"),
        ("|x|", "sqrt(x^2)"),
        ("e^(i pi)", "-1"),
        ("y = 2x + 1", "2x - y + 1 = 0"),
        ("2 = x", "x = 2"),
        ("x > 2", "2 < x"),
        ("x^2 = 4", "x = 2 or x = -2"),
    ],
)
def test_algequiv_accepts_equivalent(response, expected):
    verdict = check_answer(response, expected)
    assert verdict.valid and verdict.correct and verdict.score == 1.0
    assert verdict.note == "correct"


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("18n+20", "18n+21"),
        ("sqrt(x^2)", "x"),
        ("abs(x)", "x"),
        ("0.334", "1/3"),
        ("x >= 2", "x > 2"),
        ("x = 2", "x^2 = 4"),
        ("x^100", "x^100 + 1"),
    ],
)
def test_algequiv_rejects_different(response, expected):
    verdict = check_answer(response, expected)
    assert verdict.valid and not verdict.correct and verdict.score == 0.0
    assert verdict.note == "not-equivalent"


def test_invalid_response_says_where():
    verdict = check_answer("2x +", "2x")
    assert not verdict.valid and verdict.note == "invalid-syntax"
    assert "character" in verdict.feedback


def test_kind_mismatch_is_invalid():
    assert check_answer("x = 3", "3").note == "expected-expression"
    assert check_answer("3", "x = 3").note == "expected-statement"


def test_expected_may_be_sympy():
    x = sympy.Symbol("x")
    assert check_answer("2x", 2 * x).correct


def test_declared_variables():
    assert check_answer("2 theta", "theta + theta", options={"variables": ["theta"]}).correct
    assert check_answer("2 e", "e + e", options={"variables": ["e"]}).correct


@pytest.mark.parametrize(
    ("response", "expected", "test", "options", "correct"),
    [
        ("0.049", "0.05", "NumRelative", {}, True),
        ("0.0474", "0.05", "NumRelative", {}, False),
        ("0.0475", "0.05", "NumRelative", {}, True),
        ("3.14", "pi", "NumRelative", {"tol": 0.001}, True),
        ("3.1", "pi", "NumRelative", {"tol": 0.001}, False),
        ("0.041", "0.05", "NumAbsolute", {"tol": 0.01}, True),
        ("0.04", "0.05", "NumAbsolute", {"tol": 0.01}, False),  # STACK: strictly less than tol
        ("0.03", "0.05", "NumAbsolute", {"tol": 0.01}, False),
        ("1/3", "0.33", "NumAbsolute", {"tol": 0.01}, True),
        ("1.23", "1.2345", "NumSigFigs", {"n": 3}, True),
        ("1.235", "1.2345", "NumSigFigs", {"n": 3}, False),
        ("1.24", "1.2345", "NumSigFigs", {"n": 3}, False),
        ("1.2", "1.2345", "NumSigFigs", {"n": 3}, False),
        ("1.20e3", "1203", "NumSigFigs", {"n": 3}, True),
        ("1200", "1203", "NumSigFigs", {"n": 2}, True),
        ("0.00120", "0.0012", "NumSigFigs", {"n": 3}, True),
        ("3.142", "pi", "NumSigFigs", {"n": [4, 3]}, True),
    ],
)
def test_numeric_tests(response, expected, test, options, correct):
    verdict = check_answer(response, expected, test, options)
    assert verdict.valid and verdict.correct is correct


def test_sig_figs_notes():
    assert check_answer("1.2", "1.2345", "NumSigFigs", {"n": 3}).note == "wrong-sig-figs"
    assert check_answer("1.24", "1.2345", "NumSigFigs", {"n": 3}).note == "inaccurate"


def test_numeric_test_needs_a_number():
    verdict = check_answer("x", "2", "NumRelative")
    assert not verdict.valid and verdict.note == "not-a-number"


def test_response_tex_shows_the_written_form():
    assert check_answer("2(x+1)", "2x+2").response_tex == "2 \\left(x + 1\\right)"


def test_unknown_test_is_a_programming_error():
    with pytest.raises(ValueError):
        check_answer("1", "1", "NoSuchTest")


def test_verdict_is_frozen():
    verdict = check_answer("1", "1")
    assert isinstance(verdict, Verdict)
    with pytest.raises(AttributeError):
        verdict.correct = False  # type: ignore[misc]


def test_preview():
    assert preview("2(x+1)") == Preview(True, "2 \\left(x + 1\\right)", "")
    bad = preview("2(x+")
    assert not bad.valid and bad.tex is None and "character" in bad.message
    assert preview("2 theta", symbols=["theta"]).valid


def test_a_spaced_e_is_asked_about_with_both_readings_even_without_the_question():
    """1.40e 1 could be 14 or 1.40*e*1: the preview asks (no question needed) and the check
    refuses it as invalid, so no attempt is recorded, and names both readings in the learner's
    digits."""
    shown = preview("1.40e 1")
    verdict = check_answer("1.40e 1", "14", "NumRelative", {"tol": 0.01})
    assert not shown.valid and not verdict.valid and verdict.note == "ambiguous-e"
    assert shown.message == verdict.feedback
    assert "1.40e1 (scientific notation" in verdict.feedback and "1.40*e*1" in verdict.feedback
    assert preview("1.40 e 1", symbols=["e"]).valid  # a declared variable e is just a product


def test_exact_work_past_the_budget_is_stopped():
    big = parse_expression("(x+y+z+1)^150 - (x+y+z+2)^150")
    with pytest.raises(BudgetExceeded):
        Budget(0.2).run("is_zero", big)
    assert check_answer("sin(2x)", "2sin(x)cos(x)").correct  # the killed worker is replaced


def test_checks_from_many_threads_with_one_stuck():
    """A web server checks in threads: one overrunning check must not hold up the others."""
    from concurrent.futures import ThreadPoolExecutor

    big = parse_expression("(x+y+z+1)^150 - (x+y+z+2)^150")

    def stuck():
        try:
            Budget(0.3).run("is_zero", big)
        except BudgetExceeded:
            return "timeout"
        return "finished"

    with ThreadPoolExecutor(max_workers=4) as pool:
        slow = pool.submit(stuck)
        quick = [pool.submit(check_answer, f"{k}x + {k}", f"{k}(x+1)") for k in range(1, 20)]
        assert all(f.result().correct for f in quick)
        assert slow.result() == "timeout"


def test_timeout_option_is_respected_by_the_exact_fallback():
    # Only SymPy's solver can settle this statement; with no time for it, the check must end
    # as a timeout or a rejection, never an acceptance.
    verdict = check_answer("sin(x) > 1/2", "sin(x) >= 1/2", options={"timeout": 0.000001})
    assert not verdict.correct
    assert verdict.note in ("timeout", "not-equivalent")


def test_form_tests_read_a_sympy_expected_answer_as_written():
    expected = parse_expression("x^(3/5)")
    assert check_answer("x^(3/5)", expected, "EqualComAss").correct
    assert check_answer("2(x+1)", parse_expression("2x+2"), "FacForm").correct


@pytest.mark.parametrize("test", ["FacForm", "Expanded", "SubstEquiv", "Diff"])
def test_decimals_are_exact_in_every_equivalence(test):
    assert check_answer("0.1x/3", "x/30", test).correct


def test_a_computed_float_matches_to_its_own_precision():
    expected = sympy.Float(0.25) / sympy.Rational(7, 2)  # an author's float arithmetic
    assert check_answer("0.07142857142857142", expected).correct
    assert check_answer("1/14", expected).correct
    assert not check_answer("0.0714", expected).correct
    assert not check_answer("0.333333333333333", "1/3").correct  # written decimals stay exact


@pytest.mark.parametrize(
    ("test", "options"), [("NoSuchTest", {}), ("AlgEquiv", {"timeout": "soon"})]
)
def test_a_programming_error_raises_option_error(test, options):
    from tutor.checking import OptionError

    with pytest.raises(OptionError):
        check_answer("1", "1", test, options)


@pytest.mark.parametrize(
    ("expected", "test", "options"),
    [
        ("x", "NumRelative", {}),
        ("1", "NumRelative", {"tol": "lots"}),
        ("1", "NumSigFigs", {"n": "three"}),
        ("B", "MultipleChoice", {}),
    ],
)
def test_a_question_set_up_wrongly_gives_an_invalid_verdict(expected, test, options):
    verdict = check_answer("1", expected, test, options)
    assert not verdict.valid and verdict.note == "question-error"
    assert "set up wrongly" in verdict.feedback
