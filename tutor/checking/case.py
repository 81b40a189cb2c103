"""One check in progress: the response and expected answer, read once, shared by the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sympy

from tutor.checking.budget import Budget
from tutor.checking.errors import MathSyntaxError
from tutor.checking.parser import parse
from tutor.checking.render import to_plain
from tutor.checking.symbols import real_symbol


@dataclass
class Case:
    text: str  # the response as typed
    response: sympy.Basic  # read and evaluated
    expected: sympy.Basic
    expected_text: str | None  # the expected answer as written, when it was given as text
    options: dict
    symbols: frozenset[str]
    budget: Budget
    _structures: dict = field(default_factory=dict)

    def response_form(self) -> sympy.Basic:
        """The response as written: 2(x+1) stays a product."""
        if "response" not in self._structures:
            self._structures["response"] = parse(self.text, symbols=self.symbols, evaluate=False)
        return self._structures["response"]

    def response_exact(self) -> sympy.Basic:
        """The response with its decimals read as the exact numbers they name (0.1 is 1/10), so
        that 0.1/3 equals 1/30 where binary floating point would differ in the last bits."""
        if not self.response.atoms(sympy.Float) or self.expected.atoms(sympy.Float):
            return self.response
        if "exact" not in self._structures:
            try:
                self._structures["exact"] = parse(
                    self.text, symbols=self.symbols, exact_decimals=True
                )
            except MathSyntaxError:
                self._structures["exact"] = self.response
        return self._structures["exact"]

    def expected_form(self) -> sympy.Basic:
        """The expected answer as written; one given as a SymPy object is written out first
        (SymPy keeps x^(3/5) with a Rational exponent, which no longer looks like a quotient)."""
        if "expected" not in self._structures:
            text = self.expected_text if self.expected_text is not None else to_plain(self.expected)
            try:
                self._structures["expected"] = parse(
                    text, symbols=self.symbols, author=True, evaluate=False, decide=False
                )
            except MathSyntaxError:
                self._structures["expected"] = self.expected
        return self._structures["expected"]

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@lru_cache(maxsize=2048)
def parse_expected(text: str, symbols: frozenset[str]) -> sympy.Basic:
    """Expected answers repeat across learners: read each one once. Decimals are the exact
    numbers they name, as in responses (Case.response_exact)."""
    return parse(text, symbols=symbols, author=True, decide=False, exact_decimals=True)


def realify(expr: sympy.Basic) -> sympy.Basic:
    """Make every symbol real, as the parser does, so that x from elsewhere matches our x."""
    mapping = {
        s: real_symbol(s.name)
        for s in expr.free_symbols
        if isinstance(s, sympy.Symbol) and s.is_real is not True
    }
    return expr.xreplace(mapping) if mapping else expr


def read_expected(
    expected: str | sympy.Basic, symbols: frozenset[str]
) -> tuple[sympy.Basic, str | None]:
    if isinstance(expected, sympy.Basic):
        return realify(expected), None
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return sympy.sympify(expected), None
    if not isinstance(expected, str):
        raise MathSyntaxError("The expected answer must be text or a SymPy expression.")
    return parse_expected(expected, symbols), expected
