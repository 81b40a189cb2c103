"""What can go wrong in a use case, said in the domain's words; the web maps each kind to HTTP once
(tutor/web/errors.py: NotFound 404, Invalid 400, TooLarge 413, Forbidden 403, Conflict 409,
Unavailable 503). Every layer may raise these: this module imports nothing of ours."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses; ``str(error)`` is a message fit for the person asking."""


class NotFound(DomainError, LookupError):
    """Nothing of that name or id exists (for this learner: others' things are not found either)."""


class Invalid(DomainError, ValueError):
    """The input is malformed or breaks a rule; nothing was changed."""


class TooLarge(Invalid):
    """A value is longer than its limit."""


class Forbidden(DomainError):
    """The request is well formed but the caller may not do this (someone else's question)."""


class Conflict(DomainError):
    """The request contradicts the current state (already answered, edited meanwhile)."""


class Unavailable(DomainError):
    """A resource the request needs is busy or down; trying again later may work."""
