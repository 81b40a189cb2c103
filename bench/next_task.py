"""Latency of choosing the next task: 5,000 mastery rows in a 10,000-topic graph.

The graph is synthetic and seeded: topic i lists one to three prerequisites among the 60 topics
before it, so it is deep (hundreds of levels) and bushy. The learner has mastered the first
4,000 topics (a set closed under prerequisites), 300 of them with reviews due, has partial
estimates for 1,000 more, one topic flagged for remediation, and a goal near the end.

Two timings: the choice itself (``rank_tasks`` on the learner's state), and the whole use case
``planning.next_tasks`` on SQLite (reading the 5,000 rows, then choosing). The per-graph index is
built once per content version and reported separately.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import percentile, write_section
from tutor.engine.next_task import TopicState, graph_index, rank_tasks
from tutor.graph import KnowledgeGraph
from tutor.practice import planning
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction
from tutor.store.models import Goal, Learner, Mastery

TOPICS, MASTERED, PARTIAL, DUE = 10_000, 4_000, 1_000, 300
ROUNDS = 1000
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def synthetic_graph(rng: random.Random) -> KnowledgeGraph:
    ids = [f"topic-{i:05d}" for i in range(TOPICS)]
    prerequisites = {ids[0]: ()}
    digraph = nx.DiGraph()
    digraph.add_node(ids[0], title=ids[0], level="Elementary")
    for i in range(1, TOPICS):
        picks = rng.sample(range(max(0, i - 60), i), min(i, rng.randint(1, 3)))
        prerequisites[ids[i]] = tuple(ids[p] for p in sorted(picks))
        digraph.add_node(ids[i], title=ids[i], level="Elementary")
        for p in picks:
            digraph.add_edge(ids[p], ids[i], weight=1.0)
    return KnowledgeGraph(digraph, prerequisites, [])


def learner_rows(rng: random.Random) -> list[dict]:
    due = set(rng.sample(range(MASTERED), DUE))
    rows = [
        {
            "topic_id": f"topic-{i:05d}",
            "p_known": 0.97,
            "due_at": NOW - timedelta(days=rng.randint(1, 30))
            if i in due
            else NOW + timedelta(days=5),
        }
        for i in range(MASTERED)
    ]
    rows += [
        {"topic_id": f"topic-{i:05d}", "p_known": 0.5, "due_at": None}
        for i in range(MASTERED, MASTERED + PARTIAL)
    ]
    return rows


def timed(action, rounds: int = ROUNDS) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU milliseconds per call (CPU time leaves out waiting for a busy machine)."""
    action()
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.thread_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


def row(name: str, times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    return (
        f"| {name} | {percentile(wall, 50):.2f} | {percentile(wall, 99):.2f} | {max(wall):.2f} "
        f"| {percentile(cpu, 50):.2f} | {percentile(cpu, 99):.2f} |\n"
    )


def main() -> None:
    rng = random.Random(6)
    graph = synthetic_graph(rng)
    goal = f"topic-{TOPICS - 10:05d}"
    start = time.perf_counter()
    graph_index(graph)
    index_ms = (time.perf_counter() - start) * 1000
    rows = learner_rows(rng)
    states = {r["topic_id"]: TopicState(r["p_known"] >= 0.95, r["due_at"]) for r in rows}
    states[rows[MASTERED + 5]["topic_id"]] = TopicState(False, None, remediation=True)
    pure = timed(lambda: rank_tasks(graph, states, goal, NOW))
    tasks = rank_tasks(graph, states, goal, NOW)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.sqlite3")
        migrate.upgrade(engine)
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            learner = Learner(public_id="bench")
            session.add(learner)
            session.flush()
            session.add(Goal(learner_id=learner.id, topic_id=goal))
            session.add_all(
                Mastery(
                    learner_id=learner.id,
                    attempts=1,
                    correct=1,
                    claimed_known=False,
                    evidence=1.0,
                    remediation=False,
                    **r,
                )
                for r in rows
            )
            learner_id = learner.id
        with factory() as session:
            learner = session.get(Learner, learner_id)
            whole = timed(lambda: planning.next_tasks(session, graph, learner, NOW), rounds=100)
        engine.dispose()
    body = (
        f"Graph: {TOPICS} topics, {graph.digraph.number_of_edges()} edges, depth "
        f"{max(f.depth for f in graph.all_figures().values())}. Learner: {len(rows)} mastery rows "
        f"({MASTERED} mastered, {DUE} reviews due), goal {goal}. Index built once per graph: "
        f"{index_ms:.0f} ms. Load average during the run: {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores.\n\n"
        "| what | p50 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms |\n"
        f"|---|---|---|---|---|---|\n"
        + row("choose (rank_tasks)", pure)
        + row("read 5,000 rows + choose (SQLite)", whole)
        + f"\nFirst task: {tasks[0].kind} {tasks[0].topic_id} ({tasks[0].reason}); "
        f"then {tasks[1].kind} {tasks[1].topic_id} ({tasks[1].reason}).\n"
    )
    write_section("next_task", "Choosing the next task", body)


if __name__ == "__main__":
    main()
