"""Reading untrusted input without a 5xx: whole numbers, text the database can store, JSON.

Every parameter of every route goes through one of these, so a bad value is a 400 that says
what is wrong, never an exception further down (int() of 5,000 digits or of '²', a NUL byte or a
lone surrogate that the database driver cannot encode, JSON nested past the recursion limit).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import abort, request

WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")  # ASCII digits only: str.isdigit() also accepts '²'
MAX_INT = 2**31 - 1  # what an INTEGER column holds (PostgreSQL refuses more)
# NUL cannot be stored in PostgreSQL text; a lone surrogate cannot be encoded as UTF-8 at all.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MAX_JSON_DEPTH = 32


def whole_number(
    raw: str | None, name: str, low: int = 0, high: int = MAX_INT, where: str = "Query parameter"
) -> int:
    """``raw`` as an int in [low, high]; otherwise a 400 naming the parameter."""
    if raw is None or not WHOLE_NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        abort(400, f"{where} {name!r} must be a whole number from {low} to {high}.")
    return int(raw)


def optional_whole_number(
    raw: str | None, name: str, low: int = 0, high: int = MAX_INT, where: str = "Query parameter"
) -> int | None:
    return None if raw in (None, "") else whole_number(raw, name, low, high, where)


def _check_text(value: str, what: str) -> None:
    if UNSTORABLE.search(value):
        abort(400, f"{what} contains a character that cannot be stored (NUL or a lone surrogate).")


def refuse_unstorable_text() -> None:
    """Before every request: the path, the query and a form body hold only storable text."""
    _check_text(request.path, "The URL path")
    for name, value in request.args.items(multi=True):
        _check_text(name + value, f"Query parameter {name[:40]!r}")
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in request.form.items(multi=True):
            _check_text(name + value, f"Form field {name[:40]!r}")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(data: bytes) -> Any:
    """The body as JSON, strictly: finite numbers only, nesting and text bounded. 400 otherwise."""
    try:
        value = json.loads(data, parse_float=_finite, parse_constant=_no_constants)
    except RecursionError:
        abort(
            400,
            "The body is not a valid JSON object: "
            f"it is nested more than {MAX_JSON_DEPTH} levels deep.",
        )
    except ValueError as exc:  # UnicodeDecodeError and int()'s digit limit included
        abort(400, f"The body is not a valid JSON object: {exc}.")
    check_json(value, "body", text=False)
    return value


def check_json(value: Any, path: str, text: bool = True) -> None:
    """Walk a parsed value (iteratively) for depth and, with ``text``, unstorable text. The body
    is checked for depth as a whole; each field the API reads is checked for text when read
    (fields it ignores are never stored)."""
    stack: list[tuple[Any, str, int]] = [(value, path, 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            abort(
                400,
                f"The body is not a valid JSON object: it is nested more than {MAX_JSON_DEPTH} "
                "levels deep.",
            )
        if isinstance(item, str):
            if text:
                _check_text(item, f"Field {path[:60]!r}")
        elif isinstance(item, dict):
            for key, inner in item.items():
                stack.append((inner, key if path == "body" else f"{path}.{key}", depth + 1))
        elif isinstance(item, list):
            stack.extend((inner, f"{path}[{i}]", depth + 1) for i, inner in enumerate(item))
