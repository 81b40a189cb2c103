"""The Elo rating model of learners and skills (Pelánek 2016), run on all learners in lockstep.

P(correct) = sigmoid(ability - difficulty); after each response both move by the surprise times a
step that shrinks with the number of earlier updates, K(n) = alpha / (1 + beta * n). Fitting
runs the k-th response of every learner together, so the loop is per position, not per row.
"""

from __future__ import annotations

import numpy as np

from tutor.engine.tracing.log import ResponseLog, Sequences

ALPHA, BETA = 1.0, 0.05


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _run(
    log: ResponseLog, difficulty: np.ndarray, update_difficulty: bool
) -> tuple[np.ndarray, np.ndarray]:
    ability = np.zeros(len(log.learner_names))
    skill_updates = np.zeros(len(difficulty))
    before = np.zeros(len(log))
    steps = Sequences.of(log.learner).steps()
    for k, rows in enumerate(steps):
        learner, skill, correct = log.learner[rows], log.skill[rows], log.correct[rows]
        before[rows] = ability[learner]
        surprise = correct - sigmoid(ability[learner] - difficulty[skill])
        ability[learner] += ALPHA / (1 + BETA * k) * surprise
        if update_difficulty:
            # Several learners may answer one skill in the same step: apply their mean surprise.
            skills, at = np.unique(skill, return_inverse=True)
            mean_surprise = np.bincount(at, surprise) / np.bincount(at)
            difficulty[skills] -= ALPHA / (1 + BETA * skill_updates[skills]) * mean_surprise
            skill_updates[skills] += 1
    return before, difficulty


def fit(log: ResponseLog, n_skills: int) -> np.ndarray:
    """Skill difficulties; a skill never seen gets the mean difficulty of the seen ones."""
    difficulty = np.zeros(n_skills)
    if len(log) == 0:
        return difficulty
    _, difficulty = _run(log, difficulty, update_difficulty=True)
    seen = np.bincount(log.skill, minlength=n_skills) > 0
    difficulty[~seen] = difficulty[seen].mean()
    return difficulty


def predict(log: ResponseLog, difficulty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: P(correct) from the learner's earlier responses, and the ability used."""
    ability, _ = _run(log, difficulty.copy(), update_difficulty=False)
    return sigmoid(ability - difficulty[log.skill]), ability
