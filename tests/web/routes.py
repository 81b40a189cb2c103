"""Concrete URLs for the rules of the app's URL map."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Rule


def route_url(rule: Rule, values: dict[str, Any]) -> str:
    """The rule's path with each argument filled from ``values`` (1 for arguments not given)."""
    path = rule.rule
    for name in rule.arguments:
        value = values.get(name, 1)
        for converter in ("", "int:", "path:", "string:"):
            path = path.replace(f"<{converter}{name}>", str(value))
    return path
