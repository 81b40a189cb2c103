"""Short diagnostics a learner answers one question at a time: "I know this" checks and placement.

Each is a ``Diagnostic`` row whose JSON state holds the question shown now (topic, template,
seed) and the answers so far, so any app process can continue it. They only flush.
"""

from __future__ import annotations

import copy
import hashlib
from collections import deque
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.curriculum.catalog import Catalog
from tutor.engine.mastery import CLAIM_P_KNOWN, is_mastered
from tutor.errors import Conflict, Invalid, NotFound
from tutor.practice.attempts import attempt_values
from tutor.practice.evidence import mastery_row
from tutor.questions import Grade, Variant, grade_all
from tutor.store.models import (
    CLAIM_CHECK,
    Attempt,
    Diagnostic,
    DiagnosticKind,
    DiagnosticStatus,
    Learner,
    utcnow,
)

CHECK_QUESTIONS = 2


class InvalidAnswer(ValueError):  # not an error of the request: the page shows what to fix
    """The response could not be read: nothing was recorded. ``grades`` say what to fix."""

    def __init__(self, grades: list[Grade]) -> None:
        super().__init__("the answer could not be read")
        self.grades = grades


def state_of(diagnostic: Diagnostic) -> dict[str, Any]:
    # A copy: the caller edits it, and save_state must hand the column a new value to see a change.
    return copy.deepcopy(diagnostic.state)


def save_state(
    diagnostic: Diagnostic, state: dict[str, Any], status: DiagnosticStatus | None = None
) -> None:
    # A copy: a caller may go on editing its dict, and the column sees a change only when it is
    # handed a value that differs from the one it holds.
    diagnostic.state = copy.deepcopy(state)
    diagnostic.status = status or diagnostic.status
    diagnostic.updated_at = utcnow()


def find(
    session: Session,
    learner: Learner | None,
    diagnostic_id: int,
    kind: str,
    for_update: bool = False,
) -> Diagnostic:
    """The learner's own diagnostic of that kind; NotFound for anyone else's or none.
    ``for_update`` locks its row (PostgreSQL) so that concurrent answers take turns."""
    diagnostic = session.get(Diagnostic, diagnostic_id, with_for_update=for_update or None)
    if (
        learner is None
        or diagnostic is None
        or diagnostic.learner_id != learner.id
        or diagnostic.kind != kind
    ):
        raise NotFound(f"You have no {kind} {diagnostic_id}.")
    return diagnostic


