"""Errors as pages for people and as JSON for the API, never as a stack trace."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from tutor.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    TooLarge,
    Unavailable,
)
from tutor.questions import TemplateError

# The domain's refusals as HTTP statuses: the one place they are mapped (most specific first).
DOMAIN_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (TooLarge, 413),
    (Invalid, 400),
    (NotFound, 404),
    (Forbidden, 403),
    (Conflict, 409),
    (Unavailable, 503),
)


def status_of(error: DomainError) -> int:
    return next((status for kind, status in DOMAIN_STATUS if isinstance(error, kind)), 400)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str) -> Response:
    """The error as JSON under /api/, as a page elsewhere."""
    if _wants_json():
        body = jsonify(error=message, status=status)
    else:
        body = current_app.make_response(
            render_template("error.html", status=status, message=message)
        )
    body.status_code = status
    return body


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def refused(exc: DomainError) -> Response:
        status = status_of(exc)
        if status == 503:
            g.retry_after = RETRY_AFTER
        return error_response(status, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        response = error_response(exc.code or 500, exc.description or exc.name)
        # Keep what the error itself says in headers: Allow on a 405, Retry-After on a 429.
        for key, value in exc.get_headers():
            if key.lower() != "content-type":
                response.headers[key] = value
        return response

    @app.errorhandler(TemplateError)
    def broken_template(exc: TemplateError) -> Response:
        app.logger.error("question template failed: %s", exc)
        return error_response(
            500,
            "This question could not be generated. Try another one; "
            "the problem has been logged for the educators.",
        )

    @app.errorhandler(OperationalError)
    def database_unavailable(exc: OperationalError) -> Response:
        app.logger.error("database error: %s", exc)
        return database_unavailable_response()


RETRY_AFTER = "5"
DATABASE_UNAVAILABLE = "The database is unavailable; nothing was saved. Please try again shortly."


def database_unavailable_response() -> Response:
    """503: the request's transaction did not commit, so nothing of it was written."""
    response = error_response(503, DATABASE_UNAVAILABLE)
    response.headers["Retry-After"] = RETRY_AFTER
    g.retry_after = (
        RETRY_AFTER  # kept over the rate limiter's own Retry-After (see requests._finish)
    )
    return response
