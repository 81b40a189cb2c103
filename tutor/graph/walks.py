"""Walks over the prerequisite graph: a learner's path to a goal and a topic's neighbourhood."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx


def path_to_goal(
    prerequisites: Mapping[str, Sequence[str]], goal_id: str, mastered: set[str]
) -> list[str]:
    """Depth-first post-order from the goal over prerequisites in listed order, mastered left out.

    Iterative, since a chain may be far deeper than Python's recursion limit.
    """
    path: list[str] = []
    seen = {goal_id}
    stack: list[tuple[str, int]] = [(goal_id, 0)]
    while stack:
        topic_id, next_index = stack[-1]
        listed = prerequisites[topic_id]
        if next_index < len(listed):
            stack[-1] = (topic_id, next_index + 1)
            prerequisite = listed[next_index]
            if prerequisite not in seen:
                seen.add(prerequisite)
                stack.append((prerequisite, 0))
            continue
        stack.pop()
        if topic_id not in mastered or topic_id == goal_id:
            path.append(topic_id)
    return path


def _distances(graph: nx.DiGraph, start: str, levels: int, reverse: bool) -> dict[str, int]:
    step = graph.predecessors if reverse else graph.successors
    distances = {start: 0}
    layer = [start]
    for distance in range(1, levels + 1):
        layer = [n for t in layer for n in step(t) if n not in distances]
        layer = list(dict.fromkeys(layer))
        distances.update((n, distance) for n in layer)
    del distances[start]
    return distances


def _levels(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of levels, 0 or more; got {value!r}")
    return value


def neighbourhood(graph: nx.DiGraph, topic_id: str, up: int, down: int) -> dict[str, Any]:
    up, down = _levels(up, "up"), _levels(down, "down")
    groups = [
        ("self", {topic_id: 0}),
        ("prerequisite", _distances(graph, topic_id, up, reverse=True)),
        ("leads-to", _distances(graph, topic_id, down, reverse=False)),
    ]
    nodes = []
    for relation, distances in groups:
        for node_id in sorted(distances, key=lambda n: (distances[n], graph.nodes[n]["title"], n)):
            data = graph.nodes[node_id]
            nodes.append(
                {
                    "id": node_id,
                    "title": data["title"],
                    "level": data["level"],
                    "relation": relation,
                    "distance": distances[node_id],
                }
            )
    shown = {node["id"]: i for i, node in enumerate(nodes)}
    edges = sorted(
        (shown[source], shown[target])
        for source in shown
        for target in graph.successors(source)
        if target in shown
    )
    return {
        "nodes": nodes,
        "edges": [{"source": nodes[s]["id"], "target": nodes[t]["id"]} for s, t in edges],
    }
