"""A builder that drives two builders through one parse: the fast path's tuples and the TeX of
the response come from a single reading of the text instead of two."""

from __future__ import annotations


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
    pairs = [_split(v) for v in values]
    return [p[0] for p in pairs], [p[1] for p in pairs]


class TwinBuilder:
    """The Builder interface (tutor.checking.builder), calling `first` and `second` alike."""

    def __init__(self, first: object, second: object) -> None:
        self.first, self.second = first, second

    def _both(self, name: str, *args: object) -> Both:
        firsts: list[object] = []
        seconds: list[object] = []
        a: object
        b: object
        for arg in args:
            if type(arg) is list:
                a, b = _split_all(arg)
            else:
                a, b = _split(arg)
            firsts.append(a)
            seconds.append(b)
        return Both(getattr(self.first, name)(*firsts), getattr(self.second, name)(*seconds))

    def _agree(self, name: str, value: object) -> bool:
        a, b = _split(value)
        one, other = getattr(self.first, name)(a), getattr(self.second, name)(b)
        if one != other:
            raise Disagree(name)
        return one

    def is_statement(self, value: object) -> bool:
        return self._agree("is_statement", value)

    def is_minus_one(self, value: object) -> bool:
        return self._agree("is_minus_one", value)

    def number(self, text: str, pos: int) -> Both:
        return self._both("number", text, pos)

    def add(self, terms: list[object], pos: int) -> Both:
        return self._both("add", terms, pos)

    def neg(self, value: object, pos: int) -> Both:
        return self._both("neg", value, pos)

    def mul(self, factors: list[object], pos: int) -> Both:
        return self._both("mul", factors, pos)

    def div(self, num: object, den: object, pos: int) -> Both:
        return self._both("div", num, den, pos)

    def pow(self, base: object, exp: object, pos: int) -> Both:
        return self._both("pow", base, exp, pos)

    def call(self, name: str, args: list[object], pos: int) -> Both:
        return self._both("call", name, args, pos)

    def factorial(self, value: object, pos: int) -> Both:
        return self._both("factorial", value, pos)

    def percent(self, value: object, pos: int) -> Both:
        return self._both("percent", value, pos)

    def degrees(self, value: object, pos: int) -> Both:
        return self._both("degrees", value, pos)

    def relation(self, op: str, left: object, right: object, decide: bool) -> Both:
        return self._both("relation", op, left, right, decide)

    def logic(self, op: str, args: list[object], decide: bool) -> Both:
        return self._both("logic", op, args, decide)

    def declared(self, name: str, args: list[object], pos: int) -> Both:
        return self._both("declared", name, args, pos)


def split(value: object) -> tuple[object, object]:
    """What each builder built for the whole text."""
    return _split(value)
