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

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import abort, current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from tutor.questions import Variant
from tutor.store.models import Learner

SALT = "tutor.question-instance"
MAX_AGE_SECONDS = 7 * 24 * 3600
MAX_TOKEN_CHARS = 1000
NOT_OURS = (
    "Field 'instance' is not a question instance this server issued; "
    "answer the questions it shows you."
)
PRACTICE = "practice"
# A question shown before the visitor had a learner row names learner 0: it may be answered by
# a learner made after it was issued (the same visitor, one page later), never by an older one.
NEW_LEARNER = 0


@dataclass(frozen=True)
class Instance:
    learner_id: int
    topic_id: str
    template_id: str
    revision: int
    seed: int
    context: str


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


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


def diagnostic_context(kind: str, diagnostic_id: int, index: int) -> str:
    """The context of the question at ``index`` of a diagnostic: answering it moves the index on."""
    return f"{kind}:{diagnostic_id}:{index}"


def _load(token: Any) -> tuple[dict[str, Any], datetime]:
    if not isinstance(token, str) or not token:
        abort(
            400,
            "Field 'instance' is required: send back the 'instance' token that came with the "
            "question (GET the question first).",
        )
    if len(token) > MAX_TOKEN_CHARS:
        abort(403, NOT_OURS)
    try:
        payload, issued = _serializer(current_app.config["SECRET_KEY"]).loads(
            token, max_age=MAX_AGE_SECONDS, return_timestamp=True
        )
    except SignatureExpired:
        abort(409, "This question was shown too long ago; load it again to answer it.")
    except (BadSignature, ValueError, UnicodeError):
        abort(403, NOT_OURS)
    if not isinstance(payload, dict) or not all(k in payload for k in "ltmrsc"):
        abort(403, NOT_OURS)
    return payload, issued


def verify(token: Any, learner: Learner | None, context: str = PRACTICE) -> Instance:
    """The instance the token names, if it was issued by us to this learner for this context;
    otherwise a 400 (missing, or from another place), 403 (forged, or someone else's) or 409
    (already answered, or too old)."""
    payload, issued = _load(token)
    owner = payload["l"]
    if owner == NEW_LEARNER:
        created = learner.created_at if learner is not None else None
        shown_at = payload.get("i", issued.timestamp())
        if created is not None and _aware(created).timestamp() < shown_at:
            abort(
                403,
                "This question was shown to another learner; answer the questions shown to you.",
            )
    elif learner is None or owner != learner.id:
        abort(403, "This question was shown to another learner; answer the questions shown to you.")
    if payload["c"] != context:
        if context == PRACTICE or not str(payload["c"]).startswith(context.rsplit(":", 1)[0] + ":"):
            abort(400, "This question instance belongs elsewhere: answer it where it was shown.")
        abort(409, "This question has been answered already; answer the current one.")
    return Instance(owner, payload["t"], payload["m"], payload["r"], payload["s"], payload["c"])


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def practice_variant(instance: Instance, claimed: dict[str, Any] | None = None) -> Variant:
    """The variant a practice instance names, at the revision it was shown. ``claimed`` (topic,
    template and seed as the client sent them, where it did) must agree with the instance."""
    from tutor.web.requests import catalog

    shown = {
        "topic_id": instance.topic_id,
        "template_id": instance.template_id,
        "seed": instance.seed,
    }
    for name, value in (claimed or {}).items():
        if value is not None and value != shown[name]:
            abort(400, f"Field {name!r} does not match the question instance ({shown[name]!r}).")
    variant = catalog().variant(instance.topic_id, instance.template_id, instance.seed)
    if variant.revision != instance.revision:
        abort(409, "The question was changed by its authors since it was shown; load the new one.")
    return variant
