"""The fast path's trees (tutor.checking.quick) and their exact values.

A node: ("n", Fraction) | ("s", name) | ("c", float) | ("+", nodes) | ("*", nodes)
| ("^", node, int) | ("f", name, node); a statement: ("rel", kind, d) for d kind 0 (kind one of
= != < <=) | ("and" | "or" | "not", statements). Rational: no "c" and no "f" inside. Exact values
are worked out in unreduced integer pairs (Fractions reduce at every step, several times slower).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from tutor.checking.modular import MAX_COEFFICIENT_BITS

MAX_EXPONENT = 10_000  # x^k with |k| beyond this goes to the full check
MAX_EXACT_BITS = 100_000  # exact values past this size are not worked out here


def number_node(value: Fraction) -> tuple:
    if (
        max(abs(value.numerator).bit_length(), value.denominator.bit_length())
        > MAX_COEFFICIENT_BITS
    ):
        raise Fallback("number too large to reduce safely")
    return ("n", value)


def exact_root(value: Fraction, k: int) -> Fraction | None:
    """The exact k-th root of a rational number >= 0, when there is one (SymPy's principal root
    of a negative number is complex: not for this path)."""
    if value < 0 or k > MAX_EXPONENT:
        return None
    parts = []
    for whole in (value.numerator, value.denominator):
        guess = round(whole ** (1.0 / k))
        root = next((r for r in (guess - 1, guess, guess + 1) if r >= 0 and r**k == whole), None)
        if root is None:
            return None
        parts.append(root)
    return Fraction(parts[0], parts[1])


def _whole(value: Fraction, low: int, high: int) -> int | None:
    return int(value) if value.denominator == 1 and low <= value <= high else None


def _factorial(n: Fraction) -> Fraction | None:
    whole = _whole(n, 0, 30)  # larger, negative or not whole: the full check decides or explains
    return None if whole is None else Fraction(math.factorial(whole))


def _binomial(n: Fraction, k: Fraction) -> Fraction | None:
    top, bottom = _whole(n, 0, 200), _whole(k, 0, 200)
    return None if top is None or bottom is None else Fraction(math.comb(top, bottom))


def _sqrt(value: Fraction) -> Fraction | None:
    return exact_root(value, 2)


def _sign(value: Fraction) -> Fraction:
    return Fraction((value > 0) - (value < 0))


# Functions whose value at rational arguments is rational and exact here, as SymPy gives it;
# None: not for this path (sqrt(2) goes on as a float node).
EXACT_FUNCTIONS: dict[str, Callable[..., Fraction | None]] = {
    "abs": abs,
    "sign": _sign,
    "sgn": _sign,
    "signum": _sign,
    "floor": lambda v: Fraction(math.floor(v)),
    "ceiling": lambda v: Fraction(math.ceil(v)),
    "ceil": lambda v: Fraction(math.ceil(v)),
    "max": max,
    "min": min,
    "factorial": _factorial,
    "binomial": _binomial,
    "sqrt": _sqrt,
}


STATEMENTS = frozenset({"rel", "and", "or", "not"})


class Fallback(Exception):
    """Not for the fast path: the full check decides."""


class Undefined(Exception):
    """No real value that double precision can vouch for at this point."""


def has_symbol(node: tuple) -> bool:
    kind = node[0]
    if kind == "s":
        return True
    if kind in ("n", "c"):
        return False
    if kind in ("+", "*"):
        return any(has_symbol(n) for n in node[1])
    return has_symbol(node[1] if kind == "^" else node[2])


def names_in(node: tuple, into: set) -> set:
    kind = node[0]
    if kind == "s":
        into.add(node[1])
    elif kind in ("+", "*"):
        for n in node[1]:
            names_in(n, into)
    elif kind == "^":
        names_in(node[1], into)
    elif kind in ("f", "rel"):
        names_in(node[2], into)
    elif kind in ("and", "or", "not"):
        for n in node[1]:
            names_in(n, into)
    return into


def is_rational(node: tuple) -> bool:
    kind = node[0]
    if kind in ("n", "s"):
        return True
    if kind in ("+", "*"):
        return all(is_rational(n) for n in node[1])
    return kind == "^" and is_rational(node[1])


def exact(node: tuple | None) -> Fraction | None:
    """The exact value of a rational tree without variables, or None (no tree, variables, a
    constant such as pi, a function, a division by zero)."""
    if node is None or node[0] in STATEMENTS or not is_rational(node) or names_in(node, set()):
        return None
    try:
        num, den = value_at(node, {})
    except (ZeroDivisionError, Undefined):
        return None
    return Fraction(num, den) if den else None


def value_at(node: tuple, point: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """The exact value at a rational point as (numerator, denominator) integers, unreduced
    (Fractions would reduce at every step, several times slower); abs included, Undefined for
    anything else, ZeroDivisionError outside the domain."""
    kind = node[0]
    if kind == "n":
        return node[1].numerator, node[1].denominator
    if kind == "s":
        return point[node[1]]
    if kind == "+":
        num, den = 0, 1
        for n in node[1]:
            a, b = value_at(n, point)
            num, den = num * b + a * den, den * b
        return num, den
    if kind == "*":
        num, den = 1, 1
        for n in node[1]:
            a, b = value_at(n, point)
            num, den = num * a, den * b
        return num, den
    if kind == "^":
        num, den = value_at(node[1], point)
        k = node[2]
        if abs(k) * max(num.bit_length(), den.bit_length()) > MAX_EXACT_BITS:
            raise Undefined  # 9^(64^4): not worked out here (the full check explains)
        if k >= 0:
            return num**k, den**k
        if num == 0:
            raise ZeroDivisionError
        return den**-k, num**-k
    if kind == "f" and node[1] == "abs":
        num, den = value_at(node[2], point)
        return abs(num), abs(den)
    raise Undefined


def pair_sign(pair: tuple[int, int]) -> int:
    num, den = pair
    return (num > 0) - (num < 0) if den > 0 else (num < 0) - (num > 0)


def surd(node: tuple | None) -> tuple[Fraction, Fraction] | None:
    """(q, n) when `node` is q sqrt(n) with q, n rational (n > 0 not a square: the tree keeps
    sqrt only for those), else None."""
    if node is None:
        return None
    factors = node[1] if node[0] == "*" else [node]
    q, n = Fraction(1), None
    for factor in factors:
        if factor[0] == "f" and factor[1] == "sqrt" and n is None:
            n = exact(factor[2])
            if n is None or n <= 0:
                return None
        elif factor[0] == "n":
            q *= factor[1]
        else:
            return None
    return (q, n) if n is not None and q else None


def _compare_surd(q: Fraction, n: Fraction, bound: Fraction) -> int:
    """The sign of q sqrt(n) - bound, exactly."""
    square = q * q * n
    if q > 0:
        return 1 if bound < 0 else (square > bound * bound) - (square < bound * bound)
    return -1 if bound > 0 else (bound * bound > square) - (bound * bound < square)


def near_surd(r: Fraction, q: Fraction, n: Fraction, gap: Fraction) -> bool:
    """Whether |r - q sqrt(n)| <= gap, decided exactly."""
    return _compare_surd(q, n, r - gap) >= 0 and _compare_surd(q, n, r + gap) <= 0
