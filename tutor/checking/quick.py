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

import sympy

from tutor.checking.errors import MathSyntaxError
from tutor.checking.limits import MAX_INTEGER_BITS
from tutor.checking.modular import (
    MAX_COEFFICIENT_BITS,
    P,
    combine_heights,
    heights_safe,
    power_height,
)
from tutor.checking import twin
from tutor.checking.parser import parse
from tutor.checking.render import to_tex
from tutor.checking.texbuilder import TexBuilder, as_text
from tutor.checking.pointwise import EXACT_POINTS, _rng, float_points

EPS = 2.0**-52
MAX_EXPONENT = 10_000      # x^k with |k| beyond this goes to the full check
MAX_EXACT_BITS = 100_000   # exact values past this size are not worked out here
MAX_ARGUMENT = 1e3         # sin(10^6 x) loses its digits in double precision
FLOAT_FUNCTIONS = frozenset({"sqrt", "exp", "ln", "log", "sin", "cos", "tan", "abs", "asin", "acos",
                             "atan", "sinh", "cosh", "tanh"})
ALIASES = {"arcsin": "asin", "arccos": "acos", "arctan": "atan", "ln": "log"}
# Reciprocals, built as 1/f (SymPy's values agree, and both are undefined at the same points).
RECIPROCALS = {"sec": "cos", "csc": "sin", "cosec": "sin", "sech": "cosh", "csch": "sinh",
               "cosech": "sinh"}


def _root(value: Fraction, k: int) -> Fraction | None:
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
    return _root(value, 2)


def _sign(value: Fraction) -> Fraction:
    return Fraction((value > 0) - (value < 0))


# Functions whose value at rational arguments is rational and exact here, as SymPy gives it;
# None: not for this path (sqrt(2) goes on as a float node).
EXACT_FUNCTIONS = {
    "abs": abs, "sign": _sign, "sgn": _sign, "signum": _sign,
    "floor": lambda v: Fraction(math.floor(v)), "ceiling": lambda v: Fraction(math.ceil(v)),
    "ceil": lambda v: Fraction(math.ceil(v)), "max": max, "min": min,
    "factorial": _factorial, "binomial": _binomial, "sqrt": _sqrt,
}


STATEMENTS = frozenset({"rel", "and", "or", "not"})


class Fallback(Exception):
    """Not for the fast path: the full check decides."""


# A node: ("n", Fraction) | ("s", name) | ("c", float) | ("+", nodes) | ("*", nodes)
#         | ("^", node, int) | ("f", name, node). Rational: no "c" and no "f" inside.
def _leaf(value) -> tuple:
    if isinstance(value, tuple):
        if value[0] in STATEMENTS:
            raise Fallback("a relation inside an expression")
        return value
    if isinstance(value, sympy.Symbol):
        return ("s", value.name)
    if isinstance(value, sympy.Integer):
        return _number(Fraction(int(value)))
    if value is sympy.pi:
        return ("c", math.pi)
    if value is sympy.E:
        return ("c", math.e)
    raise Fallback(value)


def _number(value: Fraction) -> tuple:
    if max(abs(value.numerator).bit_length(), value.denominator.bit_length()) > MAX_COEFFICIENT_BITS:
        raise Fallback("number too large to reduce safely")
    return ("n", value)


