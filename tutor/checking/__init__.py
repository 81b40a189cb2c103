"""Answer checking: a whitelist math parser and STACK's answer tests, safe and fast.

Nothing typed by a learner or an author is passed to eval, sympify or parse_expr: text goes
through our own tokenizer and parser (`parse_expression`) into SymPy objects. `check_answer`
judges a response with a named answer test under a time budget; `preview` validates as you type.

How equivalence is decided (AlgEquiv and the equivalence inside every other test):
- Variables are real. Two expressions are compared at random points: exactly (modulo a 127-bit
  prime, or with Fractions) when both are rational functions, else in double precision with
  every verdict confirmed in 60-digit mpmath. Points outside both real domains are skipped;
  elsewhere principal values are compared, so sqrt(x^2) is not x and 2 log(x) is not log(x^2).
- Written decimals are the exact numbers they name (0.1/3 equals 1/30, 0.333 is not 1/3); an
  expression holding a computed float matches to that float's precision.
- Equations match when one is a nonzero constant multiple of the other (a = 0 or b = 0 reads as
  ab = 0); anything with an inequality, in one variable, is compared by its real solution set.
- Only what the numbers cannot settle goes to exact SymPy, in a killable worker process, under
  the check's budget (option `timeout`, default 1 s); past it the verdict is note "timeout".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy

from tutor.checking.check import ANSWER_TESTS, check_answer, preview
from tutor.checking.errors import MathSyntaxError, OptionError
from tutor.checking.guard import warm_up
from tutor.checking.parser import parse
from tutor.checking.render import to_plain, to_tex
from tutor.checking.verdict import Preview, Verdict

__all__ = [
    "ANSWER_TESTS",
    "MathSyntaxError",
    "OptionError",
    "Preview",
    "Verdict",
    "check_answer",
    "parse_expression",
    "preview",
    "to_plain",
    "to_tex",
    "warm_up",
]


def parse_expression(
    text: str,
    *,
    symbols: Iterable[str] = (),
    values: Mapping[str, sympy.Basic] | None = None,
    author: bool = False,
) -> sympy.Basic:
    """Read `text` into a SymPy object with our own whitelist parser.

    `symbols` are free variables (declaring "e" or "i" overrides Euler's number and the imaginary
    unit); `values` binds names to SymPy values (template parameters). `author=True` also allows
    expand, factor, simplify, diff, integrate, round, floor, ceiling, min, max, gcd, lcm, mod,
    quotient and `not`. Raises MathSyntaxError (with .message and .position) for unreadable text.

    >>> parse_expression("3(6n+7)")
    18*n + 21
    """
    # An author's decimals are exact (0.5 is 1/2), so values computed from them stay exact.
    return parse(text, symbols=symbols, values=values, author=author, exact_decimals=author)
