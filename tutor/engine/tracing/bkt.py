"""Per-skill Bayesian Knowledge Tracing fitted by expectation-maximisation, all skills at once.

Responses are laid out by position: the first response of every learner-skill sequence, then
every second response, and so on, with sequences ordered longest first. Step k of all
sequences is then one contiguous slice, and the sequences still running at step k are a prefix
of the per-sequence state, so each pass is a loop over positions with slices, not over rows.

With no forgetting the smoothed posterior has a closed form: P(L_t | all) = f_t / p_{t+1} *
P(L_{t+1} | all), and P(unknown at t, known at t+1 | all) = (1 - f_t) * learn / p_{t+1} *
P(L_{t+1} | all), where f_t is the filtered posterior after response t and p_{t+1} the predicted
one before response t+1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tutor.engine.tracing.log import ResponseLog, Sequences, group_ids

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
    def uniform(
        cls,
        n_skills: int,
        init: float = 0.4,
        learn: float = 0.1,
        guess: float = 0.2,
        slip: float = 0.1,
    ) -> SkillBKT:
        return cls(*(np.full(n_skills, v) for v in (init, learn, guess, slip)))


@dataclass(frozen=True)
class _Layout:
    rows: np.ndarray  # the log row at each laid-out position
    starts: np.ndarray  # where step k begins; step k holds counts[k] sequences
    counts: np.ndarray
    sequence_skill: np.ndarray  # skill of each sequence, longest sequence first
    skill: np.ndarray  # per laid-out position
    correct: np.ndarray

    @classmethod
    def of(cls, log: ResponseLog, limit: int | None) -> _Layout:
        group = group_ids(log.learner, log.skill)
        position = Sequences.of(group).position
        lengths = np.bincount(group)
        rank = np.empty(len(lengths), dtype=np.int64)
        rank[np.argsort(-lengths, kind="stable")] = np.arange(len(lengths))
        keep = np.flatnonzero(position < limit) if limit else np.arange(len(log))
        rows = keep[np.lexsort((rank[group[keep]], position[keep]))]
        capped = np.minimum(lengths, limit) if limit else lengths
        counts = np.bincount(position[keep])
        sequence_skill = np.zeros(len(lengths), dtype=np.int64)
        sequence_skill[rank[group]] = log.skill
        assert counts.sum() == capped.sum() == len(rows)
        return cls(
            rows,
            np.concatenate(([0], np.cumsum(counts)[:-1])),
            counts,
            sequence_skill,
            log.skill[rows],
            log.correct[rows].astype(float),
        )


def filter_forward(log: ResponseLog, params: SkillBKT) -> tuple[np.ndarray, np.ndarray]:
    """Per row: P(correct) predicted from earlier responses, and the filtered P(known) after it."""
    layout = _Layout.of(log, None)
    predicted, filtered = _forward(layout, params)
    out_p, out_f = np.zeros(len(log)), np.zeros(len(log))
    out_p[layout.rows], out_f[layout.rows] = predicted, filtered
    return out_p, out_f


def _forward(layout: _Layout, params: SkillBKT) -> tuple[np.ndarray, np.ndarray]:
    s = layout.sequence_skill
    learn, guess, slip = params.learn[s], params.guess[s], params.slip[s]
    state = params.init[s].copy()
    predicted, filtered = np.zeros(len(layout.rows)), np.zeros(len(layout.rows))
    for start, n in zip(layout.starts, layout.counts, strict=True):
        at, prior, c = slice(start, start + n), state[:n], layout.correct[start : start + n]
        right = prior * (1 - slip[:n])
        p_correct = right + (1 - prior) * guess[:n]
        post = np.where(c == 1, right / p_correct, prior * slip[:n] / (1 - p_correct))
        predicted[at], filtered[at] = p_correct, post
        state[:n] = post + (1 - post) * learn[:n]
    return predicted, filtered


def fit(log: ResponseLog, n_skills: int, iterations: int = 25) -> SkillBKT:
    """EM from a neutral start; skills absent from ``log`` keep the neutral parameters."""
    params = SkillBKT.uniform(n_skills)
    if len(log) == 0:
        return params
    layout = _Layout.of(log, FIT_POSITIONS)
    for _ in range(iterations):
        _, filtered = _forward(layout, params)
        params = _maximise(layout, params, filtered, n_skills)
    return params


def _smooth(layout: _Layout, params: SkillBKT, filtered: np.ndarray) -> tuple[np.ndarray, ...]:
    """Smoothed P(known), expected learning transitions after each response, and 'has a next'."""
    learn = params.learn[layout.sequence_skill]
    smoothed, moved = np.zeros(len(filtered)), np.zeros(len(filtered))
    has_next = np.zeros(len(filtered), dtype=bool)
    later = np.zeros(len(layout.sequence_skill))
    counts = list(layout.counts) + [0]
    for k in reversed(range(len(layout.counts))):
        start, n, m = layout.starts[k], counts[k], counts[k + 1]
        f = filtered[start : start + n].copy()
        gamma = f.copy()
        predicted_next = f[:m] + (1 - f[:m]) * learn[:m]
        gamma[:m] = f[:m] / predicted_next * later[:m]
        moved[start : start + m] = (1 - f[:m]) * learn[:m] / predicted_next * later[:m]
        smoothed[start : start + n], has_next[start : start + m] = gamma, True
        later[:n] = gamma
    return smoothed, moved, has_next


def _maximise(layout: _Layout, params: SkillBKT, filtered: np.ndarray, n_skills: int) -> SkillBKT:
    gamma, moved, has_next = _smooth(layout, params, filtered)
    s, c = layout.skill, layout.correct
    first = slice(0, layout.counts[0])

    def ratio(num: np.ndarray, den: np.ndarray, fallback: np.ndarray, at: np.ndarray) -> np.ndarray:
        top, bottom = np.bincount(at, num, n_skills), np.bincount(at, den, n_skills)
        return np.where(bottom > 1e-9, top / np.maximum(bottom, 1e-12), fallback)

    updated = SkillBKT(
        init=ratio(gamma[first], np.ones(layout.counts[0]), params.init, s[first]),
        learn=ratio(moved, np.where(has_next, 1 - gamma, 0.0), params.learn, s),
        guess=ratio((1 - gamma) * c, 1 - gamma, params.guess, s),
        slip=ratio(gamma * (1 - c), gamma, params.slip, s),
    )
    for name, (low, high) in LIMITS.items():
        setattr(updated, name, np.clip(getattr(updated, name), low, high))
    return updated