class TupleBuilder:
    """The parser's builder interface (tutor.checking.builder.Builder), building tuples."""

    def is_statement(self, value) -> bool:
        return isinstance(value, tuple) and value[0] in STATEMENTS

    def is_minus_one(self, value) -> bool:
        return _leaf(value) == ("n", Fraction(-1))

    def __init__(self, max_bits: int = MAX_COEFFICIENT_BITS) -> None:
        self.max_bits = max_bits  # wider for the numerical tests, which need no modular proof

    def number(self, text: str, pos: int) -> tuple:
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

    def neg(self, value, pos: int) -> tuple:
        node = _leaf(value)
        return _number(-node[1]) if node[0] == "n" else ("*", [("n", Fraction(-1)), node])

    def mul(self, factors: list, pos: int) -> tuple:
        return ("*", [_leaf(f) for f in factors])

    def div(self, num, den, pos: int) -> tuple:
        den = _leaf(den)
        if den[0] == "n" and den[1] == 0:
            raise Fallback("division by zero")
        return ("*", [_leaf(num), ("^", den, -1)])

    def pow(self, base, exp, pos: int) -> tuple:
        base, exp = _leaf(base), _leaf(exp)
        if base == ("c", math.e):
            return self.call("exp", [exp], pos)
        if exp[0] != "n" and exact(exp) is not None:
            exp = ("n", exact(exp))  # 4^(1/2): the exponent as one number
        if exp[0] == "n" and exp[1].denominator != 1 and base[0] == "n":
            root = _root(base[1], exp[1].denominator)  # 4^(1/2) is 2, 8^(-2/3) is 1/4
            if root is not None and (root or exp[1] > 0) and abs(exp[1].numerator) <= MAX_EXPONENT:
                return _number(root ** exp[1].numerator)
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
                    return _number(value)
        if len(nodes) == 1 and name in RECIPROCALS:
            return ("^", ("f", RECIPROCALS[name], nodes[0]), -1)
        name = ALIASES.get(name, name)
        if name not in FLOAT_FUNCTIONS or len(nodes) != 1:
            raise Fallback(name)
        # A function of a constant is only ever evaluated in floats, where tan(pi/2) and log(0)
        # are _Undefined: no proof either way, and the full check says why.
        return ("f", name, nodes[0])

    def factorial(self, value, pos: int) -> tuple:
        return self.call("factorial", [value], pos)

    def _refuse(self, *args, **kwargs):
        raise Fallback("not a plain expression")

    def relation(self, op: str, left, right, decide: bool) -> tuple:
        """("rel", kind, d): the statement d kind 0, kind one of = != < <=."""
        left, right = _leaf(left), _leaf(right)
        if op in (">", ">="):
            op, left, right = op.replace(">", "<"), right, left
        return ("rel", op, ("+", [left, ("*", [("n", Fraction(-1)), right])]))

    def percent(self, value, pos: int) -> tuple:
        return self.div(value, ("n", Fraction(100)), pos)  # as Builder.percent: value / 100

    def logic(self, op: str, args: list, decide: bool) -> tuple:
        if not all(self.is_statement(a) for a in args):
            raise Fallback("not of a statement")
        return (op, args)  # ("and" | "or" | "not", statements)

    degrees = declared = _refuse


def _has_symbol(node: tuple) -> bool:
    kind = node[0]
    if kind == "s":
        return True
    if kind in ("n", "c"):
        return False
    if kind in ("+", "*"):
        return any(_has_symbol(n) for n in node[1])
    return _has_symbol(node[1] if kind == "^" else node[2])


def _names(node: tuple, into: set) -> set:
    kind = node[0]
    if kind == "s":
        into.add(node[1])
    elif kind in ("+", "*"):
        for n in node[1]:
            _names(n, into)
    elif kind == "^":
        _names(node[1], into)
    elif kind in ("f", "rel"):
        _names(node[2], into)
    elif kind in ("and", "or", "not"):
        for n in node[1]:
            _names(n, into)
    return into


def _rational(node: tuple) -> bool:
    kind = node[0]
    if kind in ("n", "s"):
        return True
    if kind in ("+", "*"):
        return all(_rational(n) for n in node[1])
    return kind == "^" and _rational(node[1])


def _height(node: tuple) -> tuple[float, float]:
    """tutor.checking.modular.height_bits, for a rational tuple tree."""
    kind = node[0]
    if kind == "n":
        return math.log2(abs(node[1].numerator) or 1), math.log2(node[1].denominator)
    if kind == "s":
        return 0.0, 0.0
    if kind in ("+", "*"):
        return combine_heights(kind == "+", [_height(n) for n in node[1]])
    return power_height(_height(node[1]), node[2])


