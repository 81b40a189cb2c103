"""Grading a response to a variant: the answer test, then the common-mistake rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from tutor.checking import Verdict, check_answer, to_plain
from tutor.checking.verdict import CORRECT_FEEDBACK
from tutor.questions.variant import Mistake, Part, Variant


@dataclass(frozen=True)
class Grade:
    verdict: Verdict
    mistake: Mistake | None = None

    @property
    def valid(self) -> bool:
        return self.verdict.valid

    @property
    def correct(self) -> bool:
        return self.verdict.correct

    @property
    def feedback(self) -> str:
        return self.mistake.feedback if self.mistake else self.verdict.feedback

    @property
    def remark(self) -> str:
        """Feedback that says more than the verdict itself ("" for a plain "Correct.")."""
        return "" if self.feedback == CORRECT_FEEDBACK else self.feedback

    @property
    def note(self) -> str:
        return self.mistake.note if self.mistake else self.verdict.note


def grade(variant: Variant, response: str, part: int = 0) -> Grade:
    """Grade ``response`` to one part;
    a wrong answer is matched against its mistake rules in order."""
    return grade_part(variant.parts[part], response)


# Tests of the written form compare against the expected answer as written, not as SymPy
# evaluated it (SymPy stores 3/4 as a Rational, which no longer looks like a quotient).
FORM_TESTS = frozenset({"EqualComAss", "Expanded", "FacForm", "LowestTerms"})


def _expected(part: Part) -> Any:
    if part.test in FORM_TESTS and isinstance(part.answer, sympy.Basic):
        return to_plain(part.answer)
    return part.answer


def grade_part(part: Part, response: str) -> Grade:
    verdict = check_answer(response, _expected(part), part.test, part.options)
    if not verdict.valid or verdict.correct:
        return Grade(verdict)
    for mistake in part.mistakes:
        if check_answer(response, mistake.answer, _mistake_test(part.test), part.options).correct:
            return Grade(verdict, mistake)
    return Grade(verdict)


def grade_all(variant: Variant, responses: list[str]) -> list[Grade]:
    """Grade one response per part, in order."""
    if len(responses) != len(variant.parts):
        raise ValueError(f"expected {len(variant.parts)} responses, got {len(responses)}")
    return [
        grade_part(part, response) for part, response in zip(variant.parts, responses, strict=True)
    ]


def _mistake_test(test: str) -> str:
    """Form tests judge form; a mistake is recognised by its value alone."""
    if test in ("Expanded", "FacForm", "LowestTerms", "EqualComAss", "MultipleChoice", "AnyOf"):
        return "AlgEquiv"
    return test
