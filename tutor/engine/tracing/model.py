"""Our knowledge-tracing model: a logistic regression over what the other models know.

For each response it reads only the learner's earlier responses: the per-skill BKT prediction
(the learner's knowledge state), the Elo ability against the skill's difficulty, PFA-style
counts of earlier successes and failures on the skill and overall (with per-skill learning
rates), recent-window success rates, the current run of right or wrong answers on the skill,
and, when timestamps exist, the time since the last try. The weights are fitted on the
training learners; a skill unseen in training falls back to the shared terms, and a learner's
first response leans on the skill's difficulty alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from tutor.engine.tracing import bkt, elo
from tutor.engine.tracing.log import ResponseLog, Sequences, group_ids

WINDOW = 5
MAX_REGRESSION_ROWS = 200_000  # a few hundred weights are pinned down well long before this


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def _dense_features(
    log: ResponseLog, skill_params: bkt.SkillBKT, difficulty: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    bkt_p, _ = bkt.filter_forward(log, skill_params)
    elo_p, ability = elo.predict(log, difficulty)
    by_pair = Sequences.of(group_ids(log.learner, log.skill))
    by_learner = Sequences.of(log.learner)
    right, wrong = log.correct.astype(float), 1.0 - log.correct
    skill_wins, skill_fails = by_pair.prior_sum(right), by_pair.prior_sum(wrong)
    learner_wins, learner_fails = by_learner.prior_sum(right), by_learner.prior_sum(wrong)
    recent_tries = by_pair.prior_sum(np.ones(len(log)), WINDOW)
    recent_rate = np.where(
        recent_tries > 0, by_pair.prior_sum(right, WINDOW) / np.maximum(recent_tries, 1), 0.0
    )
    overall_tries = by_learner.prior_sum(np.ones(len(log)), 2 * WINDOW)
    overall_rate = np.where(
        overall_tries > 0,
        by_learner.prior_sum(right, 2 * WINDOW) / np.maximum(overall_tries, 1),
        0.0,
    )
    last_on_skill = by_pair.previous(right, missing=0.5)
    right_streak, wrong_streak = by_pair.streak(log.correct == 1), by_pair.streak(log.correct == 0)
    since_skill = log.time - by_pair.previous(log.time)
    since_any = log.time - by_learner.previous(log.time)
    columns = [
        _logit(bkt_p),
        _logit(elo_p),
        ability,
        -difficulty[log.skill],
        np.log1p(skill_wins),
        np.log1p(skill_fails),
        np.log1p(learner_wins),
        np.log1p(learner_fails),
        recent_rate,
        (recent_tries == 0).astype(float),
        overall_rate,
        last_on_skill,
        np.log1p(right_streak),
        np.log1p(wrong_streak),
        np.log1p(np.nan_to_num(np.maximum(since_skill, 0), nan=0.0)),
        np.isnan(since_skill).astype(float),
        np.log1p(np.nan_to_num(np.maximum(since_any, 0), nan=0.0)),
    ]
    return np.column_stack(columns), np.log1p(skill_wins), np.log1p(skill_fails)


@dataclass
class CombinedModel:
    skill_params: bkt.SkillBKT
    difficulty: np.ndarray
    scaler: StandardScaler
    regression: LogisticRegression
    n_skills: int

    @classmethod
    def fit(cls, log: ResponseLog, n_skills: int) -> CombinedModel:
        skill_params = bkt.fit(log, n_skills)
        difficulty = elo.fit(log, n_skills)
        dense, wins, fails = _dense_features(log, skill_params, difficulty)
        rows = np.arange(len(log))
        if len(rows) > MAX_REGRESSION_ROWS:
            rows = np.sort(
                np.random.default_rng(0).choice(rows, MAX_REGRESSION_ROWS, replace=False)
            )
        scaler = StandardScaler().fit(dense[rows])
        matrix = _design(
            scaler.transform(dense[rows]), log.skill[rows], wins[rows], fails[rows], n_skills
        )
        regression = LogisticRegression(C=1.0, max_iter=200)
        regression.fit(matrix, log.correct[rows])
        return cls(skill_params, difficulty, scaler, regression, n_skills)

    def predict(self, log: ResponseLog) -> np.ndarray:
        dense, wins, fails = _dense_features(log, self.skill_params, self.difficulty)
        matrix = _design(self.scaler.transform(dense), log.skill, wins, fails, self.n_skills)
        return self.regression.predict_proba(matrix)[:, 1]


def _design(
    dense: np.ndarray, skill: np.ndarray, wins: np.ndarray, fails: np.ndarray, n_skills: int
) -> sp.csr_matrix:
    """Dense features, then per-skill intercepts and per-skill PFA slopes (sparse one-hots).

    Every row has the same number of entries, so the CSR arrays are laid out directly.
    """
    rows, width = dense.shape
    columns = np.empty((rows, width + 3), dtype=np.int64)
    columns[:, :width] = np.arange(width)
    for block in range(3):
        columns[:, width + block] = width + block * n_skills + skill
    data = np.hstack([dense, np.ones((rows, 1)), wins[:, None], fails[:, None]])
    indptr = np.arange(0, rows * (width + 3) + 1, width + 3)
    return sp.csr_matrix(
        (data.ravel(), columns.ravel(), indptr), shape=(rows, width + 3 * n_skills)
    )
