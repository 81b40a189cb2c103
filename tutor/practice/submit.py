"""Submitting a practice answer: the one use case behind every route that records one.

Three stages, in this order on every route (the page form and ``POST /api/answers``):

1. read: the variant the question instance names, from the catalog, at the revision it was
   shown; the responses, one a part, within the one length limit;
2. grade: ``tutor.questions.grade_all``, pure and the slow part;
3. write: only now does the transaction switch to writing (on SQLite that takes the database's
   write lock; see ``tutor.store.db.start_writing``), make the learner row if there is none yet,
   and record the attempts and the evidence in a handful of statements.

So no worker waits for the write lock while another grades. Refusals are the typed errors of
``tutor.errors``; an unreadable answer is not an error but a submission with ``valid`` False,
which records nothing. Diagnostics share the skeleton (``tutor.diagnostics.answering``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tutor.checking.limits import MAX_ANSWER_CHARS
from tutor.curriculum.catalog import Catalog
from tutor.errors import Conflict, Invalid, TooLarge
from tutor.practice.attempts import RecordedAttempt, record_answer
from tutor.practice.fitted import FittedCache
from tutor.questions import Grade, Variant, grade_all
from tutor.store.db import start_writing
from tutor.store.models import Learner

# A question left open for longer than this counts as this long: the time is for analytics of
# how long questions take, where an afternoon away from the tab says nothing.
MAX_DURATION_MS = 3_600_000
MAX_IDEMPOTENCY_KEY = 100


@dataclass(frozen=True)
class ShownQuestion:
    """A question as it was shown: to whom (0: a visitor without a learner row yet), which variant
    at which revision, and where (practice, or one position of a diagnostic)."""

    learner_id: int
    topic_id: str
    template_id: str
    revision: int
    seed: int
    context: str


def shown_variant(
    catalog: Catalog, shown: ShownQuestion, claimed: Mapping[str, Any] | None = None
) -> Variant:
    """The variant ``shown`` names, at the revision it was shown. ``claimed`` (topic, template and
    seed as the client sent them, where it did) must agree with it."""
    names = {"topic_id": shown.topic_id, "template_id": shown.template_id, "seed": shown.seed}
    for name, value in (claimed or {}).items():
        if value is not None and value != names[name]:
            raise Invalid(f"Field {name!r} does not match the question instance ({names[name]!r}).")
    variant = catalog.variant(shown.topic_id, shown.template_id, shown.seed)
    if variant.revision != shown.revision:
        raise Conflict(
            "The question was changed by its authors since it was shown; load the new one."
        )
    return variant


def check_responses(responses: Sequence[str], parts: int) -> list[str]:
    """One text a part, none longer than MAX_ANSWER_CHARS (the parser's limit too)."""
    if len(responses) != parts or not all(isinstance(r, str) for r in responses):
        raise Invalid(f"This question has {parts} part(s): send one answer (a string) for each.")
    if any(len(r) > MAX_ANSWER_CHARS for r in responses):
        raise TooLarge(f"Answers are limited to {MAX_ANSWER_CHARS} characters each.")
    return list(responses)


def checked_duration(value: object) -> int | None:
    """Milliseconds from the question shown to the answer sent, as a client reports it: a
    non-negative whole number, counted as at most MAX_DURATION_MS; None when not reported."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Invalid("Field 'duration_ms' must be a whole number of milliseconds, 0 or more.")
    return min(value, MAX_DURATION_MS)


def checked_key(value: str | None) -> str | None:
    if value is not None and not 1 <= len(value) <= MAX_IDEMPOTENCY_KEY:
        raise Invalid(f"Field 'idempotency_key' must be 1 to {MAX_IDEMPOTENCY_KEY} characters.")
    return value


@dataclass(frozen=True)
class Submission:
    """A graded answer and, when it could be read, what recording it did."""

    variant: Variant
    grades: list[Grade]
    responses: list[str]
    recorded: list[RecordedAttempt]

    @property
    def valid(self) -> bool:
        return all(g.valid for g in self.grades)

    @property
    def correct(self) -> bool:
        return all(g.correct for g in self.grades)

    @property
    def duplicate(self) -> bool:
        """A retry with the idempotency key of an answer recorded before: nothing new was
        written."""
        return bool(self.recorded) and self.recorded[0].duplicate


def submit(
    session: Session,
    catalog: Catalog,
    shown: ShownQuestion,
    read_responses: Callable[[int], Sequence[str]],
    learner: Callable[[], Learner],
    *,
    claimed: Mapping[str, Any] | None = None,
    idempotency_key: str | None = None,
    duration_ms: object = None,
    fits: FittedCache | None = None,
) -> Submission:
    """Grade the answer to a practice question that was shown, and record it if it could be read.

    ``read_responses(parts)`` gives the answer's texts once the number of parts is known;
    ``learner()`` gives the row to record for, made on first need, and is called only after the
    switch to writing. ``fits``, the process's cache of fitted parameters, saves reading them
    for every answer. Raises Invalid, TooLarge or Conflict (answered already, changed since
    shown); the caller commits.
    """
    duration = checked_duration(duration_ms)
    key = checked_key(idempotency_key)
    variant = shown_variant(catalog, shown, claimed)
    responses = check_responses(read_responses(len(variant.parts)), len(variant.parts))
    grades = grade_all(variant, responses)
    if not all(g.valid for g in grades):
        return Submission(variant, grades, responses, [])
    fitted = fits.get(session) if fits is not None else None  # read before the write lock
    start_writing(session)
    recorded = record_answer(
        session,
        learner(),
        variant,
        grades,
        responses,
        key,
        catalog.graph,
        duration_ms=duration,
        fitted=fitted,
    )
    return Submission(variant, grades, responses, recorded)
