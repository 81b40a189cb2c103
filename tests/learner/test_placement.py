"""The placement belief: graph-consistent states, answers as evidence, information gain,
stopping."""

import numpy as np
import pytest

from tutor.engine.placement import GUESS, MAX_QUESTIONS, SLIP, Placement, goal_region

CHAIN = {f"t{i}": ([f"t{i - 1}"] if i else []) for i in range(16)}


def chain_placement(seed: int = 0) -> Placement:
    topics, prerequisites = goal_region(CHAIN, "t15")
    return Placement(topics, prerequisites, seed=seed, particles=1500)


def test_the_region_lists_prerequisites_first() -> None:
    topics, prerequisites = goal_region({"c": ["a", "b"], "b": ["a"], "a": [], "x": []}, "c")
    assert topics == ["a", "b", "c"] and prerequisites == [[], [0], [0, 1]]


def test_every_sampled_state_is_closed_under_prerequisites() -> None:
    placement = chain_placement()
    states = placement.states
    assert (states[:, 1:] <= states[:, :-1]).all()  # knowing t_i implies knowing t_{i-1}


def test_a_right_answer_is_evidence_for_prerequisites_and_a_wrong_one_against_dependants() -> None:
    placement = chain_placement()
    before = placement.marginals()
    placement.observe("t8", True)
    after = placement.marginals()
    assert (after[:9] > before[:9]).all()
    wrong = chain_placement()
    wrong.observe("t8", False)
    assert (wrong.marginals()[8:] < before[8:]).all()


def test_one_answer_reweights_states_by_slip_and_guess() -> None:
    placement = chain_placement()
    prior = placement.marginals()[5]
    placement.observe("t5", True)
    # Bayes on the topic itself: P(known | right) = p (1 - slip) / (p (1 - slip) + (1 - p) guess)
    expected = prior * (1 - SLIP) / (prior * (1 - SLIP) + (1 - prior) * GUESS)
    assert placement.marginals()[5] == pytest.approx(expected)


def test_the_first_question_splits_the_chain_near_the_middle() -> None:
    first = chain_placement().next_question()
    assert first is not None and 4 <= int(first[1:]) <= 11


def test_placement_stops_and_classifies_simulated_chain_learners() -> None:
    rng = np.random.default_rng(3)
    accuracies, asked = [], []
    for learner in range(12):
        level = int(rng.integers(0, 17))  # knows t0 .. t{level-1}
        truth = np.arange(16) < level
        placement = chain_placement(seed=learner)
        while (topic := placement.next_question()) is not None:
            known = truth[placement.index[topic]]
            placement.observe(topic, bool(rng.random() < (1 - SLIP if known else GUESS)))
        asked.append(len(placement.answers))
        accuracies.append(((placement.marginals() >= 0.5) == truth).mean())
    assert max(asked) <= MAX_QUESTIONS
    assert np.mean(accuracies) >= 0.9


def test_only_askable_topics_are_asked() -> None:
    placement = chain_placement()
    askable = [i % 2 == 0 for i in range(16)]
    for _ in range(5):
        topic = placement.next_question(askable)
        assert topic is not None and int(topic[1:]) % 2 == 0
        placement.observe(topic, True)
