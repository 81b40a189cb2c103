"""Errors of the domain: what went wrong in terms a caller can act on, not in HTTP.

Use cases raise these; the web layer maps each class to one HTTP status, once, in
``tutor.web.errors`` (NotFound 404, Invalid 400, TooLarge 413, Forbidden 403, Conflict 409).
The message is written for the person or program that sent the request.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses; ``str(error)`` says why and what to do instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError, LookupError):
    """What the request names does not exist (or is not the caller's to see)."""


class Invalid(DomainError, ValueError):
    """The request itself is malformed: a missing or ill-typed field, a value out of range."""


class TooLarge(Invalid):
    """A value is longer than its limit."""


class Forbidden(DomainError):
    """The request is well formed but the caller may not do this (someone else's question)."""


class Conflict(DomainError):
    """The request clashes with the current state: answered already, changed meanwhile."""
