"""Typed access to an API request's JSON body (already parsed and checked by the /api guard)."""

from __future__ import annotations

from typing import Any

from flask import abort, g, request

from tutor.web.inputs import MAX_INT, check_json


def json_body() -> dict[str, Any]:
    """The request's JSON object; anything else is a 400/415 that says what is wrong."""
    if not request.is_json:
        abort(415, "Send a JSON body with Content-Type: application/json.")
    body = g.get("api_json")
    if not isinstance(body, dict):
        abort(400, "The body must be a JSON object.")
    return body


def field(body: dict[str, Any], name: str, kind: type, required: bool = True) -> Any:
    """A field of the body of the given type; integers must fit a database INTEGER."""
    value = body.get(name)
    if value is None:
        if required:
            abort(400, f"Field {name!r} is required.")
        return None
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one number type: 7.0 is the integer 7
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        abort(400, f"Field {name!r} must be of type {kind.__name__}.")
    if kind is int and isinstance(value, int) and not -MAX_INT - 1 <= value <= MAX_INT:
        abort(400, f"Field {name!r} must be an integer from {-MAX_INT - 1} to {MAX_INT}.")
    check_json(value, name)  # NUL or a lone surrogate: text no database can store
    return value


def responses(body: dict[str, Any], parts: int) -> list[str]:
    """``response`` (one part) or ``responses`` (a list, one per part); the use case checks
    their length."""
    if "responses" in body:
        responses = field(body, "responses", list)
        if len(responses) != parts or not all(isinstance(r, str) for r in responses):
            abort(400, f"Field 'responses' must be a list of {parts} strings, one per part.")
        return responses
    if parts != 1:
        abort(400, f"This question has {parts} parts: send 'responses', a list of {parts} strings.")
    return [field(body, "response", str)]