@lru_cache(maxsize=2048)
def read(text: str, symbols: frozenset[str], author: bool = False, max_bits: int = 0,
         tex: bool = False) -> tuple:
    """`text` as a tuple tree, the names it uses and (with `tex`) its TeX as parse(tex=True)
    gives it, from one parse; or (None, {}, None) when it is not for this path (unreadable
    text included: the full check says what is wrong with it)."""
    tuples = TupleBuilder(max_bits or MAX_COEFFICIENT_BITS)
    try:
        if tex:
            node, written = twin.split(parse(text, symbols=symbols, author=author,
                                             builder=twin.TwinBuilder(tuples, TexBuilder(to_tex))))
            written = as_text(written, to_tex)
        else:
            node, written = parse(text, symbols=symbols, author=author, builder=tuples), None
        node = node if isinstance(node, tuple) and node[0] in STATEMENTS else _leaf(node)
        if _huge_constant(node):
            raise Fallback("a number the full check refuses as too large")
    except (Fallback, MathSyntaxError, twin.Disagree):
        return None, frozenset(), None
    return node, frozenset(_names(node, set())), written


def _huge_constant(node: tuple) -> bool:
    """A whole-number part (2^5000, (9^64)^64) that the full parser would work out and refuse
    (MAX_INTEGER_BITS), judged with a wide margin on a bound of its size in bits."""
    try:
        _constant_bits(node)
    except Fallback:
        return True
    return False


def _constant_bits(node: tuple) -> float | None:
    """A bound on the bits of a rational constant's numerator and denominator (None: not a
    rational constant); Fallback past half of MAX_INTEGER_BITS. One pass over the tree."""
    kind = node[0]
    if kind == "n":
        return max(node[1].numerator.bit_length(), node[1].denominator.bit_length())
    if kind in ("s", "c"):
        return None
    if kind in ("f", "rel"):
        _constant_bits(node[2])
        return None
    if kind in ("and", "or", "not"):
        for part in node[1]:
            _constant_bits(part)
        return None
    if kind == "^":
        inner = _constant_bits(node[1])
        bits = None if inner is None else abs(node[2]) * inner
    else:
        parts = [_constant_bits(part) for part in node[1]]
        bits = None if None in parts else sum(parts) + len(parts)
    if bits is not None and bits > MAX_INTEGER_BITS // 2:
        raise Fallback("a number the full check refuses as too large")
    return bits


def _mod(node: tuple, point: dict[str, int]) -> tuple[int, int]:
    """(numerator, denominator) modulo P: no modular inverse until the final comparison. The
    denominator is 0 exactly when some step divides by something that is 0 modulo P."""
    kind = node[0]
    if kind == "n":
        return node[1].numerator % P, node[1].denominator % P
    if kind == "s":
        return point[node[1]], 1
    if kind == "+":
        num, den = 0, 1
        for n in node[1]:
            a, b = _mod(n, point)
            num, den = (num * b + a * den) % P, den * b % P
        return num, den
    if kind == "*":
        num, den = 1, 1
        for n in node[1]:
            a, b = _mod(n, point)
            num, den = num * a % P, den * b % P
        return num, den
    num, den = _mod(node[1], point)
    k = node[2]
    return (pow(num, k, P), pow(den, k, P)) if k >= 0 else (pow(den, -k, P), pow(num, -k, P))


def exact(node: tuple | None) -> Fraction | None:
    """The exact value of a rational tree without variables, or None (no tree, variables, a
    constant such as pi, a function, a division by zero)."""
    if node is None or node[0] in STATEMENTS or not _rational(node) or _names(node, set()):
        return None
    try:
        num, den = _at(node, {})
    except (ZeroDivisionError, _Undefined):
        return None
    return Fraction(num, den) if den else None


class _Undefined(Exception):
    """No real value that double precision can vouch for at this point."""


