"""Operations: liveness and readiness probes, and one structured log line per request.

``GET /healthz`` is answered in front of Flask (``Liveness``): a probe that says "the process is
up" needs no session, CSRF check, rate-limit bookkeeping or database, and load balancers call it
often. It still gets the security headers and its log line, so it looks like any other response.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from sqlalchemy import text

from tutor.store import migrate
from tutor.web.requests import HSTS, SECURITY_HEADERS

bp = Blueprint("ops", __name__)
access_log = logging.getLogger("tutor.access")


HEALTHY = json.dumps({"status": "ok"}).encode() + b"\n"


class Liveness:
    """WSGI middleware: ``GET``/``HEAD /healthz`` answered without entering Flask; the process is
    up, which says nothing about the database (that is ``/readyz``). Anything else goes on."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(HEALTHY))),
            *SECURITY_HEADERS,
        ]

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") != "/healthz" or method not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        started = time.perf_counter()
        secure = [HSTS] if environ.get("wsgi.url_scheme") == "https" else []
        start_response("200 OK", self.headers + secure)
        if access_log.isEnabledFor(logging.INFO):
            _log_line(method, "/healthz", 200, started, environ.get("REMOTE_ADDR"), len(HEALTHY))
        return [HEALTHY] if method == "GET" else []


@bp.get("/healthz")
def healthz() -> Response:
    """Answered by ``Liveness`` before Flask; the rule keeps the route in the URL map (so a POST
    is a 405 that names GET) and answers the same should the middleware be bypassed."""
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
        _log_line(
            request.method,
            request.path,
            response.status_code,
            started,
            request.remote_addr,
            response.calculate_content_length(),
        )
    return response


def _log_line(
    method: str, path: str, status: int, started: float, remote: str | None, length: int | None
) -> None:
    fields = {
        "method": method,
        "path": path,
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "remote": remote,
        "length": length,
    }
    access_log.info(json.dumps(fields), extra={"fields": fields})


def init_app(app: Flask) -> None:
    app.wsgi_app = Liveness(app.wsgi_app)  # type: ignore[method-assign]
    app.before_request(_start_timer)
    app.after_request(_log_request)
    app.register_blueprint(bp)
