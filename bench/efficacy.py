"""Learning efficacy on simulated learners: the engine against a linear course and random order.

Each simulated learner has a hidden state per topic of the seed topic's region (content/): known or
not, and, when known, a memory stability in days. Two populations: "prepared" learners know the
region up to a random depth (a few gaps), "beginners" are drawn as in bench/placement.py (unlike the
engine's prior; most know little). A question on a topic is answered right with 1 - SLIP if it is
known and recalled, else with GUESS. A topic can be learned only once its prerequisites are known,
with a chance per question (LEARN_RANGE, per topic) when its direct prerequisites are recalled at
that question. Memory fades (recall = exp(-days / stability)); using a topic, directly or through a
topic that builds on it (an implicit review), refreshes it and strengthens it the more, the more it
had faded (the spacing effect); a topic not recalled when asked directly is lost and must be learned
again (with chance RELEARN a question, prerequisites or not); one not recalled when a question uses
it is, with that chance, brought back by the worked answer. Learners answer QUESTIONS_PER_DAY
questions a day.

Policies, on the same learners (same seeds):
- engine: placement (``tutor.engine.placement``, as ``tutor.diagnostics.placing`` runs it, its
  beliefs written as P_RANGE-clipped estimates), then each question is the top task of
  ``rank_tasks`` (remediation, due FSRS reviews, frontier toward the goal), each answer goes
  through the live engine's ``observe`` with graph evidence, the doubt of ``doubted`` and the
  FSRS reviews, as ``tutor.practice.evidence.apply_attempt`` applies them; it stops when the goal
  is mastered by the engine's own rule.
- linear: the prerequisite chain in topological order, each topic until LINEAR_RIGHT right
  answers in a row.
- random frontier: the same rule, the next topic drawn among those whose prerequisites are done.

The engine runs with the built-in parameters (as before any ``tutor mastery fit``), and again, on
a few of the same learners, with parameters ``fit_live`` fits on its sessions with other simulated
learners (fitted parameters once made it re-ask one topic until the budget ran out).

Reported for the seed topic as the goal: questions until the policy declares the goal done (and
whether it truly is), false mastery (declared done, hidden state unknown), and retention: the
mean recall probability over the goal's region 30 days after the policy finished.
"""

from __future__ import annotations

import math
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.placement import SEED_TOPIC, hidden_state, prerequisite_map
from bench.report import write_section
from tutor.diagnostics.placing import P_RANGE
from tutor.engine import reviews
from tutor.engine.mastery import MASTERED, READY, doubted
from tutor.engine.next_task import TopicState, rank_tasks
from tutor.engine.placement import Placement, goal_region
from tutor.engine.tracing.live import DEFAULT_ENGINE, EngineParams, LearnerState
from tutor.engine.tracing.live_fit import fit_live
from tutor.engine.tracing.log import from_columns
from tutor.engine.tracing.observe import GraphEvidence, observe
from tutor.graph import KnowledgeGraph

LEARNERS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 6  # per population
POPULATIONS = ("prepared", "beginners")
SLIP, GUESS = 0.1, 0.1  # free-response questions: a guess is rarely right
LEARN_RANGE = (0.25, 0.5)
RELEARN = 0.7
LEARNED_STABILITY = 10.0  # days, just after learning
MASSED_GAIN = 0.3  # share of a spaced use's strengthening that a use without forgetting gives
QUESTIONS_PER_DAY = 40
LINEAR_RIGHT = 3
FIT_LEARNERS = 2  # per population, other seeds: the engine's sessions with them are fit_live's log
FITTED_LEARNERS = 3  # per population: the engine again, with the fitted parameters
# Learners who guess as often as on 5- and 4-choice questions
GUESSING, GUESSING_LEARNERS = (0.2, 0.25), 4
BUDGET = 4000
RETENTION_DAYS = 30
PREPARED_DEPTH = (0.3, 0.8)
GAPS = 0.01
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


