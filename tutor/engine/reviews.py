"""Spaced review with FSRS: a memory state per learner and topic, kept as fsrs.Card JSON.

A right answer is a "Good" review and a wrong one "Again". Implicit repetitions count too: a
prerequisite that receives at least REVIEW_SHARE of an observation from a success downstream
is reviewed "Good" as well, as it was in fact recalled. FSRS schedules the next review when the
predicted recall probability falls to the desired retention (90%), before it is forgotten.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

REVIEW_SHARE = 0.25
# Deterministic schedules (and tests). No minute-long learning steps: the practice that leads to
# mastery is the learning; a topic's first review comes days later, as FSRS's review state gives.
SCHEDULER = Scheduler(
    desired_retention=0.8, enable_fuzzing=False, learning_steps=(), relearning_steps=()
)


def review(card_json: str | None, correct: bool, now: datetime) -> tuple[str, datetime]:
    """The card after one review at ``now``, and when it is due next."""
    card = Card.from_json(card_json) if card_json else Card(due=now)
    card, _ = SCHEDULER.review_card(card, Rating.Good if correct else Rating.Again, now)
    return card.to_json(), as_utc(card.due)


def recall_probability(card_json: str | None, now: datetime) -> float | None:
    if not card_json:
        return None
    return float(SCHEDULER.get_card_retrievability(Card.from_json(card_json), now))


def is_due(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and as_utc(due_at) <= now


def as_utc(moment: datetime) -> datetime:
    """The moment in UTC, which FSRS requires: SQLite hands datetimes back naive (they were stored
    in UTC), PostgreSQL in the session's time zone."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
