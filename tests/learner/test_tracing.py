"""Knowledge tracing on response logs: sequence arithmetic, BKT, Elo, ours, the CSV and
evaluation."""

from pathlib import Path

import numpy as np
import pytest

from tutor.engine.tracing import LogError, bkt, elo, read_csv
from tutor.engine.tracing.evaluate import evaluate, format_table, split_learners
from tutor.engine.tracing.log import Sequences, from_columns
from tutor.engine.tracing.synthetic import generate


def test_sequences_see_only_earlier_rows_of_the_same_group() -> None:
    group = np.array([0, 0, 0, 1, 0, 1, 1, 0])
    correct = np.array([1, 1, 0, 1, 1, 1, 0, 1])
    seq = Sequences.of(group)
    assert seq.prior_sum(correct).tolist() == [0, 1, 2, 0, 2, 1, 2, 3]
    assert seq.prior_sum(correct, window=2).tolist() == [0, 1, 2, 0, 1, 1, 2, 1]
    assert seq.streak(correct == 1).tolist() == [0, 1, 2, 0, 0, 1, 2, 1]
    assert seq.position.tolist() == [0, 1, 2, 0, 3, 1, 2, 4]
    assert np.isnan(seq.previous(correct)[[0, 3]]).all() and seq.previous(correct)[4] == 0


def test_bkt_filtering_by_hand() -> None:
    log = from_columns(["a", "a"], ["s", "s"], [1, 0])
    params = bkt.SkillBKT.uniform(1, init=0.2, learn=0.15, guess=0.2, slip=0.1)
    predicted, filtered = bkt.filter_forward(log, params)
    # First: P(right) = 0.2*0.9 + 0.8*0.2 = 0.34; P(known | right) = 0.18/0.34
    assert predicted[0] == pytest.approx(0.34) and filtered[0] == pytest.approx(0.18 / 0.34)
    prior = 0.18 / 0.34 + (1 - 0.18 / 0.34) * 0.15
    assert predicted[1] == pytest.approx(prior * 0.9 + (1 - prior) * 0.2)


def test_bkt_em_recovers_parameters_of_bkt_generated_data() -> None:
    rng = np.random.default_rng(0)
    learners, skills, correct = [], [], []
    for learner in range(600):
        known = rng.random() < 0.3
        for _ in range(12):
            correct.append(int(rng.random() < (0.9 if known else 0.25)))
            learners.append(str(learner))
            skills.append("s")
            known = known or rng.random() < 0.2
    log = from_columns(learners, skills, correct)
    fitted = bkt.fit(log, 1, iterations=40)
    assert fitted.init[0] == pytest.approx(0.3, abs=0.08)
    assert fitted.learn[0] == pytest.approx(0.2, abs=0.06)
    assert fitted.guess[0] == pytest.approx(0.25, abs=0.06)
    assert fitted.slip[0] == pytest.approx(0.1, abs=0.05)


def test_elo_moves_ability_by_the_surprise() -> None:
    log = from_columns(["a", "a"], ["s", "s"], [1, 1])
    p, ability = elo.predict(log, np.zeros(1))
    # First: P = sigmoid(0) = 0.5; ability += 1/(1+0) * (1 - 0.5) = 0.5; second P = sigmoid(0.5)
    assert p[0] == pytest.approx(0.5) and ability[1] == pytest.approx(0.5)
    assert p[1] == pytest.approx(1 / (1 + np.exp(-0.5)))


def test_the_split_is_by_learner_and_fixed_by_the_seed() -> None:
    log = generate(learners=50, skills=5, responses=10, seed=1)
    train, test = split_learners(log)
    assert not set(train.learner) & set(test.learner)
    assert len(set(test.learner)) == 10
    assert (split_learners(log)[1].learner == test.learner).all()


def test_ours_beats_bkt_and_elo_on_a_log_from_a_known_model() -> None:
    scores, sizes = evaluate(generate(learners=500, skills=15, responses=40, seed=2))
    by_name = {s.model.split(" ")[0]: s for s in scores}
    by_name["ours"] = by_name.pop("live")
    assert by_name["ours"].auc > by_name["BKT"].auc and by_name["ours"].auc > by_name["Elo"].auc
    assert by_name["ours"].log_loss < min(by_name["BKT"].log_loss, by_name["Elo"].log_loss)
    assert by_name["ours"].rmse < min(by_name["BKT"].rmse, by_name["Elo"].rmse)
    table = format_table(scores, sizes)
    assert "AUC" in table and "BKT" in table and "Elo" in table and "live engine" in table


def test_the_csv_may_have_string_ids_extra_columns_and_no_timestamp(tmp_path: Path) -> None:
    rows = ["order,learner,skill,correct,school"]
    rng = np.random.default_rng(4)
    for learner in range(40):
        for k in range(int(rng.integers(1, 12))):
            rows.append(f"{k},student {learner},skill {k % 3},{int(rng.random() < 0.6)},x")
    rows.append("0,loner,skill 0,1,x")  # a learner with one response
    rows.append("0,newcomer,only in one learner,0,x")  # a skill seen by one learner only
    path = tmp_path / "log.csv"
    path.write_text("\n".join(rows) + "\n")
    log = read_csv(path)
    assert np.isnan(log.time).all() and "loner" in log.learner_names
    scores, _ = evaluate(log)
    assert all(np.isfinite(s.rmse) and np.isfinite(s.log_loss) for s in scores)


def test_timestamps_order_each_learners_responses(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "learner,skill,correct,timestamp\na,s,0,2026-01-02T00:00:00\na,s,1,2026-01-01T00:00:00\n"
    )
    log = read_csv(path)
    assert log.correct.tolist() == [1, 0]


@pytest.mark.parametrize(
    "text, message",
    [
        ("learner,skill\na,s\n", "missing column(s) correct"),
        ("learner,skill,correct\na,s,maybe\n", "line 2: 'correct' must be 0 or 1"),
        ("learner,skill,correct\n", "no responses"),
        ("learner,skill,correct\na,s\n", "line 2: expected at least 3 fields"),
        # Logs as other systems write them: the names a column goes by are said when missing.
        ("user_id,problem_id\na,1\n", "missing column(s) skill, correct (accepted names, skill:"),
        ("student\tkc (m)\tfirst attempt\na\ts\tperhaps\n", "line 2: 'correct' must be 0 or 1"),
        ("learner,skill,correct\na,s,1.5\n", "not '1.5'"),
    ],
)
def test_a_malformed_log_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text(text)
    with pytest.raises(LogError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_csv(path)


def test_millisecond_timestamps_are_read_as_seconds(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("learner,skill,correct,timestamp\na,s,0,1700000000000\na,s,1,1700000060000\n")
    assert read_csv(path).time.tolist() == [1_700_000_000.0, 1_700_000_060.0]
