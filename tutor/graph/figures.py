"""Per-topic figures: depth, the longest prerequisite chain, and transitive counts."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from tutor.graph.closure import compute_closure


@dataclass(frozen=True)
class TopicFigures:
    depth: int  # edges on the longest prerequisite chain ending at the topic
    longest_chain: tuple[str, ...]  # that chain's topic ids, root first, ending with the topic
    prerequisite_count: int  # number of all (transitive) prerequisite topics
    downstream_count: int  # number of all (transitive) topics it unlocks


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    # Building 100,000 long chain tuples would otherwise set off full collections that walk
    # them all again and again; nothing made here can form a reference cycle.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute_figures(ids: Sequence[str], preds: Sequence[Sequence[int]]) -> dict[str, TopicFigures]:
    """Figures of every topic; ``preds[i]`` holds the positions in ``ids`` of topic i's prerequisites.

    Linear apart from the bitset ORs, which cost at most n/64 machine words per edge.
    """
    with _no_cyclic_gc():
        closure = compute_closure(preds)
        chains: list[tuple[str, ...]] = [()] * len(ids)
        for node in closure.order:
            parent = closure.parent[node]
            chains[node] = (*chains[parent], ids[node]) if parent >= 0 else (ids[node],)
        figures = map(
            TopicFigures,
            closure.depth,
            chains,
            closure.ancestor_count,
            closure.descendant_count,
        )
        return dict(zip(ids, figures))
