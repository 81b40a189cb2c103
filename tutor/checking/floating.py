"""Floating arithmetics for evaluating SymPy expressions: double complex (cmath) and 60-digit
mpmath, with the real-domain watch and the scale of sums that numeric.py's callers rely on."""

from __future__ import annotations

import cmath
import math
import random
import threading
from collections.abc import Callable
from typing import Any

import mpmath
import sympy
from sympy.core.function import UndefinedFunction


class Unsupported(Exception):
    """The expression has a part this arithmetic cannot evaluate."""


class Undefined(Exception):
    """The expression has no finite value at this point."""


Point = dict  # symbol name -> value
# A value of either arithmetic: complex, or mpmath's mpc/mpf (mpmath has no type information).
Value = Any
Compiled = Callable[[Point], Value]
SCALE = " scale"  # not a name anyone can type: where sums record their largest term
OUTSIDE = " outside"  # set when a real input gave a non-real value: outside the real domain
IMPRECISE = " imprecise"  # set when a sum lost a term: exp(9999) + x reads as exp(9999)
ABSORBED = 10**-55  # a term this much smaller than the largest in its sum is lost at 60 digits


def _cmath_gamma(z: complex) -> complex:
    if z.imag != 0:
        raise Unsupported("complex factorial")
    return complex(math.gamma(z.real))


def _declared_function(name: str, arity: int, table: dict[str, Callable]) -> Callable:
    """A fixed smooth function standing for a question's declared f: the same at the same
    arguments on every call and in both arithmetics, so f(x) + 1 and 1 + f(x) agree while
    f(x, y) and f(y, x) do not."""
    rng = random.Random(f"{name}/{arity}#declared")
    terms = [
        (rng.uniform(0.5, 2.0), [rng.uniform(-1.5, 1.5) for _ in range(arity)], rng.uniform(0, 3))
        for _ in range(3)
    ]

    def apply(*args: Value) -> Value:
        total = 0
        for weight, slopes, phase in terms:
            total = total + weight * table["sin"](sum(s * a for s, a in zip(slopes, args)) + phase)
        return total

    return apply


def _binomial(n: float, k: float) -> float:
    return math.gamma(n + 1) / (math.gamma(k + 1) * math.gamma(n - k + 1))


def _real_only(fn: Callable) -> Callable:
    def apply(*args: complex) -> complex:
        if any(abs(a.imag) > 1e-12 * (1 + abs(a.real)) for a in args):
            raise Undefined("real function of a complex value")
        return complex(fn(*(a.real for a in args)))

    return apply


_FUNCS_BY_NAME = (
    "exp",
    "log",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "sqrt",
)


MAX_MP_ARGUMENT = 10**6


def _bounded(fn: Callable, mp: mpmath.ctx_mp.MPContext) -> Callable:
    """exp of a huge argument costs time in proportion to its size: call that an overflow,
    as double precision would."""

    def apply(z: Value) -> Value:
        if abs(mp.re(z)) > MAX_MP_ARGUMENT:
            raise OverflowError("argument too large")
        return fn(z)

    return apply


def _mp_power(b: Value, e: Value) -> Value:
    mp = mp_context()
    if b != 0 and abs(e) * abs(mp.log(abs(b))) > MAX_MP_ARGUMENT:
        raise OverflowError("power too large")
    return b**e


def function_table(arith: str) -> dict[str, Callable]:
    lib = cmath if arith == "complex" else mp_context()
    table = {name: getattr(lib, name) for name in _FUNCS_BY_NAME}

    def inv(z: Value) -> Value:
        return 1 / z

    table.update(
        {
            "sec": lambda z: 1 / table["cos"](z),
            "csc": lambda z: 1 / table["sin"](z),
            "cot": lambda z: table["cos"](z) / table["sin"](z),
            "asec": lambda z: table["acos"](inv(z)),
            "acsc": lambda z: table["asin"](inv(z)),
            "acot": lambda z: table["atan"](inv(z)),
            "sech": lambda z: 1 / table["cosh"](z),
            "csch": lambda z: 1 / table["sinh"](z),
            "coth": lambda z: table["cosh"](z) / table["sinh"](z),
            "acoth": lambda z: table["atanh"](inv(z)),
            "asech": lambda z: table["acosh"](inv(z)),
            "acsch": lambda z: table["asinh"](inv(z)),
            "Abs": abs,
            "sign": lambda z: z / abs(z) if z != 0 else z * 0,
        }
    )
    if arith == "complex":
        table.update(
            {
                "factorial": lambda z: _cmath_gamma(z + 1),
                "floor": _real_only(math.floor),
                "ceiling": _real_only(math.ceil),
                "Min": _real_only(min),
                "Max": _real_only(max),
                "Mod": _real_only(lambda a, b: a % b),
                "atan2": _real_only(math.atan2),
                "binomial": _real_only(_binomial),
            }
        )
    else:
        mp = lib
        for name in ("exp", "sinh", "cosh"):
            table[name] = _bounded(table[name], mp)

        def real_mp(fn: Callable) -> Callable:
            return lambda *a: mp.mpc(fn(*(mp.re(x) for x in a)))

        table.update(
            {
                "factorial": lambda z: mp.gamma(z + 1),
                "floor": real_mp(mp.floor),
                "ceiling": real_mp(mp.ceil),
                "Min": real_mp(min),
                "Max": real_mp(max),
                "Mod": real_mp(lambda a, b: a - b * mp.floor(a / b)),
                "atan2": real_mp(mp.atan2),
                "binomial": real_mp(mp.binomial),
            }
        )
    return table


