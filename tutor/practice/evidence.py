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
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import String, Table, any_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from tutor.engine import reviews
from tutor.engine.mastery import DEFAULT_PARAMS, BKTParams, doubted
from tutor.engine.tracing.live import EngineParams
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


class ParamsTable:
    """The BKT parameters of a few topics, read in one query."""

    def __init__(self, fitted: dict[str, BKTParams]) -> None:
        self._fitted = fitted

    def get(self, topic_id: str) -> BKTParams:
        return self._fitted.get(topic_id) or self._fitted.get(DEFAULT_TOPIC) or DEFAULT_PARAMS


def params_table(session: Session, topic_ids: Iterable[str]) -> ParamsTable:
    return ParamsTable(params_rows(session, {*topic_ids, DEFAULT_TOPIC}))


def params_rows(session: Session, topic_ids: set[str] | None) -> dict[str, BKTParams]:
    """The fitted BKT parameters of ``topic_ids`` (None: of every topic), in one query."""
    query = select(
        FittedParams.topic_id,
        FittedParams.p_init,
        FittedParams.p_learn,
        FittedParams.p_slip,
        FittedParams.p_guess,
    )
    if topic_ids is not None:
        query = query.where(FittedParams.topic_id.in_(sorted(topic_ids)))
    return {topic_id: BKTParams(*values) for topic_id, *values in session.execute(query)}


def lock_order(graph: KnowledgeGraph | None, topic_ids: Iterable[str]) -> list[str]:
    """Topics in the one order every transaction locks mastery rows in: deepest first.

    A topic is deeper than each of its prerequisites, so an attempt that locks its own topic
    first and the prerequisites after it keeps to this order too, and two attempts of one
    learner can never each hold a row the other waits for.
    """

    def depth(topic_id: str) -> int:
        return graph.figures(topic_id).depth if graph is not None and topic_id in graph else 0

    return sorted(set(topic_ids), key=lambda t: (-depth(t), t))


MASTERY = Mastery.__table__
MASTERY_KEYS = tuple(column.key for column in MASTERY.columns)


class MasteryRow:
    """A learner's mastery row as an attempt reads and changes it: the columns' plain values,
    without the ORM's bookkeeping (an attempt touches a topic and every prerequisite it credits,
    ninety rows and more deep in the graph). ``changes`` compares with the values read."""

    learner_id: int
    topic_id: str
    p_known: float
    attempts: int
    correct: int
    claimed_known: bool
    updated_at: datetime
    evidence: float
    remediation: bool
    claim_prior: float | None
    card: dict[str, Any] | None
    due_at: datetime | None

    def __init__(self, values: Sequence[Any]) -> None:
        # The columns as attributes, in the table's order, then what was read (the instance
        # dictionary keeps that order: a row's values are copied out of it at C speed).
        self.__dict__.update(zip(MASTERY_KEYS, values, strict=True))
        self._read = tuple(values)

    def changes(self) -> dict[str, Any] | None:
        """The row's columns by name if any changed since read, else None."""
        columns = self.__dict__.copy()
        read = columns.pop("_read")
        return columns if tuple(columns.values()) != read else None


def lock_rows(
    session: Session, learner_id: int, topic_ids: Sequence[str], params: ParamsTable, now: datetime
) -> dict[str, MasteryRow]:
    """The learner's mastery rows of ``topic_ids``, inserted where missing and locked until the
    transaction ends: one statement once the rows exist, two while some are missing.

    The rows there are read ``FOR UPDATE`` in ``topic_ids`` order, which should be
    ``lock_order`` (SQLite's IMMEDIATE transaction already holds the database's write lock).
    The missing ones are upserted: an upsert that rewrites a key column with itself takes the
    row lock too, and two first answers arriving together cannot both insert a row: one waits
    for the other. A lock writes no new row version, as the upsert of a row that is there would.
    Rows come back as plain values (SQLAlchemy Core); ``write_locked`` writes the changed ones.
    """
    if not topic_ids:
        return {}
    session.flush()  # ORM changes pending in the session go first, as an ORM statement's would
    connection = session.connection()
    dialect_name = session.get_bind().dialect.name
    rows = {
        row.topic_id: row
        for row in map(
            MasteryRow,
            connection.execute(
                _select_for_update(dialect_name),
                {"learner_id": learner_id, "topic_ids": list(topic_ids)},
            ),
        )
    }
    missing = [topic_id for topic_id in topic_ids if topic_id not in rows]
    if missing:
        inserted = connection.execute(
            _upsert_returning(dialect_name),
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
                for topic_id in missing
            ],
        )
        rows.update((row.topic_id, row) for row in map(MasteryRow, inserted))
    return rows


