"""How evidence on one topic reaches others along the prerequisite graph. Pure functions.

A success on a topic is implicit practice of what it builds on: each prerequisite receives a
share of an observation, DIRECT_SHARE times the edge weight for a direct one, and that times
IMPLICIT_SHARE and the next edge's weight for a prerequisite's prerequisite (the best path
counts), until the share falls below MIN_SHARE.
"""

from __future__ import annotations

from tutor.engine.mastery import DIRECT_SHARE, IMPLICIT_SHARE, MIN_SHARE, REPEATED_ERRORS
from tutor.graph import KnowledgeGraph


def credit_shares(
    graph: KnowledgeGraph,
    topic_id: str,
    share: float = IMPLICIT_SHARE,
    min_share: float = MIN_SHARE,
    direct: float = DIRECT_SHARE,
) -> dict[str, float]:
    """Every prerequisite (direct or not) that receives credit, with its share of an observation."""
    shares: dict[str, float] = {}
    frontier = [(topic_id, direct / share)]  # so that a direct prerequisite gets direct * weight
    while frontier:
        following = []
        for topic, carried in frontier:
            for prerequisite in graph.prerequisites(topic):
                value = carried * share * graph.weight(prerequisite, topic)
                if value >= min_share and value > shares.get(prerequisite, 0.0):
                    shares[prerequisite] = value
                    following.append((prerequisite, value))
        frontier = following
    return shares


def repeated_errors(recent_correct: list[bool]) -> bool:
    """True when the newest REPEATED_ERRORS answers (newest first) on a topic are all wrong."""
    return len(recent_correct) >= REPEATED_ERRORS and not any(recent_correct[:REPEATED_ERRORS])


def suspect_shares(graph: KnowledgeGraph, topic_id: str) -> dict[str, float]:
    """After repeated errors: each direct prerequisite takes IMPLICIT_SHARE * weight
    of a failure."""
    return {p: IMPLICIT_SHARE * graph.weight(p, topic_id) for p in graph.prerequisites(topic_id)}
