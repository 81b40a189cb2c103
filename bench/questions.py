"""Variants generated per second, and the cost of `tutor content check` over content/.

Prints a markdown section and keeps it in docs/benchmarks.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import percentile, write_section
from tutor.config import PROJECT_ROOT
from tutor.content import load_directory
from tutor.curriculum.files import validate_topics
from tutor.questions import CompiledTemplate, grade, self_test_topic

SEEDS = 50


def main() -> None:
    start = time.perf_counter()
    topics, errors = load_directory(PROJECT_ROOT / "content")
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    problems = validate_topics(topics, errors)
    validate_s = time.perf_counter() - start
    compiled = [CompiledTemplate(t.id, tm) for t in topics for tm in t.templates]

    per_variant: list[float] = []
    start = time.perf_counter()
    for template in compiled:
        for seed in range(SEEDS):
            began = time.perf_counter()
            template.variant(seed)
            per_variant.append((time.perf_counter() - began) * 1000)
    variants_s = time.perf_counter() - start
    variants = len(compiled) * SEEDS

    per_grade: list[float] = []
    for template in compiled:
        variant = template.variant(1)
        began = time.perf_counter()
        grade(variant, variant.answer_plain)
        per_grade.append((time.perf_counter() - began) * 1000)

    start = time.perf_counter()
    failures = sum(len(self_test_topic(t, SEEDS)) for t in topics)
    selftest_s = time.perf_counter() - start

    variant_cell = f"{percentile(per_variant, 50):.2f} / {percentile(per_variant, 99):.2f} ms"
    grade_cell = f"{percentile(per_grade, 50):.2f} / {percentile(per_grade, 99):.2f} ms"
    body = f"""{len(topics)} topics, {len(compiled)} templates, {SEEDS} seeds each; \
{len(problems)} validation problems, {failures} self-test failures.

| measure | value |
|---|---|
| load and parse content/ | {load_s:.2f} s |
| validate (graph, levels, every template spec) | {validate_s:.2f} s |
| variants generated | {variants:,} in {variants_s:.2f} s = \
**{variants / variants_s:,.0f} variants/s** |
| one variant, median / p99 | {variant_cell} |
| grading a variant's own answer, median / p99 | {grade_cell} |
| `tutor content check` self-tests ({SEEDS} seeds per template) | {selftest_s:.1f} s |
| whole `tutor content check` | {load_s + validate_s + selftest_s:.1f} s |
"""
    write_section("questions", "Question templates", body)


if __name__ == "__main__":
    main()
