"""Helpful messages for names we do not know: guess what the learner meant."""

from __future__ import annotations

from collections.abc import Iterable

from tutor.checking.functions import CONSTANTS, LEARNER_FUNCTIONS


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
            rest = name[len(func):]
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
            piece = name[i:i + size]
            if piece in symbols or piece in CONSTANTS or (size == 1 and piece.isalpha()):
                pieces.append(piece)
                i += size
                break
        else:
            return []
    return pieces


def _is_product(name: str, symbols: frozenset[str]) -> bool:
    return name.isalpha() and bool(_pieces(name, symbols))
