"""What a learner saw go wrong: finished goals, one count of progress, doubted mastery,
"I know this" over a remediation, and the schedule of upcoming reviews."""

from datetime import UTC, datetime, timedelta

from tutor.diagnostics import sessions
from tutor.engine.mastery import MASTERED
from tutor.practice import attempts, planning
from tutor.practice.evidence import apply_attempt, mastery_row
from tutor.practice.knowledge_map import knowledge_map

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def master(session, learner, *topics: str) -> None:  # type: ignore[no-untyped-def]
    for topic in topics:
        mastery_row(session, learner.id, topic).p_known = 0.99
    session.flush()


def test_a_finished_goal_is_done_and_planning_moves_to_the_next_open_goal(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    attempts.set_goal(session, catalog, learner, "adding")
    attempts.set_goal(session, catalog, learner, "multiplying")
    assert planning.first_goal(session, learner, catalog.graph) == "adding"
    master(session, learner, "counting", "adding")
    assert planning.first_goal(session, learner, catalog.graph) == "multiplying"
    mastered = attempts.mastered_topics(session, learner)
    done = planning.goal_progress(catalog.graph, "adding", {}, mastered)
    assert done.status == "done" and done.remaining_topics == 0
    assert (done.topics_needed, done.topics_mastered) == (
        1,
        1,
    )  # counting only, not the goal itself
    assert done.summary() == "done: mastered, with 1 prerequisite topic"
    data = knowledge_map(session, catalog, learner)
    assert data["goal"] == "multiplying" and data["path"] == ["multiplying"]
    tasks = planning.next_tasks(session, catalog.graph, learner, NOW)
    assert tasks[0].topic_id == "multiplying" and tasks[0].reason == "it is your goal"


def test_progress_counts_prerequisites_without_the_goal(world) -> None:  # type: ignore[no-untyped-def]
    _, catalog, _ = world
    progress = planning.goal_progress(catalog.graph, "multiplying", {}, {"counting"})
    assert (progress.topics_needed, progress.topics_mastered, progress.remaining_topics) == (
        2,
        1,
        2,
    )
    assert progress.status == "open" and progress.summary().startswith(
        "1 of 2 prerequisite topics mastered"
    )


def test_mastery_is_doubted_while_the_prerequisites_are_unknown(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    for topic in ("counting", "adding"):
        mastery_row(session, learner.id, topic).p_known = 0.02  # placement said: not known
    session.flush()
    for k in range(9):
        apply_attempt(session, learner.id, "multiplying", k % 3 != 2, None, catalog.graph, NOW)
    assert mastery_row(session, learner.id, "multiplying").p_known < MASTERED
    assert "multiplying" not in attempts.mastered_topics(session, learner)


def test_i_know_this_clears_a_remediation_pointing_at_the_topic(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    attempts.set_goal(session, catalog, learner, "multiplying")
    mastery_row(session, learner.id, "adding").remediation = True
    session.flush()
    assert planning.next_tasks(session, catalog.graph, learner, NOW)[0].kind == "remediation"
    sessions.start_claim(session, catalog, learner, "adding")
    assert all(
        t.kind != "remediation" for t in planning.next_tasks(session, catalog.graph, learner, NOW)
    )


def test_upcoming_reviews_are_listed_with_their_dates_before_they_are_due(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    apply_attempt(session, learner.id, "counting", True, None, catalog.graph, NOW)
    apply_attempt(
        session, learner.id, "adding", True, None, catalog.graph, NOW + timedelta(hours=1)
    )
    upcoming = planning.upcoming_reviews(session, learner)
    # counting was reviewed again, implicitly, by the success on adding: both come back together.
    assert [topic for topic, _ in upcoming] == ["adding", "counting"]
    assert upcoming[0][1] <= upcoming[1][1]
    assert all(due > NOW + timedelta(days=1) for _, due in upcoming)  # not due yet, still shown
