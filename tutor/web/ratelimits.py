"""Rate limits on signing in and on answering, per account and per address (Flask-Limiter).

Counters live in the storage named by ``Settings.ratelimit_storage_uri``: ``redis://...`` shares
them between every worker process and server; empty means this process's memory, which is right
for ``make run`` (one process) and counts per process under ``tutor serve --workers N``.

Each limit is applied by wrapping a view that is already registered, so the views themselves stay
free of limiter plumbing and every app (tests make many) has a limiter and counters of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, request, session
from flask_limiter import Limiter
from werkzeug.wrappers import Response

from tutor.config import Settings
from tutor.learner.accounts import normalize_email

MEMORY = "memory://"
SIGN_IN_VIEWS = ("account.sign_in",)
SIGN_UP_VIEWS = ("account.sign_up",)
ANSWER_VIEWS = ("api.post_answer", "learn.answer")


def client_address() -> str:
    """The peer address. Behind a reverse proxy, configure it to pass the client's address on
    (and wrap the app in ProxyFix); otherwise all clients share the proxy's address."""
    return f"address:{request.remote_addr or 'unknown'}"


def sign_in_account() -> str:
    """The account a sign-in is trying, whether or not it exists."""
    return f"email:{normalize_email(request.form.get('email', ''))[:320] or '-'}"


def answering_learner() -> str:
    """Who answers: the signed-in user, else the anonymous learner behind the cookie."""
    from tutor.web.auth import current_user

    user = current_user()
    return f"user:{user.id}" if user is not None else f"learner:{session.get('learner')}"


def _unknown_learner() -> bool:
    """No account and no learner cookie yet: only the per-address limit can apply."""
    from tutor.web.auth import current_user

    return current_user() is None and not session.get("learner")


def _failed_sign_in(response: Response) -> bool:
    return response.status_code == 401


def _message(what: str) -> Callable[[], str]:
    return lambda: f"Too many {what}; please wait a little and try again."


def init_app(app: Flask, settings: Settings) -> Limiter:
    limiter = Limiter(
        client_address,
        storage_uri=settings.ratelimit_storage_uri or MEMORY,
        strategy="moving-window",
        headers_enabled=True,
        # A storage outage must not take the site down: count in memory until it answers again.
        in_memory_fallback_enabled=True,
        key_prefix=settings.ratelimit_key_prefix,
        enabled=settings.ratelimit_enabled,
    )
    limiter.init_app(app)
    app.extensions["tutor.limiter"] = limiter
    post = ["POST"]
    _wrap(app, SIGN_IN_VIEWS,
          limiter.limit(settings.ratelimit_sign_in_per_address, methods=post, scope="sign-in-address",
                        error_message=_message("sign-in attempts from your address")),
          limiter.limit(settings.ratelimit_sign_in_per_account, methods=post, key_func=sign_in_account,
                        scope="sign-in-account", deduct_when=_failed_sign_in,
                        error_message=_message("failed sign-ins for this account")))
    _wrap(app, SIGN_UP_VIEWS,
          limiter.limit(settings.ratelimit_sign_in_per_address, methods=post, scope="sign-up-address",
                        error_message=_message("sign-ups from your address")))
    _wrap(app, ANSWER_VIEWS,
          limiter.limit(settings.ratelimit_answers_per_address, methods=post, scope="answers-address",
                        error_message=_message("answers from your address")),
          limiter.limit(settings.ratelimit_answers_per_account, methods=post, key_func=answering_learner,
                        scope="answers-account", exempt_when=_unknown_learner,
                        error_message=_message("answers in a short time")))
    return limiter


def _wrap(app: Flask, endpoints: tuple[str, ...], *limits: Callable[[Any], Any]) -> None:
    for endpoint in endpoints:
        view = app.view_functions[endpoint]
        for limit in limits:
            view = limit(view)
        app.view_functions[endpoint] = view


def counts_per_process(settings: Settings) -> bool:
    """Whether each worker process would keep counters of its own (so N workers allow N times)."""
    uri = settings.ratelimit_storage_uri
    return settings.ratelimit_enabled and (not uri or uri.startswith(MEMORY))


def worker_warning(settings: Settings, workers: int) -> str | None:
    """What ``tutor serve --workers N`` must say loudly when the limits would not be shared."""
    if workers < 2 or not counts_per_process(settings):
        return None
    return (f"WARNING: TUTOR_RATELIMIT_STORAGE_URI is not set, so each of the {workers} workers "
            f"counts rate limits on its own: sign-in and answer limits are {workers} times looser "
            "than configured. Set it to a shared store, e.g. redis://127.0.0.1:6379.")
