"""How parameter values are written: in prose (TeX) and as a learner would type them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import sympy

from tutor.checking import to_plain, to_tex

_SIGNIFICANT = 10


def _decimal_string(value: sympy.Basic) -> str | None:
    """A plain decimal such as ``0.25``, or ``1.024e-7`` when tiny or huge;
    None if not a real number."""
    if not (value.is_number and value.is_real):
        return None
    number = Decimal(str(sympy.N(value, _SIGNIFICANT + 5)))
    if number == 0:
        return "0"
    if abs(number) < Decimal("1e-4") or abs(number) >= Decimal("1e7"):
        mantissa, exponent = f"{number:.{_SIGNIFICANT - 1}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    text = f"{number.quantize(Decimal(1).scaleb(-(_SIGNIFICANT + 4))).normalize():f}"
    significant = Decimal(text)
    digits = _SIGNIFICANT - significant.adjusted() - 1
    rounded = f"{significant.quantize(Decimal(1).scaleb(-max(digits, 0))):f}"
    return rounded.rstrip("0").rstrip(".") if "." in rounded else rounded


def plain(value: sympy.Basic, decimal: bool) -> str:
    """The value as a learner would type it."""
    if decimal:
        text = _decimal_string(value)
        if text is not None:
            return text
    return to_plain(value)


def tex(value: sympy.Basic, decimal: bool) -> str:
    """The value as TeX; decimals stay decimals and tiny or huge ones use scientific notation."""
    if decimal:
        text = _decimal_string(value)
        if text is not None:
            if "e" in text:
                mantissa, exponent = text.split("e")
                return f"{mantissa} \\times 10^{{{int(exponent)}}}"
            return text
    return to_tex(value)


def _decimal_tex(text: str) -> str:
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}"
    return text


def _fraction(option: Any, default: str) -> Fraction | None:
    try:
        return Fraction(str(option if option is not None else default))
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def _places_for(tolerance: Fraction, unit: Fraction) -> int:
    """The fewest places d whose half-unit unit * 10^-d / 2 is within the tolerance (at most 15)."""
    places = 0
    while unit / 2 / Fraction(10) ** places > tolerance and places < 15:
        places += 1
    return places


def _rounded_significant(number: Decimal, figures: int, keep_zeros: bool) -> str:
    """``number`` to ``figures`` significant figures; scientific notation when tiny or huge."""
    exponent = number.adjusted()
    rounded = number.quantize(Decimal(1).scaleb(exponent - figures + 1), rounding=ROUND_HALF_UP)
    if rounded.adjusted() != exponent:  # 9.99 -> 10.0: one figure moved left of the point
        exponent = rounded.adjusted()
        rounded = number.quantize(Decimal(1).scaleb(exponent - figures + 1), rounding=ROUND_HALF_UP)
    if exponent < -4 or exponent >= 7:
        mantissa = f"{rounded.scaleb(-exponent):f}"
        if not keep_zeros and "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{exponent}"
    text = f"{rounded:f}"
    if not keep_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def answer_tex(value: sympy.Basic, test: str, options: dict[str, Any], decimal: bool) -> str:
    """The expected answer as a learner is shown it: to the precision its test asks for.

    NumSigFigs: its n significant figures (trailing zeros kept: they are figures). NumAbsolute and
    NumRelative: the fewest decimal places or figures whose rounding stays within the tolerance,
    so 1/82 with tol 0.0001 reads 0.0122, not 0.01219512195. A zero tolerance asks for the exact
    value: a finite decimal, or else the exact form (3/7 as a fraction, sqrt(2) as a surd).
    """
    if test not in ("NumSigFigs", "NumAbsolute", "NumRelative") or not (
        value.is_number and value.is_real
    ):
        return tex(value, decimal)
    number = Decimal(str(sympy.N(value, 30)))
    if number == 0:
        return "0"
    if test == "NumSigFigs":
        raw = options.get("n", options.get("sigfigs", 3))
        try:
            figures = int(raw[0] if isinstance(raw, (list, tuple)) else raw)
        except (TypeError, ValueError, IndexError):
            return tex(value, decimal)
        return _decimal_tex(_rounded_significant(number, max(figures, 1), keep_zeros=True))
    tolerance = _fraction(options.get("tol"), "0.05")
    if tolerance is None or tolerance < 0:
        return tex(value, decimal)
    if tolerance == 0:
        exact = _decimal_string(value) if value.is_Rational and _finite_decimal(value) else None
        return exact if exact is not None else to_tex(value)
    if test == "NumRelative":
        # n figures are within 5 * 10^-n of the value (a mantissa of 1.0 is the worst case).
        figures = max(_places_for(tolerance, Fraction(10)), 2)
        if number.adjusted() < 7:  # keep every digit left of the point: 12346, not 12000
            figures = max(figures, number.adjusted() + 1)
        shown = _rounded_significant(number, min(figures, _SIGNIFICANT), keep_zeros=False)
    else:
        # At least two significant figures: 1/82 within 0.05 is 0.012, not a bare 0.
        places = max(_places_for(tolerance, Fraction(1)), 1 - number.adjusted())
        if places - number.adjusted() - 1 > _SIGNIFICANT:  # more places than figures to show
            return tex(value, True)
        quantum = Decimal(1).scaleb(-places)
        rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
        shown = f"{rounded:f}".rstrip("0").rstrip(".") if places else f"{rounded:f}"
        if rounded == 0:
            shown = "0"
    return _decimal_tex(shown)


def _finite_decimal(value: sympy.Rational) -> bool:
    denominator = int(value.q)
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    return denominator == 1
