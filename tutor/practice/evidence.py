"""What one graded attempt changes: the topic's estimate and memory, and its neighbours'.

The live engine's ``observe`` (``tutor.engine.tracing.observe``, the function `tutor mastery
evaluate` replays) updates the learner's state: the topic's knowledge estimate, counts and
ability, and along the graph, credit to prerequisites after a success, a failure on the
prerequisite a mistake names, partial failures on the direct prerequisites after
REPEATED_ERRORS wrong answers of a failing run. Here that state is loaded from and stored to the
database, the topic's estimate is doubted while its prerequisites are not known, and the FSRS
memory states are reviewed (implicitly, too). Only flushes.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Dialect, String, Table, any_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from tutor.engine import reviews
from tutor.engine.mastery import DEFAULT_PARAMS, BKTParams, doubted
from tutor.engine.tracing.live import EngineParams, failing_of
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

    return list(_lock_order(graph, frozenset(topic_ids)))


@functools.lru_cache(maxsize=4096)
def _lock_order(graph: KnowledgeGraph | None, topic_ids: frozenset[str]) -> tuple[str, ...]:
    # Cached: a right answer to a topic locks the same rows every time (itself and the
    # prerequisites it credits), so each topic's order is sorted once per graph.
    def depth(topic_id: str) -> int:
        return graph.figures(topic_id).depth if graph is not None and topic_id in graph else 0

    return tuple(sorted(topic_ids, key=lambda t: (-depth(t), t)))


MASTERY = Mastery.__table__
MASTERY_KEYS = tuple(column.key for column in MASTERY.columns)


class MasteryRow:
    """A learner's mastery row as an attempt reads and changes it: the columns' plain values,
    without the ORM's bookkeeping (an attempt touches a topic and every prerequisite it credits,
    dozens of rows deep in the graph). ``changes`` compares with the values read.

    On SQLite the values are as the driver gives them (dates as text, the card as JSON text,
    flags as 0 or 1) until changed: ``card_of`` reads the card, and a value written back
    unchanged goes as it came."""

    learner_id: int
    topic_id: str
    p_known: float
    attempts: int
    correct: int
    claimed_known: bool | int
    updated_at: datetime | str
    evidence: float
    remediation: bool | int
    claim_prior: float | None
    card: dict[str, Any] | str | None
    due_at: datetime | str | None

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

    def credit_only(self) -> bool:
        """Whether what changed is at most a credit's columns (CREDIT_COLUMNS)."""
        return _OTHER_COLUMNS(self.__dict__) == _OTHER_READ(self._read)


# What crediting a prerequisite changes (``_shift``); most rows an attempt writes change only these.
CREDIT_COLUMNS = ("p_known", "evidence", "updated_at")
_OTHER_COLUMNS = operator.itemgetter(*(key for key in MASTERY_KEYS if key not in CREDIT_COLUMNS))
_OTHER_READ = operator.itemgetter(
    *(i for i, key in enumerate(MASTERY_KEYS) if key not in CREDIT_COLUMNS)
)


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
    if dialect_name == "postgresql":
        read = connection.execute(
            _pg_select_for_update(),
            {"learner_id": learner_id, "topic_ids": list(topic_ids)},
        )
    else:
        # At the driver, values as SQLite stores them: dozens of rows, whose dates and
        # cards an attempt mostly never looks at, skip parsing (``write_locked`` writes a value
        # read back as it came; ``card_of`` reads a card).
        read = connection.exec_driver_sql(_sqlite_select(len(topic_ids)), (learner_id, *topic_ids))
    rows = {row.topic_id: row for row in map(MasteryRow, read)}
    missing = [topic_id for topic_id in topic_ids if topic_id not in rows]
    if not missing:
        return rows
    new_rows = [
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
    ]
    if dialect_name == "postgresql":
        inserted = connection.execute(_upsert_returning(dialect_name), new_rows)
        rows.update((row.topic_id, row) for row in map(MasteryRow, inserted))
        return rows
    dialect = session.get_bind().dialect
    for start in range(0, len(new_rows), _SQLITE_ROWS_A_STATEMENT):
        batch = new_rows[start : start + _SQLITE_ROWS_A_STATEMENT]
        inserted = connection.exec_driver_sql(
            _sqlite_upsert_returning(len(batch)),
            tuple(
                _bind_processor(dialect, key)(row[key]) for row in batch for key in _NEW_ROW_KEYS
            ),
        )
        rows.update((row.topic_id, row) for row in map(MasteryRow, inserted))
    return rows


