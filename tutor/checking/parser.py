"""Recursive-descent parser over the tokens: the only way text becomes a SymPy object.

Grammar, loosest first:  or > and > not (authors) > relation chain > sum > product (with implicit
multiplication) > unary sign > power (right-assoc, ^ ** and superscripts) > postfix ! and % > atom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sympy

from tutor.checking.atoms import AtomParser
from tutor.checking.builder import Builder
from tutor.checking.errors import MathSyntaxError
from tutor.checking.functions import KEYWORDS
from tutor.checking.lexer import Token, tokenize
from tutor.checking.limits import MAX_ANSWER_CHARS, MAX_AUTHOR_LENGTH, MAX_DEPTH, MAX_TOKENS
from tutor.checking.render import to_tex
from tutor.checking.texbuilder import TexBuilder, as_text

RELATIONS = ("=", "!=", "<", "<=", ">", ">=")
# The parser's hot tests, as sets of operator texts (the current token's text is `self.op` when
# it is an operator, else ""): one set lookup each, for every level of every atom parsed.
_RELATIONS = frozenset(RELATIONS)
_SIGNS = frozenset({"+", "-"})
_TIMES = frozenset({"*", "/"})
_POSTFIX = frozenset({"!", "%", "\u00b0"})
_OPENING = frozenset({"(", "[", "{", "|"})  # operators that starts_implicit_factor looks at
_NO_OPERAND = frozenset({")", "]", "*", "/", "^", ",", "=", "<", ">", "<=", ">=", "!=", "!", "%"})


def parse(
    text: str,
    *,
    symbols: Iterable[str] = (),
    values: Mapping[str, sympy.Basic] | None = None,
    author: bool = False,
    evaluate: bool = True,
    decide: bool = True,
    tex: bool = False,
    exact_decimals: bool = False,
    builder: Any = None,
) -> Any:
    """Read `text`. Authors' relations are decided when they can be (2 > 1 is true) unless
    `decide` is False: an expected answer x + y = i is a statement to compare, not a fact.
    With `tex`, return the TeX of the text as written instead of a SymPy object; a `builder`
    (tutor.checking.quick) builds what it likes instead."""
    if not isinstance(text, str):
        raise MathSyntaxError("An answer must be text.", None)
    limit = MAX_AUTHOR_LENGTH if author else MAX_ANSWER_CHARS
    if len(text) > limit:
        raise MathSyntaxError(f"The answer is too long (more than {limit} characters).", limit)
    values = dict(values or {})
    symbols = frozenset(symbols)
    tokens = tokenize(text, e_is_symbol="e" in symbols or "e" in values)
    if len(tokens) > MAX_TOKENS:
        raise MathSyntaxError("The answer is too long to check.", tokens[MAX_TOKENS].pos)
    build = builder or (TexBuilder(to_tex) if tex else Builder(evaluate, exact_decimals, author))
    parser = _Parser(tokens, build, symbols, values, author)
    parser.decide = author and decide
    try:
        result = parser.parse()
    except MathSyntaxError:
        raise
    except RecursionError:
        raise MathSyntaxError("The answer is nested too deeply.", None) from None
    except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise MathSyntaxError(_sympy_complaint(exc), None) from None
    if tex:
        return as_text(result, to_tex)
    if builder is not None:
        return result
    if evaluate and result.has(sympy.zoo, sympy.nan):
        raise MathSyntaxError("The answer divides by zero or is undefined.", None)
    return result


def _sympy_complaint(exc: Exception) -> str:
    if "Relational" in str(exc) or "BooleanAtom" in str(exc) or "Boolean" in type(exc).__name__:
        return "A relation such as x = 2 cannot be used inside arithmetic."
    return "This cannot be worked out as written."


class _Parser(AtomParser):
    decide: bool  # set by parse(): whether authors' relations are decided

    def __init__(
        self,
        tokens: list[Token],
        build: Any,
        symbols: frozenset[str],
        values: dict[str, sympy.Basic],
        author: bool,
    ) -> None:
        self.tokens, self.i, self.b = tokens, 0, build
        self.tok = tokens[0]
        self.op = self.tok.text if self.tok.kind == "op" else ""
        self.symbols, self.values, self.author = symbols, values, author
        self.depth = 0
        self.abs_depth = 0

    # helpers -------------------------------------------------------------
    def at(self, *texts: str) -> bool:
        return self.op in texts  # "" (not an operator) is never among them

    def at_name(self, name: str) -> bool:
        return self.tok.kind == "name" and self.tok.text == name

    def advance(self) -> Token:
        token = self.tok
        self.i += 1
        if self.i < len(self.tokens):
            tok = self.tok = self.tokens[self.i]
            self.op = tok.text if tok.kind == "op" else ""
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
        if tok.kind == "op" and tok.text in (")", "]", "}"):
            return MathSyntaxError(f"This '{tok.text}' has no matching opening bracket.", tok.pos)
        if tok.kind == "op" and tok.text == ",":
            return MathSyntaxError(
                "Give a single answer; ',' is only for function arguments.", tok.pos
            )
        if tok.kind == "num":
            return MathSyntaxError("Put an operator such as * before this number.", tok.pos)
        if tok.kind == "name" and tok.text in KEYWORDS:
            return MathSyntaxError(f"'{tok.text}' can only join statements such as x = 2.", tok.pos)
        return MathSyntaxError(f"Unexpected '{tok.text}' here.", tok.pos)

    # Each level goes straight to the next when its own operator is not there (most often),
    # without a list or a call of its own: these run for every bracket and every atom.
    def logical_or(self) -> sympy.Basic:
        first = self.logical_and()
        if self.tok.kind != "name" or self.tok.text != "or":
            return first
        return self._logical("or", first, self.logical_and)

    def logical_and(self) -> sympy.Basic:
        first = self.logical_not() if self.author else self.relation()  # "not": authors only
        if self.tok.kind != "name" or self.tok.text != "and":
            return first
        return self._logical("and", first, self.logical_not)

    def _logical(
        self, word: str, first: sympy.Basic, operand: Callable[[], sympy.Basic]
    ) -> sympy.Basic:
        args = [first]
        while self.at_name(word):
            pos = self.advance().pos
            args.append(operand())
            for arg in (args[0], args[-1]):
                if not self.b.is_statement(arg):
                    raise MathSyntaxError(f"'{word}' joins statements such as x = 2.", pos)
        return args[0] if len(args) == 1 else self.b.logic(word, args, self.decide)

    def logical_not(self) -> sympy.Basic:
        if self.author and self.at_name("not"):
            self.advance()
            self.enter()
            arg = self.logical_not()
            self.depth -= 1
            return self.b.logic("not", [arg], self.decide)
        return self.relation()

    def relation(self) -> sympy.Basic:
        left = self.sum()
        if self.op not in _RELATIONS:
            return left
        parts = []
        while self.op in _RELATIONS:
            op = self.advance()
            if self.tok.kind == "end":
                raise MathSyntaxError(f"Something is missing after '{op.text}'.", op.pos)
            right = self.sum()
            parts.append(self.b.relation(op.text, left, right, self.decide))
            left = right
        if not parts:
            return left
        return parts[0] if len(parts) == 1 else self.b.logic("and", parts, self.decide)

    def sum(self) -> sympy.Basic:
        pos = self.tok.pos
        first = self.signed_term() if self.op in _SIGNS else self.product()
        if self.op not in _SIGNS:
            return first
        terms = [first]
        while self.op in _SIGNS:
            op = self.advance()
            self.missing_operand(op)
            term = self.signed_term()
            terms.append(self.b.neg(term, op.pos) if op.text == "-" else term)
        return terms[0] if len(terms) == 1 else self.b.add(terms, pos)

    def signed_term(self) -> sympy.Basic:
        """A leading sign applies to the whole product: -2x is -(2x), as in -1*2 = -(1*2)."""
        if self.op in _SIGNS:
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
        if self.op in _NO_OPERAND:
            raise MathSyntaxError(
                f"Something is missing between '{op.text}' and '{self.tok.text}'.", self.tok.pos
            )

    def product(self) -> sympy.Basic:
        pos = self.tok.pos
        factors = [self.unary() if self.op in _SIGNS else self.power()]
        while True:
            if self.op in _TIMES:
                op = self.advance()
                self.missing_operand(op)
                operand = self.unary() if self.op in _SIGNS else self.power()
                if op.text == "*":
                    factors.append(operand)
                else:
                    numerator = factors[0] if len(factors) == 1 else self.b.mul(factors, pos)
                    factors = [self.b.div(numerator, operand, op.pos)]
            elif (self.op and self.op not in _OPENING) or self.tok.kind == "end":
                break  # no factor starts here (starts_implicit_factor's answer, without a call)
            elif self.starts_implicit_factor():
                factors.append(self.power())
            else:
                break
        return factors[0] if len(factors) == 1 else self.b.mul(factors, pos)

    def starts_implicit_factor(self) -> bool:
        tok = self.tok
        if tok.kind == "num":
            if self.tokens[self.i - 1].kind == "num":  # "2 3" or "1 000": not a product
                raise MathSyntaxError("Put an operator such as * before this number.", tok.pos)
            return True
        if tok.kind == "name":
            return tok.text not in KEYWORDS
        if self.at("[", "{"):
            raise MathSyntaxError(
                "Brackets [ ] or { } right after a value look like a subscript, "
                "which is not supported; write * for a product.",
                tok.pos,
            )
        if tok.kind == "root" or self.at("("):
            return True
        return self.at("|") and self.abs_depth == 0

    def unary(self) -> sympy.Basic:
        if self.op in _SIGNS:
            op = self.advance()
            self.missing_operand(op)
            self.enter()
            value = self.unary()
            self.depth -= 1
            return self.b.neg(value, op.pos) if op.text == "-" else value
        return self.power()

    def power(self) -> sympy.Basic:
        base = self.atom()
        if self.op in _POSTFIX:
            base = self.postfixes(base)
        if self.tok.kind == "sup":
            return self.b.pow(base, self.superscript(self.advance()), self.tok.pos)
        if self.op == "^":
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
        return self.postfixes(value) if self.op in _POSTFIX else value

    def postfixes(self, value: sympy.Basic) -> sympy.Basic:
        while self.op in _POSTFIX:
            op = self.advance()
            if op.text == "!":
                value = self.b.factorial(value, op.pos)
            elif op.text == "%":
                value = self.b.percent(value, op.pos)
            else:
                value = self.b.degrees(value, op.pos)
        return value
