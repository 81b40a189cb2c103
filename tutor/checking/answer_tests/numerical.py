"""NumAbsolute, NumRelative and NumSigFigs: answers that are numbers, judged by their value."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import sympy

from tutor.checking import numeric
from tutor.checking.case import Case
from tutor.checking.equivalence import is_statement
from tutor.checking.errors import OptionError
from tutor.checking.floating import Value
from tutor.checking.verdict import Verdict, correct, invalid, wrong

NOT_A_NUMBER = invalid("not-a-number", "Your answer should be a number.")
NOT_REAL = invalid("not-real", "Your answer should be a real number.")
NOT_A_DECIMAL = invalid("not-a-decimal", "Write your answer as a decimal number, for example 1.23.")


def _value(expr: sympy.Basic) -> Value | None:
    """An exact Fraction when possible (no rounding at the tolerance edge), else 60-digit
    complex."""
    compiled = numeric.compile_exact(expr)
    if compiled is not None:
        try:
            return numeric.run(compiled, {})
        except (numeric.Undefined, numeric.Unsupported):
            pass
    compiled = numeric.compile_mp(expr)
    if compiled is None:
        return None
    try:
        return numeric.run(compiled, {})
    except numeric.Undefined:
        return None


def _tolerance(case: Case) -> Fraction:
    return tolerance(case.options)


def tolerance(options: dict, default: float = 0.05) -> Fraction:
    """Option tol exactly (0.05 is 1/20); OptionError when it is not a number >= 0."""
    tol = options.get("tol", default)
    try:
        value = Fraction(str(tol)) if isinstance(tol, float) else Fraction(tol)
    except (TypeError, ValueError, ZeroDivisionError):
        raise OptionError(f"option tol must be a number, not {tol!r}") from None
    if value < 0:
        raise OptionError("option tol must not be negative")
    return value


def _numbers(case: Case) -> tuple[Value, Value] | None:
    if is_statement(case.response) or case.response.free_symbols:
        return None
    if is_statement(case.expected) or case.expected.free_symbols:
        raise OptionError("the expected answer of a numerical test must be a number")
    r, e = _value(case.response), _value(case.expected)
    if r is None or e is None:
        return None
    if isinstance(r, Fraction) and isinstance(e, Fraction):
        return r, e
    # Mixed exact and floating: compare both in 60-digit arithmetic.
    return _as_mp(r), _as_mp(e)


def _as_mp(value: Value) -> Value:
    if isinstance(value, Fraction):
        return numeric.to_mp(value.numerator) / value.denominator
    return value


def _within(r: Value, e: Value, tol: Fraction, relative: bool) -> bool:
    """STACK's formulas: relative |r - e| <= tol |e| (exactly, boundary included), absolute
    |r - e| < tol in doubles as STACK computes it (so 68.8 for 68.75 with tol 0.05 passes and
    1.05 for 1 does not); exactly where doubles would overflow or lose the value."""
    if isinstance(r, Fraction) and isinstance(e, Fraction):
        if relative:
            return abs(r - e) <= tol * abs(e)
        as_doubles = _doubles(r, e, tol)
        if as_doubles is not None:
            rf, ef, tf = as_doubles
            return abs(rf - ef) < tf or r == e  # tol 0 asks for the exact value
        return abs(r - e) < tol or r == e
    # In 60-digit arithmetic, never in doubles: exp(9999) would be an infinity there, and an
    # infinite error is "within" an infinite bound.
    mp = numeric.mp_context()
    r, e = mp.mpc(r), mp.mpc(e)
    if not (mp.isfinite(r) and mp.isfinite(e)):
        return False
    exact_tol = mp.mpf(tol.numerator) / tol.denominator
    bound = exact_tol * abs(e) if relative else exact_tol
    return bool(abs(r - e) <= bound * (1 + mp.mpf("1e-12")))


DOUBLE_RANGE = 1e300


def _doubles(*values: Fraction) -> tuple[float, ...] | None:
    """The values as doubles, or None when one is too large or too small to be one faithfully."""
    try:
        doubles = tuple(float(v) for v in values)
    except OverflowError:
        return None
    if any(
        abs(d) > DOUBLE_RANGE or (d == 0) != (v == 0) for d, v in zip(doubles, values, strict=True)
    ):
        return None
    return doubles


def _real(value: Value) -> bool:
    if isinstance(value, Fraction):
        return True
    mp = numeric.mp_context()
    return bool(abs(mp.im(value)) <= mp.mpf(10) ** -50 * (1 + abs(mp.re(value))))


def num_tolerance(case: Case, relative: bool) -> Verdict:
    pair = _numbers(case)
    if pair is None:
        return NOT_A_NUMBER
    r, e = pair
    if not _real(r):
        return NOT_REAL
    if not _real(e):
        raise OptionError("the expected answer of a numerical test must be a real number")
    return tolerance_verdict(r, e, _tolerance(case), relative)


def tolerance_verdict(r: Value, e: Value, tol: Fraction, relative: bool) -> Verdict:
    """NumRelative or NumAbsolute for real values r and e (Fractions, or 60-digit numbers)."""
    if relative and e == 0:
        relative = False  # a relative error of zero is meaningless: fall back to absolute
    return tolerance_outcome(_within(r, e, tol, relative))


def tolerance_outcome(within: bool) -> Verdict:
    if within:
        return correct()
    return wrong("not-within-tolerance", "Your answer is not close enough to the correct value.")


def num_absolute(case: Case) -> Verdict:
    return num_tolerance(case, relative=False)


def num_relative(case: Case) -> Verdict:
    return num_tolerance(case, relative=True)


_DECIMAL = re.compile(
    r"^[+-]?(?P<mantissa>\d+\.?\d*|\.\d+)"
    r"(?:[eE](?P<e>[+-]?\d+)|\*10\^\(?(?P<p>[+-]?\d+)\)?)?$"
)


def significant_figures(text: str) -> tuple[int, int] | None:
    """(fewest, most) significant figures written in a decimal; a range for 1200-like integers."""
    compact = "".join(text.split())
    for char, plain in (
        ("\u2212", "-"),
        ("\u00d7", "*"),
        ("\u00b7", "*"),
        ("**", "^"),
        ("(", ""),
        (")", ""),
    ):
        compact = compact.replace(char, plain)
    match = _DECIMAL.match(compact)
    if not match:
        return None
    mantissa = match.group("mantissa")
    digits = mantissa.replace(".", "").lstrip("0")
    if not digits:  # zero: count the zeros written after the point, at least one
        return (max(1, len(mantissa.partition(".")[2])),) * 2
    if "." in mantissa:
        return len(digits), len(digits)
    return len(digits.rstrip("0")), len(digits)


def _round_sig(number: Decimal, figures: int) -> Decimal:
    if number == 0:
        return Decimal(0)
    exponent = number.adjusted() - figures + 1
    return number.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def _within_half_a_place(r: Decimal, e: Decimal, figures: int) -> bool:
    """STACK's accuracy: within half a unit of the last significant place of the expected value
    rounded to `figures` figures (9.8 is 10 to 2 figures; 9.4 is not)."""
    rounded = _round_sig(e, figures)
    if rounded == 0:
        return r == 0
    unit = Decimal(1).scaleb(rounded.adjusted() - figures + 1)
    return abs(r - rounded) <= unit / 2


def sig_options(options: dict) -> tuple[int, int]:
    """n written figures, accurate to m (m = n by default; m = 0: only count the figures;
    m = -1: at least n figures, the value right to n of them, as STACK's [n, -1])."""
    raw = options.get("n", options.get("sigfigs", 3))
    try:
        n, m = (int(raw[0]), int(raw[1])) if isinstance(raw, (list, tuple)) else (int(raw),) * 2
    except (TypeError, ValueError, IndexError):
        raise OptionError(f"NumSigFigs option n must be n or [n, m], not {raw!r}") from None
    if n < 1 or m < -1:
        raise OptionError("NumSigFigs needs n >= 1 and m >= -1")
    return n, min(m, n)


def num_sig_figs(case: Case) -> Verdict:
    n, m = sig_options(case.options)
    written = significant_figures(case.text)
    pair = _numbers(case)
    if written is None or pair is None:
        return NOT_A_DECIMAL
    r, e = (as_decimal(v) for v in pair)
    if r is None or e is None:
        return NOT_A_DECIMAL
    return sig_figs_verdict(written, r, e, n, m)


def sig_figs_verdict(written: tuple[int, int], r: Decimal, e: Decimal, n: int, m: int) -> Verdict:
    """NumSigFigs for a response written with `written` figures, by value r against e."""
    digits_ok = written[1] >= n if m == -1 else written[0] <= n <= written[1]
    figures = n if m == -1 else m
    with localcontext() as ctx:
        ctx.prec = 80
        if m == -1:  # at least n figures written, right when both are rounded to n
            accurate = _round_sig(r, n) == _round_sig(e, n)
        else:
            accurate = figures == 0 or _within_half_a_place(r, e, figures)
        shown = min(written[0], 60)
        right_as_written = _round_sig(r, shown) == _round_sig(e, shown)
    if digits_ok and accurate:
        return correct()
    if not digits_ok and (accurate or right_as_written):
        return wrong("wrong-sig-figs", f"Give your answer to {n} significant figures.")
    return wrong("inaccurate", "Your answer is not accurate enough.")


def as_decimal(value: Value) -> Decimal | None:
    """The real value with 60 digits, or None for a complex number."""
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            ctx.prec = 80
            return Decimal(value.numerator) / Decimal(value.denominator)
    return numeric.real_decimal(value)
