"""Evidence along the graph: shares by hand on counting -> adding -> multiplying
(+ counting*0.5)."""

from dataclasses import replace
from pathlib import Path

import pytest

from tests.topics import write_small_curriculum, write_topic
from tutor.content import load_directory
from tutor.engine.mastery import DOUBTED_CEILING, READY, REPEATED_ERRORS, doubted
from tutor.engine.propagation import credit_shares, repeated_errors, suspect_shares
from tutor.engine.tracing import live
from tutor.engine.tracing.live import DEFAULT_ENGINE, LearnerState, credit
from tutor.engine.tracing.observe import (
    TRUSTED_GUESSING,
    GraphEvidence,
    guessing,
    observe,
    trusted_run,
)
from tutor.graph import KnowledgeGraph


@pytest.fixture
def graph(tmp_path: Path) -> KnowledgeGraph:
    write_small_curriculum(tmp_path)
    write_topic(tmp_path, "powers", level="Middle School", prerequisites=["multiplying"])
    topics, errors = load_directory(tmp_path)
    assert not errors
    return KnowledgeGraph.from_topics(topics)


def test_a_success_credits_prerequisites_in_proportion_to_edge_weights(
    graph: KnowledgeGraph,
) -> None:
    # A direct prerequisite gets its edge weight (DIRECT_SHARE 1), one edge further half of that
    # times the next weight. adding: 1; counting: best of 0.5 (direct, weight 0.5) and 1 * 0.5 * 1.
    assert credit_shares(graph, "multiplying") == pytest.approx({"adding": 1.0, "counting": 0.5})
    # two hops: multiplying 1, adding 0.5, counting 0.25 (both paths), all above MIN_SHARE 0.2
    assert credit_shares(graph, "powers") == pytest.approx(
        {"multiplying": 1.0, "adding": 0.5, "counting": 0.25}
    )
    assert credit_shares(graph, "counting") == {}


def test_credit_stops_below_the_minimum_share(graph: KnowledgeGraph) -> None:
    assert credit_shares(graph, "powers", min_share=0.3) == pytest.approx(
        {"multiplying": 1.0, "adding": 0.5}
    )


def test_repeated_errors_need_three_wrong_in_a_row() -> None:
    assert repeated_errors([False, False, False])
    assert repeated_errors([False, False, False, True])
    assert not repeated_errors([False, False, True])
    assert not repeated_errors([False, False])


def test_repeated_errors_suspect_the_direct_prerequisites_by_weight(graph: KnowledgeGraph) -> None:
    assert suspect_shares(graph, "multiplying") == {"adding": 0.5, "counting": 0.25}


def test_a_right_answer_after_repeated_errors_credits_no_prerequisite(
    graph: KnowledgeGraph,
) -> None:
    evidence, state = GraphEvidence(graph), LearnerState()
    for _ in range(REPEATED_ERRORS):
        observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    assert observe(DEFAULT_ENGINE, state, ["multiplying"], True, graph=evidence).credited == {}
    # The second right answer in a row ends the failing run, but may be the second guess of it
    # (crediting the foundations from it cost learners who guess a quarter of the time about
    # 7% more questions in bench/efficacy.py): the answers after it are evidence again.
    assert observe(DEFAULT_ENGINE, state, ["multiplying"], True, graph=evidence).credited == {}
    assert state.skills["multiplying"].failing == 0
    again = observe(DEFAULT_ENGINE, state, ["multiplying"], True, graph=evidence)
    assert "adding" in again.credited


def test_a_lone_right_answer_amid_errors_does_not_end_the_failing_run(
    graph: KnowledgeGraph,
) -> None:
    # Two errors, a right answer, another error: with a streak, the run started over and the
    # foundations were never suspected while a learner guessed right one time in four.
    evidence, state = GraphEvidence(graph), LearnerState()
    state.skill("adding", DEFAULT_ENGINE).p_known = 0.9
    for correct in (False, False, True):
        observe(DEFAULT_ENGINE, state, ["multiplying"], correct, graph=evidence)
    observed = observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    assert state.skills["multiplying"].failing == REPEATED_ERRORS
    assert state.skills["multiplying"].streak == -1
    assert "adding" in observed.lowered


