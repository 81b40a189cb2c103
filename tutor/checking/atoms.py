"""The innermost level of the grammar: numbers, names, brackets, |bars| and function calls.

A mixin of the parser (tutor.checking.parser): it uses the parser's cursor (tok, at, advance,
expect, enter) and calls back into its loosest level (logical_or) for bracketed content.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy

from tutor.checking.errors import MathSyntaxError
from tutor.checking.functions import (
    ARITY,
    CONSTANTS,
    DECLARED_FUNCTION,
    INVERSES,
    KEYWORDS,
    TRIG_POWERABLE,
    known_function,
)
from tutor.checking.lexer import Token
from tutor.checking.suggest import split_declared, unknown_name_message
from tutor.checking.symbols import real_symbol

OPENERS = {"(": ")", "[": "]", "{": "}"}
LOG_BASE = re.compile(r"log_(\d{1,3})")


class AtomParser:
    if TYPE_CHECKING:  # the parser's state and methods this mixin uses (tutor.checking.parser)
        tokens: list[Token]
        i: int
        tok: Token
        op: str  # the current token's text when it is an operator, else ""
        b: Any  # a builder: Builder, TexBuilder or quick.TupleBuilder, alike by duck typing
        symbols: frozenset[str]
        values: dict[str, sympy.Basic]
        author: bool
        depth: int
        abs_depth: int

        def at(self, *texts: str) -> bool: ...
        def advance(self) -> Token: ...
        def enter(self) -> None: ...
        def expect(self, text: str, opened: Token) -> None: ...
        def missing_operand(self, op: Token) -> None: ...
        def logical_or(self) -> sympy.Basic: ...
        def sum(self) -> sympy.Basic: ...
        def unary(self) -> sympy.Basic: ...
        def power(self) -> sympy.Basic: ...
        def superscript(self, tok: Token) -> sympy.Basic: ...
        def postfix(self) -> sympy.Basic: ...

    def atom(self) -> sympy.Basic:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            return self.b.number(tok.text, tok.pos)
        if tok.kind == "name":
            return self.name()
        if tok.kind == "root":
            self.advance()
            self.missing_operand(tok)
            return self.b.call(tok.text, [self.postfix()], tok.pos)
        if self.at("(", "[", "{"):
            return self.bracket()
        if self.at("|"):
            return self.absolute()
        if tok.kind == "end":
            raise MathSyntaxError("The answer ends too early.", tok.pos)
        if self.at(")", "]", "}"):
            raise MathSyntaxError("Something is missing before this bracket.", tok.pos)
        if tok.kind == "sup":
            raise MathSyntaxError("A power needs something before it.", tok.pos)
        raise MathSyntaxError(f"'{tok.text}' needs something before it.", tok.pos)

    def bracket(self) -> sympy.Basic:
        opened = self.advance()
        self.enter()
        saved, self.abs_depth = self.abs_depth, 0
        if self.at(")", "]", "}"):
            raise MathSyntaxError("These brackets are empty.", opened.pos)
        value = self.logical_or()
        self.expect(OPENERS[opened.text], opened)
        self.abs_depth = saved
        self.depth -= 1
        return value

    def absolute(self) -> sympy.Basic:
        opened = self.advance()
        self.enter()
        self.abs_depth += 1
        value = self.sum()
        self.expect("|", opened)
        self.abs_depth -= 1
        self.depth -= 1
        return self.b.call("abs", [value], opened.pos)

    def name(self) -> sympy.Basic:
        tok = self.advance()
        name = tok.text
        if name in self.values:
            return self.values[name]
        if name in self.symbols:
            return real_symbol(name)
        if name in KEYWORDS:
            raise MathSyntaxError(f"'{name}' can only join statements such as x = 2.", tok.pos)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name + DECLARED_FUNCTION in self.symbols and self.at("("):  # option functions: [f]
            return self.b.declared(name, self.arguments(), tok.pos)
        if known_function(name, self.author):
            return self.call(tok, name)
        if len(name) == 1 and name.isalpha():
            return real_symbol(name)
        base = LOG_BASE.fullmatch(name)
        if base and self.at("("):  # log_2(8), log_10(x)
            return self.b.call("lg", [self.call(tok, "log")[0], sympy.Integer(base[1])], tok.pos)
        if known_function(name.lower(), self.author) and self.at("("):  # Sin(x), SQRT(2)
            return self.call(tok, name.lower())
        pieces = split_declared(name, self.symbols | frozenset(self.values))
        if pieces:  # 5mn^2 with m and n declared: 5*m*n^2, as PrairieLearn reads it
            starts = [tok.pos + sum(len(p) for p in pieces[:k]) for k in range(len(pieces))]
            self.i -= 1
            self.tokens[self.i : self.i + 1] = [
                Token("name", p, at) for p, at in zip(pieces, starts)
            ]
            self.tok = self.tokens[self.i]
            self.op = ""  # a name
            return self.name()
        raise MathSyntaxError(unknown_name_message(name, self.symbols, self.author), tok.pos)

    def call(self, tok: Token, name: str) -> Any:
        """name(args), name^k(args), sin^-1(x) or ln|x|. For log_b, just the argument list."""
        exponent = None
        if name in TRIG_POWERABLE and (self.at("^") or self.tok.kind == "sup"):
            if self.tok.kind == "sup":
                exponent = self.superscript(self.advance())
            else:
                self.advance()
                self.enter()
                exponent = self.unary()
                self.depth -= 1
            if self.b.is_minus_one(exponent) and name in INVERSES:
                name, exponent = INVERSES[name], None
        if self.at("|") and exponent is None:  # ln|x|
            args = [self.absolute()]
        elif self.at("("):
            args = self.arguments()
        elif self.tok.kind in ("num", "name") and self.tok.text not in KEYWORDS:
            args = [self.implicit_argument()]  # sin 5n, arccos 3n, log^2 2n
        else:
            raise MathSyntaxError(f"Put the argument of {name} in brackets: {name}(...).", tok.pos)
        if tok.text.startswith("log_"):
            return args
        low, high = ARITY.get(name, (1, 1))
        if not low <= len(args) <= high:
            count = f"{low}" if low == high else f"{low} to {high}"
            raise MathSyntaxError(f"{name} takes {count} argument(s), not {len(args)}.", tok.pos)
        value = self.b.call(name, args, tok.pos)
        return value if exponent is None else self.b.pow(value, exponent, tok.pos)

    def implicit_argument(self) -> sympy.Basic:
        """The argument of a function written without brackets: the product of numbers and
        names that follows, up to any operator or another function (sin x cos x)."""
        pos = self.tok.pos
        self.enter()
        factors = [self.power()]
        while (
            self.tok.kind in ("num", "name")
            and self.tok.text not in KEYWORDS
            and not (self.tok.kind == "name" and known_function(self.tok.text, self.author))
        ):
            if self.tok.kind == "num" and self.tokens[self.i - 1].kind == "num":
                break
            factors.append(self.power())
        self.depth -= 1
        return factors[0] if len(factors) == 1 else self.b.mul(factors, pos)

    def arguments(self) -> list[sympy.Basic]:
        opened = self.advance()
        self.enter()
        saved, self.abs_depth = self.abs_depth, 0
        args = [self.logical_or()]
        while self.at(","):
            self.advance()
            args.append(self.logical_or())
        self.expect(")", opened)
        self.abs_depth = saved
        self.depth -= 1
        return args
