"""Turn parsed pieces into SymPy objects, refusing anything that would grow out of bounds.

Two builders share one interface: the evaluating one gives ordinary SymPy expressions; the
structural one (evaluate=False) keeps the form as written, for the form tests (Expanded, FacForm,
EqualComAss, ...) where `2(x+1)` and `2x+2` must stay different.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import sympy
from sympy.logic.boolalg import Boolean

from tutor.checking import exact, guard
from tutor.checking.errors import AuthorTimeout, MathSyntaxError
from tutor.checking.functions import AUTHOR_FIRST, LEARNER_FUNCTIONS
from tutor.checking.heavy import is_heavy
from tutor.checking.limits import (
    AUTHOR_TIMEOUT,
    MAX_FACTORIAL,
    MAX_INTEGER_BITS,
    MAX_SYMBOLIC_EXPONENT,
)

GROWING = frozenset({"exp", "sinh", "cosh", "csch", "sech"})
MAX_EXP_ARGUMENT = 10_000


def _magnitude(value: sympy.Basic) -> int:
    """|value| rounded up, from a cheap 15-digit evaluation (its parts are already bounded)."""
    try:
        approx = complex(value.evalf(15))
    except (TypeError, ValueError, OverflowError):
        return 10**9
    size = abs(approx)
    return 10**9 if math.isnan(size) or size > 1e9 else int(size) + 1


def _no_statements(operands: list[sympy.Basic], pos: int) -> None:
    """Arithmetic takes values: a relation, or statements joined by "or"/"and" (which SymPy
    would still multiply, deprecated since 1.7), is a misreading of what was meant."""
    if any(isinstance(o, Boolean) and not isinstance(o, sympy.Expr) for o in operands):
        raise MathSyntaxError("A relation such as x = 2 cannot be used inside arithmetic.", pos)


def _bits(value: sympy.Rational) -> int:
    return max(int(value.p).bit_length(), int(value.q).bit_length())


class Builder:
    def __init__(self, evaluate: bool, exact_decimals: bool = False, author: bool = False) -> None:
        self.evaluate = evaluate
        self.exact_decimals = exact_decimals
        self.author = author

    def is_statement(self, value: sympy.Basic) -> bool:
        return isinstance(value, sympy.logic.boolalg.Boolean)

    def is_minus_one(self, value: sympy.Basic) -> bool:
        return value == -1

    def degrees(self, value: sympy.Basic, pos: int) -> sympy.Basic:
        return self.mul([value, self.div(sympy.pi, sympy.Integer(180), pos)], pos)

    # numbers -------------------------------------------------------------
    def number(self, text: str, pos: int) -> sympy.Expr:
        text = text.replace("\u2212", "-")
        if any(c in text for c in ".eE"):
            mantissa = text.lower().split("e")[0]
            digits = len(mantissa.replace(".", "").lstrip("0"))
            if self.exact_decimals:
                return sympy.Rational(text.lower())
            if digits <= 17:  # what a double holds: keeps to_plain's shortest form exact
                return sympy.Float(text, precision=53)
            return sympy.Float(text, digits)
        return sympy.Integer(text)

    def _checked(self, value: sympy.Basic, pos: int) -> sympy.Basic:
        if self.evaluate and value.is_Rational and _bits(value) > MAX_INTEGER_BITS:
            raise MathSyntaxError("This number is too large to work with.", pos)
        if self.evaluate and value in (sympy.zoo, sympy.nan):
            raise MathSyntaxError("This has no value (it divides by zero or is undefined).", pos)
        return value

    # arithmetic ----------------------------------------------------------
    def add(self, terms: list[sympy.Basic], pos: int) -> sympy.Basic:
        _no_statements(terms, pos)
        return self._checked(sympy.Add(*terms, evaluate=self.evaluate), pos)

    def neg(self, value: sympy.Basic, pos: int) -> sympy.Basic:
        _no_statements([value], pos)
        if value.is_Number:
            return -value
        return sympy.Mul(sympy.S.NegativeOne, value, evaluate=self.evaluate)

    def mul(self, factors: list[sympy.Basic], pos: int) -> sympy.Basic:
        _no_statements(factors, pos)
        return self._checked(sympy.Mul(*factors, evaluate=self.evaluate), pos)

    def div(self, num: sympy.Basic, den: sympy.Basic, pos: int) -> sympy.Basic:
        _no_statements([num, den], pos)
        if self.evaluate and den.is_zero:
            raise MathSyntaxError("Division by zero.", pos)
        inverse = sympy.Pow(den, sympy.S.NegativeOne, evaluate=self.evaluate)
        return self._checked(sympy.Mul(num, inverse, evaluate=self.evaluate), pos)

    def pow(self, base: sympy.Basic, exp: sympy.Basic, pos: int) -> sympy.Basic:
        _no_statements([base, exp], pos)
        if self.evaluate:
            self._check_power(base, exp, pos)
            if base == sympy.E:
                return sympy.exp(exp)
        return self._checked(sympy.Pow(base, exp, evaluate=self.evaluate), pos)

    def _check_growth(self, value: sympy.Basic, pos: int) -> None:
        """e^k, sinh(k), ... for a huge constant k would take forever to work out."""
        if value.is_number and not value.is_Rational and _magnitude(value) > MAX_EXP_ARGUMENT:
            raise MathSyntaxError("This number is too large to work with.", pos)
        if value.is_Rational and abs(value) > MAX_EXP_ARGUMENT:
            raise MathSyntaxError("This number is too large to work with.", pos)

    def _check_power(self, base: sympy.Basic, exp: sympy.Basic, pos: int) -> None:
        if base.is_zero and exp.is_extended_negative:
            raise MathSyntaxError("Division by zero.", pos)
        if base.is_number and exp.is_number and not (base.is_Rational and exp.is_Rational):
            self._check_growth(exp * max(1, _magnitude(base)).bit_length(), pos)
        big = exp.is_Rational and abs(exp) > MAX_SYMBOLIC_EXPONENT and not base.is_Number
        if big and (base.free_symbols or not exp.is_Integer):
            raise MathSyntaxError(f"Exponents are limited to {MAX_SYMBOLIC_EXPONENT}.", pos)
        if base.is_Rational and exp.is_Rational and base not in (0, 1, -1):
            size = abs(exp.p) * _bits(base) / exp.q
            if size > MAX_INTEGER_BITS:
                raise MathSyntaxError("This power is too large to work with.", pos)
        if base.is_Float and exp.is_Rational and abs(exp) > 10**6:
            raise MathSyntaxError("This power is too large to work with.", pos)
        if exp.is_Rational and abs(exp.p) > 10**6 and base.is_number and not base.is_Rational:
            raise MathSyntaxError("This power is too large to work with.", pos)

    def factorial(self, value: sympy.Basic, pos: int) -> sympy.Basic:
        if value.is_Integer and (value > MAX_FACTORIAL or value < 0):
            raise MathSyntaxError(
                f"n! is only available for whole numbers 0 to {MAX_FACTORIAL}.", pos
            )
        if value.is_number and not value.is_Integer and self.evaluate:
            raise MathSyntaxError("n! needs a whole number or a variable.", pos)
        return sympy.factorial(value, evaluate=self.evaluate)

    def percent(self, value: sympy.Basic, pos: int) -> sympy.Basic:
        return self.div(value, sympy.Integer(100), pos)

    def relation(self, op: str, left: sympy.Basic, right: sympy.Basic, author: bool) -> sympy.Basic:
        evaluate = self.evaluate and author
        cls = {
            "=": sympy.Eq,
            "!=": sympy.Ne,
            "<": sympy.Lt,
            "<=": sympy.Le,
            ">": sympy.Gt,
            ">=": sympy.Ge,
        }[op]
        return cls(left, right, evaluate=evaluate)

    def logic(self, op: str, args: list[sympy.Basic], author: bool) -> sympy.Basic:
        evaluate = self.evaluate and author
        if op == "not":
            return sympy.Not(args[0], evaluate=evaluate) if evaluate else sympy.Not(args[0])
        cls = sympy.And if op == "and" else sympy.Or
        return cls(*args, evaluate=evaluate)

    # functions -----------------------------------------------------------
    def call(self, name: str, args: list[sympy.Basic], pos: int) -> sympy.Basic:
        if name == "factorial":
            return self.factorial(args[0], pos)
        if name in ("log10", "lg"):
            name, args = "log", [args[0], args[1] if len(args) == 2 else sympy.Integer(10)]
        if name in GROWING and self.evaluate:
            self._check_growth(args[0], pos)
        if name in LEARNER_FUNCTIONS and not (self.author and name in AUTHOR_FIRST):
            if name in ("log", "ln") and self.evaluate and args[0].is_zero:
                raise MathSyntaxError("log(0) is undefined.", pos)
            func = LEARNER_FUNCTIONS[name]
            if name == "cbrt" and self.evaluate:
                return self.pow(args[0], sympy.Rational(1, 3), pos)
            return self._defined(func(*args, evaluate=self.evaluate), pos)
        return self._defined(author_operation(name, args, pos), pos)

    def declared(self, name: str, args: list[sympy.Basic], pos: int) -> sympy.Basic:
        """f(x, y) for a function the question declares: known only by its name."""
        return sympy.Function(name, real=True)(*args)

    def _defined(self, value: sympy.Basic, pos: int) -> sympy.Basic:
        """tan(pi/2) has no value: say so here, before abs() turns it into a plain infinity."""
        if self.evaluate and value.has(sympy.zoo, sympy.nan):
            raise MathSyntaxError("This has no value (it divides by zero or is undefined).", pos)
        return value


def _guarded(op: str, args: tuple, pos: int) -> sympy.Basic:
    """expand((x+y)^1000), diff(exp(sin(x)^x), x, 20) or integrate(e^(x^2) sin(x), x) can run
    for minutes: authors' symbolic operations run in the killable worker, under a budget."""
    try:
        return guard.run_guarded(op, args, AUTHOR_TIMEOUT)
    except guard.BudgetExceeded:
        raise AuthorTimeout(
            f"{op} took longer than its {AUTHOR_TIMEOUT:g} s budget to work out.", pos
        ) from None
    except guard.WorkerFailed as exc:
        if "Error" in str(exc):
            raise MathSyntaxError(f"{op} cannot be worked out here.", pos) from None
        return exact.OPERATIONS[op](*args)  # no worker process available: work inline


