"""Plain data for topics and question templates, as read from files or the database.

Everything here is immutable and free of I/O so that every later layer can be tested with
plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LEVELS: tuple[str, ...] = (
    "Elementary",
    "Middle School",
    "High School",
    "Undergraduate",
    "Graduate",
)


@dataclass(frozen=True)
class Prerequisite:
    """A prerequisite edge seen from the dependent topic.

    ``weight`` is the share of the prerequisite that practising the dependent topic exercises,
    used for implicit credit (1.0 means all of it).
    """

    topic_id: str
    weight: float = 1.0


@dataclass(frozen=True)
class Template:
    """A parameterized question template, kept as the declarative mapping it was written as.

    The questions layer interprets ``spec``; the content layer only checks its outer shape.
    """

    id: str
    spec: dict[str, Any]
    line: int = 0


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    level: str
    tags: tuple[str, ...] = ()
    prerequisites: tuple[Prerequisite, ...] = ()
    core_idea: str = ""
    how_best_learned: str = ""
    explainer: str = ""
    templates: tuple[Template, ...] = ()
    source_path: str = ""

    @property
    def prerequisite_ids(self) -> tuple[str, ...]:
        return tuple(p.topic_id for p in self.prerequisites)

    def template(self, template_id: str) -> Template | None:
        return next((t for t in self.templates if t.id == template_id), None)