def _float(node: tuple, point: dict[str, float]) -> tuple[float, float]:
    """(value, bound on its rounding error), to first order; _Undefined outside the reals."""
    kind = node[0]
    if kind == "n":
        value = float(node[1])
        return value, abs(value) * EPS
    if kind == "s":
        return point[node[1]], 0.0
    if kind == "c":
        return node[1], node[1] * EPS
    if kind == "+":
        value, error = 0.0, 0.0
        for n in node[1]:
            v, e = _float(n, point)
            value += v
            error += e + abs(value) * EPS
        return value, error
    if kind == "*":
        value, error = 1.0, 0.0
        for n in node[1]:
            v, e = _float(n, point)
            error = abs(value) * e + abs(v) * error + error * e
            value *= v
            error += abs(value) * EPS
        return value, error
    if kind == "^":
        v, e = _float(node[1], point)
        k = node[2]
        if abs(v) <= 4 * e or e * abs(k) > 1e-3 * abs(v):
            raise _Undefined  # too close to zero to tell the sign or the size
        value = v ** k
        return value, abs(value) * (1.01 * abs(k) * e / abs(v) + (abs(k) + 1) * EPS)
    return _function(node[1], *_float(node[2], point))


def _function(name: str, v: float, e: float) -> tuple[float, float]:
    if abs(v) > MAX_ARGUMENT or e > 1e-6:
        raise _Undefined
    if name == "abs":
        return abs(v), e
    if name == "sqrt":
        if v <= 4 * e:
            raise _Undefined  # negative, or too near 0 to say
        value = math.sqrt(v)
        return value, e / value + value * EPS
    if name == "log":
        if v <= 4 * e:
            raise _Undefined
        value = math.log(v)
        return value, 1.01 * e / v + abs(value) * EPS
    if name == "exp":
        value = math.exp(v)
        return value, value * (1.01 * e + 2 * EPS)
    if name == "tan":
        value = math.tan(v)
        if abs(value) > 1e4:
            raise _Undefined  # near a pole
        return value, (1 + value * value) * 1.01 * e + 2 * EPS * (1 + abs(value))
    if name in ("sin", "cos"):
        value = math.sin(v) if name == "sin" else math.cos(v)
        return value, e + 2 * EPS
    if name in ("asin", "acos"):
        if abs(v) + 4 * e > 1 - 1e-3:
            raise _Undefined  # outside [-1, 1], or too near its ends to bound the slope
        value = math.asin(v) if name == "asin" else math.acos(v)
        return value, 1.01 * e / math.sqrt(1 - (abs(v) + e) ** 2) + 2 * EPS * (1 + abs(value))
    if name in ("atan", "tanh"):
        value = math.atan(v) if name == "atan" else math.tanh(v)
        return value, 1.01 * e + 2 * EPS * (1 + abs(value))
    value = math.sinh(v) if name == "sinh" else math.cosh(v)  # slope at most cosh(|v| + e)
    return value, 1.01 * e * math.cosh(abs(v) + e) + 2 * EPS * (1 + abs(value))


def _differ_at(a: tuple, b: tuple, names: list[str]) -> bool:
    """A sample point where both are real and provably different (the full check's points)."""
    for point in float_points(names):
        try:
            (va, ea), (vb, eb) = _float(a, point), _float(b, point)
        except (_Undefined, ZeroDivisionError, OverflowError, ValueError):
            continue
        if not (math.isfinite(va) and math.isfinite(vb) and math.isfinite(ea + eb)):
            continue
        if abs(va - vb) > 16 * (ea + eb) + 1e-9 * max(abs(va), abs(vb)):
            return True
    return False