class Learner:
    """The hidden truth of one simulated learner; ``answer`` is all a policy sees of it."""

    def __init__(
        self,
        prerequisites: list[list[int]],
        seed: int,
        population: str = "prepared",
        guess: float = GUESS,
    ) -> None:
        self.rng = np.random.default_rng(seed)
        self.prereqs = prerequisites
        self.guess = guess
        self.known = (
            prepared_state(prerequisites, self.rng)
            if population == POPULATIONS[0]
            else hidden_state(prerequisites, self.rng)
        )
        n = len(prerequisites)
        self.learn = self.rng.uniform(*LEARN_RANGE, n)
        self.stability = self.rng.uniform(30, 180, n)
        self.last = -self.rng.uniform(0, 30, n)  # days since START of the last use
        self.lost = np.zeros(n, dtype=bool)  # once known, then forgotten: relearned more easily
        self.at_start = self.known.copy()
        self.day, self.asked = 0.0, 0
        self.answers: list[tuple[int, bool, float]] = []  # (topic, right, day): the learner's log
        self.knew: list[bool] = []  # per answer: the topic was known when it was asked

    def recall(self, topic: int, day: float) -> float:
        return (
            math.exp(-(day - self.last[topic]) / self.stability[topic])
            if self.known[topic]
            else 0.0
        )

    def _use(self, topic: int, strengthen: float, direct: bool) -> bool:
        """A use of a topic: recalled (and strengthened), or not; a direct question on a topic
        not recalled loses it (it must be learned again)."""
        if not self.known[topic]:
            return False
        recall = self.recall(topic, self.day)
        if self.rng.random() < recall:
            # The spacing effect: a use strengthens memory the more, the more it had faded;
            # massed repetition minutes apart adds little.
            gain = 1 + (strengthen - 1) * max(MASSED_GAIN, (1 - recall) / (1 - math.exp(-1)))
            self.stability[topic] = min(self.stability[topic] * gain, 3650.0)
            self.last[topic] = self.day
            return True
        if direct:
            self.known[topic], self.lost[topic] = False, True
        elif self.rng.random() < RELEARN:  # the worked answer reminds the learner of it
            self.last[topic] = self.day
        return False

    def answer(self, topic: int) -> bool:
        self.asked += 1
        self.knew.append(bool(self.known[topic]))
        self.day = self.asked // QUESTIONS_PER_DAY + (self.asked % QUESTIONS_PER_DAY) / (
            QUESTIONS_PER_DAY * 24
        )
        # Practising a topic uses what it builds on directly: it must be recalled to learn the
        # topic.

        recalled = [self._use(p, 1.3, direct=False) for p in self.prereqs[topic]]
        right = self.rng.random() < (
            (1 - SLIP) if self._use(topic, 2.0, direct=True) else self.guess
        )
        # A topic once known and lost comes back with a worked answer; a new one needs what it
        # builds on.

        learnable = self.lost[topic] or all(recalled)
        chance = RELEARN if self.lost[topic] else self.learn[topic]
        if not self.known[topic] and learnable and self.rng.random() < chance:
            self.known[topic], self.stability[topic], self.last[topic] = (
                True,
                LEARNED_STABILITY,
                self.day,
            )
        self.answers.append((topic, bool(right), self.day))
        return bool(right)

    def retention(self) -> float:
        later = self.day + RETENTION_DAYS
        return float(np.mean([self.recall(t, later) for t in range(len(self.prereqs))]))


def prepared_state(prerequisites: list[list[int]], rng: np.random.Generator) -> np.ndarray:
    """A learner who sets this goal having studied part of the way: everything up to a random
    depth (PREPARED_DEPTH of the region's), less a few gaps (a gap hides what builds on it too)."""
    depth = np.zeros(len(prerequisites))
    for i, prereqs in enumerate(prerequisites):  # topological order
        depth[i] = max((depth[p] + 1 for p in prereqs), default=0)
    known = depth <= rng.uniform(*PREPARED_DEPTH) * depth.max()
    known &= rng.random(len(known)) > GAPS
    for i, prereqs in enumerate(prerequisites):
        known[i] &= all(known[p] for p in prereqs)
    return known


@dataclass
class Outcome:
    questions: int
    declared: bool  # the policy says the goal is done
    truly: bool  # the hidden goal is known at that moment
    retention: float
    spent: Counter[str] = field(default_factory=Counter)  # the engine's questions, by purpose


