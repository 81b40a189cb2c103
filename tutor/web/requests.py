"""Per-request plumbing: one database session per request, committed once at the edge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, g, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter, Map

from tutor.curriculum.catalog import Catalog
from tutor.practice.fitted import FittedCache
from tutor.store.db import begin_for_writing, begin_reading
from tutor.web import errors
from tutor.web.inputs import refuse_unstorable_text

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class DatabaseInteger(IntegerConverter):
    """``<int:...>`` in URLs, bounded to what an INTEGER column holds: a larger id cannot name
    anything, so it is a 404 rather than a database error (PostgreSQL refuses it)."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = 2**31 - 1,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["tutor.sessions"]()
        g.db.begin()
        if request.method in WRITE_METHODS:
            view = current_app.view_functions.get(request.endpoint or "")
            if getattr(view, "reads_before_writing", False):
                begin_reading(g.db)
            else:
                begin_for_writing(g.db)
    return g.db


F = TypeVar("F", bound=Callable[..., Any])


def reads_before_writing(view: F) -> F:
    """Mark a writing view whose use case reads first and calls ``start_writing`` before its
    first write, so that on SQLite it holds the write lock only for its writes (see
    ``tutor.store.db.switch_to_writing``)."""
    view.reads_before_writing = True  # type: ignore[attr-defined]
    return view


def catalog() -> Catalog:
    if "catalog" not in g:
        cache = current_app.extensions["tutor.catalog"]
        g.catalog = cache.fresh() or cache.get(
            db()
        )  # a session only when the version is due a check
    return g.catalog


def fits() -> FittedCache:
    """The app's cache of fitted parameters, for ``tutor.practice.submit.submit``."""
    cache: FittedCache = current_app.extensions["tutor.fits"]
    return cache


def _refuse_oversized_body() -> None:
    """Refuse a too large body up front, even on a route that would never read it."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        abort(413, f"The request body is larger than the limit of {limit // 1024} KiB.")


def _finish(response: Response) -> Response:
    """Commit the request's one transaction, or roll it back; a failed commit is a 503."""
    if g.get("retry_after"):  # the database's advice, not the rate limiter's window
        response.headers["Retry-After"] = g.retry_after
    database: Session | None = g.pop("db", None)
    if database is None:
        return response
    try:
        if response.status_code >= 400:
            database.rollback()
            return response
        database.commit()
    except OperationalError as exc:
        database.rollback()
        current_app.logger.error("database error at commit: %s", exc)
        return errors.database_unavailable_response()
    finally:
        database.close()
    return response


def _teardown(_exc: BaseException | None) -> None:
    database: Session | None = g.pop("db", None)
    if database is not None:
        database.rollback()
        database.close()


# KaTeX positions glyphs with inline style attributes, hence 'unsafe-inline' for styles only.
SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")


def _security_headers(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}  # one pass, not a lookup per header
    for name, value in (*SECURITY_HEADERS, HSTS) if request.is_secure else SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    return response


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseInteger
    app.before_request(_refuse_oversized_body)
    app.before_request(refuse_unstorable_text)
    # Flask runs after-request functions last registered first: commit, then add the headers
    # (to a 503 too, if the commit failed); ops logs the final status after both.
    app.after_request(_security_headers)
    app.after_request(_finish)
    app.teardown_request(_teardown)