_NEW_ROW_KEYS = (
    "learner_id",
    "topic_id",
    "p_known",
    "attempts",
    "correct",
    "claimed_known",
    "evidence",
    "remediation",
    "updated_at",
)
_SQLITE_ROWS_A_STATEMENT = 100  # 900 parameters, well within SQLite's limit


@functools.lru_cache(maxsize=_SQLITE_ROWS_A_STATEMENT)
def _sqlite_upsert_returning(count: int) -> str:
    # As _upsert_returning, at the driver, so that rows come back as stored (see lock_rows).
    one = f"({', '.join('?' * len(_NEW_ROW_KEYS))})"
    return (
        f"INSERT INTO mastery ({', '.join(_NEW_ROW_KEYS)}) VALUES {', '.join([one] * count)}"
        " ON CONFLICT (learner_id, topic_id) DO UPDATE SET learner_id = excluded.learner_id"
        f" RETURNING {', '.join(MASTERY_KEYS)}"
    )


@functools.lru_cache(maxsize=256)
def _sqlite_select(count: int) -> str:
    # One text per number of topics, so that sqlite3's statement cache keeps each compiled.
    return (
        f"SELECT {', '.join(MASTERY_KEYS)} FROM mastery WHERE learner_id = ?"
        f" AND topic_id IN ({', '.join('?' * count)})"
    )


@functools.cache
def _pg_select_for_update() -> Any:
    """The rows of ``topic_ids`` (a list), locked, in that order (PostgreSQL)."""
    query = select(*MASTERY.columns).where(MASTERY.c.learner_id == bindparam("learner_id"))
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
    """Write what an attempt changed (the rows are there, and locked): the rows that only took
    credit in one narrow UPDATE, the other changed mastery rows in one more, and the engine
    state; on PostgreSQL the three as one statement."""
    connection, state = session.connection(), locked.state_row
    dialect = session.get_bind().dialect
    changed: list[MasteryRow] = []
    credited: list[dict[str, Any]] = []
    for row in locked.rows.values():
        columns = row.changes()
        if columns is None:
            continue
        if row.credit_only():
            credited.append(columns)
        else:
            changed.append(row)
    if dialect.name == "postgresql":
        _write_postgresql(connection, state, credited, [row.changes() or {} for row in changed])
    else:
        _write_sqlite(connection, dialect, state, credited, changed)
    _expire_held(session, locked)


def _write_sqlite(
    connection: Connection,
    dialect: Dialect,
    state: live_state.StateRow,
    credited: list[dict[str, Any]],
    changed: list[MasteryRow],
) -> None:
    if credited:
        # Most rows (an answer deep in the graph credits dozens of prerequisites) change only a
        # credit's three columns: one narrow statement at the driver, with the values as the
        # column types would bind them, skips SQLAlchemy's processing of every parameter.
        _write_credits(connection, dialect, state.learner_id, credited)
    if changed:  # as parameter sets, which sqlite3 runs in one loop of its own
        connection.exec_driver_sql(
            _SQLITE_UPDATE_ROW, [_bound_row(row, dialect) for row in changed]
        )
    connection.execute(
        _UPDATE_STATE,
        {"id": state.learner_id, "new_state": state.state, "new_updated_at": state.updated_at},
    )