def run_linear(learner: Learner, order: list[int], rng: np.random.Generator | None) -> Outcome:
    done: set[int] = set()
    remaining = list(order)
    while remaining and learner.asked < BUDGET:
        if rng is None:
            topic = remaining[0]
        else:
            ready = [t for t in remaining if all(p in done for p in learner.prereqs[t])]
            topic = ready[int(rng.integers(len(ready)))]
        streak = 0
        while streak < LINEAR_RIGHT and learner.asked < BUDGET:
            streak = streak + 1 if learner.answer(topic) else 0
        done.add(topic)
        remaining.remove(topic)
    goal = order[-1]
    return Outcome(learner.asked, goal in done, bool(learner.known[goal]), learner.retention())


@dataclass
class EngineLearner:
    """The engine's view of a learner: what Mastery rows and the engine state row would hold."""

    p_known: dict[str, float]
    state: LearnerState = field(default_factory=LearnerState)
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    due: dict[str, datetime] = field(default_factory=dict)
    remediation: set[str] = field(default_factory=set)


def run_engine(
    learner: Learner,
    topics: list[str],
    prerequisites: list[list[int]],
    graph: KnowledgeGraph,
    evidence: GraphEvidence,
    seed: int,
    engine: EngineParams = DEFAULT_ENGINE,
) -> Outcome:
    index = {t: i for i, t in enumerate(topics)}
    goal = topics[-1]
    placement = Placement(topics, prerequisites, seed=seed)
    while (topic := placement.next_question()) is not None:
        placement.observe(topic, learner.answer(index[topic]))
    spent = Counter(placement=learner.asked)
    low, high = P_RANGE
    view = EngineLearner({t: min(max(p, low), high) for t, p in placement.known().items()})
    while learner.asked < BUDGET:
        now = START + timedelta(days=learner.day)
        if view.p_known[goal] >= MASTERED:
            break
        states = {
            t: TopicState(p >= MASTERED, view.due.get(t), t in view.remediation, p >= READY)
            for t, p in view.p_known.items()
        }
        tasks = rank_tasks(graph, states, goal, now, limit=1)
        if not tasks:
            break
        topic = tasks[0].topic_id
        correct = learner.answer(index[topic])
        spent[_purpose(learner, index[topic], tasks[0].kind)] += 1
        _apply(view, evidence, engine, topic, correct, START + timedelta(days=learner.day))
    declared = view.p_known[goal] >= MASTERED
    return Outcome(
        learner.asked, declared, bool(learner.known[index[goal]]), learner.retention(), spent
    )


def _purpose(learner: Learner, topic: int, kind: str) -> str:
    """What a practice question was spent on: a review, a remediation (of a topic the learner
    knew, or not), or a learning task on a topic the learner did not know yet (one it could not
    learn yet: a prerequisite unknown, or not), knew from the start, or had learned in this
    session."""
    if kind == "remediation" and learner.knew[-1]:
        return "remediation of a known topic"
    if kind != "learn":
        return kind
    if not learner.knew[-1]:
        blocked = not all(learner.known[p] for p in learner.prereqs[topic])
        return "learning, blocked" if blocked else "learning"
    return "known at start" if learner.at_start[topic] else "learned here"


def _apply(
    view: EngineLearner,
    evidence: GraphEvidence,
    engine: EngineParams,
    topic: str,
    correct: bool,
    now: datetime,
) -> None:
    """What apply_attempt does to the rows, on the in-memory view."""
    prerequisites = evidence.prerequisites(topic)
    for t in [topic, *prerequisites, *evidence.credits(topic)]:
        view.state.skill(t, engine).p_known = view.p_known[t]
    observed = observe(engine, view.state, [topic], correct, now.timestamp(), evidence)
    skill = view.state.skills[topic]
    p = doubted(skill.p_known, [view.p_known[q] for q in prerequisites], skill.recent)
    view.p_known[topic] = view.state.skills[topic].p_known = p
    view.cards[topic], view.due[topic] = reviews.review(view.cards.get(topic), correct, now)
    if correct or observed.remediation:
        view.remediation.discard(topic)
    credits = evidence.credits(topic)
    for t, value in observed.credited.items():
        view.p_known[t] = value
        if credits[t] >= reviews.REVIEW_SHARE and t in view.cards:
            view.cards[t], view.due[t] = reviews.review(view.cards[t], True, now)
    for t, value in observed.lowered.items():
        view.p_known[t] = value
    view.remediation.update(observed.remediation)


