"""The live engine: the server's per-attempt step, its fit, and the evaluation that replays it."""

import math
import warnings
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.exceptions import ConvergenceWarning

from tutor.accounts import learners
from tutor.analytics.fitting import fit_engine, fit_from_attempts
from tutor.cli import main
from tutor.engine.mastery import DEFAULT_PARAMS
from tutor.engine.tracing import live, live_fit
from tutor.engine.tracing.evaluate import LIVE, evaluate, split_learners
from tutor.engine.tracing.live import DEFAULT_ENGINE, EngineParams, LearnerState
from tutor.engine.tracing.live_fit import (
    expand,
    fit_live,
    item_easiness,
    replay,
    typical_log_seconds,
)
from tutor.engine.tracing.log import from_columns
from tutor.engine.tracing.observe import observe
from tutor.engine.tracing.synthetic import generate_practice
from tutor.practice import attempts, live_state
from tutor.practice.evidence import (
    Fitted,
    apply_attempt,
    lock_for_attempt,
    params_table,
    practice_item,
)
from tutor.practice.fitted import FittedCache
from tutor.questions import grade


def test_replay_is_the_per_attempt_step_answer_by_answer() -> None:
    log = generate_practice(learners=60, skills=8, seed=3)
    params = fit_live(log)
    replayed = replay(params, log)
    state, predictions = LearnerState(), []
    first = np.flatnonzero(log.learner == log.learner[0])
    for row in first:
        skills = live.split_skills(str(log.skill_names[log.skill[row]]))
        correct, now, item = bool(log.correct[row]), float(log.time[row]), log.item_of(row)
        seconds = log.seconds_of(row)
        predictions.append(
            observe(params, state, skills, correct, now, item=item, seconds=seconds).p_correct
        )
    assert replayed.predicted[first] == pytest.approx(predictions)


def test_items_on_several_skills_update_each_skill() -> None:
    log = from_columns(["a", "a", "a"], ["x~~y", "x", "y"], [1, 0, 1])
    expanded, names = expand(log)
    assert names == ["x", "y"] and len(expanded) == 4
    state = LearnerState()
    observe(DEFAULT_ENGINE, state, ["x", "y"], True)
    assert state.skills["x"].wins == state.skills["y"].wins == 1
    assert state.skills["x"].p_known > DEFAULT_ENGINE.default.init


