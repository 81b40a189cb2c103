"""Use cases that read the learner's state: the next task and progress toward a goal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tutor.engine.mastery import DEFAULT_PARAMS, MASTERED, steps_to_mastery
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
    rows = session.execute(select(Mastery.topic_id, mastered, Mastery.remediation).where(mine))
    states = {topic: TopicState(bool(known), None, bool(remedy)) for topic, known, remedy in rows}
    due = session.execute(
        select(Mastery.topic_id, Mastery.due_at).where(mine, Mastery.due_at <= now)
    )
    for topic, due_at in due:
        if due_at is not None:  # always, by the filter; said for the type checker
            states[topic] = TopicState(
                states[topic].mastered, as_utc(due_at), states[topic].remediation
            )
    return states


def first_goal(session: Session, learner: Learner | None, graph: KnowledgeGraph) -> str | None:
    if learner is None:
        return None
    goals = session.scalars(
        select(Goal.topic_id).where(Goal.learner_id == learner.id).order_by(Goal.id)
    )
    return next((g for g in goals if g in graph), None)


def next_tasks(
    session: Session, graph: KnowledgeGraph, learner: Learner | None, now: datetime, limit: int = 5
) -> list[Task]:
    return rank_tasks(
        graph, topic_states(session, learner, now), first_goal(session, learner, graph), now, limit
    )


@dataclass(frozen=True)
class Progress:
    topics_needed: int
    topics_mastered: int
    remaining_topics: int
    estimated_questions: int
    estimated_minutes: int

    def summary(self) -> str:
        return (
            f"{self.topics_mastered} of {self.topics_needed} prerequisite topics mastered; "
            f"about {self.estimated_questions} questions (~{self.estimated_minutes} min) to go"
        )


def goal_progress(
    graph: KnowledgeGraph, goal: str, p_known: dict[str, float], mastered: set[str]
) -> Progress:
    """k of n mastered, and the work left: right answers each open topic needs to be mastered.

    An open topic needs steps_to_mastery(p) right answers from its current estimate; at the
    learner's likely accuracy this is a floor, so the estimate divides by 0.8.
    """
    needed = graph.ancestors(goal) | {goal}
    done = needed & mastered
    open_topics = needed - done
    questions = sum(steps_to_mastery(p_known.get(t, DEFAULT_PARAMS.p_init)) for t in open_topics)
    questions = round(questions / 0.8)
    return Progress(
        len(needed), len(done), len(open_topics), questions, round(questions * MINUTES_PER_QUESTION)
    )
