"""The live engine: one attempt at a time, the update and prediction the server runs.

A learner's state is plain values: an Elo ability and overall counts, and per skill (topic) a
knowledge estimate (BKT), counts of right and wrong answers, the last few results, the current
run and when it was last tried. ``predict`` turns the state into P(correct) for an item that
exercises one or more skills, through a logistic regression over features of that state; the
weights (``EngineParams``) are fitted by ``tutor.engine.tracing.fit_live`` from a log. ``update``
folds one observed answer into the state. ``credit`` is graph evidence: a share of an
observation reaching a prerequisite. The server and ``tutor mastery evaluate`` both call these
functions, so what is measured is what learners get.

Pure: no database; the state is a dataclass the caller loads and stores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tutor.engine.mastery import DEFAULT_PARAMS

WINDOW = 5
ELO_ALPHA, ELO_BETA = 1.0, 0.05
SKILL_ALPHA = 0.4
PRIOR_VARIANCE = 1.0
# Knowledge estimates stop short of certainty, so that one wrong answer on a topic believed known
# (a failed review) takes it below mastery at once rather than after a long run of errors.
CERTAIN = 0.99
FADE_DAYS = 30.0
SEPARATOR = "~~"  # DataShop's separator of several skills (KCs) on one step

FEATURES = (
    "bkt",
    "elo",
    "ability",
    "easiness",
    "skill_ability",
    "skill_wins",
    "skill_fails",
    "learner_wins",
    "learner_fails",
    "recent_rate",
    "new_skill",
    "overall_rate",
    "last_on_skill",
    "right_streak",
    "wrong_streak",
    "since_skill",
    "since_any",
    "prerequisites",
    "no_prerequisites",
    "bayes_ability",
    "bayes_uncertainty",
    "bkt_x_since",
    "ability_x_new",
    "bkt_x_tries",
    "elo_squared",
    "all_known",
    "bkt_faded",
    "item_easiness",
    "skill_slowness",
    "slow_right",
    "learner_slowness",
)
# How far an answer's time may stray from its skill's typical one, in log units, as a feature
# (a tab left open all afternoon is not a hundred times as telling as one left for an hour).
MAX_SLOWNESS = 3.0
SLOWNESS_DECAY = 0.8  # the learner's slowness: this much of it stays at each timed answer


@dataclass(frozen=True)
class SkillParams:
    init: float = DEFAULT_PARAMS.p_init  # BKT, as tutor.engine.mastery uses before any fit
    learn: float = DEFAULT_PARAMS.p_learn
    guess: float = DEFAULT_PARAMS.p_guess
    slip: float = DEFAULT_PARAMS.p_slip
    difficulty: float = 0.0
    intercept: float = 0.0  # per-skill terms of the regression (PFA-style)
    win_slope: float = 0.0
    fail_slope: float = 0.0


@dataclass(frozen=True)
class EngineParams:
    """Fitted weights: ``weights`` over FEATURES on the raw (unscaled) feature values.
    ``items``: per item (question), how much easier than its skills' other items it is, in
    log-odds (0 for an item the fit did not see). ``log_seconds``: per skill, the typical
    (median) log of the seconds an answer takes, ``item_log_seconds`` per item (items differ in
    length), ``default_log_seconds`` over all (None when the fit saw no times: then times are
    not used)."""

    skills: Mapping[str, SkillParams]
    default: SkillParams
    weights: Sequence[float]
    bias: float
    items: Mapping[str, float] = field(default_factory=dict)
    log_seconds: Mapping[str, float] = field(default_factory=dict)
    default_log_seconds: float | None = None
    item_log_seconds: Mapping[str, float] = field(default_factory=dict)

    def of(self, skill: str) -> SkillParams:
        return self.skills.get(skill, self.default)

    def easiness(self, item: str | None) -> float:
        return self.items.get(item, 0.0) if item else 0.0

    def slowness(
        self, skills: Sequence[str], seconds: float | None, item: str | None = None
    ) -> float | None:
        """How much slower than typical for its item (or, where the fit did not time the item,
        its skills) an answer that took ``seconds`` was, in log units (negative: faster), within
        MAX_SLOWNESS; None when either is unknown."""
        if seconds is None or not seconds > 0 or self.default_log_seconds is None:
            return None
        typical = self.item_log_seconds.get(item) if item else None
        if typical is None:
            default = self.default_log_seconds
            typical = sum(self.log_seconds.get(s, default) for s in skills) / len(skills)
        slowness = math.log(seconds) - typical
        return max(-MAX_SLOWNESS, min(MAX_SLOWNESS, slowness))

    def to_json(self) -> dict:
        fields = SkillParams.__dataclass_fields__
        return {
            "features": list(FEATURES),
            "weights": list(self.weights),
            "bias": self.bias,
            "default": [getattr(self.default, f) for f in fields],
            "skills": {s: [getattr(p, f) for f in fields] for s, p in self.skills.items()},
            "items": dict(self.items),
            "log_seconds": dict(self.log_seconds),
            "default_log_seconds": self.default_log_seconds,
            "item_log_seconds": dict(self.item_log_seconds),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> EngineParams:
        weights = dict(zip(data["features"], data["weights"], strict=True))
        return cls(
            {s: SkillParams(*v) for s, v in data["skills"].items()},
            SkillParams(*data["default"]),
            [float(weights.get(f, 0.0)) for f in FEATURES],
            float(data["bias"]),
            {str(i): float(e) for i, e in data.get("items", {}).items()},
            {str(s): float(t) for s, t in data.get("log_seconds", {}).items()},
            data.get("default_log_seconds"),
            {str(i): float(t) for i, t in data.get("item_log_seconds", {}).items()},
        )


def _defaults() -> EngineParams:
    """Before any fit: the BKT prediction alone (weight 1 on its logit), a little Elo and
    history."""
    weights = dict.fromkeys(FEATURES, 0.0)
    weights.update(bkt=1.0, elo=0.3, recent_rate=0.3)
    return EngineParams({}, SkillParams(), [weights[f] for f in FEATURES], -0.3 * 0.5)


DEFAULT_ENGINE = _defaults()


@dataclass
class SkillState:
    p_known: float
    wins: float = 0.0
    fails: float = 0.0
    recent: str = ""  # the last WINDOW results, oldest first, "1" right and "0" wrong
    streak: int = 0  # n > 0: n right in a row; n < 0: -n wrong in a row
    ability: float = 0.0  # the learner's Elo ability on this skill beyond the overall one
    last_time: float | None = None
    # Wrong answers since the last two right in a row: a lone right answer amid errors (a
    # guess, as often as not) does not end a failing run, as it ends a streak.
    failing: int = 0
    # The last answer's slowness (``EngineParams.slowness``; 0 where its time is unknown): a
    # right answer that took long came harder than one that did not.
    slowness: float = 0.0


@dataclass
class LearnerState:
    ability: float = 0.0
    responses: int = 0
    wins: float = 0.0
    fails: float = 0.0
    recent: str = ""  # the last 2 * WINDOW results
    last_time: float | None = None
    # A Gaussian belief over ability against the skills' difficulties, updated by Laplace's
    # approximation (the Bayesian form of Elo): sharper than Elo early in a learner's history.
    mean: float = 0.0
    variance: float = PRIOR_VARIANCE
    skills: dict[str, SkillState] = field(default_factory=dict)
    # Answers given in a failing run, and the right ones among them that the next answer showed
    # were not learning (a wrong answer followed): how often this learner's guesses come out right.
    run_answers: int = 0
    lone_rights: int = 0
    # Failing runs that ended in two right answers in a row, and their wrong answers: how many
    # errors it takes this learner to learn a topic.
    runs_ended: int = 0
    run_errors: int = 0
    # A decaying mean of the slowness of the learner's timed answers (SLOWNESS_DECAY).
    slowness: float = 0.0

    def known(self, name: str, params: EngineParams) -> float:
        """The skill's knowledge estimate, its prior where it has none yet (nothing is added)."""
        state = self.skills.get(name)
        return state.p_known if state is not None else params.of(name).init

    def skill(self, name: str, params: EngineParams) -> SkillState:
        state = self.skills.get(name)
        if state is None:
            state = self.skills[name] = SkillState(params.of(name).init)
        return state