def _expire_held(session: Session, locked: LockedRows) -> None:
    """ORM objects the session holds for the rows written are expired, so that reading them
    again gives the values written."""
    learner_id = locked.state_row.learner_id
    held = session.identity_map
    if len(held):
        for topic_id in locked.rows:
            _expire(session, held.get((Mastery, (learner_id, topic_id), None)))
        _expire(session, held.get((EngineState, (learner_id,), None)))


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
_PG_UPDATE_CREDITS = (
    "UPDATE mastery SET p_known = v.p_known, evidence = v.evidence, updated_at = v.updated_at"
    " FROM unnest(%(c_topic_id)s::text[], %(c_p_known)s::float8[], %(c_evidence)s::float8[],"
    " %(c_updated_at)s::timestamptz[]) AS v(topic_id, p_known, evidence, updated_at)"
    " WHERE mastery.learner_id = %(learner_id)s AND mastery.topic_id = v.topic_id"
)
_PG_UPDATE_STATE = (
    "UPDATE engine_states SET state = %(state)s::jsonb, updated_at = %(state_updated_at)s"
    " WHERE learner_id = %(learner_id)s"
)


def _write_postgresql(
    connection: Connection,
    state: live_state.StateRow,
    credited: list[dict[str, Any]],
    changed: list[dict[str, Any]],
) -> None:
    """The credited rows, the other changed rows and the engine state in one statement (the two
    row updates as data-modifying WITH queries): one round trip, not three. Each updates its own
    rows, joined to the values sent as arrays, a handful of parameters however many rows."""
    queries: list[str] = []
    parameters: dict[str, Any] = {"learner_id": state.learner_id}
    if credited:
        queries.append(f"credited AS ({_PG_UPDATE_CREDITS})")
        for key in ("topic_id", *CREDIT_COLUMNS):
            parameters[f"c_{key}"] = [row[key] for row in credited]
    if changed:
        queries.append(f"changed AS ({_PG_UPDATE_FROM_ARRAYS})")
        parameters.update(_as_arrays(changed))
    # A driver-level statement skips SQLAlchemy's JSON type: the state goes as JSON text.
    parameters.update(state=json.dumps(state.state), state_updated_at=state.updated_at)
    with_queries = f"WITH {', '.join(queries)} " if queries else ""
    connection.exec_driver_sql(with_queries + _PG_UPDATE_STATE, parameters)


_UPDATE_CREDITS = (
    "UPDATE mastery SET p_known = ?, evidence = ?, updated_at = ?"
    " WHERE learner_id = ? AND topic_id = ?"
)


def _write_credits(
    connection: Connection, dialect: Dialect, learner_id: int, rows: list[dict[str, Any]]
) -> None:
    as_bound = _bind_processor(dialect, "updated_at")
    # The rows of one attempt share one moment: bound once.
    moments = {moment: as_bound(moment) for moment in {row["updated_at"] for row in rows}}
    connection.exec_driver_sql(
        _UPDATE_CREDITS,
        [
            (
                row["p_known"],
                row["evidence"],
                moments[row["updated_at"]],
                learner_id,
                row["topic_id"],
            )
            for row in rows
        ],
    )


@functools.cache
def _bind_processor(dialect: Dialect, column: str) -> Callable[[Any], Any]:
    """How the column's type turns a value into what the driver takes (the identity if as is)."""
    processor = MASTERY.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return processor if processor is not None else (lambda value: value)


def _as_arrays(rows: list[dict[str, Any]]) -> dict[str, Any]:
    arrays: dict[str, Any] = {key: [row[key] for row in rows] for key in ("topic_id", *_PG_CHANGED)}
    # A driver-level statement skips SQLAlchemy's JSON type: the cards go as JSON text.
    arrays["card"] = [None if card is None else json.dumps(card) for card in arrays["card"]]
    return arrays


def _expire(session: Session, instance: object | None) -> None:
    if instance is not None:
        session.expire(instance)


_SQLITE_KEYS = tuple(key for key in MASTERY_KEYS if key not in ("learner_id", "topic_id"))
_SQLITE_UPDATE_ROW = (
    f"UPDATE mastery SET {', '.join(f'{key} = ?' for key in _SQLITE_KEYS)}"
    " WHERE learner_id = ? AND topic_id = ?"
)


