"""Every update rule of an attempt, by hand, on counting -> adding -> multiplying
(+ counting*0.5)."""

from datetime import UTC, datetime, timedelta

import pytest

from tutor.engine.mastery import REPEATED_ERRORS
from tutor.practice import attempts
from tutor.practice.evidence import apply_attempt
from tutor.practice.fitted import FittedCache
from tutor.questions import grade
from tutor.store.models import Attempt, Mastery

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
RIGHT_FROM_PRIOR = 0.18 / 0.34  # posterior(0.2, right) with slip 0.1, guess 0.2
WRONG_FROM_PRIOR = 0.02 / 0.66  # posterior(0.2, wrong)


def rows(session) -> dict[str, Mastery]:
    session.flush()
    return {m.topic_id: m for m in session.query(Mastery).all()}


def test_a_success_is_a_bkt_step_and_credits_prerequisites_by_weight(world) -> None:
    session, catalog, learner = world
    result = apply_attempt(session, learner.id, "multiplying", True, None, catalog.graph, NOW)
    m = rows(session)
    # The learning step needs the prerequisites: adding (weight 1) and counting (weight 0.5),
    # each believed known at 0.2, so practice can teach multiplying 0.2 * (1 - 0.5 * 0.8) of the
    # time.
    assert m["multiplying"].p_known == pytest.approx(
        RIGHT_FROM_PRIOR + (1 - RIGHT_FROM_PRIOR) * 0.15 * 0.2 * 0.6
    )
    # Share 1 for adding, 0.5 for counting, each times the belief (0.2) that multiplying was
    # known before this answer: a right answer on it may be a guess. No learning step.
    assert m["adding"].p_known == pytest.approx(0.2 + 0.2 * (RIGHT_FROM_PRIOR - 0.2))
    assert m["counting"].p_known == pytest.approx(0.2 + 0.1 * (RIGHT_FROM_PRIOR - 0.2))
    assert (m["multiplying"].evidence, m["adding"].evidence, m["counting"].evidence) == (
        1.0,
        1.0,
        0.5,
    )
    assert m["adding"].attempts == 0 and result.credited.keys() == {"adding", "counting"}


def test_a_mistake_rule_naming_a_prerequisite_lowers_it_and_schedules_remediation(world) -> None:
    session, catalog, learner = world
    variant = catalog.template("adding", "add").variant(3)
    response = f"{variant.plain_values['a']}*{variant.plain_values['b']}"
    graded = grade(variant, response)
    assert graded.mistake is not None and graded.mistake.prerequisite == "counting"
    attempts.record_attempt(session, learner, variant, graded, response, graph=catalog.graph)
    m = rows(session)
    assert m["counting"].p_known == pytest.approx(
        WRONG_FROM_PRIOR
    )  # a full failure, no learning step
    assert m["counting"].remediation and not m["adding"].remediation


def _wrong(p: float) -> float:
    return p * 0.1 / (p * 0.1 + (1 - p) * 0.8)  # posterior(p, wrong)


def _fail_three_times(session, catalog, learner, touched: set[str] | None = None) -> None:
    variant = catalog.template("multiplying", "add").variant(1)
    for k in range(3):
        attempts.record_attempt(
            session, learner, variant, grade(variant, "0"), "0", graph=catalog.graph
        )
        if k < 2 and touched is not None:
            assert rows(session).keys() == touched  # two errors point nowhere yet


def test_three_wrong_in_a_row_count_fully_against_prerequisites_never_answered(world) -> None:
    # Neither prerequisite was answered itself: each error of the run is an observation against
    # it, worth the share a success on multiplying credits it (adding 1, counting 0.5).
    session, catalog, learner = world
    _fail_three_times(session, catalog, learner, {"multiplying"})
    m = rows(session)
    adding, counting = 0.2, 0.2
    for _ in range(3):
        adding, counting = _wrong(adding), counting + 0.5 * (_wrong(counting) - counting)
    assert m["adding"].p_known == pytest.approx(adding)
    assert m["counting"].p_known == pytest.approx(counting)
    assert (m["adding"].evidence, m["counting"].evidence) == (3.0, 1.5)
    assert m["adding"].remediation and not m["counting"].remediation