def split_skills(name: str) -> list[str]:
    """The skills of an item: one name, or several joined by SEPARATOR; never none."""
    parts = [p.strip() for p in name.split(SEPARATOR) if p.strip()]
    return parts or [name]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-min(max(x, -30.0), 30.0)))


def _rate(recent: str) -> float:
    return recent.count("1") / len(recent) if recent else 0.0


def _since(now: float | None, then: float | None) -> float:
    return math.log1p(max(now - then, 0.0)) if now is not None and then is not None else 0.0


def features(
    params: EngineParams,
    state: LearnerState,
    skills: Sequence[str],
    now: float | None = None,
    prerequisites: Sequence[str] = (),
    item: str | None = None,
) -> list[float]:
    """FEATURES for an item on ``skills`` at time ``now`` (seconds), from the state before it;
    ``item`` names the question where known."""
    k = len(skills)
    total = [0.0] * 13
    for name in skills:
        p, s = params.of(name), state.skills.get(name)
        known = s.p_known if s else p.init
        tried = s is not None and (s.wins + s.fails) > 0
        recent = s.recent if s else ""
        streak = s.streak if s else 0
        values = (
            _logit(known * (1 - p.slip) + (1 - known) * p.guess),
            -p.difficulty,
            s.ability if s else 0.0,
            math.log1p(s.wins if s else 0.0),
            math.log1p(s.fails if s else 0.0),
            _rate(recent),
            0.0 if recent else 1.0,
            float(recent[-1]) if recent else 0.5,
            math.log1p(max(streak, 0)),
            math.log1p(max(-streak, 0)),
            _since(now, s.last_time if s else None),
            0.0 if tried else 1.0,
            p.difficulty,
        )
        total = [a + b for a, b in zip(total, values, strict=True)]
    (
        bkt,
        easiness,
        skill_ability,
        wins,
        fails,
        recent_rate,
        new_skill,
        last,
        right,
        wrong,
        since,
        _first,
        difficulty,
    ) = (v / k for v in total)
    all_known, faded = 1.0, 0.0
    for name in skills:  # an item on several skills needs them all; knowledge fades with time away
        p, s = params.of(name), state.skills.get(name)
        known = s.p_known if s else p.init
        all_known *= known
        away = (
            max(now - s.last_time, 0.0) / 86400
            if s and now is not None and s.last_time is not None
            else 0.0
        )
        faded += _logit(known * math.exp(-away / FADE_DAYS)) / k
    tried_states = [s for s in (state.skills.get(name) for name in skills) if s is not None]
    known_prereqs = [state.known(p, params) for p in prerequisites]
    prereq = min((_logit(q) for q in known_prereqs), default=0.0)  # the weakest foundation
    return [
        bkt,
        state.ability - difficulty + skill_ability,
        state.ability,
        easiness,
        skill_ability,
        wins,
        fails,
        math.log1p(state.wins),
        math.log1p(state.fails),
        recent_rate,
        new_skill,
        _rate(state.recent),
        last,
        right,
        wrong,
        since,
        _since(now, state.last_time),
        prereq,
        0.0 if known_prereqs else 1.0,
        (state.mean - difficulty) / math.sqrt(1 + math.pi * state.variance / 8),
        state.variance,
        # Interactions a linear model cannot form itself: knowledge fades with time away, a
        # first try leans on ability, and the knowledge estimate firms up with practice.
        bkt * since,
        (state.mean - difficulty) * new_skill,
        bkt * math.log1p(wins + fails),
        (state.ability - difficulty + skill_ability) ** 2,
        _logit(all_known),
        faded,
        params.easiness(item),
        sum(s.slowness for s in tried_states) / k,
        sum(s.slowness for s in tried_states if s.recent.endswith("1")) / k,
        state.slowness,
    ]


