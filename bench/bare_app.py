"""The yardsticks of bench/load.py, under tutor's gunicorn settings.

`python bench/bare_app.py PORT WORKERS` serves
- `GET /` and `POST /` (which parses its JSON body): bare Flask, no database, no work;
- `POST /write`: a **bare write**, the least a recorded answer can cost on our stack. Flask
  parses a JSON answer and, with SQLAlchemy Core in one transaction, inserts an attempt row,
  upserts the mastery row of (learner, topic) and reads it back, then returns JSON. It uses
  tutor's own tables in the database named by TUTOR_DATABASE_URL: SQLite with the pragmas tutor
  sets (WAL, busy timeout, synchronous=NORMAL) and a BEGIN IMMEDIATE transaction, but without
  tutor's writer queue (see tutor.store.db.WriterQueue); PostgreSQL through psycopg 3.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request
from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.serving import run_gunicorn
from tutor.store.db import SQLITE_BUSY_TIMEOUT_MS, _sqlite_pragmas
from tutor.store.models import Attempt, Mastery

attempts, mastery = Attempt.__table__, Mastery.__table__


def bare_engine(url: str) -> Engine:
    """An engine with tutor's connection settings and none of its other machinery."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(
            engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE")
        )
        return engine
    return create_engine("postgresql+psycopg://" + url.removeprefix("postgresql://"))


def create_bare_app(database_url: str | None) -> Flask:
    app = Flask(__name__)
    engine = bare_engine(database_url) if database_url else None
    app.extensions["bench.engine"] = engine  # for a caller in the same process to dispose
    upsert = (
        pg_insert if database_url and database_url.startswith("postgresql") else sqlite_insert
    )(mastery)
    upsert = upsert.on_conflict_do_update(
        index_elements=[mastery.c.learner_id, mastery.c.topic_id],
        set_={
            "p_known": upsert.excluded.p_known,
            "attempts": mastery.c.attempts + 1,
            "correct": mastery.c.correct + upsert.excluded.correct,
            "updated_at": upsert.excluded.updated_at,
        },
    )

    @app.route("/", methods=["GET", "POST"])
    def bare():  # type: ignore[no-untyped-def]
        body = request.get_json(silent=True) if request.method == "POST" else None
        return jsonify(ok=True, fields=len(body or {}))

    @app.post("/write")
    def bare_write():  # type: ignore[no-untyped-def]
        body: dict[str, Any] = request.get_json()
        learner_id, topic_id = int(body["learner_id"]), str(body["topic_id"])
        correct = body.get("response") is not None
        now = datetime.now(UTC)
        assert engine is not None
        with engine.begin() as connection:
            connection.execute(
                insert(attempts),
                {
                    "learner_id": learner_id,
                    "topic_id": topic_id,
                    "template_id": str(body["template_id"]),
                    "template_revision": 1,
                    "seed": int(body["seed"]),
                    "part": 0,
                    "response": str(body["response"]),
                    "correct": correct,
                    "score": 1.0,
                    "note": "bare",
                    "feedback": "",
                    "source": "practice",
                    "idempotency_key": body.get("idempotency_key"),
                    "created_at": now,
                },
            )
            connection.execute(
                upsert,
                {
                    "learner_id": learner_id,
                    "topic_id": topic_id,
                    "p_known": 0.5,
                    "attempts": 1,
                    "correct": int(correct),
                    "claimed_known": False,
                    "evidence": 1.0,
                    "remediation": False,
                    "updated_at": now,
                },
            )
            p_known, count = connection.execute(
                select(mastery.c.p_known, mastery.c.attempts).where(
                    mastery.c.learner_id == learner_id, mastery.c.topic_id == topic_id
                )
            ).one()
        return jsonify(recorded=True, p_known=p_known, attempts=count), 201

    return app


if __name__ == "__main__":
    # Built in each worker, after gunicorn forks, as tutor's app is.
    run_gunicorn(
        "127.0.0.1",
        int(sys.argv[1]),
        int(sys.argv[2]),
        load_app=lambda: create_bare_app(os.environ.get("TUTOR_DATABASE_URL")),
    )
