from pathlib import Path

import pytest

from tests.topics import topic_text, write_small_curriculum, write_topic
from tutor.content import ContentErrors, load_directory, parse_sources, parse_topic


def test_parses_every_part_of_a_topic() -> None:
    topic = parse_topic(
        topic_text("adding", prerequisites=["counting", {"id": "zero", "weight": 0.5}]),
        "content/adding.md",
    )
    assert topic.id == "adding"
    assert topic.level == "Elementary"
    assert topic.prerequisite_ids == ("counting", "zero")
    assert topic.prerequisites[1].weight == 0.5
    assert topic.core_idea == "The idea of adding."
    assert "$x^2$" in topic.explainer
    assert topic.templates[0].id == "add"
    assert topic.templates[0].line > 1


def _errors(text: str, source: str = "content/adding.md") -> list[str]:
    with pytest.raises(ContentErrors) as info:
        parse_topic(text, source)
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            lambda t: t.replace("level: Elementary", "level: Kindergarten"),
            "content/adding.md:4: 'level' must be one of",
        ),
        (lambda t: t.replace("## Explainer", "## Explanation"), "unknown section 'Explanation'"),
        (
            lambda t: t.replace("## Core Idea\n\nThe idea of adding.", "## Core Idea\n"),
            "missing or empty section '## Core Idea'",
        ),
        (
            lambda t: t.replace("id: adding", "id: Adding Things"),
            "content/adding.md:2: 'id' must be",
        ),
        (lambda t: t.replace("tags:", "colour: red\ntags:"), "unknown front matter keys: colour"),
        (lambda t: t.replace("title: Adding", "title: [unclosed"), "invalid YAML"),
        (lambda t: t.removeprefix("---\n"), "must start with '---'"),
    ],
)
def test_errors_name_the_file_and_line(broken, expected) -> None:
    errors = _errors(broken(topic_text("adding")))
    assert any(expected in e for e in errors), errors
    assert all(e.startswith("content/adding.md:") for e in errors)


def test_prerequisite_weight_must_be_a_share() -> None:
    errors = _errors(topic_text("adding", prerequisites=[{"id": "counting", "weight": 2}]))
    assert any("weight must be a number in (0, 1]" in e for e in errors)


def test_file_name_must_match_id() -> None:
    errors = _errors(topic_text("adding"), "content/other.md")
    assert any("does not match the file name" in e for e in errors)


def test_duplicate_ids_are_reported() -> None:
    text = topic_text("counting")
    topics, errors = parse_sources({"one/counting.md": text, "two/counting.md": text})
    assert [str(e) for e in errors] == [
        "two/counting.md:2: duplicate topic id 'counting' (also in one/counting.md)"
    ]
    assert [t.id for t in topics] == ["counting"]


def test_duplicate_template_ids_are_reported() -> None:
    from tests.topics import SIMPLE_TEMPLATE

    errors = _errors(topic_text("adding", templates=[SIMPLE_TEMPLATE, SIMPLE_TEMPLATE]))
    assert any("duplicate template id 'add'" in e for e in errors)


def test_loads_a_directory(tmp_path: Path) -> None:
    write_small_curriculum(tmp_path)
    write_topic(tmp_path, "zero")
    topics, errors = load_directory(tmp_path)
    assert errors == []
    assert sorted(t.id for t in topics) == ["adding", "counting", "multiplying", "zero"]
