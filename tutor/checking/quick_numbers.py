"""The numerical tests' fast path: plain numbers judged in exact Fractions, without SymPy.

When both the response and the expected answer are rational numbers as written (integers,
decimals, 1.2e-3, 1.41*10^-3, fractions, percentages, whole powers), NumAbsolute, NumRelative and
NumSigFigs need nothing but their exact values, and the verdict comes from the same functions the
full check uses (tutor.checking.answer_tests.numerical), so the semantics cannot drift apart.
Anything else (pi, sqrt(2), a variable, a setting the full check must complain about) returns
None and the full check runs.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from tutor.checking import quick
from tutor.checking.answer_tests.numerical import (
    as_decimal,
    sig_figs_verdict,
    sig_options,
    significant_figures,
    tolerance,
    tolerance_verdict,
)
from tutor.checking.errors import OptionError
from tutor.checking.limits import MAX_AUTHOR_LENGTH, MAX_LENGTH
from tutor.checking.quick_trees import exact
from tutor.checking.verdict import Verdict

WIDE_BITS = 400  # 1e-33 and 6.02e23 are held exactly; no modular proof needs the small bound


def decide_number(response: str, expected: str, test: str, declared: frozenset[str],
                  options: dict) -> Verdict | None:
    """The verdict of NumAbsolute, NumRelative or NumSigFigs for two plain numbers, or None."""
    if len(response) > MAX_LENGTH or len(expected) > MAX_AUTHOR_LENGTH:
        return None
    e = exact(quick.read(expected, declared, author=True, max_bits=WIDE_BITS)[0])
    if e is None:
        return None
    node, _, tex = quick.read(response, declared, max_bits=WIDE_BITS, tex=True)
    r = exact(node)
    if r is None:
        return None
    try:
        if test == "NumSigFigs":
            verdict = _sig_figs(response, r, e, options)
        else:
            verdict = tolerance_verdict(r, e, tolerance(options), test == "NumRelative")
    except OptionError:
        return None  # the full check says what is wrong with the question
    if verdict is None:
        return None
    return replace(verdict, response_tex=tex)


def _sig_figs(text: str, r, e, options: dict) -> Verdict | None:
    n, m = sig_options(options)
    written = significant_figures(text)
    if written is None:
        return None  # not a decimal: the full check's message
    exact_r, exact_e = as_decimal(r), as_decimal(e)
    if not isinstance(exact_r, Decimal) or not isinstance(exact_e, Decimal):
        return None
    return sig_figs_verdict(written, exact_r, exact_e, n, m)