def _modular(a: tuple, b: tuple, names: list[str]) -> bool | None:
    """True: agreement at enough random points modulo P; False: a point where they differ, which
    proves them different rational functions (reduction modulo P respects every identity among
    coefficients whose denominators P does not divide); None: no usable point."""
    rng = _rng(names)
    agreed = 0
    for _ in range(EXACT_POINTS * 4):
        point = {n: rng.randrange(1, P) for n in names}
        (pa, qa), (pb, qb) = _mod(a, point), _mod(b, point)
        if qa == 0 or qb == 0:
            continue  # a division by zero modulo P at this point: another point decides
        if pa * qb % P != pb * qa % P:
            return False
        agreed += 1
        if agreed >= (EXACT_POINTS if names else 1):
            return True
    return None


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
    if both is None or not (_defined(both[0], both[2]) and _defined(both[1], both[2])):
        return None  # x = log(0): the full parser refuses it, and says why
    return both[0][0] in STATEMENTS, both[1][0] in STATEMENTS


def _defined(node: tuple, names: list[str]) -> bool:
    """Every side of every relation in it, or the expression, is defined somewhere."""
    if node[0] == "rel":
        return _defined_somewhere(node[2], names)
    if node[0] in STATEMENTS:
        return all(_defined(part, names) for part in node[1])
    return _defined_somewhere(node, names)


def decide(response: str, expected: str, declared: frozenset[str]) -> bool | None:
    """True (equivalent), False (not) or None (the full check decides), for plain expressions."""
    both = _both(response, expected, declared)
    if both is None:
        return None
    a, b, names = both
    if a == b and _defined_somewhere(a, names):
        return True  # the same expression (sin x and sin(x)): the full check's a == b
    if a[0] in STATEMENTS or b[0] in STATEMENTS:
        if a[0] not in STATEMENTS or b[0] not in STATEMENTS:
            return None  # an equation for an expression: the full check explains
        if _same_relation(a, b, names):
            return True
        return False if len(names) <= 1 and _truth_differs(a, b, names) else None
    if _rational(a) and _rational(b):
        same = _modular(a, b, names)
        if same is False:
            return False  # different rational functions differ at all but finitely many points
        if same and heights_safe(_height(a), _height(b)):
            return True  # small coefficients: agreement modulo P is agreement
    if _differ_at(a, b, names):
        return False
    return None


def _polynomial(node: tuple) -> bool:
    """Rational, and divides only by constants: no point is outside its domain."""
    kind = node[0]
    if kind in ("n", "s"):
        return True
    if kind in ("+", "*"):
        return all(_polynomial(n) for n in node[1])
    return kind == "^" and _polynomial(node[1]) and (node[2] >= 0 or not _has_symbol(node[1]))


def _ratio(a: tuple, b: tuple, names: list[str]) -> Fraction | None:
    """a / b at the first small whole point where b is not zero, exactly (polynomials)."""
    for step in range(8):
        point = {n: (2 + 3 * step + 5 * k, 1) for k, n in enumerate(names)}
        try:
            (p, q), (r, t) = _at(a, point), _at(b, point)
        except _Undefined:
            return None
        if r:
            return Fraction(p * t, q * r)
    return None


def _same_relation(a: tuple, b: tuple, names: list[str]) -> bool | None:
    """True when one statement is the other times a constant (a positive one for < and <=):
    then their solution sets are the same. Otherwise None; the full check compares them."""
    if a[0] != "rel" or b[0] != "rel" or a[1] != b[1]:
        return None
    kind, da, db = a[1], a[2], b[2]
    if kind != "=" and len(names) > 1:
        return None  # inequalities are compared in one variable only, as in the full check
    if not (_polynomial(da) and _polynomial(db)):
        return None  # a division by a variable changes the domain: the full check decides
    c = _ratio(da, db, names)
    if c is None or c == 0 or (kind in ("<", "<=") and c < 0):
        return None
    try:
        gap = ("+", [da, ("*", [_number(-c), db])])
    except Fallback:
        return None
    if heights_safe(_height(gap), (0.0, 0.0)) and _modular(gap, ("n", Fraction(0)), names):
        return True
    return None


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