def engine_and_linear(
    population: str,
    seed: int,
    topics: list[str],
    prerequisites: list[list[int]],
    graph: KnowledgeGraph,
    evidence: GraphEvidence,
    guess: float = GUESS,
) -> tuple[Outcome, Outcome]:
    """The engine and the linear course, each with its own copy of the seed's learner."""
    engine = run_engine(
        Learner(prerequisites, seed, population, guess),
        topics,
        prerequisites,
        graph,
        evidence,
        seed,
    )
    linear = run_linear(
        Learner(prerequisites, seed, population, guess), list(range(len(topics))), None
    )
    return engine, linear


def guessing_section(
    topics: list[str],
    prerequisites: list[list[int]],
    graph: KnowledgeGraph,
    evidence: GraphEvidence,
) -> str:
    """The engine and the linear course when learners guess more often (each rate of GUESSING,
    as on multiple-choice questions; the engine's own prior guess is 0.2), on the first
    GUESSING_LEARNERS learners of each population: lucky guesses once held up prerequisites the
    learner did not know, so that the engine re-asked topics it could not teach until the budget
    ran out, or declared a goal the learner did not know."""
    text = ""
    for guess in GUESSING:
        results: dict[str, list[Outcome]] = {"engine": [], "linear": []}
        for population in POPULATIONS:
            for k in range(GUESSING_LEARNERS):
                engine, linear = engine_and_linear(
                    population, 1000 + k, topics, prerequisites, graph, evidence, guess
                )
                results["engine"].append(engine)
                results["linear"].append(linear)
        budget = sum(o.questions >= BUDGET for o in results["engine"])
        text += (
            f"With guess {guess} (the first {GUESSING_LEARNERS} learners of each population; "
            f"the engine ran out of its budget for {budget}):\n\n```\n"
            + "\n".join(outcome_table(results))
            + "\n```\n\n"
        )
    return text


def fitted_section(
    topics: list[str],
    prerequisites: list[list[int]],
    graph: KnowledgeGraph,
    evidence: GraphEvidence,
    built_in: list[Outcome],
) -> str:
    """The engine with parameters fitted as `tutor mastery fit` fits them (``fit_live`` with the
    graph), on the logs of its sessions with other simulated learners: fitted parameters once
    made it re-ask one topic until the budget ran out."""
    columns: tuple[list, list, list, list] = ([], [], [], [])
    for population in POPULATIONS:
        for k in range(FIT_LEARNERS):
            learner = Learner(prerequisites, 2000 + k, population)
            run_engine(learner, topics, prerequisites, graph, evidence, 2000 + k)
            for topic, right, day in learner.answers:
                columns[0].append(f"{population}-{k}")
                columns[1].append(topics[topic])
                columns[2].append(int(right))
                columns[3].append((START + timedelta(days=day)).timestamp())
    engine = fit_live(from_columns(*columns), evidence)
    fitted, longest = [], 0
    for population in POPULATIONS:
        for k in range(FITTED_LEARNERS):
            learner = Learner(prerequisites, 1000 + k, population)
            fitted.append(
                run_engine(learner, topics, prerequisites, graph, evidence, 1000 + k, engine)
            )
            per_topic = np.bincount([t for t, _, _ in learner.answers], minlength=len(topics))
            longest = max(longest, int(per_topic.max()))
    same = [
        built_in[i * LEARNERS + k] for i in range(len(POPULATIONS)) for k in range(FITTED_LEARNERS)
    ]
    return (
        f"With parameters fitted by `fit_live` (as `tutor mastery fit` fits them) on the engine's "
        f"sessions with {FIT_LEARNERS * len(POPULATIONS)} other simulated learners "
        f"({len(columns[0])} answers), on the first {FITTED_LEARNERS} learners of each "
        f"population: engine {np.mean([o.questions for o in fitted]):.0f} questions (built-in "
        f"parameters: {np.mean([o.questions for o in same]):.0f}), goal declared "
        f"{sum(o.declared for o in fitted)}/{len(fitted)}, false mastery {_false(fitted):.0%}, "
        f"retention {np.mean([o.retention for o in fitted]):.1%}; at most {longest} questions on "
        "any one topic.\n\n"
    )


