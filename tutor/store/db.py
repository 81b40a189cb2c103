"""Engines and sessions for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

import fcntl
import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000


IMMEDIATE = "tutor_begin_immediate"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, say when transactions begin (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers and one writer work at once; the busy timeout makes concurrent writers
    # from several workers wait for each other instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class WriterQueue:
    """Writers of one SQLite file queue on a kernel lock before they ask SQLite for its lock.

    SQLite's busy handler polls: a writer that finds the lock taken sleeps 1, 2, 5, 10... ms
    before it tries again, so under steady writes from several workers most of their time goes
    to sleeping past the moment the lock came free. ``flock`` on a file beside the database
    wakes the next writer as soon as the last one lets go, across threads and processes alike
    (each connection opens the file itself). The lock is let go when the connection goes back
    to the pool, which is after its COMMIT or ROLLBACK, and the kernel lets go of it if the
    process dies. SQLite's own lock and busy timeout stay in force beneath it, for writers that
    do not queue here (another program, say).
    """

    FD, HELD = "tutor_writer_queue_fd", "tutor_writer_queue_held"

    def __init__(self, database_path: str) -> None:
        self.path = database_path + "-writers.lock"

    def enter(self, record_info: dict[str, Any]) -> None:
        if record_info.get(self.HELD):
            return
        fd = record_info.get(self.FD)
        if fd is None:  # the lock file stays open as long as the connection does
            fd = record_info[self.FD] = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        record_info[self.HELD] = True

    def leave(self, record_info: dict[str, Any]) -> None:
        if record_info.pop(self.HELD, False):
            fcntl.flock(record_info[self.FD], fcntl.LOCK_UN)

    def close(self, record_info: dict[str, Any]) -> None:
        fd = record_info.pop(self.FD, None)
        record_info.pop(self.HELD, None)
        if fd is not None:
            os.close(fd)  # closing the file lets go of its lock too

    def listen(self, engine: Engine) -> None:
        event.listen(engine, "checkin", lambda _dbapi, record: self.leave(record.info))
        event.listen(engine, "close", lambda _dbapi, record: self.close(record.info))
        event.listen(engine, "invalidate", lambda _dbapi, record, _exc: self.close(record.info))


def _sqlite_begin(queue: WriterQueue | None, connection: Any) -> None:
    """Begin explicitly, so DDL and SAVEPOINTs are transactional on SQLite.

    A transaction that will write begins IMMEDIATE: it takes the write lock up front and waits
    for it (in the writer queue, then under the busy timeout). A deferred one that reads first
    and writes later could not upgrade its lock once another worker had committed, and would
    fail instead of waiting.
    """
    immediate = connection.get_execution_options().get(IMMEDIATE, False)
    if immediate and queue is not None:
        queue.enter(connection.connection.info)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_for_writing(session: Session) -> None:
    """Start the session's transaction as one that writes (matters on SQLite only)."""
    session.connection(execution_options={IMMEDIATE: True})


def switch_to_writing(session: Session) -> None:
    """End a transaction that has only read so far and begin one that writes.

    On SQLite a writing transaction holds the database's one write lock from its BEGIN, so a
    request that reads and computes before it writes (an answer: sign-in, catalog, grading)
    would otherwise keep every other worker waiting through all of that. Objects read so far
    stay usable (sessions do not expire on commit). PostgreSQL locks rows as it writes them:
    nothing to do there.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.commit()
        session.begin()
        begin_for_writing(session)


READING_ONLY = "tutor_reading_only"


def begin_reading(session: Session) -> None:
    """Mark the session's transaction as reading only until ``start_writing``: a use case that
    reads and computes before it writes (an answer) then holds SQLite's write lock only for its
    writes."""
    session.info[READING_ONLY] = True


def start_writing(session: Session) -> None:
    """Writes follow: a session marked by ``begin_reading`` switches to writing (once); any other
    session already writes, or will take its locks as it goes."""
    if session.info.pop(READING_ONLY, False):
        switch_to_writing(session)


AFTER_COMMIT = "tutor_after_commit"


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Call ``callback`` once the session's current transaction has committed (not if it rolls
    back): how a change tells this process's caches to forget what it changed."""
    session.info.setdefault(AFTER_COMMIT, []).append(callback)


def _run_after_commit(session: Session) -> None:
    for callback in session.info.pop(AFTER_COMMIT, []):
        callback()


def _drop_after_commit(session: Session, *_args: Any) -> None:
    session.info.pop(AFTER_COMMIT, None)


event.listen(Session, "after_commit", _run_after_commit)
event.listen(Session, "after_rollback", _drop_after_commit)


# INSERT ... ON CONFLICT ... RETURNING, which recording an answer relies on.
MIN_SQLITE = (3, 35)


# A pooled connection idle this long is tried with a round trip before it is handed out: a
# database restart or an idle timeout may have cut it. Under load a connection comes back within
# milliseconds and goes out again untried. (SQLAlchemy's pool_pre_ping tries every checkout: a
# round trip on every request, 3 to 7% of an answer's time in one process on PostgreSQL.) A cut
# connection that was not tried fails its request with a 503 that writes nothing, and the pool
# then replaces every connection it held.
PING_AFTER_IDLE_S = 1.0


def _ping_when_idle(engine: Engine, idle_s: float) -> None:
    """Try a connection checked out after ``idle_s`` seconds in the pool; replace it if cut."""

    @event.listens_for(engine, "checkin")
    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def try_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)  # none: a new connection
        if idle_since is None or time.monotonic() - idle_since < idle_s:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            if engine.dialect.is_disconnect(exc, dbapi_connection, None):
                # As pool_pre_ping does: the pool drops every connection it held before this
                # one (a restart cut them all) and checks out a new one.
                raise InvalidatePoolError() from exc
            raise


def make_engine(url: str, ping_after_idle_s: float = PING_AFTER_IDLE_S, **kwargs: Any) -> Engine:
    """An engine with tutor's connection settings; on PostgreSQL, a pooled connection idle
    ``ping_after_idle_s`` is tried before use."""
    if url.startswith("sqlite"):
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise RuntimeError(
                f"tutor needs SQLite {'.'.join(map(str, MIN_SQLITE))} or newer; this Python "
                f"links SQLite {sqlite3.sqlite_version}. Use a newer Python or PostgreSQL."
            )
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        database = engine.url.database
        queue = None
        if database and database != ":memory:" and not database.startswith("file:"):
            queue = WriterQueue(os.path.abspath(database))
            queue.listen(engine)
        event.listen(engine, "begin", functools.partial(_sqlite_begin, queue))
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine, ping_after_idle_s)
    return engine


def dialect_insert(dialect_name: str, entity: Any) -> Any:
    """INSERT with the ON CONFLICT clauses of the dialect (PostgreSQL's or SQLite's)."""
    return (pg_insert if dialect_name == "postgresql" else sqlite_insert)(entity)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A writing session that commits once on success and rolls back on any error."""
    with factory() as session, session.begin():
        begin_for_writing(session)
        yield session
