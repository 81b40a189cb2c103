"""The numerical tests' fast path: plain numbers judged in exact Fractions, without SymPy.

When both the response and the expected answer are rational numbers as written (integers,
decimals, 1.2e-3, 1.41*10^-3, fractions, percentages, whole powers), NumAbsolute, NumRelative and
NumSigFigs need nothing but their exact values, and the verdict comes from the same functions the
full check uses (tutor.checking.answer_tests.numerical), so the semantics cannot drift apart.
Anything else (pi, sqrt(2), a variable, a setting the full check must complain about) returns
None and the full check runs.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from tutor.checking import quick
from tutor.checking.answer_tests.numerical import (
    as_decimal,
    sig_figs_verdict,
    sig_options,
    significant_figures,
    tolerance,
    tolerance_outcome,
    tolerance_verdict,
)
from tutor.checking.errors import OptionError
from tutor.checking.limits import MAX_ANSWER_CHARS, MAX_AUTHOR_LENGTH
from tutor.checking.quick_floats import float_value
from tutor.checking.quick_trees import STATEMENTS, Undefined, exact
from tutor.checking.verdict import Verdict

WIDE_BITS = 400  # 1e-33 and 6.02e23 are held exactly; no modular proof needs the small bound


def decide_number(
    response: str, expected: str, test: str, declared: frozenset[str], options: dict
) -> Verdict | None:
    """The verdict of NumAbsolute, NumRelative or NumSigFigs for two plain numbers, or None."""
    if len(response) > MAX_ANSWER_CHARS or len(expected) > MAX_AUTHOR_LENGTH:
        return None
    expected_node, names, _ = quick.read(expected, declared, author=True, max_bits=WIDE_BITS)
    e = exact(expected_node)
    if e is None and (
        expected_node is None or names or test == "NumSigFigs" or expected_node[0] in STATEMENTS
    ):
        return None
    node, _, tex = quick.read(response, declared, max_bits=WIDE_BITS, tex=True)
    r = exact(node)
    if r is None:
        return None
    try:
        if e is None:  # pi, e^-2, sqrt(2): decided in bounded doubles when far from the edge
            verdict = _near_irrational(r, expected_node, tolerance(options), test == "NumRelative")
        elif test == "NumSigFigs":
            verdict = _sig_figs(response, r, e, options)
        else:
            verdict = tolerance_verdict(r, e, tolerance(options), test == "NumRelative")
    except OptionError:
        return None  # the full check says what is wrong with the question
    if verdict is None:
        return None
    return replace(verdict, response_tex=tex)


MARGIN = 1e-9  # relative: no verdict this close to the edge of the tolerance


def _near_irrational(r: Fraction, node: tuple, tol: Fraction, relative: bool) -> Verdict | None:
    """_within's 60-digit rule (|r - e| <= bound (1 + 1e-12), bound tol |e| or tol) for an
    expected value known in doubles with a bound on its error; None near the edge."""
    try:
        value, error = float_value(node, {})
        gap = abs(float(r) - value)
    except (Undefined, ZeroDivisionError, OverflowError, ValueError):
        return None
    if not (math.isfinite(value) and math.isfinite(error)) or abs(value) <= 4 * error:
        return None  # zero or nearly: relative would turn absolute; the full check decides
    bound = float(tol) * (abs(value) if relative else 1.0) * (1 + 1e-12)
    slack = 4 * error * (1 + float(tol)) + MARGIN * (abs(value) + abs(float(r)) + bound)
    if gap + slack < bound or gap - slack > bound:
        return tolerance_outcome(gap + slack < bound)
    return None


def _sig_figs(text: str, r: Fraction, e: Fraction, options: dict) -> Verdict | None:
    n, m = sig_options(options)
    written = significant_figures(text)
    if written is None:
        return None  # not a decimal: the full check's message
    exact_r, exact_e = as_decimal(r), as_decimal(e)
    if not isinstance(exact_r, Decimal) or not isinstance(exact_e, Decimal):
        return None
    return sig_figs_verdict(written, exact_r, exact_e, n, m)
