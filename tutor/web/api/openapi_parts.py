"""Pieces both OpenAPI modules build their paths from."""

from __future__ import annotations

from typing import Any


def error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERROR = error("Error")


def json_ok(schema_ref: str, description: str = "OK") -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def topic_id_param() -> dict[str, Any]:
    return {"name": "topic_id", "in": "path", "required": True, "schema": {"type": "string"}}
