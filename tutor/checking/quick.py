"""AlgEquiv's fast path: decide plain answers without building SymPy objects.

The same parser reads both texts, but into small tuples instead of SymPy expressions (SymPy's
assumption system makes every new expression cost tens of microseconds). Two verdicts are
proofs and are given here; everything else goes on to the full check:
- DIFFERENT: at a sample point both sides are real-valued (no step leaves the reals) and differ
  by far more than a first-order bound on their rounding errors. A real point where two
  expressions differ is outside no common domain, so no later step could call them equal.
- EQUAL: both are rational functions with small coefficients and agree modulo a 127-bit prime at
  several random points (Schwartz-Zippel), exactly as tutor.checking.modular decides.
Relations are EQUAL when one is a constant multiple of the other (polynomials only; a positive
constant for < and <=). Anything else (constants inside functions, non-integer powers, factorial,
a name the full check might read differently) raises Fallback, and the full check runs.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from typing import NoReturn

import sympy

from tutor.checking import twin
from tutor.checking.errors import MathSyntaxError
from tutor.checking.modular import MAX_COEFFICIENT_BITS, heights_safe
from tutor.checking.parser import parse
from tutor.checking.pointwise import float_points
from tutor.checking.quick_floats import defined_somewhere, differ_at
from tutor.checking.quick_modular import height, huge_constant, modular_same
from tutor.checking.quick_statements import same_relation, truth_differs
from tutor.checking.quick_trees import (
    EXACT_FUNCTIONS,
    MAX_EXPONENT,
    STATEMENTS,
    Fallback,
    exact,
    exact_root,
    is_rational,
    names_in,
    number_node,
)
from tutor.checking.render import to_tex
from tutor.checking.texbuilder import TexBuilder, as_text

FLOAT_FUNCTIONS = frozenset(
    {
        "sqrt",
        "exp",
        "ln",
        "log",
        "sin",
        "cos",
        "tan",
        "abs",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "tanh",
    }
)
ALIASES = {"arcsin": "asin", "arccos": "acos", "arctan": "atan", "ln": "log"}
# Reciprocals, built as 1/f (SymPy's values agree, and both are undefined at the same points).
RECIPROCALS = {
    "sec": "cos",
    "csc": "sin",
    "cosec": "sin",
    "sech": "cosh",
    "csch": "sinh",
    "cosech": "sinh",
}


# The trees are described in tutor.checking.quick_trees.
MINUS_ONE = ("n", Fraction(-1))  # one node for every -x and a - b (nodes are never changed)


def _leaf(value: object) -> tuple:
    if isinstance(value, tuple):
        if value[0] in STATEMENTS:
            raise Fallback("a relation inside an expression")
        return value
    if isinstance(value, sympy.Symbol):
        return ("s", value.name)
    if isinstance(value, sympy.Integer):
        return number_node(Fraction(int(value)))
    if value is sympy.pi:
        return ("c", math.pi)
    if value is sympy.E:
        return ("c", math.e)
    raise Fallback(value)


class TupleBuilder:
    """The parser's builder interface (tutor.checking.builder.Builder), building tuples."""

    def is_statement(self, value: object) -> bool:
        return isinstance(value, tuple) and value[0] in STATEMENTS

    def is_minus_one(self, value: object) -> bool:
        return _leaf(value) == MINUS_ONE

    def __init__(self, max_bits: int = MAX_COEFFICIENT_BITS) -> None:
        self.max_bits = max_bits  # wider for the numerical tests, which need no modular proof

    def number(self, text: str, pos: int) -> tuple:
        if text.isdigit() and text.isascii() and len(text) <= 40:  # a whole number, most often
            value = Fraction(int(text))
            if value.numerator.bit_length() > self.max_bits:
                raise Fallback("number too large")
            return ("n", value)
        # A written decimal is the number it names, as in AlgEquiv; so is 5.1e-2 (51/1000).
        text = text.replace("\u2212", "-").lower()
        exponent = text.partition("e")[2]
        if len(text) > 40 or (exponent and abs(int(exponent)) > 2 * self.max_bits):
            raise Fallback("too many digits to hold exactly here")  # 1e999999 is never built
        value = Fraction(text)
        if max(abs(value.numerator).bit_length(), value.denominator.bit_length()) > self.max_bits:
            raise Fallback("number too large")
        return ("n", value)

    def add(self, terms: list, pos: int) -> tuple:
        return ("+", [_leaf(t) for t in terms])

    def neg(self, value: object, pos: int) -> tuple:
        node = _leaf(value)
        return number_node(-node[1]) if node[0] == "n" else ("*", [MINUS_ONE, node])

    def mul(self, factors: list, pos: int) -> tuple:
        return ("*", [_leaf(f) for f in factors])

    def div(self, num: object, den: object, pos: int) -> tuple:
        den = _leaf(den)
        if den[0] == "n" and den[1] == 0:
            raise Fallback("division by zero")
        return ("*", [_leaf(num), ("^", den, -1)])

    def pow(self, base: object, exp: object, pos: int) -> tuple:
        base, exp = _leaf(base), _leaf(exp)
        if base == ("c", math.e):
            return self.call("exp", [exp], pos)
        if exp[0] != "n" and exact(exp) is not None:
            exp = ("n", exact(exp))  # 4^(1/2): the exponent as one number
        if exp[0] == "n" and exp[1].denominator != 1 and base[0] == "n":
            root = exact_root(base[1], exp[1].denominator)  # 4^(1/2) is 2, 8^(-2/3) is 1/4
            if root is not None and (root or exp[1] > 0) and abs(exp[1].numerator) <= MAX_EXPONENT:
                return number_node(root ** exp[1].numerator)
        if exp[0] != "n" or exp[1].denominator != 1 or abs(exp[1]) > MAX_EXPONENT:
            raise Fallback("not a small whole exponent")
        if base[0] == "n" and base[1] == 0 and exp[1] <= 0:
            raise Fallback("0 to a power that is not positive")
        return ("^", base, int(exp[1]))

    def call(self, name: str, args: list, pos: int) -> tuple:
        nodes = [_leaf(a) for a in args]
        if name in EXACT_FUNCTIONS:
            values = [exact(n) for n in nodes]
            if None not in values:
                value = EXACT_FUNCTIONS[name](*values)
                if value is not None:
                    return number_node(value)
        if len(nodes) == 1 and name in RECIPROCALS:
            return ("^", ("f", RECIPROCALS[name], nodes[0]), -1)
        name = ALIASES.get(name, name)
        if name not in FLOAT_FUNCTIONS or len(nodes) != 1:
            raise Fallback(name)
        # A function of a constant is only ever evaluated in floats, where tan(pi/2) and log(0)
        # are Undefined: no proof either way, and the full check says why.
        return ("f", name, nodes[0])

    def factorial(self, value: object, pos: int) -> tuple:
        return self.call("factorial", [value], pos)

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise Fallback("not a plain expression")

    def relation(self, op: str, left: object, right: object, decide: bool) -> tuple:
        """("rel", kind, d): the statement d kind 0, kind one of = != < <=."""
        left, right = _leaf(left), _leaf(right)
        if op in (">", ">="):
            op, left, right = op.replace(">", "<"), right, left
        return ("rel", op, ("+", [left, ("*", [MINUS_ONE, right])]))

    def percent(self, value: object, pos: int) -> tuple:
        return self.div(value, ("n", Fraction(100)), pos)  # as Builder.percent: value / 100

    def logic(self, op: str, args: list, decide: bool) -> tuple:
        if not all(self.is_statement(a) for a in args):
            raise Fallback("not of a statement")
        return (op, args)  # ("and" | "or" | "not", statements)

    degrees = declared = _refuse


