"""`tutor mastery evaluate` on real learner logs, over several learner splits.

    python bench/real_logs.py LOG [LOG ...]

Real logs are not shipped (their licences are their publishers'); pass the files. Each is read
as the command reads it (``read_log``: ASSISTments' CSVs, DataShop exports, ours) and evaluated
SPLITS times, each time with another 80/20 split of its learners: on a log of a few hundred
learners one split's held-out fifth moves AUC by a point or more, so the mean over splits and
the live engine's margin on each split are what to read.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_section
from tutor.engine.tracing.evaluate import LIVE, evaluate
from tutor.engine.tracing.log import read_log

SPLITS = 8
BASELINES = ("BKT (per skill)", "Elo")


def log_section(path: Path) -> str:
    log, notes = read_log(path)
    started = time.perf_counter()
    rows = []
    for seed in range(SPLITS):
        scores, sizes = evaluate(log, seed=seed)
        auc = {s.model: s.auc for s in scores}
        rows.append([auc[m] for m in (*BASELINES, LIVE)])
    seconds = time.perf_counter() - started
    table = np.array(rows)
    margins = table[:, 2] - table[:, :2].max(axis=1)
    lines = [
        f"| {seed} | {bkt:.4f} | {elo:.4f} | {live:.4f} | {margin:+.4f} |"
        for seed, ((bkt, elo, live), margin) in enumerate(zip(rows, margins, strict=True))
    ]
    mean = table.mean(axis=0)
    lines.append(
        f"| **mean** | **{mean[0]:.4f}** | **{mean[1]:.4f}** | **{mean[2]:.4f}** "
        f"| **{margins.mean():+.4f}** |"
    )
    return (
        f"### {path.name}\n\n{sizes['responses']} responses, {sizes['learners']} learners, "
        f"{sizes['skills']} skills; {'; '.join(notes)}. {SPLITS} splits in {seconds:.0f} s.\n\n"
        "| split seed | BKT (per skill) | Elo | live engine | live - best baseline |\n"
        "|---|---:|---:|---:|---:|\n" + "\n".join(lines) + "\n"
    )


def main() -> None:
    paths = [Path(arg) for arg in sys.argv[1:]]
    if not paths:
        raise SystemExit(__doc__)
    body = (
        "AUC on held-out learners, each split's fifth of the learners predicted answer by "
        "answer from their earlier answers (the live engine through the server's own `observe`)."
        "\n\n" + "\n".join(log_section(path) for path in paths)
    )
    write_section("real_logs", "Knowledge tracing on real logs", body)


if __name__ == "__main__":
    main()
