"""Written decimals are exact numbers in algebraic comparison."""

import pytest
import sympy

from tutor.checking import check_answer


@pytest.mark.parametrize(
    ("response", "expected", "correct"),
    [
        ("0.1/3", "1/30", True),
        ("(2.8 + 8.8)/3", "116/30", True),
        ("x/0.5", "2x", True),
        ("0.1 + 0.2", "0.3", True),
        ("0.333", "1/3", False),
        ("0.333333333333333", "1/3", False),
        ("0.43", "3/7", False),
    ],
)
def test_decimals_compare_exactly(response: str, expected: str, correct: bool) -> None:
    assert check_answer(response, expected, "AlgEquiv").correct is correct


def test_form_tests_accept_the_expected_answer_itself() -> None:
    from tutor.content.model import Template
    from tutor.questions import CompiledTemplate, grade

    spec = {
        "id": "power",
        "parameters": {"a": {"int": [2, 7]}, "b": {"int": [2, 5]}},
        "variables": ["x"],
        "constraints": ["gcd(a, b) = 1"],
        "prompt": "Simplify",
        "answer": "x^(a/b)",
        "test": "EqualComAss",
    }
    variant = CompiledTemplate("t", Template("power", spec)).variant(3)
    assert grade(variant, variant.answer_plain).correct
    assert isinstance(variant.answer, sympy.Pow)
