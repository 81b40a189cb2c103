"""Checks of a set of topics as a prerequisite graph, each problem with a precise message."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from tutor.content.model import Topic
from tutor.graph.closure import redundant_edges

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class GraphProblem:
    severity: str  # "error" | "warning"
    code: str
    message: str
    topic_ids: tuple[str, ...]


class GraphError(ValueError):
    """The topics do not form a valid prerequisite graph; ``problems`` lists every problem."""

    def __init__(self, problems: list[GraphProblem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == ERROR]
        lines = [f"{len(errors)} error(s) in the prerequisite graph:"]
        lines += [f"  - {p.message}" for p in errors]
        super().__init__("\n".join(lines))


def validate_topics(topics: Iterable[Topic]) -> list[GraphProblem]:
    """Every problem of the prerequisite graph: errors first, then warnings.

    Errors: duplicate ids, self-loops, unknown prerequisites, duplicate edges, cycles.
    Warnings: edges already implied by other prerequisites, topics no root leads to.
    """
    topics = list(topics)
    problems = _duplicate_ids(topics)
    known = {t.id for t in topics}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(known)
    for topic in topics:
        problems += _edge_problems(topic, known)
        graph.add_edges_from(
            (p, topic.id) for p in topic.prerequisite_ids if p in known and p != topic.id
        )
    cycles = _cycles(graph)
    problems += cycles
    if cycles:
        problems += _unreachable_behind_cycles(graph)
    else:
        problems += _redundant(topics, known)
    problems += _isolated(graph)
    return sorted(problems, key=lambda p: p.severity != ERROR)


def _location(topic: Topic) -> str:
    return f" ({topic.source_path})" if topic.source_path else ""


def _duplicate_ids(topics: list[Topic]) -> list[GraphProblem]:
    problems = []
    for topic_id, count in Counter(t.id for t in topics).items():
        if count > 1:
            places = [t.source_path for t in topics if t.id == topic_id and t.source_path]
            where = f": {', '.join(places)}" if places else ""
            message = f"topic id '{topic_id}' is used by {count} topics{where}"
            problems.append(GraphProblem(ERROR, "duplicate-id", message, (topic_id,)))
    return problems


def _edge_problems(topic: Topic, known: set[str]) -> list[GraphProblem]:
    problems = []
    where = _location(topic)
    for prerequisite, count in Counter(topic.prerequisite_ids).items():
        ids = (topic.id, prerequisite)
        if prerequisite == topic.id:
            message = f"topic '{topic.id}'{where} lists itself as a prerequisite"
            problems.append(GraphProblem(ERROR, "self-loop", message, (topic.id,)))
        elif prerequisite not in known:
            close = difflib.get_close_matches(prerequisite, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            message = f"topic '{topic.id}'{where} lists unknown prerequisite '{prerequisite}'{hint}"
            problems.append(GraphProblem(ERROR, "unknown-prerequisite", message, ids))
        if count > 1:
            message = f"topic '{topic.id}'{where} lists prerequisite '{prerequisite}' {count} times"
            problems.append(GraphProblem(ERROR, "duplicate-edge", message, ids))
    return problems


def _cycles(graph: nx.DiGraph) -> list[GraphProblem]:
    problems = []
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        edges = nx.find_cycle(graph.subgraph(component))
        members = [source for source, _ in edges]
        start = members.index(min(members))
        members = members[start:] + members[:start]
        loop = " -> ".join([*members, members[0]])
        message = f"prerequisite cycle: {loop} (each topic is a prerequisite of the next)"
        others = sorted(component - set(members))
        if others:
            message += f"; also caught in it: {', '.join(others)}"
        problems.append(GraphProblem(ERROR, "cycle", message, tuple(members)))
    return problems


def _unreachable_behind_cycles(graph: nx.DiGraph) -> list[GraphProblem]:
    """Topics a learner can never unlock: some prerequisite, direct or not, sits on a cycle."""
    waiting = dict(graph.in_degree())
    ready = [v for v, count in waiting.items() if count == 0]
    unlocked = set(ready)
    while ready:
        for successor in graph.successors(ready.pop()):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                unlocked.add(successor)
                ready.append(successor)
    in_cycles = {t for c in nx.strongly_connected_components(graph) if len(c) > 1 for t in c}
    problems = []
    for topic_id in sorted(set(graph) - unlocked - in_cycles):
        message = (
            f"topic '{topic_id}' can never be unlocked from the topics without prerequisites: "
            "one of its prerequisites, direct or not, is caught in a cycle"
        )
        problems.append(GraphProblem(WARNING, "unreachable", message, (topic_id,)))
    return problems


def _isolated(graph: nx.DiGraph) -> list[GraphProblem]:
    if len(graph) < 2:
        return []
    problems = []
    for topic_id in sorted(v for v in graph if graph.degree(v) == 0):
        message = (
            f"topic '{topic_id}' has no prerequisites and no topic depends on it: "
            "nothing connects it to the rest of the graph"
        )
        problems.append(GraphProblem(WARNING, "unreachable", message, (topic_id,)))
    return problems


def _redundant(topics: list[Topic], known: set[str]) -> list[GraphProblem]:
    ids = list(dict.fromkeys(t.id for t in topics))
    number = {topic_id: i for i, topic_id in enumerate(ids)}
    preds: list[list[int]] = [[] for _ in ids]
    for topic in topics:
        edges = preds[number[topic.id]]
        for listed in dict.fromkeys(topic.prerequisite_ids):
            if listed in known and listed != topic.id and number[listed] not in edges:
                edges.append(number[listed])
    problems = []
    for v, p, q in sorted(redundant_edges(preds)):
        dependent, prerequisite, via = ids[v], ids[p], ids[q]
        message = (
            f"topic '{dependent}' lists '{prerequisite}' as a prerequisite, but '{prerequisite}' "
            f"is already a prerequisite (direct or not) of '{via}', which '{dependent}' also lists"
        )
        problems.append(
            GraphProblem(WARNING, "redundant-edge", message, (dependent, prerequisite, via))
        )
    return problems