def reload_for_update(session: Session, diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic's row read again and locked (PostgreSQL; SQLite's writing transaction holds
    the whole database), so that answers to it take turns and each sees the one before."""
    return (
        session.get(Diagnostic, diagnostic.id, with_for_update=True, populate_existing=True)
        or diagnostic
    )


def question_context(diagnostic: Diagnostic, state: dict[str, Any]) -> str:
    """Where the question shown now stands: answering it moves the position on, so the question
    instance of an answered position is refused."""
    return f"{diagnostic.kind}:{diagnostic.id}:{len(state['answers'])}"


def pick_question(catalog: Catalog, topic_id: str, key: str) -> dict[str, Any]:
    """A template of the topic and a seed, both fixed by ``key``
    (so a reload shows the same one)."""
    digest = hashlib.sha256(key.encode()).digest()
    templates = catalog.topic(topic_id).templates
    template = templates[int.from_bytes(digest[:4], "big") % len(templates)]
    return {
        "topic_id": topic_id,
        "template_id": template.id,
        "seed": int.from_bytes(digest[4:8], "big") & 0x7FFFFFFF,
    }


def current_variant(catalog: Catalog, state: dict[str, Any]) -> Variant | None:
    question = state.get("question")
    if not question:
        return None
    return catalog.template(question["topic_id"], question["template_id"]).variant(question["seed"])


_NAMES = {"claim": "check", "placement": "placement"}  # a diagnostic's kind, as learners read it


def take_answer(
    session: Session,
    catalog: Catalog,
    learner: Learner,
    diagnostic: Diagnostic,
    responses: list[str],
    source: str,
    grades: list[Grade] | None = None,
    duration_ms: int | None = None,
) -> tuple[dict[str, Any], bool]:
    """Log the answer to the shown question of an active diagnostic as attempts from ``source``
    (one row a part); returns the diagnostic's state and whether all parts are right. ``grades``
    are the answer's, when the caller graded it already (before taking the write lock).
    InvalidAnswer if unreadable: nothing is logged."""
    if diagnostic.status != DiagnosticStatus.ACTIVE:
        raise Conflict(f"This {_NAMES[diagnostic.kind]} is already {diagnostic.status}.")
    state = state_of(diagnostic)
    variant = current_variant(catalog, state)
    if variant is None:
        raise Conflict("This diagnostic is finished: there is no question to answer.")
    if len(responses) != len(variant.parts):
        raise Invalid(f"This question has {len(variant.parts)} part(s): send one answer for each.")
    grades = grades if grades is not None else grade_all(variant, responses)
    if not all(g.valid for g in grades):
        raise InvalidAnswer(grades)
    session.add_all(
        Attempt(
            **attempt_values(
                learner, variant, grade, response, part, source, duration_ms=duration_ms
            )
        )
        for part, (grade, response) in enumerate(zip(grades, responses, strict=True))
    )
    return state, all(g.correct for g in grades)


def _checkable(catalog: Catalog, topic_id: str) -> str | None:
    """The topic if it has questions, else the nearest prerequisite that has."""
    queue, seen = deque([topic_id]), {topic_id}
    while queue:
        topic = queue.popleft()
        if catalog.topic(topic).templates:
            return topic
        for p in catalog.graph.prerequisites(topic):
            if p not in seen:
                seen.add(p)
                queue.append(p)
    return None


def start_claim(session: Session, catalog: Catalog, learner: Learner, topic_id: str) -> Diagnostic:
    """ "I know this": weak credit for the topic and its prerequisites, pending a short check.

    Topics not yet mastered move up to CLAIM_P_KNOWN (likely, not mastered); their estimates
    before the claim are kept so that a failed check can undo the credit.
    """
    catalog.topic(topic_id)
    credited = []
    for tid in [topic_id, *sorted(catalog.graph.ancestors(topic_id))]:
        row = mastery_row(session, learner.id, tid)
        row.remediation = False  # the learner says it is known: a check follows, not a repair first
        if is_mastered(row.p_known, bool(row.claimed_known)):
            continue
        if row.claim_prior is None:
            row.claim_prior = row.p_known
        row.p_known = max(row.p_known, CLAIM_P_KNOWN)
        row.evidence = (row.evidence or 0.0) + 0.5
        row.updated_at = utcnow()
        credited.append(tid)
    check_topic = _checkable(catalog, topic_id) if credited else None
    diagnostic = Diagnostic(
        learner_id=learner.id,
        kind=DiagnosticKind.CLAIM,
        topic_id=topic_id,
        state="{}",
        status=DiagnosticStatus.ACTIVE
        if check_topic
        else (DiagnosticStatus.UNCHECKED if credited else DiagnosticStatus.PASSED),
    )
    session.add(diagnostic)
    session.flush()
    question = (
        pick_question(catalog, check_topic, f"claim/{diagnostic.id}/0") if check_topic else None
    )
    save_state(
        diagnostic,
        {"marked": credited, "check_topic": check_topic, "answers": [], "question": question},
    )
    session.flush()
    return diagnostic


def answer_claim(
    session: Session,
    catalog: Catalog,
    learner: Learner,
    diagnostic: Diagnostic,
    responses: list[str],
    grades: list[Grade] | None = None,
    duration_ms: int | None = None,
) -> Diagnostic:
    """One right answer confirms the claim; CHECK_QUESTIONS wrong ones undo its credit."""
    state, correct = take_answer(
        session, catalog, learner, diagnostic, responses, CLAIM_CHECK, grades, duration_ms
    )
    state["answers"].append(correct)
    rows = [mastery_row(session, learner.id, tid) for tid in state["marked"]]
    status = DiagnosticStatus.ACTIVE
    if correct:
        for row in rows:
            row.claimed_known, row.claim_prior = True, None
        status, state["question"] = DiagnosticStatus.PASSED, None
    elif len(state["answers"]) >= CHECK_QUESTIONS:
        for row in rows:
            if row.claim_prior is not None:
                row.p_known, row.claim_prior = min(row.p_known, row.claim_prior), None
        status, state["question"] = DiagnosticStatus.FAILED, None
    else:
        state["question"] = pick_question(
            catalog, state["check_topic"], f"claim/{diagnostic.id}/{len(state['answers'])}"
        )
    save_state(diagnostic, state, status)
    session.flush()
    return diagnostic


def latest(
    session: Session, learner: Learner | None, kind: str, topic_id: str | None = None
) -> Diagnostic | None:
    if learner is None:
        return None
    query = select(Diagnostic).where(Diagnostic.learner_id == learner.id, Diagnostic.kind == kind)
    if topic_id is not None:
        query = query.where(Diagnostic.topic_id == topic_id)
    return session.scalars(query.order_by(Diagnostic.id.desc()).limit(1)).first()
