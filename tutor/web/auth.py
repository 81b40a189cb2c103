"""Who is asking: a bearer token (on /api only), a signed-in session, or an anonymous learner
cookie; and what roles a view requires. HTML pages never read the Authorization header: a token
is for programs, and a page opened with one is opened as whoever the cookie says."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface

from tutor.accounts import users
from tutor.store.models import User
from tutor.web.requests import db

USER_KEY = "user_id"
SIGN_IN_KEY = "sign_in"
F = TypeVar("F", bound=Callable[..., Any])


def is_api_request() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        abort(401, "Send API tokens as 'Authorization: Bearer <token>'.")
    return secret.strip()


def current_user() -> User | None:
    """The signed-in user: by bearer token for the API, else by session cookie."""
    if "user" in g:
        return g.user
    user: User | None = None
    secret = _bearer() if is_api_request() else None
    if secret is not None:
        use = (
            current_app.extensions["tutor.tokens"].use(db(), secret)
            if users.looks_like_token(secret)
            else None
        )
        if use is None:
            abort(401, "The API token is unknown or revoked.")
        if use.expired:
            abort(401, "The API token has expired; make a new one on the account page.")
        user, g.token_auth, g.token_scopes = use.user, True, use.scopes
        g.learner = use.learner
    elif session.get(USER_KEY) is not None:
        user = users.user_for_sign_in(db(), session[USER_KEY], session.get(SIGN_IN_KEY))
        if user is None:  # signed out elsewhere (a copied cookie), or the account is gone
            session.clear()
    g.user = user
    return user


def start_session(user: User) -> None:
    """A fresh session for the user (a new cookie, so a planted one is worthless)."""
    # The anonymous learner key goes too: a signed-in session reaches its learner by the account,
    # and an account's learner is never found anonymously.
    session.clear()
    session[USER_KEY] = user.id
    session[SIGN_IN_KEY] = users.open_sign_in(db(), user)
    session.permanent = True
    g.user = user


def signed_in_user() -> User:
    """The user of a view behind ``require_role``, which lets no one through signed out."""
    user = current_user()
    if user is None:
        raise RuntimeError("signed_in_user() called outside a view behind require_role")
    return user


def require_role(*roles: str) -> Callable[[F], F]:
    """Only signed-in users with one of ``roles`` may call the view (any role when none given)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                if request.path.startswith("/api/"):
                    abort(401, "Sign in or send an API token.")
                return redirect(url_for("account.sign_in", next=request.full_path))
            if roles and user.role not in roles:
                abort(403, f"This needs the {' or '.join(roles)} role.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


class SessionInterface(SecureCookieSessionInterface):
    """Session cookies are HttpOnly and SameSite=Lax always, and Secure whenever served over HTTPS.

    The signing serializer is made once per set of keys rather than twice per request (Flask
    makes a new one to open and to save each session)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], Any] = {}

    def get_signing_serializer(self, app: Any) -> Any:
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
        return serializer

    def get_cookie_secure(self, app: Any) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def end_session() -> None:
    """Sign out: the session's record goes, so even a copy of this cookie no longer signs in."""
    if session.get(USER_KEY) is not None:
        users.close_sign_in(db(), session.get(SIGN_IN_KEY))
    session.clear()
    g.pop("user", None)
