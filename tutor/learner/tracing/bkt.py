"""Per-skill Bayesian Knowledge Tracing fitted by expectation-maximisation, all skills at once.

The forward and backward passes step through "the k-th response of every learner-skill
sequence" together, so the Python loop runs once per position, not once per response. With no
forgetting, the smoothed posterior has a closed form: P(L_t | all) = f_t / p_{t+1} * P(L_{t+1} | all)
and P(unknown at t, known at t+1 | all) = (1 - f_t) * learn / p_{t+1} * P(L_{t+1} | all), where
f_t is the filtered posterior after response t and p_{t+1} the predicted one before t+1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tutor.learner.tracing.log import ResponseLog, Sequences, group_ids

FIT_POSITIONS = 200  # EM looks at the first 200 responses of each learner-skill sequence
LIMITS = {"init": (0.01, 0.99), "learn": (0.001, 0.5), "guess": (0.01, 0.4), "slip": (0.01, 0.4)}


@dataclass
class SkillBKT:
    """One row per skill index: the four BKT parameters."""

    init: np.ndarray
    learn: np.ndarray
    guess: np.ndarray
    slip: np.ndarray

    @classmethod
    def uniform(cls, n_skills: int, init: float = 0.4, learn: float = 0.1, guess: float = 0.2,
                slip: float = 0.1) -> SkillBKT:
        return cls(*(np.full(n_skills, v) for v in (init, learn, guess, slip)))


def _steps(log: ResponseLog, limit: int | None) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    group = group_ids(log.learner, log.skill)
    sequences = Sequences.of(group)
    steps = sequences.steps()
    return group, steps[:limit] if limit else steps, np.bincount(group)


def filter_forward(log: ResponseLog, params: SkillBKT) -> tuple[np.ndarray, np.ndarray]:
    """Per row: P(correct) predicted from earlier responses, and the filtered P(known) after it."""
    group, steps, _ = _steps(log, None)
    return _forward(log, params, group, steps)


def _forward(log: ResponseLog, params: SkillBKT, group: np.ndarray,
             steps: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    state = np.zeros(int(group.max(initial=-1)) + 1)
    predicted = np.zeros(len(log))
    filtered = np.zeros(len(log))
    for k, rows in enumerate(steps):
        g, s, c = group[rows], log.skill[rows], log.correct[rows]
        prior = params.init[s] if k == 0 else state[g]
        right = prior * (1 - params.slip[s])
        p_correct = right + (1 - prior) * params.guess[s]
        wrong = prior * params.slip[s]
        post = np.where(c == 1, right / p_correct, wrong / (1 - p_correct))
        predicted[rows], filtered[rows] = p_correct, post
        state[g] = post + (1 - post) * params.learn[s]
    return predicted, filtered


def fit(log: ResponseLog, n_skills: int, iterations: int = 25) -> SkillBKT:
    """EM from a neutral start; skills absent from ``log`` keep the neutral parameters."""
    params = SkillBKT.uniform(n_skills)
    if len(log) == 0:
        return params
    group, steps, _ = _steps(log, FIT_POSITIONS)
    for _ in range(iterations):
        _, filtered = _forward(log, params, group, steps)
        params = _maximise(log, params, group, steps, filtered, n_skills)
    return params


def _maximise(log: ResponseLog, params: SkillBKT, group: np.ndarray, steps: list[np.ndarray],
              filtered: np.ndarray, n_skills: int) -> SkillBKT:
    smoothed = np.zeros(len(log))
    moved = np.zeros(len(log))  # expected unknown -> known transitions after the row
    has_next = np.zeros(len(log), dtype=bool)
    later = np.zeros(int(group.max()) + 1)  # smoothed P(known) of each group's next row
    seen = np.zeros(len(later), dtype=bool)
    for rows in reversed(steps):
        g, s, f = group[rows], log.skill[rows], filtered[rows]
        nxt = seen[g]
        predicted_next = f + (1 - f) * params.learn[s]
        gamma = np.where(nxt, f / predicted_next * later[g], f)
        moved[rows] = np.where(nxt, (1 - f) * params.learn[s] / predicted_next * later[g], 0.0)
        smoothed[rows], has_next[rows] = gamma, nxt
        later[g], seen[g] = gamma, True
    first = np.concatenate(steps[:1])
    c, s = log.correct[np.concatenate(steps)], log.skill[np.concatenate(steps)]
    gamma = smoothed[np.concatenate(steps)]
    nexts = has_next[np.concatenate(steps)]
    moves = moved[np.concatenate(steps)]

    def ratio(num: np.ndarray, den: np.ndarray, fallback: np.ndarray, weights_at: np.ndarray) -> np.ndarray:
        top = np.bincount(weights_at, num, n_skills)
        bottom = np.bincount(weights_at, den, n_skills)
        return np.where(bottom > 1e-9, top / np.maximum(bottom, 1e-12), fallback)

    updated = SkillBKT(
        init=ratio(smoothed[first], np.ones(len(first)), params.init, log.skill[first]),
        learn=ratio(moves, np.where(nexts, 1 - gamma, 0.0), params.learn, s),
        guess=ratio((1 - gamma) * c, 1 - gamma, params.guess, s),
        slip=ratio(gamma * (1 - c), gamma, params.slip, s),
    )
    for name, (low, high) in LIMITS.items():
        setattr(updated, name, np.clip(getattr(updated, name), low, high))
    return updated