def score(
    params: EngineParams, state: LearnerState, skills: Sequence[str], row: Sequence[float]
) -> float:
    """The regression's logit for a feature row: shared weights plus the skills' own terms."""
    z = params.bias + sum(w * x for w, x in zip(params.weights, row, strict=True))
    for name in skills:
        p, s = params.of(name), state.skills.get(name)
        z += (
            p.intercept
            + p.win_slope * math.log1p(s.wins if s else 0.0)
            + p.fail_slope * math.log1p(s.fails if s else 0.0)
        ) / len(skills)
    return z


def predict(
    params: EngineParams,
    state: LearnerState,
    skills: Sequence[str],
    now: float | None = None,
    prerequisites: Sequence[str] = (),
    item: str | None = None,
) -> float:
    """P(the learner answers an item on ``skills`` right), from the state before it."""
    return _sigmoid(
        score(params, state, skills, features(params, state, skills, now, prerequisites, item))
    )


def bkt_step(p_known: float, correct: bool, p: SkillParams, ready: float = 1.0) -> float:
    """BKT: the posterior after the response, then the chance to learn from the practice (which
    needs the skill's prerequisites: ``ready``, the belief that they are known)."""
    if correct:
        right = p_known * (1 - p.slip)
        known = right / (right + (1 - p_known) * p.guess)
    else:
        wrong = p_known * p.slip
        known = wrong / (wrong + (1 - p_known) * (1 - p.guess))
    return min(known + (1 - known) * p.learn * ready, CERTAIN)


