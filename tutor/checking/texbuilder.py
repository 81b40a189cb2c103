"""A third builder for the parser: TeX strings of the response exactly as it was typed.

Showing how an answer was read is on every check's path, so it is built straight from the
parse (tens of microseconds) instead of from SymPy objects. Numbers keep their written digits
(0.50 stays 0.50), products keep their order, 2(x+1) stays a product.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import sympy

from tutor.checking.functions import LEARNER_FUNCTIONS
from tutor.checking.texwriter import ATOM, FUNCTIONS, LOGIC, POWER, PRODUCT, RELATION, SUM

RELATION_TEX = {"=": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}


class Tex:
    """TeX built so far (a plain slotted class, not a frozen dataclass: made for every node)."""

    __slots__ = ("level", "negative", "statement", "text")

    def __init__(
        self, text: str, level: int, negative: bool = False, statement: bool = False
    ) -> None:
        self.text = text
        self.level = level
        self.negative = negative  # written with a leading minus: shown as "a - b" inside a sum
        self.statement = statement  # a relation or a combination of relations


# What the parser hands a builder: TeX built so far, or a SymPy leaf (a symbol, a constant).
Operand: TypeAlias = Tex | sympy.Basic


class TexBuilder:
    """The Builder interface (see builder.py), producing Tex instead of SymPy objects."""

    evaluate = False

    def __init__(self, leaf: Callable[[sympy.Basic], str]) -> None:
        self.leaf_tex = leaf  # TeX of a SymPy value the parser hands over (symbols, constants)

    def _tex(self, value: Operand) -> Tex:
        if isinstance(value, Tex):
            return value
        negative = value.is_Number and value.is_negative
        level = ATOM if value.is_Atom and not negative else PRODUCT
        return Tex(self.leaf_tex(value), SUM if negative else level, negative)

    def _wrap(self, value: Operand, level: int) -> str:
        tex = self._tex(value)
        return rf"\left({tex.text}\right)" if tex.level < level else tex.text

    def is_statement(self, value: Operand) -> bool:
        return isinstance(value, Tex) and value.statement

    def is_minus_one(self, value: Operand) -> bool:
        return self._tex(value).text == "-1"

    def number(self, text: str, pos: int) -> Tex:
        if text.isdigit():  # a whole number (the lexer's digits are ASCII): as written
            return Tex(text, ATOM)
        mantissa, _, exponent = text.replace("E", "e").partition("e")
        if exponent:
            return Tex(
                rf"{mantissa} \cdot 10^{{{int(exponent.replace(chr(0x2212), '-'))}}}", PRODUCT
            )
        return Tex(text, ATOM)

    def add(self, terms: list, pos: int) -> Tex:
        out = self._tex(terms[0]).text
        for term in terms[1:]:
            tex = self._tex(term)
            out += f" - {tex.text[1:]}" if tex.negative else f" + {tex.text}"
        return Tex(out, SUM)

    def neg(self, value: Operand, pos: int) -> Tex:
        return Tex("-" + self._wrap(value, PRODUCT), SUM, negative=True)

    def mul(self, factors: list, pos: int) -> Tex:
        out = self._wrap(factors[0], PRODUCT)
        for factor in factors[1:]:
            text = self._wrap(factor, POWER)
            numeric = text[0].isdigit() or text.startswith("-")
            out += (r" \cdot " if numeric else " ") + text
        return Tex(out, PRODUCT)

    def div(self, num: Operand, den: Operand, pos: int) -> Tex:
        return Tex(rf"\frac{{{self._tex(num).text}}}{{{self._tex(den).text}}}", PRODUCT)

    def pow(self, base: Operand, exp: Operand, pos: int) -> Tex:
        return Tex(f"{self._wrap(base, ATOM)}^{{{self._tex(exp).text}}}", POWER)

    def factorial(self, value: Operand, pos: int) -> Tex:
        return Tex(self._wrap(value, ATOM) + "!", ATOM)

    def percent(self, value: Operand, pos: int) -> Tex:
        return Tex(self._wrap(value, ATOM) + r"\%", ATOM)

    def degrees(self, value: Operand, pos: int) -> Tex:
        return Tex(self._wrap(value, ATOM) + r"^{\circ}", ATOM)

    def relation(self, op: str, left: Operand, right: Operand, decide: bool) -> Tex:
        text = f"{self._tex(left).text} {RELATION_TEX[op]} {self._tex(right).text}"
        return Tex(text, RELATION, statement=True)

    def logic(self, op: str, args: list, decide: bool) -> Tex:
        if op == "not":
            return Tex(r"\text{not }" + self._wrap(args[0], ATOM), LOGIC, statement=True)
        word = rf"\text{{ {op} }}"
        return Tex(word.join(self._wrap(a, RELATION) for a in args), LOGIC, statement=True)

    def call(self, name: str, args: list, pos: int) -> Tex:
        texts = [self._tex(a).text for a in args]
        if name in ("sqrt", "cbrt", "root"):
            index = {"sqrt": "", "cbrt": "[3]"}.get(name, f"[{texts[-1]}]")
            return Tex(rf"\sqrt{index}{{{texts[0]}}}", ATOM)
        if name == "abs":
            return Tex(rf"\left|{texts[0]}\right|", ATOM)
        if name == "exp":
            return Tex(f"e^{{{texts[0]}}}", POWER)
        if name == "factorial":
            return self.factorial(args[0], pos)
        if (name in ("lg", "log10", "log") and len(texts) == 2) or name in ("lg", "log10"):
            base = texts[1] if len(texts) == 2 else "10"
            return Tex(rf"\log_{{{base}}}\left({texts[0]}\right)", ATOM)
        func = LEARNER_FUNCTIONS.get(name)
        key = getattr(func, "__name__", name)
        command = (
            r"\ln" if name in ("ln", "log") else FUNCTIONS.get(key, rf"\operatorname{{{name}}}")
        )
        return Tex(rf"{command}\left({', '.join(texts)}\right)", ATOM)

    def declared(self, name: str, args: list, pos: int) -> Tex:
        texts = [self._tex(a).text for a in args]
        return Tex(rf"{name}\left({', '.join(texts)}\right)", ATOM)


def as_text(value: Operand, leaf: Callable[[sympy.Basic], str]) -> str:
    """The parse result as TeX: a Tex, or a lone SymPy leaf (x, pi, a parameter's value)."""
    return value.text if isinstance(value, Tex) else leaf(value)
