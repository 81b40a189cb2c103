"""Question instances: every question the server shows comes with a signed token naming the
learner it was shown to, the variant (topic, template, revision, seed), where it was shown
(practice, or one question of a diagnostic) and a nonce. An answer must carry it back.

So a client cannot choose which variant it is graded on (e.g. one whose answer it saw in the
feedback to an earlier wrong answer, its own or another learner's), nor answer a question shown
to someone else. That each variant counts for mastery once is kept by the database
(``AnsweredVariant``); a diagnostic question counts once because the token names its position.

Tokens are signed with the app's secret key (itsdangerous, as Flask's sessions are), so any app
process can check them and nothing is stored per question shown.
"""

from __future__ import annotations

import functools
import secrets
import time
from datetime import datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from tutor.engine.reviews import as_utc
from tutor.errors import Conflict, Forbidden, Invalid
from tutor.practice.submit import ShownQuestion
from tutor.questions import Variant
from tutor.store.models import Learner

SALT = "tutor.question-instance"
MAX_AGE_SECONDS = 7 * 24 * 3600
MAX_TOKEN_CHARS = 1000
NOT_OURS = (
    "Field 'instance' is not a question instance this server issued; "
    "answer the questions it shows you."
)
SOMEONE_ELSES = "This question was shown to another learner; answer the questions shown to you."
PRACTICE = "practice"
# A question shown before the visitor had a learner row names learner 0: it may be answered by
# a learner made after it was issued (the same visitor, one page later), never by an older one.
NEW_LEARNER = 0
Instance = ShownQuestion  # what a token names


@functools.lru_cache(maxsize=8)
def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)  # made once: it derives its key when made


def sign(secret_key: str, learner_id: int, variant: Variant, context: str = PRACTICE) -> str:
    """The token for ``variant`` shown to learner ``learner_id``
    (0: no learner yet) in ``context``."""
    payload = {
        "l": learner_id,
        "t": variant.topic_id,
        "m": variant.template_id,
        "r": variant.revision,
        "s": variant.seed,
        "c": context,
        "n": secrets.token_urlsafe(9),
        "i": round(time.time(), 3),
    }
    return _serializer(secret_key).dumps(payload)


def issue(learner: Learner | int | None, variant: Variant, context: str = PRACTICE) -> str:
    """The token for ``variant`` shown now to ``learner`` (a row, its id, or None:
    no learner yet)."""
    learner_id = learner if isinstance(learner, int) else learner.id if learner else NEW_LEARNER
    return sign(current_app.config["SECRET_KEY"], learner_id, variant, context)


# A token for a visitor with no learner yet names no one, so every such visitor may be shown the
# same one: signing one per page view cost an anonymous content page about a tenth of its time.
VISITOR_TOKEN_SECONDS = 1.0
_visitor_tokens: dict[tuple[str, str, str, int, int], tuple[float, str]] = {}


def issue_to_visitor(variant: Variant) -> str:
    """The token for ``variant`` shown now to a visitor with no learner yet: one signed within
    the last VISITOR_TOKEN_SECONDS, shared. Each visitor may still answer it once, as the learner
    made at that answer, which is younger than the token (``verify``)."""
    secret_key = current_app.config["SECRET_KEY"]
    key = (secret_key, variant.topic_id, variant.template_id, variant.revision, variant.seed)
    now = time.monotonic()
    kept = _visitor_tokens.get(key)
    if kept is not None and now - kept[0] < VISITOR_TOKEN_SECONDS:
        return kept[1]
    token = sign(secret_key, NEW_LEARNER, variant)
    if len(_visitor_tokens) >= 1024:
        _visitor_tokens.clear()
    _visitor_tokens[key] = (now, token)
    return token


def _load(token: Any) -> tuple[dict[str, Any], datetime]:
    if not isinstance(token, str) or not token:
        raise Invalid(
            "Field 'instance' is required: send back the 'instance' token that came with the "
            "question (GET the question first)."
        )
    if len(token) > MAX_TOKEN_CHARS:
        raise Forbidden(NOT_OURS)
    try:
        payload, issued = _serializer(current_app.config["SECRET_KEY"]).loads(
            token, max_age=MAX_AGE_SECONDS, return_timestamp=True
        )
    except SignatureExpired:
        raise Conflict(
            "This question was shown too long ago; load it again to answer it."
        ) from None
    except (BadSignature, ValueError, UnicodeError):
        raise Forbidden(NOT_OURS) from None
    if not isinstance(payload, dict) or not all(k in payload for k in "ltmrsc"):
        raise Forbidden(NOT_OURS)
    return payload, issued


def verify(token: Any, learner: Learner | None, context: str = PRACTICE) -> Instance:
    """The instance the token names, if it was issued by us to this learner for this context;
    otherwise Invalid (missing, or from another place), Forbidden (forged, or someone else's) or
    Conflict (already answered, or too old)."""
    payload, issued = _load(token)
    owner = payload["l"]
    if owner == NEW_LEARNER:
        created = learner.created_at if learner is not None else None
        shown_at = payload.get("i", issued.timestamp())
        if created is not None and as_utc(created).timestamp() < shown_at:
            raise Forbidden(SOMEONE_ELSES)
    elif learner is None or owner != learner.id:
        raise Forbidden(SOMEONE_ELSES)
    if payload["c"] != context:
        if context == PRACTICE or not str(payload["c"]).startswith(context.rsplit(":", 1)[0] + ":"):
            raise Invalid("This question instance belongs elsewhere: answer it where it was shown.")
        raise Conflict("This question has been answered already; answer the current one.")
    return Instance(owner, payload["t"], payload["m"], payload["r"], payload["s"], payload["c"])
