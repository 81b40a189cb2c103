"""The form, calculus, renaming and choice tests: each tells right, wrong-form and wrong apart."""

import pytest

from tutor.checking import ANSWER_TESTS, check_answer


def test_all_tests_named():
    assert {
        "AlgEquiv",
        "NumAbsolute",
        "NumRelative",
        "NumSigFigs",
        "EqualComAss",
        "SubstEquiv",
        "Expanded",
        "FacForm",
        "LowestTerms",
        "Diff",
        "Antidiff",
        "Int",
        "MultipleChoice",
        "AnyOf",
    } == ANSWER_TESTS


@pytest.mark.parametrize(
    ("response", "expected", "test", "options", "note"),
    [
        ("2(x-1)", "2x-2", "FacForm", {}, "correct"),
        ("2x-2", "2x-2", "FacForm", {}, "equivalent-not-factored"),
        ("2(x+1)", "2x-2", "FacForm", {}, "not-equivalent"),
        ("x^2-1", "(x-1)(x+1)", "Expanded", {}, "correct"),
        ("(x-1)(x+1)", "x^2-1", "Expanded", {}, "equivalent-not-expanded"),
        ("1/2", "2/4", "LowestTerms", {}, "correct"),
        ("2/4", "1/2", "LowestTerms", {}, "equivalent-not-lowest-terms"),
        ("1/sqrt(3)", "sqrt(3)/3", "LowestTerms", {}, "equivalent-not-lowest-terms"),
        ("x*2+1", "1+2x", "EqualComAss", {}, "correct"),
        ("x+x+1", "2x+1", "EqualComAss", {}, "equivalent-not-same-form"),
        ("X^2+1", "x^2+1", "SubstEquiv", {}, "correct-renamed"),
        ("a^2 = b", "y = x^2", "SubstEquiv", {}, "correct-renamed"),
        ("x^2+1", "x^3+1", "SubstEquiv", {}, "not-equivalent"),
        ("3x^2", "3x^2", "Diff", {"var": "x"}, "correct"),
        ("x^3/3 + c", "x^3/3", "Antidiff", {"var": "x"}, "correct"),
        ("x^3/3", "x^3/3", "Antidiff", {}, "correct"),
        ("2x", "x^3/3", "Antidiff", {}, "differentiated-instead"),
        ("ln(x) + c", "ln(|x|)", "Int", {}, "missing-abs"),
        ("x^3/3 c", "x^3/3", "Antidiff", {}, "not-equivalent"),
        ("B", "B", "MultipleChoice", {"choices": ["A", "B", "C"]}, "correct"),
        ("2", "B", "MultipleChoice", {"choices": ["A", "B", "C"]}, "correct"),
        ("1", "B", "MultipleChoice", {"choices": ["A", "B", "C"]}, "wrong-choice"),
        ("x = -2", "x = 2; x = -2", "AnyOf", {}, "correct"),
        ("x = 3", "x = 2; x = -2", "AnyOf", {}, "not-equivalent"),
    ],
)
def test_notes(response, expected, test, options, note):
    assert check_answer(response, expected, test, options).note == note


def test_any_of_takes_a_list():
    assert check_answer("0.5", ["1/2", "0.25"], "AnyOf").correct


def test_multiple_choice_out_of_range_is_invalid():
    verdict = check_answer("4", "B", "MultipleChoice", {"choices": ["A", "B", "C"]})
    assert not verdict.valid and verdict.note == "not-a-choice"
