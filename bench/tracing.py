"""`tutor mastery evaluate` on a seeded, ASSISTments-shaped log of about a million responses.

Learners (5,000, with lognormal history lengths) practise skills (120) in runs of 3-14 tries,
as in skill-builder problem sets. Each skill has BKT parameters; each learner an ability that
shifts the log-odds of every answer. The CSV is written, then read and evaluated exactly as the
command does: 80/20 learner split, fitted on training learners, each test response predicted
from that learner's earlier responses.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_section
from tutor.config import PROJECT_ROOT
from tutor.content import load_directory
from tutor.engine.tracing import read_csv
from tutor.engine.tracing.evaluate import LIVE, evaluate, format_table
from tutor.engine.tracing.observe import GraphEvidence
from tutor.engine.tracing.synthetic import generate_over_graph, generate_practice
from tutor.graph import KnowledgeGraph

LEARNERS, SKILLS = 5000, 120


def write_log(path: Path, rng: np.random.Generator) -> None:
    init, learn = rng.beta(2, 5, SKILLS), rng.uniform(0.05, 0.3, SKILLS)
    guess, slip = rng.uniform(0.1, 0.35, SKILLS), rng.uniform(0.05, 0.2, SKILLS)
    ability = rng.normal(0, 0.8, LEARNERS)
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["learner", "skill", "correct", "school"])
        for learner in range(LEARNERS):
            length, known, written = int(rng.lognormal(5, 0.8)), {}, 0
            while written < length:
                skill, run = int(rng.integers(SKILLS)), int(rng.integers(3, 15))
                state = known.get(skill, rng.random() < init[skill])
                for _ in range(run):
                    p = (1 - slip[skill]) if state else guess[skill]
                    logit = np.log(p / (1 - p)) + 0.7 * ability[learner]
                    out.writerow(
                        [
                            f"L{learner}",
                            f"skill {skill}",
                            int(rng.random() < 1 / (1 + np.exp(-logit))),
                            "x",
                        ]
                    )
                    written += 1
                    state = state or rng.random() < learn[skill]
                known[skill] = state


def graph_section() -> str:
    """The same live engine with and without evidence along the shipped graph's edges."""
    topics, _ = load_directory(PROJECT_ROOT / "content")
    graph = KnowledgeGraph.from_topics(topics)
    goal = "vanishing-gradient-problem"
    region = graph.ancestors(goal) | {goal}
    log = generate_over_graph(
        {t: list(graph.prerequisites(t)) for t in region}, learners=600, seed=0
    )
    without, sizes = evaluate(log)
    with_graph, _ = evaluate(log, graph=GraphEvidence(graph))
    live_without = next(s for s in without if s.model == LIVE)
    live_with = next(s for s in with_graph if s.model == LIVE)
    return (
        f"Graph evidence, on a log generated over content/'s prerequisite graph (the {len(region)} "
        "topics the seed topic builds on; `synthetic.generate_over_graph`: a topic is learnable "
        "only "
        f"once its prerequisites are known; {sizes['responses']} responses): the live engine "
        "without "
        f"graph evidence AUC {live_without.auc:.4f} (log-loss {live_without.log_loss:.4f}), with "
        "it "
        f"AUC {live_with.auc:.4f} (log-loss {live_with.log_loss:.4f}); gain "
        f"{live_with.auc - live_without.auc:+.4f} "
        f"AUC.\n\n```\n{format_table(with_graph, sizes)}\n```\n"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        write_log(path, np.random.default_rng(11))
        start = time.perf_counter()
        log = read_csv(path)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        scores, sizes = evaluate(log)
        total_s = time.perf_counter() - start
    body = (
        f"Synthetic ASSISTments-shaped log (seeded; BKT per skill plus a learner ability). "
        f"Reading the CSV: {read_s:.1f} s; the whole evaluation: {total_s:.1f} s.\n\n```\n"
        f"{format_table(scores, sizes)}\n```\n\n"
        "Practice-shaped log (`synthetic.generate_practice`, seeds 0 and 1: BKT knowledge with "
        "forgetting, learner ability and pace, items of varying difficulty, 15% of items on two "
        "skills joined by `~~`, heavy-tailed history lengths):\n\n```\n"
        + "\n\n".join(format_table(*evaluate(generate_practice(seed=seed))) for seed in (0, 1))
        + "\n```\n\n"
        + graph_section()
    )
    write_section("tracing", "Knowledge tracing: tutor mastery evaluate", body)


if __name__ == "__main__":
    main()
