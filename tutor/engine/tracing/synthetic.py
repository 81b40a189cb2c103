"""Seeded synthetic response logs from a known model, for tests and demonstrations.

Each learner has an ability, each skill a difficulty and a learning rate; P(correct) is
sigmoid(ability - difficulty + rate * log(1 + earlier tries on the skill)), so a model that
tracks ability, difficulty and practice can approach the truth and per-skill BKT or Elo alone
cannot quite.
"""

from __future__ import annotations

import numpy as np

from tutor.engine.tracing.log import ResponseLog, from_columns


def generate(
    learners: int = 400, skills: int = 20, responses: int = 60, seed: int = 0
) -> ResponseLog:
    rng = np.random.default_rng(seed)
    ability = rng.normal(0, 1.0, learners)
    difficulty = rng.normal(0, 1.0, skills)
    rate = rng.uniform(0.1, 0.6, skills)
    rows_learner, rows_skill, rows_correct, rows_time = [], [], [], []
    for learner in range(learners):
        tries = np.zeros(skills)
        count = int(rng.integers(1, responses * 2))
        picks = rng.integers(0, skills, count)
        for k, skill in enumerate(picks):
            logit = ability[learner] - difficulty[skill] + rate[skill] * np.log1p(tries[skill])
            rows_correct.append(int(rng.random() < 1 / (1 + np.exp(-logit))))
            rows_learner.append(f"learner-{learner}")
            rows_skill.append(f"skill-{skill}")
            rows_time.append(learner * 1e6 + k * 60.0)
            tries[skill] += 1
    return from_columns(rows_learner, rows_skill, rows_correct, rows_time)
