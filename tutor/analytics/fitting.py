"""`tutor mastery fit`: BKT parameters per topic from the attempt log, stored for the engine.

A topic with at least MIN_RESPONSES responses gets its own parameters; every topic also falls
back to a default ("*") fitted on all responses pooled as one skill. Only flushes.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tutor.engine.tracing import bkt
from tutor.engine.tracing.log import ResponseLog, from_columns
from tutor.practice.evidence import DEFAULT_TOPIC
from tutor.store.models import PRACTICE, Attempt, FittedParams, utcnow

MIN_RESPONSES = 50


def attempt_log(session: Session) -> ResponseLog | None:
    rows = session.execute(
        select(Attempt.learner_id, Attempt.topic_id, Attempt.correct)
        .where(Attempt.source == PRACTICE)
        .order_by(Attempt.id)
    ).all()
    if not rows:
        return None
    learners, topics, correct = zip(*rows, strict=True)
    return from_columns([str(x) for x in learners], list(topics), [int(c) for c in correct])


def _row(topic_id: str, params: bkt.SkillBKT, skill: int, responses: int) -> FittedParams:
    return FittedParams(
        topic_id=topic_id,
        p_init=float(params.init[skill]),
        p_learn=float(params.learn[skill]),
        p_slip=float(params.slip[skill]),
        p_guess=float(params.guess[skill]),
        responses=responses,
        fitted_at=utcnow(),
    )


def fit_from_attempts(session: Session) -> list[FittedParams]:
    """Replace the stored fits with new ones; returns them (empty if there are no attempts)."""
    log = attempt_log(session)
    session.execute(delete(FittedParams))
    if log is None:
        return []
    counts = np.bincount(log.skill, minlength=len(log.skill_names))
    per_topic = bkt.fit(log, len(log.skill_names))
    pooled_log = ResponseLog(
        log.learner,
        np.zeros(len(log), dtype=np.int64),
        log.correct,
        log.time,
        log.learner_names,
        np.array([DEFAULT_TOPIC]),
    )
    pooled = bkt.fit(pooled_log, 1)
    rows = [_row(DEFAULT_TOPIC, pooled, 0, len(log))]
    rows += [
        _row(str(name), per_topic, i, int(counts[i]))
        for i, name in enumerate(log.skill_names)
        if counts[i] >= MIN_RESPONSES
    ]
    session.add_all(rows)
    session.flush()
    return rows
