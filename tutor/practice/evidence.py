"""What one graded attempt changes: the topic's estimate and memory, and its neighbours'.

The topic gets a full BKT step and an FSRS review. Along the graph: a success credits the
prerequisites (see ``propagation``); a mistake rule that names a prerequisite counts as a failure
on it and flags it for remediation; REPEATED_ERRORS wrong answers in a row count as partial
failures on the direct prerequisites and flag the weakest one. Only flushes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.engine import reviews
from tutor.engine.mastery import (
    DEFAULT_PARAMS,
    REPEATED_ERRORS,
    BKTParams,
    bkt_update,
    partial_update,
)
from tutor.engine.propagation import credit_shares, repeated_errors, suspect_shares
from tutor.graph import KnowledgeGraph
from tutor.store.db import dialect_insert
from tutor.store.models import PRACTICE, Attempt, FittedParams, Mastery

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
    return params_table(session, [topic_id]).get(topic_id)


class ParamsTable:
    """The BKT parameters of a few topics, read in one query."""

    def __init__(self, fitted: dict[str, BKTParams]) -> None:
        self._fitted = fitted

    def get(self, topic_id: str) -> BKTParams:
        return self._fitted.get(topic_id) or self._fitted.get(DEFAULT_TOPIC) or DEFAULT_PARAMS


def params_table(session: Session, topic_ids: Iterable[str]) -> ParamsTable:
    wanted = {*topic_ids, DEFAULT_TOPIC}
    rows = session.execute(
        select(
            FittedParams.topic_id,
            FittedParams.p_init,
            FittedParams.p_learn,
            FittedParams.p_slip,
            FittedParams.p_guess,
        ).where(FittedParams.topic_id.in_(sorted(wanted)))
    )
    return ParamsTable({topic_id: BKTParams(*values) for topic_id, *values in rows})


def lock_order(graph: KnowledgeGraph | None, topic_ids: Iterable[str]) -> list[str]:
    """Topics in the one order every transaction locks mastery rows in: deepest first.

    A topic is deeper than each of its prerequisites, so an attempt that locks its own topic
    first and the prerequisites after it keeps to this order too, and two attempts of one
    learner can never each hold a row the other waits for.
    """

    def depth(topic_id: str) -> int:
        return graph.figures(topic_id).depth if graph is not None and topic_id in graph else 0

    return sorted(set(topic_ids), key=lambda t: (-depth(t), t))


def lock_rows(
    session: Session, learner_id: int, topic_ids: Sequence[str], params: ParamsTable, now: datetime
) -> dict[str, Mastery]:
    """The learner's mastery rows of ``topic_ids``, inserted where missing and locked until the
    transaction ends, in one statement.

    An upsert that rewrites a key column with itself takes the row lock that ``FOR UPDATE`` would
    on PostgreSQL (SQLite's IMMEDIATE transaction already holds the database's write lock), and
    two first answers arriving together cannot both insert a row: one waits for the other. Rows
    are sent in ``topic_ids`` order, which should be ``lock_order``.
    """
    if not topic_ids:
        return {}
    rows = session.scalars(
        _upsert_returning(session.get_bind().dialect.name),
        [
            {
                "learner_id": learner_id,
                "topic_id": topic_id,
                "p_known": params.get(topic_id).p_init,
                "attempts": 0,
                "correct": 0,
                "claimed_known": False,
                "evidence": 0.0,
                "remediation": False,
                "updated_at": now,
            }
            for topic_id in topic_ids
        ],
        execution_options={"populate_existing": True},
    )
    return {row.topic_id: row for row in rows}


@functools.cache
def _upsert_returning(dialect_name: str) -> Any:
    # One statement object per dialect, so SQLAlchemy compiles it once; the rows go in as
    # parameter sets, which it sends as one multi-row INSERT.
    statement = dialect_insert(dialect_name, Mastery)
    return statement.on_conflict_do_update(
        index_elements=[Mastery.learner_id, Mastery.topic_id],
        set_={"learner_id": statement.excluded.learner_id},
    ).returning(Mastery)


def mastery_row(
    session: Session, learner_id: int, topic_id: str, params: BKTParams = DEFAULT_PARAMS
) -> Mastery:
    mastery = session.get(Mastery, (learner_id, topic_id), with_for_update=True)
    if mastery is None:
        mastery = Mastery(
            learner_id=learner_id,
            topic_id=topic_id,
            p_known=params.p_init,
            attempts=0,
            correct=0,
            claimed_known=False,
            evidence=0.0,
            remediation=False,
        )
        session.add(mastery)
    return mastery


@dataclass
class LockedRows:
    """The rows an attempt will change, locked before the attempt is appended (see services)."""

    rows: dict[str, Mastery]
    params: ParamsTable
    credits: dict[str, float]


def lock_for_attempt(
    session: Session,
    learner_id: int,
    topic_id: str,
    correct: bool,
    mistake_prerequisite: str | None,
    graph: KnowledgeGraph | None,
    now: datetime,
) -> LockedRows:
    """Lock the topic's row and every row a success credits or a named mistake lowers.

    The prerequisites suspected after repeated errors are only known once the attempt is in the
    log; ``apply_attempt`` locks those itself, after these, which keeps to ``lock_order``.
    """
    in_graph = graph is not None and topic_id in graph
    credits = credit_shares(graph, topic_id) if graph is not None and in_graph and correct else {}
    wanted = {topic_id, *credits}
    if (
        graph is not None
        and in_graph
        and not correct
        and mistake_prerequisite
        and mistake_prerequisite in graph
    ):
        wanted.add(mistake_prerequisite)
    params = params_table(session, wanted)
    return LockedRows(
        lock_rows(session, learner_id, lock_order(graph, wanted), params, now), params, credits
    )


def apply_attempt(
    session: Session,
    learner_id: int,
    topic_id: str,
    correct: bool,
    mistake_prerequisite: str | None,
    graph: KnowledgeGraph | None,
    now: datetime,
    locked: LockedRows | None = None,
) -> Evidence:
    if locked is None:
        locked = lock_for_attempt(
            session, learner_id, topic_id, correct, mistake_prerequisite, graph, now
        )
    rows, params = locked.rows, locked.params
    topic_params = params.get(topic_id)
    mastery = rows[topic_id]
    mastery.p_known = bkt_update(mastery.p_known, correct, topic_params)
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
        for prerequisite, share in locked.credits.items():
            row = _shift(rows[prerequisite], True, share, params, now)
            if share >= reviews.REVIEW_SHARE and row.card:
                row.card, row.due_at = reviews.review(row.card, True, now)
            evidence.credited[prerequisite] = row.p_known
    elif mistake_prerequisite and mistake_prerequisite in graph:
        row = _shift(rows[mistake_prerequisite], False, 1.0, params, now)
        row.remediation = True
        evidence.lowered[mistake_prerequisite] = row.p_known
        evidence.remediation.append(mistake_prerequisite)
    elif repeated_errors(_recent_results(session, learner_id, topic_id)):
        suspects = suspect_shares(graph, topic_id)
        suspect_params = params_table(session, suspects)
        suspect_rows = lock_rows(
            session, learner_id, lock_order(graph, suspects), suspect_params, now
        )
        shifted = [
            _shift(suspect_rows[p], False, share, suspect_params, now)
            for p, share in suspects.items()
        ]
        evidence.lowered.update({row.topic_id: row.p_known for row in shifted})
        if shifted:
            weakest = min(shifted, key=lambda row: (row.p_known, row.topic_id))
            weakest.remediation = True
            evidence.remediation.append(weakest.topic_id)
    return evidence


def _shift(
    row: Mastery, correct: bool, share: float, params: ParamsTable, now: datetime
) -> Mastery:
    row.p_known = partial_update(row.p_known, correct, share, params.get(row.topic_id))
    row.evidence = (row.evidence or 0.0) + share
    row.updated_at = now
    return row


def _recent_results(session: Session, learner_id: int, topic_id: str) -> list[bool]:
    session.flush()
    return list(
        session.scalars(
            select(Attempt.correct)
            .where(
                Attempt.learner_id == learner_id,
                Attempt.topic_id == topic_id,
                Attempt.source == PRACTICE,
            )
            .order_by(Attempt.id.desc())
            .limit(REPEATED_ERRORS)
        )
    )