def test_a_right_answer_credits_the_foundations_by_the_belief_the_topic_is_known(
    graph: KnowledgeGraph,
) -> None:
    # A right answer is evidence for a prerequisite only if it came from knowing the topic: on a
    # topic believed unknown it is mostly a guess, and lucky guesses must not hold up a missing
    # prerequisite. The share of an observation it carries is the topic's belief before it.
    evidence = GraphEvidence(graph)

    def credit_to_adding(p_multiplying: float) -> float:
        state = LearnerState()
        state.skill("multiplying", DEFAULT_ENGINE).p_known = p_multiplying
        before = state.skill("adding", DEFAULT_ENGINE).p_known
        after = observe(DEFAULT_ENGINE, state, ["multiplying"], True, graph=evidence).credited
        return after["adding"] - before

    believed_known, believed_unknown = credit_to_adding(0.9), credit_to_adding(0.1)
    full = credit(DEFAULT_ENGINE, LearnerState(), "adding", True, 1.0) - (
        DEFAULT_ENGINE.of("adding").init
    )
    assert believed_known == pytest.approx(0.9 * full)
    assert believed_unknown == pytest.approx(0.1 * full)


def test_practice_teaches_a_topic_only_as_far_as_its_prerequisites_are_known(
    graph: KnowledgeGraph,
) -> None:
    # BKT's learning step assumes each practice may teach the topic; it cannot while a
    # prerequisite is missing. With a fitted learning rate of 0.35, errors on a topic whose
    # foundation was unknown left its estimate at 0.35 and one lucky answer lifted it past READY.
    fitted = replace(DEFAULT_ENGINE, default=replace(DEFAULT_ENGINE.default, learn=0.35, guess=0.1))
    evidence = GraphEvidence(graph)

    def after_errors_then_a_right_answer(p_adding: float) -> float:
        state = LearnerState()
        state.skill("adding", fitted).p_known = p_adding
        state.skill("counting", fitted).p_known = 0.99
        for _ in range(2):
            observe(fitted, state, ["multiplying"], False, graph=evidence)
        observe(fitted, state, ["multiplying"], True, graph=evidence)
        return state.skills["multiplying"].p_known

    assert after_errors_then_a_right_answer(0.05) < READY < after_errors_then_a_right_answer(0.99)
    # Without a graph (a log with no prerequisites), the step is BKT's own.
    state = LearnerState()
    observe(fitted, state, ["multiplying"], False)
    assert state.skills["multiplying"].p_known == pytest.approx(0.02 / 0.74 * 0.65 + 0.35)


def test_one_right_answer_after_an_error_does_not_declare_mastery() -> None:
    assert doubted(0.97, [0.99], recent="1101") == DOUBTED_CEILING
    assert doubted(0.97, [0.99], recent="1011") == 0.97
    assert doubted(0.97, [0.99]) == 0.97


def test_after_two_wrong_answers_in_a_row_two_right_ones_do_not_declare_mastery() -> None:
    # With fitted parameters (a low guess rate, a high learning rate) two right answers after a
    # run of errors took BKT past MASTERED; a goal the learner could not yet learn, asked dozens
    # of times, was declared mastered on two lucky guesses. The third right answer in a row does.
    assert doubted(0.99, [0.99], recent="10011") == DOUBTED_CEILING
    assert doubted(0.99, [0.99], recent="00111") == 0.99


def test_a_first_right_answer_after_nothing_but_errors_is_not_yet_built_on() -> None:
    # With a fitted learning rate of 0.34, BKT's estimate after errors stayed near 0.34, and one
    # lucky guess took it past READY: what builds on it was asked while it was unknown.
    for recent in ("01", "0001", "00001"):
        assert doubted(0.8, [0.99], recent=recent) < READY
    # A second right answer, or a slip on a topic answered right before, is built on.
    for recent in ("011", "1101", "10101"):
        assert doubted(0.8, [0.99], recent=recent) == 0.8


