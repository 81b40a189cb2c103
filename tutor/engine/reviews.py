"""Spaced review with FSRS: a memory state per learner and topic, kept as ``fsrs.Card.to_dict()``.

A right answer is a "Good" review and a wrong one "Again". Implicit repetitions count too: a
prerequisite that receives at least REVIEW_SHARE of an observation from a success downstream
is reviewed "Good" as well, as it was in fact recalled. FSRS schedules the next review when the
predicted recall probability falls to the desired retention (80%), before it is forgotten.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from fsrs import Card, Rating, Scheduler
from fsrs.card import CardDict

REVIEW_SHARE = 0.25
# Deterministic schedules (and tests). No minute-long learning steps: the practice that leads to
# mastery is the learning; a topic's first review comes days later, as FSRS's review state gives.
SCHEDULER = Scheduler(
    desired_retention=0.8, enable_fuzzing=False, learning_steps=(), relearning_steps=()
)


def review(
    card_state: dict[str, Any] | None, correct: bool, now: datetime
) -> tuple[dict[str, Any], datetime]:
    """The card after one review at ``now``, and when it is due next."""
    card = Card.from_dict(cast(CardDict, card_state)) if card_state else Card(due=now)
    card, _ = SCHEDULER.review_card(card, Rating.Good if correct else Rating.Again, now)
    return dict(card.to_dict()), as_utc(card.due)


def recall_probability(card_state: dict[str, Any] | None, now: datetime) -> float | None:
    """FSRS's predicted probability of recall at ``now``, or None before the first review."""
    if not card_state:
        return None
    card = Card.from_dict(cast(CardDict, card_state))
    return float(SCHEDULER.get_card_retrievability(card, now))


def is_due(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and as_utc(due_at) <= now


def as_utc(moment: datetime) -> datetime:
    """The moment in UTC, which FSRS requires: SQLite hands datetimes back naive (they were stored
    in UTC), PostgreSQL in the session's time zone."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
