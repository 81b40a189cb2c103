"""Transitive figures for every node of a DAG in one topological pass each way.

Nodes are the integers ``0..n-1`` and ``preds[v]`` lists the direct prerequisites of ``v``. The
ancestor sets are bitsets (gmpy2 ``xmpz``, mutable so that ORs happen in place) over the nodes
renumbered in topological order, so a node's set only spans the bits below its own number.

Memory stays bounded by the live frontier rather than ``n * n`` bits: a node's bitset is freed as
soon as its last dependent has been processed, and that last dependent takes the bitset over
instead of copying it. A prerequisite whose bit is already in the running union is implied by
another prerequisite (a redundant edge): its OR is skipped, and validation reports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from gmpy2 import popcount, xmpz

# (dependent, redundant prerequisite, the other prerequisite that already implies it)
RedundantEdge = tuple[int, int, int]


@dataclass(frozen=True)
class Closure:
    """Per-node figures, indexed by node number."""

    order: list[int]  # a topological order, prerequisites first
    depth: list[int]  # edges on the longest chain ending at the node
    parent: list[int]  # the node before it on that chain, -1 for roots
    ancestor_count: list[int]
    descendant_count: list[int]


class Adjacency:
    """Edges grouped by one end, as flat Python lists: ``targets[starts[v]:starts[v + 1]]``.

    Built with numpy so that no per-node sort or list is made in Python.
    """

    def __init__(self, group: np.ndarray, other: np.ndarray, n: int, descending: bool) -> None:
        order = np.lexsort((-other if descending else other, group))
        self.targets: list[int] = other[order].tolist()
        self.starts: list[int] = starts_of(group, n).tolist()


def edge_arrays(preds: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(prerequisite, dependent) of every edge."""
    sizes = np.fromiter((len(ps) for ps in preds), dtype=np.int64, count=len(preds))
    source = np.fromiter((p for ps in preds for p in ps), dtype=np.int64, count=int(sizes.sum()))
    return source, np.repeat(np.arange(len(preds), dtype=np.int64), sizes)


def layered_order(preds: Sequence[Sequence[int]]) -> tuple[list[int], list[int], list[int]]:
    """A topological order layer by layer, each node's depth, and its chain parent.

    Peels off the nodes whose prerequisites are all placed, one layer per step, with numpy: the
    layer a node lands in is its depth. The chain parent is a deepest prerequisite, ties going
    to the one listed first (-1 for roots). Raises ValueError if there is a cycle.
    """
    n = len(preds)
    source, target = edge_arrays(preds)
    successors = target[np.argsort(source, kind="stable")]
    starts = starts_of(source, n)
    waiting = np.bincount(target, minlength=n)
    depth = np.full(n, -1, dtype=np.int64)
    layer = np.flatnonzero(waiting == 0)
    level = 0
    while layer.size:
        depth[layer] = level
        sizes = starts[layer + 1] - starts[layer]
        offsets = np.repeat(starts[layer] - np.cumsum(sizes) + sizes, sizes)
        reached, hits = np.unique(successors[offsets + np.arange(sizes.sum())], return_counts=True)
        waiting[reached] -= hits
        layer = reached[waiting[reached] == 0]
        level += 1
    if (depth < 0).any():
        raise ValueError("the prerequisite graph has a cycle")
    parent = np.full(n, -1, dtype=np.int64)
    if source.size:
        # Per dependent, its edges by decreasing prerequisite depth, then by listed position.
        groups = starts_of(target, n)
        listed = np.arange(source.size) - np.repeat(groups[:-1], np.diff(groups))
        best = np.lexsort((listed, -depth[source], target))
        first = np.flatnonzero(np.r_[True, target[best][1:] != target[best][:-1]])
        parent[target[best][first]] = source[best][first]
    order = np.argsort(depth, kind="stable")
    return order.tolist(), depth.tolist(), parent.tolist()


def starts_of(group: np.ndarray, n: int) -> np.ndarray:
    """Where each node's run begins in an array sorted by ``group`` (with a final end)."""
    return np.concatenate(([0], np.cumsum(np.bincount(group, minlength=n))))


def count_ancestors(
    preds: Adjacency, n: int, redundant: list[RedundantEdge] | None = None
) -> list[int]:
    """Number of ancestors of every node.

    Nodes must be numbered topologically and each node's prerequisites sorted by decreasing
    number: an ancestor always has a smaller number, so when ``p`` comes up its bit can only be
    in the union if a prerequisite listed before it (a larger one) already implies it. If
    ``redundant`` is a list, each such edge is appended to it with the prerequisite implying it.
    """
    flat, starts = preds.targets, preds.starts
    remaining = np.bincount(np.asarray(flat, dtype=np.int64), minlength=n).tolist()
    has_dependents = [r > 0 for r in remaining]
    # Any: a freed slot holds None, and checking for it in the hot loop would cost time.
    reach: list[Any] = [None] * n
    counts = [0] * n
    for node in range(n):
        ps = flat[starts[node] : starts[node + 1]]
        if ps:
            base = ps[0]
            union = reach[base] if remaining[base] == 1 else reach[base].copy()
            for p in ps[1:]:
                if union[p]:
                    if redundant is not None:
                        redundant.append((node, p, _witness(ps, p, reach, base)))
                else:
                    union |= reach[p]
            for p in ps:
                remaining[p] -= 1
                if not remaining[p]:
                    reach[p] = None
        else:
            union = xmpz(0)
        counts[node] = popcount(union)
        if has_dependents[node]:
            union[node] = 1
            reach[node] = union
    return counts


def _witness(ps: Sequence[int], p: int, reach: list[Any], base: int) -> int:
    # The base's bitset may have been taken over and ORed into, so it is asked last.
    for q in ps:
        if q != base and q > p and reach[q][p]:
            return q
    return base


def _ranked(preds: Sequence[Sequence[int]], order: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Edges (prerequisite, dependent) renumbered by position in ``order``."""
    rank = np.empty(len(preds), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(preds), dtype=np.int64)
    source, target = edge_arrays(preds)
    return rank[source], rank[target]


def compute_closure(preds: Sequence[Sequence[int]]) -> Closure:
    """Depth, chain parent, ancestor and descendant counts of every node of a DAG."""
    n = len(preds)
    order, depth, parent = layered_order(preds)
    source, target = _ranked(preds, order)
    ancestors = count_ancestors(Adjacency(target, source, n, descending=True), n)
    # Descendants are ancestors in the reversed graph, numbered by the reversed order.
    upside_down = Adjacency(n - 1 - source, n - 1 - target, n, descending=True)
    descendants = count_ancestors(upside_down, n)[::-1]
    # Back from topological positions to node numbers.
    by_node = np.empty((2, n), dtype=np.int64)
    by_node[0, order] = ancestors
    by_node[1, order] = descendants
    ancestor_count, descendant_count = by_node.tolist()
    return Closure(order, depth, parent, ancestor_count, descendant_count)


def redundant_edges(preds: Sequence[Sequence[int]]) -> list[RedundantEdge]:
    """Edges ``p -> v`` where ``p`` is also an ancestor of another prerequisite of ``v``."""
    order, _, _ = layered_order(preds)
    source, target = _ranked(preds, order)
    found: list[RedundantEdge] = []
    count_ancestors(Adjacency(target, source, len(preds), descending=True), len(preds), found)
    return [(order[v], order[p], order[q]) for v, p, q in found]
