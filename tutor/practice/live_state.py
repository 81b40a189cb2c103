"""The live engine's state and parameters in the database.

A learner's ``LearnerState`` is one JSON row (``engine_states``), locked at the start of every
attempt, which also makes one learner's attempts take turns; each topic's knowledge estimate
stays in its Mastery row, the one place the rest of the app reads it from. Parameters are the
newest fit (``engine_params``) for a content version at or below the current one, parsed once
per process and fit; with none, the built-in defaults.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tutor.engine.tracing import live
from tutor.engine.tracing.live import DEFAULT_ENGINE, EngineParams, LearnerState
from tutor.engine.tracing.observe import GraphEvidence
from tutor.graph import KnowledgeGraph
from tutor.store.db import dialect_insert
from tutor.store.models import ContentState, EngineFit, EngineState

_PARSED: dict[tuple[int, datetime], EngineParams] = {}
_GRAPHS: weakref.WeakKeyDictionary[KnowledgeGraph, GraphEvidence] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def engine_params(session: Session) -> EngineParams:
    """The parameters fitted for the current content version (or the newest earlier one)."""
    current = select(ContentState.version).where(ContentState.id == 1).scalar_subquery()
    row = session.execute(
        select(EngineFit.content_version, EngineFit.fitted_at)
        .where(EngineFit.content_version <= func.coalesce(current, 0))
        .order_by(EngineFit.content_version.desc())
        .limit(1)
    ).first()
    if row is None:
        return DEFAULT_ENGINE
    key = (row.content_version, row.fitted_at)
    with _LOCK:
        if key not in _PARSED:
            fitted = session.scalar(
                select(EngineFit.params).where(EngineFit.content_version == row.content_version)
            )
            if fitted is None:  # the fit went between the two reads
                return DEFAULT_ENGINE
            _PARSED.clear()  # one fit in use at a time: drop the superseded one
            _PARSED[key] = EngineParams.from_json(fitted)
        return _PARSED[key]


def graph_evidence(graph: KnowledgeGraph) -> GraphEvidence:
    with _LOCK:
        evidence = _GRAPHS.get(graph)
        if evidence is None:
            evidence = _GRAPHS[graph] = GraphEvidence(graph)
        return evidence


@dataclass
class StateRow:
    """A learner's engine state row as an attempt reads and writes it (SQLAlchemy Core, no ORM
    object): the state as JSON and when it was stored."""

    learner_id: int
    state: dict[str, Any]
    updated_at: datetime


def lock_state(session: Session, learner_id: int, now: datetime) -> StateRow:
    """The learner's state row, inserted if missing, locked until the transaction ends."""
    session.flush()  # ORM changes pending in the session go first, as an ORM statement's would
    state, updated_at = (
        session.connection()
        .execute(
            _upsert_returning(session.get_bind().dialect.name),
            {"learner_id": learner_id, "state": {}, "updated_at": now},
        )
        .one()
    )
    return StateRow(learner_id, state, updated_at)


@functools.cache
def _upsert_returning(dialect_name: str) -> Any:
    table = EngineState.__table__
    statement = dialect_insert(dialect_name, table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.learner_id], set_={"learner_id": statement.excluded.learner_id}
    ).returning(table.c.state, table.c.updated_at)


def load(row: StateRow, p_known: Mapping[str, float], params: EngineParams) -> LearnerState:
    return live.state_from_json(row.state or {}, p_known, params)


def store(row: StateRow, state: LearnerState, now: datetime) -> None:
    row.state = live.state_to_json(state)
    row.updated_at = now


def learner_state(session: Session, learner_id: int) -> dict[str, Any]:
    """The stored state (read only), for reports and predictions outside an attempt."""
    stored = session.scalar(select(EngineState.state).where(EngineState.learner_id == learner_id))
    return stored or {}
