"""Topic builders for the graph tests: plain values, no files, no database."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tutor.content.model import Prerequisite, Topic

CURRICULUM = Path(__file__).resolve().parents[2] / "docs" / "curriculum.md"

TopicSpec = dict[str, list[str]]


def build_topics(spec: TopicSpec, titles: dict[str, str] | None = None) -> list[Topic]:
    """Topics from ``{id: [prerequisite ids]}``; ``"p*0.5"`` gives the edge weight 0.5."""
    topics = []
    for topic_id, prerequisites in spec.items():
        edges = []
        for entry in prerequisites:
            prerequisite, _, weight = entry.partition("*")
            edges.append(Prerequisite(prerequisite, float(weight) if weight else 1.0))
        title = (titles or {}).get(topic_id, topic_id.replace("-", " ").title())
        topics.append(Topic(topic_id, title, "Elementary", prerequisites=tuple(edges)))
    return topics


@pytest.fixture
def make_topics() -> Callable[..., list[Topic]]:
    return build_topics


def curriculum_topics() -> list[Topic]:
    """The planned shipped graph, read from the tables in docs/curriculum.md."""
    row = re.compile(
        r"^\|(?: *\d+ *\|)? *([a-z0-9-]+) *\| *([^|]+?) *\| *([A-Za-z ]+?) *\|([^|]*)\|"
    )
    topics = []
    for line in CURRICULUM.read_text(encoding="utf-8").splitlines():
        match = row.match(line)
        if not match or match.group(1) == "id":
            continue
        topic_id, title, level, cell = match.groups()
        edges = []
        for entry in filter(None, (e.strip() for e in cell.split(","))):
            prerequisite, _, weight = entry.partition("*")
            edges.append(Prerequisite(prerequisite, float(weight) if weight else 1.0))
        topics.append(Topic(topic_id, title, level, prerequisites=tuple(edges)))
    return topics


@pytest.fixture(scope="session")
def curriculum() -> list[Topic]:
    return curriculum_topics()
