"""Choosing the learner's next task: a remediation, a due review, or a frontier topic.

Ranked in tiers: a prerequisite a mistake pointed at comes first (fix the base before building
on it); then frontier topics that also exercise due reviews (practising a topic reviews what it
builds on); then due reviews, most overdue first; then the remaining frontier topics, by how
much of the goal they unlock. With no goal the whole graph's frontier is used and "unlocks"
counts every topic downstream. Pure: the caller passes the learner's state.

Per graph, a ``GraphIndex`` (built once, cached) holds integer adjacency and, per topic, the set
of topics downstream as a Python int bitset, so a choice is a few vector operations and
popcounts, not graph walks.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from tutor.graph import KnowledgeGraph


@dataclass(frozen=True)
class TopicState:
    mastered: bool
    due_at: datetime | None = None
    remediation: bool = False
    # Likely known (mastery.READY), not yet mastered: enough to build on. Practice on the topics
    # that build on it then finishes its evidence, so it is not drilled on its own first.
    ready: bool = False


@dataclass(frozen=True)
class Task:
    kind: str  # "remediation", "review" or "learn"
    topic_id: str
    reason: str
    unlocks: int = 0
    reviews_covered: int = 0


class GraphIndex:
    def __init__(self, graph: KnowledgeGraph) -> None:
        self.ids = graph.topological_order()
        self.number = {t: i for i, t in enumerate(self.ids)}
        self.prereqs = [[self.number[p] for p in graph.prerequisites(t)] for t in self.ids]
        self.dependants: list[list[int]] = [[] for _ in self.ids]
        for i, ps in enumerate(self.prereqs):
            for p in ps:
                self.dependants[p].append(i)
        rows = [i for i, ps in enumerate(self.prereqs) for _ in ps]
        cols = [p for ps in self.prereqs for p in ps]
        n = len(self.ids)
        self.matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        self.downstream = [0] * n
        for i in reversed(range(n)):  # dependants come later in topological order
            for p in self.prereqs[i]:
                self.downstream[p] |= self.downstream[i] | (1 << i)
        self.upstream: dict[int, int] = {}

    def region(self, goal: int) -> int:
        """Bitset of the goal and everything it builds on."""
        if goal not in self.upstream:
            bits, stack = 0, [goal]
            while stack:
                t = stack.pop()
                if not bits >> t & 1:
                    bits |= 1 << t
                    stack.extend(self.prereqs[t])
            self.upstream[goal] = bits
        return self.upstream[goal]


_INDEXES: weakref.WeakKeyDictionary[KnowledgeGraph, GraphIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def graph_index(graph: KnowledgeGraph) -> GraphIndex:
    with _LOCK:
        index = _INDEXES.get(graph)
        if index is None:
            index = _INDEXES[graph] = GraphIndex(graph)
        return index


def _bits(mask: np.ndarray) -> int:
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def rank_tasks(
    graph: KnowledgeGraph,
    states: dict[str, TopicState],
    goal: str | None,
    now: datetime,
    limit: int = 5,
) -> list[Task]:
    index = graph_index(graph)
    n = len(index.ids)
    mastered = np.zeros(n, dtype=bool)
    usable = np.zeros(n, dtype=bool)
    due: set[int] = set()
    remediation: list[int] = []
    for topic_id, state in states.items():
        i = index.number.get(topic_id)
        if i is None:
            continue
        mastered[i] = state.mastered
        usable[i] = state.mastered or state.ready
        if state.mastered and state.due_at is not None and state.due_at <= now:
            due.add(i)
        if state.remediation:
            remediation.append(i)
    region = index.region(index.number[goal]) if goal in index.number else (1 << n) - 1
    open_bits = _bits(~mastered) & region
    missing = index.matrix @ (~usable).astype(float)
    frontier = np.flatnonzero(~mastered & (missing == 0))
    where = "toward your goal" if goal in index.number else "downstream"
    # Prerequisites first (the index is in topological order): when a flagged topic keeps failing
    # and its errors flag what it builds on, that foundation is asked next, not the topic again.
    tasks = [
        Task("remediation", index.ids[i], "a recent mistake pointed here: shore it up first")
        for i in sorted(remediation)
        if region >> i & 1
    ]
    learn = []
    for i in map(int, frontier):
        if not region >> int(i) & 1:
            continue
        unlocks = (index.downstream[i] & open_bits).bit_count()
        covered = sum(1 for p in index.prereqs[i] if p in due)
        reason = (
            f"unlocks {_plural(unlocks, 'topic')} {where}"
            if unlocks
            else ("it is your goal" if index.ids[i] == goal else "ready to learn")
        )
        if covered:
            reason += f", and reviews {_plural(covered, 'due topic')} on the way"
        learn.append(Task("learn", index.ids[i], reason, unlocks, covered))
    # A likely-known topic waits while new topics can be practised: those that build on it
    # credit it, so it is asked on its own only when nothing new is open. Then the one furthest
    # downstream comes first (the goal, once open, before its prerequisites): its right answers
    # credit what it builds on, and the goal's mastery ends the course, where asking the topic
    # that unlocks the most drilled every likely-known foundation before the goal.
    consolidating = {index.ids[i] for i in frontier if usable[i]}
    learn.sort(
        key=lambda t: (
            (-t.reviews_covered, True, t.unlocks, t.topic_id)
            if t.topic_id in consolidating
            else (-t.reviews_covered, False, -t.unlocks, t.topic_id)
        )
    )
    covering = [t for t in learn if t.reviews_covered]
    covered_ids = {index.ids[p] for t in covering for p in index.prereqs[index.number[t.topic_id]]}
    reviews = sorted(
        (i for i in due if index.ids[i] not in covered_ids),
        key=lambda i: (states[index.ids[i]].due_at, index.ids[i]),
    )
    review_tasks = [
        Task("review", index.ids[i], _review_reason(states[index.ids[i]].due_at, now))
        for i in reviews
    ]
    rest = [t for t in learn if not t.reviews_covered]
    return (tasks + covering + review_tasks + rest)[:limit]


def _review_reason(due_at: datetime | None, now: datetime) -> str:
    days = (now - due_at).days if due_at else 0
    late = f"due {_plural(days, 'day')} ago" if days >= 1 else "due now"
    return f"review {late}, before it is forgotten"
