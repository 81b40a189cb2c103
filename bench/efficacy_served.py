"""The efficacy bench's simulated learners, taught by the served API instead of a replica.

bench/efficacy.py drives the engine's functions on an in-memory view of a learner's rows; a
learner of the product meets the engine through the JSON API. This runs the same hidden learners
(``bench.efficacy.Learner``, same seeds) as API clients of the app, in one process through
Flask's test client on a fresh SQLite file: each sets the seed topic as a goal, takes the
placement test (``POST /api/placement``), then, until ``GET /api/next`` says the goal is done,
asks for the next task, gets a question for its topic and answers it, right or wrong as its
hidden state decides. A right answer is the variant's own answer; a wrong one is the first of a
few plausible wrong answers that the grader reads as valid and wrong. The clock the server reads
is the learner's (``time_machine``): 40 questions a day, as in bench/efficacy.py.

Each learner is taught twice, with placement and without (a learner who skips it starts from
no evidence), beside the replica of bench/efficacy.py and the linear course on the same
learner. The served engine and the replica differ where the replica misses something the server
does (multi-part questions, mistake rules, placement's own seed): the point of the bench.

Run: ``python bench/efficacy_served.py [LEARNERS_PER_POPULATION]`` (default 2; about a minute
a learner and mode); ``--no-write`` leaves docs/benchmarks.md alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.efficacy import (
    BUDGET,
    POPULATIONS,
    START,
    Learner,
    Outcome,
    _content_graph,
    _false,
    engine_and_linear,
    outcome_table,
)
from bench.load import app_environment, curriculum_database, learner_tokens
from bench.placement import SEED_TOPIC, prerequisite_map
from bench.report import write_section
from tutor.checking import to_plain
from tutor.config import PROJECT_ROOT
from tutor.curriculum.catalog import Catalog
from tutor.engine.placement import goal_region
from tutor.engine.tracing.observe import GraphEvidence
from tutor.questions.grading import grade_part
from tutor.questions.variant import Part

LEARNERS = 2  # per population
POLICIES = (
    "served engine, with placement",
    "served engine, no placement",
    "replica (bench/efficacy.py)",
    "linear",
)
DURATION_MS = 40_000


class Answers:
    """Right and wrong responses per variant, found once with the app's own grader."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._known: dict[tuple[str, str, int], tuple[list[str], list[str] | None]] = {}
        self.no_wrong_answer = 0

    def responses(self, topic: str, template: str, seed: int, right: bool) -> list[str]:
        key = (topic, template, seed)
        if key not in self._known:
            variant = self.catalog.variant(topic, template, seed)
            rights = [part.answer_plain for part in variant.parts]
            found = [_wrong_answer(part) for part in variant.parts]
            wrongs = [w for w in found if w is not None]
            self._known[key] = (rights, wrongs if len(wrongs) == len(found) else None)
        rights, wrong = self._known[key]
        if right:
            return rights
        if wrong is None:  # no wrong answer the grader reads: counted, and answered right
            self.no_wrong_answer += 1
            return rights
        return wrong


def _wrong_answer(part: Part) -> str | None:
    answer = part.answer_plain
    candidates = [c for c in part.choices if c != answer]
    candidates += [f"({answer})+1", f"2*({answer})", f"-({answer})", "0", "1", "-1", "x"]
    candidates += [to_plain(m.answer) for m in part.mistakes]
    for response in candidates:
        grade = grade_part(part, response)
        if grade.valid and not grade.correct:
            return response
    return None


def _check(response: Any, expected: int) -> dict[str, Any]:
    if response.status_code != expected:
        raise RuntimeError(
            f"{response.request.method} {response.request.path}: {response.status_code} "
            f"{response.get_data(as_text=True)[:500]}"
        )
    return dict(response.get_json())


