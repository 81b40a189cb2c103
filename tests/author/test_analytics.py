"""Analytics on a seeded attempt log: every figure worked out by hand."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.fixtures import ALGEBRA, ALGEBRA_TEMPLATE
from tutor.analytics import reports
from tutor.content import parse_topic
from tutor.questions import CompiledTemplate
from tutor.store.db import transaction
from tutor.store.models import Attempt, Learner, TopicRevision

TOPIC, TEMPLATE = ALGEBRA, ALGEBRA_TEMPLATE
# (learner, seed, part, response, correct, note, duration_ms)
LOG = [
    (1, 0, 0, "x", False, "combined-unlike-terms", 10_000),
    (1, 0, 0, "7x + 2", True, "correct", 20_000),
    (2, 1, 0, "5x - 1", True, "correct", 5_000),
    (3, 0, 0, "x", False, "combined-unlike-terms", 30_000),
    (1, 2, 0, "3x", True, "correct", None),
    (4, 3, 0, "y", False, "wrong", 40_000),
    (5, 4, 0, "2", False, "wrong", 50_000),
]


@pytest.fixture
def seeded(author_app):
    with transaction(author_app.extensions["tutor.sessions"]) as session:
        learners = {n: Learner(public_id=f"seeded-{n}") for n in range(1, 6)}
        session.add_all(learners.values())
        session.flush()
        session.add_all(
            Attempt(
                learner_id=learners[who].id,
                topic_id=TOPIC,
                template_id=TEMPLATE,
                template_revision=1,
                seed=seed,
                part=part,
                response=response,
                correct=correct,
                score=float(correct),
                note=note,
                duration_ms=ms,
            )
            for who, seed, part, response, correct, note, ms in LOG
        )
    return author_app


def _expected_difficulty(session) -> dict[str, Counter]:
    source = session.query(TopicRevision).filter_by(topic_id=TOPIC, revision=1).one().source
    compiled = CompiledTemplate(TOPIC, parse_topic(source, f"{TOPIC}.md").template(TEMPLATE), 1)
    tallies: dict[str, Counter] = {}
    for _, seed, _, _, correct, _, _ in LOG:
        for name, value in compiled.draw_values(seed)[0].items():
            tallies.setdefault(name, Counter())[(str(value), correct)] += 1
    return tallies


def test_template_figures(seeded) -> None:
    with seeded.extensions["tutor.sessions"]() as session:
        result = reports.template_stats(session, TOPIC, TEMPLATE)
        expected = _expected_difficulty(session)
    stats = result.stats
    assert (stats.submissions, stats.learners, stats.first_attempts) == (7, 5, 6)
    assert stats.first_attempt_pass_rate == pytest.approx(2 / 6)
    assert stats.median_ms == 25_000  # of 5, 10, 20, 30, 40, 50 seconds
    assert (stats.timed, stats.median_right_ms, stats.median_wrong_ms) == (6, 12_500, 35_000)
    assert stats.notes[0] == ("correct", 3)
    assert dict(stats.notes) == {"correct": 3, "combined-unlike-terms": 2, "wrong": 2}
    assert stats.wrong_answers[0] == ("x", 2) and dict(stats.wrong_answers) == {
        "x": 2,
        "y": 1,
        "2": 1,
    }
    assert result.flagged
    for name, values in result.parameters.items():
        assert sum(v.submissions for v in values) == len(LOG)
        for v in values:
            assert (v.submissions, v.passed) == (
                expected[name][(v.value, True)] + expected[name][(v.value, False)],
                expected[name][(v.value, True)],
            )


def test_a_lower_threshold_clears_the_flag(seeded) -> None:
    with seeded.extensions["tutor.sessions"]() as session:
        assert not reports.template_stats(session, TOPIC, TEMPLATE, threshold=0.3).flagged


def test_parts_of_one_question_count_as_one_submission() -> None:
    rows = [
        Attempt(
            learner_id=1,
            template_id="t",
            template_revision=1,
            seed=5,
            part=p,
            response="r",
            correct=c,
            note="n",
            duration_ms=1000,
        )
        for p, c in [(0, True), (1, False), (0, True), (1, True)]
    ]
    subs = reports.fold(rows)
    assert [(len(s.rows), s.correct) for s in subs] == [(2, False), (2, True)]
    assert reports.summarize(subs).first_attempt_pass_rate == 0


def test_analytics_api_and_pages(seeded) -> None:
    client = seeded.test_client()
    client.post("/sign-in", data={"email": _educator(seeded), "password": "correct horse battery"})
    topic = client.get(f"/api/author/topics/{TOPIC}/analytics").get_json()
    assert (topic["submissions"], topic["learners"], topic["threshold"]) == (7, 5, 0.5)
    by_id = {t["template_id"]: t for t in topic["templates"]}
    assert by_id[TEMPLATE]["flagged"] and by_id["distribute-then-combine"]["submissions"] == 0
    template = client.get(
        f"/api/author/topics/{TOPIC}/templates/{TEMPLATE}/analytics?threshold=0.3"
    ).get_json()
    assert (
        not template["flagged"]
        and template["median_ms"] == 25_000
        and "a" in template["parameters"]
    )
    responses = client.get(
        f"/api/author/topics/{TOPIC}/templates/{TEMPLATE}/responses?limit=3"
    ).get_json()
    assert [r["response"] for r in responses["responses"]] == ["2", "y", "3x"]
    assert client.get(f"/api/author/topics/{TOPIC}/analytics?threshold=2").status_code == 400
    page = client.get(f"/author/topics/{TOPIC}/analytics").get_data(as_text=True)
    assert "33%" in page and "low pass rate" in page
    drill = client.get(f"/author/topics/{TOPIC}/templates/{TEMPLATE}/analytics").get_data(
        as_text=True
    )
    assert "25.0 s" in drill and "<code>7x + 2</code>" in drill
    assert "12.5 s" in drill and "35.0 s" in drill and "6 of 7 answers timed" in drill


def _educator(app) -> str:
    from tutor.accounts.users import create_user

    with transaction(app.extensions["tutor.sessions"]) as session:
        create_user(session, "analyst@example.org", "correct horse battery", "educator")
    return "analyst@example.org"


def test_recorded_attempts_keep_their_values_and_analytics_read_them(author_app) -> None:

    from tutor.accounts import learners
    from tutor.curriculum.catalog import CatalogCache
    from tutor.practice import attempts
    from tutor.questions import grade

    with transaction(author_app.extensions["tutor.sessions"]) as session:
        catalog = CatalogCache().get(session)
        variant = catalog.template(TOPIC, TEMPLATE).variant(11)
        learner = learners.new_learner(session)
        recorded = attempts.record_attempt(
            session,
            learner,
            variant,
            grade(variant, variant.answer_plain),
            variant.answer_plain,
            graph=catalog.graph,
        )
        attempt = session.get(Attempt, recorded.attempt_id)
        assert attempt is not None
        logged = dict(attempt.parameters)
        assert logged == {name: str(value) for name, value in variant.values.items()}
        # A logged value is believed as it stands: it is what the learner was shown.
        name = next(iter(logged))
        attempt.parameters = {**logged, name: "logged-value"}
        session.flush()
        stats = reports.template_stats(session, TOPIC, TEMPLATE)
    assert [(v.value, v.submissions, v.passed) for v in stats.parameters[name]] == [
        ("logged-value", 1, 1)
    ]
