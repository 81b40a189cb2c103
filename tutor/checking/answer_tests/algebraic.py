"""AlgEquiv: the response means the same as the expected answer."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from fractions import Fraction

import sympy

from tutor.checking.case import Case
from tutor.checking.equivalence import equivalent, is_statement
from tutor.checking.errors import OptionError
from tutor.checking.verdict import Verdict, correct, invalid, wrong

EXPECTED_STATEMENT = invalid(
    "expected-statement", "Your answer should be an equation or inequality, such as x = 2."
)
EXPECTED_EXPRESSION = invalid(
    "expected-expression", "Your answer should be an expression, not an equation or inequality."
)

NOT_EQUIVALENT = wrong("not-equivalent", "Your answer is not equivalent to the correct answer.")


def kind_mismatch(case: Case) -> Verdict | None:
    """An equation where an expression is expected (or the reverse) is unreadable, not wrong."""
    if is_statement(case.expected) and not is_statement(case.response):
        return EXPECTED_STATEMENT
    if is_statement(case.response) and not is_statement(case.expected):
        return EXPECTED_EXPRESSION
    return None


def alg_equiv(case: Case) -> Verdict:
    mismatch = kind_mismatch(case)
    if mismatch:
        return mismatch
    if equivalent(case.response_exact(), case.expected, case.budget):
        return correct()
    return decimal_for_exact(case) or NOT_EQUIVALENT


DECIMAL_CHOICES = ("accept", "ask", "reject")
_DECIMAL_TEXT = re.compile(r"^\s*[+\-\u2212]?\d*\.(\d+)\s*$")
CLOSE_DECIMAL = (
    "Close, but give the exact value, not a decimal: a fraction such as 7/3 or a root "
    "such as sqrt(13)."
)


def has_finite_decimal(value: sympy.Rational | Fraction) -> bool:
    """Whether the decimal expansion ends (the denominator has no prime but 2 and 5)."""
    q = int(value.denominator)
    for prime in (2, 5):
        while q % prime == 0:
            q //= prime
    return q == 1


def decimal_for_exact(case: Case) -> Verdict | None:
    """A decimal that agrees with an exact answer that has no finite decimal (7.07 for sqrt(50),
    -2.33 for -7/3) to the places it is written to is not simply 'not equivalent'. Option
    `decimals` says what it is: `ask` (default: invalid, so nothing is recorded, with a request
    for the exact value), `accept` or `reject`."""
    choice = case.option("decimals", "ask")
    if choice not in DECIMAL_CHOICES:
        raise OptionError(
            f"option decimals must be one of {', '.join(DECIMAL_CHOICES)}, not {choice!r}"
        )
    match = _DECIMAL_TEXT.match(case.text)
    expected = case.expected
    if not match or is_statement(expected) or expected.free_symbols or expected.atoms(sympy.Float):
        return None
    if expected.is_Rational and has_finite_decimal(expected):
        return None  # 0.38 for 3/8 = 0.375 is a wrong decimal, not a decimal for an exact value
    places = len(match.group(1))
    try:
        gap = abs(sympy.N(case.response_exact() - expected, 30))
    except (TypeError, ValueError, ArithmeticError):
        return None
    if not (gap.is_number and gap.is_real) or not close_enough(gap, places):
        return None
    return close_decimal(choice)


def close_decimal(choice: str) -> Verdict:
    """The verdict for a decimal close to an exact value with no finite decimal, by option."""
    if choice == "accept":
        return correct()
    if choice == "reject":
        return wrong("decimal-for-exact", CLOSE_DECIMAL)
    return invalid("decimal-for-exact", CLOSE_DECIMAL)


def decimal_bound(places: int) -> Fraction:
    """Half a unit of the last written place, with a hair of slack for rounding."""
    return Fraction(1, 2 * 10**places) * (1 + Fraction(1, 10**9))


def close_enough(gap: sympy.Basic | Fraction, places: int) -> bool:
    """Within decimal_bound; `gap` exact (a Fraction) or 30 digits of a SymPy number."""
    bound = decimal_bound(places)
    if isinstance(gap, Fraction):
        return gap <= bound
    return bool(gap <= sympy.Rational(bound.numerator, bound.denominator))


MAX_RENAMED = 6  # 720 orderings at most


def _renamings(
    response: sympy.Basic, expected: sympy.Basic, fixed: frozenset[str]
) -> Iterator[dict[sympy.Symbol, sympy.Symbol]]:
    """Bijections from the response's free variables to the expected answer's, fixed ones kept."""
    mine = sorted((s for s in response.free_symbols if s.name not in fixed), key=lambda s: s.name)
    theirs = sorted((s for s in expected.free_symbols if s.name not in fixed), key=lambda s: s.name)
    if len(mine) != len(theirs) or len(mine) > MAX_RENAMED:
        return
    # Identity first: most answers use the expected names.
    orders = sorted(
        itertools.permutations(theirs),
        key=lambda order: sum(a.name != b.name for a, b in zip(mine, order)),
    )
    for order in orders:
        yield dict(zip(mine, order))


def subst_equiv(case: Case) -> Verdict:
    mismatch = kind_mismatch(case)
    if mismatch:
        return mismatch
    fixed = frozenset(str(n) for n in case.option("fixed", ()) or ())
    response = case.response_exact()
    for mapping in _renamings(response, case.expected, fixed):
        case.budget.check()
        renamed = response.xreplace(mapping)
        if equivalent(renamed, case.expected, case.budget):
            moved = [f"{a} = {b}" for a, b in mapping.items() if a != b]
            if not moved:
                return correct()
            return Verdict(
                True,
                True,
                1.0,
                "Correct, with the variables renamed: " + ", ".join(moved) + ".",
                "correct-renamed",
            )
    return wrong(
        "not-equivalent",
        "Your answer is not equivalent to the correct answer, even after renaming its variables.",
    )
