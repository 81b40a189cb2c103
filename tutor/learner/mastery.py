"""Knowledge tracing: a Bayesian Knowledge Tracing update per attempt.

Pure functions of numbers, so every rule can be checked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

MASTERED = 0.95


@dataclass(frozen=True)
class BKTParams:
    p_init: float = 0.2   # known before any practice
    p_learn: float = 0.15  # learned during one practice opportunity
    p_slip: float = 0.1   # wrong although known
    p_guess: float = 0.2  # right although not known


DEFAULT_PARAMS = BKTParams()


def bkt_update(p_known: float, correct: bool, params: BKTParams = DEFAULT_PARAMS) -> float:
    """The posterior that the topic is known after one observed response, then the learning step."""
    if correct:
        evidence = p_known * (1 - params.p_slip)
        posterior = evidence / (evidence + (1 - p_known) * params.p_guess)
    else:
        evidence = p_known * params.p_slip
        posterior = evidence / (evidence + (1 - p_known) * (1 - params.p_guess))
    return posterior + (1 - posterior) * params.p_learn


def is_mastered(p_known: float, claimed_known: bool = False) -> bool:
    return claimed_known or p_known >= MASTERED
