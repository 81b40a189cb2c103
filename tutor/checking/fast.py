"""The fast paths of check_answer: verdicts proved without building SymPy objects.

Each returns a Verdict only when it is the one the full check would give (the same answer-test
functions, or a proof), else None and the full check runs:
- AlgEquiv (and a proof of difference for the form tests): tutor.checking.quick;
- NumAbsolute, NumRelative, NumSigFigs on plain numbers: tutor.checking.quick_numbers;
- an equation where an expression is expected, or the reverse, for every other test.
"""

from __future__ import annotations

import re

from tutor.checking import quick
from tutor.checking.answer_tests.algebraic import (
    _DECIMAL_TEXT,
    DECIMAL_CHOICES,
    EXPECTED_EXPRESSION,
    EXPECTED_STATEMENT,
    NOT_EQUIVALENT,
    close_decimal,
    close_enough,
    decimal_bound,
    has_finite_decimal,
)
from tutor.checking.limits import MAX_ANSWER_CHARS, MAX_AUTHOR_LENGTH
from tutor.checking.quick_numbers import decide_number
from tutor.checking.quick_trees import exact, near_surd, surd
from tutor.checking.verdict import Verdict, correct

NUMERIC_TESTS = frozenset({"NumRelative", "NumAbsolute", "NumSigFigs"})
# A number, e, and digits with a space somewhere between: 1.40e 1, 1.40 e 1 or 1.40 e1 may mean
# 1.40e1 (a power of ten) or 1.40*e*1 (the number e); the full check asks which.
SPACED_E = re.compile(r"(\d+(?:\.\d*)?)(?:\s+[eE]\s*|[eE]\s+)([+\-\u2212]?\d+)")


def fast_verdict(
    response: str,
    expected: str,
    test: str,
    declared: frozenset[str],
    options: dict,
    read: list[bool] | None = None,
) -> Verdict | None:
    """The verdict of check_answer's full check, when it can be had without SymPy; else None.
    `read` (when given) gets True appended once both texts were read by quick.read, so that the
    full check can take the response's TeX from that reading (response_tex)."""
    if test == "AlgEquiv" or test in FORM_TESTS:
        verdict, decided = _quick(response, expected, declared, options, test)
        if verdict is not None:
            return verdict
        if decided:  # yet left to the full check: a form test's equivalent answer (only the
            if read is not None:  # full check tells its form), a decimal the full check weighs
                read.append(True)
            return None  # both are statements or both expressions: no kind to tell
    if test in NUMERIC_TESTS:
        if "e" in declared or not SPACED_E.search(response):
            return decide_number(response, expected, test, declared, options)
        return None
    if test in ("MultipleChoice", "AnyOf"):
        return None
    return _quick_kinds(response, expected, declared, read)


QUICK_OPTIONS = frozenset({"variables", "timeout", "decimals"})
FORM_TESTS = frozenset({"EqualComAss", "Expanded", "FacForm", "LowestTerms"})


def _quick(
    response: str, expected: str, declared: frozenset[str], options: dict, test: str = "AlgEquiv"
) -> tuple[Verdict | None, bool]:
    """AlgEquiv of plain expressions, proved without SymPy (tutor.checking.quick), or None. For
    a form test only a proof of difference is used: "not equivalent" whatever the form. With
    it, whether quick.decide decided (then both texts are of one kind, statement or not)."""
    if len(response) > MAX_ANSWER_CHARS or len(expected) > MAX_AUTHOR_LENGTH:
        return None, False  # refused by the parser: no scanning of a megabyte here first
    if not options.keys() <= QUICK_OPTIONS or options.get("decimals", "ask") not in DECIMAL_CHOICES:
        return None, False
    if "e" not in declared and SPACED_E.search(response):
        return None, False  # 2e 3: the full check explains
    same = quick.decide(response, expected, declared)
    if same is None:
        return None, False
    if same and test != "AlgEquiv":
        return None, True
    names = declared | quick.read(expected, declared, author=True)[1]
    verdict = correct() if same else NOT_EQUIVALENT
    decimal = _DECIMAL_TEXT.match(response)
    if decimal and not same and test == "AlgEquiv":  # decimal_for_exact, in exact arithmetic
        close = _close_decimal(response, expected, declared, len(decimal.group(1)), options)
        if close is None:
            return None, True
        verdict = close
    return with_tex(verdict, quick.read(response, names, tex=True)[2]), True


def with_tex(verdict: Verdict, tex: str | None) -> Verdict:
    """The verdict with the response's TeX (dataclasses.replace, without its introspection)."""
    v = verdict
    return Verdict(v.valid, v.correct, v.score, v.feedback, v.note, tex)


def response_tex(response: str, expected: str, declared: frozenset[str]) -> tuple | None:
    """(names, TeX) of the response as quick.read read it for the fast path (cached: call it
    only after fast_verdict reported `read`), or None: parse(response, symbols=names, tex=True)
    gives the same TeX, from the same TeX builder."""
    node, names, _ = quick.read(expected, declared, author=True)
    if node is None:
        return None
    names = declared | names
    tex = quick.read(response, names, tex=True)[2]
    return None if tex is None else (names, tex)


def _quick_kinds(
    response: str, expected: str, declared: frozenset[str], read: list[bool] | None = None
) -> Verdict | None:
    """An equation where an expression is expected, or the reverse (shape_problem's verdict),
    told from the fast path's reading; None when that cannot tell."""
    if len(response) > MAX_ANSWER_CHARS or len(expected) > MAX_AUTHOR_LENGTH:
        return None
    if "e" not in declared and SPACED_E.search(response):
        return None
    kinds = quick.kinds(response, expected, declared)
    if read is not None:
        read.append(True)
    if kinds is None or kinds[0] == kinds[1]:
        return None
    names = declared | quick.read(expected, declared, author=True)[1]
    verdict = EXPECTED_STATEMENT if kinds[1] else EXPECTED_EXPRESSION
    return with_tex(verdict, quick.read(response, names, tex=True)[2])


def _close_decimal(
    response: str, expected: str, declared: frozenset[str], places: int, options: dict
) -> Verdict | None:
    """decimal_for_exact for a rational expected answer, exactly; None: the full check decides."""
    node, expected_names, _ = quick.read(expected, declared, author=True)  # as quick.decide did
    if expected_names:
        return NOT_EQUIVALENT  # no decimal stands for an expression with variables
    e, r = exact(node), exact(quick.read(response, declared, tex=True)[0])
    if r is None:
        return None
    if e is not None:
        if has_finite_decimal(e) or not close_enough(abs(r - e), places):
            return NOT_EQUIVALENT
        return close_decimal(options.get("decimals", "ask"))
    root = surd(node)  # q sqrt(n): irrational, and the gap is decided exactly
    if root is None:
        return None  # another irrational value: the full check measures the gap
    if not near_surd(r, *root, decimal_bound(places)):
        return NOT_EQUIVALENT
    return close_decimal(options.get("decimals", "ask"))