def update(
    params: EngineParams,
    state: LearnerState,
    skills: Sequence[str],
    correct: bool,
    now: float | None = None,
    ready: Mapping[str, float] | None = None,
    item: str | None = None,
    seconds: float | None = None,
) -> LearnerState:
    """Fold one observed answer into the state (in place; returned for chaining). ``ready``: per
    skill, the belief that what it builds on is known (1 where not given). The answer moves the
    learner's ability by its surprise, which an easy item (``item``) makes smaller for a right
    answer and larger for a wrong one. ``seconds``, how long the answer took, where known."""
    slowness = params.slowness(skills, seconds, item)
    if slowness is not None:
        state.slowness = SLOWNESS_DECAY * state.slowness + (1 - SLOWNESS_DECAY) * slowness
    mean_difficulty = sum(params.of(s).difficulty for s in skills) / len(skills)
    mean_difficulty -= params.easiness(item)
    skill_bonus = sum(state.skill(s, params).ability for s in skills) / len(skills)
    surprise = float(correct) - _sigmoid(state.ability - mean_difficulty + skill_bonus)
    state.ability += ELO_ALPHA / (1 + ELO_BETA * state.responses) * surprise
    expected = _sigmoid(state.mean - mean_difficulty)
    state.variance = 1 / (1 / state.variance + expected * (1 - expected))
    state.mean += state.variance * (float(correct) - expected)
    for name in skills:
        s = state.skill(name, params)
        s.p_known = bkt_step(
            s.p_known, correct, params.of(name), 1.0 if ready is None else ready.get(name, 1.0)
        )
        tries = s.wins + s.fails
        s.ability += SKILL_ALPHA / (1 + ELO_BETA * tries) * surprise
        s.wins, s.fails = s.wins + correct, s.fails + (not correct)
        s.recent = (s.recent + ("1" if correct else "0"))[-WINDOW:]
        s.streak = (max(s.streak, 0) + 1) if correct else (min(s.streak, 0) - 1)
        ends_run = correct and s.recent.endswith("11")
        if s.failing:
            state.run_answers += 1
            state.lone_rights += int(not correct and s.recent.endswith("10"))
            if ends_run:
                state.runs_ended += 1
                state.run_errors += s.failing
        s.failing = 0 if ends_run else s.failing + (not correct)
        s.last_time = now if now is not None else s.last_time
        s.slowness = slowness if slowness is not None else 0.0
    state.responses += 1
    state.wins, state.fails = state.wins + correct, state.fails + (not correct)
    state.recent = (state.recent + ("1" if correct else "0"))[-2 * WINDOW :]
    state.last_time = now if now is not None else state.last_time
    return state


