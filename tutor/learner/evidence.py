"""What one graded attempt changes: the topic's estimate and memory, and its neighbours'.

The topic gets a full BKT step and an FSRS review. Along the graph: a success credits the
prerequisites (see ``propagation``); a mistake rule that names a prerequisite counts as a failure
on it and flags it for remediation; REPEATED_ERRORS wrong answers in a row count as partial
failures on the direct prerequisites and flag the weakest one. Only flushes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.graph import KnowledgeGraph
from tutor.learner import reviews
from tutor.learner.mastery import DEFAULT_PARAMS, REPEATED_ERRORS, BKTParams, bkt_update, partial_update
from tutor.learner.models import Attempt, FittedParams, Mastery
from tutor.learner.propagation import credit_shares, repeated_errors, suspect_shares

DEFAULT_TOPIC = "*"


@dataclass
class Evidence:
    """What an attempt did beyond its own topic, for the learner's feedback and for tests."""

    p_known: float
    credited: dict[str, float] = field(default_factory=dict)
    lowered: dict[str, float] = field(default_factory=dict)
    remediation: list[str] = field(default_factory=list)


def params_for(session: Session, topic_id: str) -> BKTParams:
    """Fitted parameters of the topic, else the fitted default, else the built-in default."""
    for key in (topic_id, DEFAULT_TOPIC):
        row = session.get(FittedParams, key)
        if row is not None:
            return BKTParams(row.p_init, row.p_learn, row.p_slip, row.p_guess)
    return DEFAULT_PARAMS


def mastery_row(session: Session, learner_id: int, topic_id: str, params: BKTParams = DEFAULT_PARAMS) -> Mastery:
    mastery = session.get(Mastery, (learner_id, topic_id), with_for_update=True)
    if mastery is None:
        mastery = Mastery(learner_id=learner_id, topic_id=topic_id, p_known=params.p_init, attempts=0,
                          correct=0, claimed_known=False, evidence=0.0, remediation=False)
        session.add(mastery)
    return mastery


def apply_attempt(session: Session, learner_id: int, topic_id: str, correct: bool,
                  mistake_prerequisite: str | None, graph: KnowledgeGraph | None,
                  now: datetime) -> Evidence:
    params = params_for(session, topic_id)
    mastery = mastery_row(session, learner_id, topic_id, params)
    mastery.p_known = bkt_update(mastery.p_known, correct, params)
    mastery.attempts = (mastery.attempts or 0) + 1
    mastery.correct = (mastery.correct or 0) + int(correct)
    mastery.evidence = (mastery.evidence or 0.0) + 1.0
    mastery.card, mastery.due_at = reviews.review(mastery.card, correct, now)
    if correct:
        mastery.remediation = False
    mastery.updated_at = now
    evidence = Evidence(mastery.p_known)
    if graph is None or topic_id not in graph:
        return evidence
    if correct:
        for prerequisite, share in credit_shares(graph, topic_id).items():
            row = _shift(session, learner_id, prerequisite, True, share, now)
            if share >= reviews.REVIEW_SHARE and row.card:
                row.card, row.due_at = reviews.review(row.card, True, now)
            evidence.credited[prerequisite] = row.p_known
    elif mistake_prerequisite and mistake_prerequisite in graph:
        row = _shift(session, learner_id, mistake_prerequisite, False, 1.0, now)
        row.remediation = True
        evidence.lowered[mistake_prerequisite] = row.p_known
        evidence.remediation.append(mistake_prerequisite)
    elif repeated_errors(_recent_results(session, learner_id, topic_id)):
        rows = [_shift(session, learner_id, p, False, share, now)
                for p, share in suspect_shares(graph, topic_id).items()]
        evidence.lowered.update({row.topic_id: row.p_known for row in rows})
        if rows:
            weakest = min(rows, key=lambda row: (row.p_known, row.topic_id))
            weakest.remediation = True
            evidence.remediation.append(weakest.topic_id)
    return evidence


def _shift(session: Session, learner_id: int, topic_id: str, correct: bool, share: float,
           now: datetime) -> Mastery:
    params = params_for(session, topic_id)
    row = mastery_row(session, learner_id, topic_id, params)
    row.p_known = partial_update(row.p_known, correct, share, params)
    row.evidence = (row.evidence or 0.0) + share
    row.updated_at = now
    return row


def _recent_results(session: Session, learner_id: int, topic_id: str) -> list[bool]:
    session.flush()
    return list(session.scalars(select(Attempt.correct).where(
        Attempt.learner_id == learner_id, Attempt.topic_id == topic_id)
        .order_by(Attempt.id.desc()).limit(REPEATED_ERRORS)))
