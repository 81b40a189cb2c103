"""What one graded attempt changes: the topic's estimate and memory, and its neighbours'.

The live engine's ``observe`` (``tutor.engine.tracing.observe``, the function `tutor mastery
evaluate` replays) updates the learner's state: the topic's knowledge estimate, counts and
ability, and along the graph, credit to prerequisites after a success, a failure on the
prerequisite a mistake names, partial failures on the direct prerequisites after
REPEATED_ERRORS wrong answers in a row. Here that state is loaded from and stored to the
database, the topic's estimate is doubted while its prerequisites are not known, and the FSRS
memory states are reviewed (implicitly, too). Only flushes.
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
from tutor.engine.mastery import DEFAULT_PARAMS, BKTParams, doubted
from tutor.engine.propagation import credit_shares
from tutor.engine.tracing.observe import observe, suspicious
from tutor.graph import KnowledgeGraph
from tutor.practice import live_state
from tutor.store.db import dialect_insert
from tutor.store.models import EngineState, FittedParams, Mastery

DEFAULT_TOPIC = "*"


@dataclass
class Evidence:
    """What an attempt did beyond its own topic, for the learner's feedback and for tests."""

    p_known: float
    credited: dict[str, float] = field(default_factory=dict)
    lowered: dict[str, float] = field(default_factory=dict)
    remediation: list[str] = field(default_factory=list)
    p_correct: float | None = None  # the engine's prediction for this answer, made before it


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
    """What an attempt will change, locked before the attempt is appended (see attempts)."""

    rows: dict[str, Mastery]
    params: ParamsTable
    credits: dict[str, float]
    state_row: EngineState
    prerequisites: dict[str, float] = field(default_factory=dict)  # direct ones' estimates


def lock_for_attempt(
    session: Session,
    learner_id: int,
    topic_id: str,
    correct: bool,
    mistake_prerequisite: str | None,
    graph: KnowledgeGraph | None,
    now: datetime,
) -> LockedRows:
    """Lock the learner's engine state, then the topic's row and every row the answer may change.

    The engine state row comes first: it makes one learner's attempts take turns, and it tells
    whether this answer, if wrong, completes REPEATED_ERRORS in a row (its direct prerequisites
    are then lowered, so they are locked too). Mastery rows follow in ``lock_order``.
    """
    state_row = live_state.lock_state(session, learner_id, now)
    in_graph = graph is not None and topic_id in graph
    credits = credit_shares(graph, topic_id) if graph is not None and in_graph and correct else {}
    wanted = {topic_id, *credits}
    direct = list(graph.prerequisites(topic_id)) if graph is not None and in_graph else []
    if (
        graph is not None
        and in_graph
        and not correct
        and mistake_prerequisite
        and mistake_prerequisite in graph
    ):
        wanted.add(mistake_prerequisite)
    elif in_graph and not correct and suspicious(min(_streak(state_row, topic_id), 0) - 1):
        wanted.update(direct)
    params = params_table(session, wanted)
    rows = lock_rows(session, learner_id, lock_order(graph, wanted), params, now)
    unread = [p for p in direct if p not in rows]
    known = (
        dict(
            session.execute(
                select(Mastery.topic_id, Mastery.p_known).where(
                    Mastery.learner_id == learner_id, Mastery.topic_id.in_(unread)
                )
            ).all()
        )
        if unread
        else {}
    )
    prerequisites = {
        p: rows[p].p_known if p in rows else known.get(p, params.get(p).p_init) for p in direct
    }
    return LockedRows(rows, params, credits, state_row, prerequisites)


def _streak(state_row: EngineState, topic_id: str) -> int:
    skill = (state_row.state or {}).get("skills", {}).get(topic_id)
    return int(skill[3]) if skill else 0


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
    """Fold one practice answer into the learner's state through the live engine's ``observe``."""
    if locked is None:
        locked = lock_for_attempt(
            session, learner_id, topic_id, correct, mistake_prerequisite, graph, now
        )
    rows = locked.rows
    engine = live_state.engine_params(session)
    p_known = {**locked.prerequisites, **{t: row.p_known for t, row in rows.items()}}
    state = live_state.load(locked.state_row, p_known, engine)
    in_graph = graph is not None and topic_id in graph
    evidence_graph = live_state.graph_evidence(graph) if in_graph and graph is not None else None
    observed = observe(
        engine, state, [topic_id], correct, now.timestamp(), evidence_graph, mistake_prerequisite
    )
    mastery = rows[topic_id]
    skill = state.skills[topic_id]
    mastery.p_known = doubted(skill.p_known, list(locked.prerequisites.values()), skill.recent)
    state.skills[topic_id].p_known = mastery.p_known
    mastery.attempts = (mastery.attempts or 0) + 1
    mastery.correct = (mastery.correct or 0) + int(correct)
    mastery.evidence = (mastery.evidence or 0.0) + 1.0
    mastery.card, mastery.due_at = reviews.review(mastery.card, correct, now)
    if correct or observed.remediation:
        # Answered right, or its errors flagged what it builds on: the flag passes to that
        # foundation (the topic comes back on the frontier once the foundation is shored up).
        mastery.remediation = False
    mastery.updated_at = now
    live_state.store(locked.state_row, state, now)
    evidence = Evidence(mastery.p_known, p_correct=observed.p_correct)
    for prerequisite, p in observed.credited.items():
        row = _shift(rows[prerequisite], p, locked.credits[prerequisite], now)
        if locked.credits[prerequisite] >= reviews.REVIEW_SHARE and row.card:
            row.card, row.due_at = reviews.review(row.card, True, now)
        evidence.credited[prerequisite] = row.p_known
    suspects = evidence_graph.suspects(topic_id) if evidence_graph is not None else {}
    for prerequisite, p in observed.lowered.items():
        share = 1.0 if prerequisite == mistake_prerequisite else suspects.get(prerequisite, 1.0)
        evidence.lowered[prerequisite] = _shift(rows[prerequisite], p, share, now).p_known
    for prerequisite in observed.remediation:
        rows[prerequisite].remediation = True
        evidence.remediation.append(prerequisite)
    return evidence


def _shift(row: Mastery, p_known: float, share: float, now: datetime) -> Mastery:
    row.p_known = p_known
    row.evidence = (row.evidence or 0.0) + share
    row.updated_at = now
    return row
