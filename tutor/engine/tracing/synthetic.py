"""Seeded synthetic response logs from a known model, for tests and demonstrations.

Each learner has an ability, each skill a difficulty and a learning rate; P(correct) is
sigmoid(ability - difficulty + rate * log(1 + earlier tries on the skill)), so a model that
tracks ability, difficulty and practice can approach the truth and per-skill BKT or Elo alone
cannot quite.
"""

from __future__ import annotations

import numpy as np

from tutor.engine.tracing.log import ResponseLog, from_columns


def generate(learners: int = 400, skills: int = 20, responses: int = 60, seed: int = 0) -> ResponseLog:
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


def generate_practice(learners: int = 1000, skills: int = 60, seed: int = 0) -> ResponseLog:
    """A log shaped like tutoring-system logs (ASSISTments skill builders, OLI modules).

    Each skill is latent knowledge, known or not (BKT: an initial chance that grows with the
    learner's ability, learning per practice at a rate that varies by learner, slip and guess),
    and forgotten with time between sessions. Answers also depend on the learner's ability and on
    the item (several items per skill, of varying difficulty; some items need two skills, named
    "a~~b" as DataShop joins knowledge components). History lengths are heavy-tailed: many
    learners answer a handful of questions, some hundreds. Rare skills make some skills unseen.
    """
    rng = np.random.default_rng(seed)
    init_logit, learn = rng.normal(-0.8, 1.0, skills), rng.uniform(0.05, 0.35, skills)
    guess, slip = rng.uniform(0.1, 0.35, skills), rng.uniform(0.05, 0.2, skills)
    popularity = rng.pareto(1.2, skills) + 0.05
    popularity /= popularity.sum()
    items = [rng.normal(0, 0.7, int(rng.integers(3, 12))) for _ in range(skills)]
    ability, pace = rng.normal(0, 1.0, learners), rng.lognormal(0, 0.5, learners)
    rows: tuple[list, list, list, list] = ([], [], [], [])
    for learner in range(learners):
        length, written, now = int(rng.lognormal(3.5, 1.1)) + 1, 0, learner * 1e7
        known: dict[int, bool] = {}
        last_seen: dict[int, float] = {}
        while written < length:
            skill = int(rng.choice(skills, p=popularity))
            pair = int(rng.choice(skills, p=popularity)) if rng.random() < 0.15 else skill
            needed = sorted({skill, pair})
            now += rng.exponential(86400 * 2)
            for s in needed:
                if s not in known:
                    known[s] = bool(rng.random() < 1 / (1 + np.exp(-(init_logit[s] + 0.8 * ability[learner]))))
                elif known[s] and rng.random() > np.exp(-(now - last_seen[s]) / (86400 * 40)):
                    known[s] = False  # forgotten since the last session
            for _ in range(int(rng.integers(3, 11))):
                if written >= length:
                    break
                item = int(rng.integers(len(items[skill])))
                if all(known[s] for s in needed):
                    base = np.log((1 - slip[skill]) / slip[skill])
                else:
                    base = np.log(guess[skill] / (1 - guess[skill]))
                logit = base + 0.6 * ability[learner] - items[skill][item]
                rows[0].append(f"L{learner}")
                rows[1].append("~~".join(f"skill {s}" for s in needed))
                rows[2].append(int(rng.random() < 1 / (1 + np.exp(-logit))))
                rows[3].append(now)
                now += rng.exponential(60)
                written += 1
                for s in needed:
                    last_seen[s] = now
                    known[s] = known[s] or bool(rng.random() < min(1.0, learn[s] * pace[learner]))
    return from_columns(*rows)