def _at(node: tuple, point: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """The exact value at a rational point as (numerator, denominator) integers, unreduced
    (Fractions would reduce at every step, several times slower); abs included, _Undefined for
    anything else, ZeroDivisionError outside the domain."""
    kind = node[0]
    if kind == "n":
        return node[1].numerator, node[1].denominator
    if kind == "s":
        return point[node[1]]
    if kind == "+":
        num, den = 0, 1
        for n in node[1]:
            a, b = _at(n, point)
            num, den = num * b + a * den, den * b
        return num, den
    if kind == "*":
        num, den = 1, 1
        for n in node[1]:
            a, b = _at(n, point)
            num, den = num * a, den * b
        return num, den
    if kind == "^":
        num, den = _at(node[1], point)
        k = node[2]
        if abs(k) * max(num.bit_length(), den.bit_length()) > MAX_EXACT_BITS:
            raise _Undefined  # 9^(64^4): not worked out here (the full check explains)
        if k >= 0:
            return num**k, den**k
        if num == 0:
            raise ZeroDivisionError
        return den**-k, num**-k
    if kind == "f" and node[1] == "abs":
        num, den = _at(node[2], point)
        return abs(num), abs(den)
    raise _Undefined


def _pair_sign(pair: tuple[int, int]) -> int:
    num, den = pair
    return (num > 0) - (num < 0) if den > 0 else (num < 0) - (num > 0)


def _holds(statement: tuple, point: dict[str, tuple[int, int]]) -> bool:
    kind = statement[0]
    if kind == "and":
        return all(_holds(s, point) for s in statement[1])
    if kind == "or":
        return any(_holds(s, point) for s in statement[1])
    if kind == "not":
        return not _holds(statement[1][0], point)
    sign = _pair_sign(_at(statement[2], point))
    return {"=": sign == 0, "!=": sign != 0, "<": sign < 0, "<=": sign <= 0}[statement[1]]


def _crossings(statement: tuple, name: str) -> list[Fraction]:
    """Where the line through each side's values at 0 and 1 meets zero: the root of a linear
    statement, and a place to look near for others."""
    if statement[0] != "rel":
        return [x for s in statement[1] for x in _crossings(s, name)]
    try:
        (a, b), (c, d) = _at(statement[2], {name: (0, 1)}), _at(statement[2], {name: (1, 1)})
    except (_Undefined, ZeroDivisionError):
        return []
    if b == 0 or d == 0:
        return []
    low, high = Fraction(a, b), Fraction(c, d)
    return [low / (low - high)] if low != high else []


PROBES = [Fraction(k, 2) for k in (0, 2, -2, 4, -4, 1, -1, 3, -3, 6, -6, 8, -8, 5, -5, 10, -10)]
MAX_PROBES = 24


def _truth_differs(a: tuple, b: tuple, names: list[str]) -> bool:
    """A real point, exactly, where one statement holds and the other does not (both defined
    there): then their real solution sets differ, which no reading could call equivalent."""
    name = names[0] if names else "x"
    roots = _crossings(a, name) + _crossings(b, name)
    near = [r + d for r in roots for d in (Fraction(1, 8), Fraction(-1, 8))]
    seen = set()
    for x in roots + PROBES + near:
        if x in seen or len(seen) >= MAX_PROBES:
            continue
        seen.add(x)
        point = {name: (x.numerator, x.denominator)}
        try:
            if _holds(a, point) != _holds(b, point):
                return True
        except (_Undefined, ZeroDivisionError):
            continue
    return False


def _defined_somewhere(node: tuple, names: list[str]) -> bool:
    """A finite real value at one of the sample points: then no part of it is undefined as
    written (log(0), 1/(x - x)), which the full parser would refuse."""
    if node[0] in STATEMENTS:
        return False  # statements are compared by _same_relation
    for point in float_points(names):
        try:
            value, error = _float(node, point)
        except (_Undefined, ZeroDivisionError, OverflowError, ValueError):
            continue
        if math.isfinite(value) and math.isfinite(error):
            return True
    return False
