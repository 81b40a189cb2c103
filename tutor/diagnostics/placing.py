"""Placement use cases: start a diagnostic for a goal, answer its questions, store the result.

The belief model is ``tutor.engine.placement``; its topics and their prerequisites are kept in
the diagnostic's state, so a placement finishes on the graph it started with even if the content
changes meanwhile. The model is rebuilt for each answer by replaying the answers so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tutor.curriculum.catalog import Catalog
from tutor.diagnostics.sessions import pick_question, save_state, take_answer
from tutor.engine.mastery import MASTERED, is_mastered
from tutor.engine.placement import (
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    Placement,
    goal_region,
    whole_region,
)
from tutor.practice import attempts
from tutor.practice.evidence import mastery_row
from tutor.questions import Grade
from tutor.store.models import (
    PLACEMENT,
    Diagnostic,
    DiagnosticKind,
    DiagnosticStatus,
    Learner,
    utcnow,
)

P_RANGE = (0.1, 0.98)
WHOLE_GRAPH = "*"  # a placement's topic id when it spans every topic, not one goal's way


def _model(state: dict[str, Any]) -> Placement:
    model = Placement(state["topics"], state["prerequisites"], seed=state["seed"])
    for topic, correct in state["answers"]:
        model.observe(topic, correct)
    return model


def _next(
    catalog: Catalog, diagnostic: Diagnostic, state: dict[str, Any], model: Placement
) -> dict[str, Any] | None:
    askable = [t in catalog.topics and bool(catalog.topics[t].templates) for t in state["topics"]]
    topic = model.next_question(askable)
    if topic is None:
        return None
    return pick_question(catalog, topic, f"placement/{diagnostic.id}/{len(state['answers'])}")


def start_placement(
    session: Session, catalog: Catalog, learner: Learner, goal_id: str
) -> Diagnostic:
    """A placement over a goal's way (its prerequisites and itself), or over every topic when
    ``goal_id`` is WHOLE_GRAPH."""
    graph = catalog.graph
    if goal_id == WHOLE_GRAPH:
        topics, prerequisites = whole_region({t: graph.prerequisites(t) for t in catalog.topics})
    else:
        catalog.topic(goal_id)
        topics, prerequisites = goal_region(
            {t: graph.prerequisites(t) for t in graph.ancestors(goal_id) | {goal_id}}, goal_id
        )
    diagnostic = Diagnostic(
        learner_id=learner.id,
        kind=DiagnosticKind.PLACEMENT,
        topic_id=goal_id,
        state="{}",
        status=DiagnosticStatus.ACTIVE,
    )
    session.add(diagnostic)
    session.flush()
    state: dict[str, Any] = {
        "whole": goal_id == WHOLE_GRAPH,  # no goal: every topic is one placed
        "topics": topics,
        "prerequisites": prerequisites,
        "seed": diagnostic.id,
        "answers": [],
        "question": None,
    }
    state["question"] = _next(catalog, diagnostic, state, _model(state))
    save_state(diagnostic, state)
    if state["question"] is None:
        _finish(session, learner, diagnostic, state, _model(state))
    session.flush()
    return diagnostic


def answer_placement(
    session: Session,
    catalog: Catalog,
    learner: Learner,
    diagnostic: Diagnostic,
    responses: list[str],
    grades: list[Grade] | None = None,
    duration_ms: int | None = None,
) -> Diagnostic:
    state, correct = take_answer(
        session, catalog, learner, diagnostic, responses, PLACEMENT, grades, duration_ms
    )
    state["answers"].append([state["question"]["topic_id"], correct])
    model = _model(state)
    state["question"] = _next(catalog, diagnostic, state, model)
    save_state(diagnostic, state)
    if state["question"] is None:
        _finish(session, learner, diagnostic, state, model)
    session.flush()
    return diagnostic


def _finish(
    session: Session,
    learner: Learner,
    diagnostic: Diagnostic,
    state: dict[str, Any],
    model: Placement,
) -> None:
    """Write the placement's beliefs into mastery, where practice has not already spoken."""
    known = model.known()
    low, high = P_RANGE
    mastered = []
    for topic, p in known.items():
        row = mastery_row(session, learner.id, topic)
        if not row.attempts:
            row.p_known = min(max(p, low), high)
            row.evidence = (row.evidence or 0.0) + 1.0
            row.updated_at = utcnow()
        if is_mastered(row.p_known, bool(row.claimed_known)):
            mastered.append(topic)
    state["result"] = {t: round(p, 3) for t, p in known.items()}
    state["mastered"] = sorted(mastered)  # what the home page and /api/goals count as known
    save_state(diagnostic, state, DiagnosticStatus.FINISHED)


def result_summary(state: dict[str, Any]) -> dict[str, Any]:
    """Known and unknown prerequisite topics of the goal (never the goal itself), "known" as
    mastery counts it, so the numbers agree with the goal's progress on the home page and API."""
    result = state.get("result") or {}
    whole = state.get("whole", False)
    goal = None if whole or not state.get("topics") else state["topics"][-1]
    mastered = (
        set(state["mastered"])
        if "mastered" in state
        else {t for t, p in result.items() if p >= MASTERED}
    )
    prerequisites = [t for t in result if t != goal]
    known = sorted(t for t in prerequisites if t in mastered)
    return {
        "questions_asked": len(state["answers"]),
        "topics": len(prerequisites),
        "placed_known": known,
        "placed_unknown": sorted(t for t in prerequisites if t not in mastered),
        "goal_known": goal in mastered,
    }


def placement_title(catalog: Catalog, diagnostic: Diagnostic) -> str:
    """What a placement places against: a goal's title, or the whole curriculum."""
    return (
        "the whole curriculum"
        if diagnostic.topic_id == WHOLE_GRAPH
        else catalog.graph.title(diagnostic.topic_id)
    )


@dataclass(frozen=True)
class PlacementStart:
    """What the placement page offers: the learner's goals first, then every topic,
    or all of them."""

    goals: list[tuple[str, str]]  # (topic id, title)
    topics: list[tuple[str, str]]
    chosen: str
    topic_count: int
    min_questions: int = MIN_QUESTIONS
    max_questions: int = MAX_QUESTIONS


def start_choices(
    session: Session, catalog: Catalog, learner: Learner | None, requested: str | None = None
) -> PlacementStart:
    """The choices, with ``requested`` (a topic id from a link), else the first goal, else the
    whole graph chosen."""
    title = catalog.graph.title
    goal_ids = [
        g.topic_id for g in attempts.goals(session, learner) if g.topic_id in catalog.topics
    ]
    topics = sorted(
        ((t, title(t)) for t in catalog.topics), key=lambda pair: (pair[1].lower(), pair[0])
    )
    if requested in catalog.topics or requested == WHOLE_GRAPH:
        chosen = requested
    else:
        chosen = goal_ids[0] if goal_ids else WHOLE_GRAPH
    return PlacementStart([(t, title(t)) for t in goal_ids], topics, chosen, len(catalog.topics))
