"""What a check returns: Verdict for a submitted answer, Preview while the learner types."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    valid: bool
    correct: bool
    score: float
    feedback: str
    note: str
    response_tex: str | None = None  # how the response was read, for the live preview


@dataclass(frozen=True)
class Preview:
    valid: bool
    tex: str | None
    message: str


CORRECT_FEEDBACK = "Correct."  # says no more than a verdict's own title


def correct(note: str = "correct", feedback: str = CORRECT_FEEDBACK) -> Verdict:
    return Verdict(True, True, 1.0, feedback, note)


def wrong(note: str, feedback: str = "", score: float = 0.0) -> Verdict:
    return Verdict(True, False, score, feedback, note)


def invalid(note: str, feedback: str) -> Verdict:
    return Verdict(False, False, 0.0, feedback, note)


TIMEOUT = invalid("timeout", "Checking this answer took too long. Try writing it more simply.")
