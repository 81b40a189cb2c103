"""Recursive-descent parser over the tokens: the only way text becomes a SymPy object.

Grammar, loosest first:  or > and > not (authors) > relation chain > sum > product (with implicit
multiplication) > unary sign > power (right-assoc, ^ ** and superscripts) > postfix ! and % > atom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy

from tutor.checking.builder import Builder
from tutor.checking.errors import MathSyntaxError
from tutor.checking.functions import (ARITY, CONSTANTS, INVERSES, KEYWORDS, TRIG_POWERABLE,
                                      known_function)
from tutor.checking.lexer import Token, tokenize
from tutor.checking.limits import MAX_AUTHOR_LENGTH, MAX_DEPTH, MAX_LENGTH, MAX_TOKENS
from tutor.checking.suggest import unknown_name_message

RELATIONS = ("=", "!=", "<", "<=", ">", ">=")
OPENERS = {"(": ")", "[": "]"}


def parse(text: str, *, symbols: Iterable[str] = (), values: Mapping[str, sympy.Basic] | None = None,
          author: bool = False, evaluate: bool = True) -> sympy.Basic:
    if not isinstance(text, str):
        raise MathSyntaxError("An answer must be text.", None)
    limit = MAX_AUTHOR_LENGTH if author else MAX_LENGTH
    if len(text) > limit:
        raise MathSyntaxError(f"The answer is too long (more than {limit} characters).", limit)
    values = dict(values or {})
    symbols = frozenset(symbols)
    tokens = tokenize(text, e_is_symbol="e" in symbols or "e" in values)
    if len(tokens) > MAX_TOKENS:
        raise MathSyntaxError("The answer is too long to check.", tokens[MAX_TOKENS].pos)
    parser = _Parser(tokens, Builder(evaluate), symbols, values, author)
    try:
        result = parser.parse()
    except MathSyntaxError:
        raise
    except RecursionError:
        raise MathSyntaxError("The answer is nested too deeply.", None) from None
    except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise MathSyntaxError(_sympy_complaint(exc), None) from None
    if evaluate and result.has(sympy.zoo, sympy.nan):
        raise MathSyntaxError("The answer divides by zero or is undefined.", None)
    return result


def _sympy_complaint(exc: Exception) -> str:
    if "Relational" in str(exc) or "BooleanAtom" in str(exc) or "Boolean" in type(exc).__name__:
        return "A relation such as x = 2 cannot be used inside arithmetic."
    return "This cannot be worked out as written."


class _Parser:
    def __init__(self, tokens: list[Token], build: Builder, symbols: frozenset[str],
                 values: dict[str, sympy.Basic], author: bool) -> None:
        self.tokens, self.i, self.b = tokens, 0, build
        self.symbols, self.values, self.author = symbols, values, author
        self.depth = 0
        self.abs_depth = 0

    # helpers -------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def at(self, *texts: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in texts

    def at_name(self, name: str) -> bool:
        return self.tok.kind == "name" and self.tok.text == name

    def advance(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MathSyntaxError("The answer is nested too deeply.", self.tok.pos)

    def expect(self, text: str, opened: Token) -> None:
        if not self.at(text):
            if self.tok.kind == "end":
                raise MathSyntaxError(f"The '{opened.text}' here is never closed.", opened.pos)
            raise MathSyntaxError(f"Expected '{text}' here.", self.tok.pos)
        self.advance()

    # grammar -------------------------------------------------------------
    def parse(self) -> sympy.Basic:
        if self.tok.kind == "end":
            raise MathSyntaxError("The answer is empty.", 0)
        result = self.logical_or()
        if self.tok.kind != "end":
            raise self.unexpected()
        return result

    def unexpected(self) -> MathSyntaxError:
        tok = self.tok
        if tok.kind == "op" and tok.text in (")", "]"):
            return MathSyntaxError(f"This '{tok.text}' has no matching opening bracket.", tok.pos)
        if tok.kind == "op" and tok.text == ",":
            return MathSyntaxError("Give a single answer; ',' is only for function arguments.", tok.pos)
        if tok.kind == "num":
            return MathSyntaxError("Put an operator such as * before this number.", tok.pos)
        if tok.kind == "name" and tok.text in KEYWORDS:
            return MathSyntaxError(f"'{tok.text}' can only join statements such as x = 2.", tok.pos)
        return MathSyntaxError(f"Unexpected '{tok.text}' here.", tok.pos)

    def logical_or(self) -> sympy.Basic:
        return self._logical("or", self.logical_and)

    def logical_and(self) -> sympy.Basic:
        return self._logical("and", self.logical_not)

    def _logical(self, word: str, operand) -> sympy.Basic:
        args = [operand()]
        while self.at_name(word):
            pos = self.advance().pos
            args.append(operand())
            for arg in (args[0], args[-1]):
                if not isinstance(arg, sympy.logic.boolalg.Boolean):
                    raise MathSyntaxError(f"'{word}' joins statements such as x = 2.", pos)
        return args[0] if len(args) == 1 else self.b.logic(word, args, self.author)

    def logical_not(self) -> sympy.Basic:
        if self.at_name("not") and self.author:
            self.advance()
            self.enter()
            arg = self.logical_not()
            self.depth -= 1
            return self.b.logic("not", [arg], self.author)
        return self.relation()

    def relation(self) -> sympy.Basic:
        left = self.sum()
        parts = []
        while self.at(*RELATIONS):
            op = self.advance()
            if self.tok.kind == "end":
                raise MathSyntaxError(f"Something is missing after '{op.text}'.", op.pos)
            right = self.sum()
            parts.append(self.b.relation(op.text, left, right, self.author))
            left = right
        if not parts:
            return left
        return parts[0] if len(parts) == 1 else self.b.logic("and", parts, self.author)

    def sum(self) -> sympy.Basic:
        pos = self.tok.pos
        terms = [self.signed_term()]
        while self.at("+", "-"):
            op = self.advance()
            self.missing_operand(op)
            term = self.signed_term()
            terms.append(self.b.neg(term, op.pos) if op.text == "-" else term)
        return terms[0] if len(terms) == 1 else self.b.add(terms, pos)

    def signed_term(self) -> sympy.Basic:
        """A leading sign applies to the whole product: -2x is -(2x), as in -1*2 = -(1*2)."""
        if self.at("-", "+"):
            op = self.advance()
            self.missing_operand(op)
            self.enter()
            value = self.signed_term()
            self.depth -= 1
            return self.b.neg(value, op.pos) if op.text == "-" else value
        return self.product()

    def missing_operand(self, op: Token) -> None:
        if self.tok.kind == "end":
            raise MathSyntaxError(f"Something is missing after '{op.text}'.", op.pos)
        if self.at(")", "]", "*", "/", "^", ",", "=", "<", ">", "<=", ">=", "!=", "!", "%"):
            raise MathSyntaxError(f"Something is missing between '{op.text}' and "
                                  f"'{self.tok.text}'.", self.tok.pos)

    def product(self) -> sympy.Basic:
        pos = self.tok.pos
        factors = [self.unary()]
        while True:
            if self.at("*", "/"):
                op = self.advance()
                self.missing_operand(op)
                operand = self.unary()
                if op.text == "*":
                    factors.append(operand)
                else:
                    numerator = factors[0] if len(factors) == 1 else self.b.mul(factors, pos)
                    factors = [self.b.div(numerator, operand, op.pos)]
            elif self.starts_implicit_factor():
                factors.append(self.power())
            else:
                break
        return factors[0] if len(factors) == 1 else self.b.mul(factors, pos)

    def starts_implicit_factor(self) -> bool:
        tok = self.tok
        if tok.kind == "num":
            raise MathSyntaxError("Put an operator such as * before this number.", tok.pos)
        if tok.kind == "name":
            return tok.text not in KEYWORDS
        if self.at("["):
            raise MathSyntaxError("Square brackets right after a value look like a subscript, "
                                  "which is not supported; write * for a product.", tok.pos)
        if tok.kind == "root" or self.at("("):
            return True
        return self.at("|") and self.abs_depth == 0

    def unary(self) -> sympy.Basic:
        if self.at("-", "+"):
            op = self.advance()
            self.missing_operand(op)
            self.enter()
            value = self.unary()
            self.depth -= 1
            return self.b.neg(value, op.pos) if op.text == "-" else value
        return self.power()

    def power(self) -> sympy.Basic:
        base = self.postfix()
        if self.tok.kind == "sup":
            return self.b.pow(base, self.superscript(self.advance()), self.tok.pos)
        if self.at("^"):
            op = self.advance()
            self.missing_operand(op)
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return self.b.pow(base, exponent, op.pos)
        return base

    def superscript(self, tok: Token) -> sympy.Basic:
        text = tok.text
        sign = -1 if text.count("-") % 2 else 1
        digits = text.lstrip("+-")
        if not digits.isdigit() or len(digits) > 4:
            raise MathSyntaxError("This superscript is not a number I can read.", tok.pos)
        return sympy.Integer(sign * int(digits))

    def postfix(self) -> sympy.Basic:
        value = self.atom()
        while self.at("!", "%"):
            op = self.advance()
            value = self.b.factorial(value, op.pos) if op.text == "!" else self.b.percent(value, op.pos)
        return value

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
        if self.at("(", "["):
            return self.bracket()
        if self.at("|"):
            return self.absolute()
        if tok.kind == "end":
            raise MathSyntaxError("The answer ends too early.", tok.pos)
        if self.at(")", "]"):
            raise MathSyntaxError("Something is missing before this bracket.", tok.pos)
        if tok.kind == "sup":
            raise MathSyntaxError("A power needs something before it.", tok.pos)
        raise MathSyntaxError(f"'{tok.text}' needs something before it.", tok.pos)

    def bracket(self) -> sympy.Basic:
        opened = self.advance()
        self.enter()
        saved, self.abs_depth = self.abs_depth, 0
        if self.at(")", "]"):
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
            return sympy.Symbol(name, real=True)
        if name in KEYWORDS:
            raise MathSyntaxError(f"'{name}' can only join statements such as x = 2.", tok.pos)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if known_function(name, self.author) or name == "log10":
            return self.call(tok)
        if len(name) == 1 and name.isalpha():
            return sympy.Symbol(name, real=True)
        raise MathSyntaxError(unknown_name_message(name, self.symbols, self.author), tok.pos)

    def call(self, tok: Token) -> sympy.Basic:
        name, exponent = tok.text, None
        if name in TRIG_POWERABLE and (self.at("^") or self.tok.kind == "sup"):
            if self.tok.kind == "sup":
                exponent = self.superscript(self.advance())
            else:
                self.advance()
                self.enter()
                exponent = self.unary()
                self.depth -= 1
            if exponent == -1 and name in INVERSES:
                name, exponent = INVERSES[name], None
        if not self.at("("):
            raise MathSyntaxError(f"Put the argument of {name} in brackets: {name}(...).", tok.pos)
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
        low, high = ARITY.get(name, (1, 1))
        if not low <= len(args) <= high:
            count = f"{low}" if low == high else f"{low} to {high}"
            raise MathSyntaxError(f"{name} takes {count} argument(s), not {len(args)}.", tok.pos)
        value = self.b.call(name, args, tok.pos)
        return value if exponent is None else self.b.pow(value, exponent, tok.pos)
