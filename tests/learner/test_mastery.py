import pytest

from tutor.learner.mastery import BKTParams, bkt_update, is_mastered

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
