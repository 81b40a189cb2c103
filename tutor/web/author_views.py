"""What the author pages and the author API both show: previews and analytics as plain data."""

from __future__ import annotations

from typing import Any

from flask import abort, request

from tutor.analytics.reports import PASS_RATE_THRESHOLD, Stats, TemplateStats
from tutor.content import ContentErrors, parse_topic
from tutor.content.loader import SECTION_TITLES
from tutor.questions import Variant

EDITORS = ("educator", "admin")
MAX_PREVIEW_VARIANTS = 12


def preview_seeds(first: int, count: int) -> list[int]:
    if not 1 <= count <= MAX_PREVIEW_VARIANTS or not 0 <= first < 2**31 - MAX_PREVIEW_VARIANTS:
        abort(400, f"Preview 1 to {MAX_PREVIEW_VARIANTS} variants from a seed in [0, 2^31).")
    return list(range(first, first + count))


def parse_threshold() -> float:
    raw = request.args.get("threshold")
    if raw is None:
        return PASS_RATE_THRESHOLD
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        abort(400, "Query parameter 'threshold' must be a number from 0 to 1.")
    return value


def variant_view(variant: Variant) -> dict[str, Any]:
    return {
        "seed": variant.seed,
        "prompt": variant.prompt,
        "values": dict(variant.plain_values),
        "hints": list(variant.hints),
        "solution": variant.solution,
        "parts": [
            {
                "label": p.label,
                "prompt": p.prompt,
                "answer": p.answer_plain,
                "answer_tex": p.answer_tex,
                "test": p.test,
                "choices": list(p.choices),
            }
            for p in variant.parts
        ],
    }


def topic_preview(source: str) -> dict[str, Any]:
    """The sections as a learner would read them,
    or the problems that keep the text from parsing."""
    try:
        topic = parse_topic(source, "preview")
    except ContentErrors as exc:
        body = source.split("\n---", 2)[-1] if source.startswith("---") else source
        return {
            "problems": [f"line {e.line}: {e.message}" for e in exc.errors],
            "title": None,
            "sections": [("", body)],
        }
    texts = (topic.core_idea, topic.how_best_learned, topic.explainer)
    return {
        "problems": [],
        "title": topic.title,
        "sections": list(zip(SECTION_TITLES, texts, strict=True)),
    }


def stats_view(stats: Stats) -> dict[str, Any]:
    return {
        "submissions": stats.submissions,
        "learners": stats.learners,
        "first_attempts": stats.first_attempts,
        "first_attempt_pass_rate": stats.first_attempt_pass_rate,
        "median_ms": stats.median_ms,
        "timed": stats.timed,
        "median_right_ms": stats.median_right_ms,
        "median_wrong_ms": stats.median_wrong_ms,
        "notes": [{"note": n, "count": c} for n, c in stats.notes],
        "wrong_answers": [{"response": r, "count": c} for r, c in stats.wrong_answers],
    }


def template_stats_view(result: TemplateStats) -> dict[str, Any]:
    return {
        "topic_id": result.topic_id,
        "template_id": result.template_id,
        "flagged": result.flagged,
        **stats_view(result.stats),
        "parameters": {
            name: [
                {
                    "value": v.value,
                    "submissions": v.submissions,
                    "passed": v.passed,
                    "pass_rate": v.pass_rate,
                }
                for v in values
            ]
            for name, values in result.parameters.items()
        },
    }
