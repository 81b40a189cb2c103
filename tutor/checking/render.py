"""Show SymPy objects back to people: as a learner would type them, and as TeX."""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from tutor.checking.texwriter import TexWriter

_PLAIN_FUNCTION_NAMES = {"Abs": "abs", "Min": "min", "Max": "max", "Mod": "mod", "log": "ln"}


class _PlainPrinter(StrPrinter):
    """str() with the spellings our parser reads: ^, e, i, abs, ln, and decimals kept short."""

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        text = super()._print_Pow(expr, rational)
        return text.replace("**", "^")

    def _print_Mul(self, expr: sympy.Basic) -> str:
        # x/(2*(x + y)) would read back as x/(2x + 2y): keep the number's denominator apart.
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_Rational and coeff.q != 1 and rest != 1 and sympy.denom(rest) != 1:
            return f"{self._print(coeff.p * rest)}/{coeff.q}"
        return super()._print_Mul(expr)

    def _print_Exp1(self, expr: sympy.Basic) -> str:
        return "e"

    def _print_ImaginaryUnit(self, expr: sympy.Basic) -> str:
        return "i"

    def _print_Infinity(self, expr: sympy.Basic) -> str:
        return "oo"

    def _print_NegativeInfinity(self, expr: sympy.Basic) -> str:
        return "-oo"

    def _print_Float(self, expr: sympy.Basic) -> str:
        return _short_float(expr)

    def _print_Function(self, expr: sympy.Basic) -> str:
        name = type(expr).__name__
        if name == "log" and len(expr.args) == 2:
            return f"log({self._print(expr.args[0])}, {self._print(expr.args[1])})"
        if name in _PLAIN_FUNCTION_NAMES:
            args = ", ".join(self._print(a) for a in expr.args)
            return f"{_PLAIN_FUNCTION_NAMES[name]}({args})"
        return super()._print_Function(expr)

    _print_Abs = _print_Function
    _print_Min = _print_Function
    _print_Max = _print_Function
    _print_Mod = _print_Function

    def _print_Relational(self, expr: sympy.Basic) -> str:
        op = {"==": "=", "!=": "!="}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_And(self, expr: sympy.Basic) -> str:
        return " and ".join(
            self.parenthesize(a, 0) if not a.is_Relational else self._print(a) for a in expr.args
        )

    def _print_Or(self, expr: sympy.Basic) -> str:
        return " or ".join(
            f"({self._print(a)})" if isinstance(a, sympy.And) else self._print(a) for a in expr.args
        )

    def _print_Not(self, expr: sympy.Basic) -> str:
        return f"not ({self._print(expr.args[0])})"

    def _print_BooleanTrue(self, expr: sympy.Basic) -> str:
        return "1 = 1"

    def _print_BooleanFalse(self, expr: sympy.Basic) -> str:
        return "1 = 0"


def _short_float(value: sympy.Float) -> str:
    """The shortest decimal that reads back as the same Float."""
    text = repr(float(value)) if value._prec <= 53 else str(value)
    mantissa, _, exponent = text.lower().partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0")
        mantissa += "0" if mantissa.endswith(".") else ""
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def to_plain(expr: sympy.Basic) -> str:
    """What a learner would type for `expr`; parse_expression(to_plain(e)) == e."""
    return _PlainPrinter({"order": None}).doprint(expr)


class _TexPrinter(LatexPrinter):
    def _print_Mul(self, expr: sympy.Basic) -> str:
        # A written 1/x is kept as Mul(1, 1/x) in unevaluated trees; show it as the fraction.
        if len(expr.args) == 2 and expr.args[0] == 1 and expr.args[1].is_Pow:
            return self._print(expr.args[1])
        return super()._print_Mul(expr)

    def _print_Float(self, expr: sympy.Basic) -> str:
        mantissa, _, exponent = _short_float(expr).partition("e")
        mantissa = mantissa.removesuffix(".0")
        return f"{mantissa} \\cdot 10^{{{int(exponent)}}}" if exponent else mantissa


_FALLBACK = _TexPrinter(
    {"ln_notation": True, "imaginary_unit": "i", "inv_trig_style": "full", "order": None}
)


def _float_tex(value: sympy.Float) -> str:
    return _FALLBACK._print_Float(value)


_EVALUATED = TexWriter(written=False, fallback=_FALLBACK.doprint, number=_float_tex)


def to_tex(expr: sympy.Basic) -> str:
    """TeX for display; decimals stay decimals (0.2 is shown as 0.2, not 1/5)."""
    return _EVALUATED(expr)
