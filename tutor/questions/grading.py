"""Grading a response to a variant: the answer test, then the common-mistake rules."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.checking import Verdict, check_answer
from tutor.questions.variant import Mistake, Variant


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
    def note(self) -> str:
        return self.mistake.note if self.mistake else self.verdict.note


def grade(variant: Variant, response: str) -> Grade:
    """Grade ``response``; a wrong answer is matched against the mistake rules in order."""
    verdict = check_answer(response, variant.answer, variant.test, variant.options)
    if not verdict.valid or verdict.correct:
        return Grade(verdict)
    for mistake in variant.mistakes:
        if check_answer(response, mistake.answer, _mistake_test(variant.test), variant.options).correct:
            return Grade(verdict, mistake)
    return Grade(verdict)


def _mistake_test(test: str) -> str:
    """Form tests judge form; a mistake is recognised by its value alone."""
    if test in ("Expanded", "FacForm", "LowestTerms", "EqualComAss", "MultipleChoice", "AnyOf"):
        return "AlgEquiv"
    return test