def test_three_wrong_in_a_row_count_partly_against_a_prerequisite_answered_right(world) -> None:
    session, catalog, learner = world
    apply_attempt(session, learner.id, "adding", True, None, catalog.graph, NOW)
    before = rows(session)["adding"].p_known
    _fail_three_times(session, catalog, learner)
    m = rows(session)
    assert m["adding"].p_known == pytest.approx(before + 0.5 * (_wrong(before) - before))
    assert m["adding"].evidence == pytest.approx(1.0 + 0.5)


def test_a_right_answer_clears_remediation(world) -> None:
    session, catalog, learner = world
    apply_attempt(session, learner.id, "counting", False, None, catalog.graph, NOW)
    rows(session)["counting"].remediation = True
    apply_attempt(session, learner.id, "counting", True, None, catalog.graph, NOW)
    assert not rows(session)["counting"].remediation


def test_a_flagged_topic_whose_errors_flag_its_foundation_passes_the_flag_down(world) -> None:
    # A flag kept until a right answer made a topic the learner could not yet learn (its
    # foundation missing) the first task for hundreds of questions.
    session, catalog, learner = world
    apply_attempt(session, learner.id, "multiplying", False, None, catalog.graph, NOW)
    rows(session)["multiplying"].remediation = True
    for _ in range(2):
        apply_attempt(session, learner.id, "multiplying", False, None, catalog.graph, NOW)
    m = rows(session)
    assert m["adding"].remediation and not m["multiplying"].remediation


def test_reviews_are_scheduled_by_fsrs_and_implicit_repetitions_count(world) -> None:
    session, catalog, learner = world
    apply_attempt(session, learner.id, "counting", True, None, catalog.graph, NOW)
    first_due = rows(session)["counting"].due_at
    # No minute-long learning steps: the first review comes days later.
    assert first_due.replace(tzinfo=UTC) >= NOW + timedelta(days=2)
    card_before = rows(session)["counting"].card
    later = first_due.replace(tzinfo=UTC)
    apply_attempt(
        session, learner.id, "adding", True, None, catalog.graph, later
    )  # share 0.5 >= 0.25
    counting = rows(session)["counting"]
    assert counting.card != card_before
    assert counting.due_at.replace(tzinfo=UTC) > later + (later - NOW)  # the interval grew
    assert rows(session)["adding"].due_at is not None


def test_implicit_credit_does_not_create_a_memory_state(world) -> None:
    session, catalog, learner = world
    apply_attempt(session, learner.id, "adding", True, None, catalog.graph, NOW)
    assert rows(session)["counting"].card is None and rows(session)["counting"].due_at is None


def test_a_credit_that_cannot_move_a_certain_estimate_is_not_recorded(world) -> None:
    # Deep in the graph an answer credits ninety prerequisites and more, most of them already as
    # certain as an estimate gets: those rows are left as they are, not rewritten each answer.
    from tutor.engine.tracing.live import CERTAIN

    session, catalog, learner = world
    apply_attempt(session, learner.id, "multiplying", True, None, catalog.graph, NOW)
    certain = rows(session)["adding"]
    certain.p_known, certain.evidence = CERTAIN, 7.0
    session.flush()
    later = NOW + timedelta(hours=1)
    result = apply_attempt(session, learner.id, "multiplying", True, None, catalog.graph, later)
    session.expire_all()
    m = rows(session)
    assert (m["adding"].p_known, m["adding"].evidence) == (CERTAIN, 7.0)
    assert m["adding"].updated_at.replace(tzinfo=UTC) == NOW
    assert "adding" not in result.credited
    # The one not yet certain is credited as ever.
    assert m["counting"].evidence == 1.0 and "counting" in result.credited


def test_record_attempt_without_a_graph_updates_only_the_topic(world) -> None:
    session, catalog, learner = world
    variant = catalog.template("adding", "add").variant(5)
    attempts.record_attempt(
        session, learner, variant, grade(variant, variant.answer_plain), variant.answer_plain
    )
    assert set(rows(session)) == {"adding"}
    assert session.query(Attempt).count() == 1


