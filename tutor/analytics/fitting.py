"""`tutor mastery fit`: the engine's parameters from the attempt log, stored for the server.

BKT parameters per topic (used to start new mastery rows): a topic with at least MIN_RESPONSES
responses gets its own; every topic also falls back to a default ("*") fitted on all responses
pooled as one skill. The live engine's parameters (``fit_live``, with the graph's evidence) are
stored for the current content version; the server uses the newest fit at or below its
version. Only flushes.
"""

from __future__ import annotations

import math

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tutor.curriculum.catalog import content_version
from tutor.engine.reviews import as_utc
from tutor.engine.tracing import bkt
from tutor.engine.tracing.live_fit import fit_live
from tutor.engine.tracing.log import ResponseLog, from_columns
from tutor.engine.tracing.observe import GraphEvidence
from tutor.graph import KnowledgeGraph
from tutor.practice.attempts import question_answers
from tutor.practice.evidence import DEFAULT_TOPIC, practice_item
from tutor.practice.fitted import fits_changed
from tutor.store.models import PRACTICE, Attempt, EngineFit, FittedParams, utcnow

MIN_RESPONSES = 50


def attempt_log(session: Session) -> ResponseLog | None:
    """Practice answers in the order they were applied, with their times: one response per
    question, right when every part is, as the server observed it (``question_answers``)."""
    rows = session.execute(
        select(
            Attempt.learner_id,
            Attempt.part,
            Attempt.topic_id,
            Attempt.template_id,
            Attempt.duration_ms,
            Attempt.correct,
            Attempt.created_at,
        )
        .where(Attempt.source == PRACTICE)
        .order_by(Attempt.id)
    ).all()
    if not rows:
        return None
    asked = [
        (learner, part, (topic, template, duration), correct, at)
        for learner, part, topic, template, duration, correct, at in rows
    ]
    learners, questions, correct, times = zip(*question_answers(asked), strict=True)
    # Times only order rows within a learner by id already; ties keep that order.
    return from_columns(
        [str(x) for x in learners],
        [topic for topic, _, _ in questions],
        [int(c) for c in correct],
        [as_utc(t).timestamp() for t in times],
        items=[practice_item(topic, template) for topic, template, _ in questions],
        seconds=[ms / 1000 if ms is not None else math.nan for _, _, ms in questions],
    )


def fit_engine(session: Session, graph: KnowledgeGraph | None) -> EngineFit | None:
    """Fit the live engine on the attempt log and store it for the current content version."""
    log = attempt_log(session)
    if log is None:
        return None
    engine = fit_live(log, GraphEvidence(graph) if graph is not None else None)
    version = content_version(session)
    row = session.get(EngineFit, version) or EngineFit(content_version=version)
    row.params, row.responses, row.fitted_at = engine.to_json(), len(log), utcnow()
    session.add(row)
    session.flush()
    fits_changed(session)
    return row


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
    fits_changed(session)
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
