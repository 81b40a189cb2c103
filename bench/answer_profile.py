"""Where one answer's time goes: `POST /api/answers` in one process, stage by stage.

Run: ``python bench/answer_profile.py``. The same learners, tokens and bodies as bench/load.py
(correct answers to the seed topic's templates, which credit a dozen prerequisites), sent
through Flask's test client to an app on a fresh SQLite file, then on a fresh PostgreSQL
database when one answers (as in bench/load.py), 200 answers of warm-up, then 1,000 timed.
Stages are timed by wrapping the functions that do them; stages nest (the attempt's rows are
part of recording it), so the column does not add up to the total. What no stage names is
Flask, the test client and JSON. It explains the ratio bench/load.py prints: the bare endpoint
does none of this.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
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


def profile(url: str, tmp: str, spent: collections.Counter) -> float:
    """Milliseconds per answer, whole request; ``spent`` gets the stages' seconds."""
    from bench.load import prepare
    from tutor.web import create_app

    os.environ.update(
        TUTOR_DATABASE_URL=url,
        TUTOR_INSTANCE_DIR=tmp,
        TUTOR_SECRET_KEY="profile",
        TUTOR_RATELIMIT_ENABLED="0",
        TUTOR_CONTENT_DIR=str(PROJECT_ROOT / "content"),
    )
    tokens, prefixes = prepare(url, PROJECT_ROOT / "content")
    app = create_app()
    client = app.test_client()

    def answer(n: int) -> None:
        body = prefixes[n % len(prefixes)] + json.dumps(f"profile-{n}") + "}"
        response = client.post(
            "/api/answers",
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {tokens[n * 7 % len(tokens)]}",
            },
        )
        assert response.status_code == 201, response.get_data(as_text=True)

    for n in range(WARMUP):
        answer(n)
    spent.clear()
    start = time.perf_counter()
    for n in range(WARMUP, WARMUP + TIMED):
        answer(n)
    total = (time.perf_counter() - start) / TIMED * 1000
    app.extensions["tutor.engine"].dispose()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", dest="write", action="store_false")
    args = parser.parse_args()
    from sqlalchemy.orm import Session

    from bench.load import database, postgres_reachable
    from tutor.accounts import users
    from tutor.curriculum import catalog
    from tutor.engine import reviews
    from tutor.practice import attempts, evidence
    from tutor.web import api, requests

    stages = [
        (users, "user_for_token", "API token to user (1 query)"),
        (catalog, "content_version", "content version check (1 query)"),
        (api, "grade_all", "grading the response"),
        (requests, "switch_to_writing", "SQLite: ending the read phase, BEGIN IMMEDIATE"),
        (attempts, "record_attempt", "recording the attempt, all of it:"),
        (evidence, "params_table", "- BKT parameters (1 query)"),
        (evidence, "lock_rows", "- mastery rows upserted and locked (1 statement)"),
        (attempts, "apply_attempt", "- BKT and FSRS updates in Python"),
        (reviews, "review", "  - of which FSRS"),
        (Session, "flush", "- flush: the UPDATEs"),
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
                total = profile(url, tmp, spent)
                columns[kind] = (
                    {label: spent[label] / TIMED * 1000 for _, _, label in stages},
                    total,
                )
    rows = [
        f"| {label} | " + " | ".join(f"{columns[k][0][label]:.2f}" for k in kinds) + " |"
        for _, _, label in stages
    ]
    body = (
        f"Flask's test client in one process, {TIMED} correct answers to the seed topic's "
        "templates "
        f"after {WARMUP} of warm-up; milliseconds per answer. The bare endpoint of bench/load.py "
        "does none of this.\n\n"
        f"| stage | {' | '.join(kinds)} |\n|---|{'---:|' * len(kinds)}\n"
        + "\n".join(rows)
        + "\n| **whole request** | "
        + " | ".join(f"**{columns[k][1]:.2f}**" for k in kinds)
        + " |\n"
    )
    if args.write:
        write_section("answer_profile", "Where an answer's time goes", body)
    else:
        print(body)


if __name__ == "__main__":
    main()