def test_a_review_falls_due_while_recall_is_still_likely() -> None:
    from tutor.engine.reviews import SCHEDULER, recall_probability, review

    card, due = review(None, True, NOW)
    for _ in range(3):
        card, due = review(card, True, due)
    # FSRS schedules the review when predicted recall reaches the desired retention (90%).
    assert (
        recall_probability(card, due - timedelta(minutes=1)) >= SCHEDULER.desired_retention - 0.005
    )
    assert recall_probability(card, due + timedelta(days=60)) < SCHEDULER.desired_retention


def test_rows_are_locked_deepest_topic_first(world) -> None:
    """One global order (deepest first, then by id) keeps two answers of one learner from each
    holding a row the other waits for."""
    from tutor.practice.evidence import lock_order

    _, catalog, _ = world
    assert lock_order(catalog.graph, ["counting", "multiplying", "adding", "not-a-topic"]) == [
        "multiplying",
        "adding",
        "counting",
        "not-a-topic",
    ]


def test_an_answer_costs_the_same_few_statements_however_many_prerequisites_it_credits(
    world,
) -> None:
    from sqlalchemy import event

    session, catalog, learner = world
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement.lstrip().split()[0].upper())

    bind = session.get_bind()

    def answer(seed: int, fitted=None) -> list[str]:  # type: ignore[no-untyped-def]
        variant = catalog.template("multiplying", "add").variant(seed)
        statements.clear()
        event.listen(bind, "before_cursor_execute", record)
        try:
            attempts.record_attempt(
                session,
                learner,
                variant,
                grade(variant, variant.answer_plain),
                variant.answer_plain,
                f"k{seed}",
                graph=catalog.graph,
                fitted=fitted,
            )
            session.flush()
        finally:
            event.remove(bind, "before_cursor_execute", record)
        return list(statements)

    # The learner's engine state upserted and locked; the parameters; the three mastery rows
    # locked (none there yet), then inserted and locked in one statement; the attempt; the
    # engine's fitted parameters; the credited prerequisites' rows written in one UPDATE, the
    # answered topic's row in one more; the engine state (evidence.write_locked).
    # On PostgreSQL those three writes are one statement (two of them WITH queries).
    writes = ["WITH"] if bind.dialect.name == "postgresql" else ["UPDATE", "UPDATE", "UPDATE"]
    assert answer(2) == ["INSERT", "SELECT", "SELECT", "INSERT", "INSERT", "SELECT", *writes]
    # Once the rows are there, they are locked in one SELECT ... FOR UPDATE.
    assert answer(3) == ["INSERT", "SELECT", "SELECT", "INSERT", "SELECT", *writes]
    # With the fitted parameters cached (as the web app does), neither parameter query is made.
    fitted = FittedCache().get(session)
    assert answer(4, fitted) == ["INSERT", "SELECT", "INSERT", *writes]


def test_a_mistake_on_a_confirmed_prerequisite_counts_on_the_others_when_errors_repeat(
    world,
) -> None:
    # counting is answered right twice; multiplying's mistake rule names counting. The third such
    # mistake in a row falls on multiplying's direct prerequisites (adding too, locked with
    # them), and adding, never answered itself, is the one flagged.
    session, catalog, learner = world
    for seed in range(2):
        variant = catalog.template("counting", "add").variant(seed)
        right = grade(variant, variant.answer_plain)
        attempts.record_attempt(
            session, learner, variant, right, variant.answer_plain, graph=catalog.graph
        )
    for seed in range(REPEATED_ERRORS):
        variant = catalog.template("multiplying", "add").variant(seed)
        response = f"{variant.plain_values['a']}*{variant.plain_values['b']}"
        graded = grade(variant, response)
        assert graded.mistake is not None and graded.mistake.prerequisite == "counting"
        attempts.record_attempt(session, learner, variant, graded, response, graph=catalog.graph)
        m = rows(session)
        assert not m["counting"].remediation
    assert m["adding"].remediation and m["adding"].p_known < 0.2
