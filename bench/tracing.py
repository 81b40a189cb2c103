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
from tutor.engine.tracing import read_csv
from tutor.engine.tracing.evaluate import evaluate, format_table

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
        f"{format_table(scores, sizes)}\n```\n"
    )
    write_section("tracing", "Knowledge tracing: tutor mastery evaluate", body)


if __name__ == "__main__":
    main()