SPREAD_SETS = 3  # further sets of LEARNERS per population, seeds after the headline's


def spread_section(
    topics: list[str],
    prerequisites: list[list[int]],
    graph: KnowledgeGraph,
    evidence: GraphEvidence,
) -> str:
    """The headline's statistics on further sets of learners, drawn as the headline's are but
    with the seeds that follow: how much the ratio and the retention margin owe to which
    learners were drawn (mostly to how many linear courses stall on a forgotten prerequisite)."""
    lines = []
    for k in range(1, SPREAD_SETS + 1):
        engine, linear = [], []
        for population in POPULATIONS:
            for j in range(LEARNERS):
                e, lin = engine_and_linear(
                    population, 1000 + k * LEARNERS + j, topics, prerequisites, graph, evidence
                )
                engine.append(e)
                linear.append(lin)
        finished = [(e, lin) for e, lin in zip(engine, linear, strict=True) if lin.declared]
        paired = (
            f"{_questions(e for e, _ in finished) / _questions(lin for _, lin in finished):.2f}"
            if finished
            else "-"
        )
        lines.append(
            f"| {1000 + k * LEARNERS}-{1000 + (k + 1) * LEARNERS - 1} "
            f"| {_questions(engine) / _questions(linear):.2f} "
            f"| {len(finished)}/{len(linear)} | {paired} "
            f"| {np.mean([o.retention for o in engine]):.1%} "
            f"| {np.mean([o.retention for o in linear]):.1%} | {_false(engine):.0%} |"
        )
    return (
        f"The same on {SPREAD_SETS} further sets of {LEARNERS} learners per population (the seeds "
        "that follow the headline's): the ratio and the retention margin depend on how many "
        "linear courses stall.\n\n"
        "| seeds | ratio | linear finished | ratio where linear finished | engine retention "
        "| linear retention | false mastery |\n|---|---:|---:|---:|---:|---:|---:|\n"
        + "\n".join(lines)
        + "\n\n"
    )


def main() -> None:
    prerequisite_ids, source = prerequisite_map()
    if source != "content/":
        raise SystemExit("bench/efficacy.py needs the shipped content/ with the seed topic")
    topics, prerequisites = goal_region(prerequisite_ids, SEED_TOPIC)
    graph = _content_graph()
    evidence = GraphEvidence(graph)
    order = list(range(len(topics)))
    results: dict[str, list[Outcome]] = {"engine": [], "linear": [], "random frontier": []}
    started = time.perf_counter()
    for population in POPULATIONS:
        for k in range(LEARNERS):
            seed = 1000 + k
            engine, linear = engine_and_linear(
                population, seed, topics, prerequisites, graph, evidence
            )
            results["engine"].append(engine)
            results["linear"].append(linear)
            results["random frontier"].append(
                run_linear(
                    Learner(prerequisites, seed, population), order, np.random.default_rng(seed)
                )
            )
    fitted = fitted_section(topics, prerequisites, graph, evidence, results["engine"])
    guessing = guessing_section(topics, prerequisites, graph, evidence)
    spread = spread_section(topics, prerequisites, graph, evidence)
    seconds = time.perf_counter() - started
    lines = outcome_table(results)
    paired = [
        (e, lin)
        for e, lin in zip(results["engine"], results["linear"], strict=True)
        if lin.declared
    ]
    paired_engine_q, paired_linear_q = (
        _questions(e for e, _ in paired),
        _questions(lin for _, lin in paired),
    )
    engine_q, linear_q = _questions(results["engine"]), _questions(results["linear"])
    summary = (
        f"efficacy: engine {engine_q:.0f} questions, linear {linear_q:.0f} questions "
        f"(ratio {engine_q / linear_q:.2f}); false mastery {_false(results['engine']):.0%}; "
        f"retention {np.mean([o.retention for o in results['engine']]):.0%}"
    )
    body = (
        f'{LEARNERS} simulated learners in each of two populations ("prepared": known up to a '
        f'random depth of the region; "beginners": bench/placement.py\'s hidden states) over the '
        f"{len(topics)} "
        f"topics of the seed topic's region (content/); slip {SLIP}, guess {GUESS}, "
        f"{QUESTIONS_PER_DAY} "
        f"questions a day, at most {BUDGET} questions; linear: {LINEAR_RIGHT} right in a row per "
        "topic; "
        f"retention {RETENTION_DAYS} days after finishing. The engine uses the built-in "
        "parameters (as "
        f"before any `tutor mastery fit`). {seconds:.0f} s.\n\n```\n"
        + "\n".join(lines)
        + "\n```\n\n"
        "A linear course that stalls (a forgotten prerequisite blocks a topic; it never reviews) "
        "runs "
        f"to the budget. On the {len(paired)} learners whose linear course finished: engine "
        f"{paired_engine_q:.0f} questions, linear {paired_linear_q:.0f} (ratio "
        f"{paired_engine_q / paired_linear_q:.2f}); "
        f"retention engine {np.mean([e.retention for e, _ in paired]):.1%}, linear "
        f"{np.mean([lin.retention for _, lin in paired]):.1%}.\n\n"
        f"{_spending(results['engine'])}{fitted}{guessing}{spread}{summary}\n"
    )
    write_section("efficacy", "Learning efficacy: engine vs linear vs random frontier", body)
    print(summary)


