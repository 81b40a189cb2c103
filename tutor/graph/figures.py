"""Per-topic figures: depth, the longest prerequisite chain, and transitive counts."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat
from typing import NamedTuple

import numpy as np

from tutor.graph.closure import compute_closure_of_edges


class ChainLinks:
    """Every node's longest chain as a parent link: a chain is spelled out only when asked for.

    Spelling out all of them at once would cost the sum of all depths (millions of entries on a
    large curriculum) for figures that are mostly read one topic at a time.
    """

    __slots__ = ("ids", "parent")

    def __init__(self, ids: Sequence[str], parent: list[int]) -> None:
        self.ids, self.parent = ids, parent

    def chain(self, node: int) -> tuple[str, ...]:
        nodes = []
        while node >= 0:
            nodes.append(self.ids[node])
            node = self.parent[node]
        return tuple(reversed(nodes))


class TopicFigures(NamedTuple):
    depth: int  # edges on the longest prerequisite chain ending at the topic
    prerequisite_count: int  # number of all (transitive) prerequisite topics
    downstream_count: int  # number of all (transitive) topics it unlocks
    node: int  # the topic's number in ``links``
    links: ChainLinks

    @property
    def longest_chain(self) -> tuple[str, ...]:
        """That chain's topic ids, root first, ending with the topic."""
        return self.links.chain(self.node)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    # 100,000 figures tuples would otherwise set off full collections that walk them all again
    # and again; nothing made here can form a reference cycle.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute_figures_of_edges(
    ids: Sequence[str], source: np.ndarray, target: np.ndarray
) -> dict[str, TopicFigures]:
    """Figures of every topic from its edges: (prerequisite, dependent) positions in ``ids``,
    grouped by dependent with each topic's prerequisites in listed order.

    Linear apart from the bitset ORs, which cost at most n/64 machine words per edge.
    """
    with _no_cyclic_gc():
        closure = compute_closure_of_edges(len(ids), source, target)
        links = ChainLinks(ids, closure.parent)
        figures = map(
            TopicFigures._make,
            zip(
                closure.depth,
                closure.ancestor_count,
                closure.descendant_count,
                range(len(ids)),
                repeat(links),
            ),
        )
        return dict(zip(ids, figures))
