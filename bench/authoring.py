"""What an educator waits for: a save (validate everything, self-test, new revision) and analytics.

Imports content/ into a temporary SQLite database, times saves of topic text and of a template,
the reload of the catalog that follows a save, and analytics over a synthetic attempt log.
Prints a markdown section and keeps it in docs/benchmarks.md.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import percentile, write_section
from tutor.analytics import reports
from tutor.config import PROJECT_ROOT
from tutor.content import read_sources
from tutor.curriculum import authoring
from tutor.curriculum.catalog import CatalogCache
from tutor.curriculum.files import import_sources
from tutor.practice.attempts import logged_parameters
from tutor.store import migrate
from tutor.store.db import make_engine, make_session_factory, transaction
from tutor.store.models import Attempt, Learner

ROUNDS = 10
ATTEMPTS = 5000
TOPIC, TEMPLATE = "combining-like-terms", "collect-linear-terms"


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def main() -> None:
    directory = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{directory / 'bench.sqlite3'}")
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        import_ms = _timed(lambda: import_sources(session, read_sources(PROJECT_ROOT / "content")))
    text_ms, template_ms, reload_ms = [], [], []
    cache = CatalogCache()
    for n in range(ROUNDS):
        with transaction(factory) as session:
            _, text = authoring.current_source(session, TOPIC)
            edited = text.replace("## Core Idea\n", f"## Core Idea\n\nRound {n}.\n", 1)
            text_ms.append(
                _timed(
                    lambda edited=edited: authoring.save_topic(
                        session, TOPIC, edited, "bench", "text"
                    )
                )
            )
        with transaction(factory) as session:
            _, source = authoring.template_source(session, TOPIC, TEMPLATE)
            changed = source.replace("title: ", f"title: R{n} ", 1)
            template_ms.append(
                _timed(
                    lambda changed=changed: authoring.put_template(
                        session, TOPIC, TEMPLATE, changed, "bench"
                    )
                )
            )
        with factory() as session:
            reload_ms.append(_timed(lambda: cache.get(session)))

    rng = random.Random(7)
    with transaction(factory) as session:
        learners = [Learner(public_id=f"bench-{i}") for i in range(200)]
        session.add_all(learners)
        session.flush()
        templates = reports._Templates(session, TOPIC)
        attempts = []
        for _ in range(ATTEMPTS):
            revision, seed = rng.randint(1, ROUNDS), rng.randrange(2**31)
            values, _ = templates.get(TEMPLATE, revision).draw_values(seed)  # as the app logs them
            attempts.append(
                Attempt(
                    learner_id=rng.choice(learners).id,
                    topic_id=TOPIC,
                    template_id=TEMPLATE,
                    template_revision=revision,
                    seed=seed,
                    response=rng.choice(["x", "2x + 1", "3"]),
                    correct=rng.random() < 0.6,
                    score=0.0,
                    note="n",
                    duration_ms=rng.randint(1000, 60000),
                    parameters=logged_parameters(values),
                )
            )
        session.add_all(attempts)
    with factory() as session:
        topic_stats_ms = _timed(lambda: reports.topic_stats(session, TOPIC, [TEMPLATE]))
        template_stats_ms = _timed(lambda: reports.template_stats(session, TOPIC, TEMPLATE))
    with transaction(factory) as session:  # rows logged before the values were kept
        session.execute(update(Attempt).values(parameters=None))
    with factory() as session:
        redrawn_stats_ms = _timed(lambda: reports.template_stats(session, TOPIC, TEMPLATE))
    engine.dispose()

    topics = len(read_sources(PROJECT_ROOT / "content"))
    text_cell = f"{percentile(text_ms, 50):.0f} / {max(text_ms):.0f} ms"
    template_cell = f"{percentile(template_ms, 50):.0f} / {max(template_ms):.0f} ms"
    reload_cell = f"{percentile(reload_ms, 50):.0f} / {max(reload_ms):.0f} ms"
    seeds = authoring.SELF_TEST_SEEDS
    body = f"""SQLite, {topics} topics; {ROUNDS} rounds of each save.

| measure | value |
|---|---|
| import content/ into an empty database | {import_ms / 1000:.2f} s |
| save topic text (validate all topics, new revision), median / max | {text_cell} |
| save a template (also {seeds} seeds of self-tests), median / max | {template_cell} |
| catalog reload after a save (per process), median / max | {reload_cell} |
| topic analytics over {ATTEMPTS:,} attempts | {topic_stats_ms:.0f} ms |
| template analytics with parameter difficulty over {ATTEMPTS:,} attempts | \
{template_stats_ms:.0f} ms |
| ... the same over rows logged without their values (each variant drawn again) | \
{redrawn_stats_ms:.0f} ms |
"""
    write_section("authoring", "Authoring and analytics", body)


if __name__ == "__main__":
    main()
