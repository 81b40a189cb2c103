"""Read topic files: YAML front matter for the structure, Markdown sections for the prose.

Every problem is reported with the file and line it comes from, and all problems in a file are
collected rather than stopping at the first, so an author fixes a file in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tutor.content.model import LEVELS, Prerequisite, Template, Topic
from tutor.content.yaml_text import LOADER, refuse_aliases

TOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SECTIONS = {
    "core idea": "core_idea",
    "how it's best learned": "how_best_learned",
    "explainer": "explainer",
}
SECTION_TITLES = ("Core Idea", "How It's Best Learned", "Explainer")
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class ContentError:
    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


class ContentErrors(ValueError):
    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class _LineDict(dict):
    """A mapping that remembers the 1-based line where it starts in its file."""

    line: int = 0


# libyaml's loader when present: the pure-Python one takes ~30 ms a topic file.
class _LineLoader(LOADER):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _split_front_matter(text: str, source: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentErrors([ContentError(source, 1, "file must start with '---' front matter")])
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise ContentErrors([ContentError(source, 1, "front matter is not closed by a '---' line")])


def _parse_sections(
    body: str, first_line: int, source: str
) -> tuple[dict[str, str], list[ContentError]]:
    sections: dict[str, list[str]] = {}
    errors: list[ContentError] = []
    current: str | None = None
    for offset, line in enumerate(body.split("\n")):
        heading = re.match(r"^##\s+(.+?)\s*$", line)
        if heading:
            name = heading.group(1).replace("\u2019", "'").lower()
            field = SECTIONS.get(name)
            if field is None:
                expected = ", ".join(SECTION_TITLES)
                errors.append(
                    ContentError(
                        source,
                        first_line + offset,
                        f"unknown section {heading.group(1)!r}; expected {expected}",
                    )
                )
            elif field in sections:
                errors.append(
                    ContentError(
                        source, first_line + offset, f"section {heading.group(1)!r} appears twice"
                    )
                )
            current = field
            sections.setdefault(field or "_unknown", [])
            continue
        if current is None:
            if line.strip():
                errors.append(
                    ContentError(source, first_line + offset, "text before the first '## ' section")
                )
            continue
        sections[current].append(line)
    result = {k: "\n".join(v).strip() for k, v in sections.items() if k != "_unknown"}
    for title in SECTION_TITLES:
        field = SECTIONS[title.lower()]
        if not result.get(field):
            errors.append(
                ContentError(source, first_line, f"missing or empty section '## {title}'")
            )
    return result, errors


def _line_of(value: Any, default: int) -> int:
    return getattr(value, "line", default) or default


def _parse_prerequisites(
    raw: Any, source: str, line: int
) -> tuple[list[Prerequisite], list[ContentError]]:
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [ContentError(source, line, "'prerequisites' must be a list")]
    result: list[Prerequisite] = []
    errors: list[ContentError] = []
    for item in raw:
        if isinstance(item, str):
            result.append(Prerequisite(item))
            continue
        item_line = _line_of(item, line)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            errors.append(
                ContentError(
                    source, item_line, "a prerequisite is a topic id or {id: ..., weight: ...}"
                )
            )
            continue
        weight = item.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 1:
            errors.append(
                ContentError(
                    source,
                    item_line,
                    f"prerequisite {item['id']!r}: weight must be a number in (0, 1]",
                )
            )
            continue
        unknown = set(item) - {"id", "weight"}
        if unknown:
            errors.append(
                ContentError(
                    source,
                    item_line,
                    f"prerequisite {item['id']!r}: unknown keys {sorted(unknown)}",
                )
            )
        result.append(Prerequisite(item["id"], float(weight)))
    return result, errors


def _parse_templates(raw: Any, source: str, line: int) -> tuple[list[Template], list[ContentError]]:
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [ContentError(source, line, "'templates' must be a list")]
    templates: list[Template] = []
    errors: list[ContentError] = []
    seen: set[str] = set()
    for item in raw:
        item_line = _line_of(item, line)
        if not isinstance(item, dict):
            errors.append(ContentError(source, item_line, "a template must be a mapping"))
            continue
        template_id = item.get("id")
        if not isinstance(template_id, str) or not TOPIC_ID.match(template_id):
            errors.append(
                ContentError(
                    source, item_line, "a template needs an 'id' of lowercase words joined by '-'"
                )
            )
            continue
        if template_id in seen:
            errors.append(ContentError(source, item_line, f"duplicate template id {template_id!r}"))
            continue
        seen.add(template_id)
        templates.append(Template(template_id, dict(item), item_line))
    return templates, errors


KNOWN_KEYS = {"id", "title", "level", "tags", "prerequisites", "templates"}


def parse_topic(text: str, source: str) -> Topic:
    """Parse one topic file's text; ``source`` names it in error messages."""
    front, body, body_line = _split_front_matter(text, source)
    try:
        refuse_aliases(front)
        meta = yaml.load(front, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentErrors([ContentError(source, line, f"invalid YAML: {problem}")]) from None
    if not isinstance(meta, dict):
        raise ContentErrors([ContentError(source, 2, "front matter must be a mapping")])
    errors: list[ContentError] = []

    def line_of_key(key: str) -> int:
        for number, text_line in enumerate(front.split("\n"), start=2):
            if text_line.startswith(f"{key}:"):
                return number
        return 2

    topic_id = meta.get("id")
    if not isinstance(topic_id, str) or not TOPIC_ID.match(topic_id):
        errors.append(
            ContentError(
                source, line_of_key("id"), "'id' must be lowercase letters and digits joined by '-'"
            )
        )
        topic_id = ""
    elif Path(source).suffix == ".md" and Path(source).stem != topic_id:
        errors.append(
            ContentError(
                source,
                line_of_key("id"),
                f"id {topic_id!r} does not match the file name {Path(source).name!r}",
            )
        )
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append(ContentError(source, line_of_key("title"), "'title' must be non-empty text"))
        title = ""
    level = meta.get("level")
    if level not in LEVELS:
        errors.append(
            ContentError(
                source,
                line_of_key("level"),
                f"'level' must be one of {', '.join(LEVELS)}; got {level!r}",
            )
        )
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        errors.append(ContentError(source, line_of_key("tags"), "'tags' must be a list of words"))
        tags = []
    unknown = set(meta) - KNOWN_KEYS
    if unknown:
        errors.append(
            ContentError(source, 2, f"unknown front matter keys: {', '.join(sorted(unknown))}")
        )
    prerequisites, prerequisite_errors = _parse_prerequisites(
        meta.get("prerequisites"), source, line_of_key("prerequisites")
    )
    templates, template_errors = _parse_templates(
        meta.get("templates"), source, line_of_key("templates")
    )
    sections, section_errors = _parse_sections(body, body_line, source)
    errors += prerequisite_errors + template_errors + section_errors
    if errors:
        raise ContentErrors(errors)
    return Topic(
        id=topic_id,
        title=title.strip(),
        level=str(level),
        tags=tuple(tags),
        prerequisites=tuple(prerequisites),
        core_idea=sections["core_idea"],
        how_best_learned=sections["how_best_learned"],
        explainer=sections["explainer"],
        templates=tuple(templates),
        source_path=source,
    )


def read_sources(directory: Path) -> dict[str, str]:
    """Map each topic file's path (relative to ``directory``) to its text."""
    sources: dict[str, str] = {}
    for path in sorted(directory.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        sources[str(path)] = path.read_text(encoding="utf-8")
    return sources


def parse_sources(sources: dict[str, str]) -> tuple[list[Topic], list[ContentError]]:
    """Parse every source; duplicate ids are errors. Returns the topics that parsed."""
    topics: list[Topic] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for source, text in sources.items():
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            errors.append(ContentError(source, 1, f"file is larger than {MAX_FILE_BYTES} bytes"))
            continue
        try:
            topic = parse_topic(text, source)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        if topic.id in seen:
            errors.append(
                ContentError(
                    source, 2, f"duplicate topic id {topic.id!r} (also in {seen[topic.id]})"
                )
            )
            continue
        seen[topic.id] = source
        topics.append(topic)
    return topics, errors


def load_directory(directory: Path) -> tuple[list[Topic], list[ContentError]]:
    return parse_sources(read_sources(directory))


def check_levels(topics: Iterable[Topic]) -> list[ContentError]:
    """Levels must not decrease along a prerequisite edge."""
    by_id = {t.id: t for t in topics}
    errors: list[ContentError] = []
    for topic in by_id.values():
        for prerequisite in topic.prerequisites:
            other = by_id.get(prerequisite.topic_id)
            if other and LEVELS.index(other.level) > LEVELS.index(topic.level):
                errors.append(
                    ContentError(
                        topic.source_path,
                        2,
                        f"level {topic.level!r} is below that of its prerequisite "
                        f"{other.id!r} ({other.level!r})",
                    )
                )
    return errors
