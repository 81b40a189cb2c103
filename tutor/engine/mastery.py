"""Knowledge tracing: a Bayesian Knowledge Tracing update per attempt, and partial evidence.

Pure functions of numbers, so every rule can be checked by hand. A full observation is the BKT
step; evidence that reaches a topic indirectly (credit flowing to a prerequisite, a mistake that
points at one) moves the estimate only a ``share`` of the way to the Bayes posterior.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MASTERED = 0.95
# A success on a topic is a full observation for a direct prerequisite of weight 1 (the topic
# cannot be answered without it, so a right answer is as telling as one on the prerequisite
# itself, as Math Academy's FIRe counts it), and half that one edge further up, and so on.
DIRECT_SHARE = 1.0
IMPLICIT_SHARE = 0.5
# A topic whose prerequisites are all at least this likely known is open to learn: practising it
# then also finishes the prerequisites' evidence (above), so they need not be drilled to MASTERED.
READY = 0.6
# Credit below this is not passed further up the graph: three edges up (an eighth of an
# observation) it moved estimates little, yet a topic deep in the graph credited ninety
# prerequisites, half of them that far, each a row written per answer. Measured without them:
# the same questions to the goal in bench/efficacy.py and the same AUC on the graph log.
MIN_SHARE = 0.2
# This many wrong answers of a failing run (a lone right answer amid them does not end it) point
# at the prerequisites.
REPEATED_ERRORS = 3
CLAIM_P_KNOWN = 0.8  # "I know this" before its check: likely, not yet mastered


@dataclass(frozen=True)
class BKTParams:
    p_init: float = 0.2  # known before any practice
    p_learn: float = 0.15  # learned during one practice opportunity
    p_slip: float = 0.1  # wrong although known
    p_guess: float = 0.2  # right although not known


DEFAULT_PARAMS = BKTParams()


def posterior(p_known: float, correct: bool, params: BKTParams = DEFAULT_PARAMS) -> float:
    """P(known | this response), by Bayes' rule with slip and guess."""
    if correct:
        evidence = p_known * (1 - params.p_slip)
        return evidence / (evidence + (1 - p_known) * params.p_guess)
    evidence = p_known * params.p_slip
    return evidence / (evidence + (1 - p_known) * (1 - params.p_guess))


def bkt_update(p_known: float, correct: bool, params: BKTParams = DEFAULT_PARAMS) -> float:
    """The posterior that the topic is known after one observed response, then the learning step."""
    known = posterior(p_known, correct, params)
    return known + (1 - known) * params.p_learn


def partial_update(
    p_known: float, correct: bool, share: float, params: BKTParams = DEFAULT_PARAMS
) -> float:
    """Indirect evidence worth ``share`` of an observation: that fraction of the Bayes move."""
    return p_known + share * (posterior(p_known, correct, params) - p_known)


def uncertainty(p_known: float, evidence: float) -> float:
    """The standard deviation of a Beta belief with mean p_known and evidence + 2 pseudo-counts."""
    return math.sqrt(p_known * (1 - p_known) / (evidence + 3))


def is_mastered(p_known: float, claimed_known: bool = False) -> bool:
    return claimed_known or p_known >= MASTERED


def steps_to_mastery(p_known: float, params: BKTParams = DEFAULT_PARAMS, limit: int = 50) -> int:
    """How many right answers in a row take the estimate from p_known to mastered."""
    steps = 0
    while p_known < MASTERED and steps < limit:
        p_known = bkt_update(p_known, True, params)
        steps += 1
    return steps


PREREQUISITE_DOUBT = 0.5  # a direct prerequisite below this makes mastery of the topic doubtful
DOUBTED_CEILING = 0.9  # ... and keeps its estimate short of MASTERED
# Two wrong answers in a row on a topic: not something to build on (below READY) until it is
# answered right again. BKT has no forgetting, so a topic once known and since forgotten kept an
# estimate above READY through several errors (with a fitted, high learning rate, through many),
# and what builds on it was asked in vain.
UNSURE_RUN, UNSURE = "00", 0.5


def doubted(p_known: float, prerequisites: list[float], recent: str = "") -> float:
    """The estimate, held below mastery while a direct prerequisite is probably unknown, or when
    the newest answer is the first right one after a wrong one (``recent``, the topic's last
    answers oldest first, ends "01") or the second after two wrong ones ("0011"); held below
    READY after two wrong answers in a row, and when the newest answer is the first right one in
    the window and came after errors ("01", "001", ...).

    Right answers on a topic whose foundations are missing are more likely guesses or pattern
    matching than mastery; the topic is declared mastered only once what it builds on is known
    too (a success on it credits those, so a learner who truly knows it gets there). Likewise one
    right answer after errors: where a fitted learning rate is high, BKT's estimate after a run of
    errors stays high, and a single lucky guess would cross MASTERED; the next right answer does.
    After a run of errors, the third: a goal the learner could not learn yet (nothing builds on
    it to check it later) was asked dozens of times, and fitted parameters took two lucky
    guesses in a row past MASTERED.
    A topic's first right answer after nothing but errors is not yet something to build on: with
    a fitted learning rate (0.34), it lifted the estimate past READY, and a lucky guess on a topic
    the learner had not learned opened what builds on it (bench/efficacy.py's fitted section: most
    questions on topics a learner could not learn yet followed such an answer). The next right
    answer does; a known topic's slip ("11101") keeps its estimate.
    """
    if recent.endswith(UNSURE_RUN) or (recent.endswith("01") and "1" not in recent[:-1]):
        return min(p_known, UNSURE)
    if recent.endswith(("01", UNSURE_RUN + "11")) or any(
        p < PREREQUISITE_DOUBT for p in prerequisites
    ):
        return min(p_known, DOUBTED_CEILING)
    return p_known