def test_fitting_converges_and_round_trips_through_json() -> None:
    log = generate_practice(learners=300, skills=20, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        params = fit_live(log)
    again = EngineParams.from_json(params.to_json())
    assert again.items == params.items and len(params.items) > 20
    assert again.log_seconds == params.log_seconds and params.default_log_seconds is not None
    assert replay(again, log).predicted == pytest.approx(replay(params, log).predicted)


def test_the_live_engine_beats_bkt_and_elo_on_a_practice_shaped_log() -> None:
    scores, _ = evaluate(generate_practice(learners=600, skills=40, seed=0))
    by_name = {s.model: s for s in scores}
    assert by_name[LIVE].auc >= by_name["BKT (per skill)"].auc + 0.02
    assert by_name[LIVE].auc >= by_name["Elo"].auc + 0.02


def test_the_items_a_log_names_make_the_engine_predict_better() -> None:
    """Items of one skill differ in difficulty (generate_practice's do): learning how much, from
    the training learners, helps predict the held-out ones."""
    named = evaluate(generate_practice(learners=600, skills=40, seed=0))[0]
    unnamed = evaluate(generate_practice(learners=600, skills=40, seed=0, named_items=False))[0]
    with_items, without = ({s.model: s.auc for s in scores}[LIVE] for scores in (named, unnamed))
    assert with_items >= without + 0.005


def test_a_fit_on_few_learners_regularises_by_cross_validation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a few dozen learners the regression's weights, unregularised, fit their noise; the
    strength chosen on held-out learners predicts new learners better than a fixed one."""
    gains = []
    for seed in (0, 1, 2):
        log = generate_practice(learners=60, skills=30, seed=seed)
        chosen = {s.model: s.auc for s in evaluate(log)[0]}[LIVE]
        with monkeypatch.context() as fixed:
            fixed.setattr(live_fit, "REGULARISATION", (live_fit.DEFAULT_REGULARISATION,))
            unchosen = {s.model: s.auc for s in evaluate(log)[0]}[LIVE]
        gains.append(chosen - unchosen)
    assert min(gains) > 0 and np.mean(gains) >= 0.01


def test_an_item_easier_than_its_skill_others_gets_a_positive_easiness() -> None:
    learners = [f"L{k}" for k in range(40) for _ in range(2)]
    items = ["easy", "hard"] * 40
    correct = [answer for k in range(40) for answer in (1, int(k % 4 == 0))]
    log = from_columns(learners, ["s"] * 80, correct, items=items)
    easiness = item_easiness(log)
    assert easiness["easy"] > 0.5 > -0.5 > easiness["hard"]
    rare = from_columns(["a", "a", "b"], ["s", "s", "s"], [1, 0, 0], items=["x", "y", "y"])
    assert 0 < item_easiness(rare)["x"] < 0.5  # one right answer says little


def with_easy_items(items: dict[str, float]) -> EngineParams:
    """The built-in engine, with these items' easiness and a weight of 1 on it."""
    weights = dict(zip(live.FEATURES, DEFAULT_ENGINE.weights, strict=True))
    weights["item_easiness"] = 1.0
    return EngineParams(
        {}, DEFAULT_ENGINE.default, list(weights.values()), DEFAULT_ENGINE.bias, items
    )


def test_the_times_a_log_gives_make_the_engine_predict_better() -> None:
    """In generate_practice's logs an answer takes longer when what it needs is not known:
    the last answer's slowness tells the next prediction."""
    timed = evaluate(generate_practice(seed=0))[0]  # as bench/tracing.py's: +0.003
    untimed = evaluate(generate_practice(seed=0, timed=False))[0]
    with_times, without = ({s.model: s.auc for s in scores}[LIVE] for scores in (timed, untimed))
    assert with_times >= without + 0.002


def test_typical_times_are_medians_per_skill_and_item_with_enough_answers() -> None:
    log = from_columns(
        ["a"] * 7,
        ["s"] * 5 + ["rare"] * 2,
        [1] * 7,
        items=["long"] * 5 + ["short"] * 2,
        seconds=[10, 20, 30, 40, 1000, 5, math.nan],
    )
    expanded, names = expand(log)
    per_skill, overall = typical_log_seconds(expanded, expanded.skill, names)
    assert per_skill == {"s": pytest.approx(math.log(30))}  # "rare" has 1 timed answer
    assert overall == pytest.approx((math.log(20) + math.log(30)) / 2)  # six timed answers
    assert typical_log_seconds(log, log.item, log.item_names)[0] == {
        "long": pytest.approx(math.log(30))
    }
    untimed = from_columns(["a"], ["s"], [1])
    assert typical_log_seconds(untimed, untimed.skill, untimed.skill_names) == ({}, None)


def test_an_answer_is_slow_against_its_own_item_where_the_fit_timed_it() -> None:
    params = replace(
        DEFAULT_ENGINE, default_log_seconds=math.log(30), item_log_seconds={"long": math.log(300)}
    )
    assert params.slowness(["s"], 300.0, "long") == pytest.approx(0.0)
    assert params.slowness(["s"], 300.0, "untimed item") == pytest.approx(math.log(10))
    assert params.slowness(["s"], 30.0 * math.exp(5), None) == live.MAX_SLOWNESS
    assert params.slowness(["s"], None) is None and DEFAULT_ENGINE.slowness(["s"], 300.0) is None
    again = EngineParams.from_json(params.to_json())
    assert again.item_log_seconds == params.item_log_seconds


def test_a_slow_right_answer_predicts_less_than_a_fast_one() -> None:
    weights = dict(zip(live.FEATURES, DEFAULT_ENGINE.weights, strict=True))
    weights.update(skill_slowness=-0.5, slow_right=-0.5, learner_slowness=-0.5)
    params = EngineParams(
        {},
        DEFAULT_ENGINE.default,
        list(weights.values()),
        DEFAULT_ENGINE.bias,
        default_log_seconds=math.log(30),
    )
    after = {}
    for seconds in (10.0, 300.0, None):
        state = LearnerState()
        observe(params, state, ["s"], True, seconds=seconds)
        after[seconds] = live.predict(params, state, ["s"])
        again = live.state_from_json(
            live.state_to_json(state), {"s": state.skills["s"].p_known}, params
        )
        assert live.predict(params, again, ["s"]) == pytest.approx(after[seconds])
    assert after[10.0] > after[None] > after[300.0]
    untimed = replace(params, default_log_seconds=None)  # a fit that saw no times
    state = LearnerState()
    observe(untimed, state, ["s"], True, seconds=300.0)
    assert state.slowness == 0 and state.skills["s"].slowness == 0


def test_the_item_moves_the_prediction_and_the_ability() -> None:
    params = with_easy_items({"s/easy": 1.5})
    easy, plain = LearnerState(), LearnerState()
    p_easy = observe(params, easy, ["s"], True, item="s/easy").p_correct
    p_plain = observe(params, plain, ["s"], True, item="s/unseen").p_correct
    assert p_easy > p_plain
    assert 0 < easy.ability < plain.ability  # a right answer to an easy item shows less


def test_unseen_skills_and_first_answers_get_finite_predictions() -> None:
    log = generate_practice(learners=100, skills=10, seed=2)
    train, _ = split_learners(log)
    params = fit_live(train)
    state = LearnerState()
    p = live.predict(params, state, ["never seen before"])
    assert 0 < p < 1


def practise_adding(session, catalog, seed: int):  # type: ignore[no-untyped-def]
    """15 learners answer one "adding" variant 6 times each, right more often as they go; the
    variant is returned."""
    rng = np.random.default_rng(seed)
    variant = catalog.template("adding", "add").variant(1)
    for _ in range(15):
        someone = learners.new_learner(session)
        for k in range(6):
            response = variant.answer_plain if rng.random() < 0.3 + 0.1 * k else "0"
            attempts.record_attempt(
                session, someone, variant, grade(variant, response), response, graph=catalog.graph
            )
    return variant


def test_the_fit_is_stored_per_content_version_and_used_by_the_server(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    variant = practise_adding(session, catalog, seed=0)
    assert live_state.engine_params(session) is DEFAULT_ENGINE
    fit_from_attempts(session)
    stored = fit_engine(session, catalog.graph)
    assert stored is not None and stored.responses == 90
    fitted = live_state.engine_params(session)
    assert fitted is not DEFAULT_ENGINE and "adding" in fitted.skills
    assert set(fitted.items) == {practice_item("adding", "add")}  # the template, as answered
    result = attempts.record_attempt(
        session,
        learner,
        variant,
        grade(variant, variant.answer_plain),
        variant.answer_plain,
        graph=catalog.graph,
    )
    state = live_state.learner_state(session, learner.id)
    assert state["responses"] == 1 and state["skills"]["adding"][0] == 1  # one win, stored
    assert result.p_known > 0


def test_the_fit_command_fits_once_there_are_answers_and_says_what_it_fitted(
    tmp_path: Path, fresh_database_url, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.topics import write_small_curriculum
    from tutor.curriculum.catalog import CatalogCache
    from tutor.store.db import make_engine, make_session_factory, transaction

    url = fresh_database_url()
    monkeypatch.setenv("TUTOR_DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    empty = runner.invoke(main, ["mastery", "fit"])
    assert empty.exit_code == 0 and "nothing to fit" in empty.output, empty.output
    imported = runner.invoke(main, ["content", "import", str(write_small_curriculum(tmp_path))])
    assert imported.exit_code == 0, imported.output
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        practise_adding(session, CatalogCache().get(session), seed=1)
    engine.dispose()
    result = runner.invoke(main, ["mastery", "fit"])
    assert result.exit_code == 0, result.output
    assert "fitted the live engine on 90 answers" in result.output
    assert "with the easiness of 1 question template(s)" in result.output


def test_graph_evidence_in_the_replay_credits_prerequisites(tmp_path: Path) -> None:
    from tests.topics import write_small_curriculum
    from tutor.content import load_directory
    from tutor.engine.tracing.observe import GraphEvidence
    from tutor.engine.tracing.synthetic import generate_over_graph
    from tutor.graph import KnowledgeGraph

    write_small_curriculum(tmp_path)
    topics, _ = load_directory(tmp_path)
    graph = GraphEvidence(KnowledgeGraph.from_topics(topics))
    state = LearnerState()
    observed = observe(DEFAULT_ENGINE, state, ["multiplying"], True, 0.0, graph)
    assert observed.credited["adding"] > DEFAULT_ENGINE.default.init  # a full observation, weight 1
    observe(DEFAULT_ENGINE, state, ["adding"], False, 60.0, graph)
    again = observe(DEFAULT_ENGINE, state, ["multiplying"], True, 120.0, graph)
    assert (
        "adding" not in again.credited
    )  # its own last answer was wrong: not credited from downstream
    log = generate_over_graph({t.id: list(t.prerequisite_ids) for t in topics}, learners=80, seed=1)
    scores, _ = evaluate(log, graph=graph)
    assert 0.5 < next(s for s in scores if s.model == LIVE).auc <= 1


def test_the_fitted_parameters_are_cached_until_a_fit_or_their_stamp_moves(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, _learner = world
    practise_adding(session, catalog, seed=1)
    patient, eager = FittedCache(check_seconds=3600), FittedCache(check_seconds=0)
    before = patient.get(session)
    assert before.engine is DEFAULT_ENGINE and eager.get(session).engine is DEFAULT_ENGINE
    fit_from_attempts(session)
    fit_engine(session, catalog.graph)
    fitted = eager.get(session)  # checked on every use: the stamp moved
    assert fitted.engine is not DEFAULT_ENGINE
    stored = params_table(session, ["adding"]).get("adding")
    assert fitted.params.get("adding") == stored != DEFAULT_PARAMS
    assert patient.get(session) is before  # not due a check, and the fit is not committed yet
    session.commit()
    assert patient.get(session).engine is not DEFAULT_ENGINE  # a fit this process committed


def test_a_state_stored_before_failing_runs_were_kept_reads_them_from_its_streak() -> None:
    # Engine states stored by earlier versions keep six values a skill and no learner-wide run
    # counts: they load, with a run of errors as long as the streak of errors.
    stored = {
        "responses": 5,
        "skills": {
            "adding": [1, 4, "10000", -4, 0.0, None],
            "counting": [2, 0, "11", 2, 0.0, None],
        },
    }
    state = live.state_from_json(stored, {"adding": 0.2}, DEFAULT_ENGINE)
    assert state.skills["adding"].failing == 4 and state.skills["counting"].failing == 0
    runs = (state.run_answers, state.lone_rights, state.runs_ended, state.run_errors)
    assert runs == (0, 0, 0, 0)
    again = live.state_from_json(live.state_to_json(state), {"adding": 0.2}, DEFAULT_ENGINE)
    assert again.skills == state.skills


def test_the_server_passes_the_answered_template_to_the_engine(world) -> None:  # type: ignore[no-untyped-def]
    """An answer to a template the fit found easy is predicted likelier right than the same
    answer with no template named: apply_attempt hands the template to ``observe``."""
    session, catalog, _ = world
    engine = with_easy_items({practice_item("adding", "add"): 2.0})
    fitted = Fitted(params_table(session, {"adding"}), engine)
    now = datetime(2027, 1, 4, tzinfo=UTC)
    predicted = []
    for template_id in ("add", None):
        learner = learners.new_learner(session)
        locked = lock_for_attempt(
            session, learner.id, "adding", True, None, catalog.graph, now, fitted
        )
        evidence = apply_attempt(
            session, learner.id, "adding", True, None, catalog.graph, now, locked, template_id
        )
        predicted.append(evidence.p_correct)
    assert predicted[0] > predicted[1]


def test_the_server_hands_the_answer_time_to_the_engine(world) -> None:  # type: ignore[no-untyped-def]
    """With a fit that knows typical times, an answer's duration_ms moves the learner's
    slowness, as stored in the engine state."""
    session, catalog, _ = world
    engine = replace(DEFAULT_ENGINE, default_log_seconds=math.log(30))
    fitted = Fitted(params_table(session, {"adding"}), engine)
    now = datetime(2027, 1, 4, tzinfo=UTC)
    slowness = []
    for duration_ms in (3_000, 300_000, None):
        learner = learners.new_learner(session)
        locked = lock_for_attempt(
            session, learner.id, "adding", True, None, catalog.graph, now, fitted
        )
        apply_attempt(
            session,
            learner.id,
            "adding",
            True,
            None,
            catalog.graph,
            now,
            locked,
            "add",
            duration_ms,
        )
        slowness.append(live_state.learner_state(session, learner.id)["slowness"])
    assert slowness[0] < 0 < slowness[1] and slowness[2] == 0
