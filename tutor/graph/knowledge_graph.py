"""The validated prerequisite graph of the curriculum and the questions asked of it."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx

from tutor.content.model import Topic
from tutor.graph.closure import edge_arrays
from tutor.graph.figures import TopicFigures, compute_figures_of_edges
from tutor.graph.problems import ERROR, GraphError, GraphProblem, validate_topics
from tutor.graph.walks import neighbourhood, path_to_goal


class KnowledgeGraph:
    """A DAG of topics, edges prerequisite -> topic; build it with :meth:`from_topics`."""

    def __init__(
        self,
        digraph: nx.DiGraph,
        prerequisites: dict[str, tuple[str, ...]],
        warnings: list[GraphProblem],
    ) -> None:
        self.digraph = digraph
        self.warnings = warnings
        self._prerequisites = prerequisites
        self._figures: dict[str, TopicFigures] | None = None
        self._figures_lock = threading.Lock()

    @classmethod
    def from_topics(cls, topics: Iterable[Topic]) -> KnowledgeGraph:
        """Validate and build; raises :class:`GraphError` if any problem is an error."""
        topics = list(topics)
        problems = validate_topics(topics)
        if any(p.severity == ERROR for p in problems):
            raise GraphError(problems)
        digraph: nx.DiGraph[str] = nx.DiGraph()
        for topic in topics:
            digraph.add_node(topic.id, title=topic.title, level=topic.level)
        for topic in topics:
            for edge in topic.prerequisites:
                digraph.add_edge(edge.topic_id, topic.id, weight=float(edge.weight))
        prerequisites = {t.id: t.prerequisite_ids for t in topics}
        return cls(digraph, prerequisites, problems)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._prerequisites

    def __len__(self) -> int:
        return len(self._prerequisites)

    def _known(self, topic_id: str) -> str:
        if topic_id not in self._prerequisites:
            raise KeyError(f"unknown topic id {topic_id!r}: it is not in the knowledge graph")
        return topic_id

    def title(self, topic_id: str) -> str:
        return str(self.digraph.nodes[self._known(topic_id)]["title"])

    def prerequisites(self, topic_id: str) -> list[str]:
        """Direct prerequisites, in the order the topic lists them."""
        return list(self._prerequisites[self._known(topic_id)])

    def leads_to(self, topic_id: str) -> list[str]:
        """Topics that list this one as a direct prerequisite, sorted by title (then id)."""
        return sorted(self.digraph.successors(self._known(topic_id)), key=self._title_key)

    def _title_key(self, topic_id: str) -> tuple[str, str]:
        return (self.digraph.nodes[topic_id]["title"], topic_id)

    def weight(self, prerequisite_id: str, topic_id: str) -> float:
        self._known(prerequisite_id)
        data = self.digraph.get_edge_data(prerequisite_id, self._known(topic_id))
        if data is None:
            raise KeyError(f"{prerequisite_id!r} is not a direct prerequisite of {topic_id!r}")
        return float(data["weight"])

    def all_figures(self) -> dict[str, TopicFigures]:
        """Figures of every topic, computed on first use and kept for the graph's lifetime."""
        if self._figures is None:
            with self._figures_lock:
                if self._figures is None:
                    ids = list(self._prerequisites)
                    number = {topic_id: i for i, topic_id in enumerate(ids)}
                    edges = edge_arrays(list(self._prerequisites.values()), number.__getitem__)
                    self._figures = compute_figures_of_edges(ids, *edges)
        return self._figures

    def figures(self, topic_id: str) -> TopicFigures:
        return self.all_figures()[self._known(topic_id)]

    def ancestors(self, topic_id: str) -> set[str]:
        return set(nx.ancestors(self.digraph, self._known(topic_id)))

    def descendants(self, topic_id: str) -> set[str]:
        return set(nx.descendants(self.digraph, self._known(topic_id)))

    def topological_order(self) -> list[str]:
        """Prerequisites first; among topics ready together, by depth, then title, then id."""
        figures = self.all_figures()
        return list(
            nx.lexicographical_topological_sort(
                self.digraph, key=lambda t: (figures[t].depth, *self._title_key(t))
            )
        )

    def frontier(self, mastered: Collection[str]) -> list[str]:
        """Topics not mastered whose direct prerequisites all are, sorted by title.

        Ids in ``mastered`` that the graph does not know (say, topics since removed) are ignored.
        """
        mastered = set(mastered)
        ready = [
            t
            for t, prerequisites in self._prerequisites.items()
            if t not in mastered and all(p in mastered for p in prerequisites)
        ]
        return sorted(ready, key=self._title_key)

    def path_to_goal(self, goal_id: str, mastered: Collection[str]) -> list[str]:
        """The goal's unmastered prerequisites (direct or not), then the goal itself.

        Prerequisites come first; each prerequisite's own unmastered prerequisites come right
        before it, so related topics stay together (a depth-first post-order, in listed order).
        """
        return path_to_goal(self._prerequisites, self._known(goal_id), set(mastered))

    def neighbourhood(self, topic_id: str, up: int = 2, down: int = 1) -> dict[str, Any]:
        """The topic, its prerequisites up to ``up`` levels and leads-to up to ``down`` levels.

        Nodes are ``{"id", "title", "level", "relation", "distance"}`` (relation "self",
        "prerequisite" or "leads-to"; distance in edges); edges ``{"source", "target"}`` run from
        prerequisite to topic between shown nodes.
        """
        return neighbourhood(self.digraph, self._known(topic_id), up, down)
