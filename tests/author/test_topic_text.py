"""Structured edits splice the text: unchanged parts of a topic file keep every byte."""

from __future__ import annotations

import pytest

from tests.conftest import CONTENT_DIR
from tutor.content import Prerequisite, parse_topic, read_sources
from tutor.curriculum import topic_text

SOURCES = read_sources(CONTENT_DIR)


def assert_structured_edits_keep(text: str, path: str) -> None:
    """Putting back a topic file's own prerequisites and templates leaves its text as it was."""
    topic = parse_topic(text, path)
    assert topic_text.put_prerequisites(text, topic.prerequisites) == text
    assert topic_text.template_ids(text) == [t.id for t in topic.templates]
    for template in topic.templates:
        source = topic_text.template_source(text, template.id)
        assert source.startswith(f"id: {template.id}\n")
        assert topic_text.put_template(text, template.id, source) == text


@pytest.mark.parametrize("path", sorted(SOURCES), ids=lambda p: p.rsplit("/", 1)[-1])
def test_writing_back_what_was_read_changes_nothing(path: str) -> None:
    assert_structured_edits_keep(SOURCES[path], path)


def _text() -> str:
    return topic_text.new_topic_text("new-topic", "A: new topic", "Elementary")


def test_a_new_topic_text_parses_with_its_title_quoted() -> None:
    topic = parse_topic(_text(), "new-topic.md")
    assert topic.title == "A: new topic"
    assert topic.prerequisites == ()


def test_prerequisites_are_written_in_the_curriculum_layout() -> None:
    text = topic_text.put_prerequisites(
        _text(), [Prerequisite("counting-to-10"), Prerequisite("addition-within-10", 0.5)]
    )
    assert (
        "prerequisites:\n  - counting-to-10\n  - id: addition-within-10\n    weight: 0.5\ntemplates"
        not in text
    )
    assert (
        "tags: []\nprerequisites:\n  - counting-to-10\n"
        "  - id: addition-within-10\n    weight: 0.5\n---\n" in text
    )
    assert parse_topic(text, "new-topic.md").prerequisites == (
        Prerequisite("counting-to-10"),
        Prerequisite("addition-within-10", 0.5),
    )
    assert "prerequisites: []\n" in topic_text.put_prerequisites(text, [])


def test_templates_are_appended_and_replaced_in_place() -> None:
    first = 'id: one\nprompt: |\n  What is $1 + 1$?\nanswer: "2"\n'
    second = 'id: two\nprompt: "Two?"\nanswer: "2"\n'
    text = topic_text.put_template(_text(), None, first)
    text = topic_text.put_template(text, None, second)
    assert (
        'templates:\n  - id: one\n    prompt: |\n      What is $1 + 1$?\n    answer: "2"\n'
        "  - id: two\n" in text
    )
    assert topic_text.template_source(text, "one") == first
    replaced = topic_text.put_template(text, "one", first.replace("1 + 1", "2 + 0"))
    assert topic_text.template_ids(replaced) == ["one", "two"]
    assert "What is $2 + 0$?" in replaced and topic_text.template_source(replaced, "two") == second


@pytest.mark.parametrize(
    "source, message",
    [
        ("just text", "mapping with an 'id"),
        ("id: [unclosed", "not valid YAML"),
        ("prompt: x\nid: late\n", "first line is its 'id"),
    ],
)
def test_a_template_that_is_not_an_id_first_mapping_is_refused(source: str, message: str) -> None:
    with pytest.raises(topic_text.TextEditError, match=message):
        topic_text.put_template(_text(), None, source)


def test_a_template_is_added_to_an_empty_flow_list() -> None:
    text = _text().replace("tags: []\n", "tags: []\ntemplates: []\n")
    added = topic_text.put_template(text, None, 'id: one\nprompt: x\nanswer: "1"\n')
    assert "tags: []\ntemplates:\n  - id: one\n    prompt: x\n" in added
