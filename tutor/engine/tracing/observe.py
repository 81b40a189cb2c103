"""One observed answer with its evidence along the prerequisite graph: what the server applies.

``observe`` is the whole per-attempt step of the live engine: the answer updates the item's
skills (``live.update``; with a graph, its learning step only as far as the skill's
prerequisites are believed known, ``readiness``); with a graph, a success credits every
prerequisite in proportion to the edge weights (implicit practice, as Math Academy's FIRe credits
it), a mistake that names a prerequisite counts as a failure there and flags it for remediation
(unless that prerequisite's own answers have since confirmed it), and REPEATED_ERRORS wrong
answers of a failing run (``SkillState.failing``: a lone right answer amid errors does not end
it) count as partial failures on the direct prerequisites (as full ones, one per error, on a
prerequisite never answered right itself; not at all, for a learner who rarely guesses right,
on one whose own last two answers were right) and flag the weakest.
The server (``tutor.practice.evidence``) and the evaluation replay both call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tutor.engine.mastery import READY, REPEATED_ERRORS
from tutor.engine.propagation import credit_shares, suspect_shares
from tutor.engine.tracing import live
from tutor.engine.tracing.live import EngineParams, LearnerState
from tutor.graph import KnowledgeGraph


@dataclass
class Observed:
    p_correct: float  # predicted before the answer
    p_known: dict[str, float]  # the item's skills after it
    credited: dict[str, float] = field(default_factory=dict)
    lowered: dict[str, float] = field(default_factory=dict)
    remediation: list[str] = field(default_factory=list)
    shares: dict[str, float] = field(default_factory=dict)  # observations each lowered one took


class GraphEvidence:
    """The graph's shares of credit and suspicion, per topic, computed once each."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self._credits: dict[str, dict[str, float]] = {}
        self._suspects: dict[str, dict[str, float]] = {}
        self._direct: dict[str, dict[str, float]] = {}

    def __contains__(self, skill: str) -> bool:
        return skill in self.graph

    def prerequisites(self, skill: str) -> list[str]:
        return list(self.graph.prerequisites(skill)) if skill in self.graph else []

    def direct(self, skill: str) -> dict[str, float]:
        """The skill's direct prerequisites with their edges' weights."""
        if skill not in self._direct:
            self._direct[skill] = {
                p: self.graph.weight(p, skill) for p in self.prerequisites(skill)
            }
        return self._direct[skill]

    def credits(self, skill: str) -> dict[str, float]:
        if skill not in self._credits:
            self._credits[skill] = credit_shares(self.graph, skill) if skill in self.graph else {}
        return self._credits[skill]

    def suspects(self, skill: str) -> dict[str, float]:
        if skill not in self._suspects:
            self._suspects[skill] = suspect_shares(self.graph, skill) if skill in self.graph else {}
        return self._suspects[skill]


# How often a learner's guesses come out right, before their own answers tell: a prior of
# GUESS_PRIOR_RIGHTS lone right answers in GUESS_PRIOR_ANSWERS answers of failing runs.
GUESS_PRIOR_RIGHTS, GUESS_PRIOR_ANSWERS = 1, 10
# Below this rate, two right answers in a row on a topic are trusted as knowing it (see observe).
# On bench/efficacy.py's learners at the end of their course: guess 0.1 reads 0.045 to 0.06,
# guess 0.2 0.07 to 0.085 (some trusted, some not), guess 0.25 0.075 to 0.105. Trusting the
# learners at 0.25 for longer runs (up to 9 errors) declared 2 goals of 6 they did not know.
TRUSTED_GUESSING = 0.08


def guessing(state: LearnerState) -> float:
    """The learner's lone right answers (a right answer in a failing run that a wrong one
    followed) per answer given in a failing run, with the prior above: how often what looks like
    a topic confirmed may be luck."""
    return (state.lone_rights + GUESS_PRIOR_RIGHTS) / (state.run_answers + GUESS_PRIOR_ANSWERS)


# Before a learner's own runs tell: PRIOR_RUN_ERRORS errors in PRIOR_RUNS failing runs.
PRIOR_RUN_ERRORS, PRIOR_RUNS = 4, 2


