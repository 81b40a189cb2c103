"""Answering a diagnostic's question ("I know this" check or placement): the sibling of
``tutor.practice.submit.submit``, with its skeleton: read, grade, then write.

Read the diagnostic and its shown question, check the question instance against its position,
grade; only then switch to writing, lock the diagnostic's row, check that no other answer took
the position meanwhile (Conflict if one did), and record through the diagnostic's own rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from tutor.curriculum.catalog import Catalog
from tutor.diagnostics import sessions
from tutor.errors import Conflict
from tutor.practice.submit import check_responses, checked_duration
from tutor.questions import Grade, Variant, grade_all
from tutor.store.db import start_writing
from tutor.store.models import Diagnostic, Learner


class AnswerRule(Protocol):
    def __call__(
        self,
        session: Session,
        catalog: Catalog,
        learner: Learner,
        diagnostic: Diagnostic,
        responses: list[str],
        grades: list[Grade] | None = None,
        duration_ms: int | None = None,
    ) -> Diagnostic: ...


@dataclass(frozen=True)
class DiagnosticAnswer:
    """The diagnostic after the answer; ``grades`` of an unreadable answer, which was not
    recorded."""

    diagnostic: Diagnostic
    variant: Variant
    grades: list[Grade]
    responses: list[str]
    recorded: bool


class Finished(Conflict):
    """The diagnostic has no question to answer any more."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(f"This {diagnostic.kind} is already {diagnostic.status}.")
        self.diagnostic = diagnostic


def answer_diagnostic(
    session: Session,
    catalog: Catalog,
    learner: Learner | None,
    diagnostic_id: int,
    kind: str,
    check_shown: Callable[[str], object],
    read_responses: Callable[[int], Sequence[str]],
    rule: AnswerRule,
    *,
    duration_ms: object = None,
) -> DiagnosticAnswer:
    """Grade and record the answer to the question diagnostic ``diagnostic_id`` shows now.

    ``check_shown(context)`` verifies the question instance the client sent against the
    position of the question shown (raising if it is not that one). NotFound for someone else's
    diagnostic, Finished when it has no question, Conflict when another answer took the
    position first, Invalid or TooLarge for malformed responses.
    """
    duration = checked_duration(duration_ms)
    diagnostic = sessions.find(session, learner, diagnostic_id, kind)
    state = sessions.state_of(diagnostic)
    variant = sessions.current_variant(catalog, state)
    if variant is None or diagnostic.status != "active":
        raise Finished(diagnostic)
    position = sessions.question_context(diagnostic, state)
    check_shown(position)
    responses = check_responses(read_responses(len(variant.parts)), len(variant.parts))
    grades = grade_all(variant, responses)
    if not all(g.valid for g in grades):
        return DiagnosticAnswer(diagnostic, variant, grades, responses, False)
    start_writing(session)
    diagnostic = sessions.reload_for_update(session, diagnostic)
    if (
        diagnostic.status != "active"
        or sessions.question_context(diagnostic, sessions.state_of(diagnostic)) != position
    ):
        raise Conflict("This question has been answered already; answer the current one.")
    assert learner is not None  # sessions.find found the learner's own diagnostic
    rule(session, catalog, learner, diagnostic, responses, grades, duration)
    return DiagnosticAnswer(diagnostic, variant, grades, responses, True)
