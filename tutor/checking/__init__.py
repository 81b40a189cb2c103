"""Answer checking: a whitelist math parser and STACK's answer tests, safe and fast.

Nothing typed by a learner or an author is passed to eval, sympify or parse_expr: text goes
through our own tokenizer and parser (`parse_expression`) into SymPy objects. `check_answer`
judges a response with a named answer test under a time budget; `preview` validates as you type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy

from tutor.checking.check import ANSWER_TESTS, check_answer, preview
from tutor.checking.errors import MathSyntaxError
from tutor.checking.guard import warm_up
from tutor.checking.parser import parse
from tutor.checking.render import to_plain, to_tex
from tutor.checking.verdict import Preview, Verdict

__all__ = ["ANSWER_TESTS", "MathSyntaxError", "Preview", "Verdict", "check_answer",
           "parse_expression", "preview", "to_plain", "to_tex", "warm_up"]


def parse_expression(text: str, *, symbols: Iterable[str] = (),
                     values: Mapping[str, sympy.Basic] | None = None,
                     author: bool = False) -> sympy.Basic:
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