def trusted_run(state: LearnerState) -> float:
    """How many errors on a new topic leave a trusted prerequisite alone: 2 * REPEATED_ERRORS,
    or twice the errors this learner's failing runs that ended took on average (with the prior
    above), if more. A learner who needs many tries to learn a topic makes many errors on each
    new one without missing anything below it; with the fixed 6, learners who learn at 0.1 to
    0.2 a practice were sent back to known topics 503 times each (of 4,380 questions), with this
    240 (of 4,099), in bench/efficacy.py's simulation."""
    typical = (state.run_errors + PRIOR_RUN_ERRORS) / (state.runs_ended + PRIOR_RUNS)
    return max(2 * REPEATED_ERRORS, 2 * typical)


def suspicious(failing: int) -> bool:
    """After REPEATED_ERRORS wrong answers of a failing run (``SkillState.failing``), and each
    REPEATED_ERRORS more: the errors point at the prerequisites (not at every error after, which
    would count the same run again)."""
    return failing >= REPEATED_ERRORS and failing % REPEATED_ERRORS == 0


def _confirmed(state: LearnerState, skill: str) -> bool:
    """The skill's own newest answer is right, and not the first right one after a wrong one (one
    right answer after errors may be a guess: ``mastery.doubted`` holds it below mastery too)."""
    s = state.skills.get(skill)
    return s is not None and s.streak > 0 and not s.recent.endswith("01")


def _secure(state: LearnerState, skill: str) -> bool:
    """The skill's own last two answers were right."""
    s = state.skills.get(skill)
    return s is not None and s.streak >= 2


def _implicit(state: LearnerState, skill: str) -> bool:
    """No right answer of the skill's own yet (what the engine believes of it is inferred)."""
    s = state.skills.get(skill)
    return s is None or s.wins == 0


def readiness(params: EngineParams, state: LearnerState, graph: GraphEvidence, skill: str) -> float:
    """The belief that what the skill builds on is known, each direct prerequisite counted by its
    edge's weight (one of weight w is needed w of the time), as if independent: practice can teach
    a topic only then. BKT's learning rate alone assumed every practice could teach it: after
    errors on a topic whose foundation was missing, its estimate settled near the learning rate,
    and one or two lucky answers lifted it to READY. In bench/efficacy.py, with fitted rates (0.34)
    simulated learners spent 400 to 960 questions each on topics they could not learn yet, and
    learners who guess a quarter of the time were declared masters of goals they did not know.
    """
    ready = 1.0
    for prerequisite, weight in graph.direct(skill).items():
        ready *= 1 - weight * (1 - state.known(prerequisite, params))
    return ready


def prerequisites_of(graph: GraphEvidence | None, skills: Sequence[str]) -> list[str]:
    if graph is None:
        return []
    return sorted({p for s in skills for p in graph.prerequisites(s)} - set(skills))


