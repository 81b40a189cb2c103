"""The table of several hundred cases (checking_cases.py), one test per case."""

import pytest

try:
    from tests.checking.checking_cases import CASES
except ImportError:  # pytest's default import mode puts this folder itself on sys.path
    from checking_cases import CASES
from tutor.checking import check_answer, preview


def _id(case) -> str:
    return f"{case.test}:{case.response}|{case.expected}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_case(case):
    verdict = check_answer(case.response, case.expected, case.test, case.options)
    if case.outcome == "correct":
        assert verdict.valid and verdict.correct and verdict.score == 1.0, verdict
    elif case.outcome == "wrong":
        assert verdict.valid and not verdict.correct and verdict.score == 0.0, verdict
    elif case.outcome == "invalid":
        assert not verdict.valid and not verdict.correct, verdict
        assert verdict.feedback
    else:
        assert verdict.note == case.outcome, verdict
        assert verdict.correct == case.outcome.startswith("correct"), verdict


def test_the_table_is_large_and_covers_every_test():
    from tutor.checking import ANSWER_TESTS

    assert len(CASES) >= 400
    assert {c.test for c in CASES} == ANSWER_TESTS
    assert sum(c.outcome != "correct" for c in CASES) >= 150  # near misses and invalid inputs


SHAPE_NOTES = {
    "invalid-syntax",
    "wrong-case",
    "ambiguous-e",
    "not-a-number",
    "not-a-decimal",
    "expected-statement",
    "expected-expression",
}


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.test not in ("MultipleChoice", "AnyOf")],
    ids=[_id(c) for c in CASES if c.test not in ("MultipleChoice", "AnyOf")],
)
def test_preview_agrees_with_the_check(case):
    """Given the question, the preview refuses exactly what the check refuses before grading,
    with the same words, and never calls valid an answer the check cannot read."""
    shown = preview(case.response, expected=case.expected, test=case.test, options=case.options)
    verdict = check_answer(case.response, case.expected, case.test, case.options)
    if verdict.note in SHAPE_NOTES:
        assert not shown.valid, (shown, verdict)
        if verdict.note != "invalid-syntax":
            assert shown.message == verdict.feedback
    if not shown.valid:
        assert not verdict.valid, (shown, verdict)
