"""Hold-out evaluation of the live engine against per-skill BKT and Elo on one response log.

Learners are split 80/20 with a fixed seed; every model is fitted on the training learners only
and predicts each test response from that learner's earlier responses only. The "live engine"
row replays the test learners one answer at a time through ``observe``, the function the server
calls on every attempt, with parameters from ``fit_live`` (what `tutor mastery fit` stores).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from sklearn.metrics import log_loss, mean_squared_error, roc_auc_score

from tutor.engine.tracing import bkt, elo
from tutor.engine.tracing.live_fit import fit_live, replay
from tutor.engine.tracing.log import ResponseLog
from tutor.engine.tracing.observe import GraphEvidence

T = TypeVar("T")

SPLIT_SEED = 20261129
TEST_SHARE = 0.2
LIVE = "live engine"


@dataclass(frozen=True)
class Score:
    model: str
    auc: float
    rmse: float
    log_loss: float
    fit_seconds: float
    predict_seconds: float


def split_learners(log: ResponseLog, seed: int = SPLIT_SEED) -> tuple[ResponseLog, ResponseLog]:
    """80% of learners (by a seeded shuffle) for training, the rest for testing."""
    learners = np.unique(log.learner)
    shuffled = np.random.default_rng(seed).permutation(learners)
    n_test = max(1, round(len(learners) * TEST_SHARE)) if len(learners) > 1 else 0
    test = np.isin(log.learner, shuffled[:n_test])
    return log.subset(~test), log.subset(test)


def metrics(
    name: str, correct: np.ndarray, predicted: np.ndarray, fit_s: float, predict_s: float
) -> Score:
    p = np.clip(predicted, 1e-6, 1 - 1e-6)
    auc = roc_auc_score(correct, p) if len(np.unique(correct)) == 2 else float("nan")
    return Score(
        name,
        float(auc),
        float(np.sqrt(mean_squared_error(correct, p))),
        float(log_loss(correct, p, labels=[0, 1])),
        fit_s,
        predict_s,
    )


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def evaluate(
    log: ResponseLog, seed: int = SPLIT_SEED, graph: GraphEvidence | None = None
) -> tuple[list[Score], dict[str, int]]:
    train, test = split_learners(log, seed)
    if len(test) == 0 or len(train) == 0:
        raise ValueError("the log needs at least two learners to hold one out")
    n_skills = len(log.skill_names)
    scores = []
    params, fit_s = _timed(lambda: bkt.fit(train, n_skills))
    (predicted, _), predict_s = _timed(lambda: bkt.filter_forward(test, params))
    scores.append(metrics("BKT (per skill)", test.correct, predicted, fit_s, predict_s))
    difficulty, fit_s = _timed(lambda: elo.fit(train, n_skills))
    (predicted, _), predict_s = _timed(lambda: elo.predict(test, difficulty))
    scores.append(metrics("Elo", test.correct, predicted, fit_s, predict_s))
    engine, fit_s = _timed(lambda: fit_live(train, graph))
    replayed, predict_s = _timed(lambda: replay(engine, test, graph))
    scores.append(metrics(LIVE, test.correct, replayed.predicted, fit_s, predict_s))
    sizes = {
        "responses": len(log),
        "learners": len(log.learner_names),
        "skills": n_skills,
        "train_responses": len(train),
        "test_responses": len(test),
        "test_learners": len(np.unique(test.learner)),
    }
    return scores, sizes


def format_table(scores: list[Score], sizes: dict[str, int]) -> str:
    lines = [
        f"{sizes['responses']} responses, {sizes['learners']} learners, {sizes['skills']} skills; "
        f"test: {sizes['test_learners']} learners, {sizes['test_responses']} responses",
        f"{'model':<30} {'AUC':>7} {'RMSE':>7} {'log-loss':>9} {'fit s':>8} {'predict s':>10}",
    ]
    for s in scores:
        lines.append(
            f"{s.model:<30} {s.auc:7.4f} {s.rmse:7.4f} {s.log_loss:9.4f} "
            f"{s.fit_seconds:8.2f} {s.predict_seconds:10.2f}"
        )
    return "\n".join(lines)