def observe(
    params: EngineParams,
    state: LearnerState,
    skills: Sequence[str],
    correct: bool,
    now: float | None = None,
    graph: GraphEvidence | None = None,
    mistake_prerequisite: str | None = None,
    item: str | None = None,
    seconds: float | None = None,
) -> Observed:
    """Predict, then fold in the answer and its evidence along the graph (state changes in
    place). ``item`` names the question answered, where known (items of a skill differ in
    difficulty); ``seconds``, how long the answer took, where known (it tells the next
    prediction: ``live.EngineParams.slowness``)."""
    p_correct = live.predict(params, state, skills, now, prerequisites_of(graph, skills), item)
    struggling = {
        s for s in skills if s in state.skills and state.skills[s].failing >= REPEATED_ERRORS
    }
    # What the engine believed of each skill before this answer: a right answer credits the
    # foundations by it (below).
    believed = {s: state.known(s, params) for s in skills} if correct and graph is not None else {}
    ready = (
        {s: readiness(params, state, graph, s) for s in skills if s in graph}
        if graph is not None
        else None
    )
    live.update(params, state, skills, correct, now, ready, item, seconds)
    result = Observed(p_correct, {s: state.skills[s].p_known for s in skills})
    if graph is None:
        return result
    for skill in skills:
        if skill not in graph:
            continue
        if correct:
            # A right answer after repeated errors on the same topic is likely a guess;
            # crediting the foundations from it would undo the doubt the errors cast on them (a
            # learner missing a prerequisite was re-asked the topic forever). The next right
            # answer in a row credits them.
            if skill in struggling:
                continue
            # A right answer shows the foundations only if it came from knowing the topic, not
            # from a guess: against a prerequisite that is known, one that is not (the topic
            # then cannot be known) leaves only the guess, so the evidence a right answer
            # carries for it is the topic's likelihood ratio (k(1 - slip) + (1 - k) guess) /
            # guess: k of the way (1 + k(LR - 1)) to a right answer on the prerequisite itself,
            # whose ratio is LR = (1 - slip) / guess.
            # Crediting it fully from a topic believed unknown let lucky guesses there hold up
            # a missing prerequisite (with multiple-choice guessing, a learner re-asked a topic
            # they could not learn until the budget ran out, or declared a goal they did not
            # know: bench/efficacy.py's simulated learners at guess 0.2).
            known = believed[skill]
            for prerequisite, share in graph.credits(skill).items():
                # Direct evidence stays authoritative: a prerequisite whose own last answer was
                # wrong is credited again only once it is answered right itself.
                if prerequisite in state.skills and state.skills[prerequisite].streak < 0:
                    continue
                result.credited[prerequisite] = live.credit(
                    params, state, prerequisite, True, share * known
                )
        elif (
            mistake_prerequisite
            and mistake_prerequisite in graph
            and not _confirmed(state, mistake_prerequisite)
        ):
            # A mistake rule's guess at the cause yields to the prerequisite's own answers: once
            # it is answered right again (and not just once after errors), the same mistake on
            # this topic is a plain error here, and repeated errors suspect the other
            # prerequisites (sending the learner back to the named one forever would never
            # find a gap the rule does not name).
            result.lowered[mistake_prerequisite] = live.credit(
                params, state, mistake_prerequisite, False, 1.0
            )
            result.shares[mistake_prerequisite] = 1.0
            result.remediation.append(mistake_prerequisite)
        elif suspicious(failing := state.skills[skill].failing):
            lowered: dict[str, float] = {}
            # A prerequisite whose own last two answers were right is known, for a learner whose
            # guesses are rarely right: the first run of errors here is this topic's own learning
            # (it takes practice to learn), which says nothing against it. Lowering it sent
            # learners back to topics they knew after every few errors on a new one (bench/
            # efficacy.py: about 60 of its 124 remediations of a known topic a learner); a
            # learner who guesses often may have guessed the two, and is checked as before.
            trusted = guessing(state) < TRUSTED_GUESSING and failing < trusted_run(state)
            for p, share in graph.suspects(skill).items():
                if trusted and _secure(state, p):
                    continue
                observations = 1
                if _implicit(state, p):
                    # Never answered right itself, its estimate rests on inference: placement's,
                    # and the credit each success on what builds on it gave as an observation of
                    # it. The errors count against it as fully: each one of the run an
                    # observation, worth what a success would have credited it. It then falls
                    # short of READY, and its own answer settles it.
                    share = max(share, graph.credits(skill).get(p, 0.0))
                    observations = REPEATED_ERRORS
                for _ in range(observations):
                    lowered[p] = live.credit(params, state, p, False, share)
                result.shares[p] = share * observations
            result.lowered.update(lowered)
            # The suspect is the weakest prerequisite not just confirmed by a right answer of its
            # own (a first right answer after errors does not confirm it).

            unconfirmed = [p for p in lowered if not _confirmed(state, p)]
            weakest = (
                min(unconfirmed or lowered, key=lambda p: (lowered[p], p)) if lowered else None
            )
            # Flagged once doubtful, or when the errors go on: then check the foundation directly.
            persistent = failing >= 2 * REPEATED_ERRORS
            if weakest is not None and (lowered[weakest] < READY or persistent):
                result.remediation.append(weakest)
    return result