def _numbers(args: list[sympy.Basic]) -> bool:
    return all(arg.is_number for arg in args)


def author_operation(name: str, args: list[sympy.Basic], pos: int) -> sympy.Basic:
    """The operations only template authors may use: always evaluated. Symbolic work runs
    guarded; plain numbers (bounded by the parser's limits) are worked out here."""
    if name in ("expand", "factor", "simplify"):
        return _guarded(name, (args[0],), pos)
    if name in ("diff", "integrate"):
        if not isinstance(args[1], sympy.Symbol):
            raise MathSyntaxError(f"The second argument of {name} must be a variable.", pos)
        if name == "diff":
            order = args[2] if len(args) == 3 else sympy.Integer(1)
            if not (order.is_Integer and 0 < order <= 20):
                raise MathSyntaxError("diff's order must be a whole number from 1 to 20.", pos)
            if order == 1 and not is_heavy(args[0]):
                return sympy.diff(args[0], args[1])  # linear in the expression's size
            return _guarded("diff", (args[0], args[1], int(order)), pos)
        if len(args) == 3:
            raise MathSyntaxError("integrate takes (expr, x) or (expr, x, a, b).", pos)
        return _guarded("integrate", tuple(args), pos)
    if name == "round":
        return round_to(args[0], args[1] if len(args) == 2 else sympy.Integer(0), pos)
    if name in ("floor", "ceiling"):
        return (sympy.floor if name == "floor" else sympy.ceiling)(args[0])
    if name in ("min", "max"):
        if _numbers(args):
            return (sympy.Min if name == "min" else sympy.Max)(*args)
        return _guarded(name, tuple(args), pos)
    if name in ("gcd", "lcm"):
        if all(arg.is_Integer for arg in args[:2]):
            return (sympy.gcd if name == "gcd" else sympy.lcm)(args[0], args[1])
        return _guarded(name, (args[0], args[1]), pos)
    if name == "mod":
        return sympy.Mod(args[0], args[1])
    if name == "quotient":
        return sympy.floor(args[0] / args[1])
    raise MathSyntaxError(f"Unknown function '{name}'.", pos)


def round_to(value: sympy.Basic, digits: sympy.Basic, pos: int) -> sympy.Basic:
    """Round half away from zero to `digits` decimal places; the result is written as a decimal."""
    if not (digits.is_Integer and -20 <= digits <= 20):
        raise MathSyntaxError("round's digits must be a whole number from -20 to 20.", pos)
    if not value.is_number:
        raise MathSyntaxError("round needs a number.", pos)
    exact = Decimal(str(sympy.N(value, 40)))
    places = int(digits)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if places <= 0:
        return sympy.Integer(int(rounded))
    return sympy.Float(str(rounded), max(15, len(rounded.as_tuple().digits)))