@functools.cache
def _select_for_update(dialect_name: str) -> Any:
    """The rows of ``topic_ids`` (a list), locked; on PostgreSQL in that order."""
    query = select(*MASTERY.columns).where(MASTERY.c.learner_id == bindparam("learner_id"))
    if dialect_name != "postgresql":
        wanted: Any = bindparam("topic_ids", expanding=True)
        return query.where(MASTERY.c.topic_id.in_(wanted)).with_for_update()
    # One array parameter, not one parameter a topic; rows are locked in the order they are
    # sorted in.
    topic_ids = bindparam("topic_ids", type_=postgresql.ARRAY(String))
    return (
        query.where(MASTERY.c.topic_id == any_(topic_ids))
        .order_by(func.array_position(topic_ids, MASTERY.c.topic_id))
        .with_for_update()
    )


@functools.cache
def _upsert_returning(dialect_name: str) -> Any:
    # One statement object per dialect, so SQLAlchemy compiles it once; the rows go in as
    # parameter sets, which it sends as one multi-row INSERT.
    statement = dialect_insert(dialect_name, MASTERY)
    return statement.on_conflict_do_update(
        index_elements=[MASTERY.c.learner_id, MASTERY.c.topic_id],
        set_={"learner_id": statement.excluded.learner_id},
    ).returning(*MASTERY.columns)


def write_locked(session: Session, locked: LockedRows) -> None:
    """Write what an attempt changed: the changed mastery rows in one upsert (the rows exist and
    are locked, so it only updates) and the engine state in one UPDATE. ORM objects the session
    holds for these rows are expired, so that reading them again gives the values written."""
    connection, state = session.connection(), locked.state_row
    changed = [columns for row in locked.rows.values() if (columns := row.changes())]
    if changed and session.get_bind().dialect.name == "postgresql":
        # One UPDATE joined to the changed rows as arrays: a handful of parameters, however
        # many rows (as parameter sets, psycopg would send one statement a row).
        connection.exec_driver_sql(_PG_UPDATE_FROM_ARRAYS, _as_arrays(state.learner_id, changed))
    elif changed:  # as parameter sets, which sqlite3 runs in one loop of its own
        connection.execute(_upsert_rows(session.get_bind().dialect.name), changed)
    connection.execute(
        _UPDATE_STATE,
        {"id": state.learner_id, "new_state": state.state, "new_updated_at": state.updated_at},
    )
    held = session.identity_map
    if len(held):
        for topic_id in locked.rows:
            _expire(session, held.get((Mastery, (state.learner_id, topic_id), None)))
        _expire(session, held.get((EngineState, (state.learner_id,), None)))


# The columns an attempt may change, with their PostgreSQL types; the row is the rest of the key.
_PG_CHANGED = {
    "p_known": "float8",
    "attempts": "int4",
    "correct": "int4",
    "claimed_known": "bool",
    "updated_at": "timestamptz",
    "evidence": "float8",
    "remediation": "bool",
    "claim_prior": "float8",
    "card": "jsonb",
    "due_at": "timestamptz",
}
assert set(_PG_CHANGED) == set(MASTERY_KEYS) - {"learner_id", "topic_id"}
_PG_UPDATE_FROM_ARRAYS = (
    "UPDATE mastery SET "
    + ", ".join(f"{key} = v.{key}" for key in _PG_CHANGED)
    + " FROM unnest(%(topic_id)s::text[], "
    + ", ".join(f"%({key})s::{kind}[]" for key, kind in _PG_CHANGED.items())
    + ") AS v(topic_id, "
    + ", ".join(_PG_CHANGED)
    + ") WHERE mastery.learner_id = %(learner_id)s AND mastery.topic_id = v.topic_id"
)


