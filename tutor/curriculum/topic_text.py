"""Edits to a topic file's text that touch only the part they change.

A topic is stored as its file text, so an export is byte-identical to what was imported. A
structured edit (the prerequisite list, one question template) therefore splices new lines into
the text in place of the old ones and leaves every other byte alone. The lines it writes follow
the curriculum's own layout (see docs/content-format.md, "Edits made in the browser").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from tutor.content import ContentError, ContentErrors, Prerequisite
from tutor.content.yaml_text import LOADER, refuse_aliases
from tutor.errors import Invalid


class TextEditError(Invalid):
    """The text cannot take the edit; the message says why."""


@dataclass(frozen=True)
class Block:
    """Lines ``start`` (inclusive) to ``end`` (exclusive) of the whole file, 0-based."""

    start: int
    end: int


def _front_matter(lines: list[str]) -> tuple[int, int]:
    """(first front-matter line, closing '---' line) as 0-based file line numbers."""
    if not lines or lines[0].strip() != "---":
        raise TextEditError("the file must start with a '---' front matter line")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return 1, index
    raise TextEditError("the front matter is not closed by a '---' line")


def _compose(lines: list[str], first: int, close: int) -> yaml.MappingNode:
    try:
        text = "\n".join(lines[first:close])
        refuse_aliases(text)
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        raise TextEditError(f"the front matter is not valid YAML: {exc}") from None
    if not isinstance(node, yaml.MappingNode):
        raise TextEditError("the front matter must be a mapping")
    return node


def _key_block(lines: list[str], key: str) -> Block | None:
    """The lines of a top-level front-matter key and its value."""
    first, close = _front_matter(lines)
    node = _compose(lines, first, close)
    keys = [(k.value, k.start_mark.line + first) for k, _ in node.value]
    for index, (name, line) in enumerate(keys):
        if name == key:
            end = keys[index + 1][1] if index + 1 < len(keys) else close
            while end > line + 1 and not lines[end - 1].strip():
                end -= 1
            return Block(line, end)
    return None


def _template_blocks(lines: list[str]) -> dict[str, Block]:
    first, close = _front_matter(lines)
    node = _compose(lines, first, close)
    value = next((v for k, v in node.value if k.value == "templates"), None)
    if value is None:
        return {}
    if not isinstance(value, yaml.SequenceNode) or value.flow_style:
        raise TextEditError(
            "'templates' must be a block list ('  - id: ...' lines) to be edited here"
        )
    outer = _key_block(lines, "templates")
    assert outer is not None
    starts = [(item, item.start_mark.line + first) for item in value.value]
    blocks: dict[str, Block] = {}
    for index, (item, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else outer.end
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        if isinstance(item, yaml.MappingNode):
            ids = [
                v.value for k, v in item.value if k.value == "id" and isinstance(v, yaml.ScalarNode)
            ]
            if ids:
                blocks[ids[0]] = Block(start, end)
    return blocks


def template_ids(text: str) -> list[str]:
    return list(_template_blocks(text.split("\n")))


def template_source(text: str, template_id: str) -> str:
    """One template's YAML as written in the file, without the list's indentation."""
    lines = text.split("\n")
    block = _template_blocks(lines).get(template_id)
    if block is None:
        raise TextEditError(f"the topic has no template {template_id!r}")
    item = lines[block.start : block.end]
    indent = len(item[0]) - len(item[0].lstrip(" -"))
    return "\n".join(line[indent:] if line.strip() else "" for line in item) + "\n"


def yaml_mapping(source: str) -> dict:
    """A template's YAML as a mapping with an id, or a TextEditError saying what is wrong."""
    try:
        refuse_aliases(source)
        spec = yaml.load(source, Loader=LOADER)
    except yaml.YAMLError as exc:
        raise TextEditError(f"the template is not valid YAML: {exc}") from None
    if not isinstance(spec, dict) or not isinstance(spec.get("id"), str):
        raise TextEditError("a template is a YAML mapping with an 'id: ...'")
    return spec


def _template_lines(source: str, dash: str = "  - ") -> list[str]:
    yaml_mapping(source)
    if not source.lstrip().startswith("id:"):
        raise TextEditError("a template's first line is its 'id: ...'")
    body = source.rstrip("\n").split("\n")
    pad = " " * len(dash)
    return [dash + body[0]] + [(pad + line) if line.strip() else "" for line in body[1:]]


def template_id_of(source: str) -> str:
    return str(yaml_mapping(source)["id"])


def put_template(text: str, template_id: str | None, source: str) -> str:
    """Replace template ``template_id`` with ``source``,
    or append it when ``template_id`` is None."""
    lines = text.split("\n")
    empty = _key_block(lines, "templates")
    if (
        template_id is None
        and empty is not None
        and lines[empty.start].split("#")[0].strip() == "templates: []"
    ):
        lines[empty.start : empty.end] = []  # an empty flow list becomes the block list below
    blocks = _template_blocks(lines)
    first = lines[min(b.start for b in blocks.values())] if blocks else "  - "
    new = _template_lines(source, first[: len(first) - len(first.lstrip(" -"))])
    if template_id is not None:
        block = blocks.get(template_id)
        if block is None:
            raise TextEditError(f"the topic has no template {template_id!r}")
        return "\n".join(lines[: block.start] + new + lines[block.end :])
    outer = _key_block(lines, "templates")
    if outer is None:
        _, close = _front_matter(lines)
        return "\n".join(lines[:close] + ["templates:"] + new + lines[close:])
    return "\n".join(lines[: outer.end] + new + lines[outer.end :])


def prerequisite_lines(prerequisites: Sequence[Prerequisite]) -> list[str]:
    """The block the curriculum writes: an id per line, a mapping when the weight is not 1."""
    if not prerequisites:
        return ["prerequisites: []"]
    lines = ["prerequisites:"]
    for prerequisite in prerequisites:
        if prerequisite.weight == 1.0:
            lines.append(f"  - {prerequisite.topic_id}")
        else:
            lines += [f"  - id: {prerequisite.topic_id}", f"    weight: {prerequisite.weight:g}"]
    return lines


def put_prerequisites(text: str, prerequisites: Sequence[Prerequisite]) -> str:
    """Replace the prerequisite block (or add one before 'templates', or at the end)."""
    lines = text.split("\n")
    new = prerequisite_lines(prerequisites)
    block = _key_block(lines, "prerequisites")
    if block is not None:
        return "\n".join(lines[: block.start] + new + lines[block.end :])
    templates = _key_block(lines, "templates")
    at = templates.start if templates is not None else _front_matter(lines)[1]
    return "\n".join(lines[:at] + new + lines[at:])


def new_topic_text(topic_id: str, title: str, level: str) -> str:
    """A new topic file with the three sections to fill in."""
    if "\n" in title or not title.strip():
        raise ContentErrors([ContentError(f"{topic_id}.md", 3, "'title' must be one line of text")])
    quoted = yaml.safe_dump(title.strip(), default_flow_style=True, width=10_000).strip()
    quoted = quoted.removesuffix("\n...").removesuffix("...").strip()
    return (
        f"---\nid: {topic_id}\ntitle: {quoted}\nlevel: {level}\ntags: []\n---\n\n"
        "## Core Idea\n\nWhat the learner should take away, in a sentence or two.\n\n"
        "## How It's Best Learned\n\nHow to practise it.\n\n"
        "## Explainer\n\nThe explanation, with math as $...$.\n"
    )
