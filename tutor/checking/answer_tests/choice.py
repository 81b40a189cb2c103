"""MultipleChoice and AnyOf: tests that read the response their own way."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from tutor.checking.budget import Budget
from tutor.checking.errors import OptionError
from tutor.checking.verdict import Verdict, correct, invalid, wrong

# How a test that holds several answers checks one of them:
# (response, expected, test, options, budget).
CheckOne = Callable[[str, object, str, dict, Budget], Verdict]


def _plain(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def multiple_choice(
    response: str,
    expected: str | sympy.Basic,
    options: dict,
    budget: Budget,
    check_with_budget: CheckOne,
) -> Verdict:
    """The response is a choice's text or its 1-based number; the expected is the right text."""
    choices = [str(c) for c in options.get("choices") or ()]
    if not choices:
        raise OptionError("MultipleChoice needs the option 'choices'")
    if not isinstance(response, str):
        return invalid("not-a-choice", "Pick one of the choices.")
    picked = _plain(response)
    texts = [_plain(c) for c in choices]
    if picked in texts:
        index = texts.index(picked)
    elif picked.isdigit() and 1 <= int(picked) <= len(choices):
        index = int(picked) - 1
    else:
        return invalid("not-a-choice", f"Pick one of the choices (1 to {len(choices)}).")
    wanted = _plain(str(expected))
    if wanted not in texts and wanted.isdigit() and 1 <= int(wanted) <= len(choices):
        wanted = texts[int(wanted) - 1]  # the expected answer given as the choice's number
    if texts[index] == wanted:
        return correct()
    return wrong("wrong-choice", "That is not the right choice.")


def accepted_answers(expected: object) -> list:
    if isinstance(expected, (list, tuple)):
        return list(expected)
    if isinstance(expected, str):
        return [part for part in (p.strip() for p in expected.split(";")) if part]
    return [expected]


def any_of(
    response: str, expected: object, options: dict, budget: Budget, check_with_budget: CheckOne
) -> Verdict:
    """Correct when the response passes the inner test (option `test`, default AlgEquiv)
    against any one of the accepted answers, each checked by ``check_with_budget``."""

    test = options.get("test", "AlgEquiv")
    inner = {k: v for k, v in options.items() if k != "test"}
    answers = accepted_answers(expected)
    if not answers:
        raise OptionError("AnyOf needs at least one accepted answer")
    best: Verdict | None = None
    for answer in answers:
        verdict = check_with_budget(response, answer, test, inner, budget)
        if not verdict.valid:
            if verdict.note in ("invalid-syntax", "timeout"):
                return verdict
            best = best or verdict
            continue
        if verdict.correct:
            return verdict
        if (
            best is None
            or not best.valid
            or (verdict.note != "not-equivalent" and best.note == "not-equivalent")
        ):
            best = verdict
    return best if best is not None else wrong("not-equivalent", "")
