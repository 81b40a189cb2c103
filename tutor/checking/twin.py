"""A builder that drives two builders through one parse: the fast path's tuples and the TeX of
the response come from a single reading of the text instead of two."""

from __future__ import annotations

from typing import Any


class Disagree(Exception):
    """The two builders read a step differently (never expected): parse with each alone."""


class Both:
    """One step as each builder built it (a plain slotted class: made for every node parsed)."""

    __slots__ = ("first", "second")

    def __init__(self, first: object, second: object) -> None:
        self.first = first
        self.second = second


def _split(value: object) -> tuple[object, object]:
    if type(value) is Both:
        return value.first, value.second
    return value, value


def _split_all(values: list[object]) -> tuple[list[object], list[object]]:
    firsts: list[object] = []
    seconds: list[object] = []
    for value in values:
        if type(value) is Both:
            firsts.append(value.first)
            seconds.append(value.second)
        else:
            firsts.append(value)
            seconds.append(value)
    return firsts, seconds


class TwinBuilder:
    """The Builder interface (tutor.checking.builder), calling `first` and `second` alike.

    Each step is written out rather than dispatched by name: it runs for every node parsed."""

    def __init__(self, first: Any, second: Any) -> None:
        self.first, self.second = first, second

    def _agree(self, one: object, other: object, name: str) -> Any:
        if one != other:
            raise Disagree(name)
        return one

    def is_statement(self, value: object) -> bool:
        a, b = _split(value)
        return self._agree(self.first.is_statement(a), self.second.is_statement(b), "statement")

    def is_minus_one(self, value: object) -> bool:
        a, b = _split(value)
        return self._agree(self.first.is_minus_one(a), self.second.is_minus_one(b), "minus one")

    def number(self, text: str, pos: int) -> Both:
        return Both(self.first.number(text, pos), self.second.number(text, pos))

    def add(self, terms: list[object], pos: int) -> Both:
        a, b = _split_all(terms)
        return Both(self.first.add(a, pos), self.second.add(b, pos))

    def neg(self, value: object, pos: int) -> Both:
        a, b = _split(value)
        return Both(self.first.neg(a, pos), self.second.neg(b, pos))

    def mul(self, factors: list[object], pos: int) -> Both:
        a, b = _split_all(factors)
        return Both(self.first.mul(a, pos), self.second.mul(b, pos))

    def div(self, num: object, den: object, pos: int) -> Both:
        (a, b), (c, d) = _split(num), _split(den)
        return Both(self.first.div(a, c, pos), self.second.div(b, d, pos))

    def pow(self, base: object, exp: object, pos: int) -> Both:
        (a, b), (c, d) = _split(base), _split(exp)
        return Both(self.first.pow(a, c, pos), self.second.pow(b, d, pos))

    def call(self, name: str, args: list[object], pos: int) -> Both:
        a, b = _split_all(args)
        return Both(self.first.call(name, a, pos), self.second.call(name, b, pos))

    def factorial(self, value: object, pos: int) -> Both:
        a, b = _split(value)
        return Both(self.first.factorial(a, pos), self.second.factorial(b, pos))

    def percent(self, value: object, pos: int) -> Both:
        a, b = _split(value)
        return Both(self.first.percent(a, pos), self.second.percent(b, pos))

    def degrees(self, value: object, pos: int) -> Both:
        a, b = _split(value)
        return Both(self.first.degrees(a, pos), self.second.degrees(b, pos))

    def relation(self, op: str, left: object, right: object, decide: bool) -> Both:
        (a, b), (c, d) = _split(left), _split(right)
        return Both(self.first.relation(op, a, c, decide), self.second.relation(op, b, d, decide))

    def logic(self, op: str, args: list[object], decide: bool) -> Both:
        a, b = _split_all(args)
        return Both(self.first.logic(op, a, decide), self.second.logic(op, b, decide))

    def declared(self, name: str, args: list[object], pos: int) -> Both:
        a, b = _split_all(args)
        return Both(self.first.declared(name, a, pos), self.second.declared(name, b, pos))


def split(value: object) -> tuple[object, object]:
    """What each builder built for the whole text."""
    return _split(value)
