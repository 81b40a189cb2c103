"""Helpful messages for names we do not know: guess what the learner meant."""

from __future__ import annotations

from collections.abc import Iterable

from tutor.checking.functions import CONSTANTS, LEARNER_FUNCTIONS


def split_declared(name: str, declared: frozenset[str]) -> list[str] | None:
    """The fewest pieces, each a declared name (or pi), that spell `name`; None if there are none.

    A declared name is never split itself: callers only ask about names not declared whole.
    """
    if len(name) > 40:
        return None
    known = declared | {"pi"}
    best: list[list[str] | None] = [[]] + [None] * len(name)
    for end in range(1, len(name) + 1):
        for start in range(end):
            piece = name[start:end]
            if best[start] is not None and piece in known:
                candidate = best[start] + [piece]  # type: ignore[operator]
                if best[end] is None or len(candidate) < len(best[end]):  # type: ignore[arg-type]
                    best[end] = candidate
    pieces = best[len(name)]
    return pieces if pieces and len(pieces) > 1 else None


def unknown_name_message(name: str, symbols: Iterable[str], author: bool) -> str:
    message = f"Unknown name '{name}'."
    guess = _split(name, frozenset(symbols))
    if guess:
        message += f" Did you mean {guess}?"
    elif author:
        message += " Declare it as a variable or parameter."
    return message


def _split(name: str, symbols: frozenset[str]) -> str | None:
    """'sinx' -> 'sin(x)', 'xy' -> 'x*y', '2pi' style pieces; None when no clean split exists."""
    for func in sorted(LEARNER_FUNCTIONS, key=len, reverse=True):
        if name.startswith(func) and len(name) > len(func):
            rest = name[len(func) :]
            inner = rest if _is_product(rest, symbols) else None
            if inner:
                return f"{func}({'*'.join(_pieces(inner, symbols))})"
    if _is_product(name, symbols):
        return "*".join(_pieces(name, symbols))
    return None


def _pieces(name: str, symbols: frozenset[str]) -> list[str]:
    pieces: list[str] = []
    i = 0
    while i < len(name):
        for size in range(len(name) - i, 0, -1):
            piece = name[i : i + size]
            if piece in symbols or piece in CONSTANTS or (size == 1 and piece.isalpha()):
                pieces.append(piece)
                i += size
                break
        else:
            return []
    return pieces


def _is_product(name: str, symbols: frozenset[str]) -> bool:
    return name.isalpha() and bool(_pieces(name, symbols))
