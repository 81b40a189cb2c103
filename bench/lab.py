"""Time gradient-flow lab runs and write the markdown section docs/benchmarks-lab.md.

Run: python bench/lab.py [--repeat N] [--output PATH]

Timings use the uncached ``train`` so every repetition does the full work. The target from
issue 12: a 50-layer, width-64, 20-step run finishes in at most 1 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.labs import LabSettings, train  # noqa: E402

TARGET_SECONDS = 1.0
CASES: list[tuple[str, LabSettings]] = [
    ("target: depth 50, width 64, 20 steps, sigmoid", LabSettings(depth=50, width=64, steps=20)),
    ("target: depth 50, width 64, 20 steps, relu + he + skip",
     LabSettings(depth=50, width=64, steps=20, activation="relu", init="he", residual=True)),
    ("page default: depth 20, width 32, 50 steps", LabSettings()),
    ("at the work cap: depth 50, width 128, 20 steps, 128 samples",
     LabSettings(depth=50, width=128, steps=20, samples=128)),
    ("at the work cap: depth 40, width 32, 200 steps, 256 samples",
     LabSettings(depth=40, width=32, steps=200, samples=256)),
    ("most layer-steps: depth 50, width 32, 200 steps",
     LabSettings(depth=50, width=32, steps=200)),
]


def time_run(settings: LabSettings, repeat: int) -> list[float]:
    train(settings)  # warm-up: imports, BLAS thread start-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        train(settings)
        times.append(time.perf_counter() - start)
    return times


def markdown(rows: list[tuple[str, list[float]]], repeat: int) -> str:
    lines = [
        "## Gradient-flow lab (`bench/lab.py`)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" numpy {np.__version__}. Uncached `train` (one BLAS thread), {repeat} repetitions after one warm-up.",
        f"Target: the 50-layer, width-64, 20-step run in at most {TARGET_SECONDS:g} s.",
        "",
        "| run | median s | min s | max s |",
        "|---|---:|---:|---:|",
    ]
    for label, times in rows:
        lines.append(
            f"| {label} | {statistics.median(times):.4f} | {min(times):.4f} | {max(times):.4f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks-lab.md"))
    args = parser.parse_args()
    rows = []
    for label, settings in CASES:
        times = time_run(settings, args.repeat)
        rows.append((label, times))
        print(f"{label}: median {statistics.median(times):.4f} s", flush=True)
    section = markdown(rows, args.repeat)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(section)
    print(f"\nwrote {args.output}\n\n{section}")
    worst_target = max(max(times) for label, times in rows if label.startswith("target"))
    print("target met" if worst_target <= TARGET_SECONDS else "TARGET MISSED")
    return 0 if worst_target <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