def test_two_wrong_answers_in_a_row_leave_a_topic_nothing_to_build_on() -> None:
    # Without forgetting in BKT, a forgotten topic kept an estimate above READY through errors.
    assert doubted(0.85, [0.99], recent="1100") < READY
    assert doubted(0.85, [0.99], recent="1010") == 0.85


def test_a_prerequisite_right_once_after_errors_stays_a_suspect(graph: KnowledgeGraph) -> None:
    # adding's own last answer is right, but the first right one after two errors (maybe a
    # guess); counting was answered right twice. When multiplying then fails three times in a
    # row, adding is the suspect flagged for remediation, although counting's estimate is lower.
    evidence, state = GraphEvidence(graph), LearnerState()
    for correct in (False, False, True):
        observe(DEFAULT_ENGINE, state, ["adding"], correct, graph=evidence)
    for _ in range(2):
        observe(DEFAULT_ENGINE, state, ["counting"], True, graph=evidence)
    state.skills["adding"].p_known, state.skills["counting"].p_known = 0.7, 0.5
    for _ in range(REPEATED_ERRORS - 1):
        observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    observed = observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    # This learner has not been seen guessing: counting, right twice in a row, is not doubted.
    assert "counting" not in observed.lowered and observed.lowered["adding"] < READY
    assert observed.remediation == ["adding"]


def test_a_prerequisite_right_twice_is_trusted_only_from_a_learner_who_rarely_guesses(
    graph: KnowledgeGraph,
) -> None:
    # A new topic takes practice to learn, so its first errors say nothing against a
    # prerequisite whose own last two answers were right; from a learner whose right answers
    # amid errors are often followed by errors again (guesses), the two may have been luck.
    def lowered_after_a_failing_run(lone_rights: int, run_answers: int) -> dict[str, float]:
        evidence, state = GraphEvidence(graph), LearnerState()
        for _ in range(2):
            observe(DEFAULT_ENGINE, state, ["adding"], True, graph=evidence)
        state.lone_rights, state.run_answers = lone_rights, run_answers
        for _ in range(REPEATED_ERRORS):
            observed = observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
        return observed.lowered

    assert guessing(LearnerState(lone_rights=2, run_answers=60)) < TRUSTED_GUESSING
    assert "adding" not in lowered_after_a_failing_run(lone_rights=2, run_answers=60)
    assert guessing(LearnerState(lone_rights=10, run_answers=60)) > TRUSTED_GUESSING
    assert lowered_after_a_failing_run(lone_rights=10, run_answers=60)["adding"] < 0.99
    # ... and a run that goes on doubts it whoever the learner.
    evidence, state = GraphEvidence(graph), LearnerState()
    for _ in range(2):
        observe(DEFAULT_ENGINE, state, ["adding"], True, graph=evidence)
    for _ in range(2 * REPEATED_ERRORS):
        observed = observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    assert "adding" in observed.lowered


def test_a_learner_who_learns_slowly_is_given_a_longer_run_before_doubting_the_foundations(
    graph: KnowledgeGraph,
) -> None:
    # Until a learner's runs tell, a trusted prerequisite is left alone for six errors; a learner
    # whose failing runs took ten errors each before two right answers gets twenty.
    state = LearnerState()
    assert trusted_run(state) == 2 * REPEATED_ERRORS
    for _topic in range(3):
        for correct in [False] * 10 + [True, True]:
            live.update(DEFAULT_ENGINE, state, ["counting"], correct)
    assert (state.runs_ended, state.run_errors) == (3, 30)
    assert trusted_run(state) == 2 * (30 + 4) / (3 + 2)

    live.update(DEFAULT_ENGINE, state, ["counting"], False)  # counting is no longer secure
    evidence = GraphEvidence(graph)
    for _ in range(2):
        observe(DEFAULT_ENGINE, state, ["adding"], True, graph=evidence)
    assert guessing(state) < TRUSTED_GUESSING
    lowered: set[str] = set()
    for _ in range(4 * REPEATED_ERRORS):
        observed = observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
        lowered |= set(observed.lowered)
    assert "counting" in lowered and "adding" not in lowered
    for _ in range(REPEATED_ERRORS):  # 15 errors: past the learner's run, adding is doubted too
        observed = observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    assert "adding" in observed.lowered