def _as_arrays(learner_id: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    arrays: dict[str, Any] = {key: [row[key] for row in rows] for key in ("topic_id", *_PG_CHANGED)}
    # A driver-level statement skips SQLAlchemy's JSON type: the cards go as JSON text.
    arrays["card"] = [None if card is None else json.dumps(card) for card in arrays["card"]]
    return {"learner_id": learner_id, **arrays}


def _expire(session: Session, instance: object | None) -> None:
    if instance is not None:
        session.expire(instance)


@functools.cache
def _upsert_rows(dialect_name: str) -> Any:
    statement = dialect_insert(dialect_name, MASTERY)
    keys = {"learner_id", "topic_id"}
    return statement.on_conflict_do_update(
        index_elements=[MASTERY.c.learner_id, MASTERY.c.topic_id],
        set_={key: statement.excluded[key] for key in MASTERY_KEYS if key not in keys},
    )


_STATES = cast(Table, EngineState.__table__)
_UPDATE_STATE = (
    update(_STATES)
    .where(_STATES.c.learner_id == bindparam("id"))
    .values(state=bindparam("new_state"), updated_at=bindparam("new_updated_at"))
)


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

    rows: dict[str, MasteryRow]
    params: ParamsTable
    credits: dict[str, float]
    state_row: live_state.StateRow
    prerequisites: dict[str, float] = field(default_factory=dict)  # direct ones' estimates
    engine: EngineParams | None = None  # the live engine's parameters, when known already


def lock_for_attempt(
    session: Session,
    learner_id: int,
    topic_id: str,
    correct: bool,
    mistake_prerequisite: str | None,
    graph: KnowledgeGraph | None,
    now: datetime,
    fitted: Fitted | None = None,
) -> LockedRows:
    """Lock the learner's engine state, then the topic's row and every row the answer may change.

    The engine state row comes first: it makes one learner's attempts take turns, and it tells
    whether this answer, if wrong, completes REPEATED_ERRORS in a row (its direct prerequisites
    are then lowered, so they are locked too). Mastery rows follow in ``lock_order``.
    """
    state_row = live_state.lock_state(session, learner_id, now)
    in_graph = graph is not None and topic_id in graph
    credits = (
        live_state.graph_evidence(graph).credits(topic_id)
        if graph is not None and in_graph and correct
        else {}
    )
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
    params = fitted.params if fitted is not None else params_table(session, wanted)
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
    engine = fitted.engine if fitted is not None else None
    return LockedRows(rows, params, credits, state_row, prerequisites, engine)


@dataclass(frozen=True)
class Fitted:
    """The fitted parameters an attempt uses: BKT's per topic and the live engine's."""

    params: ParamsTable
    engine: EngineParams


def _streak(state_row: live_state.StateRow, topic_id: str) -> int:
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
    """Fold one practice answer into the learner's state through the live engine's ``observe``,
    and write what changed (``write_locked``)."""
    if locked is None:
        locked = lock_for_attempt(
            session, learner_id, topic_id, correct, mistake_prerequisite, graph, now
        )
    rows = locked.rows
    engine = locked.engine or live_state.engine_params(session)
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
    write_locked(session, locked)
    return evidence


def _shift(row: MasteryRow, p_known: float, share: float, now: datetime) -> MasteryRow:
    row.p_known = p_known
    row.evidence = (row.evidence or 0.0) + share
    row.updated_at = now
    return row
