"""'I know this' checks and placement as use cases, on counting -> adding -> multiplying."""


import pytest

from tutor.learner import diagnostics, placing, services
from tutor.learner.diagnostics import InvalidAnswer
from tutor.learner.mastery import CLAIM_P_KNOWN
from tutor.learner.models import Mastery


def p_known(session) -> dict[str, float]:  # type: ignore[no-untyped-def]
    session.flush()
    return {m.topic_id: m.p_known for m in session.query(Mastery).all()}


def shown(catalog, diagnostic):  # type: ignore[no-untyped-def]
    return diagnostics.current_variant(catalog, diagnostics.state_of(diagnostic))


def test_a_claim_is_weak_credit_and_two_wrong_answers_undo_it(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    check = diagnostics.start_claim(session, catalog, learner, "adding")
    assert p_known(session) == {"adding": CLAIM_P_KNOWN, "counting": CLAIM_P_KNOWN}
    diagnostics.answer_claim(session, catalog, learner, check, ["0"])
    assert check.status == "active"  # one miss gets a second question
    diagnostics.answer_claim(session, catalog, learner, check, ["0"])
    assert check.status == "failed"
    assert p_known(session) == {"adding": 0.2, "counting": 0.2}  # back to the prior
    assert services.mastered_topics(session, learner) == set()


def test_a_right_answer_after_a_miss_confirms_the_claim(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    check = diagnostics.start_claim(session, catalog, learner, "adding")
    diagnostics.answer_claim(session, catalog, learner, check, ["0"])
    diagnostics.answer_claim(session, catalog, learner, check, [shown(catalog, check).answer_plain])
    assert check.status == "passed"
    assert services.mastered_topics(session, learner) == {"adding", "counting"}


def test_an_unreadable_check_answer_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    check = diagnostics.start_claim(session, catalog, learner, "adding")
    with pytest.raises(InvalidAnswer):
        diagnostics.answer_claim(session, catalog, learner, check, ["3+*"])
    assert diagnostics.state_of(check)["answers"] == [] and check.status == "active"


def test_a_check_belongs_to_its_learner(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    check = diagnostics.start_claim(session, catalog, learner, "adding")
    other = services.new_learner(session)
    with pytest.raises(LookupError):
        diagnostics.find(session, other, check.id, "claim")
    with pytest.raises(LookupError):
        diagnostics.find(session, learner, check.id, "placement")


def test_a_placement_asks_until_its_stopping_rule_and_writes_mastery(world) -> None:  # type: ignore[no-untyped-def]
    session, catalog, learner = world
    placement = placing.start_placement(session, catalog, learner, "multiplying")
    assert diagnostics.state_of(placement)["topics"] == ["counting", "adding", "multiplying"]
    asked = 0
    while placement.status == "active":
        variant = shown(catalog, placement)
        placing.answer_placement(session, catalog, learner, placement, [variant.answer_plain])
        asked += 1
    assert placement.status == "finished" and 1 <= asked <= 20
    summary = placing.result_summary(diagnostics.state_of(placement))
    assert summary["placed_known"] == ["adding", "counting", "multiplying"]
    assert all(p >= 0.5 for p in p_known(session).values())
    with pytest.raises(LookupError):
        placing.answer_placement(session, catalog, learner, placement, ["1"])
