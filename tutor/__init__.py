"""tutor: an adaptive tutoring system built on a knowledge graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from flask import Flask


def create_app(*args: Any, **kwargs: Any) -> Flask:
    """Build the Flask application (imported lazily so pure layers load without Flask)."""
    from tutor.web import create_app as _create_app

    return _create_app(*args, **kwargs)
