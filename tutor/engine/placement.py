"""Adaptive placement over a goal's prerequisites: a belief over graph-consistent knowledge states.

A knowledge state is a set of topics closed under prerequisites (knowing a topic implies knowing
what it builds on). The belief is a weighted sample of such states. An answer re-weights each
state by its likelihood with slip and guess, so a right answer raises every prerequisite of the
topic and a wrong one lowers every dependant, through the states, not by ad-hoc rules.

The next question is the topic whose answer is expected to shrink the summed uncertainty (the
entropy of every topic's known/unknown marginal) the most. Placement stops when the expected
share of misclassified topics is below STOP_ERROR, when no question is worth STOP_GAIN bits, or
after MAX_QUESTIONS; never before MIN_QUESTIONS, as a sharp prior can look sure too soon.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SLIP, GUESS = 0.1, 0.2
PARTICLES = 2000
MIN_QUESTIONS = 6
MAX_QUESTIONS = 20
STOP_ERROR = 0.02
STOP_GAIN = 0.05
MAX_CANDIDATES = 64
TOPIC_NOISE = 0.08
MIXED_SHARE = 0.25  # in the prior, a topic below the learner's level is still unknown this often


def _entropy(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -(p * np.log2(p) + (1 - p) * np.log2(1 - p))


class Placement:
    """``topics`` in topological order (prerequisites first); ``prerequisites[i]`` are indices."""

    def __init__(
        self,
        topics: Sequence[str],
        prerequisites: Sequence[Sequence[int]],
        seed: int = 0,
        particles: int = PARTICLES,
    ) -> None:
        self.topics = list(topics)
        self.index = {t: i for i, t in enumerate(self.topics)}
        self.states = _sample_states(prerequisites, particles, np.random.default_rng(seed))
        self.log_weights = np.zeros(len(self.states))
        self.answers: list[tuple[str, bool]] = []

    def weights(self) -> np.ndarray:
        w = np.exp(self.log_weights - self.log_weights.max())
        return w / w.sum()

    def marginals(self) -> np.ndarray:
        """P(known) of every topic."""
        return self.weights() @ self.states

    def observe(self, topic_id: str, correct: bool) -> None:
        known = self.states[:, self.index[topic_id]]
        p = np.where(known, 1 - SLIP, GUESS)
        self.log_weights += np.log(p if correct else 1 - p)
        self.answers.append((topic_id, correct))

    def gains(self, candidates: np.ndarray | None = None) -> np.ndarray:
        """Expected reduction of the summed marginal entropy, for asking each candidate topic."""
        w, states = self.weights(), self.states.astype(float)
        candidates = np.arange(len(self.topics)) if candidates is None else candidates
        current = _entropy(w @ states).sum()
        right = np.where(self.states[:, candidates], 1 - SLIP, GUESS)
        expected = np.zeros(len(candidates))
        for likelihood in (right, 1 - right):
            joint = (likelihood * w[:, None]).T @ states  # [asked, topic] P(answer, topic known)
            p_answer = likelihood.T @ w
            marginal = joint / np.maximum(p_answer, 1e-300)[:, None]
            expected += p_answer * _entropy(marginal).sum(axis=1)
        return current - expected

    def expected_error(self) -> float:
        p = self.marginals()
        return float(np.minimum(p, 1 - p).mean()) if len(p) else 0.0

    def next_question(self, askable: Sequence[bool] | None = None) -> str | None:
        """The most informative askable topic, or None when the stopping rule says enough."""
        asked = len(self.answers)
        if asked >= MAX_QUESTIONS or (
            asked >= MIN_QUESTIONS and self.expected_error() < STOP_ERROR
        ):
            return None
        allowed = (
            np.ones(len(self.topics), dtype=bool)
            if askable is None
            else np.asarray(askable, dtype=bool)
        )
        if not allowed.any():
            return None
        # In a large region, weigh only the most uncertain topics: the cost is
        # states x candidates x topics.
        uncertainty = np.where(allowed, _entropy(self.marginals()), -1.0)
        candidates = np.argsort(-uncertainty, kind="stable")[
            : min(MAX_CANDIDATES, int(allowed.sum()))
        ]
        gains = self.gains(candidates)
        best = int(np.argmax(gains))
        if asked >= MIN_QUESTIONS and gains[best] < STOP_GAIN:
            return None
        return self.topics[int(candidates[best])]

    def known(self) -> dict[str, float]:
        return dict(zip(self.topics, self.marginals().tolist(), strict=True))


def _sample_states(
    prerequisites: Sequence[Sequence[int]], count: int, rng: np.random.Generator
) -> np.ndarray:
    """Graph-consistent states from a mixture of two priors.

    Most states: known up to a random depth, with gaps (a gap also hides what builds on it).
    A share MIXED_SHARE: a few random topics known, with everything below them, so that learners
    whose knowledge is patchy rather than layered still have states that explain them.
    """
    n = len(prerequisites)
    depth = np.zeros(n)
    for i, prereqs in enumerate(prerequisites):
        depth[i] = max((depth[p] + 1 for p in prereqs), default=0)
    relative = depth / max(depth.max(), 1)
    layered = count - int(count * MIXED_SHARE)
    cutoff = rng.uniform(-0.05, 1.05, layered)
    states = (relative[None, :] <= cutoff[:, None]) & (rng.random((layered, n)) > TOPIC_NOISE)
    for i, prereqs in enumerate(prerequisites):  # topological order: close under prerequisites
        for p in prereqs:
            states[:, i] &= states[:, p]
    density = rng.uniform(0, 0.3, count - layered)
    patchy = rng.random((count - layered, n)) < density[:, None]
    for i in reversed(range(n)):  # dependants first: a known topic makes its prerequisites known
        for p in prerequisites[i]:
            patchy[:, p] |= patchy[:, i]
    return np.vstack([states, patchy])


def goal_region(
    prerequisites_of: dict[str, Sequence[str]], goal: str
) -> tuple[list[str], list[list[int]]]:
    """The goal's prerequisites (direct or not) and the goal, prerequisites first, as indices."""
    return _region(prerequisites_of, [goal])


def whole_region(prerequisites_of: dict[str, Sequence[str]]) -> tuple[list[str], list[list[int]]]:
    """Every topic, prerequisites first, as indices: placement over the whole graph."""
    return _region(prerequisites_of, sorted(prerequisites_of))


def _region(
    prerequisites_of: dict[str, Sequence[str]], starts: Sequence[str]
) -> tuple[list[str], list[list[int]]]:
    seen: dict[str, None] = {}

    def visit(topic: str) -> None:  # depth-first post-order: prerequisites before dependants
        stack = [(topic, iter(prerequisites_of[topic]))]
        while stack:
            current, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                seen.setdefault(current, None)
            elif child not in seen:
                stack.append((child, iter(prerequisites_of[child])))

    for start in starts:
        if start not in seen:
            visit(start)
    topics = list(seen)
    index = {t: i for i, t in enumerate(topics)}
    return topics, [[index[p] for p in prerequisites_of[t]] for t in topics]
