"""Building topic files for tests."""

from __future__ import annotations

from pathlib import Path

import yaml


class _NoAliasDumper(yaml.SafeDumper):
    """Topic files may not use aliases: write a repeated object out again instead."""

    def ignore_aliases(self, data: object) -> bool:
        return True


SIMPLE_TEMPLATE = {
    "id": "add",
    "parameters": {"a": {"int": [2, 9]}, "b": {"int": [2, 9]}},
    "constraints": ["a*b != a + b"],
    "prompt": "What is ${{a}} + {{b}}$?",
    "answer": "a + b",
    "hints": ["Count on from {{a}}."],
    "solution": "${{a}} + {{b}} = {{answer}}$",
    "mistakes": [
        {
            "answer": "a*b",
            "feedback": "You multiplied; add instead.",
            "note": "multiplied",
            "prerequisite": "counting",
        }
    ],
    "tests": [
        {"response": "{{answer}}", "expect": "correct"},
        {"response": "{{a}}*{{b}}", "expect": "wrong", "mistake": "multiplied"},
        {"response": "3+*", "expect": "invalid"},
    ],
}


def topic_text(
    topic_id: str,
    title: str | None = None,
    level: str = "Elementary",
    prerequisites: list | None = None,
    templates: list | None = None,
    explainer: str = "An explainer with math $x^2$.",
) -> str:
    meta = {
        "id": topic_id,
        "title": title or topic_id.replace("-", " ").title(),
        "level": level,
        "tags": ["test"],
        "prerequisites": prerequisites or [],
        "templates": templates if templates is not None else [SIMPLE_TEMPLATE],
    }
    front = yaml.dump(meta, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)
    return (
        f"---\n{front}---\n## Core Idea\n\nThe idea of {topic_id}.\n\n"
        f"## How It's Best Learned\n\nBy practice.\n\n## Explainer\n\n{explainer}\n"
    )


def write_topic(directory: Path, topic_id: str, **kwargs) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{topic_id}.md"
    path.write_text(topic_text(topic_id, **kwargs), encoding="utf-8")
    return path


def write_small_curriculum(directory: Path) -> Path:
    """counting -> adding -> multiplying, with multiplying also needing counting (weighted)."""
    write_topic(directory, "counting")
    write_topic(directory, "adding", prerequisites=["counting"])
    write_topic(
        directory,
        "multiplying",
        level="Middle School",
        prerequisites=["adding", {"id": "counting", "weight": 0.5}],
    )
    return directory
