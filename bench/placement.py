"""Placement on simulated learners: questions asked versus per-topic classification accuracy.

Each simulated learner has a hidden knowledge state over the seed topic's prerequisites that is
consistent with the graph (a topic known implies its prerequisites known), drawn by a process
unlike the engine's prior: everything up to a random target topic, plus random further topics
whose prerequisites are known, minus random gaps (a forgotten topic and all that builds on it).
They answer with slip 0.1 and guess 0.2. The graph is content/ if it holds the seed topic, else
the planned graph of docs/curriculum.md.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_section
from tutor.config import PROJECT_ROOT
from tutor.content import load_directory
from tutor.engine.placement import GUESS, SLIP, Placement, goal_region

SEED_TOPIC = "vanishing-gradient-problem"
LEARNERS = int(sys.argv[1]) if len(sys.argv) > 1 else 200


def prerequisite_map() -> tuple[dict[str, list[str]], str]:
    topics, _ = load_directory(PROJECT_ROOT / "content")
    if any(t.id == SEED_TOPIC for t in topics):
        return {t.id: list(t.prerequisite_ids) for t in topics}, "content/"
    graph: dict[str, list[str]] = {}
    for line in (PROJECT_ROOT / "docs" / "curriculum.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5:  # | # | id | title | level | prerequisites |
            cells = cells[1:]
        if (
            len(cells) != 4
            or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cells[0])
            or cells[0] == "id"
        ):
            continue
        graph[cells[0]] = [p.split("*")[0].strip() for p in cells[3].split(",") if p.strip()]
    return graph, "docs/curriculum.md (planned graph)"


def hidden_state(prerequisites: list[list[int]], rng: np.random.Generator) -> np.ndarray:
    n = len(prerequisites)
    dependants: list[list[int]] = [[] for _ in range(n)]
    for i, prereqs in enumerate(prerequisites):
        for p in prereqs:
            dependants[p].append(i)
    known = np.zeros(n, dtype=bool)
    target = int(rng.integers(-1, n))
    if target >= 0:
        stack = [target]
        while stack:
            t = stack.pop()
            if not known[t]:
                known[t] = True
                stack.extend(prerequisites[t])
    for i, prereqs in enumerate(prerequisites):
        if not known[i] and all(known[p] for p in prereqs) and rng.random() < 0.3:
            known[i] = True
    for i in range(n):
        if known[i] and rng.random() < 0.03:
            stack = [i]
            while stack:
                t = stack.pop()
                if known[t]:
                    known[t] = False
                    stack.extend(dependants[t])
    return known


def main() -> None:
    graph, source = prerequisite_map()
    topics, prerequisites = goal_region(graph, SEED_TOPIC)
    rng = np.random.default_rng(7)
    asked, accuracy, seconds = [], [], []
    for learner in range(LEARNERS):
        truth = hidden_state(prerequisites, rng)
        start = time.perf_counter()
        placement = Placement(topics, prerequisites, seed=learner)
        while (topic := placement.next_question()) is not None:
            known = truth[placement.index[topic]]
            placement.observe(topic, bool(rng.random() < (1 - SLIP if known else GUESS)))
        seconds.append(time.perf_counter() - start)
        asked.append(len(placement.answers))
        accuracy.append(float(((placement.marginals() >= 0.5) == truth).mean()))
    body = (
        f"Graph: {source}; {len(topics)} topics in the seed topic's prerequisites (with it). "
        f"{LEARNERS} simulated learners, slip {SLIP}, guess {GUESS}.\n\n"
        "| measure | mean | p10 | worst |\n|---|---|---|---|\n"
        f"| questions asked | {np.mean(asked):.1f} | {np.percentile(asked, 10):.0f} "
        f"| {max(asked)} |\n"
        f"| per-topic accuracy | {np.mean(accuracy):.1%} | {np.percentile(accuracy, 10):.1%} "
        f"| {min(accuracy):.1%} |\n"
        f"| seconds per placement | {np.mean(seconds):.2f} | {np.percentile(seconds, 10):.2f} "
        f"| {max(seconds):.2f} |\n"
    )
    write_section("placement", "Placement on simulated learners", body)


if __name__ == "__main__":
    main()
