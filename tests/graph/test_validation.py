"""Each kind of graph problem, with the message a content author would read."""

from __future__ import annotations

import pytest

from tutor.graph import GraphError, KnowledgeGraph, validate_topics


def problems_of(topics) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(p.severity, p.code, p.topic_ids) for p in validate_topics(topics)]


def test_a_sound_graph_has_no_problems(make_topics) -> None:
    assert validate_topics(make_topics({"a": [], "b": ["a"], "c": ["b"]})) == []


def test_cycle_names_its_members_in_order(make_topics) -> None:
    topics = make_topics({"root": [], "a": ["root", "c"], "b": ["a"], "c": ["b"]})
    [problem] = [p for p in validate_topics(topics) if p.code == "cycle"]
    assert problem.severity == "error"
    assert problem.topic_ids == ("a", "b", "c")
    assert "a -> b -> c -> a" in problem.message


def test_topics_behind_a_cycle_are_unreachable(make_topics) -> None:
    topics = make_topics({"root": [], "x": ["root", "y"], "y": ["x"], "after": ["y"]})
    found = problems_of(topics)
    assert ("error", "cycle", ("x", "y")) in found
    assert ("warning", "unreachable", ("after",)) in found
    assert not any(code == "unreachable" and ids != ("after",) for _, code, ids in found)


@pytest.mark.parametrize(
    ("spec", "expected", "words"),
    [
        ({"a": ["a"]}, ("error", "self-loop", ("a",)), "'a' lists itself"),
        ({"a": [], "b": ["a", "a"]}, ("error", "duplicate-edge", ("b", "a")), "'a' 2 times"),
        (
            {"alpha": [], "b": ["alpah"]},
            ("error", "unknown-prerequisite", ("b", "alpah")),
            "did you mean 'alpha'",
        ),
        (
            {"a": [], "b": ["a"], "c": ["a", "b"]},
            ("warning", "redundant-edge", ("c", "a", "b")),
            "'b', which 'c' also lists",
        ),
        (
            {"a": [], "b": ["a"], "lonely": []},
            ("warning", "unreachable", ("lonely",)),
            "no topic depends on it",
        ),
    ],
)
def test_each_problem_is_named(make_topics, spec, expected, words) -> None:
    problems = validate_topics(make_topics(spec))
    assert expected in [(p.severity, p.code, p.topic_ids) for p in problems]
    assert any(words in p.message for p in problems)


def test_duplicate_ids_are_errors(make_topics) -> None:
    topics = make_topics({"a": []}) * 2
    assert problems_of(topics) == [("error", "duplicate-id", ("a",))]
    assert "used by 2 topics" in validate_topics(topics)[0].message


def test_errors_come_before_warnings(make_topics) -> None:
    problems = validate_topics(make_topics({"a": [], "b": ["a"], "c": ["a", "b", "zzz"]}))
    assert [p.severity for p in problems] == ["error", "warning"]


def test_from_topics_refuses_errors_and_keeps_warnings(make_topics) -> None:
    with pytest.raises(GraphError) as caught:
        KnowledgeGraph.from_topics(make_topics({"a": ["b"], "b": ["a"]}))
    assert [p.code for p in caught.value.problems] == ["cycle"]
    assert "a -> b -> a" in str(caught.value)
    graph = KnowledgeGraph.from_topics(make_topics({"a": [], "b": ["a"], "c": ["a", "b"]}))
    assert [p.code for p in graph.warnings] == ["redundant-edge"]


def test_the_planned_curriculum_has_no_errors(curriculum) -> None:
    assert [p for p in validate_topics(curriculum) if p.severity == "error"] == []