def credit(
    params: EngineParams, state: LearnerState, skill: str, correct: bool, share: float
) -> float:
    """Indirect evidence worth ``share`` of an observation on ``skill``: that part of the Bayes
    move.

    A success on a topic credits what it builds on; a mistake that names a prerequisite, or
    repeated errors, count against it. Returns the skill's new knowledge estimate.
    """
    s, p = state.skill(skill, params), params.of(skill)
    if correct:
        right = s.p_known * (1 - p.slip)
        posterior = right / (right + (1 - s.p_known) * p.guess)
    else:
        wrong = s.p_known * p.slip
        posterior = wrong / (wrong + (1 - s.p_known) * (1 - p.guess))
    s.p_known = min(s.p_known + share * (posterior - s.p_known), CERTAIN)
    return s.p_known


def state_to_json(state: LearnerState) -> dict:
    """The state as JSON values, without the knowledge estimates (the caller keeps those per
    topic)."""
    return {
        "ability": state.ability,
        "responses": state.responses,
        "wins": state.wins,
        "fails": state.fails,
        "recent": state.recent,
        "last_time": state.last_time,
        "mean": state.mean,
        "variance": state.variance,
        "run_answers": state.run_answers,
        "lone_rights": state.lone_rights,
        "runs_ended": state.runs_ended,
        "run_errors": state.run_errors,
        "slowness": state.slowness,
        "skills": {
            name: [
                s.wins,
                s.fails,
                s.recent,
                s.streak,
                s.ability,
                s.last_time,
                s.failing,
                s.slowness,
            ]
            for name, s in state.skills.items()
            if s.wins + s.fails > 0
        },
    }


def failing_of(rest: Sequence, streak: int) -> int:
    """A stored skill's failing run; a state stored before the run was kept has its streak's."""
    return int(rest[0]) if rest else max(-int(streak), 0)


def state_from_json(
    data: Mapping, p_known: Mapping[str, float], params: EngineParams
) -> LearnerState:
    """The inverse of state_to_json, with the topics' knowledge estimates given by ``p_known``."""
    state = LearnerState(
        data.get("ability", 0.0),
        data.get("responses", 0),
        data.get("wins", 0.0),
        data.get("fails", 0.0),
        data.get("recent", ""),
        data.get("last_time"),
        data.get("mean", 0.0),
        data.get("variance", PRIOR_VARIANCE),
        run_answers=data.get("run_answers", 0),
        lone_rights=data.get("lone_rights", 0),
        runs_ended=data.get("runs_ended", 0),
        run_errors=data.get("run_errors", 0),
        slowness=data.get("slowness", 0.0),
    )
    for name, (wins, fails, recent, streak, ability, last_time, *rest) in data.get(
        "skills", {}
    ).items():
        state.skills[name] = SkillState(
            p_known.get(name, params.of(name).init),
            wins,
            fails,
            recent,
            streak,
            ability,
            last_time,
            failing_of(rest, streak),
            float(rest[1]) if len(rest) > 1 else 0.0,
        )
    for name, p in p_known.items():
        state.skill(name, params).p_known = p
    return state
