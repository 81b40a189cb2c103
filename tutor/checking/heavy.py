"""Which expressions are too large for the in-process fast path.

The web process checks small expressions itself, in well under a millisecond. An expression whose
polynomial degree, integer powers or numbers could make exact arithmetic or SymPy's polynomial
code run for minutes ((x^999 + 2^200)^1000, (1 + sqrt(2))^5000 = 1) is checked whole in a
killable worker instead, so no input can hold a web worker past its budget.
"""

from __future__ import annotations

import sympy

LIGHT_DEGREE = 512  # polynomial degree bound, found without expanding anything
LIGHT_POWER = 256  # integer exponent of anything but a bare variable
LIGHT_BITS = 100_000  # degree times the bits of the largest number: the size of an expansion


def is_heavy(expr: sympy.Basic) -> bool:
    """True when checking `expr` must happen where it can be killed."""
    try:
        degree, bits = _measure(expr)
    except _Heavy:
        return True
    return degree > LIGHT_DEGREE or degree * bits > LIGHT_BITS


class _Heavy(Exception):
    pass


def _measure(expr: sympy.Basic) -> tuple[int, int]:
    """(degree bound, bits of the largest number) bottom-up; raises _Heavy as soon as it knows."""
    if expr.is_Symbol:
        return 1, 0
    if expr.is_Rational:
        return 0, max(int(expr.p).bit_length(), int(expr.q).bit_length())
    if expr.is_Atom:
        return 0, 0
    parts = [_measure(arg) for arg in expr.args]
    bits = max((b for _, b in parts), default=0)
    if expr.is_Add:
        degree = max(d for d, _ in parts)
    elif expr.is_Mul:
        degree = sum(d for d, _ in parts)
    elif expr.is_Pow and expr.exp.is_Integer:
        power = abs(int(expr.exp))
        if power > LIGHT_POWER and not expr.base.is_Symbol:
            raise _Heavy()
        degree = power * parts[0][0]
    else:  # a function, a non-integer power, a relation: its arguments count as they are
        degree = max((d for d, _ in parts), default=0)
    if degree > LIGHT_DEGREE or degree * bits > LIGHT_BITS:
        raise _Heavy()
    return degree, bits
