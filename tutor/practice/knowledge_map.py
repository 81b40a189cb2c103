"""The learner's knowledge map: every topic with its status, and the path to the goal."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tutor.curriculum.catalog import Catalog
from tutor.practice import attempts
from tutor.store.models import Learner


def knowledge_map(
    session: Session, catalog: Catalog, learner: Learner | None, goal_id: str | None = None
) -> dict[str, Any]:
    """Nodes coloured by status (mastered, ready, on the goal path, goal, later) and the edges.

    The goal is the one asked for, else the learner's first open (not yet mastered) goal, else none.
    """
    mastered = attempts.mastered_topics(session, learner)
    goals = [
        g.topic_id
        for g in attempts.goals(session, learner)
        if g.topic_id in catalog.topics and g.topic_id not in mastered
    ]
    goal = goal_id or (goals[0] if goals else None)
    if goal is not None:
        catalog.topic(goal)
    graph = catalog.graph
    ready = set(graph.frontier(mastered))
    path = [t for t in graph.path_to_goal(goal, mastered) if t not in mastered] if goal else []
    on_path = set(path)

    def status(topic_id: str) -> str:
        if topic_id == goal:
            return "goal"
        if topic_id in mastered:
            return "mastered"
        if topic_id in on_path:
            return "path-ready" if topic_id in ready else "path"
        return "ready" if topic_id in ready else "later"

    order = graph.topological_order()
    nodes = [
        {
            "id": tid,
            "title": graph.title(tid),
            "level": catalog.topics[tid].level,
            "status": status(tid),
        }
        for tid in order
    ]
    edges = [{"source": p, "target": tid} for tid in order for p in graph.prerequisites(tid)]
    return {
        "goal": goal,
        "goal_done": goal in mastered,
        "path": path,
        "mastered": len(mastered),
        "total": len(order),
        "nodes": nodes,
        "edges": edges,
    }


HIGHLIGHTS = {
    "chain": "the longest prerequisite chain ending at {title} (its depth counts the steps)",
    "prerequisites": "all {count} prerequisites of {title}, direct or not",
    "downstream": "all {count} topics that {title} unlocks, directly or not",
}


def highlight(catalog: Catalog, topic_id: str, show: str) -> dict[str, Any]:
    """The set a topic page's figure counts, to highlight on the map: its longest chain, all its
    prerequisites, or all its downstream topics (the topic itself is always included)."""
    if show not in HIGHLIGHTS:
        raise ValueError(f"show must be one of {', '.join(HIGHLIGHTS)}, not {show!r}")
    catalog.topic(topic_id)
    graph = catalog.graph
    if show == "chain":
        members = set(graph.figures(topic_id).longest_chain)
    else:
        members = (
            graph.ancestors(topic_id) if show == "prerequisites" else graph.descendants(topic_id)
        )
        members = members | {topic_id}
    ids = [t for t in graph.topological_order() if t in members]
    label = HIGHLIGHTS[show].format(title=graph.title(topic_id), count=len(members) - 1)
    return {"topic": topic_id, "show": show, "ids": ids, "label": label}
