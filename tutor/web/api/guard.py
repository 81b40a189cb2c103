"""The rules every /api route shares, applied once for the whole prefix (unknown paths included):
who is asking and whether their token may do this, where a cookie-authenticated write comes
from, and a body that is strict JSON. Typed access to the body's fields is in ``json_input``."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, g, request

from tutor.web.auth import current_user, is_api_request
from tutor.web.inputs import parse_json
from tutor.web.requests import WRITE_METHODS

# Which token scope each API route needs: the author API needs "author", accounts and tokens
# "admin"; other reads need "read", other writes (answers, goals, claims, placements) "answer".
ADMIN_ENDPOINTS = frozenset(
    {
        "api.accounts.list_users",
        "api.accounts.set_role",
        "api.accounts.list_tokens",
        "api.accounts.create_token",
        "api.accounts.revoke_token",
    }
)


def required_scope(endpoint: str | None, method: str) -> str | None:
    if endpoint is None:
        return None
    if endpoint.startswith("api.author."):
        return "author"
    if endpoint in ADMIN_ENDPOINTS:
        return "admin"
    return "read" if method in ("GET", "HEAD", "OPTIONS") else "answer"


def check_api_request() -> None:
    """Before every request to a route of the /api blueprint and its nested blueprints."""
    current_user()  # an unknown, revoked or expired token is a 401 here
    if g.get("token_auth"):
        scope = required_scope(request.endpoint, request.method)
        if scope is not None and scope not in g.token_scopes:
            abort(
                403,
                f"This API token lacks the {scope!r} scope this operation needs; make a token "
                "with it on the account page.",
            )
    origin = request.headers.get("Origin")
    if (
        origin
        and request.method in WRITE_METHODS
        and not g.get("token_auth")
        and urlsplit(origin).netloc != request.host
    ):
        abort(403, "Requests from other sites' pages are refused; use an API token.")
    if not request.content_length:
        return
    if not request.is_json:
        abort(415, "Send a JSON body with Content-Type: application/json.")
    g.api_json = parse_json(request.get_data(cache=True))


def check_unrouted_api_request() -> None:
    """An /api path that no route serves is still refused by the same rules (a bad token is a
    401, not a 404 that would tell which paths exist)."""
    if request.url_rule is None and is_api_request():
        check_api_request()


def init_app(app: Flask) -> None:
    app.before_request(check_unrouted_api_request)
