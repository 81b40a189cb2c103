"""Seeded synthetic response logs from a known model, for tests and demonstrations.

Each learner has an ability, each skill a difficulty and a learning rate; P(correct) is
sigmoid(ability - difficulty + rate * log(1 + earlier tries on the skill)), so a model that
tracks ability, difficulty and practice can approach the truth and per-skill BKT or Elo alone
cannot quite.
"""

from __future__ import annotations

import numpy as np

from tutor.engine.tracing.log import ResponseLog, from_columns


def generate(
    learners: int = 400, skills: int = 20, responses: int = 60, seed: int = 0
) -> ResponseLog:
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


def generate_practice(
    learners: int = 1000,
    skills: int = 60,
    seed: int = 0,
    named_items: bool = True,
    timed: bool = True,
) -> ResponseLog:
    """A log shaped like tutoring-system logs (ASSISTments skill builders, OLI modules).

    Each skill is latent knowledge, known or not (BKT: an initial chance that grows with the
    learner's ability, learning per practice at a rate that varies by learner, slip and guess),
    and forgotten with time between sessions. Answers also depend on the learner's ability and on
    the item (several items per skill, of varying difficulty; some items need two skills, named
    "a~~b" as DataShop joins knowledge components). History lengths are heavy-tailed: many
    learners answer a handful of questions, some hundreds. Rare skills make some skills unseen.
    With ``named_items``, the log names each row's item, as ASSISTments' problem_id and DataShop's
    problem and step do. With ``timed``, it says how long each answer took (as ASSISTments'
    ms_first_response and DataShop's step duration do): a typical time per skill, item and
    learner, longer and more scattered when what the item needs is not known (working it out,
    or giving up); drawn from a generator of their own, so the answers are the same either way.
    """
    rng = np.random.default_rng(seed)
    clock = np.random.default_rng([seed, 1])
    skill_seconds, learner_speed = (
        clock.normal(np.log(30), 0.4, skills),
        clock.normal(0, 0.3, learners),
    )
    seconds: list[float] = []
    init_logit, learn = rng.normal(-0.8, 1.0, skills), rng.uniform(0.05, 0.35, skills)
    guess, slip = rng.uniform(0.1, 0.35, skills), rng.uniform(0.05, 0.2, skills)
    popularity = rng.pareto(1.2, skills) + 0.05
    popularity /= popularity.sum()
    items = [rng.normal(0, 0.7, int(rng.integers(3, 12))) for _ in range(skills)]
    item_seconds = [clock.normal(0, 0.5, len(i)) for i in items]  # some items are longer
    ability, pace = rng.normal(0, 1.0, learners), rng.lognormal(0, 0.5, learners)
    rows: tuple[list, list, list, list] = ([], [], [], [])
    names: list[str] = []
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
                    known[s] = bool(
                        rng.random() < 1 / (1 + np.exp(-(init_logit[s] + 0.8 * ability[learner])))
                    )
                elif known[s] and rng.random() > np.exp(-(now - last_seen[s]) / (86400 * 40)):
                    known[s] = False  # forgotten since the last session
            for _ in range(int(rng.integers(3, 11))):
                if written >= length:
                    break
                item = int(rng.integers(len(items[skill])))
                knows = all(known[s] for s in needed)
                seconds.append(
                    float(
                        np.exp(
                            skill_seconds[skill]
                            + item_seconds[skill][item]
                            + learner_speed[learner]
                            + (clock.normal(0, 0.5) if knows else 0.6 + clock.normal(0, 0.7))
                        )
                    )
                )
                if knows:
                    base = np.log((1 - slip[skill]) / slip[skill])
                else:
                    base = np.log(guess[skill] / (1 - guess[skill]))
                logit = base + 0.6 * ability[learner] - items[skill][item]
                rows[0].append(f"L{learner}")
                rows[1].append("~~".join(f"skill {s}" for s in needed))
                rows[2].append(int(rng.random() < 1 / (1 + np.exp(-logit))))
                rows[3].append(now)
                names.append(
                    f"skill {skill} item {item}" + (f" with {pair}" if pair != skill else "")
                )
                now += rng.exponential(60)
                written += 1
                for s in needed:
                    last_seen[s] = now
                    known[s] = known[s] or bool(rng.random() < min(1.0, learn[s] * pace[learner]))
    return from_columns(
        *rows, items=names if named_items else None, seconds=seconds if timed else None
    )


def generate_over_graph(
    prerequisites: dict[str, list[str]],
    learners: int = 400,
    seed: int = 0,
    slip: float = 0.1,
    guess: float = 0.2,
) -> ResponseLog:
    """Learners working through a prerequisite graph; a topic is learnable only once what it
    builds on is known, so evidence along the edges carries information.

    Each learner starts knowing the topics up to a random point of the topological order
    (closed under prerequisites), then works a course: topics in order, a few questions each,
    with a learning chance per question once the prerequisites are known; now and then a review
    of an earlier topic, and now and then a jump ahead to a topic whose prerequisites may not be
    known yet. Knowledge fades between days unless used (directly or by a topic building on it).
    """
    rng = np.random.default_rng(seed)
    order = _topological(prerequisites)
    index = {t: i for i, t in enumerate(order)}
    prereqs = [[index[p] for p in prerequisites[t]] for t in order]
    n = len(order)
    learn = rng.uniform(0.15, 0.45, n)
    rows: tuple[list, list, list, list] = ([], [], [], [])
    for learner in range(learners):
        known = np.zeros(n, dtype=bool)
        known[: int(rng.integers(0, n // 2))] = True
        for i in range(n):  # close under prerequisites
            known[i] &= all(known[p] for p in prereqs[i])
        now, ability = learner * 1e8, rng.normal(0, 0.5)
        course = [i for i in range(n) if rng.random() < 0.5]
        for position, topic in enumerate(course[: int(rng.integers(5, 40))]):
            now += 86400
            fade = rng.random(n) < 0.03
            known &= ~fade
            for i in range(n):
                known[i] &= all(known[p] for p in prereqs[i]) or rng.random() < 0.7
            asked = [topic] * int(rng.integers(2, 7))
            if position and rng.random() < 0.3:
                asked.insert(0, course[int(rng.integers(position))])
            if rng.random() < 0.2:
                asked.append(int(rng.integers(n)))
            for t in asked:
                p_right = (1 - slip) if known[t] else guess
                p_right = 1 / (1 + np.exp(-(np.log(p_right / (1 - p_right)) + ability)))
                right = bool(rng.random() < p_right)
                rows[0].append(f"L{learner}")
                rows[1].append(order[t])
                rows[2].append(int(right))
                rows[3].append(now)
                now += 60
                if not known[t] and all(known[p] for p in prereqs[t]) and rng.random() < learn[t]:
                    known[t] = True
    return from_columns(*rows)


def _topological(prerequisites: dict[str, list[str]]) -> list[str]:
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(prerequisites):
        stack = [(start, iter(sorted(prerequisites[start])))]
        while stack:
            topic, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                if topic not in seen:
                    seen.add(topic)
                    order.append(topic)
            elif child not in seen:
                stack.append((child, iter(sorted(prerequisites[child]))))
    return order
