"""Tokenizer for the math a learner types: ASCII plus the unicode people paste from elsewhere.

Positions are 0-based indexes into the original text so that errors can point at the character.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tutor.checking.errors import MathSyntaxError
from tutor.checking.limits import MAX_LITERAL_DIGITS, MAX_SCI_EXPONENT

DIGITS = frozenset("0123456789")
# Unicode that means an ASCII operator. Dashes and minus signs all mean minus.
CHAR_OPERATORS = {
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    "\u00d7": "*",
    "\u00b7": "*",
    "\u22c5": "*",
    "\u2219": "*",
    "\u2217": "*",
    "\u2715": "*",
    "\u00f7": "/",
    "\u2215": "/",
    "\u2044": "/",
    "\u2264": "<=",
    "\u2a7d": "<=",
    "\u2265": ">=",
    "\u2a7e": ">=",
    "\u2260": "!=",
    "\uff08": "(",
    "\uff09": ")",
    "\uff0b": "+",
}
CHAR_NAMES = {"\u03c0": "pi", "\u221e": "oo"}
# Vulgar fractions read as a bracketed quotient: 2½ is not 2 + 1/2 in algebra, so it stays 2*(1/2).
VULGAR = {
    "\u00bd": "12",
    "\u2153": "13",
    "\u2154": "23",
    "\u00bc": "14",
    "\u00be": "34",
    "\u2155": "15",
    "\u2156": "25",
    "\u2157": "35",
    "\u2158": "45",
    "\u2159": "16",
    "\u215a": "56",
    "\u215b": "18",
    "\u215c": "38",
    "\u215d": "58",
    "\u215e": "78",
}
# Full-width forms (U+FF01-FF5E) are ASCII in another width; the ideographic space is a space.
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
GREEK = {
    "\u00b5": "mu",  # the micro sign, which keyboards type for the letter
    "\u03b1": "alpha",
    "\u03b2": "beta",
    "\u03b3": "gamma",
    "\u03b4": "delta",
    "\u03b5": "epsilon",
    "\u03b6": "zeta",
    "\u03b7": "eta",
    "\u03b8": "theta",
    "\u03ba": "kappa",
    "\u03bb": "lambda",
    "\u03bc": "mu",
    "\u03bd": "nu",
    "\u03be": "xi",
    "\u03c1": "rho",
    "\u03c3": "sigma",
    "\u03c4": "tau",
    "\u03c6": "phi",
    "\u03c7": "chi",
    "\u03c8": "psi",
    "\u03c9": "omega",
}
SUPERSCRIPTS = {
    "\u2070": "0",
    "\u00b9": "1",
    "\u00b2": "2",
    "\u00b3": "3",
    "\u2074": "4",
    "\u2075": "5",
    "\u2076": "6",
    "\u2077": "7",
    "\u2078": "8",
    "\u2079": "9",
    "\u207b": "-",
    "\u207a": "+",
}
# Longest first, so that "<=" wins over "<".
ASCII_OPERATORS = (
    "**",
    "<=",
    ">=",
    "!=",
    "==",
    "=<",
    "<>",
    "+",
    "-",
    "*",
    "/",
    "^",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "|",
    "!",
    "%",
    "=",
    "<",
    ">",
    "\u00b0",
)
OPERATOR_SPELLING = {"**": "^", "==": "=", "=<": "<=", "<>": "!="}


class Token(NamedTuple):  # a tuple: made by the thousand, cheaply
    kind: str  # "num", "name", "op", "sup" (a superscript exponent), "root" (√ or ∛), "end"
    text: str
    pos: int


# One-character operators that never begin a two-character one: appended as they are found.
_SIMPLE_OPERATORS = frozenset("+-/^()[]{},|%\u00b0")
# ASCII text, most of what anyone types, in one match per token: spaces, a whole number that
# nothing (a point, a comma, an exponent, more digits) continues, a name, an operator (two
# characters first; => is refused below). Each gives exactly the token the general loop below
# would give; anything else goes to that loop.
_ASCII_TOKEN = re.compile(
    rf"( +)|([0-9]{{1,{MAX_LITERAL_DIGITS}}})(?![0-9.,eE])|([A-Za-z_][A-Za-z0-9_]*)"
    r"|(\*\*|<=|>=|!=|==|=<|<>|[-+*/^()\[\]{},|!%<>]|=(?!>))"
).match
_new = tuple.__new__  # Token(...) without NamedTuple's Python-level __new__
# The rest of a name: ASCII letters, digits and underscores, and Greek letters (spelled out).
_NAME_REST = re.compile("[A-Za-z0-9_" + "".join(GREEK) + "]*")


def tokenize(text: str, *, e_is_symbol: bool = False) -> list[Token]:
    """Split `text` into tokens; raise MathSyntaxError naming the first character we cannot read."""
    tokens: list[Token] = []
    ascii_text = text.isascii()
    if not ascii_text:
        text = text.translate(FULL_WIDTH)  # one character for one: positions stay the same
    i, n = 0, len(text)
    while i < n:
        if ascii_text:
            match = _ASCII_TOKEN(text, i)
            if match is not None:
                group = match.lastindex
                if group == 2:
                    tokens.append(_new(Token, ("num", match.group(), i)))
                elif group == 3:
                    tokens.append(_new(Token, ("name", match.group(), i)))
                elif group == 4:
                    op = match.group()
                    tokens.append(_new(Token, ("op", OPERATOR_SPELLING.get(op, op), i)))
                i = match.end()
                continue
        ch = text[i]
        if ch in _SIMPLE_OPERATORS:
            tokens.append(Token("op", ch, i))
            i += 1
        elif ch.isspace():
            i += 1
        elif ch in DIGITS or (ch == "." and i + 1 < n and text[i + 1] in DIGITS):
            i = _number(text, i, tokens, e_is_symbol)
        elif (ch.isascii() and (ch.isalpha() or ch == "_")) or ch in GREEK:
            i = _name(text, i, tokens)
        elif ch in SUPERSCRIPTS:
            j = i
            while j < n and text[j] in SUPERSCRIPTS:
                j += 1
            tokens.append(Token("sup", "".join(SUPERSCRIPTS[c] for c in text[i:j]), i))
            i = j
        elif ch in CHAR_OPERATORS:
            tokens.append(Token("op", CHAR_OPERATORS[ch], i))
            i += 1
        elif ch in CHAR_NAMES:
            tokens.append(Token("name", CHAR_NAMES[ch], i))
            i += 1
        elif ch in VULGAR:
            top, bottom = VULGAR[ch][0], VULGAR[ch][1]
            whole = (
                tokens.pop()
                if tokens
                and tokens[-1].kind == "num"
                and tokens[-1].pos + len(tokens[-1].text) == i
                else None
            )  # 2½ is two and a half
            tokens.append(Token("op", "(", i))
            if whole:
                tokens.extend([whole, Token("op", "+", i)])
            tokens.extend(
                [
                    Token("num", top, i),
                    Token("op", "/", i),
                    Token("num", bottom, i),
                    Token("op", ")", i),
                ]
            )
            i += 1
        elif ch in "\u221a\u221b":
            tokens.append(Token("root", "sqrt" if ch == "\u221a" else "cbrt", i))
            i += 1
        else:
            i = _operator(text, i, tokens)
    tokens.append(Token("end", "", n))
    return tokens


def _name(text: str, i: int, tokens: list[Token]) -> int:
    """A name: ASCII letters, digits and underscores, with Greek letters spelled out, so that
    μ0 is the name mu0 and φ is phi."""
    word = _NAME_REST.match(text, i).group()  # type: ignore[union-attr]  # matches "" at least
    spelled = word if word.isascii() else "".join(GREEK.get(c, c) for c in word)
    tokens.append(Token("name", spelled, i))
    return i + len(word)


_TWO_CHAR = frozenset(op for op in ASCII_OPERATORS if len(op) == 2)
_ONE_CHAR = frozenset(op for op in ASCII_OPERATORS if len(op) == 1)


def _operator(text: str, i: int, tokens: list[Token]) -> int:
    pair = text[i : i + 2]
    if pair == "=>":
        raise MathSyntaxError("Write 'greater than or equal' as >=.", i)
    if pair in _TWO_CHAR:
        tokens.append(Token("op", OPERATOR_SPELLING.get(pair, pair), i))
        return i + 2
    ch = text[i]
    if ch in _ONE_CHAR:
        tokens.append(Token("op", ch, i))
        return i + 1
    if ch == ";":
        raise MathSyntaxError("Give one answer only; ';' is not allowed here.", i)
    shown = ch if ch.isprintable() else repr(ch)
    raise MathSyntaxError(f"The character '{shown}' is not allowed in an answer.", i)


def _number(text: str, i: int, tokens: list[Token], e_is_symbol: bool) -> int:
    n = len(text)
    j = i
    while j < n and text[j] in DIGITS:
        j += 1
    if j < n and text[j] == "." and not text.startswith("..", j):
        j += 1
        while j < n and text[j] in DIGITS:
            j += 1
    digits = j - i - text.count(".", i, j)  # digits and at most one point
    if digits > MAX_LITERAL_DIGITS:
        raise MathSyntaxError(f"Numbers may have at most {MAX_LITERAL_DIGITS} digits.", i)
    comma = j < n and text[j] == "," and j + 1 < n and text[j + 1] in DIGITS
    if comma and _comma_is_decimal(text, j):
        raise MathSyntaxError("Use a point for decimals (3.5), and no thousands separators.", j)
    j = _exponent(text, i, j, e_is_symbol)
    tokens.append(Token("num", text[i:j], i))
    return j


def _comma_is_decimal(text: str, comma: int) -> bool:
    """A comma between digits outside any brackets is a decimal comma or a thousands separator."""
    depth = 0
    for ch in text[:comma]:
        depth += ch in "(["
        depth -= ch in ")]"
    return depth <= 0


def _exponent(text: str, start: int, j: int, e_is_symbol: bool) -> int:
    """Extend a number over a scientific exponent such as e-7 (unless `e` is a variable)."""
    n = len(text)
    if e_is_symbol or j >= n or text[j] not in "eE":
        return j
    k = j + 1
    if k < n and text[k] in "+-\u2212":
        k += 1
    if k >= n or text[k] not in DIGITS:
        return j
    m = k
    while m < n and text[m] in DIGITS:
        m += 1
    if m < n and (text[m].isalpha() or text[m] in "._"):
        return j  # "2e2x" and friends: not a clean exponent; leave it to implicit products
    if int(text[k:m]) > MAX_SCI_EXPONENT:
        raise MathSyntaxError(f"Powers of ten are limited to {MAX_SCI_EXPONENT}.", j)
    return m
