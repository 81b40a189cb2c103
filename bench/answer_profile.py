"""Where one answer's time goes: `POST /api/answers` in one process, stage by stage.

Run: ``python bench/answer_profile.py``. The same learners, tokens and answers as bench/load.py
(correct answers to the seed topic's templates, which credit its prerequisites, each to a
question instance of its own), sent through Flask's test client to an app on a fresh SQLite
file, then on a fresh PostgreSQL database when one answers (as in bench/load.py), 200 answers
of warm-up, then 1,000 timed. Stages are timed by wrapping the functions that do them; stages
nest (the attempt's rows are part of recording it), so the column does not add up to the
total. What no stage names is Flask, the test client and JSON. It explains the ratio
bench/load.py prints: the bare write does none of this but its three statements.
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_section
from tutor.config import PROJECT_ROOT

WARMUP, TIMED = 200, 1000


def timed(spent: collections.Counter, owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    setattr(owner, name, wrapper)


BATCH = 100  # answers and bare writes alternate in batches of this many


def profile(url: str, tmp: str, spent: collections.Counter) -> tuple[float, float]:
    """Milliseconds per answer and per bare write, whole request, each the mean over its
    batches (the two alternate, so that a busier moment of a shared machine falls on both);
    ``spent`` gets the answers' stages' seconds."""
    from bench.bare_app import create_bare_app
    from bench.load import LEARNERS, app_environment, instance_pool, prepare
    from tutor.web import create_app

    os.environ.update(app_environment(url, tmp, "profile"))
    prepared = prepare(url, PROJECT_ROOT / "content")
    pool = Path(tmp) / "profile.pool"
    instance_pool(prepared, "profile", 0, (WARMUP + TIMED) // len(prepared.tokens) + 1, pool)
    lines = [line.split("\t") for line in pool.read_text().splitlines()]
    app = create_app()
    client = app.test_client()
    bare_app = create_bare_app(url)
    bare = bare_app.test_client()

    def answer(n: int) -> None:
        token, body = lines[n]
        response = client.post(
            "/api/answers",
            data=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201, response.get_data(as_text=True)

    def bare_write(n: int) -> None:
        # As bench/load.py's wrk script builds its bodies: the learners in turn, a key each.
        body = prepared.bare_bodies[n % len(prepared.bare_bodies)]
        body += f', "learner_id": {(n * 7) % LEARNERS + 1}, "idempotency_key": "profile-{n}"}}'
        response = bare.post("/write", data=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 201, response.get_data(as_text=True)

    for n in range(WARMUP):
        answer(n)
        bare_write(n)
    spent.clear()
    batches: dict[str, list[float]] = {"answer": [], "bare write": []}
    for first in range(WARMUP, WARMUP + TIMED, BATCH):
        timed_batch = [("answer", answer), ("bare write", bare_write)]
        for name, request in timed_batch if first // BATCH % 2 else timed_batch[::-1]:
            start = time.perf_counter()
            for n in range(first, first + BATCH):
                request(n)
            batches[name].append((time.perf_counter() - start) / BATCH * 1000)
    app.extensions["tutor.engine"].dispose()
    bare_app.extensions["bench.engine"].dispose()
    return statistics.mean(batches["answer"]), statistics.mean(batches["bare write"])


def credited_prerequisites() -> int:
    from bench.load import SEED
    from tutor.content import parse_sources, read_sources
    from tutor.engine.propagation import credit_shares
    from tutor.graph import KnowledgeGraph

    topics, _ = parse_sources(read_sources(PROJECT_ROOT / "content"))
    return len(credit_shares(KnowledgeGraph.from_topics(topics), SEED))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", dest="write", action="store_false")
    args = parser.parse_args()
    from sqlalchemy.orm import Session

    from bench.load import database, postgres_reachable
    from tutor.accounts import token_cache
    from tutor.curriculum import catalog
    from tutor.engine import reviews
    from tutor.practice import attempts, evidence, fitted, live_state, submit
    from tutor.store import db

    stages = [
        (token_cache.TokenCache, "use", "API token to user and learner (cached 2 s)"),
        (token_cache.TokenCache, "_look_up", "- of which cache misses (2 queries each)"),
        (catalog, "content_version", "content version check (1 query, at most once a second)"),
        (submit, "grade_all", "grading the response"),
        (fitted.FittedCache, "get", "fitted parameters (cached; 1 query at most once a second)"),
        (db, "switch_to_writing", "SQLite: ending the read phase, BEGIN IMMEDIATE"),
        (attempts, "_claim_variant", "claiming the variant (1 statement)"),
        (attempts, "_record", "recording the attempt, all of it:"),
        (live_state, "lock_state", "- engine state upserted and locked (1 statement)"),
        (
            evidence,
            "lock_rows",
            "- mastery rows locked (1 SELECT ... FOR UPDATE; missing ones upserted)",
        ),
        (attempts, "_insert_attempt_row", "- the attempt inserted (1 statement)"),
        (attempts, "apply_attempt", "- BKT, engine and FSRS updates in Python, and the writes:"),
        (reviews, "review", "  - FSRS"),
        (
            evidence,
            "write_locked",
            "  - changed mastery rows and engine state written (3 statements; on PostgreSQL 1)",
        ),
        (Session, "commit", "COMMIT"),
    ]
    spent: collections.Counter = collections.Counter()
    for owner, name, label in stages:
        timed(spent, owner, name, label)
    kinds = ["SQLite"] + (["PostgreSQL"] if postgres_reachable() else [])
    columns = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            with database(kind, Path(tmp)) as url:
                answer, bare = profile(url, tmp, spent)
                columns[kind] = (
                    {label: spent[label] / TIMED * 1000 for _, _, label in stages},
                    answer,
                    bare,
                )
    rows = [
        f"| {label} | " + " | ".join(f"{columns[k][0][label]:.2f}" for k in kinds) + " |"
        for _, _, label in stages
    ]
    body = (
        f"Flask's test client in one process, {TIMED} correct answers to the seed topic's "
        "templates "
        f"after {WARMUP} of warm-up, each to a question instance of its own; milliseconds per "
        "answer "
        "(wall clock: on a shared machine every stage stretches alike). The bare write of "
        "bench/load.py does none of this but its three statements; it runs in the same process "
        f"on the same database, in batches of {BATCH} that alternate with the answers' (the "
        "last rows). An answer to the seed topic "
        f"credits {credited_prerequisites()} prerequisites, whose rows it locks and writes (a "
        "row whose estimate is already as certain as it gets is left unwritten). One process "
        "answers "
        "slowly, so "
        "each of the 50 learners' tokens comes back only every second or two and many token "
        "look-ups miss the 2 s cache; under bench/load.py's load they come back within "
        "milliseconds. Load average (1, 5, 15 min) when done: "
        + " ".join(f"{v:.2f}" for v in os.getloadavg())
        + ".\n\n"
        f"| stage | {' | '.join(kinds)} |\n|---|{'---:|' * len(kinds)}\n"
        + "\n".join(rows)
        + "\n| **whole request** | "
        + " | ".join(f"**{columns[k][1]:.2f}**" for k in kinds)
        + " |\n| the bare write, in the same process | "
        + " | ".join(f"{columns[k][2]:.2f}" for k in kinds)
        + " |\n| the bare write's time / the answer's | "
        + " | ".join(f"{columns[k][2] / columns[k][1]:.2f}x" for k in kinds)
        + " |\n"
    )
    if args.write:
        write_section("answer_profile", "Where an answer's time goes", body)
    else:
        print(body)


if __name__ == "__main__":
    main()
