"""How the API shows what several of its parts return: topics and their figures, times."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tutor.graph import TopicFigures
from tutor.web.requests import catalog


def figures(figures: TopicFigures) -> dict[str, Any]:
    return {
        "depth": figures.depth,
        "longest_chain": list(figures.longest_chain),
        "longest_path_steps": len(figures.longest_chain),
        "prerequisite_count": figures.prerequisite_count,
        "downstream_count": figures.downstream_count,
    }


def topic_summary(topic_id: str) -> dict[str, Any]:
    topic = catalog().topic(topic_id)
    return {"id": topic.id, "title": topic.title, "level": topic.level, "tags": list(topic.tags)}


def timestamp(moment: datetime) -> str:
    """RFC 3339 with its offset: SQLite hands back our UTC times without one."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