@lru_cache(maxsize=2048)
def read(
    text: str, symbols: frozenset[str], author: bool = False, max_bits: int = 0, tex: bool = False
) -> tuple:
    """`text` as a tuple tree, the names it uses and (with `tex`) its TeX as parse(tex=True)
    gives it, from one parse; or (None, {}, None) when it is not for this path (unreadable
    text included: the full check says what is wrong with it)."""
    tuples = TupleBuilder(max_bits or MAX_COEFFICIENT_BITS)
    try:
        if tex:
            node, written = twin.split(
                parse(
                    text,
                    symbols=symbols,
                    author=author,
                    builder=twin.TwinBuilder(tuples, TexBuilder(to_tex)),
                )
            )
            written = as_text(written, to_tex)
        else:
            node, written = parse(text, symbols=symbols, author=author, builder=tuples), None
        node = node if isinstance(node, tuple) and node[0] in STATEMENTS else _leaf(node)
        if huge_constant(node):
            raise Fallback("a number the full check refuses as too large")
    except (Fallback, MathSyntaxError, twin.Disagree):
        return None, frozenset(), None
    return node, frozenset(names_in(node, set())), written


def _both(response: str, expected: str, declared: frozenset[str]) -> tuple | None:
    """The response's and the expected answer's trees and their variables, or None."""
    b, expected_names, _ = read(expected, declared, author=True)
    if b is None:
        return None
    symbols = declared | expected_names
    a, response_names, _ = read(response, symbols, tex=True)  # the TeX is wanted if decided
    if a is None or any(len(n) > 1 and n not in declared for n in response_names | expected_names):
        return None  # a longer name may read differently once SymPy has simplified the answer
    if not response_names <= symbols:
        return None  # X for x and the like: the full check explains
    return a, b, sorted(response_names | expected_names)


def kinds(response: str, expected: str, declared: frozenset[str]) -> tuple[bool, bool] | None:
    """Whether the response and the expected answer are statements (relations), when both are
    read here; None otherwise."""
    both = _both(response, expected, declared)
    if both is None:
        return None
    points = float_points(both[2])  # the same sample points for every part: made once
    if not (_defined(both[0], both[2], points) and _defined(both[1], both[2], points)):
        return None  # x = log(0): the full parser refuses it, and says why
    return both[0][0] in STATEMENTS, both[1][0] in STATEMENTS


def _defined(node: tuple, names: list[str], points: list[dict[str, float]]) -> bool:
    """Every side of every relation in it, or the expression, is defined somewhere."""
    if node[0] == "rel":
        return defined_somewhere(node[2], names, points)
    if node[0] in STATEMENTS:
        return all(_defined(part, names, points) for part in node[1])
    return defined_somewhere(node, names, points)


def decide(response: str, expected: str, declared: frozenset[str]) -> bool | None:
    """True (equivalent), False (not) or None (the full check decides), for plain expressions."""
    both = _both(response, expected, declared)
    if both is None:
        return None
    a, b, names = both
    if a == b and defined_somewhere(a, names):
        return True  # the same expression (sin x and sin(x)): the full check's a == b
    if a[0] in STATEMENTS or b[0] in STATEMENTS:
        if a[0] not in STATEMENTS or b[0] not in STATEMENTS:
            return None  # an equation for an expression: the full check explains
        if same_relation(a, b, names):
            return True
        return False if len(names) <= 1 and truth_differs(a, b, names) else None
    if is_rational(a) and is_rational(b):
        same = modular_same(a, b, names)
        if same is False:
            return False  # different rational functions differ at all but finitely many points
        if same and heights_safe(height(a), height(b)):
            return True  # small coefficients: agreement modulo P is agreement
    if differ_at(a, b, names):
        return False
    return None
