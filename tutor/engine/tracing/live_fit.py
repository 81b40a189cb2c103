"""Fitting the live engine from a response log, and replaying a log through it.

``replay`` runs each learner's responses, in order, through ``observe`` (the server's own step)
and records what it predicted before each. ``fit_live`` fits the parts that have a batch
estimator (per-skill BKT by EM, Elo difficulties, the items' easiness where the log names
items) on the log with each item's skills as rows of their own, then replays the training
learners through the live code to get the regression's features exactly as the server will
compute them, and fits the regression on those.

The replay is cross-fitted: each half of the learners is replayed with the batch parts fitted on
the other half, so the regression learns how far those parts can be trusted on learners they
were not fitted on (as every learner the server sees is). The regression's regularisation is
chosen by cross-validation over learners.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.model_selection import GroupKFold

from tutor.engine.tracing import bkt, elo, live
from tutor.engine.tracing.live import (
    FEATURES,
    EngineParams,
    LearnerState,
    SkillParams,
    split_skills,
)
from tutor.engine.tracing.log import ResponseLog
from tutor.engine.tracing.observe import GraphEvidence, observe, prerequisites_of

MAX_REGRESSION_ROWS = 200_000
# The regression's inverse regularisation strength, chosen among these by cross-validation over
# learners: how far a log's weights can be trusted depends on the log (on a few hundred real
# learners, unregularised weights fitted their noise).
REGULARISATION = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
DEFAULT_REGULARISATION = 1.0  # where the log has too few learners to choose
FOLDS = 3
CV_ROWS = 50_000
SHRINK_RESPONSES = 30  # a skill with this many responses is half its own fit, half the pooled one
ITEM_PRIOR = 10  # an item with this many responses is half its own rate, half its skills'


@dataclass(frozen=True)
class Replay:
    predicted: np.ndarray  # per row of the log
    features: np.ndarray  # per row: FEATURES before it
    skill_terms: list[list[tuple[str, float, float]]]  # per row: (skill, log1p wins, log1p fails)


def item_skills(log: ResponseLog) -> list[list[str]]:
    """Per skill name of the log, its component skills."""
    return [split_skills(str(name)) for name in log.skill_names]


def expand(log: ResponseLog) -> tuple[ResponseLog, list[str]]:
    """The log with one row per (response, component skill), and the component skill names."""
    parts = item_skills(log)
    names = sorted({s for p in parts for s in p})
    number = {s: i for i, s in enumerate(names)}
    per_item = [np.array([number[s] for s in p]) for p in parts]
    lengths = np.array([len(p) for p in per_item])[log.skill]
    rows = np.repeat(np.arange(len(log)), lengths)
    skill = np.concatenate([per_item[i] for i in log.skill]) if len(log) else np.zeros(0, np.int64)
    expanded = ResponseLog(
        log.learner[rows],
        skill.astype(np.int64),
        log.correct[rows],
        log.time[rows],
        log.learner_names,
        np.array(names, dtype=object),
        seconds=log.seconds[rows] if log.seconds is not None else None,
    )
    return expanded, names


def replay(
    params: EngineParams,
    log: ResponseLog,
    graph: GraphEvidence | None = None,
    learners: np.ndarray | None = None,
) -> Replay:
    """Every response of ``learners`` (all by default) predicted from that learner's earlier
    ones."""
    parts = item_skills(log)
    rows = (
        np.arange(len(log)) if learners is None else np.flatnonzero(np.isin(log.learner, learners))
    )
    predicted = np.full(len(log), np.nan)
    table = np.zeros((len(log), len(FEATURES)))
    terms: list[list[tuple[str, float, float]]] = [[] for _ in range(len(log))]
    state, current = LearnerState(), -1
    for row in rows:  # the log is sorted by learner, then time
        if log.learner[row] != current:
            state, current = LearnerState(), log.learner[row]
        skills = parts[log.skill[row]]
        now = None if np.isnan(log.time[row]) else float(log.time[row])
        item = log.item_of(int(row))
        table[row] = live.features(
            params, state, skills, now, prerequisites_of(graph, skills), item
        )
        terms[row] = [(s, *_counts(state, s)) for s in skills]
        predicted[row] = observe(
            params,
            state,
            skills,
            bool(log.correct[row]),
            now,
            graph,
            item=item,
            seconds=log.seconds_of(int(row)),
        ).p_correct
    return Replay(predicted, table, terms)


def _counts(state: LearnerState, skill: str) -> tuple[float, float]:
    s = state.skills.get(skill)
    return (float(np.log1p(s.wins)), float(np.log1p(s.fails))) if s else (0.0, 0.0)


def fit_live(log: ResponseLog, graph: GraphEvidence | None = None, seed: int = 0) -> EngineParams:
    """Parameters for the live engine from a training log (one item per row; skills may be
    joined)."""
    base = _batch_params(log)
    learners = np.unique(log.learner)
    counts = np.bincount(log.learner)
    if counts.sum() > MAX_REGRESSION_ROWS:  # whole learners, as features need their history
        shuffled = np.random.default_rng(seed).permutation(learners)
        learners = shuffled[
            : max(1, int(np.searchsorted(np.cumsum(counts[shuffled]), MAX_REGRESSION_ROWS)))
        ]
    replayed = _cross_fitted_replay(base, log, graph, learners, seed)
    rows = np.flatnonzero(~np.isnan(replayed.predicted))
    return _fit_regression(
        base, replayed, rows, log.correct[rows], list(base.skills), log.learner[rows]
    )


def item_easiness(log: ResponseLog) -> dict[str, float]:
    """Per item the log names: how much more often it is answered right than its skills' other
    items, in log-odds, its rate shrunk towards theirs by ITEM_PRIOR responses (a rarely seen
    item is about as easy as its skills)."""
    if log.item is None or log.item_names is None or not len(log):
        return {}
    skill_rate = (np.bincount(log.skill, log.correct, len(log.skill_names)) + 1) / (
        np.bincount(log.skill, minlength=len(log.skill_names)) + 2
    )
    size = len(log.item_names)
    answered = np.bincount(log.item, minlength=size).astype(float)
    right = np.bincount(log.item, log.correct, size)
    expected = np.bincount(log.item, skill_rate[log.skill], size) / np.maximum(answered, 1)
    shrunk = (right + ITEM_PRIOR * expected) / (answered + ITEM_PRIOR)
    easiness = _log_odds(shrunk) - _log_odds(expected)
    return {
        str(name): float(easiness[i])
        for i, name in enumerate(log.item_names)
        if answered[i] and str(name)
    }


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def _cross_fitted_replay(
    base: EngineParams,
    log: ResponseLog,
    graph: GraphEvidence | None,
    learners: np.ndarray,
    seed: int,
) -> Replay:
    """The replay of ``learners``, each half with the batch parts fitted on the rest of the log
    (``base``, fitted on all of it, less the items' easiness, where there is no rest). Fitted on
    the learner's own answers, an item's easiness or a skill's BKT would tell the regression
    those answers, and it would trust them more than they deserve on new learners."""
    halves = np.array_split(np.random.default_rng(seed).permutation(learners), 2)
    predicted = np.full(len(log), np.nan)
    table = np.zeros((len(log), len(FEATURES)))
    terms: list[list[tuple[str, float, float]]] = [[] for _ in range(len(log))]
    for half in halves:
        if not len(half):
            continue
        own = np.isin(log.learner, half)
        rest = log.subset(~own)
        params = _batch_params(rest) if len(rest) else replace(base, items={})
        part = replay(params, log, graph, half)
        rows = np.flatnonzero(own)
        predicted[rows], table[rows] = part.predicted[rows], part.features[rows]
        for row in rows:
            terms[row] = part.skill_terms[row]
    return Replay(predicted, table, terms)


def _batch_params(log: ResponseLog) -> EngineParams:
    """The batch parts (per-skill BKT, Elo difficulties, typical times, the items' easiness)
    fitted on ``log`` alone."""
    expanded, names = expand(log)
    return replace(
        _base_params(expanded, names),
        item_log_seconds=typical_log_seconds(log, log.item, log.item_names)[0],
        items=item_easiness(log),
    )


def _base_params(expanded: ResponseLog, names: list[str]) -> EngineParams:
    """Per-skill BKT (by EM) and Elo difficulty; a skill with few responses leans on the pooled
    parameters (the response-weighted mean over skills), which also serve skills never seen."""
    n = len(names)
    skill_bkt = bkt.fit(expanded, n)
    difficulty = elo.fit(expanded, n)
    counts = np.bincount(expanded.skill, minlength=n).astype(float)
    fields = ("init", "learn", "guess", "slip")
    fitted = {f: getattr(skill_bkt, f) for f in fields}
    pooled = {
        f: float(np.average(v, weights=counts)) if counts.sum() else getattr(SkillParams(), f)
        for f, v in fitted.items()
    }
    weight = counts / (counts + SHRINK_RESPONSES)
    shrunk = {f: weight * v + (1 - weight) * pooled[f] for f, v in fitted.items()}
    skills = {
        name: SkillParams(
            **{f: float(shrunk[f][i]) for f in fields}, difficulty=float(difficulty[i])
        )
        for i, name in enumerate(names)
    }
    default = SkillParams(
        **{f: pooled[f] for f in fields}, difficulty=float(difficulty.mean()) if n else 0.0
    )
    log_seconds, default_log_seconds = typical_log_seconds(expanded, expanded.skill, names)
    return EngineParams(
        skills,
        default,
        [0.0] * len(FEATURES),
        0.0,
        log_seconds=log_seconds,
        default_log_seconds=default_log_seconds,
    )


MIN_TIMED = 5  # a skill or item with fewer timed answers takes a wider typical time


def typical_log_seconds(
    log: ResponseLog, group: np.ndarray | None, names: Sequence[str] | np.ndarray | None
) -> tuple[dict[str, float], float | None]:
    """Per group of rows (``group`` indexes ``names``: the rows' skills, or their items) with
    MIN_TIMED timed answers or more, the median log of their seconds, and the median over all;
    ({}, None) for a log without times."""
    if log.seconds is None or group is None or names is None:
        return {}, None
    timed = log.seconds > 0
    if not timed.any():
        return {}, None
    logs, groups = np.log(log.seconds[timed]), group[timed]
    order = np.lexsort((logs, groups))  # by group, then time taken
    counts = np.bincount(groups, minlength=len(names))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    per_group = {
        str(names[i]): float(np.median(logs[order[starts[i] : starts[i] + counts[i]]]))
        for i in map(int, np.flatnonzero(counts >= MIN_TIMED))
        if str(names[i])
    }
    return per_group, float(np.median(logs))


def _fit_regression(
    base: EngineParams,
    replayed: Replay,
    rows: np.ndarray,
    correct: np.ndarray,
    names: list[str],
    learners: np.ndarray,
) -> EngineParams:
    dense = replayed.features[rows]
    mean, scale = dense.mean(axis=0), dense.std(axis=0)
    scale[scale < 1e-9] = 1.0
    number = {s: i for i, s in enumerate(names)}
    n, width = len(names), dense.shape[1]
    row_index, col_index, values = [], [], []
    for k, row in enumerate(rows):
        terms = replayed.skill_terms[row]
        for skill, wins, fails in terms:
            i = number[skill]
            row_index += [k, k, k]
            col_index += [i, n + i, 2 * n + i]
            values += [1 / len(terms), wins / len(terms), fails / len(terms)]
    sparse = sp.csr_matrix((values, (row_index, col_index)), shape=(len(rows), 3 * n))
    matrix = sp.hstack([sp.csr_matrix((dense - mean) / scale), sparse]).tocsr()
    if len(np.unique(correct)) < 2:
        return base
    # Scaled features and enough iterations: lbfgs converges (the old max_iter=200 fit did not).
    regression = _regression(matrix, correct, learners)
    coef = regression.coef_[0]
    weights = coef[:width] / scale
    bias = float(regression.intercept_[0] - (coef[:width] * mean / scale).sum())
    skills = {
        name: SkillParams(
            p.init,
            p.learn,
            p.guess,
            p.slip,
            p.difficulty,
            float(coef[width + i]),
            float(coef[width + n + i]),
            float(coef[width + 2 * n + i]),
        )
        for i, (name, p) in enumerate((s, base.skills[s]) for s in names)
    }
    # The rest of the base (the typical times) stands as fitted.
    return replace(base, skills=skills, weights=[float(w) for w in weights], bias=bias)


def _regression(
    matrix: sp.csr_matrix, correct: np.ndarray, learners: np.ndarray, seed: int = 0
) -> LogisticRegression:
    """The logistic regression, its regularisation chosen by log-loss on held-out learners
    (GroupKFold: a learner's rows stay together, as a new learner's are unseen), on at most
    CV_ROWS rows of whole learners; then fitted on all rows."""
    ids = np.unique(learners)
    if len(ids) > 1 and len(correct) > CV_ROWS:
        counts = np.bincount(np.searchsorted(ids, learners), minlength=len(ids))
        order = np.random.default_rng(seed).permutation(len(ids))
        keep = order[: max(2, int(np.searchsorted(np.cumsum(counts[order]), CV_ROWS)))]
        sample = np.flatnonzero(np.isin(learners, ids[keep]))
    else:
        sample = np.arange(len(correct))
    regularisation = DEFAULT_REGULARISATION
    folds = min(FOLDS, len(np.unique(learners[sample])))
    splits = (
        [
            (train, test)
            for train, test in GroupKFold(folds).split(sample, groups=learners[sample])
            if len(np.unique(correct[sample][train])) == 2
            and len(np.unique(correct[sample][test])) == 2
        ]
        if folds >= 2
        else []
    )
    if splits:
        search = LogisticRegressionCV(
            Cs=list(REGULARISATION),
            cv=splits,
            scoring="neg_log_loss",
            max_iter=5000,
            l1_ratios=(0.0,),
            use_legacy_attributes=False,
        )
        search.fit(matrix[sample], correct[sample])
        if len(sample) == len(correct):
            return search
        regularisation = float(search.C_)
    return LogisticRegression(C=regularisation, max_iter=5000).fit(matrix, correct)
