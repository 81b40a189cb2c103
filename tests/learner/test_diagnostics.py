"""'I know this' checks and placement as use cases, on counting -> adding -> multiplying."""

import pytest

from tutor.accounts import learners
from tutor.diagnostics import placing, sessions
from tutor.diagnostics.sessions import InvalidAnswer
from tutor.engine.mastery import CLAIM_P_KNOWN
from tutor.errors import Conflict
from tutor.practice import attempts
from tutor.store.models import Attempt, Mastery


def p_known(session) -> dict[str, float]:
    session.flush()
    return {m.topic_id: m.p_known for m in session.query(Mastery).all()}


def shown(catalog, diagnostic):
    return sessions.current_variant(catalog, sessions.state_of(diagnostic))


def test_a_claim_is_weak_credit_and_two_wrong_answers_undo_it(world) -> None:
    session, catalog, learner = world
    check = sessions.start_claim(session, catalog, learner, "adding")
    assert p_known(session) == {"adding": CLAIM_P_KNOWN, "counting": CLAIM_P_KNOWN}
    sessions.answer_claim(session, catalog, learner, check, ["0"])
    assert check.status == "active"  # one miss gets a second question
    sessions.answer_claim(session, catalog, learner, check, ["0"])
    assert check.status == "failed"
    assert p_known(session) == {"adding": 0.2, "counting": 0.2}  # back to the prior
    assert attempts.mastered_topics(session, learner) == set()


def test_a_right_answer_after_a_miss_confirms_the_claim(world) -> None:
    session, catalog, learner = world
    check = sessions.start_claim(session, catalog, learner, "adding")
    sessions.answer_claim(session, catalog, learner, check, ["0"])
    sessions.answer_claim(session, catalog, learner, check, [shown(catalog, check).answer_plain])
    assert check.status == "passed"
    assert attempts.mastered_topics(session, learner) == {"adding", "counting"}


def test_an_unreadable_check_answer_changes_nothing(world) -> None:
    session, catalog, learner = world
    check = sessions.start_claim(session, catalog, learner, "adding")
    with pytest.raises(InvalidAnswer):
        sessions.answer_claim(session, catalog, learner, check, ["3+*"])
    assert sessions.state_of(check)["answers"] == [] and check.status == "active"


def test_a_check_belongs_to_its_learner(world) -> None:
    session, catalog, learner = world
    check = sessions.start_claim(session, catalog, learner, "adding")
    other = learners.new_learner(session)
    with pytest.raises(LookupError):
        sessions.find(session, other, check.id, "claim")
    with pytest.raises(LookupError):
        sessions.find(session, learner, check.id, "placement")


def test_a_placement_asks_until_its_stopping_rule_and_writes_mastery(world) -> None:
    session, catalog, learner = world
    placement = placing.start_placement(session, catalog, learner, "multiplying")
    assert sessions.state_of(placement)["topics"] == ["counting", "adding", "multiplying"]
    asked = 0
    while placement.status == "active":
        variant = shown(catalog, placement)
        placing.answer_placement(session, catalog, learner, placement, [variant.answer_plain])
        asked += 1
    assert placement.status == "finished" and 1 <= asked <= 20
    summary = placing.result_summary(sessions.state_of(placement))
    mastered = attempts.mastered_topics(session, learner)
    assert summary["placed_known"] == sorted(mastered - {"multiplying"})  # as mastery counts them
    assert summary["topics"] == 2 and summary["goal_known"] == ("multiplying" in mastered)
    assert all(p >= 0.5 for p in p_known(session).values())
    with pytest.raises(Conflict):
        placing.answer_placement(session, catalog, learner, placement, ["1"])


def logged(session) -> list[tuple[str, str, bool, str]]:
    session.flush()
    return [
        (a.topic_id, a.response, a.correct, a.source)
        for a in session.query(Attempt).order_by(Attempt.id)
    ]


def test_placement_answers_are_logged_but_are_not_practice(world) -> None:
    session, catalog, learner = world
    placement = placing.start_placement(session, catalog, learner, "multiplying")
    answers = []
    for _ in range(3):  # three wrong answers in a row: no practice rule may fire on them
        if placement.status != "active":
            break
        variant = shown(catalog, placement)
        placing.answer_placement(session, catalog, learner, placement, ["0"])
        answers.append((variant.topic_id, "0", False, "placement"))
        attempt = session.query(Attempt).order_by(Attempt.id.desc()).first()
        assert (attempt.template_id, attempt.seed) == (variant.template_id, variant.seed)
        assert attempt.parameters == {k: str(v) for k, v in variant.values.items()}
    assert logged(session) == answers
    rows = session.query(Mastery).all()
    assert all(not m.attempts and not m.remediation for m in rows)


def test_claim_check_answers_are_logged_and_an_unreadable_one_is_not(world) -> None:
    session, catalog, learner = world
    check = sessions.start_claim(session, catalog, learner, "adding")
    with pytest.raises(InvalidAnswer):
        sessions.answer_claim(session, catalog, learner, check, ["3+*"])
    assert logged(session) == []
    topic = shown(catalog, check).topic_id
    sessions.answer_claim(session, catalog, learner, check, ["0"])
    assert logged(session) == [(topic, "0", False, "claim-check")]
