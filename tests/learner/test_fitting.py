"""`tutor mastery fit` from the attempt log, and `tutor mastery evaluate` on a CSV."""

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from tests.topics import write_small_curriculum
from tutor.accounts import learners
from tutor.analytics.fitting import MIN_RESPONSES, fit_from_attempts
from tutor.cli import main
from tutor.content import read_sources
from tutor.curriculum.catalog import CatalogCache
from tutor.curriculum.files import import_sources
from tutor.engine.mastery import DEFAULT_PARAMS
from tutor.practice import attempts
from tutor.practice.evidence import params_table
from tutor.questions import grade
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction


def test_fitted_parameters_replace_the_defaults(fresh_database_url, tmp_path: Path) -> None:
    engine = make_engine(fresh_database_url())
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        import_sources(session, read_sources(write_small_curriculum(tmp_path)))
    rng = np.random.default_rng(0)
    with transaction(factory) as session:
        assert fit_from_attempts(session) == []
        catalog = CatalogCache().get(session)
        variant = catalog.template("adding", "add").variant(1)
        for _ in range(12):
            learner = learners.new_learner(session)
            for k in range(5):
                response = variant.answer_plain if rng.random() < 0.3 + 0.12 * k else "0"
                attempts.record_attempt(
                    session, learner, variant, grade(variant, response), response
                )
        rows = fit_from_attempts(session)
        assert [r.topic_id for r in rows] == ["*", "adding"] and rows[
            1
        ].responses == 60 >= MIN_RESPONSES
        table = params_table(session, ["adding", "counting"])
        fitted = table.get("adding")
        assert fitted != DEFAULT_PARAMS and 0 < fitted.p_learn <= 0.5
        assert table.get("counting") == params_table(session, ["*"]).get("*")
    engine.dispose()


def test_the_evaluate_command_prints_all_three_models(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    lines = ["learner,skill,correct"]
    for learner in range(60):
        ability = rng.normal()
        for k in range(15):
            p = 1 / (1 + np.exp(-(ability + 0.2 * k - 1)))
            lines.append(f"s{learner},skill-{k % 4},{int(rng.random() < p)}")
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["mastery", "evaluate", str(path)])
    assert result.exit_code == 0, result.output
    for name in (
        "BKT (per skill)",
        "Elo",
        "live engine",
        "AUC",
        "RMSE",
        "log-loss",
        "fit s",
        "predict s",
    ):
        assert name in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("learner,skill\n")
    result = CliRunner().invoke(main, ["mastery", "evaluate", str(bad)])
    assert result.exit_code != 0 and "missing column(s) correct" in result.output


def test_the_fitted_log_has_one_response_per_question_right_when_every_part_is() -> None:
    # Two learners' rows interleaved as concurrent answers leave them: learner 1 answers a
    # two-part question (one part wrong), learner 2 a one-part question, then learner 1 a
    # two-part question all right.
    t = [datetime(2027, 1, 4, 9, m, tzinfo=UTC) for m in range(3)]
    rows = [
        (1, 0, "a", True, t[0]),
        (2, 0, "b", True, t[1]),
        (1, 1, "a", False, t[0]),
        (1, 0, "a", True, t[2]),
        (1, 1, "a", True, t[2]),
    ]
    assert attempts.question_answers(rows) == [
        (1, "a", False, t[0]),
        (2, "b", True, t[1]),
        (1, "a", True, t[2]),
    ]
