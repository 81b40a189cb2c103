"""Use cases that read the learner's state: the next task and progress toward a goal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tutor.engine.mastery import DEFAULT_PARAMS, MASTERED, READY, steps_to_mastery
from tutor.engine.next_task import Task, TopicState, rank_tasks
from tutor.engine.reviews import as_utc
from tutor.graph import KnowledgeGraph
from tutor.store.models import Goal, Learner, Mastery

MINUTES_PER_QUESTION = 1.5


def topic_states(session: Session, learner: Learner | None, now: datetime) -> dict[str, TopicState]:
    """The learner's mastery rows as plain values.

    The database decides "mastered" and "due" itself, so only the few due rows' timestamps are
    read back and turned into datetimes (parsing thousands of them dominated the cost).
    """
    if learner is None:
        return {}
    mine = Mastery.learner_id == learner.id
    mastered = or_(Mastery.claimed_known, Mastery.p_known >= MASTERED)
    rows = session.execute(
        select(Mastery.topic_id, mastered, Mastery.remediation, Mastery.p_known >= READY).where(
            mine
        )
    )
    states = {
        topic: TopicState(bool(known), None, bool(remedy), bool(ready))
        for topic, known, remedy, ready in rows
    }
    due = session.execute(
        select(Mastery.topic_id, Mastery.due_at).where(mine, Mastery.due_at <= now)
    )
    for topic, due_at in due:
        state = states[topic]
        if due_at is not None:  # always, by the filter; said for the type checker
            states[topic] = TopicState(
                state.mastered, as_utc(due_at), state.remediation, state.ready
            )
    return states


def first_goal(session: Session, learner: Learner | None, graph: KnowledgeGraph) -> str | None:
    """The learner's first open goal: set earliest, in the graph, and not yet mastered (done)."""
    if learner is None:
        return None
    goals = [
        g
        for g in session.scalars(
            select(Goal.topic_id).where(Goal.learner_id == learner.id).order_by(Goal.id)
        )
        if g in graph
    ]
    if not goals:
        return None
    done = set(
        session.scalars(
            select(Mastery.topic_id).where(
                Mastery.learner_id == learner.id,
                Mastery.topic_id.in_(goals),
                or_(Mastery.claimed_known, Mastery.p_known >= MASTERED),
            )
        )
    )
    return next((g for g in goals if g not in done), None)


def upcoming_reviews(
    session: Session, learner: Learner | None, limit: int = 10
) -> list[tuple[str, datetime]]:
    """The next scheduled reviews, due or not, soonest first: (topic, when)."""
    if learner is None:
        return []
    rows = session.execute(
        select(Mastery.topic_id, Mastery.due_at)
        .where(Mastery.learner_id == learner.id, Mastery.due_at.is_not(None))
        .order_by(Mastery.due_at, Mastery.topic_id)
        .limit(limit)
    )
    return [(topic, as_utc(due_at)) for topic, due_at in rows if due_at is not None]


def next_tasks(
    session: Session, graph: KnowledgeGraph, learner: Learner | None, now: datetime, limit: int = 5
) -> list[Task]:
    return rank_tasks(
        graph, topic_states(session, learner, now), first_goal(session, learner, graph), now, limit
    )


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Progress:
    """Progress toward a goal: the one count every page and the API show.

    ``topics_needed`` and ``topics_mastered`` count the goal's prerequisite topics (direct or
    not), never the goal itself; ``remaining_topics`` counts what is left, the goal included
    until it is mastered, when the goal is "done".
    """

    topics_needed: int
    topics_mastered: int
    remaining_topics: int
    estimated_questions: int
    estimated_minutes: int
    goal_mastered: bool = False

    @property
    def status(self) -> str:
        return "done" if self.goal_mastered else "open"

    def summary(self) -> str:
        if self.goal_mastered:
            return f"done: mastered, with {plural(self.topics_needed, 'prerequisite topic')}"
        return (
            f"{self.topics_mastered} of {plural(self.topics_needed, 'prerequisite topic')} "
            f"mastered; about {plural(self.estimated_questions, 'question')} "
            f"(~{self.estimated_minutes} min) to go"
        )


def goal_progress(
    graph: KnowledgeGraph, goal: str, p_known: dict[str, float], mastered: set[str]
) -> Progress:
    """k of n mastered, and the work left: right answers each open topic needs to be mastered.

    An open topic needs steps_to_mastery(p) right answers from its current estimate; at the
    learner's likely accuracy this is a floor, so the estimate divides by 0.8.
    """
    needed = set(graph.ancestors(goal))
    done = needed & mastered
    open_topics = (needed - done) | ({goal} - mastered)
    questions = sum(steps_to_mastery(p_known.get(t, DEFAULT_PARAMS.p_init)) for t in open_topics)
    questions = round(questions / 0.8)
    return Progress(
        len(needed),
        len(done),
        len(open_topics),
        questions,
        round(questions * MINUTES_PER_QUESTION),
        goal in mastered,
    )
