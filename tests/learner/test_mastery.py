import pytest

from tutor.engine.mastery import BKTParams, bkt_update, is_mastered

PARAMS = BKTParams(p_init=0.2, p_learn=0.15, p_slip=0.1, p_guess=0.2)


def test_a_correct_answer_raises_the_estimate_by_bayes_rule() -> None:
    # posterior = 0.2*0.9 / (0.2*0.9 + 0.8*0.2) = 0.18/0.34; then learning: p + (1-p)*0.15
    posterior = 0.18 / 0.34
    assert bkt_update(0.2, True, PARAMS) == pytest.approx(posterior + (1 - posterior) * 0.15)


def test_a_wrong_answer_lowers_it() -> None:
    # posterior = 0.6*0.1 / (0.6*0.1 + 0.4*0.8) = 0.06/0.38
    posterior = 0.06 / 0.38
    assert bkt_update(0.6, False, PARAMS) == pytest.approx(posterior + (1 - posterior) * 0.15)


def test_three_correct_answers_in_a_row_reach_mastery_from_the_prior() -> None:
    p = PARAMS.p_init
    history = []
    for _ in range(3):
        p = bkt_update(p, True, PARAMS)
        history.append(is_mastered(p))
    assert history == [False, False, True]


def test_claiming_knowledge_counts_as_mastered() -> None:
    assert is_mastered(0.1, claimed_known=True)


# --- partial evidence, uncertainty and the work left (hand-computed) ---

from tutor.engine.mastery import partial_update, posterior, steps_to_mastery, uncertainty  # noqa: E402


def test_partial_update_moves_that_share_of_the_way_to_the_posterior() -> None:
    # posterior(0.5, right) = 0.45 / (0.45 + 0.1) = 0.8181...; half of the move from 0.5
    assert posterior(0.5, True, PARAMS) == pytest.approx(0.45 / 0.55)
    assert partial_update(0.5, True, 0.5, PARAMS) == pytest.approx(0.5 + 0.5 * (0.45 / 0.55 - 0.5))
    # posterior(0.5, wrong) = 0.05 / (0.05 + 0.4) = 0.111...; a full share is the Bayes step alone
    assert partial_update(0.5, False, 1.0, PARAMS) == pytest.approx(0.05 / 0.45)
    assert partial_update(0.5, True, 0.0, PARAMS) == 0.5


def test_uncertainty_is_a_beta_standard_deviation_that_shrinks_with_evidence() -> None:
    assert uncertainty(0.5, 0.0) == pytest.approx((0.25 / 3) ** 0.5)
    assert uncertainty(0.5, 7.0) == pytest.approx((0.25 / 10) ** 0.5)
    assert uncertainty(1.0, 0.0) == 0.0


def test_steps_to_mastery_counts_right_answers_until_mastered() -> None:
    assert steps_to_mastery(0.2, PARAMS) == 3  # as in the three-in-a-row test above
    assert steps_to_mastery(0.96, PARAMS) == 0
