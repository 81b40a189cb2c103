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

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def successors_of(preds: Sequence[Sequence[int]]) -> list[list[int]]:
    succs: list[list[int]] = [[] for _ in preds]
    for node, ps in enumerate(preds):
        for p in ps:
            succs[p].append(node)
    return succs


def topological_order(preds: Sequence[Sequence[int]]) -> list[int]:
    """Kahn's algorithm; ready nodes leave in the order they became ready (ties by number)."""
    succs = successors_of(preds)
    waiting = [len(ps) for ps in preds]
    ready = deque(v for v, w in enumerate(waiting) if w == 0)
    order: list[int] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for s in succs[node]:
            waiting[s] -= 1
            if waiting[s] == 0:
                ready.append(s)
    if len(order) != len(preds):
        raise ValueError("the prerequisite graph has a cycle")
    return order


def longest_chains(
    preds: Sequence[Sequence[int]], order: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Depth and chain parent of every node; ties go to the prerequisite listed first."""
    depth = [0] * len(preds)
    parent = [-1] * len(preds)
    for node in order:
        best = -1
        for p in preds[node]:
            if best < 0 or depth[p] > depth[best]:
                best = p
        if best >= 0:
            depth[node] = depth[best] + 1
            parent[node] = best
    return depth, parent


def count_ancestors(
    preds: Sequence[Sequence[int]], redundant: list[RedundantEdge] | None = None
) -> list[int]:
    """Number of ancestors of every node.

    Nodes must be numbered topologically and each ``preds[v]`` sorted by decreasing number: an
    ancestor always has a smaller number, so when ``p`` comes up its bit can only be in the union
    if a prerequisite listed before it (a larger one) already implies it. If ``redundant`` is a
    list, each such edge is appended to it with the prerequisite that implies it.
    """
    remaining = [0] * len(preds)
    for ps in preds:
        for p in ps:
            remaining[p] += 1
    has_dependents = [r > 0 for r in remaining]
    # Any: a freed slot holds None, and checking for it in the hot loop would cost time.
    reach: list[Any] = [None] * len(preds)
    counts = [0] * len(preds)
    for node, ps in enumerate(preds):
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


def compute_closure(preds: Sequence[Sequence[int]]) -> Closure:
    """Depth, chain parent, ancestor and descendant counts of every node of a DAG."""
    n = len(preds)
    order = topological_order(preds)
    depth, parent = longest_chains(preds, order)
    rank = [0] * n
    for position, node in enumerate(order):
        rank[node] = position
    upward = [sorted((rank[p] for p in preds[node]), reverse=True) for node in order]
    ancestors_by_rank = count_ancestors(upward)
    del upward
    # Descendants are ancestors in the reversed graph, numbered by the reversed order.
    downward: list[list[int]] = [[] for _ in range(n)]
    for node in order:
        below = n - 1 - rank[node]
        for p in preds[node]:
            downward[n - 1 - rank[p]].append(below)
    for successors in downward:
        successors.sort(reverse=True)
    descendants_by_rank = count_ancestors(downward)
    del downward
    ancestor_count = [ancestors_by_rank[rank[v]] for v in range(n)]
    descendant_count = [descendants_by_rank[n - 1 - rank[v]] for v in range(n)]
    return Closure(order, depth, parent, ancestor_count, descendant_count)


def redundant_edges(preds: Sequence[Sequence[int]]) -> list[RedundantEdge]:
    """Edges ``p -> v`` where ``p`` is also an ancestor of another prerequisite of ``v``."""
    order = topological_order(preds)
    rank = [0] * len(preds)
    for position, node in enumerate(order):
        rank[node] = position
    upward = [sorted((rank[p] for p in preds[node]), reverse=True) for node in order]
    found: list[RedundantEdge] = []
    count_ancestors(upward, found)
    return [(order[v], order[p], order[q]) for v, p, q in found]
