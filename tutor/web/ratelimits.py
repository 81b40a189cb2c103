"""Rate limits (Flask-Limiter): one policy for every route that grades, computes or writes.

Every route with a write method gets the limits of its class, per account (or anonymous
learner) and per address, counted across all routes of the class:

- sign-in and sign-up: per address, and failed sign-ins per account;
- answers (graded and recorded: practice, "I know this" checks, placement): ``answers``;
- previews (graded or rendered, nothing recorded: answer and author previews): ``previews``;
- every other write (placements and claims started, goals, tokens, author saves...): ``writes``.

A new anonymous learner (a row made for a visitor without one) is also counted per address.

Counters live in the storage named by ``Settings.ratelimit_storage_uri``: ``redis://...`` shares
them between every worker process and server; empty means this process's memory, which is right
for ``make run`` (one process) and counts per process under ``tutor serve --workers N``.

Each limit is applied by wrapping a view that is already registered, so the views themselves stay
free of limiter plumbing and every app (tests make many) has a limiter and counters of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request, session
from flask_limiter import Limiter
from limits import parse_many
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from tutor.accounts.users import normalize_email
from tutor.config import Settings
from tutor.web.auth import current_user

MEMORY = "memory://"
SIGN_IN_VIEWS = ("account.sign_in",)
SIGN_UP_VIEWS = ("account.sign_up",)
ANSWER_VIEWS = (
    "api.practice.post_answer",
    "learn.answer",
    "api.diagnostics.answer_check",
    "api.diagnostics.answer_placement",
    "diagnose.answer_claim",
    "diagnose.answer_placement",
)
PREVIEW_VIEWS = (
    "api.practice.preview_answer",
    "api.author.preview_topic",
    "api.author.preview_template",
)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def policy_class(endpoint: str) -> str:
    """The limit class of a writing route: sign-in, sign-up, answers, previews or writes."""
    if endpoint in SIGN_IN_VIEWS:
        return "sign-in"
    if endpoint in SIGN_UP_VIEWS:
        return "sign-up"
    if endpoint in ANSWER_VIEWS:
        return "answers"
    if endpoint in PREVIEW_VIEWS:
        return "previews"
    return "writes"


def writing_endpoints(app: Flask) -> list[str]:
    """Every endpoint that takes a write method: all of them fall under the policy."""
    return sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if rule.methods is None or rule.methods & WRITE_METHODS  # None: every method
        }
    )


def client_address() -> str:
    """The peer address. Behind a reverse proxy, configure it to pass the client's address on
    (and wrap the app in ProxyFix); otherwise all clients share the proxy's address."""
    return f"address:{request.remote_addr or 'unknown'}"


def sign_in_account() -> str:
    """The account a sign-in is trying, whether or not it exists."""
    return f"email:{normalize_email(request.form.get('email', ''))[:320] or '-'}"


def answering_learner() -> str:
    """Who answers: the signed-in user, else the anonymous learner behind the cookie."""

    user = current_user()
    return f"user:{user.id}" if user is not None else f"learner:{session.get('learner')}"


def _unknown_learner() -> bool:
    """No account and no learner cookie yet: only the per-address limit can apply."""

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

    @limiter.request_filter
    def _reading() -> bool:
        # Every limit counts write methods only: a page or a GET skips the limiter's bookkeeping.
        return request.method not in WRITE_METHODS

    writes = sorted(WRITE_METHODS)
    limits = {
        "sign-in": [
            limiter.shared_limit(
                settings.ratelimit_sign_in_per_address,
                "sign-in-address",
                methods=writes,
                error_message=_message("sign-in attempts from your address"),
            ),
            limiter.shared_limit(
                settings.ratelimit_sign_in_per_account,
                "sign-in-account",
                methods=writes,
                key_func=sign_in_account,
                deduct_when=_failed_sign_in,
                error_message=_message("failed sign-ins for this account"),
            ),
        ],
        "sign-up": [
            limiter.shared_limit(
                settings.ratelimit_sign_in_per_address,
                "sign-up-address",
                methods=writes,
                error_message=_message("sign-ups from your address"),
            )
        ],
    }
    for name, per_account, per_address in (
        ("answers", settings.ratelimit_answers_per_account, settings.ratelimit_answers_per_address),
        (
            "previews",
            settings.ratelimit_previews_per_account,
            settings.ratelimit_previews_per_address,
        ),
        ("writes", settings.ratelimit_writes_per_account, settings.ratelimit_writes_per_address),
    ):
        limits[name] = [
            limiter.shared_limit(
                per_address,
                f"{name}-address",
                methods=writes,
                error_message=_message(f"{name} from your address"),
            ),
            limiter.shared_limit(
                per_account,
                f"{name}-account",
                methods=writes,
                key_func=answering_learner,
                exempt_when=_unknown_learner,
                error_message=_message(f"{name} in a short time"),
            ),
        ]
    for endpoint in writing_endpoints(app):
        _wrap(app, (endpoint,), *limits[policy_class(endpoint)])
    app.extensions["tutor.new_learner_limits"] = parse_many(
        settings.ratelimit_new_learners_per_address
    )
    return limiter


def _wrap(app: Flask, endpoints: tuple[str, ...], *limits: Callable[[Any], Any]) -> None:
    for endpoint in endpoints:
        view = app.view_functions[endpoint]
        for limit in limits:
            view = limit(view)
        app.view_functions[endpoint] = view


def count_new_learner() -> None:
    """A new anonymous learner is about to be made for this address: a 429 past the limit, so a
    script cannot fill the learners table (e.g. with 200 placements started without a cookie)."""
    limiter: Limiter = current_app.extensions["tutor.limiter"]
    if not current_app.config["TUTOR_SETTINGS"].ratelimit_enabled:
        return
    for item in current_app.extensions["tutor.new_learner_limits"]:
        if not limiter.limiter.hit(item, "new-learner", client_address()):
            raise TooManyRequests(
                "Too many new learners from your address; please wait a little "
                "and try again, or sign in.",
                retry_after=item.get_expiry(),
            )


def counts_per_process(settings: Settings) -> bool:
    """Whether each worker process would keep counters of its own (so N workers allow N times)."""
    uri = settings.ratelimit_storage_uri
    return settings.ratelimit_enabled and (not uri or uri.startswith(MEMORY))


def worker_warning(settings: Settings, workers: int) -> str | None:
    """What ``tutor serve --workers N`` must say loudly when the limits would not be shared."""
    if workers < 2 or not counts_per_process(settings):
        return None
    return (
        f"WARNING: TUTOR_RATELIMIT_STORAGE_URI is not set, so each of the {workers} workers "
        f"counts rate limits on its own: sign-in and answer limits are {workers} times looser "
        "than configured. Set it to a shared store, e.g. redis://127.0.0.1:6379."
    )