def outcome_table(results: dict[str, list[Outcome]], width: int = 16) -> list[str]:
    """One line per policy: mean questions, goals declared and truly known, false mastery,
    retention."""
    lines = [
        f"{'policy':<{width}} {'questions':>10} {'declared':>9} {'truly':>6} {'false':>6} "
        f"{'retention':>10}"
    ]
    for name, outcomes in results.items():
        lines.append(
            f"{name:<{width}} {np.mean([o.questions for o in outcomes]):10.1f} "
            f"{sum(o.declared for o in outcomes):>5}/{len(outcomes):<3} "
            f"{sum(o.truly for o in outcomes):>6} "
            f"{_false(outcomes):6.1%} {np.mean([o.retention for o in outcomes]):10.1%}"
        )
    return lines


def _spending(outcomes: list[Outcome]) -> str:
    """Where the engine's questions went, per learner on average, by the hidden state."""
    spent: Counter[str] = sum((o.spent for o in outcomes), Counter())

    known = "remediation of a known topic"

    def mean(*purposes: str) -> str:
        return f"{sum(spent[p] for p in purposes) / len(outcomes):.0f}"

    return (
        f"Where the engine's questions go (mean per learner, by the hidden state when asked): "
        f"placement {mean('placement')}; learning tasks on a topic the learner did not know yet "
        f"{mean('learning', 'learning, blocked')} ({mean('learning, blocked')} of them while a "
        f"prerequisite was unknown: it could not be learned then), on one learned in this "
        f"session {mean('learned here')}, on one known from the start {mean('known at start')}; "
        f"reviews {mean('review')}; remediation {mean('remediation', known)} ({mean(known)} of "
        "them on a topic the learner knew). Most of "
        "the questions on known topics are the right answers that confirm a topic just learned, "
        "not topics placement could have settled; most remediations, flagged after repeated "
        "errors on a topic that builds on them, find the learner knew the topic (the errors were "
        "the new topic's own learning).\n\n"
    )


def _questions(outcomes: Iterable[Outcome]) -> float:
    return float(np.mean([o.questions for o in outcomes]))


def _false(outcomes: list[Outcome]) -> float:
    """Of the learners whose goal the policy declared done, the share whose hidden goal is
    unknown."""
    declared = [o for o in outcomes if o.declared]
    return sum(1 for o in declared if not o.truly) / max(len(declared), 1)


def _content_graph() -> KnowledgeGraph:
    from tutor.config import PROJECT_ROOT
    from tutor.content import load_directory

    topics, _ = load_directory(PROJECT_ROOT / "content")
    return KnowledgeGraph.from_topics(topics)


if __name__ == "__main__":
    main()
