"""The rules every /api route shares, applied once for the whole prefix (unknown paths included):
who is asking and whether their token may do this, where a cookie-authenticated write comes
from, and a body that is strict JSON. Then typed access to the body's fields."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, g, request

from tutor.web.auth import current_user, is_api_request
from tutor.web.inputs import MAX_INT, check_json, parse_json
from tutor.web.requests import WRITE_METHODS

# Which token scope each API route needs: the author API needs "author", accounts and tokens
# "admin"; other reads need "read", other writes (answers, goals, claims, placements) "answer".
ADMIN_ENDPOINTS = frozenset({"api.list_users", "api.set_role", "api.list_tokens", "api.create_token",
                             "api.revoke_token"})


def required_scope(endpoint: str | None, method: str) -> str | None:
    if endpoint is None:
        return None
    if endpoint.startswith("author_api."):
        return "author"
    if endpoint in ADMIN_ENDPOINTS:
        return "admin"
    return "read" if method in ("GET", "HEAD", "OPTIONS") else "answer"


def check_api_request() -> None:
    """Before every /api request, whichever blueprint (or none) serves it."""
    if not is_api_request():
        return
    current_user()  # an unknown, revoked or expired token is a 401 here
    if g.get("token_auth"):
        scope = required_scope(request.endpoint, request.method)
        if scope is not None and scope not in g.token_scopes:
            abort(403, f"This API token lacks the {scope!r} scope this operation needs; make a token "
                       "with it on the account page.")
    origin = request.headers.get("Origin")
    if origin and request.method in WRITE_METHODS and not g.get("token_auth") \
            and urlsplit(origin).netloc != request.host:
        abort(403, "Requests from other sites' pages are refused; use an API token.")
    if not request.content_length:
        return
    if not request.is_json:
        abort(415, "Send a JSON body with Content-Type: application/json.")
    g.api_json = parse_json(request.get_data(cache=True))


def json_body() -> dict[str, Any]:
    """The request's JSON object; anything else is a 400/415 that says what is wrong."""
    if not request.is_json:
        abort(415, "Send a JSON body with Content-Type: application/json.")
    body = g.get("api_json")
    if not isinstance(body, dict):
        abort(400, "The body must be a JSON object.")
    return body


def field(body: dict[str, Any], name: str, kind: type, required: bool = True) -> Any:
    """A field of the body of the given type; integers must fit a database INTEGER."""
    value = body.get(name)
    if value is None:
        if required:
            abort(400, f"Field {name!r} is required.")
        return None
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one number type: 7.0 is the integer 7
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        abort(400, f"Field {name!r} must be of type {kind.__name__}.")
    if kind is int and not -MAX_INT - 1 <= value <= MAX_INT:
        abort(400, f"Field {name!r} must be an integer from {-MAX_INT - 1} to {MAX_INT}.")
    check_json(value, name)  # NUL or a lone surrogate: text no database can store
    return value


def init_app(app: Flask) -> None:
    app.before_request(check_api_request)
