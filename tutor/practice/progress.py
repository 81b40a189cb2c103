"""A learner's progress over time: mastered, in progress and due for review at the end of each day.

Mastery is stored as its current value only, so the history is rebuilt by replaying the practice
log (``Attempt`` rows with source "practice", in id order) through the same per-attempt steps the
server runs for the practised topic: the BKT update (``mastery.bkt_update``, with the topic's
fitted parameters) and the FSRS review (``reviews.review``). Evidence that reaches a topic in other
ways (credit from practising topics that build on it, placement, "I know this") changes the
current estimate but is not an attempt on that topic, so the replayed series counts practised
topics only; the page says so and shows today's stored figures beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.engine.mastery import MASTERED, BKTParams, bkt_update
from tutor.engine.reviews import as_utc, review
from tutor.practice.attempts import question_answers
from tutor.practice.evidence import params_table
from tutor.store.models import PRACTICE, Attempt, Learner

MAX_DAYS = 90  # a longer history starts from the state it had 90 days ago


@dataclass(frozen=True)
class PracticeEvent:
    at: datetime
    topic_id: str
    correct: bool


@dataclass(frozen=True)
class DayCounts:
    day: date
    mastered: int
    in_progress: int  # practised, not yet mastered
    due: int  # practised topics whose review falls due by the end of the day (today: by now)


def replay(
    events: Iterable[PracticeEvent],
    params: Callable[[str], BKTParams],
    now: datetime,
    max_days: int = MAX_DAYS,
) -> list[DayCounts]:
    """One point per day from the first practice day (at most ``max_days`` back) to today; today's
    point is the state at ``now``, so it matches the current lists."""
    ordered = list(events)
    if not ordered:
        return []
    now = as_utc(now)
    today = now.date()
    first = max(as_utc(ordered[0].at).date(), today - timedelta(days=max_days - 1))
    p_known: dict[str, float] = {}
    due_at: dict[str, datetime] = {}
    cards: dict[str, dict[str, Any]] = {}
    series, pending = [], iter(ordered)
    event = next(pending, None)
    day = first
    while day <= today:
        end = datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)
        cutoff = min(end, now)
        while event is not None and as_utc(event.at) < end:
            topic = event.topic_id
            p_known[topic] = bkt_update(
                p_known.get(topic, params(topic).p_init), event.correct, params(topic)
            )
            cards[topic], due_at[topic] = review(cards.get(topic), event.correct, as_utc(event.at))
            event = next(pending, None)
        mastered = sum(p >= MASTERED for p in p_known.values())
        series.append(
            DayCounts(
                day, mastered, len(p_known) - mastered, sum(d <= cutoff for d in due_at.values())
            )
        )
        day += timedelta(days=1)
    return series


def progress_history(session: Session, learner: Learner | None, now: datetime) -> list[DayCounts]:
    """The replayed series of this learner's practice log, up to today (UTC)."""
    if learner is None:
        return []
    rows = session.execute(
        select(
            Attempt.learner_id, Attempt.part, Attempt.topic_id, Attempt.correct, Attempt.created_at
        )
        .where(Attempt.learner_id == learner.id, Attempt.source == PRACTICE)
        .order_by(Attempt.id)
    ).all()
    events = [PracticeEvent(at, topic, correct) for _, topic, correct, at in question_answers(rows)]
    table = params_table(session, {e.topic_id for e in events})
    return replay(events, table.get, now)