def _bound_row(row: MasteryRow, dialect: Dialect) -> tuple[Any, ...]:
    """The row's values for _SQLITE_UPDATE_ROW: a value still as it was read goes back as read
    (as the driver gave it); a new one as its column's type binds it."""
    values = row.__dict__
    read = dict(zip(MASTERY_KEYS, row._read, strict=True))
    return (
        *(
            read[key] if values[key] is read[key] else _bind_processor(dialect, key)(values[key])
            for key in _SQLITE_KEYS
        ),
        row.learner_id,
        row.topic_id,
    )


def card_of(row: MasteryRow) -> dict[str, Any] | None:
    """The row's FSRS card as a document (on SQLite, rows are read as stored: a card as text)."""
    card = row.card
    return json.loads(card) if isinstance(card, str) else card


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
    whether this answer, if wrong, completes REPEATED_ERRORS of a failing run (its direct
    prerequisites are then lowered, so they are locked too). Mastery rows follow in
    ``lock_order``.
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
    if in_graph and not correct and suspicious(_failing(state_row, topic_id) + 1):
        # Even after a mistake that names a prerequisite: once that one is confirmed by its own
        # answers, the errors fall on the direct prerequisites (``observe``).
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


def _failing(state_row: live_state.StateRow, topic_id: str) -> int:
    """The topic's failing run as stored (``live.SkillState.failing``), before this answer."""
    skill = (state_row.state or {}).get("skills", {}).get(topic_id)
    return failing_of(skill[6:], skill[3]) if skill else 0


def practice_item(topic_id: str, template_id: str) -> str:
    """The name the live engine knows a question template by: its fit (``tutor mastery fit``)
    learns how much easier or harder than the topic's other templates each one is."""
    return f"{topic_id}/{template_id}"


def apply_attempt(
    session: Session,
    learner_id: int,
    topic_id: str,
    correct: bool,
    mistake_prerequisite: str | None,
    graph: KnowledgeGraph | None,
    now: datetime,
    locked: LockedRows | None = None,
    template_id: str | None = None,
    duration_ms: int | None = None,
) -> Evidence:
    """Fold one practice answer (to a question of ``template_id``, that took ``duration_ms``,
    where given) into the learner's state through the live engine's ``observe``, and write
    what changed (``write_locked``)."""
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
        engine,
        state,
        [topic_id],
        correct,
        now.timestamp(),
        evidence_graph,
        mistake_prerequisite,
        practice_item(topic_id, template_id) if template_id is not None else None,
        duration_ms / 1000 if duration_ms is not None else None,
    )
    mastery = rows[topic_id]
    skill = state.skills[topic_id]
    mastery.p_known = doubted(skill.p_known, list(locked.prerequisites.values()), skill.recent)
    state.skills[topic_id].p_known = mastery.p_known
    mastery.attempts = (mastery.attempts or 0) + 1
    mastery.correct = (mastery.correct or 0) + int(correct)
    mastery.evidence = (mastery.evidence or 0.0) + 1.0
    mastery.card, mastery.due_at = reviews.review(card_of(mastery), correct, now)
    if correct or observed.remediation:
        # Answered right, or its errors flagged what it builds on: the flag passes to that
        # foundation (the topic comes back on the frontier once the foundation is shored up).
        mastery.remediation = False
    mastery.updated_at = now
    live_state.store(locked.state_row, state, now)
    evidence = Evidence(mastery.p_known, p_correct=observed.p_correct)
    for prerequisite, p in observed.credited.items():
        row, share = rows[prerequisite], locked.credits[prerequisite]
        reviewed = share >= reviews.REVIEW_SHARE and bool(row.card)
        if p == row.p_known and not reviewed:
            # Already as certain as an estimate gets: the credit moves nothing, so nothing is
            # recorded (its evidence would only narrow an uncertainty that is nil already), and
            # the row is not rewritten: deep in the graph, that is most of an answer's rows.
            continue
        _shift(row, p, share, now)
        if reviewed:
            row.card, row.due_at = reviews.review(card_of(row), True, now)
        evidence.credited[prerequisite] = row.p_known
    for prerequisite, p in observed.lowered.items():
        share = observed.shares.get(prerequisite, 1.0)
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
