"""SQLite writers queue on a kernel lock: held from BEGIN IMMEDIATE until the connection is back
in the pool, let go after a commit, a rollback, or an error, and taken in turn by threads."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from tutor.store.db import begin_for_writing, make_engine, make_session_factory, transaction


def queue_is_free(database: Path) -> bool:
    fd = os.open(f"{database}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


@pytest.fixture
def sqlite_file(tmp_path: Path):
    database = tmp_path / "writers.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE log (n INTEGER)"))
    yield database, engine
    engine.dispose()


def test_the_queue_is_held_while_writing_and_let_go_after_commit_and_rollback(sqlite_file) -> None:
    database, engine = sqlite_file
    factory = make_session_factory(engine)
    with factory() as session:
        session.execute(text("SELECT count(*) FROM log"))
        assert queue_is_free(database)  # readers never queue
        session.rollback()
        begin_for_writing(session)
        assert not queue_is_free(database)
        session.execute(text("INSERT INTO log VALUES (1)"))
        session.commit()
        assert queue_is_free(database)
        begin_for_writing(session)
        session.execute(text("INSERT INTO log VALUES (2)"))
        session.rollback()
        assert queue_is_free(database)

    def fail_while_writing() -> None:
        with transaction(factory) as session:
            session.execute(text("INSERT INTO log VALUES (3)"))
            assert not queue_is_free(database)
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail_while_writing()
    assert queue_is_free(database)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM log")).scalars().all() == [1]


def test_writers_in_threads_take_turns_and_lose_nothing(sqlite_file) -> None:
    database, engine = sqlite_file
    factory = make_session_factory(engine)
    inside = []
    overlap = []

    def write(worker: int) -> None:
        for n in range(25):
            with transaction(factory) as session:
                inside.append(worker)
                if len(inside) > 1:
                    overlap.append((worker, n))
                count = session.execute(text("SELECT count(*) FROM log")).scalar_one()
                session.execute(text("INSERT INTO log VALUES (:n)"), {"n": count})
                inside.remove(worker)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlap == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM log ORDER BY n")).scalars().all() == list(
            range(100)
        )
    assert queue_is_free(database)