_local = threading.local()


def mp_context() -> mpmath.ctx_mp.MPContext:
    """A private mpmath context per thread: the global one is shared mutable state."""
    ctx = getattr(_local, "mp", None)
    if ctx is None:
        ctx = mpmath.MPContext()
        ctx.dps = 60
        _local.mp = ctx
    return ctx


def _constant(expr: sympy.Basic, arith: str) -> Value:
    if expr.is_Float:
        # The decimal as written: the binary approximation of 0.1 is not what the learner meant.
        text = str(expr)
        return (
            complex(float(text)) if arith == "complex" else mp_context().mpc(mp_context().mpf(text))
        )
    if arith == "complex":
        if expr.is_Rational:
            return complex(int(expr.p) / int(expr.q))
        value = complex(expr.evalf(17))
    else:
        mp = mp_context()
        if expr.is_Rational:
            return mp.mpc(mp.mpf(int(expr.p)) / int(expr.q))
        re, im = expr.evalf(70).as_real_imag()
        value = mp.mpc(mp.mpf(str(re)), mp.mpf(str(im)))
    return value


def is_real(value: Value) -> bool:
    imag = value.imag
    return imag == 0 or abs(imag) <= 1e-13 * abs(value)


def _real_domain(expr: sympy.Basic, inputs: Callable, fn: Callable) -> Compiled:
    """Variables are real: sqrt(x) at x = -2 is outside the domain, not the number i*sqrt(2).

    Complex constants (sqrt(-1), e^(i pi)) are values in their own right, so only parts that
    depend on a variable are watched.
    """
    if not expr.free_symbols:
        return lambda p: fn(*inputs(p))

    def watched(p: Point) -> Value:
        args = inputs(p)
        value = fn(*args)
        if not is_real(value) and all(is_real(a) for a in args):
            p[OUTSIDE] = True
        return value

    return watched


FAITHFUL_INTEGER = 10**55  # exact in the 60-digit arithmetic, with room to spare
FAITHFUL_RATIONAL = 10**20  # two such fractions that differ, differ visibly in 60 digits


def _faithful(number: sympy.Basic) -> bool:
    """Whether the arithmetic's value of an exact constant tells it from every nearby one."""
    if number.is_Integer:
        return abs(int(number)) < FAITHFUL_INTEGER
    if number.is_Rational:
        return abs(int(number.p)) <= FAITHFUL_RATIONAL and int(number.q) <= FAITHFUL_RATIONAL
    return True


def _log_to_base(table: dict[str, Callable]) -> Callable:
    """log(a, b), the logarithm of a to base b, in the table's arithmetic."""

    def apply(a: Value, b: Value) -> Value:
        return table["log"](a) / table["log"](b)

    return apply


def compile_float(expr: sympy.Basic, arith: str, table: dict[str, Callable]) -> Compiled:
    if expr.is_Symbol:
        name = expr.name
        return lambda p: p[name]
    finite = not expr.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan)
    if expr.is_number and finite and (expr.is_Atom or expr.is_Rational):
        value = _constant(expr, arith)
        if arith == "mp" and not _faithful(expr):

            def approximated(p: Point) -> Value:
                p[IMPRECISE] = True  # 2 + 10^-1000 reads as 2: agreement here proves nothing
                return value

            return approximated
        return lambda p: value
    if expr.is_Add or expr.is_Mul:
        parts = [compile_float(a, arith, table) for a in expr.args]
        if expr.is_Add:

            def total(p: Point) -> Value:
                # Record the largest term: a sum that cancels to ~0 is judged against it.
                values = [f(p) for f in parts]
                sizes = [abs(v) for v in values]
                biggest = max(sizes)
                p[SCALE] = max(p[SCALE], biggest)
                if arith == "mp" and any(0 < size < biggest * ABSORBED for size in sizes):
                    p[IMPRECISE] = True
                return sum(values)

            return total

        def product(p: Point) -> Value:
            result = parts[0](p)
            for f in parts[1:]:
                result = result * f(p)
            return result

        return product
    if expr.is_Pow:
        base, exp = compile_float(expr.base, arith, table), compile_float(expr.exp, arith, table)
        if expr.exp.is_Integer:
            k = int(expr.exp)
            return lambda p: base(p) ** k
        if arith == "mp":
            return _real_domain(expr, lambda p: (base(p), exp(p)), _mp_power)
        if expr.exp == sympy.S.Half:
            return _real_domain(expr, lambda p: (base(p),), table["sqrt"])
        return _real_domain(expr, lambda p: (base(p), exp(p)), lambda b, e: b**e)
    if isinstance(expr, (sympy.Function, sympy.Max, sympy.Min)):
        name = type(expr).__name__
        fn: Callable | None
        if name == "log" and len(expr.args) == 2:
            fn = _log_to_base(table)
        elif isinstance(type(expr), UndefinedFunction):
            fn = _declared_function(name, len(expr.args), table)
        else:
            fn = table.get(name)
        if fn is None:
            raise Unsupported(name)
        args = [compile_float(a, arith, table) for a in expr.args]
        return _real_domain(expr, lambda p: tuple(a(p) for a in args), fn)
    if expr.is_number and expr.is_finite is not False:
        value = _constant(expr, arith)
        return lambda p: value
    raise Unsupported(type(expr).__name__)
