"""The expected answer as a learner sees it: to the precision the question asks, exact when
exact."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from tutor.checking import check_answer
from tutor.content.loader import load_directory
from tutor.questions import CompiledTemplate
from tutor.questions.numbers import answer_tex

R = sympy.Rational


@pytest.mark.parametrize(
    ("value", "test", "options", "shown"),
    [
        (R(1, 82), "NumAbsolute", {"tol": 0.0001}, "0.0122"),  # not 0.01219512195
        (R(1, 82), "NumRelative", {"tol": 0.01}, "0.0122"),
        (R(1, 82), "NumAbsolute", {}, "0.012"),  # the default tolerance, at least two figures
        (R(6, 5), "NumSigFigs", {"n": 3}, "1.20"),  # trailing zeros are figures
        (R(999, 1000), "NumSigFigs", {"n": 2}, "1.0"),
        (R(3, 7), "NumAbsolute", {"tol": 0}, "\\frac{3}{7}"),  # exact: a fraction
        (sympy.sqrt(2), "NumAbsolute", {"tol": 0}, "\\sqrt{2}"),  # exact: a surd
        (R(1, 8), "NumAbsolute", {"tol": 0}, "0.125"),  # exact and a finite decimal
        (sympy.pi, "NumRelative", {"tol": 0.0001}, "3.1416"),
        (
            R(1234567, 100),
            "NumRelative",
            {"tol": 0.05},
            "12346",
        ),  # no digit left of the point is lost
        (R(1, 3) / 10**7, "NumRelative", {"tol": 0.001}, "3.333 \\times 10^{-8}"),
        (R(-7, 3), "NumAbsolute", {"tol": 0.01}, "-2.33"),
        (R(1, 82), "AlgEquiv", {}, "\\frac{1}{82}"),  # not a numeric test: exact as before
    ],
)
def test_answers_are_shown_as_their_test_asks(value, test, options, shown) -> None:
    assert answer_tex(value, test, options, decimal=False) == shown


def _typed(tex: str) -> str:
    return tex.replace(" \\times 10^{", "*10^(").replace("}", ")") if "\\times" in tex else tex


CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_every_shown_numeric_answer_in_the_content_passes_its_own_test() -> None:
    """Rounded for display, the answer a learner is told must still be right if typed back."""
    topics, errors = load_directory(CONTENT)
    assert not errors
    checked = 0
    for topic in topics:
        for template in topic.templates:
            compiled = CompiledTemplate(topic.id, template)
            for seed in range(3):
                for part in compiled.variant(seed).parts:
                    if part.test not in (
                        "NumAbsolute",
                        "NumRelative",
                        "NumSigFigs",
                    ) or "\\" in part.answer_tex.replace("\\times 10^", ""):
                        continue
                    verdict = check_answer(
                        _typed(part.answer_tex), part.answer, part.test, part.options
                    )
                    assert verdict.correct, (topic.id, template.id, seed, part.answer_tex, verdict)
                    mantissa = part.answer_tex.split(" \\times")[0]
                    assert sum(c.isdigit() for c in mantissa.lstrip("-0.")) <= 10, part.answer_tex
                    checked += 1
    assert checked > 500
