"""Operations: liveness and readiness probes, and one structured log line per request."""

from __future__ import annotations

import json
import logging
import time

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from sqlalchemy import text

from tutor.store import migrate

bp = Blueprint("ops", __name__)
access_log = logging.getLogger("tutor.access")


@bp.get("/healthz")
def healthz() -> Response:
    """The process is up; says nothing about the database."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready to serve: the database answers, its schema is current, the content is loaded."""
    checks: dict[str, str] = {}
    engine = current_app.extensions["tutor.engine"]
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
        current, head = migrate.current_revision(engine), migrate.head_revision()
        checks["migrations"] = "ok" if current == head else f"at {current}, newest is {head}"
        with current_app.extensions["tutor.sessions"]() as session:
            catalog = current_app.extensions["tutor.catalog"].get(session)
        checks["content"] = (
            f"ok ({len(catalog.topics)} topics, version {catalog.version})"
            if catalog.topics
            else "no topics imported"
        )
    except Exception as exc:
        checks.setdefault("database", f"unavailable: {type(exc).__name__}")
    ready = all(value.startswith("ok") for value in checks.values()) and len(checks) == 3
    return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    started = g.get("request_started")
    if started is not None and access_log.isEnabledFor(logging.INFO):
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 2),
            "remote": request.remote_addr,
            "length": response.calculate_content_length(),
        }
        access_log.info(json.dumps(fields), extra={"fields": fields})
    return response


def init_app(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_log_request)
    app.register_blueprint(bp)