def run_served(
    client: Any,
    token: str,
    learner: Learner,
    topics: list[str],
    answers: Answers,
    traveller: Any,
    placement: bool = True,
) -> Outcome:
    """One learner (hidden state over ``topics``, in its order) taught through the API until
    the goal is done or the budget is spent."""
    auth = {"Authorization": f"Bearer {token}"}
    index = {t: i for i, t in enumerate(topics)}

    def answer(topic: str, question: dict[str, Any], url: str) -> dict[str, Any]:
        right = learner.answer(index[topic])
        responses = answers.responses(topic, question["template_id"], question["seed"], right)
        body = {"instance": question["instance"], "duration_ms": DURATION_MS}
        body.update({"response": responses[0]} if len(responses) == 1 else {"responses": responses})
        traveller.move_to(START + timedelta(days=learner.day))
        response = client.post(url, json=body, headers=auth)
        return _check(response, 200 if "placement" in url else 201)

    _check(client.post("/api/goals", json={"topic_id": SEED_TOPIC}, headers=auth), 201)
    spent: Counter[str] = Counter()
    if placement:
        start = client.post("/api/placement", json={"topic_id": SEED_TOPIC}, headers=auth)
        view = _check(start, 201)
        while view["status"] != "finished" and view["question"] is not None:
            question = view["question"]
            view = answer(question["topic_id"], question, f"/api/placement/{view['id']}/answer")
        spent["placement"] = learner.asked
    declared = False
    recent: list[tuple[str, str, bool]] = []  # (task kind, topic, known) of each question
    while learner.asked < BUDGET:
        plan = _check(client.get("/api/next", headers=auth), 200)
        if plan["goal"] is None:
            declared = True
            break
        if plan["next"] is None:
            break
        task = plan["next"]
        topic = task["topic_id"]
        question = _check(client.get(f"/api/topics/{topic}/question", headers=auth), 200)
        answer(topic, question, "/api/answers")
        spent[task["kind"]] += 1
        recent.append((task["kind"], topic, learner.knew[-1]))
    if not declared:  # where the budget went: the most asked (kind, topic, known) lately
        print("  stalled:", Counter(recent[-500:]).most_common(4), flush=True)
    goal = index[SEED_TOPIC]
    return Outcome(learner.asked, declared, bool(learner.known[goal]), learner.retention(), spent)


def _app(url: str, tmp: str) -> tuple[Any, Catalog]:
    os.environ.update(app_environment(url, tmp, "efficacy"))
    catalog = curriculum_database(url, PROJECT_ROOT / "content")
    from tutor.web import create_app

    return create_app(), catalog


def _new_token(url: str, name: str) -> str:
    return learner_tokens(url, [name])[0][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("learners", nargs="?", type=int, default=LEARNERS)
    parser.add_argument("--no-write", dest="write", action="store_false")
    args = parser.parse_args()
    prerequisite_ids, _ = prerequisite_map()
    topics, prerequisites = goal_region(prerequisite_ids, SEED_TOPIC)
    graph = _content_graph()
    evidence = GraphEvidence(graph)
    results: dict[str, list[Outcome]] = {name: [] for name in POLICIES}
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/efficacy.db"
        app, catalog = _app(url, tmp)
        answers = Answers(catalog)
        client = app.test_client()
        for population in POPULATIONS:
            for k in range(args.learners):
                seed = 1000 + k
                for placement in (True, False):
                    name = POLICIES[0] if placement else POLICIES[1]
                    with time_machine.travel(START, tick=False) as traveller:
                        token = _new_token(url, f"{population}{k}{'p' if placement else 'n'}")
                        results[name].append(
                            run_served(
                                client,
                                token,
                                Learner(prerequisites, seed, population),
                                topics,
                                answers,
                                traveller,
                                placement,
                            )
                        )
                replica, linear = engine_and_linear(
                    population, seed, topics, prerequisites, graph, evidence
                )
                results[POLICIES[2]].append(replica)
                results[POLICIES[3]].append(linear)
                row = f"{population:<10} {seed}: " + ", ".join(
                    f"{name} {results[name][-1].questions}" for name in POLICIES
                )
                rows.append(row)
                print(row, flush=True)
        app.extensions["tutor.engine"].dispose()
    mean = {name: float(np.mean([o.questions for o in results[name]])) for name in POLICIES}
    lines = outcome_table(results, width=32)
    linear = mean[POLICIES[3]]
    summary = (
        f"served efficacy: with placement {mean[POLICIES[0]]:.0f} questions (ratio "
        f"{mean[POLICIES[0]] / linear:.2f} to linear), without {mean[POLICIES[1]]:.0f} "
        f"({mean[POLICIES[1]] / linear:.2f}); the replica {mean[POLICIES[2]]:.0f} "
        f"({mean[POLICIES[2]] / linear:.2f}); false mastery served "
        f"{_false(results[POLICIES[0]] + results[POLICIES[1]]):.0%}"
    )
    body = (
        f"bench/efficacy.py's learners ({args.learners} in each of its two populations, the "
        "same seeds) taught through the JSON API in one process (Flask's test client, a fresh "
        "SQLite file, the clock moved with the learner's days): goal, placement (or none), "
        "then `GET /api/next`, `GET /api/topics/<id>/question`, `POST /api/answers` until the "
        "goal is done. A wrong answer is the first of a few plausible ones the grader reads as "
        "valid and wrong (it may match a mistake rule, as a learner's often does); "
        f"{answers.no_wrong_answer} questions had none. Beside them, the in-memory replica of "
        f"bench/efficacy.py and the linear course on the same learners. "
        f"{time.perf_counter() - started:.0f} s.\n\n```\n"
        + "\n".join(lines)
        + "\n```\n\nPer learner (questions):\n\n```\n"
        + "\n".join(rows)
        + f"\n```\n\n{summary}\n"
    )
    if args.write:
        write_section("efficacy_served", "Learning efficacy through the served API", body)
    else:
        print(body)
    print(summary)


if __name__ == "__main__":
    main()
