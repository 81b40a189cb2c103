"""Transitive figures for every node of a DAG in one topological pass each way.

Nodes are the integers ``0..n-1`` and ``preds[v]`` lists the direct prerequisites of ``v``. The
ancestor sets are bitsets (gmpy2 ``xmpz``, mutable so that ORs happen in place) over the nodes
renumbered in topological order, so a node's set only spans the bits below its own number.

Memory stays bounded by the live frontier rather than ``n * n`` bits: a node's bitset is freed as
soon as its last dependent has been processed, and that last dependent takes the bitset over
instead of copying it. A prerequisite whose bit is already in the running union is implied by
another prerequisite (a redundant edge): its OR is skipped, and validation reports it.

The two passes (ancestors, then descendants on the reversed graph) share nothing, so on a large
graph and a machine with a second core the descendants pass runs in a forked child process:
gmpy2 holds the GIL, so threads would not overlap them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from gmpy2 import popcount, xmpz

# (dependent, redundant prerequisite, the other prerequisite that already implies it)
RedundantEdge = tuple[int, int, int]

# Below this many nodes a pass takes milliseconds, less than forking a process costs.
PARALLEL_MIN_NODES = 20_000


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


def edge_arrays(
    preds: Sequence[Sequence[Any]], number: Callable[[Any], int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(prerequisite, dependent) of every edge; ``number`` maps each listed prerequisite to its
    node number when they are not numbers already (a topic id, say)."""
    sizes = np.fromiter(map(len, preds), dtype=np.int64, count=len(preds))
    flat = chain.from_iterable(preds)
    source = np.fromiter(
        flat if number is None else map(number, flat), dtype=np.int64, count=int(sizes.sum())
    )
    return source, np.repeat(np.arange(len(preds), dtype=np.int64), sizes)


def layered_order(
    n: int, source: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, list[int], list[int]]:
    """A topological order layer by layer, each node's depth, and its chain parent.

    Peels off the nodes whose prerequisites are all placed, one layer per step, with numpy: the
    layer a node lands in is its depth. The chain parent is a deepest prerequisite, ties going
    to the one listed first (-1 for roots). Edges are (prerequisite, dependent) pairs, grouped by
    dependent in listed order. Raises ValueError if there is a cycle.
    """
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
    return order, depth.tolist(), parent.tolist()


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


def _ranked(
    order: np.ndarray, source: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Edges (prerequisite, dependent) renumbered by position in ``order``."""
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size, dtype=np.int64)
    return rank[source], rank[target]


def compute_closure_of_edges(
    n: int, source: np.ndarray, target: np.ndarray, parallel_min_nodes: int = PARALLEL_MIN_NODES
) -> Closure:
    """Depth, chain parent, ancestor and descendant counts of every node of a DAG, from its
    (prerequisite, dependent) arrays (see ``edge_arrays``)."""
    order, depth, parent = layered_order(n, source, target)
    source, target = _ranked(order, source, target)

    def descendants() -> list[int]:
        # Descendants are ancestors in the reversed graph, numbered by the reversed order.
        return count_ancestors(Adjacency(n - 1 - source, n - 1 - target, n, descending=True), n)[
            ::-1
        ]

    def ancestors() -> list[int]:
        return count_ancestors(Adjacency(target, source, n, descending=True), n)

    if (
        n >= parallel_min_nodes
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
    ):
        ancestor_counts, descendant_counts = _beside(ancestors, descendants)
    else:
        ancestor_counts, descendant_counts = ancestors(), descendants()
    # Back from topological positions to node numbers.
    by_node = np.empty((2, n), dtype=np.int64)
    by_node[0, order] = ancestor_counts
    by_node[1, order] = descendant_counts
    ancestor_count, descendant_count = by_node.tolist()
    return Closure(order.tolist(), depth, parent, ancestor_count, descendant_count)


def _beside(here: Any, there: Any) -> tuple[Any, Any]:
    """``(here(), there())`` with ``there`` run in a forked child; in this process if that fails."""
    fork = multiprocessing.get_context("fork")
    receiver, sender = fork.Pipe(duplex=False)
    try:
        child = fork.Process(target=_send_result, args=(there, sender), daemon=True)
        child.start()
    except (OSError, AssertionError):  # no process to be had (limits, memory, a daemon): both here
        receiver.close()
        sender.close()
        return here(), there()
    sender.close()
    try:
        mine = here()
        try:
            ok, theirs = receiver.recv()
        except EOFError:  # the child died before answering
            ok, theirs = False, None
    finally:
        receiver.close()
        child.join()
    return mine, theirs if ok else there()


def _send_result(work: Any, sender: Any) -> None:
    try:
        sender.send((True, work()))
    except BaseException:
        sender.send((False, None))
    finally:
        sender.close()


def redundant_edges(preds: Sequence[Sequence[int]]) -> list[RedundantEdge]:
    """Edges ``p -> v`` where ``p`` is also an ancestor of another prerequisite of ``v``."""
    n = len(preds)
    source, target = edge_arrays(preds)
    order, _, _ = layered_order(n, source, target)
    source, target = _ranked(order, source, target)
    found: list[RedundantEdge] = []
    count_ancestors(Adjacency(target, source, n, descending=True), n, found)
    return [(int(order[v]), int(order[p]), int(order[q])) for v, p, q in found]
