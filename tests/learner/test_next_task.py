"""Choosing the next task, on counting -> adding -> multiplying (+ counting*0.5) -> powers, and a
side topic."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.topics import write_small_curriculum, write_topic
from tutor.content import load_directory
from tutor.engine.next_task import TopicState, rank_tasks
from tutor.graph import KnowledgeGraph
from tutor.practice.planning import goal_progress

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
KNOWN = TopicState(mastered=True)


@pytest.fixture
def graph(tmp_path: Path) -> KnowledgeGraph:
    write_small_curriculum(tmp_path)
    write_topic(tmp_path, "powers", level="Middle School", prerequisites=["multiplying"])
    write_topic(tmp_path, "shapes")
    topics, errors = load_directory(tmp_path)
    assert not errors
    return KnowledgeGraph.from_topics(topics)


def test_with_no_goal_the_whole_graphs_frontier_ranked_by_what_it_unlocks(
    graph: KnowledgeGraph,
) -> None:
    tasks = rank_tasks(graph, {}, None, NOW)
    assert [(t.topic_id, t.unlocks) for t in tasks] == [("counting", 3), ("shapes", 0)]
    assert tasks[0].reason == "unlocks 3 topics downstream"
    assert tasks[1].reason == "ready to learn"


def test_with_a_goal_only_its_prerequisites_count(graph: KnowledgeGraph) -> None:
    tasks = rank_tasks(graph, {"counting": KNOWN}, "multiplying", NOW)
    assert [t.topic_id for t in tasks] == ["adding"]
    assert tasks[0].reason == "unlocks 1 topic toward your goal"
    tasks = rank_tasks(graph, {"counting": KNOWN, "adding": KNOWN}, "multiplying", NOW)
    assert tasks[0].topic_id == "multiplying" and tasks[0].reason == "it is your goal"


def test_a_frontier_topic_that_reviews_a_due_topic_comes_before_the_review(
    graph: KnowledgeGraph,
) -> None:
    states = {
        "counting": TopicState(True, NOW - timedelta(days=2)),
        "shapes": TopicState(True, NOW - timedelta(days=5)),
    }
    tasks = rank_tasks(graph, states, None, NOW)
    assert [(t.kind, t.topic_id) for t in tasks] == [("learn", "adding"), ("review", "shapes")]
    assert tasks[0].reason == "unlocks 2 topics downstream, and reviews 1 due topic on the way"
    assert tasks[1].reason == "review due 5 days ago, before it is forgotten"


def test_reviews_not_yet_due_wait(graph: KnowledgeGraph) -> None:
    states = {
        "counting": KNOWN,
        "adding": KNOWN,
        "multiplying": KNOWN,
        "powers": KNOWN,
        "shapes": TopicState(True, NOW + timedelta(hours=1)),
    }
    assert rank_tasks(graph, states, None, NOW) == []
    assert [t.kind for t in rank_tasks(graph, states, None, NOW + timedelta(hours=2))] == ["review"]


def test_remediation_comes_first(graph: KnowledgeGraph) -> None:
    states = {"counting": TopicState(False, None, remediation=True)}
    tasks = rank_tasks(graph, states, "powers", NOW)
    assert tasks[0].kind == "remediation" and tasks[0].topic_id == "counting"


def test_goal_progress_counts_and_estimates_the_work_left(graph: KnowledgeGraph) -> None:
    # counting mastered; adding, multiplying open from the prior 0.2: 3 right answers each
    # -> 6 / 0.8
    progress = goal_progress(graph, "multiplying", {"counting": 0.99}, {"counting"})
    # Prerequisite topics are counting and adding: the goal is not one of its own.
    assert (progress.topics_needed, progress.topics_mastered, progress.remaining_topics) == (
        2,
        1,
        2,
    )
    assert progress.estimated_questions == round(6 / 0.8)
    assert progress.summary().startswith("1 of 2 prerequisite topics mastered")


def test_a_likely_known_prerequisite_opens_what_builds_on_it_and_waits_behind_it(
    graph: KnowledgeGraph,
) -> None:
    # counting is likely known (READY), not mastered: adding opens, and comes first, since right
    # answers on adding credit counting in full; counting is asked on its own only afterwards.
    likely = TopicState(mastered=False, ready=True)
    tasks = rank_tasks(graph, {"counting": likely}, "multiplying", NOW)
    assert [t.topic_id for t in tasks] == ["adding", "counting"]
    assert [
        t.topic_id for t in rank_tasks(graph, {"counting": TopicState(False)}, "multiplying", NOW)
    ] == ["counting"]


def test_likely_known_topics_are_confirmed_from_the_goal_down(graph: KnowledgeGraph) -> None:
    # Nothing new is open: adding and the goal multiplying are likely known, not mastered. The
    # goal is asked first (its right answers credit adding too, and its mastery ends the course),
    # not the topic that unlocks the most, which drilled the whole region before the goal.
    likely = TopicState(mastered=False, ready=True)
    states = {"counting": KNOWN, "adding": likely, "multiplying": likely}
    tasks = rank_tasks(graph, states, "multiplying", NOW)
    assert [t.topic_id for t in tasks] == ["multiplying", "adding"]


def test_repeated_errors_point_at_prerequisites_once_a_run_of_three() -> None:
    from tutor.engine.tracing.observe import suspicious

    assert [n for n in range(10) if suspicious(n)] == [3, 6, 9]


def test_remediation_asks_the_foundation_before_what_builds_on_it(graph: KnowledgeGraph) -> None:
    # adding was flagged and kept failing, so its errors flagged counting too: counting (which
    # adding builds on) is asked first, not adding again, as alphabetical order had it.
    states = {
        "counting": TopicState(False, None, remediation=True),
        "adding": TopicState(False, None, remediation=True),
    }
    tasks = rank_tasks(graph, states, "powers", NOW)
    assert [t.topic_id for t in tasks[:2]] == ["counting", "adding"]
