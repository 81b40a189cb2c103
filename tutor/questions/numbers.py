"""How parameter values are written: in prose (TeX) and as a learner would type them."""

from __future__ import annotations

from decimal import Decimal

import sympy

from tutor.checking import to_plain, to_tex

_SIGNIFICANT = 10


def _decimal_string(value: sympy.Basic) -> str | None:
    """A plain decimal such as ``0.25``, or ``1.024e-7`` when tiny or huge; None if not a real number."""
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