def test_the_learners_guessing_counts_right_answers_that_errors_followed() -> None:
    state = LearnerState()
    for correct in (False, True, False, True, True, False):
        live.update(DEFAULT_ENGINE, state, ["adding"], correct)
    # In the failing run: right, wrong (a lone right), right, right (ends the run).
    assert (state.lone_rights, state.run_answers) == (1, 4)
    assert state.skills["adding"].failing == 1


def test_repeated_errors_catch_a_prerequisite_only_credited_implicitly(
    graph: KnowledgeGraph,
) -> None:
    # adding was never answered itself: its estimate is the credit of right answers on
    # multiplying. When multiplying then fails three times in a row, the errors count against it
    # as fully as those successes counted for it: it falls short of READY, to be checked directly
    # (half a failure left it near 0.8, and a learner missing it was rarely caught).
    evidence, state = GraphEvidence(graph), LearnerState()
    for _ in range(5):
        observe(DEFAULT_ENGINE, state, ["multiplying"], True, graph=evidence)
    assert state.skills["adding"].p_known > 0.95
    for _ in range(REPEATED_ERRORS - 1):
        observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    observed = observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    assert observed.lowered["adding"] < READY
    assert observed.shares["adding"] == REPEATED_ERRORS * 1.0
    assert "adding" in observed.remediation


def test_repeated_errors_leave_a_prerequisite_confirmed_directly_ready(
    graph: KnowledgeGraph,
) -> None:
    # adding answered right itself, as often: the same errors on multiplying are half a failure.
    evidence, state = GraphEvidence(graph), LearnerState()
    for _ in range(4):
        observe(DEFAULT_ENGINE, state, ["adding"], True, graph=evidence)
    state.skills["adding"].p_known = 0.97
    for _ in range(REPEATED_ERRORS):
        observed = observe(DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence)
    assert observed.lowered["adding"] > READY
    assert observed.shares["adding"] == 0.5


def test_a_mistake_naming_a_prerequisite_its_own_answers_confirm_points_elsewhere(
    graph: KnowledgeGraph,
) -> None:
    # Each wrong answer on multiplying is a mistake whose rule names adding. While adding has
    # no answers of its own, the mistake counts against it and flags it. Once adding is answered
    # right twice, the same mistake leaves it be, and the third in a row suspects what else
    # multiplying builds on: counting, never answered itself (a learner was sent back to a
    # prerequisite it knew, and on to a topic it could not learn, until the budget ran out).
    evidence, state = GraphEvidence(graph), LearnerState()
    first = observe(
        DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence, mistake_prerequisite="adding"
    )
    assert first.remediation == ["adding"] and "adding" in first.lowered
    for _ in range(2):
        observe(DEFAULT_ENGINE, state, ["adding"], True, graph=evidence)
    for _ in range(REPEATED_ERRORS - 2):  # the first mistake began the run
        observed = observe(
            DEFAULT_ENGINE,
            state,
            ["multiplying"],
            False,
            graph=evidence,
            mistake_prerequisite="adding",
        )
        assert observed.remediation == [] and "adding" not in observed.lowered
    observed = observe(
        DEFAULT_ENGINE, state, ["multiplying"], False, graph=evidence, mistake_prerequisite="adding"
    )
    assert observed.remediation == ["counting"]
