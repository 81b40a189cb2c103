"""A small, fast TeX writer for the expressions our parser builds.

SymPy's LatexPrinter takes about a millisecond for a short product, more than the whole check
around it, so answers are written here; anything unusual falls back to SymPy. With
`written=True` terms stay in the order typed (for showing how a response was read).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy.core.relational import Relational

from tutor.checking.functions import GREEK_NAMES

ATOM, POWER, PRODUCT, SUM, RELATION, LOGIC = 50, 40, 30, 20, 10, 5
FUNCTIONS = {
    "sin": r"\sin",
    "cos": r"\cos",
    "tan": r"\tan",
    "sec": r"\sec",
    "csc": r"\csc",
    "cot": r"\cot",
    "sinh": r"\sinh",
    "cosh": r"\cosh",
    "tanh": r"\tanh",
    "coth": r"\coth",
    "asin": r"\arcsin",
    "acos": r"\arccos",
    "atan": r"\arctan",
    "log": r"\ln",
    "exp": r"\exp",
    "Min": r"\min",
    "Max": r"\max",
}
RELATIONS = {"==": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}
CONSTANTS = {
    "pi": r"\pi",
    "E": "e",
    "I": "i",
    "oo": r"\infty",
    "-oo": r"-\infty",
    "zoo": r"\tilde{\infty}",
    "nan": r"\mathrm{NaN}",
}


class TexWriter:
    def __init__(
        self,
        written: bool,
        fallback: Callable[[sympy.Basic], str],
        number: Callable[[sympy.Float], str],
    ) -> None:
        self.written, self.fallback, self.number = written, fallback, number

    def __call__(self, expr: sympy.Basic) -> str:
        return self.tex(expr)[0]

    def wrap(self, expr: sympy.Basic, level: int) -> str:
        text, own = self.tex(expr)
        return rf"\left({text}\right)" if own < level else text

    def tex(self, expr: sympy.Basic) -> tuple[str, int]:
        if expr.is_Number:
            return self.numeral(expr)
        if expr.is_Symbol:
            return self.symbol(expr.name), ATOM
        if expr.is_Atom:
            text = CONSTANTS.get(str(expr))
            return (text, ATOM) if text else (self.fallback(expr), ATOM)
        if expr.is_Add:
            return self.sum(expr), SUM
        if expr.is_Mul:
            return self.product(expr)
        if expr.is_Pow:
            return self.power(expr)
        if isinstance(expr, Relational):
            op = RELATIONS.get(expr.rel_op)
            return f"{self(expr.lhs)} {op} {self(expr.rhs)}", RELATION
        if isinstance(expr, (sympy.And, sympy.Or)):
            word = r"\text{ and }" if isinstance(expr, sympy.And) else r"\text{ or }"
            return word.join(self.wrap(a, RELATION) for a in expr.args), LOGIC
        if isinstance(expr, sympy.Function):
            return self.function(expr), ATOM
        return self.fallback(expr), ATOM

    def numeral(self, value: sympy.Basic) -> tuple[str, int]:
        if value.is_infinite:
            return CONSTANTS.get(str(value), self.fallback(value)), ATOM
        if value.is_negative:
            return "-" + self.tex(-value)[0], SUM
        if value.is_Float:
            return self.number(value), ATOM if "cdot" not in self.number(value) else PRODUCT
        if value.is_Rational and value.q != 1:
            return rf"\frac{{{value.p}}}{{{value.q}}}", PRODUCT
        return str(value), ATOM

    @staticmethod
    def symbol(name: str) -> str:
        base, _, sub = name.partition("_")
        text = (
            "\\" + base
            if base in GREEK_NAMES
            else base
            if len(base) == 1
            else rf"\mathrm{{{base}}}"
        )
        return f"{text}_{{{sub}}}" if sub else text

    def sum(self, expr: sympy.Basic) -> str:
        terms = list(expr.args) if self.written else expr.as_ordered_terms()
        out = self(terms[0])
        for term in terms[1:]:
            negative, rest = _split_sign(term)
            out += f" - {self.wrap(rest, PRODUCT)}" if negative else f" + {self(term)}"
        return out

    def product(self, expr: sympy.Basic) -> tuple[str, int]:
        negative, rest = _split_sign(expr)
        if negative:
            return "-" + self.wrap(rest, PRODUCT), SUM
        numerator, denominator = [], []
        for factor in _flat_factors(rest):
            if factor.is_Rational and factor.q != 1 and not self.written:
                if factor.p != 1:
                    numerator.append(sympy.Integer(factor.p))
                denominator.append(sympy.Integer(factor.q))
            elif factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
                inverse = factor.base if factor.exp == -1 else sympy.Pow(factor.base, -factor.exp)
                denominator.append(inverse)
            else:
                numerator.append(factor)
        if not denominator:
            return self.juxtapose(numerator), PRODUCT
        top = self.juxtapose(numerator, alone=True) if numerator else "1"
        return rf"\frac{{{top}}}{{{self.juxtapose(denominator, alone=True)}}}", PRODUCT

    def juxtapose(self, factors: list[sympy.Basic], alone: bool = False) -> str:
        if alone and len(factors) == 1:  # the whole numerator or denominator of a fraction
            return self(factors[0])
        out = ""
        for factor in factors:
            text = self.wrap(factor, PRODUCT if factor is factors[0] else POWER)
            if out:
                numeric = factor.is_Number or text[0].isdigit() or text.startswith("-")
                out += r" \cdot " if numeric else " "
            out += text
        return out

    def power(self, expr: sympy.Basic) -> tuple[str, int]:
        base, exp = expr.base, expr.exp
        if exp == sympy.S.Half:
            return rf"\sqrt{{{self(base)}}}", ATOM
        if exp.is_Rational and exp.p == 1 and exp.q > 1:
            return rf"\sqrt[{exp.q}]{{{self(base)}}}", ATOM
        if exp.is_Number and exp.is_negative and not self.written:
            return self.product(sympy.Mul(1, expr, evaluate=False))
        if base == sympy.E:
            return f"e^{{{self(exp)}}}", POWER
        return f"{self.wrap(base, ATOM)}^{{{self(exp)}}}", POWER

    def function(self, expr: sympy.Basic) -> str:
        name, args = type(expr).__name__, expr.args
        if name == "exp":
            return f"e^{{{self(args[0])}}}"
        if name == "Abs":
            return rf"\left|{self(args[0])}\right|"
        if name == "factorial":
            return f"{self.wrap(args[0], ATOM)}!"
        if name in ("floor", "ceiling"):
            left, right = (r"\lfloor ", r"\rfloor") if name == "floor" else (r"\lceil ", r"\rceil")
            return f"{left}{self(args[0])}{right}"
        if name == "Mod":
            return rf"{self.wrap(args[0], PRODUCT)} \bmod {self.wrap(args[1], POWER)}"
        if name == "log" and len(args) == 2:
            return rf"\log_{{{self(args[1])}}}\left({self(args[0])}\right)"
        command = FUNCTIONS.get(name, rf"\operatorname{{{name}}}")
        return rf"{command}\left({', '.join(self(a) for a in args)}\right)"


def _split_sign(expr: sympy.Basic) -> tuple[bool, sympy.Basic]:
    """(True, x) for -x written as Mul(-1, x) or with a negative leading number."""
    if expr.is_Number and expr.is_negative:
        return True, -expr
    if expr.is_Mul and expr.args and expr.args[0].is_Number and expr.args[0].is_negative:
        coeff, rest = expr.args[0], expr.args[1:]
        if coeff == -1:
            return True, rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)
        return True, sympy.Mul(-coeff, *rest, evaluate=False)
    return False, expr


def _flat_factors(expr: sympy.Basic) -> list[sympy.Basic]:
    """Factors of nested written products (2*3*x), keeping signed ones (x*(-y)) whole."""
    if not expr.is_Mul:
        return [expr]
    factors = []
    for arg in expr.args:
        signed = arg.is_Mul and _split_sign(arg)[0]
        factors.extend(_flat_factors(arg) if arg.is_Mul and not signed else [arg])
    return factors
